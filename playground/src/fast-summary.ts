/**
 * The results preview on the fast engine. The preview shows more than the policy's output
 * columns (total, grades before and after the distribution, reward, each indicator's score and
 * what each top-level indicator adds to the total), so those are added to a copy of the plan as
 * hidden output columns, written as plan expressions that mean exactly what the interpreter-based
 * summary computes, and the fast engine evaluates them with everything else. When the fast engine
 * cannot run the plan, the caller uses the interpreter instead.
 */
import { diag, evaluateFast, fastSupport, type Cell, type Diagnostic, type FastEvaluation, type LoadedData, type Plan, type PlanExpr, type PlanIndicator } from '../../src/index.ts';

type OutputColumn = Plan['outputs'][number];

/** What the preview reads for each person, by position of its hidden column. */
export interface FastPreview {
  /** The policy's own output columns come first in each person's cells, then the hidden ones. */
  readonly result: FastEvaluation;
  readonly at: { readonly total?: number; readonly grade?: number; readonly gradeBefore?: number; readonly reward?: number; readonly scores?: number; readonly points?: number };
}

const num = (v: string): PlanExpr => ({ k: 'num', v });
const ref = (r: Extract<PlanExpr, { k: 'ref' }>['ref'], name: string): PlanExpr => ({ k: 'ref', ref: r, name });
const round = (e: PlanExpr, places: number): PlanExpr => ({ k: 'call', fn: 'round', args: [e, num(String(places))] });
const bin = (op: Extract<PlanExpr, { k: 'bin' }>['op'], l: PlanExpr, r: PlanExpr): PlanExpr => ({ k: 'bin', op, l, r });

/** An indicator's weight for a person, as the evaluator's `weightOf` reads it (0 for an unlisted variant). */
function weightExpr(n: PlanIndicator): PlanExpr {
  const w = n.weight;
  if (w.k === 'fixed') return num(w.value);
  return { k: 'call', fn: 'default', args: [{ k: 'map', key: { k: 'col', col: w.col }, entries: w.values.map((x) => ({ key: x.key, value: num(x.value) })), otherwise: num('0') }, num('0')] };
}

/**
 * Score × effective weight of each top-level indicator, to 4 places: weights re-normalised over
 * the indicators that apply, unless they sum to 0 or 1 (the evaluator's `weightedOf`).
 */
function pointsExprs(top: readonly PlanIndicator[]): PlanExpr[] {
  const applicable = top.map((n): PlanExpr => ({ k: 'if', c: { k: 'call', fn: 'present', args: [ref('indicator', n.id)] }, t: weightExpr(n), e: num('0') }));
  const sum = applicable.reduce((a, b) => bin('+', a, b));
  const plain = bin('or', bin('=', sum, num('0')), bin('=', sum, num('1')));
  return top.map((n) => {
    const w = weightExpr(n);
    return round(bin('*', ref('indicator', n.id), { k: 'if', c: plain, t: w, e: bin('/', w, sum) }), 4);
  });
}

function allIndicators(nodes: readonly PlanIndicator[], out: PlanIndicator[] = []): PlanIndicator[] {
  for (const n of nodes) {
    out.push(n);
    allIndicators(n.children, out);
  }
  return out;
}

/** The preview on the fast engine, or undefined when the interpreter must make it. */
export function fastPreview(plan: Plan, data: LoadedData, withIndicators: boolean): FastPreview | undefined {
  const hidden: OutputColumn[] = [];
  const at: Record<string, number> = {};
  const columns = plan.outputs.length;
  const add = (key: string, ...exprs: PlanExpr[]): void => {
    at[key] = columns + hidden.length;
    for (const expr of exprs) hidden.push({ name: `\u0000${key}${hidden.length}`, expr });
  };
  // Numbers as the interpreter summary shows them: to 10 places (scores and points to 4).
  if (plan.total) add('total', round(ref('total', 'total'), 10));
  if (plan.grades.length) {
    add('grade', ref('grade', 'grade'));
    add('gradeBefore', ref('grade_before', 'grade_before'));
  }
  if (plan.reward) add('reward', round(ref('reward', 'reward'), 10));
  if (withIndicators) add('scores', ...allIndicators(plan.indicators).map((n) => round(ref('indicator', n.id), 4)));
  if (plan.indicators.length) add('points', ...pointsExprs(plan.indicators));
  const augmented: Plan = { ...plan, outputs: [...plan.outputs, ...hidden] };
  // Checked first so an unsupported plan does not run the interpreter here and again in the caller.
  if (fastSupport(augmented) !== undefined) return undefined;
  const result = evaluateFast(augmented, data);
  if (result.engine !== 'fast') return undefined;
  return { result, at };
}

/**
 * Why a person the fast engine could not evaluate failed, as the interpreter-based preview says
 * it: the row's first data error, else the evaluation error reported at the row's line.
 */
export function failureOf(result: FastEvaluation, row: { readonly line: number; readonly errors: readonly Diagnostic[] }, file: string): Diagnostic | undefined {
  if (row.errors[0]) return row.errors[0];
  const d = result.diagnostics.find((x) => x.severity === 'error' && x.dataLocation?.line === row.line && x.dataLocation.file === file);
  return d ? diag(d.code, d.args) : undefined;
}

/** A cell as the preview shows it. */
export function cellText(c: Cell | undefined): string | null {
  return c === undefined || c === null ? null : typeof c === 'string' ? c : c.number;
}

/**
 * What the fast engine needs to know about a plan before generating code: the columns it reads,
 * its cohort steps (forced distribution, rankings, pool allocations) and their order, and whether
 * every feature it uses is one the fast engine supports.
 */
import type { Expr, Plan } from '../plan/schema.ts';
import { childrenOf, indexPlan, namedExprs, namedKey, Unsupported } from './gen.ts';
import { findBuiltin } from '../builtins/registry.ts';
import { assessment, assessmentRefs } from '../semantics/assessment.ts';

export type RankNode = Extract<Expr, { k: 'rank' }>;
export type AllocNode = Extract<Expr, { k: 'allocate' }>;

/** A cohort step: its id (`dist`, `rank:N`, `alloc:N`) and the expressions it reads per person. */
export interface Step {
  readonly id: string;
  readonly inputs: readonly Expr[];
  /** Steps whose results its inputs read. */
  readonly after: ReadonlySet<string>;
}

export interface PlanInfo {
  readonly plan: Plan;
  readonly population: string;
  /** Columns read, as (table, column); table undefined = the population. */
  readonly columns: readonly { table?: string; col: string }[];
  readonly rankNodes: readonly RankNode[];
  readonly allocNodes: readonly AllocNode[];
  readonly rankId: ReadonlyMap<object, number>;
  readonly allocId: ReadonlyMap<object, number>;
  /** Cohort steps in an order where each step's inputs only read earlier steps. */
  readonly steps: readonly Step[];
  /** Whether anything reads quota_rank (else quota rankings are needed only where a quota binds). */
  readonly quotaRank: boolean;
  /**
   * Whether a person's own assessment (src/semantics/assessment.ts `individual`) reads no cohort
   * result: then whether it fails, and how, depends on the person's data alone.
   */
  readonly ownAssessmentAlone: boolean;
}

const cache = new WeakMap<Plan, PlanInfo | Unsupported>();

/** Analyses a plan (memoised per plan object); throws Unsupported when it needs the exact engine. */
export function planInfo(plan: Plan): PlanInfo {
  let r = cache.get(plan);
  if (!r) {
    try {
      r = analyse(plan);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      r = e;
    }
    cache.set(plan, r);
  }
  if (r instanceof Unsupported) throw r;
  return r;
}

/**
 * The fast engine's size limit (README "Limits"): a table of more rows than this (grade bands,
 * vetoes, steps rows, breakpoints, lookup entries) would generate conditionals nested too deep for
 * JavaScript; the fast engine declines and the interpreter runs, with the same results.
 */
export const FAST_TABLE_ROWS = 256;

function tooBigForCode(plan: Plan): string | undefined {
  if (plan.grades.length > FAST_TABLE_ROWS) return `${plan.grades.length} grade bands`;
  if (plan.vetoes.length > FAST_TABLE_ROWS) return `${plan.vetoes.length} vetoes`;
  const stack: unknown[] = [plan.indicators, plan.lets, plan.adjustments, plan.outputs, plan.total ?? null, plan.reward ?? null];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    for (const key of ['rows', 'points', 'entries'] as const) {
      const rows = (v as Record<string, unknown>)[key];
      if (Array.isArray(rows) && rows.length > FAST_TABLE_ROWS) return `a table of ${rows.length} rows`;
    }
    for (const k in v) if (k !== 'at') stack.push((v as Record<string, unknown>)[k]);
  }
  return undefined;
}

function analyse(plan: Plan): PlanInfo {
  const big = tooBigForCode(plan);
  if (big) throw new Unsupported(`${big}: more than the fast engine's ${FAST_TABLE_ROWS} (the interpreter runs)`);
  const pop = plan.inputs.find((t) => t.role === 'population');
  if (!pop || !pop.key) throw new Unsupported('no population table with a key');
  // People not assessed (README 3.9 `exempt`) leave every cohort step: the interpreter runs such plans.
  if (plan.exemptions?.length) throw new Unsupported('`exempt` rules (people not assessed)');
  const idx = indexPlan(plan);
  const columns: { table?: string; col: string }[] = [];
  const rankNodes: RankNode[] = [];
  const allocNodes: AllocNode[] = [];
  const rankId = new Map<object, number>();
  const allocId = new Map<object, number>();
  let quotaRank = false;

  // Direct facts of an expression (not through named values).
  interface Facts {
    named: Set<string>;
    steps: Set<string>;
  }
  const factsOf = (exprs: readonly Expr[]): Facts => {
    const f: Facts = { named: new Set(), steps: new Set() };
    const visit = (e: Expr, rowTable: string | undefined): void => {
      walkShallow(e, rowTable, (x, t) => {
        switch (x.k) {
          case 'col':
            columns.push({ col: x.col });
            break;
          case 'rowcol':
            if (t) columns.push({ table: t, col: x.col });
            break;
          case 'lookup':
            if (x.col === '') throw new Unsupported('a lookup row used as a value');
            columns.push({ table: x.table, col: x.col });
            break;
          case 'ref': {
            const k = namedKey(x);
            if (k) f.named.add(k);
            else if (x.ref === 'grade' || x.ref === 'quota_rank') {
              f.steps.add('dist');
              if (x.ref === 'quota_rank') quotaRank = true;
            }
            break;
          }
          case 'rank': {
            if (!rankId.has(x)) {
              rankId.set(x, rankNodes.length);
              rankNodes.push(x);
            }
            f.steps.add(`rank:${rankId.get(x)}`);
            break;
          }
          case 'allocate': {
            if (!allocId.has(x)) {
              allocId.set(x, allocNodes.length);
              allocNodes.push(x);
            }
            f.steps.add(`alloc:${allocId.get(x)}`);
            break;
          }
          case 'call':
            if (!findBuiltin(x.fn)) throw new Unsupported(`function ${x.fn}`);
            break;
          case 'missing':
            throw new Unsupported('the `missing` literal');
          default:
            break;
        }
      });
    };
    for (const e of exprs) visit(e, undefined);
    return f;
  };

  // Closure through named values, memoised.
  const namedSteps = new Map<string, Set<string>>();
  const visiting = new Set<string>();
  const stepsOfNamed = (key: string): Set<string> => {
    const known = namedSteps.get(key);
    if (known) return known;
    if (visiting.has(key)) throw new Unsupported(`cyclic named value ${key}`);
    visiting.add(key);
    if (key.startsWith('ind:')) {
      const node = idx.indicators.get(key.slice(4));
      if (!node) throw new Unsupported(`unknown indicator ${key}`);
      if (node.weight.k === 'by') columns.push({ col: node.weight.col });
    }
    if ((key === 'total' && !plan.total) || (key === 'reward' && !plan.reward)) throw new Unsupported(`${key} is not defined`);
    const { exprs, named } = namedExprs(plan, idx, key);
    const direct = factsOf(exprs);
    const out = new Set(direct.steps);
    for (const k of [...named, ...direct.named]) for (const s of stepsOfNamed(k)) out.add(s);
    if (key === 'grade_before' && !plan.grades.length) throw new Unsupported('grades are not defined');
    visiting.delete(key);
    namedSteps.set(key, out);
    return out;
  };
  const stepsOf = (exprs: readonly Expr[]): Set<string> => {
    const f = factsOf(exprs);
    const out = new Set(f.steps);
    for (const k of f.named) for (const s of stepsOfNamed(k)) out.add(s);
    return out;
  };

  // Every person's assessment is evaluated whatever the outputs read (src/semantics/assessment.ts).
  const outputs = stepsOf([...plan.outputs.map((o) => o.expr), ...assessmentRefs(plan)]);
  // Inputs of each step, discovered transitively.
  const stepInputs = new Map<string, Expr[]>();
  const todo = [...outputs];
  const gradeBeforeRef: Expr = { k: 'ref', ref: 'grade_before', name: 'grade_before' };
  const totalRef: Expr = { k: 'ref', ref: 'total', name: 'total' };
  while (todo.length) {
    const s = todo.pop()!;
    if (stepInputs.has(s)) continue;
    let inputs: Expr[];
    if (s === 'dist') {
      const d = plan.distribution;
      inputs = [gradeBeforeRef, ...(d?.per ? [d.per] : []), ...(d?.among ? [d.among.expr] : []), ...(d ? (d.tieBreak.length ? d.tieBreak.map((t) => t.expr) : [totalRef]) : [])];
    } else if (s.startsWith('rank:')) {
      const n = rankNodes[Number(s.slice(5))]!;
      inputs = [n.value, ...(n.within ? [n.within] : [])];
    } else {
      const n = allocNodes[Number(s.slice(6))]!;
      inputs = [n.pool, n.by, n.per];
    }
    stepInputs.set(s, inputs);
    for (const t of stepsOf(inputs)) todo.push(t);
  }
  // Order: a step after the steps its inputs read.
  const steps: Step[] = [];
  const placed = new Set<string>();
  const deps = new Map([...stepInputs].map(([s, ins]) => [s, stepsOf(ins)]));
  while (placed.size < stepInputs.size) {
    const ready = [...stepInputs.keys()].filter((s) => !placed.has(s) && [...deps.get(s)!].every((d) => placed.has(d)));
    if (!ready.length) throw new Unsupported('cohort steps that depend on each other');
    ready.sort((a, b) => order(a) - order(b));
    for (const s of ready) {
      steps.push({ id: s, inputs: stepInputs.get(s)!, after: deps.get(s)! });
      placed.add(s);
    }
  }
  const ownAssessmentAlone = stepsOf(assessment(plan).individual.map((ref) => ({ k: 'ref', ref, name: ref }) as Expr)).size === 0;
  return { plan, population: pop.name, columns, rankNodes, allocNodes, rankId, allocId, steps, quotaRank, ownAssessmentAlone };
}

function order(id: string): number {
  if (id === 'dist') return 0;
  return (id.startsWith('rank:') ? 1e6 : 2e6) + Number(id.slice(id.indexOf(':') + 1));
}

/** Like walkExpr, but knows the related table whose rows an aggregate iterates over. */
function walkShallow(e: Expr, rowTable: string | undefined, f: (e: Expr, rowTable: string | undefined) => void): void {
  f(e, rowTable);
  const inner = e.k === 'agg' || e.k === 'grouped' ? e.table : rowTable;
  for (const c of childrenOf(e)) walkShallow(c, inner, f);
}

/**
 * The population columns an expression reads, through named values; undefined when it reads
 * anything else (related or lookup tables, cohort results), i.e. when equal columns would not
 * make equal values. Two people with equal values in these columns get the same exact value
 * (evaluation is deterministic), which settles float near-ties without the interpreter.
 */
export function inputColumns(plan: Plan, e: Expr): string[] | undefined {
  const idx = indexPlan(plan);
  const cols = new Set<string>();
  const seen = new Set<string>();
  let ok = true;
  const visitNamed = (key: string): void => {
    if (seen.has(key) || !ok) return;
    seen.add(key);
    if (key.startsWith('ind:')) {
      const node = idx.indicators.get(key.slice(4));
      if (!node) {
        ok = false;
        return;
      }
      if (node.weight.k === 'by') cols.add(node.weight.col);
      for (const c of node.children) if (c.weight.k === 'by') cols.add(c.weight.col);
    }
    if ((key === 'total' && !plan.total) || (key === 'reward' && !plan.reward)) {
      ok = false;
      return;
    }
    const { exprs, named } = namedExprs(plan, idx, key);
    for (const k of named) visitNamed(k);
    for (const x of exprs) visit(x);
  };
  const visit = (x: Expr): void => {
    if (!ok) return;
    switch (x.k) {
      case 'col':
        cols.add(x.col);
        break;
      case 'rowcol':
      case 'lookup':
      case 'agg':
      case 'grouped':
      case 'rank':
      case 'allocate':
        ok = false;
        return;
      case 'ref': {
        const k = namedKey(x);
        if (k) visitNamed(k);
        else if (x.ref !== 'status') ok = false;
        break;
      }
      default:
        break;
    }
    for (const c of childrenOf(x)) visit(c);
  };
  visit(e);
  return ok ? [...cols] : undefined;
}

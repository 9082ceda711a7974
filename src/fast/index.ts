/**
 * The fast engine's public face. `evaluateFast` takes the same inputs as `evaluate` (a checked
 * plan and data loaded by src/data) and gives the same output cells, statuses, diagnostics and
 * pools, byte for byte; it falls back to the exact interpreter by itself when the plan uses a
 * feature the fast engine lacks, or when an evaluation error in a policy with cohort steps needs
 * the interpreter's whole-run bookkeeping. Explanations and coverage stay with `evaluate`.
 */
import type { Plan, PersonStatus } from '../plan/schema.ts';
import type { LoadedData } from '../data/table.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { evaluate, type Cell } from '../evaluator/evaluate.ts';
import type { PoolReport } from '../semantics/pool-report.ts';
import { fromLoaded, usedColumns, type FastData } from '../columnar/columns.ts';
import { cellAt, NeedsExactRun, runFast, Unsupported, type FastResult, type FastStats, type RunOptions } from './engine.ts';
import { planInfo } from './plan-info.ts';

export { runFast, cellAt, Unsupported, NeedsExactRun, type FastResult, type FastStats, type RunOptions } from './engine.ts';
export { fromLoaded, usedColumns, type FastData, type FastTable, type FastColumn } from '../columnar/columns.ts';
export { planInfo } from './plan-info.ts';

export interface FastPerson {
  readonly key: string;
  readonly line: number;
  readonly status: PersonStatus;
  readonly cells: Cell[];
}

export interface FastEvaluation {
  /** Which engine produced the results. */
  readonly engine: 'fast' | 'exact';
  /** Why the exact interpreter ran instead, when it did. */
  readonly reason?: string;
  readonly columns: string[];
  readonly people: FastPerson[];
  readonly diagnostics: Diagnostic[];
  readonly pools: PoolReport[];
  readonly stats?: FastStats;
}

/** Why a plan cannot run on the fast engine, or undefined when it can. */
export function fastSupport(plan: Plan): string | undefined {
  try {
    planInfo(plan);
    return undefined;
  } catch (e) {
    if (e instanceof Unsupported) return e.message;
    throw e;
  }
}

const columnCache = new WeakMap<LoadedData, Map<string, FastData>>();

/**
 * Columns of loaded data for a plan, cached per data and per set of columns read: re-evaluating
 * after a policy edit reuses them (the playground's loop).
 */
export function columnsOf(plan: Plan, data: LoadedData): FastData {
  let bySig = columnCache.get(data);
  if (!bySig) columnCache.set(data, (bySig = new Map()));
  const used = usedColumns(plan, planInfo(plan).columns);
  const sig = JSON.stringify([plan.inputs.map((t) => [t.name, t.role, t.key, t.by, t.columns.map((c) => [c.name, c.type, c.optional])]), [...used].map(([t, cs]) => [t, [...cs].sort()])]);
  let fd = bySig.get(sig);
  if (!fd) {
    fd = fromLoaded(plan, data, used);
    if (bySig.size > 8) bySig.clear();
    bySig.set(sig, fd);
  }
  return fd;
}

/** Evaluates like `evaluate(plan, data)`, with the fast engine when it can. */
export function evaluateFast(plan: Plan, data: LoadedData, options: RunOptions = {}): FastEvaluation {
  let reason: string;
  try {
    const r = runFast(plan, columnsOf(plan, data), options);
    return { engine: 'fast', columns: r.columns, people: peopleOf(r), diagnostics: r.diagnostics, pools: r.pools, stats: r.stats };
  } catch (e) {
    if (!(e instanceof Unsupported) && !(e instanceof NeedsExactRun)) throw e;
    reason = e.message;
  }
  const r = evaluate(plan, data);
  return { engine: 'exact', reason, columns: r.columns, people: r.people.map((p) => ({ key: p.key, line: p.line, status: p.status, cells: p.cells })), diagnostics: r.diagnostics, pools: r.pools };
}

/** A person of a fast result; the cells are made when first read (many callers read only some). */
class LazyPerson implements FastPerson {
  private made: Cell[] | undefined;
  constructor(
    private readonly r: FastResult,
    private readonly i: number,
  ) {}
  get key(): string {
    return this.r.keys[this.i]!;
  }
  get line(): number {
    return this.r.lines[this.i]!;
  }
  get status(): 'ok' | 'error' {
    return this.r.status[this.i] ? 'error' : 'ok';
  }
  get cells(): Cell[] {
    if (!this.made) {
      const cells: Cell[] = new Array(this.r.columns.length);
      for (let j = 0; j < cells.length; j++) cells[j] = cellAt(this.r, this.i, j);
      this.made = cells;
    }
    return this.made;
  }
  toJSON(): object {
    return { key: this.key, line: this.line, status: this.status, cells: this.cells };
  }
}

function peopleOf(r: FastResult): FastPerson[] {
  const out: FastPerson[] = new Array(r.size);
  for (let i = 0; i < r.size; i++) out[i] = new LazyPerson(r, i);
  return out;
}

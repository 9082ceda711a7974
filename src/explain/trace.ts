/**
 * The decisions taken for one person (and the cohort decisions around them), recorded during a
 * re-run of the evaluation with a recorder attached. The evaluation is deterministic, so the
 * re-run gives exactly the results of the run being explained.
 */
import type { EvalRecorder } from '../evaluator/recorder.ts';
import type { Person } from '../evaluator/person.ts';
import type { Plan } from '../plan/schema.ts';
import type { LoadedData } from '../data/table.ts';
import { Evaluation } from '../evaluator/evaluation.ts';
import { evaluate } from '../evaluator/evaluate.ts';

export interface TraceEvent {
  readonly site: object;
  readonly branch: number;
  readonly detail?: unknown;
}

export class TraceRecorder implements EvalRecorder {
  readonly events: TraceEvent[] = [];
  readonly cohort: TraceEvent[] = [];
  private readonly seen = new Map<object, Set<number>>();

  constructor(readonly key: string) {}

  hit(p: Person | undefined, site: object, branch: number, detail?: unknown): void {
    if (p === undefined) {
      this.cohort.push({ site, branch, ...(detail !== undefined ? { detail } : {}) });
      return;
    }
    if (p.key !== this.key) return;
    // A weight looked up twice is one decision.
    let branches = this.seen.get(site);
    if (!branches) this.seen.set(site, (branches = new Set()));
    if (branches.has(branch)) return;
    branches.add(branch);
    this.events.push({ site, branch, ...(detail !== undefined ? { detail } : {}) });
  }

  /** The person's decisions taken at any of `sites`, in evaluation order. */
  at(sites: ReadonlySet<object>): TraceEvent[] {
    return this.events.filter((e) => sites.has(e.site));
  }

  first(site: object): TraceEvent | undefined {
    return this.events.find((e) => e.site === site);
  }
}

/** Evaluates everybody again with a trace of `key`'s decisions; the recorder is detached afterwards. */
export function traceEvaluation(plan: Plan, data: LoadedData, key: string): { ev: Evaluation; trace: TraceRecorder } {
  const trace = new TraceRecorder(key);
  const result = evaluate(plan, data, { recorder: trace });
  const ev = result.evaluation;
  // Values computed later for the report must not add decisions.
  ev.recorder = undefined;
  return { ev, trace };
}

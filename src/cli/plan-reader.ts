/**
 * The reader of compiled plans (plan-file.ts), loaded only when a command may read one: it
 * validates with ajv against the schema built by zod, which together are most of the command's
 * code, and `kpl check` / `kpl lint` of policies start without them (README §10, start-up).
 * run.ts loads it before dispatching when the arguments call for it; main.ts (in-process) always.
 */
import type { readPlanFile } from './plan-file.ts';

type ReadPlanFile = typeof readPlanFile;
let reader: ReadPlanFile | undefined;

/** Loads the plan reader (once). */
export async function loadPlanReader(): Promise<void> {
  reader ??= (await import('./plan-file.ts')).readPlanFile;
}

/** Gives the plan reader a caller loaded statically. */
export function setPlanReader(r: ReadPlanFile): void {
  reader = r;
}

/** Whether a run with these arguments may read a plan: any command but check and lint, or a `.json` or `-` argument. */
export function mayReadPlan(argv: readonly string[]): boolean {
  return !(argv[0] === 'check' || argv[0] === 'lint') || argv.some((a) => a === '-' || /\.json$/i.test(a));
}

/** The plan reader; loadPlanReader or setPlanReader ran before (a bug otherwise). */
export function planReader(): ReadPlanFile {
  if (!reader) throw new Error('internal error: the plan reader was not loaded (src/cli/plan-reader.ts)');
  return reader;
}

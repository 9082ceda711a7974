/** Shared by `eval` and `explain`: policy or plan + data → evaluation, with all diagnostics printed. */
import type { Args } from './args.ts';
import { langOf, oneOf } from './args.ts';
import { loadPlanOrPolicy, runInputs, type LoadedPlan } from './io.ts';
import { dataFile, dataSpecs, type DataSpec } from './data-files.ts';
import { guardOut } from './output.ts';
import { noteRunFacts, noteRunInputs, rowCounts } from './run-record.ts';
import { printDiagnostics, hasErrors, EXIT } from './report.ts';
import { UsageError } from './usage-error.ts';
import { loadTables, evaluate, type EvaluationResult, type LoadedData } from '../node.ts';

export type EvalOutcome = { exit: number } | { exit: number; loaded: LoadedPlan; specs: DataSpec[]; data: LoadedData; result: EvaluationResult };

/** `out`: the `--out` file, refused (KPL5005) before anything is evaluated when it is an input of the run. */
export function runEvaluation(args: Args, policy: string | undefined, out?: string): EvalOutcome {
  if (!policy) throw new UsageError('missing POLICY.kpl');
  const lang = langOf(args);
  const format = oneOf(args, 'diagnostics', ['text', 'json'], 'text');
  const loaded = loadPlanOrPolicy(policy);
  if (hasErrors(loaded.diagnostics) || !loaded.plan) {
    printDiagnostics(loaded.diagnostics, loaded.files, format, lang);
    return { exit: EXIT.policyErrors };
  }
  const specs = dataSpecs(args, loaded.plan);
  if (out) guardOut(out, runInputs(policy, loaded, specs));
  noteRunInputs(policy, loaded, specs);
  const data = loadTables(loaded.plan.inputs, specs.map(dataFile));
  if (hasErrors(data.diagnostics)) {
    // The data set as a whole is unusable (a missing file, a missing column, bad encoding).
    printDiagnostics([...loaded.diagnostics, ...data.diagnostics], loaded.files, format, lang);
    return { exit: EXIT.rowErrors };
  }
  const result = evaluate(loaded.plan, data);
  noteRunFacts({ engine: 'exact', data: 'src/data', rows: rowCounts(result.people) });
  printDiagnostics([...loaded.diagnostics, ...data.diagnostics, ...result.diagnostics], loaded.files, format, lang);
  const failed = result.people.some((p) => p.status === 'error') || hasErrors(result.diagnostics);
  return { exit: failed ? EXIT.rowErrors : EXIT.ok, loaded, specs, data, result };
}

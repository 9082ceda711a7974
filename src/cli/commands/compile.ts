/** `kpl compile POLICY [--out PLAN.json]`: the checked evaluation plan as JSON. */
import type { Args } from '../args.ts';
import { oneOf } from '../args.ts';
import { loadPlanOrPolicy } from '../io.ts';
import { EXIT, printDiagnostics, hasErrors } from '../report.ts';
import { UsageError } from '../usage-error.ts';
import { outFile, writeOutput } from '../output.ts';

export function compileCommand(args: Args): number {
  const file = args.positionals[0];
  if (!file) throw new UsageError('kpl compile POLICY.kpl [--out PLAN.json]');
  const lang = oneOf(args, 'lang', ['en', 'zh'], 'en');
  // A plan is JSON: `--out plan.xlsx` is refused before anything runs.
  const out = outFile(args, ['.json']);
  const r = loadPlanOrPolicy(file);
  printDiagnostics(r.diagnostics, r.files, oneOf(args, 'format', ['text', 'json'], 'text'), lang);
  if (hasErrors(r.diagnostics) || !r.plan) return EXIT.policyErrors;
  const json = JSON.stringify(r.plan, null, 2) + '\n';
  writeOutput(out, json);
  return EXIT.ok;
}

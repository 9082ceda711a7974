/** `kpl check POLICY...`: diagnostics only. */
import type { Args } from '../args.ts';
import { langOf, oneOf, yes } from '../args.ts';
import { STDIN, STDIN_NAME, expandPaths, loadPlanOrPolicy } from '../io.ts';
import { EXIT, okLine, printDiagnostics, hasErrors } from '../report.ts';
import { UsageError } from '../usage-error.ts';
import { withLint } from './lint.ts';
import { diagnosticToJson } from '../../node.ts';

export function checkCommand(args: Args): number {
  if (!args.positionals.length) throw new UsageError('kpl check POLICY|DIR...');
  const format = oneOf(args, 'format', ['text', 'json'], 'text');
  const lang = langOf(args);
  let failed = false;
  const all = [];
  for (const file of expandPaths(args.positionals)) {
    const r = withLint(loadPlanOrPolicy(file));
    if (format === 'json') all.push(...r.diagnostics.map((d) => ({ d, files: r.files })));
    else printDiagnostics(r.diagnostics, r.files, 'text', lang);
    if (hasErrors(r.diagnostics)) failed = true;
    else if (format === 'text' && !yes(args, 'quiet')) process.stderr.write(okLine(file === STDIN ? STDIN_NAME : file, lang) + '\n');
  }
  if (format === 'json') {
    process.stdout.write(JSON.stringify(all.map(({ d, files }) => diagnosticToJson(d, files, lang)), null, 2) + '\n');
  }
  return failed ? EXIT.policyErrors : EXIT.ok;
}

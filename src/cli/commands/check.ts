/** `kpl check POLICY...`: diagnostics only. */
import type { Args } from '../args.ts';
import { flag, oneOf } from '../args.ts';
import { loadPlanOrPolicy } from '../io.ts';
import { EXIT, printDiagnostics, hasErrors } from '../report.ts';
import { UsageError } from '../usage-error.ts';
import { withLint } from './lint.ts';
import { diagnosticToJson } from '../../node.ts';

export function checkCommand(args: Args): number {
  if (!args.positionals.length) throw new UsageError('kpl check POLICY.kpl...');
  const format = oneOf(args, 'format', ['text', 'json'], 'text');
  const lang = oneOf(args, 'lang', ['en', 'zh'], 'en');
  let failed = false;
  const all = [];
  for (const file of args.positionals) {
    const r = withLint(loadPlanOrPolicy(file));
    if (format === 'json') all.push(...r.diagnostics.map((d) => ({ d, files: r.files })));
    else printDiagnostics(r.diagnostics, r.files, 'text', lang);
    if (hasErrors(r.diagnostics)) failed = true;
    else if (format === 'text' && !flag(args, 'quiet')) process.stderr.write(`${file}: ok\n`);
  }
  if (format === 'json') {
    process.stdout.write(JSON.stringify(all.map(({ d, files }) => diagnosticToJson(d, files, lang)), null, 2) + '\n');
  }
  return failed ? EXIT.policyErrors : EXIT.ok;
}

/**
 * `npm start`: the main job on the bundled examples — each policy in policies/ evaluated on its
 * data under policies/data/<policy>/, results printed as tables, and checked against the case's
 * expected.csv where one is shipped.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from './args.ts';
import { COMMANDS } from './commands/spec.ts';
import { runEvaluation } from './run-eval.ts';
import { renderResults } from './commands/eval.ts';

const EXAMPLES: Record<string, string[]> = {
  'customer-manager': ['employees'],
  'service-manager': ['employees', 'teams'],
  'manager-360': ['managers', 'ratings'],
};

let failures = 0;
for (const [name, tables] of Object.entries(EXAMPLES)) {
  const policy = join('policies', `${name}.kpl`);
  const dir = join('policies', 'data', name);
  const argv = tables.flatMap((t) => ['--data', `${t}=${join(dir, `${t}.csv`)}`]);
  process.stdout.write(`\n━━ ${policy} ━━\n`);
  const r = runEvaluation(parseArgs(argv, COMMANDS['eval']!.options), policy);
  if (!('result' in r)) {
    failures++;
    continue;
  }
  process.stdout.write(renderResults(r.result, 'table'));
  const expected = join(dir, 'expected.csv');
  if (existsSync(expected)) {
    const same = renderResults(r.result, 'csv') === readFileSync(expected, 'utf8');
    if (!same) failures++;
    process.stdout.write(same ? `✓ identical to ${expected}\n` : `✗ differs from ${expected}\n`);
  }
}
process.exitCode = failures ? 1 : 0;

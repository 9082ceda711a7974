/** Share of the conformance corpus the SQL dialects run (`tsx scripts/sql-share.ts [duckdb]`), with every divergence. */
import { caseFiles, difference, expectedOf, loadCase } from '../test/conformance/harness/corpus.ts';
import { PATHS, skipReason } from '../test/conformance/harness/paths.ts';

const dialect = process.argv[2] ?? 'duckdb';
const name = `sql ${dialect}`;
let run = 0;
let declined = 0;
let failed = 0;
const reasons = new Map<string, number>();
for (const f of caseFiles()) {
  const c = loadCase(f);
  const why = skipReason(name, c.case);
  if (why) {
    declined++;
    const k = why.replace(/.*\(/, '(');
    reasons.set(k, (reasons.get(k) ?? 0) + 1);
    continue;
  }
  run++;
  const diff = difference(expectedOf(c.case), PATHS[name]!(c.case));
  if (diff) {
    failed++;
    process.stdout.write(`✗ ${c.id}\n${diff.replace(/^/gm, '    ')}\n`);
  }
}
for (const [k, n] of [...reasons].sort((a, b) => b[1] - a[1])) process.stdout.write(`declined ${n}: ${k}\n`);
process.stdout.write(`${name}: ${run} of ${run + declined} cases run (${((100 * run) / (run + declined)).toFixed(1)}%), ${failed} diverge\n`);

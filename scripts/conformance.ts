/**
 * The conformance corpus from the command line.
 *
 *   npm run conformance                      every case on every path; divergences listed, exit 1 if any
 *   npm run conformance -- check FILE|DIR…   the same for some cases
 *   npm run conformance -- bless FILE…       write expected.csv and diagnostics from the interpreter
 *                                            (for a new case: review every value it wrote by hand)
 *   npm run conformance -- count             cases per README section
 */
import { writeFileSync } from 'node:fs';
import { printCase } from '../test/conformance/harness/case-file.ts';
import { caseFiles, difference, expectedOf, knownDivergences, loadCase } from '../test/conformance/harness/corpus.ts';
import { applies, kplTestCheck, PATHS, skipReason } from '../test/conformance/harness/paths.ts';

const [command = 'check', ...rest] = process.argv.slice(2);

function check(targets: string[]): number {
  let failed = 0;
  let n = 0;
  for (const file of caseFiles(targets.length ? targets : undefined)) {
    const c = loadCase(file);
    n++;
    const expected = expectedOf(c.case);
    let skipped = '';
    for (const [name, path] of [...Object.entries(PATHS), ['kpl test', undefined] as const]) {
      if (path && !applies(name, c.case)) {
        if (process.env['KPL_CONFORMANCE_VERBOSE']) process.stdout.write(`- ${c.id}: ${name} skipped (${skipReason(name, c.case)})\n`);
        continue;
      }
      let diff: string;
      try {
        if (path) diff = difference(expected, path(c.case));
        else {
          const r = kplTestCheck(c.case, expected.diagnostics);
          diff = 'report' in r ? r.report : '';
          if ('skip' in r) skipped = r.skip;
        }
      } catch (e) {
        diff = `crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
      }
      const known = knownDivergences(c.case).get(name);
      if (known !== undefined) {
        if (diff) process.stdout.write(`~ ${c.id} — ${name}: known divergence (${known})\n`);
        else {
          failed++;
          process.stdout.write(`✗ ${c.id} — ${name}: recorded as a known divergence but now agrees; remove the line\n`);
        }
        continue;
      }
      if (diff) {
        failed++;
        process.stdout.write(`✗ ${c.id} — ${name}\n${diff.replace(/^/gm, '    ')}\n`);
      }
    }
    if (skipped && process.env['KPL_CONFORMANCE_VERBOSE']) process.stdout.write(`- ${c.id}: kpl test skipped (${skipped})\n`);
  }
  process.stdout.write(`${n} cases, ${Object.keys(PATHS).length + 1} paths: ${failed} divergence${failed === 1 ? '' : 's'}\n`);
  return failed ? 1 : 0;
}

function bless(targets: string[]): number {
  for (const file of caseFiles(targets)) {
    const c = loadCase(file);
    const r = PATHS['interpreter']!(c.case);
    const files = new Map(c.case.files);
    files.delete('expected.csv');
    files.delete('diagnostics');
    if (r.csv !== undefined) files.set('expected.csv', r.csv);
    if (r.diagnostics.length) files.set('diagnostics', r.diagnostics.join('\n') + '\n');
    writeFileSync(file, printCase({ comment: c.case.comment, files }));
    process.stdout.write(`blessed ${c.id}\n`);
  }
  return 0;
}

function count(): number {
  const per = new Map<string, number>();
  for (const file of caseFiles()) {
    const s = loadCase(file).section || '(top)';
    per.set(s, (per.get(s) ?? 0) + 1);
  }
  const sections = [...per.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  let total = 0;
  for (const s of sections) {
    process.stdout.write(`${String(per.get(s)).padStart(5)}  ${s}\n`);
    total += per.get(s)!;
  }
  process.stdout.write(`${String(total).padStart(5)}  total\n`);
  return 0;
}

const commands: Record<string, (a: string[]) => number> = { check, bless, count: () => count() };
const run = commands[command];
if (!run) {
  process.stderr.write(`usage: npm run conformance -- [check|bless|count] [FILE|DIR…]\n`);
  process.exitCode = 64;
} else process.exitCode = run(rest);

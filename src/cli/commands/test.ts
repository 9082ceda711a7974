/**
 * `kpl test PATH... [--coverage] [--threshold N] [--case TEXT] [--show all|failures] [--lang en|zh] [--format text|json]`
 *
 * PATH is a policy (its test file `NAME.kpltest` beside it is run), a `.kpltest` file, or a
 * directory (every `.kpltest` under it). Exit status: 0 every test passed (and the coverage of
 * every policy reached the threshold), 1 otherwise, 64 usage.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve, relative, isAbsolute } from 'node:path';
import type { Args } from '../args.ts';
import { flag, langOf, oneOf } from '../args.ts';
import { loadPlanOrPolicy, readText } from '../io.ts';
import { printDiagnostics, hasErrors, EXIT } from '../report.ts';
import { UsageError } from '../usage-error.ts';
import { parseTests, runTests, type FileResult, CoverageModel, CoverageRecorder, coverageReport, percentText, type CoverageReport, coverageLines, emptyCounts, fileReport, problemText, testSummary as summary } from '../../node.ts';

export const TEST_EXT = '.kpltest';

interface Target {
  readonly tests: string;
  readonly policy?: string;
}

export function testCommand(args: Args): number {
  if (!args.positionals.length) throw new UsageError('kpl test POLICY.kpl|TESTS.kpltest|DIR... [--coverage] [--threshold N]');
  const lang = langOf(args);
  const format = oneOf(args, 'format', ['text', 'json'], 'text');
  const thresholdText = flag(args, 'threshold');
  const threshold = thresholdText === undefined ? undefined : Number(thresholdText);
  if (threshold !== undefined && (!Number.isFinite(threshold) || threshold < 0 || threshold > 100)) throw new UsageError(`--threshold must be a percentage between 0 and 100, not \`${thresholdText}\``);
  const coverage = flag(args, 'coverage') === 'true' || threshold !== undefined;
  const quiet = oneOf(args, 'show', ['all', 'failures'], 'all') === 'failures';
  const filter = flag(args, 'case');

  const targets: Target[] = [];
  const untested: string[] = [];
  for (const path of args.positionals) collect(path, targets, untested);
  if (!targets.length && !untested.length) throw new UsageError(`no test files (*${TEST_EXT}) found in ${args.positionals.join(', ')}`);

  const out: string[] = [];
  const counts = emptyCounts();
  const models = new Map<string, { model: CoverageModel; recorder: CoverageRecorder }>();
  const results: { result: FileResult; policy: string }[] = [];
  const notRun: string[] = [];
  let failed = false;
  for (const t of targets) {
    const parsed = parseTests(t.tests, readText(t.tests));
    const policy = t.policy ?? policyOf(t.tests, parsed.tests.policy?.path);
    if (parsed.problems.length) {
      failed = true;
      counts.files++;
      counts.problems += parsed.problems.length;
      out.push(`${t.tests} → ${policy}`, ...parsed.problems.map((p) => `  ✗ ${problemText(p)}`));
      notRun.push(policy);
      continue;
    }
    if (!existsSync(policy)) {
      failed = true;
      counts.files++;
      counts.problems++;
      out.push(`${t.tests} → ${policy}`, `  ✗ ${t.tests}:${parsed.tests.policy?.line ?? 1}:1: no such policy file: ${policy}`);
      notRun.push(policy);
      continue;
    }
    const loaded = loadPlanOrPolicy(policy);
    if (hasErrors(loaded.diagnostics) || !loaded.plan) {
      printDiagnostics(loaded.diagnostics, loaded.files, 'text', lang);
      failed = true;
      counts.files++;
      counts.problems++;
      out.push(`${t.tests} → ${policy}`, `  ✗ the policy has errors (above); its tests were not run`);
      notRun.push(policy);
      continue;
    }
    let cov = models.get(policy);
    if (coverage && !cov) {
      const model = new CoverageModel(loaded.plan);
      cov = { model, recorder: new CoverageRecorder(model) };
      models.set(policy, cov);
    }
    const result = runTests(loaded.plan, parsed.tests, { ...(cov ? { recorder: cov.recorder } : {}), lang, ...(filter ? { filter } : {}) });
    if (!result.passed) failed = true;
    results.push({ result, policy });
    out.push(...fileReport(result, policy, counts, { verbose: !quiet }));
  }

  const reports: { policy: string; report?: CoverageReport; reason?: string }[] = [];
  if (coverage) {
    for (const [policy, { model, recorder }] of models) reports.push({ policy, report: coverageReport(model, recorder.covered) });
    for (const p of untested) reports.push({ policy: p, reason: `no test file ${basename(p, extname(p))}${TEST_EXT}` });
    for (const p of notRun) if (!models.has(p)) reports.push({ policy: p, reason: 'its tests could not run' });
    for (const r of reports) if (threshold !== undefined && (!r.report || r.report.percent < threshold)) failed = true;
  }

  if (format === 'json') {
    process.stdout.write(
      JSON.stringify(
        {
          passed: !failed,
          counts,
          files: results.map(({ result, policy }) => ({ policy, ...result })),
          ...(coverage ? { coverage: reports.map((r) => ({ policy: r.policy, ...(r.report ?? { covered: 0, total: 0, percent: 0, categories: [], missed: [], excluded: [], notRun: r.reason }) })) } : {}),
          ...(threshold !== undefined ? { threshold } : {}),
        },
        null,
        2,
      ) + '\n',
    );
    return failed ? EXIT.rowErrors : EXIT.ok;
  }

  if (!coverage && untested.length) out.push('', `no tests for: ${untested.join(', ')}`);
  if (coverage) {
    out.push('', 'coverage (rules, rows, bands, vetoes, quotas and reward rules the tests exercised):');
    for (const r of reports) {
      if (r.report) out.push(...coverageLines(r.policy, r.report).map((l) => '  ' + l));
      else out.push(`  ${r.policy}  0.0%  (${r.reason})`);
    }
    if (threshold !== undefined) {
      const below = reports.filter((r) => !r.report || r.report.percent < threshold);
      out.push(below.length ? `coverage below the threshold of ${threshold}%: ${below.map((r) => `${r.policy} ${percentText(r.report?.percent ?? 0)}`).join(', ')}` : `coverage threshold ${threshold}% reached`);
    }
  }
  out.push('', `${failed ? 'FAIL' : 'PASS'}: ${summary(counts)}`);
  process.stdout.write(out.join('\n') + '\n');
  return failed ? EXIT.rowErrors : EXIT.ok;
}

/** The policy a test file tests: its `policy` line (relative to the test file), else the `.kpl` of the same name. */
function policyOf(tests: string, declared: string | undefined): string {
  if (declared) return isAbsolute(declared) ? declared : normal(join(dirname(tests), declared));
  return normal(join(dirname(tests), basename(tests, TEST_EXT) + '.kpl'));
}

function normal(p: string): string {
  const r = relative(process.cwd(), resolve(p));
  return r.startsWith('..') ? resolve(p) : r;
}

function collect(path: string, targets: Target[], untested: string[]): void {
  if (!existsSync(path)) throw new UsageError(`no such file or directory: ${path}`);
  if (statSync(path).isDirectory()) {
    const kpl: string[] = [];
    const tests: string[] = [];
    walk(path, kpl, tests);
    for (const t of tests.sort()) targets.push({ tests: normal(t) });
    const tested = new Set(tests.map((t) => normal(join(dirname(t), basename(t, TEST_EXT) + '.kpl'))));
    for (const k of kpl.sort()) if (!tested.has(normal(k))) untested.push(normal(k));
    return;
  }
  if (path.endsWith(TEST_EXT)) {
    targets.push({ tests: normal(path) });
    return;
  }
  const ext = extname(path);
  const tests = join(dirname(path), basename(path, ext) + TEST_EXT);
  if (!existsSync(tests)) throw new UsageError(`${path} has no test file: create ${normal(tests)} (see docs/test.md)`);
  targets.push({ tests: normal(tests), policy: normal(path) });
}

function walk(dir: string, kpl: string[], tests: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, kpl, tests);
    else if (e.name.endsWith(TEST_EXT)) tests.push(p);
    else if (e.name.endsWith('.kpl')) kpl.push(p);
  }
}

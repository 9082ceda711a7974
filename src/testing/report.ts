/**
 * The text of a `kpl test` run: one line per row (`✓ case / row`), failing rows with expected vs
 * actual and the person's explanation, a summary, and the coverage of each policy.
 */
import type { FileResult } from './run-tests.ts';
import type { TestProblem } from './parse-tests.ts';
import { percentText, type CoverageReport } from './coverage.ts';

export interface Counts {
  files: number;
  cases: number;
  rows: number;
  passed: number;
  failed: number;
  problems: number;
}

export function emptyCounts(): Counts {
  return { files: 0, cases: 0, rows: 0, passed: 0, failed: 0, problems: 0 };
}

export interface ReportOptions {
  /** Print passing rows too (default true). */
  readonly verbose?: boolean;
  /** Print the explanation of failing rows (default true). */
  readonly explanations?: boolean;
}

export function problemText(p: TestProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}

/** The lines of one test file's results; adds to `counts`. */
export function fileReport(r: FileResult, policy: string, counts: Counts, options: ReportOptions = {}): string[] {
  const out: string[] = [`${r.file} → ${policy}`];
  counts.files++;
  for (const p of r.problems) {
    counts.problems++;
    out.push(`  ✗ ${problemText(p)}`);
  }
  for (const c of r.cases) {
    counts.cases++;
    for (const p of c.problems) {
      counts.problems++;
      out.push(`  ✗ ${c.name}: ${problemText(p)}`);
    }
    for (const row of c.rows) {
      counts.rows++;
      if (row.passed) {
        counts.passed++;
        if (options.verbose !== false) out.push(`  ✓ ${c.name} / ${row.name}`);
        continue;
      }
      counts.failed++;
      out.push(`  ✗ ${c.name} / ${row.name}   (${r.file}:${row.line})`);
      for (const m of row.mismatches) out.push(`      ${m.column}: expected ${m.expected}, got ${m.actual}`);
      if (row.explanation && options.explanations !== false) {
        out.push('      explanation:');
        for (const l of row.explanation.trimEnd().split('\n')) out.push(`      │ ${l}`.trimEnd());
      }
    }
    for (const p of c.pools) {
      counts.rows++;
      if (p.passed) {
        counts.passed++;
        if (options.verbose !== false) out.push(`  ✓ ${c.name} / pool ${p.group}: ${p.message}`);
      } else {
        counts.failed++;
        out.push(`  ✗ ${c.name} / pool ${p.group}   (${r.file}:${p.line})`, `      ${p.message}`);
      }
    }
  }
  return out;
}

export function summary(c: Counts): string {
  const parts = [`${c.files} test file${c.files === 1 ? '' : 's'}`, `${c.cases} case${c.cases === 1 ? '' : 's'}`, `${c.rows} row${c.rows === 1 ? '' : 's'}: ${c.passed} passed`];
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.problems) parts.push(`${c.problems} problem${c.problems === 1 ? '' : 's'} in the test files`);
  return parts.join(', ');
}

/** The coverage of one policy: a headline, the categories, and what was not covered. */
export function coverageLines(policy: string, r: CoverageReport): string[] {
  const out = [`${policy}  ${percentText(r.percent)}  (${r.covered}/${r.total} rules and rows)`];
  out.push('    ' + r.categories.map((c) => `${c.category} ${c.covered}/${c.total}`).join(' · '));
  if (r.missed.length) {
    out.push('    not covered:');
    for (const m of r.missed) out.push(`      ${m.file ?? policy}:${m.line ?? '?'}  ${m.owner}: ${m.label}`);
  }
  if (r.excluded.length) {
    out.push('    excluded, unreachable with the declared input ranges (see `kpl lint`):');
    for (const m of r.excluded) out.push(`      ${m.file ?? policy}:${m.line ?? '?'}  ${m.owner}: ${m.label}   [${m.reason.split(':')[0]!.split(' ')[0]}]`);
  }
  return out;
}

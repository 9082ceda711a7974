/**
 * `kpl test` in-process: discovery (policy → its test file, a test file, a directory), the
 * per-row report, failures with expected/actual and the explanation, coverage and the threshold
 * gate, JSON output and exit statuses.
 */
import { describe, it, expect, vi, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli } from '../../helpers/run-cli.ts';

const run = runCli;

afterEach(() => vi.restoreAllMocks());

const POLICY = `input people key id { id: text; a: number in [0, 100] }
indicator x weight 100% = steps(a) { >= 90: 100; >= 60: 70; otherwise: 0 }
total = weighted
grade { A >= 90; B otherwise }
output id, total, grade
`;

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'kpl-test-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

describe('kpl test', () => {
  it('runs every test file of a directory at 100% coverage (the shipped policies)', () => {
    const r = run('test', 'policies/', '--coverage', '--threshold', '100');
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toContain('✓ 销售完成率：120% 封顶，目标为 0 记 0 分 / S1 exactly 120% earns the full 100');
    expect(r.out.match(/100\.0%/g)?.length).toBe(3);
    expect(r.out).toContain('coverage threshold 100% reached');
    expect(r.out).toMatch(/PASS: 3 test files, \d+ cases, \d+ rows: \d+ passed\n$/);
    expect(r.out).not.toContain('✗');
  });

  it('finds the test file beside a policy; a failing row shows expected, actual and the explanation; exit 1', () => {
    const d = dir({
      'p.kpl': POLICY,
      'p.kpltest': `case steps
| id | a  || x   | grade |
| E1 | 90 || 100 | A     |  # exactly 90
| E2 | 89 || 100 | B     |  # wrong on purpose
`,
    });
    const r = run('test', join(d, 'p.kpl'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('✓ steps / E1 exactly 90');
    expect(r.out).toContain(`✗ steps / E2 wrong on purpose   (${join(d, 'p.kpltest')}:4)`);
    expect(r.out).toContain('      x: expected 100, got 70');
    expect(r.out).toContain('      │ Explanation of the result of E2');
    expect(r.out).toContain('      │   - a = 89 → row `>= 60: 70`');
    expect(r.out).toMatch(/FAIL: 1 test file, 1 case, 2 rows: 1 passed, 1 failed\n$/);
  });

  it('--show failures prints failing rows only; --lang zh explains in Chinese', () => {
    const d = dir({ 'p.kpl': POLICY, 'p.kpltest': 'case c\n| id | a || grade |\n| E1 | 90 || A |\n| E2 | 10 || A |\n' });
    const r = run('test', join(d, 'p.kpltest'), '--show', 'failures', '--lang', 'zh');
    expect(r.code).toBe(1);
    expect(r.out).not.toContain('✓');
    expect(r.out).toContain('│ 绩效结果说明：E2');
  });

  it('the coverage gate fails below the threshold and lists what was not covered with its line', () => {
    const d = dir({ 'p.kpl': POLICY, 'p.kpltest': 'case c\n| id | a || grade |\n| E1 | 95 || A |\n' });
    const r = run('test', d, '--threshold', '80');
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${join(d, 'p.kpl')}  40.0%  (2/5 rules and rows)`);
    expect(r.out).toContain(`${join(d, 'p.kpl')}:2  x: steps row \`>= 60: 70\``);
    expect(r.out).toContain(`${join(d, 'p.kpl')}:4  B: band \`B otherwise\` reached`);
    expect(r.out).toContain(`coverage below the threshold of 80%: ${join(d, 'p.kpl')} 40.0%`);
  });

  it('a policy without a test file counts as 0% in a directory; naming it directly is a usage error', () => {
    const d = dir({ 'p.kpl': POLICY, 'q.kpl': POLICY, 'p.kpltest': 'case c\n| id | a || grade |\n| E1 | 95 || A |\n| E2 | 60 || B |\n| E3 | 0 || B |\n' });
    const r = run('test', d, '--coverage');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${join(d, 'q.kpl')}  0.0%  (no test file q.kpltest)`);
    expect(run('test', d, '--threshold', '100').code).toBe(1);
    const u = run('test', join(d, 'q.kpl'));
    expect(u.code).toBe(64);
    expect(u.err).toContain('has no test file');
  });

  it('test-file syntax errors and unknown columns are reported with file, line and column', () => {
    const d = dir({ 'p.kpl': POLICY, 'p.kpltest': 'case c\n| id | b || grade |\n| E1 | 1 || A |\n| E2 |\n' });
    const r = run('test', d);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${join(d, 'p.kpltest')}:4:1: this row has 1 cell but the header (line 2) has 3`);
    copyFileSync(join(d, 'p.kpl'), join(d, 'r.kpl'));
    writeFileSync(join(d, 'r.kpltest'), 'case c\n| id | b || grde |\n| E1 | 1 || A |\n');
    const r2 = run('test', join(d, 'r.kpltest'));
    expect(r2.code).toBe(1);
    expect(r2.out).toContain(`${join(d, 'r.kpltest')}:2:8: \`people\` has no column \`b\``);
    expect(r2.out).toContain(`${join(d, 'r.kpltest')}:2:13: nothing called \`grde\` can be checked; did you mean \`grade\`?`);
  });

  it('a test file may name its policy; --case filters; --format json for tools', () => {
    const d = dir({ 'p.kpl': POLICY });
    const t = join(d, 'other.kpltest');
    writeFileSync(t, 'policy p.kpl\ncase one\n| id | a || total |\n| E1 | 95 || 100 |\ncase two\n| id | a || total |\n| E1 | 95 || 1 |\n');
    expect(run('test', t, '--case', 'one').code).toBe(0);
    const r = run('test', t, '--format', 'json', '--coverage');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.passed).toBe(false);
    expect(j.files[0].cases.map((c: { name: string; passed: boolean }) => [c.name, c.passed])).toEqual([['one', true], ['two', false]]);
    expect(j.coverage[0].policy).toBe(join(d, 'p.kpl'));
    // Both cases give E1 a = 95: the other two steps rows and band B are never reached.
    expect(j.coverage[0].missed.map((m: { category: string; owner: string; label: string; line: number }) => [m.category, m.owner, m.label, m.line])).toEqual([
      ['indicators', 'x', 'steps row `>= 60: 70`', 2],
      ['indicators', 'x', 'steps row `otherwise: 0`', 2],
      ['bands', 'B', 'band `B otherwise` reached', 4],
    ]);
  });

  it('usage errors: no path, a bad threshold', () => {
    expect(run('test').code).toBe(64);
    expect(run('test', 'policies/', '--threshold', 'x').code).toBe(64);
  });
});

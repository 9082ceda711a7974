/** `kpl lint` and the lint warnings in `kpl check`: output, JSON, exit statuses. */
import { describe, it, expect, vi, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli } from '../../helpers/run-cli.ts';

const run = runCli;
afterEach(() => vi.restoreAllMocks());

const UNREACHABLE = `input p key id { id: text; score: number in [0, 100] }
indicator a weight 100% = score
total = weighted * 0.884
grade {
  A >= 90
  B >= 80
  C < 80
}
`;

function file(text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'kpl-lint-')), 'p.kpl');
  writeFileSync(f, text);
  return f;
}

describe('kpl lint', () => {
  it('prints the warnings with location; exit 0, or 1 with --deny-warnings', () => {
    const f = file(UNREACHABLE);
    const r = run('lint', f);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`${f}:5:3: warning KPL2501: grade \`A\` is unreachable: it needs a total in [90, ∞), but the total is always in [0, 88.4]`);
    expect(r.err).toContain('help: the highest possible total is 88.4');
    expect(run('lint', f, '--deny-warnings').code).toBe(1);
    expect(run('lint', '--deny-warnings', 'policies/manager-360.kpl').code).toBe(0);
  });
  it('--ranges prints the range of every indicator and of the total', () => {
    const r = run('lint', '--ranges', 'policies/customer-manager.kpl');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\n {4}新增客户 +20% +10% +\[20, 100\] +8\.01\n/);
    expect(r.out).toMatch(/\ntotal +\[2, 100\]\n/);
  });
  it('JSON: diagnostics and ranges per file', () => {
    const r = run('lint', file(UNREACHABLE), '--ranges', '--format', 'json', '--lang', 'zh');
    const [j] = JSON.parse(r.out);
    expect(j.diagnostics[0]).toMatchObject({ code: 'KPL2501', severity: 'warning', line: 5, col: 3 });
    expect(j.diagnostics[0].message).toContain('等级 `A` 不可能出现');
    expect(j.ranges.total).toEqual({ min: '0', max: '88.4', text: '[0, 88.4]' });
    expect(j.ranges.bands[0]).toMatchObject({ grade: 'A', reachable: null, gradeReachable: false });
  });
  it('--min-swing sets the threshold of KPL2507', () => {
    const r = run('lint', 'policies/customer-manager.kpl', '--min-swing', '60%');
    expect(r.err).toContain('warning KPL2507: indicator `投诉` moves the total by at most 5.26 points, less than 60% of the narrowest grade band (`A`, 10 points wide)');
    expect(run('lint', 'policies/customer-manager.kpl', '--min-swing', 'lots').code).toBe(64);
  });
  it('a policy with errors: exit 2, no lint', () => {
    const r = run('lint', file('input p key id { id: text }\nindicator x weight 90% = 1\n'));
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('KPL25');
  });
});

describe('kpl check with lint warnings', () => {
  it('reports them without failing', () => {
    const f = file(UNREACHABLE);
    const r = run('check', f);
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning KPL2501');
    const j = JSON.parse(run('check', f, '--format', 'json').out);
    expect(j.map((d: { code: string }) => d.code)).toEqual(['KPL2501']);
  });
});

/**
 * The command line in-process: exit statuses, diagnostics format, output formats, explain,
 * schema, and that user mistakes never end in a stack trace.
 */
import { describe, it, expect, vi, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli } from '../../helpers/run-cli.ts';

const run = runCli;

afterEach(() => vi.restoreAllMocks());

const tmp = () => mkdtempSync(join(tmpdir(), 'kpl-cli-'));
const CM = ['policies/customer-manager.kpl', '--data', 'employees=policies/data/customer-manager/employees.csv'];

describe('kpl check', () => {
  it('prints file:line:col, code, message, the source line and a caret; exit 2', () => {
    const dir = tmp();
    const f = join(dir, 'bad.kpl');
    writeFileSync(f, 'input p key id { id: text; a: number }\nindicator x weight 90% = a\n');
    const r = run('check', f);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}:2:1: error KPL2003: weights under \`the policy\` sum to 90%, not 100%`);
    expect(r.err).toMatch(/\n {3}2 \| indicator x weight 90% = a\n {5}\| \^+/);
  });
  it('gives diagnostics as JSON and in Chinese', () => {
    const dir = tmp();
    const f = join(dir, 'bad.kpl');
    writeFileSync(f, 'input p key id { id: text }\nindicator x weight 100% = y\n');
    const r = run('check', f, '--format', 'json', '--lang', 'zh');
    const ds = JSON.parse(r.out);
    expect(ds[0]).toMatchObject({ code: 'KPL2001', severity: 'error', message: '未定义的名称 `y`', line: 2, col: 27 });
  });
  it('accepts the shipped policies', () => {
    expect(run('check', 'policies/customer-manager.kpl', 'policies/service-manager.kpl', 'policies/manager-360.kpl').code).toBe(0);
  });
});

describe('kpl eval', () => {
  it('prints a readable table by default on a terminal', () => {
    const stdout = process.stdout as { isTTY?: boolean };
    const was = stdout.isTTY;
    stdout.isTTY = true;
    const r = (() => {
      try {
        return run('eval', ...CM);
      } finally {
        stdout.isTTY = was;
      }
    })();
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^id\s+total\s+grade_before_distribution\s+grade\s+reward$/);
    expect(r.out).toMatch(/E0003\s+98\.91\s+A\s+A\s+4063\.42/);
  });
  it('writes JSON results', () => {
    const r = run('eval', ...CM, '--format', 'json');
    const j = JSON.parse(r.out);
    expect(j.columns).toEqual(['id', 'total', 'grade_before_distribution', 'grade', 'reward']);
    expect(j.rows[2]).toEqual({ id: 'E0003', total: '98.91', grade_before_distribution: 'A', grade: 'A', reward: '4063.42' });
  });
  it('accepts JSON data files', () => {
    const dir = tmp();
    const csv = readFileSync('policies/data/customer-manager/employees.csv', 'utf8').trim().split('\n');
    const header = csv[0]!.split(',');
    const rows = csv.slice(1, 4).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
    writeFileSync(join(dir, 'e.json'), JSON.stringify(rows));
    const r = run('eval', 'policies/customer-manager.kpl', '--data', `employees=${join(dir, 'e.json')}`, '--format', 'csv');
    expect(r.out.split('\n')[3]).toBe('E0003,98.91,A,A,4063.42');
  });
  it('bad data rows: located errors, every row in the results, exit 1', () => {
    const dir = tmp();
    const lines = readFileSync('policies/data/customer-manager/employees.csv', 'utf8').split('\n');
    lines[2] = lines[2]!.replace(/,400000\.00,/, ',abc,');
    writeFileSync(join(dir, 'e.csv'), lines.join('\n'));
    const out = join(dir, 'r.csv');
    const r = run('eval', 'policies/customer-manager.kpl', '--data', `employees=${join(dir, 'e.csv')}`, '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${join(dir, 'e.csv')}:3:5: error KPL3001: \`abc\` in column \`sales_target\` is not a number`);
    const res = readFileSync(out, 'utf8').trim().split('\n');
    expect(res.length).toBe(lines.filter((l) => l.trim()).length);
    expect(res[2]).toBe('E0002,,,,');
  });
  it('a policy with errors exits 2 without evaluating', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'p.kpl'), 'indicator x weight 100% = 1 +\n');
    expect(run('eval', join(dir, 'p.kpl'), '--data', 'x=y.csv').code).toBe(2);
  });
  it('evaluates a compiled plan exactly like the policy', () => {
    const dir = tmp();
    const plan = join(dir, 'plan.json');
    expect(run('compile', 'policies/customer-manager.kpl', '--out', plan).code).toBe(0);
    const a = run('eval', ...CM, '--format', 'csv').out;
    const b = run('eval', plan, ...CM.slice(1), '--format', 'csv').out;
    expect(b).toBe(a);
  });
});

describe('kpl explain and schema', () => {
  it('explains one person with indicators, band, quota rank and reward', () => {
    const r = run('explain', ...CM, 'E0003');
    expect(r.code).toBe(0);
    expect(r.out).toContain('销售完成率');
    expect(r.out).toMatch(/Forced distribution in 县域营销中心/);
    expect(r.out).toContain('Final grade: A');
  });
  it('prints the input JSON Schema', () => {
    const r = run('schema', 'policies/manager-360.kpl', '--table', 'ratings');
    const s = JSON.parse(r.out);
    expect(s.items.properties.rater_group).toEqual({ type: 'string', enum: ['领导', '平级', '下级'] });
  });
});

describe('usage errors', () => {
  it('unknown command, missing file and bad flag: message, no stack trace, exit 64', () => {
    for (const argv of [['frobnicate'], ['check', 'no-such.kpl'], ['eval', 'policies/customer-manager.kpl', '--format', 'xml', '--data', 'employees=policies/data/customer-manager/employees.csv']]) {
      const r = run(...argv);
      expect(r.code).toBe(64);
      expect(r.err).toMatch(/^kpl: /);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });
});

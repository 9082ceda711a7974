/**
 * The acceptance cases through `kpl eval --engine duckdb` and `--engine postgres` (the temporary
 * cluster of test/setup/postgres.ts): the expected bytes and exit status, as the other engines.
 * `kpl sql` prints one statement with the indicators as CTEs; `--ddl` the input tables.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const CASES = [
  { name: 'customer-manager', tables: ['employees'], exit: 0 },
  { name: 'service-manager', tables: ['employees', 'teams'], exit: 0 },
  { name: 'manager-360', tables: ['managers', 'ratings'], exit: 1 },
];

const kpl = join(process.cwd(), 'bin', 'kpl.mjs');

function run(...args: string[]) {
  return spawnSync(process.execPath, [kpl, ...args], { encoding: 'utf8' });
}

describe('the policy as SQL', () => {
  for (const c of CASES) {
    const data = c.tables.flatMap((t) => ['--data', `${t}=${join('policies', 'data', c.name, `${t}.csv`)}`]);
    const expected = readFileSync(join('policies', 'data', c.name, 'expected.csv'), 'utf8');
    it(`${c.name} through --engine duckdb gives expected.csv`, () => {
      const r = run('eval', join('policies', `${c.name}.kpl`), ...data, '--engine', 'duckdb', '--format', 'csv');
      expect(r.status, r.stderr).toBe(c.exit);
      expect(r.stdout).toBe(expected);
    });
    it(`${c.name} through --engine postgres gives expected.csv`, () => {
      const db = process.env['KPL_TEST_POSTGRES'];
      expect(db, 'the test setup starts PostgreSQL').toBeTruthy();
      const r = run('eval', join('policies', `${c.name}.kpl`), ...data, '--engine', 'postgres', '--db', db!, '--format', 'csv');
      expect(r.status, r.stderr).toBe(c.exit);
      expect(r.stdout).toBe(expected);
    });
  }

  it('kpl sql names the CTEs after the indicators, with their source lines', () => {
    const r = run('sql', join('policies', 'customer-manager.kpl'), '--dialect', 'postgres');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/customer-manager\.kpl:29 +indicator 销售完成率 = min\(ratio/);
    expect(r.stdout).toContain('"销售完成率" AS MATERIALIZED (');
    expect(r.stdout).toMatch(/ORDER BY p\.kpl_row;\n$/);
  });

  it('kpl sql --ddl prints the input tables', () => {
    const r = run('sql', join('policies', 'service-manager.kpl'), '--ddl', '--dialect', 'duckdb');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('CREATE TABLE "employees" (');
    expect(r.stdout).toContain('CREATE TABLE "teams" (');
  });

  it('a construct the dialect cannot compute exactly is refused, naming it', () => {
    const r = spawnSync(process.execPath, [kpl, 'sql', '-', '--dialect', 'duckdb'], {
      encoding: 'utf8',
      input: 'policy "p" version "1"\ninput people key id { id: text; Score: number; score: number }\nindicator a weight 100% = Score + score\noutput id, total\n',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('KPL5040');
    expect(r.stderr).toContain('`score`');
  });

  it('bad data rows are reported as by the other engines (the data read by src/data, not the columnar reader)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpl-sql-bad-'));
    try {
      const lines = readFileSync(join('policies', 'data', 'customer-manager', 'employees.csv'), 'utf8').split('\n');
      // A cell that is no number and a boolean that is neither true nor false, in two rows.
      lines[2] = lines[2]!.replace(/,(true|false),/, ',maybe,');
      lines[4] = lines[4]!.replace(/^([^,]*,[^,]*,[^,]*,)[^,]*/, '$112万');
      const file = join(dir, 'employees.csv');
      writeFileSync(file, lines.join('\n'));
      const args = ['eval', join('policies', 'customer-manager.kpl'), '--data', `employees=${file}`, '--format', 'csv'];
      const fast = run(...args);
      const duck = run(...args, '--engine', 'duckdb');
      expect(fast.status).toBe(1);
      expect(fast.stderr).toContain('KPL3011');
      expect({ status: duck.status, stdout: duck.stdout, stderr: duck.stderr }).toEqual({ status: fast.status, stdout: fast.stdout, stderr: fast.stderr });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

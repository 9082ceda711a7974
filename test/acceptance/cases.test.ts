/**
 * The acceptance cases through the evaluation contract, exactly as the CEO's checks run it:
 * `kpl eval POLICY --data NAME=FILE ... --out RESULTS.csv`, compared byte for byte with the case's
 * expected.csv (copied unchanged from shared/cases into policies/data/<case>/).
 */
import { describe, it, expect } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const CASES = [
  { name: 'customer-manager', tables: ['employees'], exit: 0 },
  { name: 'service-manager', tables: ['employees', 'teams'], exit: 0 },
  // M008 has no ratings at all: an error row, everyone else evaluated, exit status 1.
  { name: 'manager-360', tables: ['managers', 'ratings'], exit: 1 },
];

const kpl = join(process.cwd(), 'bin', 'kpl.mjs');
const shared = join(process.cwd(), '..', 'shared', 'cases');

describe('acceptance cases', () => {
  for (const c of CASES) {
    it(`${c.name} reproduces expected.csv byte for byte`, () => {
      const dir = join('policies', 'data', c.name);
      const out = join(mkdtempSync(join(tmpdir(), 'kpl-')), 'results.csv');
      const args = [kpl, 'eval', join('policies', `${c.name}.kpl`), ...c.tables.flatMap((t) => ['--data', `${t}=${join(dir, `${t}.csv`)}`]), '--out', out];
      const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(c.exit);
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(dir, 'expected.csv'), 'utf8'));
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    });

    it.runIf(existsSync(shared))(`${c.name} data and expected files are unchanged copies of shared/cases`, () => {
      for (const f of ['expected.csv', ...c.tables.map((t) => `${t}.csv`)]) {
        expect(readFileSync(join('policies', 'data', c.name, f)).equals(readFileSync(join(shared, c.name, f))), f).toBe(true);
      }
    });
  }

  it('reports the manager who cannot be assessed with file, line and reason', () => {
    const dir = join('policies', 'data', 'manager-360');
    const r = spawnSync(process.execPath, [kpl, 'eval', 'policies/manager-360.kpl', '--data', `managers=${dir}/managers.csv`, '--data', `ratings=${dir}/ratings.csv`, '--format', 'csv'], { encoding: 'utf8' });
    expect(r.stderr).toMatch(/managers\.csv:9:1: error KPL4001: M008: `民主评议` cannot be assessed/);
    expect(r.stdout.split('\n')).toContain('M008,error,,,,');
  });

  it('npm start prints every example and confirms the expected results', () => {
    const out = execFileSync(process.execPath, [join('node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/cli/examples.ts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out.match(/✓ identical to/g)?.length).toBe(3);
  });
});

/**
 * Golden output of `kpl diff` in its three formats, for policies/customer-manager.kpl against
 * `customer-manager-v2.kpl` (weights moved, a reward coefficient raised) on the shipped data.
 *
 *     UPDATE_GOLDEN=1 npx vitest run test/golden/diff
 */
import { describe, it, expect, vi, afterEach } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../helpers/run-cli.ts';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const DIR = import.meta.dirname;
const ARGS = ['diff', 'policies/customer-manager.kpl', 'test/golden/diff/customer-manager-v2.kpl', '--data', 'employees=policies/data/customer-manager/employees.csv'];

const run = runCli;
afterEach(() => vi.restoreAllMocks());

function compare(name: string, actual: string) {
  const file = join(DIR, name);
  if (UPDATE) writeFileSync(file, actual);
  else {
    if (!existsSync(file)) throw new Error(`no baseline ${file}: run UPDATE_GOLDEN=1 npx vitest run test/golden/diff`);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  }
}

describe('kpl diff goldens', () => {
  for (const [format, file] of [['table', 'customer-manager.diff.txt'], ['markdown', 'customer-manager.diff.md'], ['json', 'customer-manager.diff.json']] as const) {
    it(`--format ${format}`, () => {
      const r = run(...ARGS, '--format', format);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      // Plan hashes change with the compiler, not with the diff: keep them out of the baseline.
      compare(file, r.out.replace(/"hash": "[0-9a-f]{64}"/g, '"hash": "…"'));
    });
  }
  it('the JSON is valid and agrees with the table', () => {
    const j = JSON.parse(run(...ARGS, '--format', 'json').out);
    expect(j.old.version).toBe('2026.1');
    expect(j.new.version).toBe('2026.2');
    expect(j.impact.changed).toBe(j.impact.changes.length);
    // The weights moved, so every one of the 56 people's total moves.
    expect(j.impact.changes).toHaveLength(56);
    expect(j.impact.people).toBe(56);
    const table = run(...ARGS).out;
    for (const c of j.impact.changes) expect(table).toMatch(new RegExp(`\\n${c.key} `));
  });
});

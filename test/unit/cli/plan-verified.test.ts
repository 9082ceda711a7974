/**
 * A compiled plan is checked against its hash when read, and re-proved against the policy it
 * carries: an edited plan is refused (KPL2041; KPL5021 when the hash was recomputed), never run.
 */
import { describe, it, expect, afterEach, vi } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli } from '../../helpers/run-cli.ts';
import { sha256Hex } from '../../../src/checker/plan-hash.ts';

afterEach(() => vi.restoreAllMocks());

const CM = 'policies/customer-manager.kpl';
const DATA = 'employees=policies/data/customer-manager/employees.csv';

describe('plans are verified when read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpl-plan-'));
  const plan = join(dir, 'cm.plan.json');
  it('an untouched plan runs (re-indented too: the hash is of the content)', () => {
    expect(runCli('compile', CM, '--out', plan).code).toBe(0);
    expect(runCli('eval', plan, '--data', DATA, '--format', 'csv').code).toBe(0);
    const compact = join(dir, 'compact.plan.json');
    writeFileSync(compact, JSON.stringify(JSON.parse(readFileSync(plan, 'utf8'))));
    expect(runCli('check', compact).code).toBe(0);
  });
  it.each([
    ['a weight', (t: string) => t.replace('"value": "0.5"', '"value": "0.9"')],
    ['the total removed', (t: string) => JSON.stringify({ ...JSON.parse(t), total: undefined })],
    ['a grade band', (t: string) => t.replace(/"grade": "A"/, '"grade": "S"')],
  ])('an edited plan (%s) is refused by check and eval, exit 2', (_what, edit) => {
    const bad = join(dir, 'bad.plan.json');
    writeFileSync(bad, edit(readFileSync(plan, 'utf8')));
    for (const argv of [['check', bad], ['eval', bad, '--data', DATA], ['eval', bad, '--data', DATA, '--engine', 'exact']]) {
      const r = runCli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toContain('KPL2041');
      expect(r.out).toBe('');
    }
  });
  it('an edited plan with a recomputed hash is refused too (KPL5021), in both languages', () => {
    const p = JSON.parse(readFileSync(plan, 'utf8').replace('"value": "0.5"', '"value": "0.9"'));
    p.hash = sha256Hex(JSON.stringify({ ...p, hash: undefined, sources: undefined }));
    const bad = join(dir, 'rehashed.plan.json');
    writeFileSync(bad, JSON.stringify(p, null, 2));
    for (const argv of [['check', bad], ['eval', bad, '--data', DATA], ['eval', bad, '--data', DATA, '--engine', 'exact'], ['explain', bad, '--data', DATA, 'E0001']]) {
      const r = runCli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toContain('KPL5021');
      expect(r.out).toBe('');
    }
    expect(runCli('check', bad, '--lang', 'zh').err).toContain('计划文件与其方案的编译结果不符');
  });
});

/**
 * The seeded short run of the hostile-input fuzzer in `npm test` (test/fuzz/hostile.ts): mutated
 * policies, CSV, JSON and workbooks, a few through the command line with a hand-edited plan —
 * no crash, no diagnostic without a code, no input over its time budget, no exit 70, nothing
 * half-written. `npm run fuzz -- --hostile --runs 1000000` is the long run.
 */
import { describe, expect, it } from 'vitest';
import { describeFinding, inputAt, runInput, type Finding } from './hostile.ts';

const SEED = 20261208;
const RUNS = 200;

describe('hostile-input fuzzing', () => {
  it(`${RUNS} mutated policies and data files (seed ${SEED}): every failure is a diagnostic with a code`, () => {
    const findings: Finding[] = [];
    for (let i = 0; i < RUNS && findings.length < 3; i++) findings.push(...runInput(inputAt(SEED, i, 0.03), i, 10_000));
    expect(findings.map((f) => describeFinding(f, SEED).slice(0, 3000))).toEqual([]);
  }, 300_000);
});

describe('findings of the hostile fuzzer, kept', () => {
  it('a damaged workbook (SheetJS, the reader before, looped forever on it) is KPL3035, at once (seed 1, input 34)', async () => {
    const { readFileSync } = await import('node:fs');
    const { loadTables } = await import('../../src/index.ts');
    const bytes = new Uint8Array(readFileSync('test/fixtures/office/damaged-zip-loops-sheetjs.xlsx'));
    const t0 = performance.now();
    const r = loadTables([{ name: 'people', role: 'population', key: 'id', columns: [{ name: 'id', type: 'text', optional: false }] }], [{ table: 'people', fileName: 'people.xlsx', bytes, format: 'xlsx' }]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['KPL3035']);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

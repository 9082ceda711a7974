/**
 * The seeded short run of the hostile-input fuzzer in `npm test` (test/fuzz/hostile.ts): mutated
 * policies, CSV, JSON and workbooks, a few through the command line with a hand-edited plan —
 * no crash, no diagnostic without a code, no input over its time budget (enforced: the input runs
 * on a worker thread that is ended at the budget), no exit 70, nothing half-written, rows in =
 * rows out + rows reported. `npm run fuzz -- --hostile --runs 1000000` is the long run.
 */
import { describe, expect, it } from 'vitest';
import { caseCandidate, inputAt } from './hostile.ts';
import { runHostilePool } from './hostile-pool.ts';
import { parseCase } from '../conformance/harness/case-file.ts';

const SEED = 20261208;
const RUNS = 200;

describe('hostile-input fuzzing', () => {
  it(`${RUNS} mutated policies and data files (seed ${SEED}): every failure is a diagnostic with a code, every row accounted for`, async () => {
    const r = await runHostilePool({ seed: SEED, from: 0, runs: RUNS, budgetMs: 20_000, cliShare: 0.03, workers: 1, batch: 50 });
    expect(r.done).toBe(RUNS);
    expect(r.list.map((f) => caseCandidate({ ...f, kind: f.kind as never, input: inputAt(SEED, f.index, 0.03) }, SEED).slice(0, 3000))).toEqual([]);
  }, 600_000);

  it('the time budget is enforced: an input that never ends is stopped, kept as a timeout finding, and the run goes on', async () => {
    const r = await runHostilePool({ seed: SEED, from: 10, runs: 6, budgetMs: 6000, cliShare: 0, workers: 1, batch: 6, stallAt: [12] });
    expect(r.done).toBe(6);
    expect(r.list.map((f) => [f.kind, f.index, f.detail])).toEqual([['timeout', 12, expect.stringContaining('budget 6000 ms')]]);
    expect(r.doneBelow).toBe(16);
    // The finding as a conformance-case candidate: the input's policy and data, and how to replay it.
    const c = parseCase(caseCandidate({ ...r.list[0]!, kind: 'timeout', input: inputAt(SEED, 12, 0) }, SEED));
    expect(c.comment).toContain(`--hostile --seed ${SEED} --from 12 --runs 1`);
    expect(c.files.get('policy.kpl')).toBe(inputAt(SEED, 12, 0).policy.endsWith('\n') ? inputAt(SEED, 12, 0).policy : inputAt(SEED, 12, 0).policy + '\n');
  }, 120_000);
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

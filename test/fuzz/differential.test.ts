/**
 * The seeded differential run of `npm test`: 2,000 random policy × data pairs (a fixed seed, so
 * every run checks the same pairs) on the engine paths of the conformance harness — the
 * interpreter, the fast engine, `kpl eval` on both engines, the playground worker — which must
 * all give the interpreter's CSV bytes, diagnostics and exit status. (`kpl explain` runs once per
 * person; `npm run fuzz -- --all-paths` includes it.) A failure is shrunk by fast-check, printed as
 * a conformance case, and written to test-artifacts/fuzz/ ready to copy into
 * test/conformance/fuzz-found/.
 */
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printCase } from '../conformance/harness/case-file.ts';
import { differentialProperty, failureCase, kindOf, minimize, newStats, quickPaths, type Failure } from './differential.ts';

const SEED = 20261203;
const RUNS = 2000;

describe('differential fuzzing (fast-check)', () => {
  it(`${RUNS} random policy × data pairs give identical bytes on every path (seed ${SEED})`, () => {
    const stats = newStats();
    const sink: { last?: Failure; firstAt?: number } = {};
    const t0 = performance.now();
    const res = fc.check(differentialProperty(quickPaths(), stats, sink, { shrinkBudgetMs: 30_000 }), { numRuns: RUNS, seed: SEED });
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    const rate = stats.compiled / Math.max(1, stats.pairs);
    console.log(`differential fuzz: ${stats.pairs} pairs in ${secs} s, ${(100 * rate).toFixed(1)}% of the policies compiled`);
    if (res.failed && sink.last) {
      const text = printCase(failureCase(minimize(sink.last, quickPaths()), SEED));
      const dir = join('test-artifacts', 'fuzz');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `seed-${SEED}.kplcase`), text);
      expect.fail(`paths diverge after ${stats.pairs} pairs: ${kindOf(sink.last.outcome)}\nshrunk case (also in ${dir}/seed-${SEED}.kplcase):\n${text}`);
    }
    expect(res.failed, String(res.errorInstance ?? '')).toBe(false);
    expect(stats.pairs).toBe(RUNS);
    // the generator is only worth something if its policies compile
    expect(rate).toBeGreaterThan(0.9);
  }, 400_000);
});

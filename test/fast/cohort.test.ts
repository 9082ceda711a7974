/** The cohort steps over columns against the interpreter's: pool allocation to the cent, with ties. */
import { describe, it, expect } from 'vitest';
import { allocate, type Key } from '../../src/fast/cohort.ts';
import { allocateLargestRemainder } from '../../src/evaluator/allocate.ts';
import { Decimal, ZERO } from '../../src/numeric/decimal.ts';
import { fmtNorm } from '../../src/numeric/scaled.ts';
import { rng } from './gen-data.ts';

function numKey(values: number[], D: number): Extract<Key, { kind: 'num' }> {
  return { kind: 'num', D, n: Float64Array.from(values), x: new Float64Array(0), e: new Float64Array(0), exact: () => null };
}

describe('largest-remainder allocation over columns', () => {
  it('gives every share the interpreter gives, ties on remainders broken by key then order', () => {
    const r = rng(42);
    for (let round = 0; round < 60; round++) {
      const n = 1 + Math.floor(r() * 40);
      const groups = ['甲', '乙', '丙'].slice(0, 1 + (round % 3));
      // Few distinct weights: many equal remainders.
      const w = Array.from({ length: n }, () => (r() < 0.1 ? 0 : Math.floor(r() * 4) * 250 + (r() < 0.2 ? -100 : 0)));
      const per = Array.from({ length: n }, () => groups[Math.floor(r() * groups.length)]!);
      const poolOf = new Map(groups.map((g) => [g, Math.floor(r() * 10_000_000) + (round % 5 === 0 ? 0.5 : 0)]));
      const pool = per.map((g) => poolOf.get(g)! * 2); // pool at scale 3 (…0.5 → a thousandth)
      const keys = Array.from({ length: n }, (_, i) => `K${String(Math.floor(r() * 5)).padStart(2, '0')}-${i % 3}`);
      const decimals = round % 4 === 0 ? 0 : 2;
      const res = allocate(n, new Uint8Array(n).fill(1), per, numKey(pool, 3), numKey(w, 2), keys, decimals);
      for (const g of groups) {
        const members = per.flatMap((p, i) => (p === g ? [i] : []));
        if (!members.length) continue;
        const exact = allocateLargestRemainder(
          new Decimal(fmtNorm(pool[members[0]!]!, 3)),
          members.map((i) => Decimal.max(new Decimal(fmtNorm(w[i]!, 2)), ZERO)),
          decimals,
          members.map((i) => keys[i]!),
        );
        members.forEach((i, k) => expect(fmtNorm(res.shares[i]!, decimals)).toBe(exact.shares[k]!.toFixed()));
        const report = res.pools.find((p) => p.group === g)!;
        expect(report.unallocated.toFixed()).toBe(exact.unallocated.toFixed());
      }
    }
  });
});

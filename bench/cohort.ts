/**
 * The cohort step of the customer-manager policy — forced distribution per unit (at most 20% A,
 * floor, min 1, the rest to B; ranked by total desc, 销售完成率 desc, id asc) — and the reward
 * (base_bonus × grade coefficient, rounded half-up to the cent), in plain TypeScript written for
 * speed. The ceiling uses it, and so do the peer engines that cannot express a cohort step.
 */
import { COEF_TENTHS, mul, q, qNumber, roundScaled } from './exact.ts';
import type { Results } from './results-type.ts';

export interface CohortInput {
  readonly n: number;
  readonly unit: Int32Array;
  readonly unitCount: number;
  readonly id: readonly string[];
  readonly baseBonus: Float64Array;
  /** Per person, from the scoring step. */
  readonly totalCents: Float64Array;
  readonly sales: Float64Array;
  readonly gradeBefore: Uint8Array;
  /**
   * Exact comparison of two people's sales-completion scores, used when the floats are too close
   * to tell (the ceiling supplies one; engines that only give floats do not).
   */
  readonly exactSalesCmp?: (i: number, j: number) => number;
}

const A = 0;
const B = 1;

/** Fills `out.grade` and `out.rewardCents` (and copies totals and grades before). */
export function distributeAndReward(inp: CohortInput, out: Results): void {
  const { n, unit, unitCount, totalCents, sales, gradeBefore, id, exactSalesCmp } = inp;
  const headcount = new Int32Array(unitCount);
  const countA = new Int32Array(unitCount);
  for (let i = 0; i < n; i++) {
    const u = unit[i]!;
    headcount[u]!++;
    if (gradeBefore[i] === A) countA[u]!++;
  }
  // Only units with more A's than their quota need ranking.
  const quota = new Int32Array(unitCount);
  const start = new Int32Array(unitCount + 1);
  let over = 0;
  for (let u = 0; u < unitCount; u++) {
    const h = headcount[u]!;
    let qta = Math.floor(h / 5);
    if (qta < 1) qta = 1;
    if (qta > h) qta = h;
    quota[u] = qta;
    start[u] = over;
    if (countA[u]! > qta) over += countA[u]!;
  }
  start[unitCount] = over;
  out.totalCents.set(totalCents);
  out.gradeBefore.set(gradeBefore);
  const grade = out.grade;
  grade.set(gradeBefore);
  if (over > 0) {
    const fill = start.slice();
    const cand = new Int32Array(over);
    for (let i = 0; i < n; i++) {
      if (gradeBefore[i] !== A) continue;
      const u = unit[i]!;
      if (countA[u]! > quota[u]!) cand[fill[u]!++] = i;
    }
    const compare = (a: number, b: number): number => {
      const ta = totalCents[a]!;
      const tb = totalCents[b]!;
      if (ta !== tb) return tb - ta;
      const sa = sales[a]!;
      const sb = sales[b]!;
      if (exactSalesCmp && Math.abs(sa - sb) <= 1e-9 * Math.max(Math.abs(sa), Math.abs(sb))) {
        const c = exactSalesCmp(a, b);
        if (c !== 0) return -c;
      } else if (sa !== sb) return sb - sa;
      const ia = id[a]!;
      const ib = id[b]!;
      return ia < ib ? -1 : ia > ib ? 1 : a - b;
    };
    for (let u = 0; u < unitCount; u++) {
      const s = start[u]!;
      const e = start[u + 1]!;
      if (e === s) continue;
      const slice = cand.subarray(s, e).sort(compare);
      for (let k = quota[u]!; k < slice.length; k++) grade[slice[k]!] = B;
    }
  }
  const bonus = inp.baseBonus;
  const reward = out.rewardCents;
  for (let i = 0; i < n; i++) {
    const coef = COEF_TENTHS[grade[i]!]!;
    const b = bonus[i]!;
    const cents = Math.round(b * 100);
    // Integer cents × tenths, rounded half-up: exact while the bonus has at most 2 decimals.
    if (cents / 100 === b && b >= 0) reward[i] = Math.floor((cents * coef + 5) / 10);
    else reward[i] = Number(roundScaled(mul(qNumber(b), q(BigInt(coef), 10n)), 2));
  }
}

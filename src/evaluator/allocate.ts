/**
 * Sharing a pool in proportion to weights, to the cent, with the largest-remainder method:
 * every share is first rounded down to the unit (0.01), and the units left over go one each to
 * the largest remainders (ties: the earlier `order`, i.e. the lower key). Shares add up to the
 * pool exactly.
 */
import { Decimal, ZERO, snap } from '../numeric/decimal.ts';

export interface AllocationResult {
  readonly shares: Decimal[];
  /** The pool when every weight is zero (nobody can be paid), else 0. */
  readonly unallocated: Decimal;
}

/**
 * @param weights non-negative weights, one per member
 * @param tieOrder for each member a sort key; lower comes first among equal remainders
 * @param compareKeys the order of those keys (default: by code point; src/semantics/key-order.ts)
 */
export function allocateLargestRemainder(pool: Decimal, weights: readonly Decimal[], decimals: number, tieOrder: readonly string[], compareKeys: (a: string, b: string) => number = (a, b) => (a < b ? -1 : a > b ? 1 : 0)): AllocationResult {
  const total = weights.reduce((a, w) => a.plus(w), ZERO);
  if (total.isZero() || weights.length === 0) return { shares: weights.map(() => ZERO), unallocated: pool };
  const unit = new Decimal(10).pow(-decimals);
  const poolUnits = pool.div(unit).floor();
  const exact = weights.map((w) => snap(pool.times(w).div(total).div(unit)));
  const floors = exact.map((x) => x.floor());
  let left = poolUnits.minus(floors.reduce((a, f) => a.plus(f), ZERO)).toNumber();
  const order = exact
    .map((x, i) => ({ i, rem: x.minus(floors[i]!) }))
    .sort((a, b) => b.rem.cmp(a.rem) || compareKeys(tieOrder[a.i]!, tieOrder[b.i]!) || a.i - b.i);
  const shares = floors.slice();
  for (let k = 0; left > 0 && k < order.length; k++, left--) shares[order[k]!.i] = shares[order[k]!.i]!.plus(1);
  return { shares: shares.map((s) => s.times(unit)), unallocated: pool.minus(poolUnits.times(unit)) };
}

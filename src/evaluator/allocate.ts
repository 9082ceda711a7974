/**
 * Sharing a pool in proportion to weights, to the cent, with the largest-remainder method:
 * every share is first rounded down to the unit (0.01), and the units left over go one each to
 * the largest remainders (ties: the earlier `order`, i.e. the lower key). Shares add up to the
 * pool exactly.
 *
 * Computed in integers (BigInt) over a common denominator, not with decimal division: a
 * remainder like 40/156 has no finite decimal, and rounded to any number of digits two equal
 * remainders of shares of different sizes come out unequal — the tie would not go to the lower key.
 */
import { Decimal, ZERO } from '../numeric/decimal.ts';

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
  const unit = new Decimal(10).pow(-decimals);
  const total = weights.reduce((a, w) => a.plus(w), ZERO);
  if (total.isZero() || weights.length === 0) return { shares: weights.map(() => ZERO), unallocated: pool };
  // Every value as an integer over 10^s; a share is pool × w × 10^decimals / total units.
  const s = Math.max(pool.decimalPlaces(), ...weights.map((w) => w.decimalPlaces()));
  const p = scaled(pool, s);
  const up = decimals >= 0 ? 10n ** BigInt(decimals) : 1n;
  const down = decimals < 0 ? 10n ** BigInt(-decimals) : 1n;
  const den = scaled(total, s) * 10n ** BigInt(s) * down;
  const poolUnits = floorDiv(p * up, 10n ** BigInt(s) * down);
  const floors: bigint[] = [];
  const rems: bigint[] = [];
  let given = 0n;
  for (const w of weights) {
    const num = p * scaled(w, s) * up;
    const f = floorDiv(num, den);
    floors.push(f);
    rems.push(num - f * den);
    given += f;
  }
  let left = poolUnits - given;
  const order = weights
    .map((_, i) => i)
    .sort((a, b) => (rems[a]! > rems[b]! ? -1 : rems[a]! < rems[b]! ? 1 : 0) || compareKeys(tieOrder[a]!, tieOrder[b]!) || a - b);
  for (let k = 0; left > 0n && k < order.length; k++, left--) floors[order[k]!]! += 1n;
  return {
    shares: floors.map((f) => new Decimal(f.toString()).times(unit)),
    unallocated: pool.minus(new Decimal(poolUnits.toString()).times(unit)),
  };
}

/** x × 10^s as an integer (x has at most s decimal places). */
function scaled(x: Decimal, s: number): bigint {
  return BigInt(x.toFixed(s).replace('.', ''));
}

/** ⌊a / b⌋ for b > 0. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a < 0n && q * b !== a ? q - 1n : q;
}

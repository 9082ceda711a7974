/** Small helpers shared by the built-in records. */
import type { Decimal } from '../numeric/decimal.ts';
import type { Value } from '../data/value.ts';
import type { LintArg } from './types.ts';

/** A value known to be a number (the checker has typed the argument). */
export const num = (v: Value): Decimal => v as Decimal;

/** A strict call may be missing when any argument may be. */
export const anyMissing = (args: readonly LintArg[]): boolean => args.some((a) => a.range.maybeNull);

/** The rounding modes of `round`, in the order the fast engine numbers them. */
export const ROUNDING_MODES = ['half_up', 'half_even', 'down', 'up', 'floor', 'ceil'] as const;

/**
 * min/max: an argument that is never below (min) / above (max) another one never decides the
 * result; reports each such argument once, against the first argument that dominates it.
 */
export function capsMinMax(args: readonly LintArg[], isMin: boolean, cap: (loser: number, winner: number) => void, lo: (i: LintArg['iv']) => Decimal, hi: (i: LintArg['iv']) => Decimal): void {
  const iv = args.map((a) => a.iv);
  const removed = new Set<number>();
  const dominated = (i: number, j: number) => (isMin ? hi(iv[j]!).lte(lo(iv[i]!)) : lo(iv[j]!).gte(hi(iv[i]!)));
  iv.forEach((_, i) => {
    const j = iv.findIndex((_, j2) => j2 !== i && !removed.has(j2) && dominated(i, j2));
    if (j < 0) return;
    removed.add(i);
    cap(i, j);
  });
}

/**
 * The ranking a forced distribution uses (README 3.11), for both engines: the tie-break chain
 * (default: total, highest first), compared key by key — the first key on which two people differ
 * decides; a missing key ranks last whichever the direction; people equal on every key keep their
 * input order. Engines supply how to read and compare one key (the fast engine its numeric
 * columns, the interpreter its values); the order itself is decided here.
 */
import type { Distribution, Expr } from '../plan/schema.ts';
import type { Value } from '../data/value.ts';
import { Decimal, cmpExact } from '../numeric/decimal.ts';

export interface RankingKey {
  readonly expr: Expr;
  readonly desc: boolean;
}

const TOTAL: Expr = { k: 'ref', ref: 'total', name: 'total' };

/** The keys people are ranked by: the `tie-break` chain, or the total (highest first) without one. */
export function rankingChain(d: Distribution): readonly RankingKey[] {
  return d.tieBreak.length ? d.tieBreak : [{ expr: TOTAL, desc: true }];
}

/** How an engine reads the keys of the people it ranks. */
export interface RankKeys<P> {
  readonly count: number;
  readonly desc: readonly boolean[];
  /** Whether person p has no value for key k. */
  missing(p: P, k: number): boolean;
  /** Ascending comparison of two present values of key k (as compareValues). */
  compare(a: P, b: P, k: number): number;
  /** Input position of p (the last resort). */
  position(p: P): number;
}

/** The order of two present values of a key in the ranking, from their ascending comparison. */
export function keyOrder(ascending: number, desc: boolean): number {
  return desc ? -ascending : ascending;
}

/** Ranking order of a and b (negative: a first), from key `from` on (earlier keys were equal). */
export function compareRanked<P>(keys: RankKeys<P>, a: P, b: P, from = 0): number {
  for (let k = from; k < keys.count; k++) {
    const ma = keys.missing(a, k);
    const mb = keys.missing(b, k);
    if (ma || mb) {
      if (ma !== mb) return ma ? 1 : -1;
      continue;
    }
    const c = keys.compare(a, b, k);
    if (c !== 0) return keyOrder(c, keys.desc[k]!);
  }
  return keys.position(a) - keys.position(b);
}

/** Ascending order of two values of one key: numbers exactly, else text (and booleans: false < true) by code point; missing last. */
export function compareValues(a: Value, b: Value): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (a instanceof Decimal && b instanceof Decimal) return cmpExact(a, b);
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * Interval arithmetic for the range analysis, on top of the checker's intervals
 * (src/numeric/interval.ts): products and quotients with unbounded ends, monotone functions
 * (round, abs), and display with outward rounding so a printed bound is never tighter than
 * the true one. Finite ends of computed intervals are treated as closed: every range is a
 * superset of the values that can occur, which is what makes "never" findings sound.
 */
import * as I from './interval.ts';
import { Decimal, roundTo, type RoundingMode } from './decimal.ts';

export type Interval = I.Interval;
export const { ALL, point, between, intersect, isEmpty, hull, subtract, subtractAll, contains, neg, add, sub, minOf, maxOf } = I;

const POS = new Decimal(Infinity);
const NEG = new Decimal(-Infinity);
const ZERO = new Decimal(0);
const ONE = new Decimal(1);

/** Lower and upper end as extended decimals (±Infinity for an unbounded end). */
export const lo = (i: Interval): Decimal => i.lo.v ?? NEG;
export const hi = (i: Interval): Decimal => i.hi.v ?? POS;

export function fromEnds(l: Decimal, h: Decimal): Interval {
  return { lo: l.isFinite() ? { v: l, closed: true } : { closed: false }, hi: h.isFinite() ? { v: h, closed: true } : { closed: false } };
}

/** 0 × ∞ = 0: the bound of x × 0 is 0 however large x gets. */
function times(a: Decimal, b: Decimal): Decimal {
  return a.isZero() || b.isZero() ? ZERO : a.times(b);
}

export function mul(a: Interval, b: Interval): Interval {
  const ps = [times(lo(a), lo(b)), times(lo(a), hi(b)), times(hi(a), lo(b)), times(hi(a), hi(b))];
  return fromEnds(Decimal.min(...ps), Decimal.max(...ps));
}

/** 1 / b for an interval that excludes 0; ALL when it does not. */
export function reciprocal(b: Interval): Interval {
  if (contains(b, ZERO)) return ALL;
  const l = lo(b);
  const h = hi(b);
  // b entirely above 0 (possibly open at 0) or entirely below 0 (possibly open at 0).
  const rl = h.isZero() ? NEG : ONE.div(h);
  const rh = l.isZero() ? POS : ONE.div(l);
  return fromEnds(rl, rh);
}

export function div(a: Interval, b: Interval): Interval {
  if (contains(b, ZERO)) return ALL;
  return mul(a, reciprocal(b));
}

/** a ÷ b, or z where b is 0 (the `ratio` built-in). */
export function ratio(a: Interval, b: Interval, z: Interval): Interval {
  if (!contains(b, ZERO)) return div(a, b);
  const parts = subtract(b, point(ZERO)).map((p) => mul(a, reciprocal(p)));
  return parts.reduce((x, y) => hull(x, y), z);
}

export function abs(a: Interval): Interval {
  if (lo(a).gte(0)) return a;
  if (hi(a).lte(0)) return neg(a);
  return fromEnds(ZERO, Decimal.max(lo(a).neg(), hi(a)));
}

/** Rounding is monotone: round the ends. */
export function round(a: Interval, decimals: number, mode: RoundingMode): Interval {
  const r = (d: Decimal) => (d.isFinite() ? roundTo(d, decimals, mode) : d);
  return fromEnds(r(lo(a)), r(hi(a)));
}

/** hi − lo; Infinity when unbounded. */
export function width(a: Interval): Decimal {
  return hi(a).minus(lo(a));
}

/** Largest absolute value in the interval. */
export function maxAbs(a: Interval): Decimal {
  return Decimal.max(lo(a).abs(), hi(a).abs());
}

export const isPoint = (a: Interval): boolean => !!a.lo.v && !!a.hi.v && a.lo.v.eq(a.hi.v);

// ── display ──────────────────────────────────────────────────────────────
const PLACES = 4;

/** A number for messages, at most 4 decimals, rounded down (`floor`) or up (`ceil`) when inexact. */
export function fmt(d: Decimal, direction: 'floor' | 'ceil' | 'half_up' = 'half_up'): string {
  if (!d.isFinite()) return d.isNeg() ? '-∞' : '∞';
  const s = roundTo(d, PLACES, direction).toFixed();
  return s === '-0' ? '0' : s;
}

/** `[0, 100]`, `(-∞, 5]`: ends rounded outwards, so the printed interval contains the true one. */
export function show(i: Interval): string {
  if (isEmpty(i)) return '∅';
  const l = i.lo.v ? (i.lo.closed ? '[' : '(') + fmt(i.lo.v, 'floor') : '(-∞';
  const h = i.hi.v ? fmt(i.hi.v, 'ceil') + (i.hi.closed ? ']' : ')') : '∞)';
  return `${l}, ${h}`;
}

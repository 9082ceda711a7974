/**
 * Intervals over exact decimals, with open/closed ends and infinities. Used to prove that grade
 * bands partition the range, to find unreachable step rows, and to know whether a divisor can be 0.
 */
import { Decimal, ONE, ZERO } from './decimal.ts';

export interface End {
  /** undefined = infinite */
  readonly v?: Decimal;
  readonly closed: boolean;
}
export interface Interval {
  readonly lo: End;
  readonly hi: End;
}

export const ALL: Interval = { lo: { closed: false }, hi: { closed: false } };
export const point = (v: Decimal): Interval => ({ lo: { v, closed: true }, hi: { v, closed: true } });
export const between = (lo: Decimal, hi: Decimal, loClosed = true, hiClosed = true): Interval => ({ lo: { v: lo, closed: loClosed }, hi: { v: hi, closed: hiClosed } });

export function isEmpty(i: Interval): boolean {
  if (!i.lo.v || !i.hi.v) return false;
  const c = i.lo.v.cmp(i.hi.v);
  return c > 0 || (c === 0 && !(i.lo.closed && i.hi.closed));
}

export function contains(i: Interval, x: Decimal): boolean {
  if (i.lo.v) {
    const c = x.cmp(i.lo.v);
    if (c < 0 || (c === 0 && !i.lo.closed)) return false;
  }
  if (i.hi.v) {
    const c = x.cmp(i.hi.v);
    if (c > 0 || (c === 0 && !i.hi.closed)) return false;
  }
  return true;
}

function maxLo(a: End, b: End): End {
  if (!a.v) return b;
  if (!b.v) return a;
  const c = a.v.cmp(b.v);
  return c > 0 ? a : c < 0 ? b : { v: a.v, closed: a.closed && b.closed };
}
function minHi(a: End, b: End): End {
  if (!a.v) return b;
  if (!b.v) return a;
  const c = a.v.cmp(b.v);
  return c < 0 ? a : c > 0 ? b : { v: a.v, closed: a.closed && b.closed };
}

export function intersect(a: Interval, b: Interval): Interval {
  return { lo: maxLo(a.lo, b.lo), hi: minHi(a.hi, b.hi) };
}

/** a minus b, as up to two intervals. */
export function subtract(a: Interval, b: Interval): Interval[] {
  if (isEmpty(intersect(a, b))) return [a];
  const out: Interval[] = [];
  if (b.lo.v) {
    const left: Interval = { lo: a.lo, hi: { v: b.lo.v, closed: !b.lo.closed } };
    if (!isEmpty(intersect(left, a))) out.push(intersect(left, a));
  }
  if (b.hi.v) {
    const right: Interval = { lo: { v: b.hi.v, closed: !b.hi.closed }, hi: a.hi };
    if (!isEmpty(intersect(right, a))) out.push(intersect(right, a));
  }
  return out;
}

/** Subtracts b from every interval of a set. */
export function subtractAll(set: Interval[], b: Interval): Interval[] {
  return set.flatMap((i) => subtract(i, b));
}

/** A value inside a non-empty interval, chosen to read well in a message (e.g. 89.995 in (89.99, 90)). */
export function sample(i: Interval): Decimal {
  const { lo, hi } = i;
  if (lo.v && hi.v) {
    if (lo.closed) return lo.v;
    if (hi.closed) return hi.v;
    return lo.v.plus(hi.v).div(2);
  }
  if (lo.v) return lo.closed ? lo.v : lo.v.plus(1);
  if (hi.v) return hi.closed ? hi.v : hi.v.minus(1);
  return new Decimal(0);
}

export function hull(a: Interval, b: Interval): Interval {
  const lo = !a.lo.v || !b.lo.v ? { closed: false } : a.lo.v.lt(b.lo.v) ? a.lo : b.lo;
  const hi = !a.hi.v || !b.hi.v ? { closed: false } : a.hi.v.gt(b.hi.v) ? a.hi : b.hi;
  return { lo, hi };
}

// ── arithmetic (closedness is approximated as closed: ranges are for checks, not proofs of exclusion) ──
const inf = (sign: number): End => ({ closed: false, ...(sign === 0 ? {} : {}) });

export function add(a: Interval, b: Interval): Interval {
  return {
    lo: a.lo.v && b.lo.v ? { v: a.lo.v.plus(b.lo.v), closed: a.lo.closed && b.lo.closed } : inf(-1),
    hi: a.hi.v && b.hi.v ? { v: a.hi.v.plus(b.hi.v), closed: a.hi.closed && b.hi.closed } : inf(1),
  };
}
export function neg(a: Interval): Interval {
  return { lo: a.hi.v ? { v: a.hi.v.neg(), closed: a.hi.closed } : inf(-1), hi: a.lo.v ? { v: a.lo.v.neg(), closed: a.lo.closed } : inf(1) };
}
export function sub(a: Interval, b: Interval): Interval {
  return add(a, neg(b));
}
export function mul(a: Interval, b: Interval): Interval {
  if (!a.lo.v || !a.hi.v || !b.lo.v || !b.hi.v) {
    // Keep the common "non-negative × non-negative" case bounded below.
    if (a.lo.v?.gte(0) && b.lo.v?.gte(0)) return { lo: { v: a.lo.v.times(b.lo.v), closed: true }, hi: inf(1) };
    return ALL;
  }
  const ps = [a.lo.v.times(b.lo.v), a.lo.v.times(b.hi.v), a.hi.v.times(b.lo.v), a.hi.v.times(b.hi.v)];
  return between(extreme(ps, 1), extreme(ps, -1));
}

/**
 * Decimal.min (n = 1) or Decimal.max (n = -1) without copying every argument: the same choice,
 * down to the sign of a zero (min(0, -0) is -0), returned as the argument itself (Decimals are immutable).
 */
function extreme(ps: readonly Decimal[], n: 1 | -1): Decimal {
  let x = ps[0]!;
  for (let i = 1; i < ps.length; i++) {
    const y = ps[i]!;
    if (!y.s) return y;
    const k = x.cmp(y);
    if (k === n || (k === 0 && x.s === n)) x = y;
  }
  return x;
}
export function div(a: Interval, b: Interval): Interval {
  if (contains(b, ZERO)) return ALL;
  const l = b.lo.v;
  const h = b.hi.v;
  if (l && h && !l.isZero() && !h.isZero()) return mul(a, between(reciprocal(h), reciprocal(l)));
  // An end at 0 (open, as 0 is excluded) or at infinity: 1/b is unbounded on that side, and
  // tends to 0 (never reaching it) on the infinite side. b lies wholly above or below 0.
  const zeroEnd: End = { v: ZERO, closed: false };
  const r: Interval =
    l && l.gte(ZERO)
      ? { lo: h ? { v: reciprocal(h), closed: true } : zeroEnd, hi: l.isZero() ? inf(1) : { v: reciprocal(l), closed: true } }
      : { lo: !h || h.isZero() ? inf(-1) : { v: reciprocal(h), closed: true }, hi: l ? { v: reciprocal(l), closed: true } : zeroEnd };
  return mul(a, r);
}

/** 1/x, once per value: divisors are mostly literals (shared by text), and 40-digit division is slow. */
const reciprocals = new WeakMap<Decimal, Decimal>();
function reciprocal(x: Decimal): Decimal {
  let r = reciprocals.get(x);
  if (r === undefined) reciprocals.set(x, (r = ONE.div(x)));
  return r;
}
/** clamp(a, lo, hi) = min(max(a, lo), hi), as the built-in computes it (never a reversed interval). */
export function clampTo(a: Interval, lo: Interval, hi: Interval): Interval {
  return minOf(maxOf(a, lo), hi);
}
export function minOf(a: Interval, b: Interval): Interval {
  return { lo: !a.lo.v || !b.lo.v ? inf(-1) : a.lo.v.lt(b.lo.v) ? a.lo : b.lo, hi: !a.hi.v ? b.hi : !b.hi.v ? a.hi : a.hi.v.lt(b.hi.v) ? a.hi : b.hi };
}
export function maxOf(a: Interval, b: Interval): Interval {
  return neg(minOf(neg(a), neg(b)));
}

export function describe(i: Interval): string {
  const lo = i.lo.v ? (i.lo.closed ? '[' : '(') + i.lo.v.toFixed() : '(-∞';
  const hi = i.hi.v ? i.hi.v.toFixed() + (i.hi.closed ? ']' : ')') : '∞)';
  return `${lo}, ${hi}`;
}

/**
 * The whole numbers of an interval, as the closed interval from the first to the last (an end
 * stays infinite); undefined when it holds none (e.g. (4, 5)). For values known to be integers.
 */
export function wholeNumbers(i: Interval): Interval | undefined {
  const lo: End = i.lo.v ? { v: i.lo.closed ? i.lo.v.ceil() : i.lo.v.floor().plus(1), closed: true } : i.lo;
  const hi: End = i.hi.v ? { v: i.hi.closed ? i.hi.v.floor() : i.hi.v.ceil().minus(1), closed: true } : i.hi;
  const out = { lo, hi };
  return isEmpty(out) ? undefined : out;
}

/**
 * The parts of `ivs` a value can take: for values known to be whole numbers (a count) their whole
 * numbers, so `>= 5` and `<= 4` leave no gap; otherwise the non-empty intervals as they are.
 */
export function reachable(ivs: readonly Interval[], whole: boolean): Interval[] {
  return whole ? ivs.flatMap((iv) => wholeNumbers(iv) ?? []) : ivs.filter((iv) => !isEmpty(iv));
}

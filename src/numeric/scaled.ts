/**
 * Numeric runtime of the fast engine. Numbers travel in one of two forms:
 *
 * - **exact**: an integer `n` held in a double with |n| < 2^53 and a scale `D` known when the code
 *   is generated; the value is n / 10^D exactly. Every +, −, × of exact values is integer
 *   arithmetic, so it is exact as long as the result stays below 2^53 (checked).
 * - **float**: a double `x` with an upper bound `e` on its distance from the exact value
 *   (0 when `x` is the exact value). Every decision exact arithmetic could take differently
 *   (a comparison, a stated rounding) is taken only when `x` is further than the error from the
 *   decision boundary; otherwise the person is recomputed by the exact interpreter.
 *
 * The exact interpreter (decimal.js, 40 significant digits) deviates from the true real value only
 * after non-terminating divisions, by ~1e-40 relative: far below any error bound used here, so a
 * decision taken outside the error bound is the decision the interpreter takes too.
 */

/** 2^53: every integer below it in magnitude is a double. */
export const LIM = 9007199254740992;
/** Unit roundoff bound used for error propagation (2^-52, twice the real one, for the rounding of the bounds themselves). */
export const U = 2.220446049250313e-16;
/** Largest scale kept exact: 10^D must be a double and leave room for digits. */
export const MAX_SCALE = 15;

/** 10^0 … 10^22, all exact doubles. */
export const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** Rounding modes of `round(x, d, mode)`, numbered for the generated code. */
export const MODES = ['half_up', 'half_even', 'down', 'up', 'floor', 'ceil'] as const;
export type ModeName = (typeof MODES)[number];
export const HALF_UP = 0;
export const HALF_EVEN = 1;

/**
 * The source text of a number for generated code. The only way a number enters generated code:
 * finite values only, checked against a plain numeric-literal pattern, negatives parenthesised.
 */
export function numLit(v: number): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`fast engine: cannot emit ${String(v)} as a literal`);
  if (Object.is(v, -0)) return '(-0)';
  const s = String(Math.abs(v));
  if (!/^(\d+(\.\d+)?|\d(\.\d+)?e[+-]\d+)$/.test(s)) throw new Error(`fast engine: unexpected number text ${s}`);
  return v < 0 ? `(-${s})` : s;
}

/** An integer index for generated code (array positions, scales). */
export function intLit(v: number): string {
  if (!Number.isSafeInteger(v)) throw new Error(`fast engine: ${String(v)} is not an integer`);
  return numLit(v);
}

/**
 * Parses a plain decimal text (`-12.50`, `.5`, `+3`, `5.`) into an exact scaled integer: the
 * normalised scale (trailing fractional zeros dropped) and the integer. `undefined` when the text
 * is not a plain decimal or has more than 15 significant digits (not exact in a double).
 */
export function parseScaled(text: string): { n: number; d: number } | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return undefined;
  let frac = m[3] ?? '';
  let end = frac.length;
  while (end > 0 && frac.charCodeAt(end - 1) === 48) end--;
  frac = frac.slice(0, end);
  const digits = (m[2]! + frac).replace(/^0+/, '');
  if (digits.length > 15) return undefined;
  const n = digits === '' ? 0 : Number(digits);
  return { n: m[1] === '-' && n !== 0 ? -n : n, d: frac.length };
}

/** Plain decimal text of n / 10^D, trailing fractional zeros removed; zero has no sign. */
export function fmtNorm(n: number, D: number): string {
  if (n === 0) return '0';
  const neg = n < 0;
  let s = String(neg ? -n : n);
  if (D > 0) {
    if (s.length <= D) s = '0'.repeat(D - s.length + 1) + s;
    let end = s.length;
    const point = s.length - D;
    while (end > point && s.charCodeAt(end - 1) === 48) end--;
    s = end > point ? s.slice(0, point) + '.' + s.slice(point, end) : s.slice(0, point);
  }
  return neg ? '-' + s : s;
}

/** Plain decimal text of n / 10^D with exactly `d` decimals (d >= D: padded); zero has no sign. */
export function fmtPadded(n: number, D: number, d: number): string {
  const neg = n < 0 && n !== 0;
  let s = String(neg ? -n : n);
  if (d > D) s += '0'.repeat(d - D);
  if (d > 0) {
    if (s.length <= d) s = '0'.repeat(d - s.length + 1) + s;
    s = s.slice(0, s.length - d) + '.' + s.slice(s.length - d);
  }
  return neg ? '-' + s : s;
}

/**
 * Rounds the exact n / 10^D to d < D decimals; returns the integer at scale d.
 * Exact: integer division with the remainder corrected, for |n| < 2^53.
 */
export function roundExact(n: number, D: number, d: number, mode: number): number {
  if (d >= D) return n * POW10[d - D]!;
  const p = POW10[D - d]!;
  const neg = n < 0;
  const a = neg ? -n : n;
  let q = Math.floor(a / p);
  let r = a - q * p;
  if (r < 0) {
    q -= 1;
    r += p;
  } else if (r >= p) {
    q += 1;
    r -= p;
  }
  if (r !== 0) {
    let up: boolean;
    switch (mode) {
      case 0: // half_up: away from zero at .5
        up = 2 * r >= p;
        break;
      case 1: // half_even
        up = 2 * r > p || (2 * r === p && q % 2 === 1);
        break;
      case 2: // down (toward zero)
        up = false;
        break;
      case 3: // up (away from zero)
        up = true;
        break;
      case 4: // floor
        up = neg;
        break;
      default: // ceil
        up = !neg;
    }
    if (up) q += 1;
  }
  return neg ? -q : q;
}

/**
 * Rounds a float x (error ≤ e) to d decimals; the integer at scale d, or NaN when the exact value
 * could lie on the other side of a rounding boundary (the caller recomputes exactly).
 */
export function roundFloat(x: number, e: number, d: number, mode: number): number {
  const p = POW10[d]!;
  const y = x * p;
  const ey = 2 * (e * p + U * Math.abs(y)) + 1e-300;
  const neg = y < 0;
  const a = neg ? -y : y;
  if (!(a < 1125899906842624)) return NaN; // 2^50: the fraction below would lose bits
  const fl = Math.floor(a);
  const f = a - fl;
  let q: number;
  if (mode <= 1) {
    if (Math.abs(f - 0.5) <= ey) return NaN;
    q = f > 0.5 ? fl + 1 : fl;
  } else {
    if (f <= ey || 1 - f <= ey) return NaN;
    const away = mode === 3 || (mode === 4 && neg) || (mode === 5 && !neg);
    q = away ? fl + 1 : fl;
  }
  return neg ? -q : q;
}

/**
 * Compares two floats with error bounds: -1, 0, 1, or NaN when the exact values could compare
 * differently. Both bounds 0: the floats are the exact values and compare exactly.
 */
export function cmpFloat(xa: number, ea: number, xb: number, eb: number): number {
  const d = xa - xb;
  const m = ea + eb;
  if (m === 0) return d < 0 ? -1 : d > 0 ? 1 : 0;
  if (Math.abs(d) > 2 * m + U * (Math.abs(xa) + Math.abs(xb))) return d < 0 ? -1 : 1;
  return NaN;
}

/** The float form of an exact value n / 10^D and its error bound. */
export function toFloat(n: number, D: number): number {
  return n / POW10[D]!;
}

/**
 * Sum of the exact integers of `a` after sorting ascending and dropping `n` lowest and `n` highest
 * (as `group_mean` trims); NaN when a partial sum leaves the exact range.
 */
export function trimSum(a: number[], n: number): number {
  if (n > 0) a.sort((x, y) => x - y);
  let s = 0;
  for (let i = n; i < a.length - n; i++) {
    s += a[i]!;
    if (!(Math.abs(s) < LIM)) return NaN;
  }
  return s;
}

/** Least common multiple of two positive integers; NaN when it leaves the exact range. */
export function lcm(a: number, b: number): number {
  // Euclid's gcd, then a / gcd × b (no array swap: this runs per person and group).
  let x = a;
  let y = b;
  while (y !== 0) {
    const r = x % y;
    x = y;
    y = r;
  }
  const m = (a / x) * b;
  return m < LIM ? m : NaN;
}

/**
 * The weighted sum of a node's applicable children, as the interpreter's weightedOf computes it
 * (Σ s·w over children whose score is present, and Σ w): for nodes with many children, where
 * generated code would be long. Child k's score is at index idx[k] of N / X / E (exact scaled
 * integer at scale sd[k] — −1: never exact —, else float and error; both NaN: missing); its
 * weight is w[k] at scale Dw. Result in out: [n at scale Dacc (NaN: not exact), x, e, Σw].
 */
export function weightedSum(N: Float64Array, X: Float64Array, E: Float64Array, idx: Int32Array, sd: Int8Array, w: Float64Array, Dw: number, Dacc: number, out: Float64Array): void {
  let accN = 0;
  let exact = Dacc >= 0;
  let accX = 0;
  let accE = 0;
  let W = 0;
  const pw = POW10[Dw]!;
  for (let k = 0; k < idx.length; k++) {
    const j = idx[k]!;
    const n = N[j]!;
    const x = X[j]!;
    if (n !== n && x !== x) continue;
    const wk = w[k]!;
    W += wk;
    const d = sd[k]!;
    if (exact && n === n && d >= 0) {
      const t = n * wk * POW10[Dacc - d - Dw]!;
      const s = accN + t;
      if (Math.abs(n * wk) < LIM && Math.abs(t) < LIM && Math.abs(s) < LIM) {
        accN = s;
        continue;
      }
    }
    if (exact) {
      // From here on in floats: the exact sum so far becomes one.
      exact = false;
      accX = accN / POW10[Dacc]!;
      accE = Dacc === 0 ? 0 : U * Math.abs(accX);
    }
    const f = n === n && d >= 0 ? n / POW10[d]! : x;
    const fe = n === n && d >= 0 ? (d === 0 ? 0 : U * Math.abs(f)) : E[j]!;
    const wf = wk / pw;
    const t = f * wf;
    accX += t;
    accE += Math.abs(wf) * fe + U * Math.abs(f * wf) + U * Math.abs(t) + U * Math.abs(accX);
  }
  out[0] = exact ? accN : NaN;
  out[1] = exact ? NaN : accX;
  out[2] = exact ? 0 : accE;
  out[3] = W;
}

/** Bail-site counters of the kernel running now (statistics of why people went to the interpreter). */
export const siteCounts: { current: number[] | undefined } = { current: undefined };

function site(k: number): void {
  const c = siteCounts.current;
  if (c) c[k] = (c[k] ?? 0) + 1;
}

/** What generated code receives as `R`. */
export const RUNTIME = Object.freeze({ site, roundExact, roundFloat, cmpFloat, fmtNorm, fmtPadded, trimSum, weightedSum, lcm });

/**
 * Exact rational arithmetic (BigInt) for the customer-manager policy: the slow path the ceiling
 * falls back to when a float result lies too close to a rounding edge, and the generator's tool to
 * construct people whose totals land exactly on an edge (89.995, 90.00, ties).
 *
 * KPL computes with 40-digit decimals; exact rationals agree with it for every total and reward
 * (the only inexact KPL steps are non-terminating divisions, 30+ digits below the stated rounding).
 */
export interface Q {
  readonly n: bigint;
  /** Always > 0; n/d in lowest terms. */
  readonly d: bigint;
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x);
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

export function q(n: bigint, d: bigint = 1n): Q {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

export const add = (a: Q, b: Q): Q => q(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Q, b: Q): Q => q(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Q, b: Q): Q => q(a.n * b.n, a.d * b.d);
export const div = (a: Q, b: Q): Q => q(a.n * b.d, a.d * b.n);
export const cmp = (a: Q, b: Q): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
export const min = (a: Q, b: Q): Q => (cmp(a, b) <= 0 ? a : b);
export const max = (a: Q, b: Q): Q => (cmp(a, b) >= 0 ? a : b);
export const isZero = (a: Q): boolean => a.n === 0n;

/** A scaled integer: `scaled / 10^decimals` (the generator's representation). */
export function qScaled(scaled: number, decimals: number): Q {
  return q(BigInt(scaled), 10n ** BigInt(decimals));
}

/** A plain decimal literal, with an optional exponent (`-12.5`, `1e-7`). */
export function qDecimal(text: string): Q {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text.trim());
  if (!m || (m[2] === '' && !m[3])) throw new SyntaxError(`not a decimal: ${text}`);
  const frac = m[3] ?? '';
  let n = BigInt((m[2] || '0') + frac);
  let d = 10n ** BigInt(frac.length);
  const e = Number(m[4] ?? 0);
  if (e > 0) n *= 10n ** BigInt(e);
  else if (e < 0) d *= 10n ** BigInt(-e);
  return q(m[1] === '-' ? -n : n, d);
}

/**
 * The exact value of a float that was read from a decimal text of at most 15 significant digits:
 * JavaScript prints the shortest text that reads back as the same float, which is that text.
 */
export const qNumber = (x: number): Q => qDecimal(String(x));

/** Rounds half-up (away from zero on .5, as KPL's round) to `decimals` places; returns the scaled integer. */
export function roundScaled(x: Q, decimals: number): bigint {
  const s = 10n ** BigInt(decimals);
  const n = abs(x.n) * s;
  const r = (2n * n + x.d) / (2n * x.d);
  return x.n < 0n ? -r : r;
}

/** Formats a scaled integer as a fixed-point decimal (`8206556, 2` → `"82065.56"`). */
export function formatScaled(v: bigint | number, decimals: number): string {
  const neg = v < 0;
  const s = (neg ? -BigInt(v) : BigInt(v)).toString().padStart(decimals + 1, '0');
  const text = decimals ? `${s.slice(0, s.length - decimals)}.${s.slice(s.length - decimals)}` : s;
  return neg && /[1-9]/.test(text) ? `-${text}` : text;
}

/** One person's inputs as exact numbers. */
export interface ExactInputs {
  readonly salesActual: Q;
  readonly salesTarget: Q;
  readonly growth: Q;
  readonly newCustomers: Q;
  readonly retention: Q;
  readonly satisfaction: Q;
  readonly resolution: Q;
  readonly complaints: Q;
  readonly callback: Q;
  readonly training: Q;
  readonly collaboration: Q;
  readonly awards: Q;
}

const C = (text: string): Q => qDecimal(text);
const K0 = C('0');
const K1 = C('1');
const K100 = C('100');
const K120 = C('120');
const K1_2 = C('1.2');

/**
 * The customer-manager policy's per-person scoring, exactly: the sales-completion score (the
 * second tie-break key) and the total before its rounding (`min(weighted + 表彰加分, 100)`).
 */
export function exactScores(x: ExactInputs): { sales: Q; total: Q } {
  const ratio = isZero(x.salesTarget) ? K0 : div(x.salesActual, x.salesTarget);
  const s1 = div(min(max(mul(ratio, K100), K0), K120), K1_2);
  const g = x.growth;
  const s2 = cmp(g, K0) < 0 ? K0 : cmp(g, C('0.1')) >= 0 ? K100 : add(C('60'), div(mul(C('40'), g), C('0.1')));
  const nc = x.newCustomers;
  const s3 = cmp(nc, C('20')) >= 0 ? C('100') : cmp(nc, C('15')) >= 0 ? C('85') : cmp(nc, C('10')) >= 0 ? C('70') : cmp(nc, C('5')) >= 0 ? C('50') : C('20');
  const s4 = mul(x.retention, K100);
  const s5 = mul(div(x.satisfaction, C('5')), K100);
  const h = x.resolution;
  const s6 = cmp(h, C('4')) < 0 ? K100 : cmp(h, C('24')) <= 0 ? add(K100, div(mul(C('-100'), sub(h, C('4'))), C('20'))) : K0;
  const s7 = max(sub(K100, mul(C('10'), x.complaints)), K0);
  const s8 = mul(min(div(x.callback, C('0.9')), K1), K100);
  const s9 = mul(min(div(x.training, C('40')), K1), K100);
  const s10 = x.collaboration;
  const w = (pairs: [Q, string][]): Q => pairs.reduce((acc, [s, wt]) => add(acc, mul(s, C(wt))), K0);
  const sales = w([[s1, '0.5'], [s2, '0.3'], [s3, '0.2']]);
  const business = w([[sales, '1']]);
  const relation = w([[s4, '0.4'], [s5, '0.6']]);
  const service = w([[s6, '0.4'], [s7, '0.3'], [s8, '0.3']]);
  const customer = w([[relation, '0.5'], [service, '0.5']]);
  const development = w([[w([[s9, '0.5'], [s10, '0.5']]), '1']]);
  const weighted = w([[business, '0.5'], [customer, '0.35'], [development, '0.15']]);
  const bonus = min(mul(x.awards, C('2')), C('5'));
  return { sales: s1, total: min(add(weighted, bonus), K100) };
}

/** Grade codes used throughout the bench: 0 = A, 1 = B, 2 = C, 3 = D. */
export const GRADES = ['A', 'B', 'C', 'D'] as const;
/** Reward coefficient per grade, in tenths (A 1.3, B 1.0, C 0.7, D 0). */
export const COEF_TENTHS = [13, 10, 7, 0] as const;

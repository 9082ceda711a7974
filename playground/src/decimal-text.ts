/**
 * Exact sums and differences of decimal strings ("4063.42", "-0.5") with BigInt, so reward totals
 * over thousands of people add up to the cent, as the CLI's Decimal arithmetic does.
 */
const PLAIN = /^(-)?(\d+)(?:\.(\d+))?$/;

interface Scaled {
  readonly n: bigint;
  readonly scale: number;
}

function parse(s: string): Scaled | undefined {
  const m = PLAIN.exec(s.trim());
  if (!m) return undefined;
  const frac = m[3] ?? '';
  const n = BigInt(m[2]! + frac);
  return { n: m[1] ? -n : n, scale: frac.length };
}

function rescale(a: Scaled, scale: number): bigint {
  return a.n * 10n ** BigInt(scale - a.scale);
}

function text(n: bigint, scale: number): string {
  const neg = n < 0n;
  let digits = (neg ? -n : n).toString().padStart(scale + 1, '0');
  if (scale > 0) digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return (neg ? '-' : '') + digits;
}

/** Sum of decimal strings; nulls and non-numbers are skipped. */
export function sum(values: Iterable<string | null | undefined>): string {
  let acc: Scaled = { n: 0n, scale: 0 };
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const x = parse(v);
    if (!x) continue;
    const scale = Math.max(acc.scale, x.scale);
    acc = { n: rescale(acc, scale) + rescale(x, scale), scale };
  }
  return text(acc.n, acc.scale);
}

/** a − b, or null when either is not a number. */
export function sub(a: string | null | undefined, b: string | null | undefined): string | null {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return null;
  const scale = Math.max(x.scale, y.scale);
  return text(rescale(x, scale) - rescale(y, scale), scale);
}

export function isZero(a: string | null): boolean {
  return a !== null && /^-?0*(\.0*)?$/.test(a);
}

export function sign(a: string | null): -1 | 0 | 1 {
  if (a === null || isZero(a)) return 0;
  return a.startsWith('-') ? -1 : 1;
}

/** `1234567.5` → `1,234,567.5` (grouping only; the digits are never changed). */
export function group(a: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(a);
  if (!m) return a;
  return m[1]! + m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (m[3] ?? '');
}

/** Rounds a decimal string for display (half away from zero), keeping it a string. */
export function round(a: string, places: number): string {
  const x = parse(a);
  if (!x) return a;
  if (x.scale <= places) return text(x.n, x.scale);
  const div = 10n ** BigInt(x.scale - places);
  const neg = x.n < 0n;
  const abs = neg ? -x.n : x.n;
  let q = abs / div;
  if ((abs % div) * 2n >= div) q += 1n;
  let r = text(neg ? -q : q, places);
  if (/^-0(\.0*)?$/.test(r)) r = r.slice(1);
  return r;
}

/** With an explicit sign: `+1.5`, `-2`, `0`. */
export function signed(a: string): string {
  return isZero(a) ? '0' : a.startsWith('-') ? a : `+${a}`;
}

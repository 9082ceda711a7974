/**
 * Byte-level helpers of the CSV column reader: plain numbers and booleans parsed straight from
 * UTF-8 bytes, whitespace as JavaScript's trim() sees it, and range bounds as scaled integers.
 * Anything they do not recognise is left to convert-cell.ts (SLOW), so they never disagree with it.
 */
import type { Column } from '../plan/schema.ts';
import { Decimal } from '../numeric/decimal.ts';
import { LIM, MAX_SCALE, POW10 } from '../numeric/scaled.ts';

/** The data needs src/data: a problem to report, or a value the fast engine cannot hold exactly. */
export class Irregular extends Error {}

export interface Bound {
  readonly n: number;
  readonly d: number;
  readonly inclusive: boolean;
}

export const EMPTY = 1;
export const SLOW = 2;
export const OK = 0;
/** parseNumberBytes' result (a typed array: a module variable holding doubles would box them). */
export const PARSED = new Float64Array(2);

/**
 * Whether UTF-8 bytes are all whitespace as JavaScript's trim() sees it: ASCII tab, line feed,
 * vertical tab, form feed, carriage return and space, and U+00A0, U+1680, U+2000–U+200A,
 * U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF. No decoding needed.
 */
export function blankBytes(buf: Uint8Array, s: number, e: number): boolean {
  for (let p = s; p < e; ) {
    const k = wsLength(buf, p, e);
    if (k === 0) return false;
    p += k;
  }
  return true;
}

/** The byte length of the whitespace character at p (see blankBytes), or 0. */
export function wsLength(buf: Uint8Array, p: number, e: number): number {
  const b = buf[p]!;
  if (b < 0x80) return b === 32 || (b >= 9 && b <= 13) ? 1 : 0;
  const b1 = p + 1 < e ? buf[p + 1]! : -1;
  const b2 = p + 2 < e ? buf[p + 2]! : -1;
  if (b === 0xc2) return b1 === 0xa0 ? 2 : 0;
  if (b === 0xe1) return b1 === 0x9a && b2 === 0x80 ? 3 : 0;
  if (b === 0xe2) return (b1 === 0x80 && ((b2 >= 0x80 && b2 <= 0x8a) || b2 === 0xa8 || b2 === 0xa9 || b2 === 0xaf)) || (b1 === 0x81 && b2 === 0x9f) ? 3 : 0;
  if (b === 0xe3) return b1 === 0x80 && b2 === 0x80 ? 3 : 0;
  if (b === 0xef) return b1 === 0xbb && b2 === 0xbf ? 3 : 0;
  return 0;
}

/** Whether the bytes before e (after s) end in a whitespace character: its byte length, or 0. */
export function wsBefore(buf: Uint8Array, s: number, e: number): number {
  const b = buf[e - 1]!;
  if (b < 0x80) return b === 32 || (b >= 9 && b <= 13) ? 1 : 0;
  if (e - 2 >= s && wsLength(buf, e - 2, e) === 2) return 2;
  if (e - 3 >= s && wsLength(buf, e - 3, e) === 3) return 3;
  return 0;
}

export function isSpace(b: number): boolean {
  return b === 32 || (b >= 9 && b <= 13);
}

/**
 * A plain decimal (`-12.50`, `+3`, `.5`, `5.`; percent: a trailing `%`, spaces allowed before it)
 * as n / 10^d with trailing fractional zeros dropped, in parsedN / parsedD. SLOW: not the common
 * form (or more than 15 digits): convert-cell.ts decides.
 */
export function parseNumberBytes(buf: Uint8Array, s: number, e: number, percent: boolean): number {
  while (s < e && isSpace(buf[s]!)) s++;
  while (e > s && isSpace(buf[e - 1]!)) e--;
  if (s === e) return EMPTY;
  let extra = 0;
  if (percent && buf[e - 1] === 37) {
    e--;
    while (e > s && isSpace(buf[e - 1]!)) e--;
    extra = 2;
    if (s === e) return SLOW;
  }
  let neg = false;
  if (buf[s] === 45 || buf[s] === 43) {
    neg = buf[s] === 45;
    s++;
  }
  let n = 0;
  let digits = 0;
  let intDigits = 0;
  let fracDigits = 0;
  let lastNonZero = 0; // fractional digits up to the last non-zero one
  let p = s;
  while (p < e && buf[p]! >= 48 && buf[p]! <= 57) {
    const v = buf[p]! - 48;
    if (digits > 0 || v !== 0) digits++;
    n = n * 10 + v;
    intDigits++;
    p++;
  }
  if (p < e && buf[p] === 46) {
    p++;
    let frac = 0;
    while (p < e && buf[p]! >= 48 && buf[p]! <= 57) {
      const v = buf[p]! - 48;
      frac++;
      if (digits > 0 || v !== 0) digits++;
      n = n * 10 + v;
      if (v !== 0) lastNonZero = frac;
      p++;
    }
    fracDigits = frac;
  }
  if (p !== e || intDigits + fracDigits === 0 || digits > 15) return SLOW;
  // Drop trailing fractional zeros: n / 10^frac → n' / 10^lastNonZero.
  if (fracDigits > lastNonZero) n = n / POW10[fracDigits - lastNonZero]!;
  const d = lastNonZero + extra;
  if (d > MAX_SCALE) return SLOW;
  PARSED[0] = neg && n !== 0 ? -n : n;
  PARSED[1] = d;
  return OK;
}

/**
 * 0 false, 1 true, 3 empty, 5 not one of the common forms: convert-cell.ts decides (`t`, `Y`,
 * `是`, `√` and the invalid alike), so the two readers cannot disagree.
 */
export function parseBoolBytes(buf: Uint8Array, s: number, e: number): number {
  while (s < e && isSpace(buf[s]!)) s++;
  while (e > s && isSpace(buf[e - 1]!)) e--;
  const len = e - s;
  if (len === 0) return 3;
  if (len === 1) return buf[s] === 49 ? 1 : buf[s] === 48 ? 0 : 5;
  // Letters compared case-insensitively (| 32 maps A–Z to a–z; no other byte lands on these letters).
  const c0 = buf[s]! | 32;
  if (len === 4 && c0 === 116 && (buf[s + 1]! | 32) === 114 && (buf[s + 2]! | 32) === 117 && (buf[s + 3]! | 32) === 101) return 1; // true
  if (len === 3 && c0 === 121 && (buf[s + 1]! | 32) === 101 && (buf[s + 2]! | 32) === 115) return 1; // yes
  if (len === 5 && c0 === 102 && (buf[s + 1]! | 32) === 97 && (buf[s + 2]! | 32) === 108 && (buf[s + 3]! | 32) === 115 && (buf[s + 4]! | 32) === 101) return 0; // false
  if (len === 2 && c0 === 110 && (buf[s + 1]! | 32) === 111) return 0; // no
  return 5;
}

export function boundsOf(c: Column): { min?: Bound; max?: Bound } | undefined {
  if (!c.min && !c.max) return undefined;
  const b = (x: { value: string; inclusive: boolean }): Bound => {
    const dec = new Decimal(x.value);
    const d = Math.max(0, dec.decimalPlaces());
    if (d > MAX_SCALE) throw new Irregular('a bound with too many decimals');
    const n = dec.times(POW10[d]!);
    if (!n.abs().lt(LIM)) throw new Irregular('a bound too large');
    return { n: n.toNumber(), d, inclusive: x.inclusive };
  };
  return { ...(c.min ? { min: b(c.min) } : {}), ...(c.max ? { max: b(c.max) } : {}) };
}

/** Compares n/10^d with a bound exactly (integers below 2^53 at a common scale). */
export function cmpBound(n: number, d: number, b: Bound): number {
  if (b.n === 0) return n < 0 ? -1 : n > 0 ? 1 : 0;
  let x = n;
  let y = b.n;
  if (d > b.d) y *= POW10[d - b.d]!;
  else if (b.d > d) x *= POW10[b.d - d]!;
  if (!(Math.abs(x) < LIM && Math.abs(y) < LIM)) throw new Irregular('a value too large to compare exactly');
  return x < y ? -1 : x > y ? 1 : 0;
}

export function inBounds(n: number, d: number, bounds: { min?: Bound; max?: Bound }): boolean {
  if (bounds.min) {
    const c = cmpBound(n, d, bounds.min);
    if (c < 0 || (c === 0 && !bounds.min.inclusive)) return false;
  }
  if (bounds.max) {
    const c = cmpBound(n, d, bounds.max);
    if (c > 0 || (c === 0 && !bounds.max.inclusive)) return false;
  }
  return true;
}

/**
 * CSV of fast-engine results, byte for byte what src/data/write-csv.ts writes for the same cells
 * (csv-stringify with minimal quoting, `\n` line ends, CSV-injection protection) — written
 * straight into bytes: numbers digit by digit from their scaled integers, so a million rows go
 * out without a million cell strings.
 */
import { protectText } from '../data/write-csv.ts';
import type { Cell } from '../evaluator/evaluate.ts';
import type { FastResult, FastRows } from './engine.ts';

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
/** What makes csv-stringify quote a field with writeCsv's options: quote, comma, CR/LF, leading or trailing whitespace. */
const NEEDS_QUOTES = /[",\n\r]|^\s|\s$/;

/** One text field, protected and quoted as writeCsv does. */
export function textField(text: string): string {
  const t = protectText(text);
  return NEEDS_QUOTES.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
}

function cellField(c: Cell, single: boolean): string {
  if (c === null) return single ? '""' : '';
  if (typeof c === 'string') return c === '' && single ? '""' : textField(c);
  return PLAIN_NUMBER.test(c.number) ? c.number : textField(c.number);
}

/** The header line. */
export function csvHeader(columns: readonly string[]): string {
  const single = columns.length === 1;
  return columns.map((h) => (h === '' && single ? '""' : textField(h))).join(',') + '\n';
}

const encoder = new TextEncoder();

/** Non-ASCII characters JavaScript's \s matches. */
function isSpaceCode(c: number): boolean {
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
const DIGITS = new Uint8Array(24);

/** A growing byte buffer for CSV text. */
export class ByteWriter {
  buf: Uint8Array;
  pos = 0;

  constructor(size = 1 << 20) {
    this.buf = new Uint8Array(size);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
  }

  byte(b: number): void {
    if (this.pos >= this.buf.length) this.room(1);
    this.buf[this.pos++] = b;
  }

  text(s: string): void {
    const n = s.length;
    this.room(n * 3);
    const buf = this.buf;
    let p = this.pos;
    for (let k = 0; k < n; k++) {
      const c = s.charCodeAt(k);
      if (c >= 128) {
        // Not ASCII: let the encoder do the rest.
        this.pos = p;
        const r = encoder.encodeInto(s.slice(k), buf.subarray(p));
        this.pos = p + r.written;
        return;
      }
      buf[p++] = c;
    }
    this.pos = p;
  }

  /**
   * A text cell as writeCsv writes it. The common case — ASCII, not starting like a formula, no
   * quote, comma or line break, no surrounding space — is copied as is; anything else goes
   * through textField (protection and quoting).
   */
  field(s: string): void {
    const n = s.length;
    if (n === 0) return;
    const c0 = s.charCodeAt(0);
    const cl = s.charCodeAt(n - 1);
    // = + - @ tab CR first, or whitespace at either end: the general path.
    if (c0 === 61 || c0 === 43 || c0 === 45 || c0 === 64 || c0 <= 32 || cl <= 32) {
      this.text(textField(s));
      return;
    }
    this.room(n);
    const buf = this.buf;
    let p = this.pos;
    for (let k = 0; k < n; k++) {
      const c = s.charCodeAt(k);
      if (c === 34 || c === 44 || c === 10 || c === 13) {
        this.text(textField(s));
        return;
      }
      if (c >= 128) {
        // Not ASCII (Chinese text): no quoting needed unless it ends in a Unicode space.
        if (isSpaceCode(c0) || isSpaceCode(cl) || /[",\n\r]/.test(s)) this.text(textField(s));
        else this.text(s);
        return;
      }
      buf[p++] = c;
    }
    this.pos = p;
  }

  /** The digits of a non-negative integer below 2^53. */
  private digits(v: number, width: number): void {
    let k = 0;
    do {
      const q = Math.floor(v / 10);
      DIGITS[k++] = 48 + (v - q * 10);
      v = q;
    } while (v > 0);
    while (k < width) DIGITS[k++] = 48;
    this.room(k);
    const buf = this.buf;
    let p = this.pos;
    while (k > 0) buf[p++] = DIGITS[--k]!;
    this.pos = p;
  }

  /**
   * n / 10^d as plain decimal text: with exactly `places` decimals (places ≥ d), or normalised
   * (trailing zeros dropped) when places is undefined; zero has no sign. As fmtPadded / fmtNorm.
   */
  scaled(n: number, d: number, places: number | undefined): void {
    if (n < 0) {
      this.byte(45);
      n = -n;
    }
    const p = d > 0 ? 10 ** d : 1;
    const ip = d > 0 ? Math.floor(n / p) : n;
    let frac = n - ip * p;
    this.digits(ip, 1);
    if (places === undefined) {
      if (frac === 0) return;
      while (frac % 10 === 0) {
        frac /= 10;
        d--;
      }
      this.byte(46);
      this.digits(frac, d);
      return;
    }
    if (places === 0) return;
    this.byte(46);
    if (d > 0) this.digits(frac, d);
    for (let k = d; k < places; k++) this.byte(48);
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  reset(): void {
    this.pos = 0;
  }
}

/** Lines of people [i0, i1) of a result, each ending in `\n`, appended to w. */
export function csvRowsInto(w: ByteWriter, r: FastRows, i0: number, i1: number): void {
  const m = r.columns.length;
  const single = m === 1;
  for (let i = i0; i < i1; i++) {
    const o = r.override.get(i);
    if (o) {
      for (let j = 0; j < m; j++) {
        if (j) w.byte(44);
        w.text(cellField(o[j] ?? null, single));
      }
    } else {
      const k = i - r.offset;
      for (let j = 0; j < m; j++) {
        if (j) w.byte(44);
        const nums = r.nums[j];
        if (nums) {
          const n = nums[k]!;
          if (n !== n) {
            if (single) w.text('""');
          } else {
            // -0 prints as 0 (fmtPadded / fmtNorm give zero no sign).
            w.scaled(n === 0 ? 0 : n, r.scales[j]![k]!, r.places[j]);
          }
          continue;
        }
        const s = r.cells[j]![k];
        if (s === null || s === undefined || s === '') {
          if (single) w.text('""');
        } else w.field(s);
      }
    }
    w.byte(10);
  }
}

/** Lines of people [i0, i1) as text. */
export function csvRows(r: FastRows, i0: number, i1: number): string {
  const w = new ByteWriter(Math.max(1024, (i1 - i0) * 32));
  csvRowsInto(w, r, i0, i1);
  return new TextDecoder().decode(w.bytes());
}

/** The whole CSV text of a result. */
export function csvText(r: FastResult): string {
  return csvHeader(r.columns) + csvRows(r, 0, r.size);
}

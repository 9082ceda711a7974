/**
 * The fast CSV writer against src/data/write-csv.ts, and the numeric helpers against decimal.js:
 * the same bytes for text cells of every awkward kind, numbers from scaled integers, rounding.
 */
import { describe, it, expect } from 'vitest';
import { ByteWriter, csvHeader, csvRows, textField } from '../../src/fast/csv-out.ts';
import { writeCsv } from '../../src/data/write-csv.ts';
import { fmtNorm, fmtPadded, roundExact, roundFloat, cmpFloat, parseScaled, HALF_UP } from '../../src/numeric/scaled.ts';
import { Decimal, formatDecimal } from '../../src/numeric/decimal.ts';
import type { FastRows } from '../../src/fast/engine.ts';
import { rng } from './gen-data.ts';

const CHARS = ['a', 'Z', '0', ' ', '\t', '\r', '\n', '"', ',', '=', '+', '-', '@', '中', '\u3000', '\u00a0', 'é', '\u2028', '😀', "'", '\x01', ';'];

function randomText(r: () => number): string {
  let s = '';
  const len = Math.floor(r() * 6);
  for (let j = 0; j < len; j++) s += CHARS[Math.floor(r() * CHARS.length)];
  return s;
}

describe('fast CSV writer', () => {
  it('writes text cells exactly as writeCsv (protection against formulas, quoting)', () => {
    const r = rng(7);
    for (let k = 0; k < 20000; k++) {
      const s = randomText(r);
      if (s === '') continue;
      const w = new ByteWriter(8);
      w.field(s);
      expect(new TextDecoder().decode(w.bytes())).toBe(textField(s));
    }
  });

  it('writes whole tables as writeCsv: numbers from scaled integers, text, empty cells, a one-column table', () => {
    const r = rng(8);
    for (const m of [1, 3]) {
      const n = 300;
      const columns = Array.from({ length: m }, (_, j) => (j === 0 && m > 1 ? '=head' : randomText(r) || 'c'));
      const numeric = columns.map((_, j) => j % 2 === 1 || m === 1);
      const places = columns.map((_, j) => (j % 4 === 1 ? 2 : undefined));
      const nums = columns.map((_, j) => (numeric[j] ? new Float64Array(n) : undefined));
      const scales = columns.map((_, j) => (numeric[j] ? new Uint8Array(n) : undefined));
      const cells = columns.map(() => new Array<string | null>(n).fill(null));
      const expected: (string | { number: string } | null)[][] = [];
      for (let i = 0; i < n; i++) {
        const row: (string | { number: string } | null)[] = [];
        for (let j = 0; j < m; j++) {
          if (numeric[j]) {
            const empty = r() < 0.1;
            const d = places[j] ?? Math.floor(r() * 5);
            const v = empty ? NaN : Math.floor((r() - 0.5) * 2e9) * (r() < 0.2 ? 0 : 1);
            nums[j]![i] = v;
            scales[j]![i] = d;
            row.push(empty ? null : { number: places[j] === undefined ? fmtNorm(v, d) : fmtPadded(v, d, places[j]!) });
          } else {
            const t = r() < 0.1 ? null : randomText(r);
            cells[j]![i] = t;
            row.push(t);
          }
        }
        expected.push(row);
      }
      const rows: FastRows = { columns, numeric, cells, nums, scales, places, offset: 0, override: new Map() };
      expect(csvHeader(columns) + csvRows(rows, 0, n)).toBe(writeCsv(columns, expected));
    }
  });
});

describe('numeric helpers', () => {
  it('print scaled integers as decimal.js does', () => {
    const r = rng(9);
    for (let k = 0; k < 5000; k++) {
      const n = Math.floor((r() - 0.5) * 2 * 10 ** Math.floor(r() * 15));
      const d = Math.floor(r() * 8);
      const dec = new Decimal(n).div(new Decimal(10).pow(d));
      expect(fmtNorm(n, d)).toBe(formatDecimal(dec));
      const p = d + Math.floor(r() * 3);
      expect(fmtPadded(n, d, p)).toBe(formatDecimal(dec, p));
      const back = parseScaled(fmtNorm(n, d))!;
      expect(fmtNorm(back.n, back.d)).toBe(fmtNorm(n, d));
    }
  });

  it('round exact scaled integers like decimal.js in every mode', () => {
    const r = rng(10);
    const modes = [Decimal.ROUND_HALF_UP, Decimal.ROUND_HALF_EVEN, Decimal.ROUND_DOWN, Decimal.ROUND_UP, Decimal.ROUND_FLOOR, Decimal.ROUND_CEIL];
    for (let k = 0; k < 5000; k++) {
      const n = Math.floor((r() - 0.5) * 2e12);
      const D = 1 + Math.floor(r() * 6);
      const d = Math.floor(r() * D);
      const mode = k % 6;
      const expected = new Decimal(n).div(new Decimal(10).pow(D)).toDecimalPlaces(d, modes[mode] as Parameters<Decimal['toDecimalPlaces']>[1]);
      expect(fmtPadded(roundExact(n, D, d, mode), d, d)).toBe(formatDecimal(expected, d));
    }
    expect(fmtPadded(roundExact(8206555, 3, 2, HALF_UP), 2, 2)).toBe('8206.56');
    expect(fmtPadded(roundExact(-8206555, 3, 2, HALF_UP), 2, 2)).toBe('-8206.56');
  });

  it('round floats only when the error bound cannot reach a boundary', () => {
    // 89.995 as a float is below 89.995; with an error bound the decision is left to the interpreter.
    expect(roundFloat(89.995, 1e-13, 2, HALF_UP)).toBeNaN();
    expect(roundFloat(89.994, 1e-13, 2, HALF_UP)).toBe(8999);
    expect(roundFloat(89.996, 1e-13, 2, HALF_UP)).toBe(9000);
    expect(roundFloat(-1.005, 1e-15, 2, HALF_UP)).toBeNaN();
    expect(cmpFloat(1, 0, 1, 0)).toBe(0);
    expect(cmpFloat(1, 1e-15, 1 + 2.2e-16, 1e-15)).toBeNaN();
    expect(cmpFloat(1, 1e-16, 1.001, 1e-16)).toBe(-1);
  });
});

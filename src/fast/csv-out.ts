/**
 * CSV text of fast-engine results, byte for byte what src/data/write-csv.ts writes for the same
 * cells (csv-stringify with minimal quoting, `\n` line ends, CSV-injection protection), but built
 * directly and in slices, so a million rows stream out without a million cell objects.
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

/** Lines of people [i0, i1) of a result, each ending in `\n`. */
export function csvRows(r: FastRows, i0: number, i1: number): string {
  const m = r.columns.length;
  const single = m === 1;
  const plainNum = r.numeric;
  let out = '';
  for (let i = i0; i < i1; i++) {
    const o = r.override.get(i);
    if (o) {
      for (let j = 0; j < m; j++) out += (j ? ',' : '') + cellField(o[j] ?? null, single);
    } else {
      for (let j = 0; j < m; j++) {
        const s = r.cells[j]![i - r.offset];
        let f: string;
        if (s === null || s === undefined) f = single ? '""' : '';
        else if (plainNum[j]) f = s;
        else f = s === '' && single ? '""' : textField(s);
        out += j ? ',' + f : f;
      }
    }
    out += '\n';
  }
  return out;
}

/** The whole CSV text of a result. */
export function csvText(r: FastResult): string {
  const parts = [csvHeader(r.columns)];
  for (let i0 = 0; i0 < r.size; i0 += 8192) parts.push(csvRows(r, i0, Math.min(r.size, i0 + 8192)));
  return parts.join('');
}

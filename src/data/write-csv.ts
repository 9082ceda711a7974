/**
 * Writes result tables as CSV that opens safely in a spreadsheet: UTF-8 without BOM, `\n` line
 * ends, minimal quoting, and text that a spreadsheet would run as a formula neutralised
 * (CSV injection). Numbers are a separate kind of cell so that protection can never alter them.
 */
import { stringify } from 'csv-stringify/sync';

/**
 * A cell to write: a string is text (protected against formula injection), `{ number }` is a
 * plain decimal written verbatim (`-12.50` stays `-12.50`), `null` is an empty cell.
 * A `{ number }` that is not a plain decimal (`-?digits[.digits]`) is treated as text, so nothing
 * can bypass the protection by posing as a number.
 */
export type CsvCell = string | { readonly number: string } | null;

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text a spreadsheet cannot run: a text starting with `=`, `+`, `-`, `@`, tab or CR gets a
 * leading `'`. Every text cell is treated so, even one that looks like a number (`+1`).
 */
export function protectText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * CSV text of a header (text cells) and rows. Fields are quoted only when needed: a comma, a
 * quote, a line break, or leading/trailing whitespace (which readers would otherwise trim); the
 * empty cell of a one-column table is written `""` so its line is not read as blank. Every line,
 * the last included, ends with `\n`.
 */
export function writeCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const cell = (c: CsvCell): string => {
    if (c === null) return '';
    if (typeof c === 'string') return protectText(c);
    return PLAIN_NUMBER.test(c.number) ? c.number : protectText(c.number);
  };
  const records = [header.map((h) => protectText(h)), ...rows.map((r) => r.map(cell))];
  return stringify(records, {
    record_delimiter: 'unix',
    eof: true,
    bom: false,
    quoted_match: /^\s|\s$|\r/,
    quoted_empty: header.length === 1,
  });
}

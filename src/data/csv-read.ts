/**
 * Splits CSV text into a header and records (RFC 4180: quoted fields, doubled quotes, embedded
 * commas and line breaks, CRLF / LF / CR line ends). Every record keeps the 1-based line where it
 * starts, so a bad cell can be reported as file:line:col however many line breaks the quoted
 * fields before it contain.
 */
import { parse, CsvError } from 'csv-parse/sync';
import { dataDiag, phrase, type DiagArg, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { RawRecord, RawTable } from './raw-table.ts';

interface Parsed {
  readonly fields: string[];
  readonly line: number;
}

/**
 * Reads CSV text (already decoded, BOM removed) into a {@link RawTable}.
 *
 * - Line ends are normalised to `\n` first, also inside quoted fields (so a cell never contains
 *   `\r`); lines are counted as an editor counts them.
 * - A field's text is {@link fieldText}: an unquoted field without its surrounding whitespace
 *   (as JavaScript's trim() sees it: also U+3000, NBSP), a quoted field exactly as written inside
 *   its quotes (`" a "` is the header name ` a `, and the text value ` a `; README 4).
 * - Records whose fields are all blank (empty lines, `,,,` rows spreadsheets append) are skipped:
 *   they hold no data.
 * - The first non-blank record is the header; none at all gives KPL3007, a header without data
 *   rows gives KPL3018, a header naming a column twice gives KPL3013.
 * - A record with a different number of fields than the header gets KPL3017 (line, col 1) and is
 *   kept, marked `misaligned`.
 * - Malformed quoting gives KPL3013 at the line where the bad record starts, col = its field
 *   number; the records before it are kept and the table is marked incomplete.
 */
export function readCsv(fileName: string, text: string): RawTable {
  const normalised = text.replace(/\r\n?/g, '\n');
  const parsed: Parsed[] = [];
  const diagnostics: Diagnostic[] = [];
  let prevEnd = 0;
  let complete = true;
  try {
    parse(normalised, {
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
      bom: false,
      record_delimiter: '\n',
      cast: (value: string, ctx: { quoting: boolean }) => fieldText(value, ctx.quoting),
      on_record: (record: string[], ctx) => {
        parsed.push({ fields: record, line: prevEnd + 1 });
        prevEnd = ctx.lines;
        return record;
      },
    });
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    complete = false;
    const start = prevEnd + 1;
    const field = typeof e.index === 'number' ? e.index + 1 : 1;
    diagnostics.push(dataDiag('KPL3013', { detail: quotingDetail(e, start, field) }, fileName, start, field));
  }

  const nonBlank = parsed.filter((p) => p.fields.some((f) => f.trim() !== ''));
  const head = nonBlank[0];
  if (!head) {
    if (complete) diagnostics.push(dataDiag('KPL3007', { file: fileName }, fileName, 1, 1));
    return { columns: [], headerLine: 1, records: [], diagnostics, complete };
  }
  const columns = head.fields;
  const seen = new Map<string, number>();
  columns.forEach((name, i) => {
    const first = seen.get(name);
    if (first === undefined) seen.set(name, i);
    else
      diagnostics.push(
        dataDiag('KPL3013', { detail: phrase('headerTwice', { name, a: first + 1, b: i + 1 }) }, fileName, head.line, i + 1),
      );
  });

  const records: RawRecord[] = nonBlank.slice(1).map((p) => {
    if (p.fields.length === columns.length) return { line: p.line, cells: p.fields, errors: [], misaligned: false };
    const err = dataDiag('KPL3017', { got: p.fields.length, expected: columns.length }, fileName, p.line, 1);
    return { line: p.line, cells: p.fields, errors: [err], misaligned: true };
  });
  if (records.length === 0 && complete) diagnostics.push(dataDiag('KPL3018', { file: fileName }, fileName, head.line, 1));
  return { columns, headerLine: head.line, records, diagnostics, complete };
}

/**
 * The text of a CSV field, the one rule every CSV reader (this one, src/columnar) follows: a
 * quoted field is kept exactly — its spaces are part of the text, as a spreadsheet exports a cell
 * that starts or ends with a space —, an unquoted field is trimmed.
 */
export function fieldText(text: string, quoted: boolean): string {
  return quoted ? text : text.trim();
}

function quotingDetail(e: CsvError, start: number, field: number): DiagArg {
  const at = typeof e.lines === 'number' ? e.lines : start;
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return phrase('quoteNotClosed', { field, line: start });
    case 'CSV_INVALID_CLOSING_QUOTE':
      return phrase('badClosingQuote', { field, line: at });
    case 'INVALID_OPENING_QUOTE':
      return phrase('quoteInsideValue', { field, line: at });
    default:
      return '`' + e.message + '`';
  }
}

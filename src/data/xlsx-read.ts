/**
 * Reads one sheet of an .xlsx workbook into the same raw form as CSV, so a workbook is checked by
 * exactly the rules a CSV file is (convert-cell.ts). A typed cell becomes the text its value has:
 *
 * - a number: the value Excel shows, at most 15 significant digits (a binary double written as
 *   `0.8100000000000001` is `0.81`), as a plain decimal — so exact money stays exact;
 * - a number formatted as a date (`yyyy/m/d`, `2024年1月5日`, …), or any whole number in a declared
 *   `date` column: the ISO date `YYYY-MM-DD` of that serial day in the workbook's date system
 *   (1900, or 1904 for old Mac workbooks); a date cell with a time of day keeps its time
 *   (`2024-01-05 08:00:00`), which a date column refuses;
 * - a boolean: `true` / `false`; a text: as it is; a formula: its saved result;
 * - a blank cell: empty (missing), never 0 — a 0 is `0`.
 *
 * A spreadsheet error value (`#DIV/0!`, KPL3033) or a formula without a saved result (KPL3034)
 * is an error of its row. The header is the first non-blank row; merged header cells (KPL3032),
 * a sheet that does not exist (KPL3031) and a file that is not a workbook (KPL3035) make the file
 * unusable. Reading uses SheetJS (`@e965/xlsx`, synchronous, so the API and the playground share it).
 */
import { read, SSF, utils, type CellObject, type WorkBook, type WorkSheet } from '@e965/xlsx';
import { unzipSync } from 'fflate';
import { dataDiag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { Decimal, formatDecimal } from '../numeric/decimal.ts';
import type { Column } from '../plan/schema.ts';
import { serialDate } from './convert-cell.ts';
import { unreadable, type RawRecord, type RawTable } from './raw-table.ts';

/** A sheet read: its name (for locations, `book.xlsx#工作表`) and its rows. */
export interface XlsxSheet {
  readonly sheet: string;
  /** `FILE#SHEET`: the file name data diagnostics are located in. */
  readonly location: string;
  readonly table: RawTable;
}

/** The last serial day of the 1900 date system (9999-12-31). */
const LAST_SERIAL = 2958465;

/**
 * Reads sheet `sheet` (the first sheet when undefined) of the workbook in `bytes`. `columns` are
 * the declared columns, by the header text they are read from (`header`, else `name`): a whole
 * number in a `date` column is a serial day number even without a date format.
 */
export function readXlsx(fileName: string, bytes: Uint8Array, sheet: string | undefined, columns: readonly Column[]): XlsxSheet {
  const fail = (name: string, d: Diagnostic): XlsxSheet => ({ sheet: name, location: fileName, table: unreadable([d]) });
  // An .xlsx file is a zip archive; SheetJS would also read CSV, HTML or an old .xls, silently.
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) {
    const detail = bytes[0] === 0xd0 && bytes[1] === 0xcf ? 'it is an old .xls workbook: save it as .xlsx (Excel Workbook)' : 'it is not a zip archive, as an .xlsx file is';
    return fail(sheet ?? '', dataDiag('KPL3035', { file: fileName, detail }, fileName, 1, 1));
  }
  // SheetJS can loop forever on a damaged zip (found by the hostile fuzzer, test/fuzz/hostile.ts):
  // an archive whose directory fflate cannot read (nothing is decompressed for this) is refused first.
  try {
    unzipSync(bytes, { filter: () => false });
  } catch {
    return fail(sheet ?? '', dataDiag('KPL3035', { file: fileName, detail: 'the zip archive is damaged' }, fileName, 1, 1));
  }
  let wb: WorkBook;
  try {
    wb = read(bytes, { type: 'array', cellNF: true, cellFormula: true, cellDates: false, cellHTML: false, cellStyles: false, ...(sheet !== undefined ? { sheets: sheet } : {}) });
  } catch (e) {
    return fail(sheet ?? '', dataDiag('KPL3035', { file: fileName, detail: e instanceof Error ? e.message : String(e) }, fileName, 1, 1));
  }
  const name = sheet ?? wb.SheetNames[0];
  const ws = name === undefined ? undefined : wb.Sheets[name];
  if (name === undefined || ws === undefined || !wb.SheetNames.includes(name)) {
    const sheets = wb.SheetNames.map((s) => `\`${s}\``).join(', ') || 'none';
    return fail(name ?? '', dataDiag('KPL3031', { file: fileName, sheet: name ?? '', sheets }, fileName, 1, 1));
  }
  const location = `${fileName}#${name}`;
  const date1904 = wb.Workbook?.WBProps?.date1904 === true;
  return { sheet: name, location, table: readSheet(location, name, ws, date1904, columns) };
}

function readSheet(location: string, sheetName: string, ws: WorkSheet, date1904: boolean, columns: readonly Column[]): RawTable {
  const ref = ws['!ref'];
  if (!ref) return unreadable([dataDiag('KPL3007', { file: location }, location, 1, 1)]);
  const range = utils.decode_range(ref);
  const at = (r: number, c: number): CellObject | undefined => ws[utils.encode_cell({ r, c })] as CellObject | undefined;
  const blankRow = (r: number): boolean => {
    for (let c = range.s.c; c <= range.e.c; c++) if (plainText(at(r, c)).trim() !== '') return false;
    return true;
  };
  let hr = range.s.r;
  while (hr <= range.e.r && blankRow(hr)) hr++;
  if (hr > range.e.r) return unreadable([dataDiag('KPL3007', { file: location }, location, 1, 1)]);

  // The header: its cells' text, trimmed; blank cells at its right end are no columns.
  let last = range.e.c;
  while (last > range.s.c && plainText(at(hr, last)).trim() === '') last--;
  const first = range.s.c;
  const headers: string[] = [];
  for (let c = first; c <= last; c++) headers.push(plainText(at(hr, c)).trim());
  const merged = (ws['!merges'] ?? []).find((m) => m.s.r <= hr && hr <= m.e.r && m.e.c >= first && m.s.c <= last);
  if (merged) {
    return unreadable([dataDiag('KPL3032', { sheet: sheetName, range: utils.encode_range(merged) }, location, hr + 1, merged.s.c + 1)]);
  }
  const byHeader = new Map(columns.map((c) => [c.header ?? c.name, c]));
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, number>();
  headers.forEach((h, i) => {
    const prev = seen.get(h);
    if (prev === undefined) seen.set(h, i);
    else {
      const detail = `column \`${h}\` appears twice in the header (cells ${cellName(hr, first + prev)} and ${cellName(hr, first + i)})`;
      diagnostics.push(dataDiag('KPL3013', { detail }, location, hr + 1, first + i + 1));
    }
  });

  const records: RawRecord[] = [];
  for (let r = hr + 1; r <= range.e.r; r++) {
    const errors: Diagnostic[] = [];
    const badCells = new Set<number>();
    let blank = true;
    const cells = headers.map((h, i) => {
      const cell = at(r, first + i);
      const res = cellText(cell, byHeader.get(h), date1904);
      if (typeof res === 'string') {
        if (res.trim() !== '') blank = false;
        return res;
      }
      blank = false;
      badCells.add(i);
      if (byHeader.has(h)) errors.push(dataDiag(res.code, { cell: cellName(r, first + i), column: h, value: res.value }, location, r + 1, first + i + 1));
      return res.value;
    });
    if (blank) continue;
    records.push({ line: r + 1, cells, errors, misaligned: false, badCells });
  }
  if (records.length === 0) diagnostics.push(dataDiag('KPL3018', { file: location }, location, hr + 1, 1));
  return { columns: headers, headerLine: hr + 1, records, diagnostics, complete: true, sheet: { name: sheetName, firstColumn: first + 1 } };
}

/** The text of a cell as convert-cell.ts reads it, or why it has none. */
function cellText(cell: CellObject | undefined, column: Column | undefined, date1904: boolean): string | { code: 'KPL3033' | 'KPL3034'; value: string } {
  if (cell === undefined) return '';
  if (cell.f !== undefined && (cell.v === undefined || cell.v === null)) return { code: 'KPL3034', value: '' };
  if (cell.t === 'z') return '';
  if (cell.t === 'e') return { code: 'KPL3033', value: cell.w ?? String(cell.v) };
  if (cell.t === 'n' && typeof cell.v === 'number') {
    const v = cell.v;
    const dateFormat = typeof cell.z === 'string' && SSF.is_date(cell.z) === true;
    if (dateFormat || column?.type === 'date') {
      const day = Math.floor(v);
      const lowest = date1904 ? 0 : 61;
      if (day >= lowest && day <= LAST_SERIAL) {
        const date = serialDate(day, date1904);
        if (day === v) return date;
        if (dateFormat) return `${date} ${timeOfDay(v - day)}`;
      }
    }
    return number15(v);
  }
  return plainText(cell);
}

/** A cell's value as text without interpretation (headers, text cells, booleans). */
function plainText(cell: CellObject | undefined): string {
  if (cell === undefined || cell.v === undefined || cell.v === null) return '';
  switch (cell.t) {
    case 'b':
      return cell.v ? 'true' : 'false';
    case 'n':
      return typeof cell.v === 'number' ? number15(cell.v) : String(cell.v);
    case 'd':
      return cell.v instanceof Date ? cell.v.toISOString().slice(0, 10) : String(cell.v);
    case 'e':
      return cell.w ?? '';
    default:
      return String(cell.v);
  }
}

/** A double as the value Excel shows: rounded to 15 significant digits, as a plain decimal. */
export function number15(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return formatDecimal(new Decimal(v.toPrecision(15)));
}

function timeOfDay(fraction: number): string {
  const s = Math.round(fraction * 86400);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600) % 24)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

/** `B17`: the A1 name of the cell at 0-based row and column. */
export function cellName(r: number, c: number): string {
  return `${columnLetters(c + 1)}${r + 1}`;
}

/** `A`, `B`, … `Z`, `AA` …: the letters of a 1-based column number. */
export function columnLetters(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

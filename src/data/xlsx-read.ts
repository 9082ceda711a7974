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
 * is an error of its row. The header is the first non-blank row, its columns from the sheet's
 * leftmost value to the header's last name. Merged header cells (KPL3032), a sheet that does not
 * exist (KPL3031) and a file that is not a workbook (KPL3035) make the file unusable; a value in
 * a data cell covered by a merge (KPL3037) is an error of its row; hidden rows are read, with a
 * warning (KPL3036); a value right of the header's last column is ignored with a warning (KPL3038).
 *
 * The reader is our own, on fflate (already used by the workbook writer), and streams: the sheet's
 * XML is decompressed and scanned a piece at a time (zip-entries.ts, xml-scan.ts), row by row, so
 * a sheet of a million rows never exists as a whole document or as an object per cell — only the
 * rows' texts, as for a CSV file. SheetJS (`@e965/xlsx`), the reader before, held the whole
 * workbook as cell objects: 200,000 rows took 47 s of CPU and 1.5 GB (docs/xlsx-reader.md).
 */
import { dataDiag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { Decimal, formatDecimal } from '../numeric/decimal.ts';
import type { Column } from '../plan/schema.ts';
import { serialDate } from './convert-cell.ts';
import { unreadable, type RawRecord, type RawTable } from './raw-table.ts';
import { attribute, detached, elementPattern, elements, ElementScanner, itemText, unescapeXml } from './xml-scan.ts';
import { entryText, entryWholeText, zipEntries, type ZipEntry } from './zip-entries.ts';

/** A sheet read: its name (for locations, `book.xlsx#工作表`) and its rows. */
export interface XlsxSheet {
  readonly sheet: string;
  /** `FILE#SHEET`: the file name data diagnostics are located in. */
  readonly location: string;
  readonly table: RawTable;
}

/** The last serial day of the 1900 date system (9999-12-31). */
const LAST_SERIAL = 2958465;

/** Why a workbook cannot be read (KPL3035's detail). */
class Unreadable extends Error {}

/**
 * Reads sheet `sheet` (the first visible sheet when undefined) of the workbook in `bytes`.
 * `columns` are the declared columns, by the header text they are read from (`header`, else
 * `name`): a whole number in a `date` column is a serial day number even without a date format.
 */
export function readXlsx(fileName: string, bytes: Uint8Array, sheet: string | undefined, columns: readonly Column[]): XlsxSheet {
  const fail = (name: string, d: Diagnostic): XlsxSheet => ({ sheet: name, location: fileName, table: unreadable([d]) });
  const unreadableFile = (detail: string): XlsxSheet => fail(sheet ?? '', dataDiag('KPL3035', { file: fileName, detail }, fileName, 1, 1));
  // An .xlsx file is a zip archive.
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) {
    return unreadableFile(bytes[0] === 0xd0 && bytes[1] === 0xcf ? 'it is an old .xls workbook: save it as .xlsx (Excel Workbook)' : 'it is not a zip archive, as an .xlsx file is');
  }
  try {
    const book = openWorkbook(bytes);
    const chosen = sheet === undefined ? (book.sheets.find((s) => s.visible) ?? book.sheets[0]) : book.sheets.find((s) => s.name === sheet);
    if (chosen === undefined) {
      const sheets = book.sheets.map((s) => `\`${s.name}\``).join(', ') || 'none';
      return fail(sheet ?? '', dataDiag('KPL3031', { file: fileName, sheet: sheet ?? '', sheets }, fileName, 1, 1));
    }
    const location = `${fileName}#${chosen.name}`;
    const part = book.entries.get(chosen.path);
    if (part === undefined) throw new Unreadable(`its sheet \`${chosen.name}\` (${chosen.path}) is missing from the archive`);
    return { sheet: chosen.name, location, table: readSheet(bytes, part, location, chosen.name, book, columns) };
  } catch (e) {
    if (e instanceof Unreadable) return unreadableFile(e.message);
    // fflate's errors (a damaged deflate stream) are a damaged file too.
    return unreadableFile(e instanceof Error ? e.message : String(e));
  }
}

interface Workbook {
  readonly entries: Map<string, ZipEntry>;
  readonly sheets: { readonly name: string; readonly path: string; readonly visible: boolean }[];
  readonly date1904: boolean;
  /** Shared strings, by index. */
  readonly strings: string[];
  /** For each cell style (`s`), whether its number format shows a date or time. */
  readonly dateStyles: boolean[];
}

/** The workbook's sheets, date system, shared strings and date styles; the sheets' rows are read later. */
function openWorkbook(bytes: Uint8Array): Workbook {
  const entries = zipEntries(bytes);
  if (typeof entries === 'string') throw new Unreadable(entries);
  const text = (path: string): string | undefined => {
    const e = entries.get(path);
    return e === undefined ? undefined : entryWholeText(bytes, e);
  };
  // The workbook part is named by the package's relationships (xl/workbook.xml in practice).
  const root = relationships(text('_rels/.rels') ?? '', '');
  const bookPath = root.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const bookXml = text(bookPath);
  if (bookXml === undefined) throw new Unreadable('it has no workbook part (is it an .xlsx file?)');
  const dir = bookPath.slice(0, bookPath.lastIndexOf('/') + 1);
  const rels = relationships(text(`${dir}_rels/${bookPath.slice(dir.length)}.rels`) ?? '', dir);
  const byId = new Map(rels.map((r) => [r.id, r]));
  const sheets = elements(bookXml, 'sheet').map(({ attributes }) => {
    const rel = byId.get(attribute(attributes, 'r:id') ?? '');
    const state = attribute(attributes, 'state');
    return { name: attribute(attributes, 'name') ?? '', path: rel?.target ?? '', visible: state !== 'hidden' && state !== 'veryHidden' };
  });
  const props = elements(bookXml, 'workbookPr')[0]?.attributes ?? '';
  const date1904 = ['1', 'true'].includes(attribute(props, 'date1904') ?? '');
  const part = (type: string, fallback: string): ZipEntry | undefined => entries.get(rels.find((r) => r.type.endsWith(type))?.target ?? fallback);

  const strings: string[] = [];
  const shared = part('/sharedStrings', `${dir}sharedStrings.xml`);
  if (shared !== undefined) {
    const scan = new ElementScanner(elementPattern('si'), (_, content) => strings.push(detached(itemText(content))));
    entryText(bytes, shared, (t) => scan.push(t));
  }
  const styles = part('/styles', `${dir}styles.xml`);
  return { entries, sheets, date1904, strings, dateStyles: styles === undefined ? [] : dateStyles(entryWholeText(bytes, styles)) };
}

/** A part's relationships, targets resolved to archive paths (relative to `dir`, or absolute). */
function relationships(xml: string, dir: string): { id: string; type: string; target: string }[] {
  return elements(xml, 'Relationship').map(({ attributes }) => {
    const target = attribute(attributes, 'Target') ?? '';
    const path = target.startsWith('/') ? target.slice(1) : normalize(dir + target);
    return { id: attribute(attributes, 'Id') ?? '', type: attribute(attributes, 'Type') ?? '', target: path };
  });
}

function normalize(path: string): string {
  const out: string[] = [];
  for (const p of path.split('/')) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/** Built-in number formats that show dates or times (ECMA-376 18.8.30, and the East Asian ones 27–36, 50–58). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

function dateStyles(xml: string): boolean[] {
  const custom = new Map(elements(xml, 'numFmt').map(({ attributes }) => [Number(attribute(attributes, 'numFmtId')), attribute(attributes, 'formatCode') ?? '']));
  const cellXfs = elements(xml, 'cellXfs')[0]?.content ?? '';
  return elements(cellXfs, 'xf').map(({ attributes }) => {
    const id = Number(attribute(attributes, 'numFmtId') ?? 0);
    const code = custom.get(id);
    return code !== undefined ? isDateFormat(code) : DATE_FORMAT_IDS.has(id);
  });
}

/**
 * Whether a number format code shows a date or a time: a `y`, `m`, `d`, `h` or `s` outside quoted
 * text, escapes and brackets (colours, conditions, locales such as `[$-804]`; but `[h]` is elapsed time).
 */
export function isDateFormat(code: string): boolean {
  const section = code
    .split(';')[0]!
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[(?:h+|m+|s+)\]/gi, 'h')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/general/gi, '')
    .replace(/AM\/PM|A\/P|上午\/下午/gi, '');
  return /[ymdhs]/i.test(section);
}

/** A cell as read: its text for convert-cell.ts, or why it has none. */
type CellText = string | { readonly code: 'KPL3033' | 'KPL3034'; readonly value: string };

/** A non-blank row as read: sheet row (1-based) and its cells by 0-based sheet column (blank: absent). */
interface SheetRow {
  readonly line: number;
  readonly hidden: boolean;
  readonly cells: CellText[];
}

const ROW = elementPattern('row');
const CELL = elementPattern('c');
const V = elementPattern('v');
const F = elementPattern('f');
const IS = elementPattern('is');

function readSheet(bytes: Uint8Array, part: ZipEntry, location: string, sheetName: string, book: Workbook, columns: readonly Column[]): RawTable {
  const byHeader = new Map(columns.map((c) => [c.header ?? c.name, c]));
  /** The declared column of each sheet column, once the header is known. */
  let typeOf: (Column | undefined)[] | undefined;
  let header: SheetRow | undefined;
  const rows: SheetRow[] = [];
  let lastRow = 0;
  const scan = new ElementScanner(ROW, (attributes, content) => {
    const r = Number(attribute(attributes, 'r') ?? lastRow + 1);
    lastRow = r;
    if (content === undefined) return;
    const cells: CellText[] = [];
    let lastCol = -1;
    let blank = true;
    CELL.lastIndex = 0;
    for (let m = CELL.exec(content); m !== null; m = CELL.exec(content)) {
      const ref = attribute(m[2]!, 'r');
      const c = ref === undefined ? lastCol + 1 : columnIndex(ref);
      lastCol = c;
      const text = typeOf === undefined ? headerText(m[2]!, m[3], book) : cellText(m[2]!, m[3], typeOf[c], book);
      if (text === '') continue;
      cells[c] = typeof text === 'string' ? detached(text) : text;
      if (typeof text !== 'string' || text.trim() !== '') blank = false;
    }
    if (blank) return;
    const row = { line: r, hidden: ['1', 'true'].includes(attribute(attributes, 'hidden') ?? ''), cells };
    if (header === undefined) {
      header = row;
      typeOf = [];
      cells.forEach((t, c) => (typeOf![c] = byHeader.get(String(t).trim())));
    } else rows.push(row);
  });
  entryText(bytes, part, (t) => scan.push(t));
  if (header === undefined) return unreadable([dataDiag('KPL3007', { file: location }, location, 1, 1)]);
  const merges = elements(scan.rest(), 'mergeCell').flatMap(({ attributes }) => {
    const range = parseRange(attribute(attributes, 'ref') ?? '');
    return range ? [range] : [];
  });
  return table(location, sheetName, header, rows, merges, byHeader);
}

/** Builds the raw table from the header and the rows, once the whole sheet has been scanned. */
function table(location: string, sheetName: string, header: SheetRow, rows: readonly SheetRow[], merges: readonly Range[], byHeader: ReadonlyMap<string, Column>): RawTable {
  const hr = header.line - 1;
  // The columns: from the sheet's leftmost value to the header's last name.
  let first = header.cells.findIndex((t) => t !== undefined);
  for (const row of rows) first = Math.min(first, row.cells.findIndex((t) => t !== undefined));
  let last = header.cells.length - 1;
  while (last > first && (typeof header.cells[last] !== 'object' && String(header.cells[last] ?? '').trim() === '')) last--;
  const headers: string[] = [];
  for (let c = first; c <= last; c++) {
    const t = header.cells[c];
    headers.push(typeof t === 'string' ? t.trim() : (t?.value ?? ''));
  }
  const merged = merges.find((m) => m.r1 <= hr && hr <= m.r2 && m.c2 >= first && m.c1 <= last);
  if (merged) {
    return unreadable([dataDiag('KPL3032', { sheet: sheetName, range: rangeName(merged) }, location, hr + 1, merged.c1 + 1)]);
  }
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
  const hidden: number[] = [];
  const beyond: string[] = [];
  for (const row of rows) {
    const errors: Diagnostic[] = [];
    let badCells: Set<number> | undefined;
    for (let c = last + 1; c < row.cells.length; c++) if (row.cells[c] !== undefined) beyond.push(cellName(row.line - 1, c));
    // The row's own array when it already is the columns' (a sheet starting in column A): no copy per row.
    const cells = first === 0 ? row.cells : row.cells.slice(first);
    cells.length = headers.length;
    for (let i = 0; i < headers.length; i++) {
      const res = cells[i];
      if (res === undefined) cells[i] = '';
      else if (typeof res !== 'string') {
        (badCells ??= new Set()).add(i);
        if (byHeader.has(headers[i]!)) errors.push(dataDiag(res.code, { cell: cellName(row.line - 1, first + i), column: headers[i]!, value: res.value }, location, row.line, first + i + 1));
        cells[i] = res.value;
      }
    }
    if (row.hidden) hidden.push(row.line);
    records.push({ line: row.line, cells: cells as string[], errors, misaligned: false, ...(badCells ? { badCells } : {}) });
  }
  // A cell a merge covers in a declared column: the sheet shows the merge's first value there, the file holds none.
  const byLine = new Map(records.map((r) => [r.line, r]));
  for (const m of merges) {
    for (let line = m.r1 + 1; line <= m.r2 + 1; line++) {
      const rec = byLine.get(line);
      if (rec === undefined) continue;
      for (let c = Math.max(m.c1, first); c <= Math.min(m.c2, last); c++) {
        const i = c - first;
        if ((line === m.r1 + 1 && c === m.c1) || !byHeader.has(headers[i]!) || rec.badCells?.has(i) === true) continue;
        (rec as { badCells?: Set<number> }).badCells = new Set([...(rec.badCells ?? []), i]);
        rec.errors.push(dataDiag('KPL3037', { cell: cellName(line - 1, c), column: headers[i]!, range: rangeName(m) }, location, line, c + 1));
      }
    }
  }
  if (records.length === 0) diagnostics.push(dataDiag('KPL3018', { file: location }, location, hr + 1, 1));
  if (hidden.length > 0) diagnostics.push(dataDiag('KPL3036', { sheet: sheetName, count: String(hidden.length), rows: listed(hidden.map(String)) }, location, hidden[0]!, 1));
  if (beyond.length > 0) diagnostics.push(dataDiag('KPL3038', { sheet: sheetName, cells: listed(beyond) }, location, hr + 1, last + 2));
  return { columns: headers, headerLine: hr + 1, records, diagnostics, complete: true, sheet: { name: sheetName, firstColumn: first + 1 } };
}

/** At most five items of a list (no words: the text goes into the Chinese message too). */
function listed(items: readonly string[]): string {
  return items.length <= 5 ? items.join(', ') : `${items.slice(0, 5).join(', ')}, …`;
}

/** The value of a `<v>` in a cell's content, or undefined when it has none. */
function valueOf(content: string | undefined): string | undefined {
  if (content === undefined) return undefined;
  V.lastIndex = 0;
  const m = V.exec(content);
  return m === null ? undefined : unescapeXml(m[3] ?? '');
}

/** A header cell: its value as text, without interpretation (a number as shown, never a date). */
function headerText(attributes: string, content: string | undefined, book: Workbook): CellText {
  return cellText(attributes, content, undefined, book, false);
}

/** The text of a cell as convert-cell.ts reads it, or why it has none. */
function cellText(attributes: string, content: string | undefined, column: Column | undefined, book: Workbook, dates = true): CellText {
  const type = attribute(attributes, 't') ?? 'n';
  if (type === 'inlineStr') {
    IS.lastIndex = 0;
    return itemText(IS.exec(content ?? '')?.[3]);
  }
  const v = valueOf(content);
  if (v === undefined) {
    F.lastIndex = 0;
    return content !== undefined && F.test(content) ? { code: 'KPL3034', value: '' } : '';
  }
  switch (type) {
    case 's':
      return book.strings[Number(v)] ?? '';
    case 'str':
      return v;
    case 'b':
      return v === '1' || v === 'true' ? 'true' : 'false';
    case 'e':
      return { code: 'KPL3033', value: v };
    case 'd':
      // An ISO 8601 date-time cell (rare; Excel writes serials): the day, and the time when it has one.
      return /T00:00(:00(\.0+)?)?Z?$/.test(v) || !v.includes('T') ? v.slice(0, 10) : v.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
  }
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) return v;
  if (dates) {
    const dateFormat = book.dateStyles[Number(attribute(attributes, 's') ?? 0)] === true;
    if (dateFormat || column?.type === 'date') {
      const day = Math.floor(n);
      const lowest = book.date1904 ? 0 : 61;
      if (day >= lowest && day <= LAST_SERIAL) {
        const date = serialDate(day, book.date1904);
        if (day === n) return date;
        if (dateFormat) return `${date} ${timeOfDay(n - day)}`;
      }
    }
  }
  return shownNumber(v, n);
}

const PLAIN = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

/** `number15` of the number written as `v`, without the decimal arithmetic when `v` already is that text. */
function shownNumber(v: string, n: number): string {
  if (PLAIN.test(v) && v !== '-0' && v.replace(/^-?0*\.?0*/, '').replace('.', '').length <= 15) return v;
  return number15(n);
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

/** A cell range, 0-based and inclusive. */
interface Range {
  readonly r1: number;
  readonly c1: number;
  readonly r2: number;
  readonly c2: number;
}

function parseRange(ref: string): Range | undefined {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/i.exec(ref);
  if (!m) return undefined;
  const r1 = Number(m[2]) - 1;
  const c1 = columnIndex(m[1]!);
  return { r1, c1, r2: m[4] ? Number(m[4]) - 1 : r1, c2: m[3] ? columnIndex(m[3]) : c1 };
}

function rangeName(r: Range): string {
  return `${cellName(r.r1, r.c1)}:${cellName(r.r2, r.c2)}`;
}

/** The 0-based column of a cell reference (`B17` → 1). */
function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i) | 0x20; // lower case
    if (code < 97 || code > 122) break;
    n = n * 26 + (code - 96);
  }
  return n - 1;
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

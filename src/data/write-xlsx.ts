/**
 * Writes results as an .xlsx workbook for the people who read them in Excel or WPS:
 *
 * - sheet `结果`: the header row of output names (as the CSV header), a second row of Chinese
 *   labels when any column has one (a column's description, 总分 for `total`, …), frozen above the
 *   data and with a filter; numbers as number cells whose format shows exactly the printed scale
 *   (`44.61` → `0.00`; money at least `0.00`, so `1234.5` shows 1234.50), percentages (an output whose unit is percent: a
 *   percent input column, or a value computed from percents such as `rate / 2`) as percents (`0.125` → `0.0%`, shown 12.5%);
 * - sheet `错误`: every row that could not be evaluated, with where and why (Chinese and English).
 *
 * Text cells are strings, never formulas; a text that a spreadsheet would run as a formula when
 * edited (starting with `=`, `+`, `-`, `@`) gets Excel's quote prefix, so it stays text and its value
 * is unchanged. A number of more than 15 significant digits, which Excel cannot hold exactly, is
 * written as text. The bytes are deterministic (fixed timestamps), written with fflate, each part
 * deflated as its XML is made: a sheet of a million rows is never one string.
 */
import { Zip, ZipDeflate, strToU8 } from 'fflate';
import { localize, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { displayWidth } from '../diagnostics/render.ts';
import type { Expr, PersonStatus, Plan } from '../plan/schema.ts';
import { VALUE_ALIASES } from '../plan/value-names.ts';
import { columnLetters } from './xlsx-read.ts';
import type { CsvCell } from './write-csv.ts';

/** One sheet: a header (with optional second row of labels) and rows. */
export interface SheetSpec {
  readonly name: string;
  readonly header: readonly string[];
  /** A second header row (Chinese labels); left out when absent or all empty. */
  readonly labels?: readonly string[];
  readonly rows: readonly (readonly CsvCell[])[];
  /** Columns whose numbers are percentages (a fraction shown as a percent). */
  readonly percent?: ReadonlySet<number>;
  /** Columns of money, shown with at least two decimal places (`1234.5` as 1234.50). */
  readonly money?: ReadonlySet<number>;
}

/** A result row as the engines give it (interpreter and fast engine alike). */
export interface ResultRow {
  readonly key: string;
  readonly line: number;
  readonly status: PersonStatus;
  readonly cells: readonly CsvCell[];
}

/**
 * The results workbook: `结果` and `错误` (see the module comment). `file` is the population's data
 * file (where its rows' diagnostics are located); `diagnostics` are the evaluation's.
 */
export function resultsXlsx(plan: Plan, columns: readonly string[], people: readonly ResultRow[], diagnostics: readonly Diagnostic[], file: string): Uint8Array {
  const pop = plan.inputs.find((t) => t.role === 'population');
  const labelOf = (e: Expr, name: string): string => {
    if (e.k === 'ref') {
      const zh = Object.entries(VALUE_ALIASES).find(([, en]) => en === e.ref)?.[0];
      return zh !== undefined && zh !== name ? zh : '';
    }
    if (e.k === 'col') {
      const c = pop?.columns.find((x) => x.name === e.col);
      return c?.description !== undefined && c.description !== name ? c.description : '';
    }
    return '';
  };
  const labels = columns.map((name, i) => {
    const o = plan.outputs[i];
    return o && o.name === name ? labelOf(o.expr, name) : (Object.entries(VALUE_ALIASES).find(([, en]) => en === name || (en === 'grade_before' && name === 'grade_before_distribution'))?.[0] ?? '');
  });
  // The checker's unit of each output (a percent input column, a ratio of percents, …) says which numbers are percentages.
  const withUnit = (unit: 'percent' | 'money'): Set<number> => new Set(columns.flatMap((name, i) => (plan.outputs[i]?.name === name && plan.outputs[i]!.unit === unit ? [i] : [])));
  const percent = withUnit('percent');
  const money = withUnit('money');

  const keyName = pop?.key ?? 'id';
  const errorRows: CsvCell[][] = [];
  for (const p of people) {
    if (p.status !== 'error') continue;
    const mine = diagnostics.filter((d) => d.severity === 'error' && d.dataLocation?.file === file && d.dataLocation.line === p.line);
    for (const d of mine.length ? mine : [undefined]) {
      const at = d?.dataLocation ? `${d.dataLocation.file}:${d.dataLocation.line}:${d.dataLocation.col}` : `${file}:${p.line}`;
      errorRows.push([p.key, at, d?.code ?? '', d ? stripKey(localize(d, 'zh'), p.key) : '', d ? stripKey(d.message, p.key) : '']);
    }
  }
  return writeXlsx([
    { name: '结果', header: columns, labels, rows: people.map((p) => p.cells), percent, money },
    { name: '错误', header: [keyName, 'location', 'code', '原因', 'reason'], labels: ['主键', '位置', '代码', '原因', ''], rows: errorRows },
  ]);
}

/** An evaluation error's message starts with the person's key (`M008: …`); the sheet has its own column. */
function stripKey(message: string, key: string): string {
  for (const sep of [': ', '：']) if (message.startsWith(key + sep)) return message.slice(key.length + sep.length);
  return message;
}

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const FORMULA_START = /^[=+\-@]/;

/** The workbook of `sheets`, as .xlsx bytes. */
export function writeXlsx(sheets: readonly SheetSpec[]): Uint8Array {
  const styles = new Styles();
  // Each part is deflated as it is written (fflate's streaming Zip): only the compressed workbook is held.
  const out: Uint8Array[] = [];
  const zip = new Zip((err, data) => {
    if (err) throw err;
    out.push(data);
  });
  const part = (name: string, write: (push: (xml: string) => void) => void): void => {
    const file = new ZipDeflate(name, { level: 6 });
    file.mtime = MTIME; // fixed, so the bytes are deterministic
    zip.add(file);
    let pending: string[] = [];
    let size = 0;
    write((xml) => {
      pending.push(xml);
      size += xml.length;
      if (size < 1 << 16) return;
      file.push(strToU8(pending.join('')));
      pending = [];
      size = 0;
    });
    file.push(strToU8(pending.join('')), true);
  };
  part('[Content_Types].xml', (push) =>
    push(
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${sheets
        .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
        .join('')}</Types>`,
    ),
  );
  part('_rels/.rels', (push) => push(`${XML}<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`));
  part('xl/workbook.xml', (push) =>
    push(
      `${XML}<workbook xmlns="${MAIN}" xmlns:r="${DOC_REL}"><bookViews><workbookView/></bookViews><sheets>${sheets
        .map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('')}</sheets><definedNames>${sheets
        .map((s, i) => `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${filterRef(s, true)}</definedName>`)
        .join('')}</definedNames></workbook>`,
    ),
  );
  part('xl/_rels/workbook.xml.rels', (push) =>
    push(
      `${XML}<Relationships xmlns="${RELS}">${sheets
        .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${DOC_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
        .join('')}<Relationship Id="rId${sheets.length + 1}" Type="${DOC_REL}/styles" Target="styles.xml"/></Relationships>`,
    ),
  );
  sheets.forEach((s, i) => part(`xl/worksheets/sheet${i + 1}.xml`, (push) => sheet(s, styles, push)));
  // The styles last: the sheets are what finds out which number formats are used.
  part('xl/styles.xml', (push) => push(styles.xml()));
  zip.end();
  const bytes = new Uint8Array(out.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of out) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}

const MTIME = new Date(Date.UTC(2000, 0, 1));
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function esc(s: string): string {
  // Characters XML 1.0 cannot hold at all are dropped (a result never contains them in practice).
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function headerRows(s: SheetSpec): number {
  return s.labels?.some((l) => l !== '') ? 2 : 1;
}

/** The filter's range: the last header row and the data below it. */
function filterRef(s: SheetSpec, absolute = false): string {
  const top = headerRows(s);
  const last = columnLetters(Math.max(1, s.header.length));
  const bottom = top + Math.max(1, s.rows.length);
  const q = `'${s.name.replace(/'/g, "''")}'!`;
  return absolute ? `${q}$A$${top}:$${last}$${bottom}` : `A${top}:${last}${bottom}`;
}

/** Writes sheet `s`'s XML in pieces to `push`: a sheet of a million rows never exists as one string. */
function sheet(s: SheetSpec, styles: Styles, push: (xml: string) => void): void {
  const top = headerRows(s);
  // The column widths come before the rows in the XML: a first pass measures the texts.
  const widths = s.header.map((h) => displayWidth(h));
  if (top === 2) s.labels!.forEach((l, c) => (widths[c] = Math.max(widths[c] ?? 0, displayWidth(l))));
  for (const row of s.rows) {
    row.forEach((cell, c) => {
      if (cell !== null) widths[c] = Math.max(widths[c] ?? 0, displayWidth(typeof cell === 'string' ? cell : cell.number));
    });
  }
  const textCell = (ref: string, text: string, style: number): string => {
    const st = FORMULA_START.test(text) ? styles.quoted(style) : style;
    return `<c r="${ref}"${st ? ` s="${st}"` : ''} t="inlineStr"><is><t xml:space="preserve">${esc(text)}</t></is></c>`;
  };
  const last = columnLetters(Math.max(1, s.header.length));
  const dim = `A1:${last}${top + s.rows.length}`;
  const cols = widths.map((w, c) => `<col min="${c + 1}" max="${c + 1}" width="${Math.min(60, Math.max(8, w + 2))}" customWidth="1"/>`).join('');
  const pane = `<pane ySplit="${top}" topLeftCell="A${top + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A${top + 1}" sqref="A${top + 1}"/>`;
  push(`${XML}<worksheet xmlns="${MAIN}" xmlns:r="${DOC_REL}"><dimension ref="${dim}"/><sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>${cols ? `<cols>${cols}</cols>` : ''}<sheetData>`);
  const head = styles.header();
  push(`<row r="1">${s.header.map((h, c) => textCell(`${columnLetters(c + 1)}1`, h, head)).join('')}</row>`);
  if (top === 2) push(`<row r="2">${s.labels!.map((h, c) => (h === '' ? '' : textCell(`${columnLetters(c + 1)}2`, h, head))).join('')}</row>`);
  const letters = s.header.map((_, c) => columnLetters(c + 1));
  s.rows.forEach((row, ri) => {
    const r = top + ri + 1;
    let xml = `<row r="${r}">`;
    row.forEach((cell, c) => {
      if (cell === null) return;
      const ref = `${letters[c] ?? columnLetters(c + 1)}${r}`;
      if (typeof cell === 'string' || !PLAIN_NUMBER.test(cell.number) || significant(cell.number) > 15) {
        xml += textCell(ref, typeof cell === 'string' ? cell : cell.number, 0);
        return;
      }
      const printed = cell.number.includes('.') ? cell.number.length - cell.number.indexOf('.') - 1 : 0;
      const decimals = s.money?.has(c) === true ? Math.max(2, printed) : printed;
      const st = styles.number(decimals, s.percent?.has(c) === true);
      xml += `<c r="${ref}"${st ? ` s="${st}"` : ''}><v>${cell.number}</v></c>`;
    });
    push(xml + '</row>');
  });
  push(`</sheetData><autoFilter ref="${filterRef(s)}"/></worksheet>`);
}

function significant(n: string): number {
  return n.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length;
}

/** The cell formats used, each written once to styles.xml. Index 0 is the default. */
class Styles {
  private readonly formats: string[] = [];
  /** cellXfs after the default: [numFmtId, bold, quotePrefix]. */
  private readonly xfs: [number, boolean, boolean][] = [];

  private xf(numFmt: number, bold: boolean, quote: boolean): number {
    const i = this.xfs.findIndex(([n, b, q]) => n === numFmt && b === bold && q === quote);
    if (i >= 0) return i + 1;
    this.xfs.push([numFmt, bold, quote]);
    return this.xfs.length;
  }

  header(): number {
    return this.xf(0, true, false);
  }

  /** The style `style` plus the quote prefix (text that looks like a formula stays text). */
  quoted(style: number): number {
    const base = style === 0 ? [0, false] : this.xfs[style - 1]!;
    return this.xf(base[0] as number, base[1] as boolean, true);
  }

  /** A number shown with exactly `decimals` places (a percent: the places of its percentage). */
  number(decimals: number, percent: boolean): number {
    const places = percent ? Math.max(0, decimals - 2) : decimals;
    const code = `${places > 0 ? `0.${'0'.repeat(places)}` : '0'}${percent ? '%' : ''}`;
    const builtin: Record<string, number> = { '0': 1, '0.00': 2, '0%': 9, '0.00%': 10 };
    let id = builtin[code];
    if (id === undefined) {
      let i = this.formats.indexOf(code);
      if (i < 0) i = this.formats.push(code) - 1;
      id = 164 + i;
    }
    return this.xf(id, false, false);
  }

  xml(): string {
    const numFmts = this.formats.length ? `<numFmts count="${this.formats.length}">${this.formats.map((f, i) => `<numFmt numFmtId="${164 + i}" formatCode="${esc(f)}"/>`).join('')}</numFmts>` : '';
    const xfs = [`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`, ...this.xfs.map(([n, b, q]) => `<xf numFmtId="${n}" fontId="${b ? 1 : 0}" fillId="0" borderId="0" xfId="0"${n ? ' applyNumberFormat="1"' : ''}${b ? ' applyFont="1"' : ''}${q ? ' quotePrefix="1"' : ''}/>`)];
    return `${XML}<styleSheet xmlns="${MAIN}">${numFmts}<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;
  }
}

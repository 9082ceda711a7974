/**
 * Interprets one cell's text as a value of its declared column type. This is the only place data
 * text becomes a typed value, so every file format gets the same, strict rules: the forms that
 * spreadsheets and Chinese office systems export are accepted where they cannot mean two things
 * (`1,234.50`, full-width `１２３`, `2024/1/5`, `2024年1月5日`, `t`/`f`, `√`/`×`), and a value that is
 * not clearly of its type is an error saying why, never a guess (no exponents, no day/month
 * order guessed, no comma as a decimal point).
 */
import { phrase, type DiagArg, type DiagArgs, type Phrase } from '../diagnostics/diagnostic.ts';
import type { Code } from '../diagnostics/codes.ts';
import { Decimal, HUNDRED, formatDecimal, parseDecimal } from '../numeric/decimal.ts';
import type { Bound, Column } from '../plan/schema.ts';
import type { Value } from './value.ts';

/** A converted value, or the data error (code and message arguments) explaining why not. */
export type CellResult = { readonly value: Value } | { readonly error: { readonly code: Code; readonly args: DiagArgs; readonly help?: Phrase } };

const TRUE = new Set(['true', 't', '1', 'yes', 'y', '是', '√']);
const FALSE = new Set(['false', 'f', '0', 'no', 'n', '否', '×']);

/**
 * Converts cell text to a value of `column`'s type.
 *
 * - text / category: the cell's text as the reader gives it, not trimmed again (a quoted CSV
 *   field or a JSON string keeps its spaces; an unquoted CSV field comes trimmed, see
 *   csv-read.ts `fieldText`). Other types: surrounding whitespace is trimmed first.
 *   An empty cell is `null` (missing) when the column is optional, else KPL3009.
 * - Full-width digits, signs, `.` and `%` (`１２．５％`, `－３`) and the minus sign `−` are read as
 *   their ASCII twins in every non-text column (see {@link halfWidth}).
 * - number / money / integer / percent: a plain decimal (`-12.5`, `+3`, `.5`), optionally with
 *   thousands separators in groups of exactly three digits (`1,234.50`, `-1,234,567`); any
 *   other comma is KPL3001 with a help saying why (a comma is never a decimal point). No
 *   exponents. percent also accepts a trailing `%`: `12.5%` is 0.125, as is `0.125`.
 *   integer must be whole (`3.0` is accepted, `3.5` is KPL3010). money accepts any decimals.
 *   Then `min` / `max` are checked (KPL3002, with the range as `>= 0`, `< 1`,
 *   `between 0 and 100`). Bounds are in the value's own unit: for percent a fraction
 *   (`1` = 100%), shown as a percentage in the message.
 * - bool: `true`/`false`, `t`/`f`, `1`/`0`, `yes`/`no`, `y`/`n` (any letter case), `是`/`否`,
 *   `√`/`×`; else KPL3011.
 * - category: exactly one of `column.values` (case-sensitive); else KPL3004 listing them as
 *   `a, b, c`. A category column without a value list accepts any text.
 * - date: a real calendar date (leap years included) written year first — `2024-01-05`,
 *   `2024-1-5`, `2024/1/5`, `2024/01/05`, `2024年1月5日` — or an Excel serial day number of the
 *   1900 date system (a whole number from 61 = 1900-03-01 to 2958465 = 9999-12-31, as a CSV
 *   export of a date cell without its format shows it); else KPL3012, with a help when the
 *   reason is known (day and month order, a time of day). The value is the ISO `YYYY-MM-DD`.
 * - text: the text as it is.
 */
export function convertCell(text: string | undefined, column: Column): CellResult {
  const trimmed = (text ?? '').trim();
  const t = column.type === 'text' || column.type === 'category' ? (text ?? '') : halfWidth(trimmed);
  const name = column.name;
  if (trimmed === '') return column.optional ? { value: null } : err('KPL3009', { column: name });
  switch (column.type) {
    case 'number':
    case 'money':
    case 'integer':
    case 'percent': {
      const d = parseNumber(t, column.type === 'percent');
      if (!(d instanceof Decimal)) return err('KPL3001', { value: trimmed, column: name }, d.help);
      if (column.type === 'integer' && !d.isInteger()) return err('KPL3010', { value: trimmed, column: name });
      if (!inRange(d, column.min, column.max)) {
        return err('KPL3002', { value: trimmed, column: name, range: rangeText(column.min, column.max, column.type === 'percent') });
      }
      return { value: d };
    }
    case 'bool': {
      const k = t.toLowerCase();
      if (TRUE.has(k)) return { value: true };
      if (FALSE.has(k)) return { value: false };
      return err('KPL3011', { value: trimmed, column: name });
    }
    case 'category':
      if (column.values && !column.values.includes(t)) return err('KPL3004', { value: t, column: name, values: column.values.join(', ') });
      return { value: t };
    case 'date': {
      const d = parseDate(t);
      return typeof d === 'string' ? { value: d } : err('KPL3012', { value: trimmed, column: name }, d.help);
    }
    case 'text':
      return { value: t };
  }
}

function err(code: Code, args: DiagArgs, help?: Phrase): CellResult {
  return { error: { code, args, ...(help !== undefined ? { help } : {}) } };
}

/**
 * Full-width ASCII forms (U+FF01–U+FF5E: `１２３`, `．`, `＋`, `－`, `％`, `，`, `／`, `Ｙ`) as their
 * ASCII twins, and the minus sign U+2212 as `-`, the way a Chinese input method types them.
 */
export function halfWidth(t: string): string {
  if (!/[\uff01-\uff5e\u2212]/.test(t)) return t;
  return t.replace(/[\uff01-\uff5e\u2212]/g, (c) => (c === '\u2212' ? '-' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

/** Thousands separators in groups of exactly three digits: `1,234`, `-1,234,567.50`. */
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;

function parseNumber(t: string, percent: boolean): Decimal | { help?: Phrase } {
  let body = t;
  let scale = false;
  if (percent) {
    const m = /^(.*?)\s*%$/.exec(t);
    if (m) {
      body = m[1]!;
      scale = true;
    }
  }
  if (GROUPED.test(body)) body = body.replace(/,/g, '');
  else if (body.includes(',')) {
    return { help: phrase('thousandsSeparator') };
  }
  const d = parseDecimal(body);
  if (!d) return /^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(body) ? { help: phrase('noExponents') } : {};
  return scale ? d.div(HUNDRED) : d;
}

/** A date written year first (see convertCell) or a 1900-system serial → ISO text; else why not. */
function parseDate(t: string): string | { help?: Phrase } {
  if (isIsoDate(t)) return t;
  const m = /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})日)$/.exec(t);
  if (m) {
    const iso = `${m[1]}-${(m[3] ?? m[5])!.padStart(2, '0')}-${(m[4] ?? m[6])!.padStart(2, '0')}`;
    return isIsoDate(iso) ? iso : { help: phrase('noSuchDay', { date: iso }) };
  }
  if (/^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(t)) {
    return { help: phrase('yearFirst') };
  }
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    if (n >= 61 && n <= 2958465) return serialDate(n, false);
    return { help: phrase('excelSerialDay') };
  }
  if (/^\d+\.\d+$/.test(t) || /^\d{4}[-/]\d{1,2}[-/]\d{1,2}[ T]\d/.test(t)) return { help: phrase('dateHasTime') };
  return {};
}

/**
 * The ISO date of an Excel serial day number: in the 1900 date system day 1 is 1900-01-01 and
 * day 60 the 1900-02-29 that never was (Lotus' leap-year bug, kept by Excel), so from 61 on the
 * serial counts from 1899-12-30; in the 1904 system (old Mac workbooks) day 0 is 1904-01-01.
 * `serial` must be a whole number ≥ 61 (1900 system) or ≥ 0 (1904 system).
 */
export function serialDate(serial: number, date1904: boolean): string {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(epoch + serial * 86_400_000).toISOString().slice(0, 10);
}

function inRange(d: Decimal, min: Bound | undefined, max: Bound | undefined): boolean {
  if (min) {
    const c = d.cmp(new Decimal(min.value));
    if (c < 0 || (c === 0 && !min.inclusive)) return false;
  }
  if (max) {
    const c = d.cmp(new Decimal(max.value));
    if (c > 0 || (c === 0 && !max.inclusive)) return false;
  }
  return true;
}

/**
 * The allowed range as text: `>= 0`, `> 0`, `<= 1`, `< 1`, `between 0 and 1` (both inclusive)
 * or `> 0 and <= 1`. With `percent`, bounds (fractions) are shown as percentages.
 */
export function rangeText(min: Bound | undefined, max: Bound | undefined, percent = false): DiagArg {
  const show = (b: Bound): string => (percent ? `${formatDecimal(new Decimal(b.value).times(HUNDRED))}%` : b.value);
  const lo = min ? `${min.inclusive ? '>=' : '>'} ${show(min)}` : '';
  const hi = max ? `${max.inclusive ? '<=' : '<'} ${show(max)}` : '';
  if (min && max) return min.inclusive && max.inclusive ? phrase('between', { a: show(min), b: show(max) }) : phrase('and', { a: lo, b: hi });
  return lo || hi;
}

/** True for `YYYY-MM-DD` naming a real date of the proleptic Gregorian calendar (years 0001–9999). */
export function isIsoDate(t: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= days;
}

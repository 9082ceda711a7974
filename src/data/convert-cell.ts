/**
 * Interprets one cell's text as a value of its declared column type. This is the only place data
 * text becomes a typed value, so every file format gets the same, strict rules: a value that is
 * not clearly of its type is an error, never a guess (no thousands separators, no exponents,
 * no locale dates).
 */
import type { DiagArgs } from '../diagnostics/diagnostic.ts';
import type { Code } from '../diagnostics/codes.ts';
import { Decimal, HUNDRED, formatDecimal, parseDecimal } from '../numeric/decimal.ts';
import type { Bound, Column } from '../plan/schema.ts';
import type { Value } from './value.ts';

/** A converted value, or the data error (code and message arguments) explaining why not. */
export type CellResult = { readonly value: Value } | { readonly error: { readonly code: Code; readonly args: DiagArgs } };

const TRUE = new Set(['true', '1', 'yes', '是']);
const FALSE = new Set(['false', '0', 'no', '否']);

/**
 * Converts cell text to a value of `column`'s type.
 *
 * - text / category: the cell's text as the reader gives it, not trimmed again (a quoted CSV
 *   field or a JSON string keeps its spaces; an unquoted CSV field comes trimmed, see
 *   csv-read.ts `fieldText`). Other types: surrounding whitespace is trimmed first.
 *   An empty cell is `null` (missing) when the column is optional, else KPL3009.
 * - number / money / integer / percent: a plain decimal (`-12.5`, `+3`, `.5`). No thousands
 *   separators (`1,234.50` is KPL3001: a comma is ambiguous between locales), no exponents.
 *   percent also accepts a trailing `%` (or full-width `％`): `12.5%` is 0.125, as is `0.125`.
 *   integer must be whole (`3.0` is accepted, `3.5` is KPL3010). money accepts any decimals.
 *   Then `min` / `max` are checked (KPL3002, with the range as `>= 0`, `< 1`,
 *   `between 0 and 100`). Bounds are in the value's own unit: for percent a fraction
 *   (`1` = 100%), shown as a percentage in the message.
 * - bool: `true`/`false`, `1`/`0`, `yes`/`no` (any letter case), `是`/`否`; else KPL3011.
 * - category: exactly one of `column.values` (case-sensitive); else KPL3004 listing them as
 *   `a, b, c`. A category column without a value list accepts any text.
 * - date: `YYYY-MM-DD` naming a real calendar date (leap years included); else KPL3012. The
 *   value is the ISO string.
 * - text: the text as it is.
 */
export function convertCell(text: string | undefined, column: Column): CellResult {
  const trimmed = (text ?? '').trim();
  const t = column.type === 'text' || column.type === 'category' ? (text ?? '') : trimmed;
  const name = column.name;
  if (trimmed === '') return column.optional ? { value: null } : err('KPL3009', { column: name });
  switch (column.type) {
    case 'number':
    case 'money':
    case 'integer':
    case 'percent': {
      const d = parseNumber(t, column.type === 'percent');
      if (!d) return err('KPL3001', { value: t, column: name });
      if (column.type === 'integer' && !d.isInteger()) return err('KPL3010', { value: t, column: name });
      if (!inRange(d, column.min, column.max)) {
        return err('KPL3002', { value: t, column: name, range: rangeText(column.min, column.max, column.type === 'percent') });
      }
      return { value: d };
    }
    case 'bool': {
      const k = t.toLowerCase();
      if (TRUE.has(k)) return { value: true };
      if (FALSE.has(k)) return { value: false };
      return err('KPL3011', { value: t, column: name });
    }
    case 'category':
      if (column.values && !column.values.includes(t)) return err('KPL3004', { value: t, column: name, values: column.values.join(', ') });
      return { value: t };
    case 'date':
      return isIsoDate(t) ? { value: t } : err('KPL3012', { value: t, column: name });
    case 'text':
      return { value: t };
  }
}

function err(code: Code, args: DiagArgs): CellResult {
  return { error: { code, args } };
}

function parseNumber(t: string, percent: boolean): Decimal | undefined {
  if (percent) {
    const m = /^(.*?)\s*[%％]$/.exec(t);
    if (m) return parseDecimal(m[1]!)?.div(HUNDRED);
  }
  return parseDecimal(t);
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
export function rangeText(min: Bound | undefined, max: Bound | undefined, percent = false): string {
  const show = (b: Bound): string => (percent ? `${formatDecimal(new Decimal(b.value).times(HUNDRED))}%` : b.value);
  const lo = min ? `${min.inclusive ? '>=' : '>'} ${show(min)}` : '';
  const hi = max ? `${max.inclusive ? '<=' : '<'} ${show(max)}` : '';
  if (min && max) return min.inclusive && max.inclusive ? `between ${show(min)} and ${show(max)}` : `${lo} and ${hi}`;
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

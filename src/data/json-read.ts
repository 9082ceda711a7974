/**
 * Reads JSON data files into the same raw form as CSV, so a JSON export from another system is
 * checked by exactly the rules a CSV file is. JSON has no meaningful line structure for records,
 * so a record's "line" is its 1-based index in the array.
 */
import { dataDiag, phrase, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { Decimal, formatDecimal } from '../numeric/decimal.ts';
import { unreadable, type RawRecord, type RawTable } from './raw-table.ts';
import { JsonSyntaxError, parseJson, type JsonValue } from './json-parse.ts';

/**
 * Reads JSON text (decoded, BOM removed): an array of objects, or `{"rows": [...]}`.
 *
 * - `line` of a record = its 1-based index in the array (not a text line); the column of a cell
 *   is given later by the column's position in the declared table.
 * - Values become the text the CSV path would see: strings as they are, numbers as plain decimals
 *   read from their source text, digit for digit (`1e-7` → `0.0000001`,
 *   `12345678901234567890.01` stays exact), booleans as `true`/`false`,
 *   `null` as an empty cell. A key absent from a record is an empty cell.
 * - `columns` = keys in first-seen order over all records.
 * - Invalid JSON or another top-level shape gives KPL3021 (file-level; for a syntax error the
 *   location is the text line and column of the error). A record that is not an object, or a
 *   value of a `declared` column that is an object or array, gives KPL3021 on that record
 *   (col = the column's 1-based position in `declared`), which is kept in error. Such values in
 *   undeclared columns are ignored like the rest of those columns.
 * - An empty array gives KPL3018.
 */
export function readJson(fileName: string, text: string, declared: readonly string[] = []): RawTable {
  let doc: JsonValue;
  try {
    // Numbers are kept as their source text: no digit is lost to a double.
    doc = parseJson(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const before = text.slice(0, e.offset);
    const line = before.split('\n').length;
    const col = before.length - before.lastIndexOf('\n');
    return unreadable([dataDiag('KPL3021', { detail: e.message }, fileName, line, col)]);
  }
  const rows = Array.isArray(doc) ? doc : isObject(doc) && Array.isArray(doc.get('rows')) ? (doc.get('rows') as JsonValue[]) : undefined;
  if (!rows) {
    return unreadable([dataDiag('KPL3021', { detail: phrase('jsonShape') }, fileName, 1, 1)]);
  }

  const columns: string[] = [];
  const index = new Map<string, number>();
  for (const r of rows) {
    if (!isObject(r)) continue;
    for (const k of r.keys()) {
      if (!index.has(k)) {
        index.set(k, columns.length);
        columns.push(k);
      }
    }
  }

  const records: RawRecord[] = rows.map((r: JsonValue, i: number) => {
    const line = i + 1;
    if (!isObject(r)) {
      const err = dataDiag('KPL3021', { detail: phrase('jsonNotObject', { n: line }) }, fileName, line, 1);
      return { line, cells: [], errors: [err], misaligned: true };
    }
    const errors: Diagnostic[] = [];
    const badCells = new Set<number>();
    const cells: (string | undefined)[] = columns.map((k, ci) => {
      if (!r.has(k)) return undefined;
      const v = r.get(k)!;
      if (v === null) return '';
      if (typeof v === 'string') return v;
      if (typeof v === 'boolean') return v ? 'true' : 'false';
      if (isNumber(v)) return formatDecimal(new Decimal(v.num));
      badCells.add(ci);
      const at = declared.indexOf(k);
      if (at >= 0) {
        const what = Array.isArray(v) ? 'a list' : 'an object';
        errors.push(dataDiag('KPL3021', { detail: phrase('jsonNotSingle', { name: k, n: line, what }) }, fileName, line, at + 1));
      }
      return undefined;
    });
    return { line, cells, errors, misaligned: false, badCells };
  });
  const diagnostics: Diagnostic[] = rows.length === 0 ? [dataDiag('KPL3018', { file: fileName }, fileName, 1, 1)] : [];
  return { columns, headerLine: 1, records, diagnostics, complete: true };
}

function isObject(v: JsonValue): v is Map<string, JsonValue> {
  return v instanceof Map;
}

function isNumber(v: JsonValue): v is { num: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map);
}

/**
 * Loads the data files of a policy's input tables into typed, cross-checked tables. Nothing is
 * dropped: every record becomes a row that is either valid or carries its errors, and a person
 * whose related data (ratings, lookup rows) is in error is marked in error too, so no result is
 * ever computed from partial data.
 */
import { dataDiag, diag, phrase, sortDiagnostics, withHelp, type Diagnostic, type Phrase } from '../diagnostics/diagnostic.ts';
import { suggest } from '../diagnostics/suggest.ts';
import type { Column, InputTable } from '../plan/schema.ts';
import { convertCell } from './convert-cell.ts';
import { readCsv } from './csv-read.ts';
import { decodeText } from './decode.ts';
import { readJson } from './json-read.ts';
import { cellName, readXlsx } from './xlsx-read.ts';
import { keyText } from './key-text.ts';
import { formatOf, headerOf } from './header.ts';

export { formatOf };
import type { RawTable } from './raw-table.ts';
import type { LoadedData, Row, RowRef, Table } from './table.ts';
import type { Value } from './value.ts';
import { dict } from '../source/dict.ts';

/** One data file given for an input table. */
export interface DataFile {
  readonly table: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
  /** Defaults to `json` for a name ending in `.json`, `xlsx` for `.xlsx` (any case), else `csv`. */
  readonly format?: 'csv' | 'json' | 'xlsx';
  /** The text encoding of a CSV or JSON file (see decode.ts `ENCODINGS`); detected when absent. */
  readonly encoding?: string;
  /** The sheet of an .xlsx workbook; the first sheet when absent. */
  readonly sheet?: string;
}

/** A loaded table with what the cross-table checks need. */
interface Loaded {
  readonly input: InputTable;
  readonly table: Table;
  readonly rows: Row[];
  /** 1-based column number of a declared column, as used in row diagnostics. */
  readonly colOf: (name: string) => number;
  /** For a spreadsheet: the sheet, cell and header of a declared column's cell in words (a diagnostic's help). */
  readonly where?: (name: string, line: number) => Phrase | undefined;
}

/**
 * Reads, decodes, parses and type-checks every input table, then checks keys across tables.
 *
 * File level (in `LoadedData.diagnostics`): a file for an undeclared table → KPL3016; a second
 * file for the same table → KPL3022 (ignored); a declared table without a file → KPL3015 (empty,
 * incomplete table); decoding and parsing problems (KPL3007, KPL3008, KPL3013, KPL3018, KPL3021);
 * a declared column absent from the file → KPL3003 at the header, and every row of the table
 * gets KPL3003 too (rows are kept); an undeclared file column → KPL3014 warning, once per name.
 *
 * Row level (in `Row.errors`): cell conversion errors (see `convertCell`), KPL3017 wrong field
 * count; KPL3005 a duplicate key in the population or a lookup table (the later row; the first
 * stays valid); KPL3006 a related row whose `by` matches no person, or a `references` value that
 * is no key of its lookup table; KPL3020 a non-population row referring to a lookup row in error;
 * KPL3019 a person with a related row in error, or referring to a lookup row in error.
 *
 * Row diagnostics are located at file:line:col, col being the 1-based field number in a CSV file
 * and the column's position in the declared table for JSON (1 for whole-row problems). KPL3014
 * is located at the column's position in the header (JSON: in first-seen key order).
 */
export function loadTables(inputs: readonly InputTable[], files: readonly DataFile[]): LoadedData {
  const diagnostics: Diagnostic[] = [];
  const byTable = new Map<string, DataFile>();
  for (const f of files) {
    const first = byTable.get(f.table);
    if (!inputs.some((t) => t.name === f.table)) diagnostics.push(dataDiag('KPL3016', { table: f.table }, f.fileName, 1, 1));
    else if (first) diagnostics.push(dataDiag('KPL3022', { table: f.table, first: first.fileName, second: f.fileName }, f.fileName, 1, 1));
    else byTable.set(f.table, f);
  }

  const loaded: Loaded[] = inputs.map((input) => {
    const file = byTable.get(input.name);
    if (!file) {
      diagnostics.push(diag('KPL3015', { table: input.name }));
      return emptyTable(input);
    }
    const format = file.format ?? formatOf(file.fileName);
    if (format === 'xlsx') {
      const x = readXlsx(file.fileName, file.bytes, file.sheet, input.columns);
      diagnostics.push(...x.table.diagnostics);
      if (x.table.columns.length === 0) return emptyTable(input, x.location);
      return buildTable(input, x.location, x.table, false, diagnostics);
    }
    const decoded = decodeText(file.fileName, file.bytes, file.encoding);
    diagnostics.push(...decoded.diagnostics);
    if (decoded.text === undefined) return emptyTable(input, file.fileName);
    const json = format === 'json';
    const declared = input.columns.map(headerOf);
    const raw = json ? readJson(file.fileName, decoded.text, declared) : readCsv(file.fileName, decoded.text);
    diagnostics.push(...raw.diagnostics);
    return buildTable(input, file.fileName, raw, json, diagnostics);
  });

  crossCheck(loaded);
  const tables: Record<string, Table> = dict();
  for (const l of loaded) tables[l.input.name] = l.table;
  return { tables, diagnostics };
}

function emptyTable(input: InputTable, file?: string): Loaded {
  const rows: Row[] = [];
  const table: Table = { name: input.name, role: input.role, ...(file !== undefined ? { file } : {}), columns: input.columns.map((c) => c.name), rows, complete: false };
  return { input, table, rows, colOf: () => 1 };
}

/** Types the cells of one raw table and reports column-level problems. */
function buildTable(input: InputTable, file: string, raw: RawTable, json: boolean, diagnostics: Diagnostic[]): Loaded {
  const index = new Map<string, number>();
  raw.columns.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i);
  });
  const declared = new Set(input.columns.map(headerOf));
  const missing = input.columns.filter((c) => !index.has(headerOf(c)));
  // A file that could not be read at all has no header to compare with.
  const hasHeader = raw.columns.length > 0;
  const missingDiag = (c: Column, line: number): Diagnostic => dataDiag('KPL3003', { table: input.name, column: headerOf(c) }, file, line, 1);
  if (hasHeader) {
    for (const c of missing) {
      const d = missingDiag(c, raw.headerLine);
      const near = suggest(headerOf(c), raw.columns.filter((h) => !declared.has(h)));
      diagnostics.push(near === undefined ? d : withHelp(d, phrase('similarHeader', { near, name: c.name })));
    }
    const warned = new Set<string>();
    raw.columns.forEach((name, i) => {
      if (declared.has(name) || warned.has(name)) return;
      warned.add(name);
      diagnostics.push(dataDiag('KPL3014', { column: name, table: input.name }, file, raw.headerLine, (raw.sheet?.firstColumn ?? 1) + i));
    });
  }
  const declaredPos = new Map(input.columns.map((c, i) => [c.name, i + 1]));
  const sheetCol = (name: string): number => raw.sheet!.firstColumn + (index.get(headerOf(input.columns.find((c) => c.name === name)!)) ?? 0);
  const colOf = (name: string): number =>
    (json ? declaredPos.get(name) : raw.sheet ? sheetCol(name) : (index.get(headerOf(input.columns.find((c) => c.name === name)!)) ?? -1) + 1) || 1;
  const keyCol = input.role === 'related' ? input.by : input.key;
  /** Where a cell is, in words, for a spreadsheet (the location names only row and column numbers). */
  const where = (column: Column, line: number): Phrase | undefined =>
    raw.sheet ? phrase('sheetCell', { sheet: raw.sheet.name, cell: cellName(line - 1, colOf(column.name) - 1), column: headerOf(column) }) : undefined;
  const whereByName = (name: string, line: number): Phrase | undefined => {
    const c = input.columns.find((x) => x.name === name);
    return c ? where(c, line) : undefined;
  };

  const rows: Row[] = raw.records.map((rec) => {
    const errors: Diagnostic[] = [...rec.errors];
    const values: Record<string, Value> = dict();
    const rawText: Record<string, string> = dict();
    for (const column of input.columns) {
      const i = index.get(headerOf(column));
      if (i === undefined) continue;
      const text = rec.cells[i];
      if (text !== undefined) rawText[column.name] = text;
      if (rec.misaligned || rec.badCells?.has(i)) continue;
      const res = convertCell(text, column);
      if ('value' in res) values[column.name] = res.value;
      else {
        const d = dataDiag(res.error.code, res.error.args, file, rec.line, colOf(column.name));
        const [a, b] = [where(column, rec.line), res.error.help];
        const help = a && b ? phrase('twoHints', { a, b }) : (a ?? b);
        errors.push(help ? withHelp(d, help) : d);
      }
    }
    for (const c of missing) errors.push(missingDiag(c, rec.line));
    const key = keyCol === undefined ? undefined : (keyText(values[keyCol]) ?? (rawText[keyCol]?.trim() || undefined));
    return { line: rec.line, values, raw: rawText, ...(key !== undefined ? { key } : {}), errors };
  });
  const table: Table = { name: input.name, role: input.role, file, columns: input.columns.map((c) => c.name), rows, complete: raw.complete };
  return { input, table, rows, colOf, ...(raw.sheet ? { where: whereByName } : {}) };
}

/** Keys, references and the propagation of errors to the people they concern. */
function crossCheck(loaded: readonly Loaded[]): void {
  const byName = new Map(loaded.map((l) => [l.input.name, l]));
  const keyMaps = new Map<string, Map<string, Row>>();

  // Duplicate keys: the first row with a key owns it; later ones are in error.
  for (const l of loaded) {
    if (l.input.role === 'related' || l.input.key === undefined) continue;
    const keyCol = l.input.key;
    const map = new Map<string, Row>();
    for (const row of l.rows) {
      if (row.key === undefined) continue;
      const first = map.get(row.key);
      if (first) row.errors.push(located(l, dataDiag('KPL3005', { key: row.key, line: first.line }, l.table.file ?? '', row.line, l.colOf(keyCol)), keyCol));
      else map.set(row.key, row);
    }
    keyMaps.set(l.input.name, map);
  }

  // References to lookup keys, and the person of each related row. Checked only against a
  // complete table, so a truncated file does not produce a cascade of "unknown key" errors.
  const targetOf = (ref: string): Map<string, Row> | undefined => {
    const t = byName.get(ref);
    return t && t.input.role !== 'related' && t.table.complete ? keyMaps.get(ref) : undefined;
  };
  const refColumns = (l: Loaded): { column: Column; target: Map<string, Row> }[] =>
    l.input.columns.flatMap((column) => {
      const target = column.references === undefined ? undefined : targetOf(column.references);
      return target ? [{ column, target }] : [];
    });
  for (const l of loaded) {
    for (const { column, target } of refColumns(l)) {
      for (const row of l.rows) {
        const k = keyText(row.values[column.name]);
        if (k !== undefined && !target.has(k)) {
          row.errors.push(located(l, dataDiag('KPL3006', { table: column.references!, key: k }, l.table.file ?? '', row.line, l.colOf(column.name)), column.name));
        }
      }
    }
  }
  const population = loaded.find((l) => l.input.role === 'population');
  const people = population && population.table.complete ? keyMaps.get(population.input.name) : undefined;
  if (population && people) {
    for (const l of loaded) {
      const by = l.input.by;
      if (l.input.role !== 'related' || by === undefined) continue;
      for (const row of l.rows) {
        const k = keyText(row.values[by]);
        if (k !== undefined && !people.has(k)) {
          row.errors.push(located(l, dataDiag('KPL3006', { table: population.input.name, key: k }, l.table.file ?? '', row.line, l.colOf(by)), by));
        }
      }
    }
  }

  // Rows (other than people) referring to lookup rows in error become errors, until nothing
  // changes: lookup tables may refer to one another.
  const flagged = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const l of loaded) {
      if (l === population) continue;
      for (const { column, target } of refColumns(l)) {
        for (const row of l.rows) {
          const k = keyText(row.values[column.name]);
          const hit = k === undefined ? undefined : target.get(k);
          const id = `${l.input.name}\u0000${row.line}\u0000${column.name}`;
          if (!hit || hit.errors.length === 0 || flagged.has(id)) continue;
          flagged.add(id);
          changed = true;
          row.errors.push(
            located(l, dataDiag('KPL3020', { column: column.name, key: k!, table: column.references!, line: hit.line }, l.table.file ?? '', row.line, l.colOf(column.name)), column.name),
          );
          addRelated(row, { table: column.references!, line: hit.line });
        }
      }
    }
  }

  // People: in error when they refer to a lookup row in error or own a related row in error.
  if (!population) return;
  const file = population.table.file ?? '';
  const mark = (person: Row, table: string, line: number): void => {
    person.errors.push(dataDiag('KPL3019', { key: person.key ?? '', table, line }, file, person.line, 1));
    addRelated(person, { table, line });
  };
  for (const { column, target } of refColumns(population)) {
    for (const row of population.rows) {
      const k = keyText(row.values[column.name]);
      const hit = k === undefined ? undefined : target.get(k);
      if (hit && hit.errors.length > 0) mark(row, column.references!, hit.line);
    }
  }
  if (!people) return;
  for (const l of loaded) {
    if (l.input.role !== 'related' || l.input.by === undefined) continue;
    for (const row of l.rows) {
      const person = row.key === undefined ? undefined : people.get(row.key);
      if (person && row.errors.length > 0) mark(person, l.input.name, row.line);
    }
  }
}

/** A row diagnostic of a spreadsheet table with the sheet, cell and header as its help. */
function located(l: Loaded, d: Diagnostic, column: string): Diagnostic {
  const w = l.where?.(column, d.dataLocation?.line ?? 0);
  return w === undefined ? d : withHelp(d, w);
}

function addRelated(row: Row, ref: RowRef): void {
  (row as { related?: RowRef[] }).related = [...(row.related ?? []), ref];
}

/**
 * Every diagnostic of a load: file-level ones and each row's errors, in deterministic order
 * (by file, line, column, code).
 */
export function allDiagnostics(data: LoadedData): Diagnostic[] {
  const out = [...data.diagnostics];
  for (const t of Object.values(data.tables)) for (const r of t.rows) out.push(...r.errors);
  return sortDiagnostics(out);
}

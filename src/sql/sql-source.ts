/**
 * The loaded data as the SQL engines read it, whichever reader loaded it: src/data's rows (a run
 * whose data has problems to report, or that is not plain CSV) or the columnar reader's typed
 * columns (src/columnar: plain CSV files with nothing to report — no row objects, no decimals per
 * cell, so a large file loads as fast as for the fast engine).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { LoadedData, Row } from '../data/table.ts';
import type { Value } from '../data/value.ts';
import type { InputTable } from '../plan/schema.ts';
import { keyText } from '../data/key-text.ts';
import { Decimal, formatDecimal } from '../numeric/decimal.ts';
import { fmtNorm } from '../numeric/scaled.ts';
import { rowOfColumns, type FastData, type FastTable } from '../columnar/columns.ts';

export interface SourceTable {
  readonly size: number;
  /** The file the rows came from (diagnostics). */
  readonly file: string | undefined;
  /** A row's key as the evaluation knows it: a person's key (`#n` without a key column), a lookup row's key, a related row's person. */
  key(i: number): string | undefined;
  line(i: number): number;
  /** False when the row has data errors. */
  ok(i: number): boolean;
  /** A declared column's value as text (numbers plain decimals, booleans true/false), null when missing. */
  text(col: string, i: number): string | null;
  /** The row as src/data gives it (built on demand for columns). */
  row(i: number): Row;
  /** The data errors of its rows. */
  errors(): Diagnostic[];
}

export type SqlData = LoadedData | FastData;

const valueText = (v: Value | undefined): string | null => (v === null || v === undefined ? null : v instanceof Decimal ? formatDecimal(v) : typeof v === 'boolean' ? (v ? 'true' : 'false') : v);

function ofRows(t: InputTable, data: LoadedData): SourceTable {
  const table = data.tables[t.name];
  const rows = table?.rows ?? [];
  return {
    size: rows.length,
    file: table?.file,
    key: (i) => {
      const r = rows[i]!;
      if (t.role === 'related') return keyText(r.values[t.by!]);
      return r.key ?? keyText(r.values[t.key!]) ?? (t.role === 'population' ? `#${i + 1}` : undefined);
    },
    line: (i) => rows[i]!.line,
    ok: (i) => rows[i]!.errors.length === 0,
    text: (col, i) => valueText(rows[i]!.values[col]),
    row: (i) => rows[i]!,
    errors: () => rows.flatMap((r) => r.errors),
  };
}

function ofColumns(t: FastTable): SourceTable {
  return {
    size: t.size,
    file: t.file,
    key: (i) => t.keys[i],
    line: (i) => t.lines[i]!,
    ok: (i) => t.bad?.[i] !== 1,
    text: (name, i) => {
      const col = t.columns.get(name);
      if (!col) return null;
      if (col.kind === 'num') {
        const n = col.data[i]!;
        return n !== n ? null : fmtNorm(n, col.scale);
      }
      if (col.kind === 'bool') return col.data[i] === 2 ? null : col.data[i] === 1 ? 'true' : 'false';
      return col.data[i] ?? null;
    },
    row: (i) => rowOfColumns(t, i),
    errors: () => (t.rows ?? []).flatMap((r) => r.errors),
  };
}

/** The input table `t` of the data. */
export function sourceTable(t: InputTable, data: SqlData): SourceTable {
  if ('population' in data) {
    const table = data.tables.get(t.name);
    if (table) return ofColumns(table);
    return { size: 0, file: undefined, key: () => undefined, line: () => 0, ok: () => false, text: () => null, row: () => ({ line: 0, values: {}, raw: {}, errors: [] }), errors: () => [] };
  }
  return ofRows(t, data);
}

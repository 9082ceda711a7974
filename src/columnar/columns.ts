/**
 * Columnar data for the fast engine: one typed array per column a policy reads.
 * Numbers are exact scaled integers (value = n / 10^scale, NaN = missing) in a Float64Array;
 * booleans 0 / 1 / 2 (missing) in a Uint8Array; text, categories and dates as strings (null =
 * missing). Built from the CSV fast path or from the row objects of src/data.
 */
import type { InputTable, Plan } from '../plan/schema.ts';
import type { LoadedData, Row } from '../data/table.ts';
import { keyText } from '../data/key-text.ts';
import { Decimal } from '../numeric/decimal.ts';
import { fmtNorm, LIM, MAX_SCALE, parseScaled, POW10 } from '../numeric/scaled.ts';
import type { Value } from '../data/value.ts';
import { dict } from '../source/dict.ts';

/** Data (or, thrown by the code generator, a plan feature) the fast engine cannot run exactly: the caller runs the interpreter. */
export class Unsupported extends Error {}

export interface NumColumn {
  readonly kind: 'num';
  readonly data: Float64Array;
  readonly scale: number;
  /** Largest |n| of the column (computed when first needed). */
  maxAbs?: number;
}
export interface BoolColumn {
  readonly kind: 'bool';
  readonly data: Uint8Array;
}
export interface StrColumn {
  readonly kind: 'str';
  readonly data: (string | null)[];
}
export type FastColumn = NumColumn | BoolColumn | StrColumn;

export interface FastTable {
  readonly input: InputTable;
  readonly file: string;
  readonly size: number;
  /** The columns the policy reads (others are validated while loading, then dropped). */
  readonly columns: Map<string, FastColumn>;
  /**
   * Key text of each row: for people, the key the evaluation knows them by; for lookup rows their
   * key; for related rows the person they belong to (`by`). Undefined when the row has none.
   */
  readonly keys: (string | undefined)[];
  /** 1-based line (CSV) or record number (JSON) of each row. */
  readonly lines: Int32Array;
  /** 1 for a row with data errors (only when built from src/data rows). */
  readonly bad?: Uint8Array;
  /** The src/data rows it was built from, when it was. */
  readonly rows?: readonly Row[];
  /** Cell texts that differ from their value's text (surrounding spaces, `12.50`), by column and row. */
  readonly raw?: Map<string, Map<number, string>>;
}

export interface FastData {
  readonly population: FastTable;
  readonly tables: Map<string, FastTable>;
  /** Lookup tables: key → row (the first valid row with the key). */
  readonly lookups: Map<string, Map<string, number>>;
  /** Related tables: person key → rows (valid rows, input order). */
  readonly related: Map<string, Map<string, Int32Array>>;
  /** The src/data form, when the columns were built from it. */
  readonly source?: LoadedData;
}

/** A row of a table as src/data would have loaded it (the original row when there is one). */
export function rowOfColumns(t: FastTable, i: number): Row {
  if (t.rows) return t.rows[i]!;
  const values: Record<string, Value> = dict();
  const raw: Record<string, string> = dict();
  for (const [name, col] of t.columns) {
    let v: Value;
    if (col.kind === 'num') {
      const n = col.data[i]!;
      v = n !== n ? null : new Decimal(fmtNorm(n, col.scale));
    } else if (col.kind === 'bool') v = col.data[i] === 2 ? null : col.data[i] === 1;
    else v = col.data[i] ?? null;
    values[name] = v;
    raw[name] = t.raw?.get(name)?.get(i) ?? (v === null ? '' : v instanceof Decimal ? v.toFixed() : String(v));
  }
  const key = t.keys[i];
  return { line: t.lines[i]!, values, raw, ...(key !== undefined ? { key } : {}), errors: [] };
}

export type ColumnKind = 'num' | 'bool' | 'str';

export function kindOf(type: string): ColumnKind {
  return type === 'bool' ? 'bool' : type === 'number' || type === 'integer' || type === 'percent' || type === 'money' ? 'num' : 'str';
}

/** Columns a plan reads, per table (keys, `by` columns and the columns of weights included). */
export function usedColumns(plan: Plan, exprs: readonly { table?: string; col: string }[]): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  const pop = plan.inputs.find((t) => t.role === 'population')!;
  const add = (table: string, col: string): void => {
    let s = used.get(table);
    if (!s) used.set(table, (s = new Set()));
    s.add(col);
  };
  for (const t of plan.inputs) {
    used.set(t.name, used.get(t.name) ?? new Set());
    if (t.role === 'related' && t.by) add(t.name, t.by);
    if (t.role !== 'related' && t.key) add(t.name, t.key);
  }
  for (const r of exprs) add(r.table ?? pop.name, r.col);
  return used;
}

/**
 * Exact scaled integers of decimal values at a common scale; throws when one does not fit.
 * The cell texts (already validated by convert-cell.ts) are parsed directly when they are plain,
 * which is much cheaper than decimal arithmetic; anything else goes through the Decimal.
 */
function scaledColumn(values: readonly (Decimal | null | undefined)[], texts: readonly (string | undefined)[], percent: boolean, name: string): NumColumn {
  const ns = new Float64Array(values.length);
  const ds = new Uint8Array(values.length);
  let scale = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!v) {
      ns[i] = NaN;
      continue;
    }
    let parsed = texts[i] === undefined ? undefined : scaledText(texts[i]!, percent);
    if (!parsed) {
      const d = Math.max(0, v.decimalPlaces());
      if (d > MAX_SCALE) throw new Unsupported(`column ${name} has more than ${MAX_SCALE} decimals`);
      const n = v.times(POW10[d]!);
      if (!n.abs().lt(LIM)) throw new Unsupported(`a value of column ${name} is too large for exact arithmetic in doubles`);
      parsed = { n: n.toNumber(), d };
    }
    ns[i] = parsed.n;
    ds[i] = parsed.d;
    if (parsed.d > scale) scale = parsed.d;
  }
  const data = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const n = ns[i]!;
    const v = n !== n || ds[i] === scale ? n : n * POW10[scale - ds[i]!]!;
    if (!(Math.abs(v) < LIM) && v === v) throw new Unsupported(`a value of column ${name} is too large for exact arithmetic in doubles`);
    data[i] = v;
  }
  return { kind: 'num', data, scale };
}

/** A plain number cell's text (as convert-cell.ts reads it) as a scaled integer, or undefined. */
function scaledText(text: string, percent: boolean): { n: number; d: number } | undefined {
  let t = text.trim();
  let extra = 0;
  if (percent) {
    const m = /^(.*?)\s*[%％]$/.exec(t);
    if (m) {
      t = m[1]!;
      extra = 2;
    }
  }
  const r = parseScaled(t);
  if (!r || r.d + extra > MAX_SCALE) return undefined;
  return { n: r.n, d: r.d + extra };
}

/** Columns of the rows src/data loaded (the playground and the fallback after data errors use it). */
export function fromLoaded(plan: Plan, data: LoadedData, used: Map<string, Set<string>>): FastData {
  const tables = new Map<string, FastTable>();
  let population: FastTable | undefined;
  for (const input of plan.inputs) {
    const t = data.tables[input.name];
    const rows = t?.rows ?? [];
    const columns = new Map<string, FastColumn>();
    for (const name of used.get(input.name) ?? []) {
      const col = input.columns.find((c) => c.name === name);
      if (!col) continue;
      const kind = kindOf(col.type);
      if (kind === 'num') columns.set(name, scaledColumn(rows.map((r) => r.values[name] as Decimal | null | undefined), rows.map((r) => r.raw[name]), col.type === 'percent', `${input.name}.${name}`));
      else if (kind === 'bool') {
        const d = new Uint8Array(rows.length);
        rows.forEach((r, i) => {
          const v = r.values[name];
          d[i] = v === true ? 1 : v === false ? 0 : 2;
        });
        columns.set(name, { kind: 'bool', data: d });
      } else columns.set(name, { kind: 'str', data: rows.map((r) => (typeof r.values[name] === 'string' ? (r.values[name] as string) : null)) });
    }
    const keys = rows.map((r, i) => {
      if (input.role === 'population') return r.key ?? keyText(r.values[input.key!]) ?? `#${i + 1}`;
      if (input.role === 'related') return keyText(r.values[input.by!]);
      return r.key;
    });
    const bad = new Uint8Array(rows.length);
    rows.forEach((r, i) => (bad[i] = r.errors.length > 0 ? 1 : 0));
    const table: FastTable = { input, file: t?.file ?? input.name, size: rows.length, columns, keys, lines: Int32Array.from(rows.map((r) => r.line)), bad, rows };
    tables.set(input.name, table);
    if (input.role === 'population') population = table;
  }
  return { population: population!, tables, ...indexTables(tables), source: data };
}

/** The lookup and related indexes of loaded tables (rows with errors take no part). */
export function indexTables(tables: ReadonlyMap<string, FastTable>): Pick<FastData, 'lookups' | 'related'> {
  const lookups = new Map<string, Map<string, number>>();
  const related = new Map<string, Map<string, Int32Array>>();
  for (const t of tables.values()) {
    if (t.input.role === 'lookup') {
      const m = new Map<string, number>();
      for (let i = 0; i < t.size; i++) {
        const k = t.keys[i];
        if (k !== undefined && !t.bad?.[i] && !m.has(k)) m.set(k, i);
      }
      lookups.set(t.input.name, m);
    } else if (t.input.role === 'related') {
      const lists = new Map<string, number[]>();
      for (let i = 0; i < t.size; i++) {
        const k = t.keys[i];
        if (k === undefined || t.bad?.[i]) continue;
        const l = lists.get(k);
        if (l) l.push(i);
        else lists.set(k, [i]);
      }
      const m = new Map<string, Int32Array>();
      for (const [k, l] of lists) m.set(k, Int32Array.from(l));
      related.set(t.input.name, m);
    }
  }
  return { lookups, related };
}

/**
 * Data for `loadTables` from what an integrator has at hand: the bytes of a file, its text, rows
 * already parsed (records of column → value, read as JSON records are), or a stream of chunks
 * (an async iterable of bytes or text, such as a Node or web stream). Every form becomes one
 * `DataFile` and goes through the same reading, conversion and checks as a file on disk, so the
 * results and diagnostics are the same whatever the form.
 */
import type { DataFile } from './load-tables.ts';

/** The data of one table: bytes (CSV or JSON in UTF-8, UTF-16 or GB18030; an .xlsx workbook), text, or parsed rows. */
export type TableSource = Uint8Array | string | readonly Readonly<Record<string, unknown>>[];

export interface TableInput {
  /** The input table of the policy the data is for. */
  readonly table: string;
  readonly data: TableSource;
  /** The name diagnostics give the data (default `TABLE.csv`, or `TABLE.json` for rows). */
  readonly fileName?: string;
  /** How bytes or text are read (default: from fileName, else `csv`); rows are always records. */
  readonly format?: 'csv' | 'json' | 'xlsx';
  /** The sheet of a workbook (default: its first visible sheet). */
  readonly sheet?: string;
  /** The text encoding of CSV or JSON bytes (`gb18030`, `utf-16le`, …; default: detected), as `--encoding`. */
  readonly encoding?: string;
}

const encoder = new TextEncoder();

/** One table's data as the loader takes it. */
export function tableData(input: TableInput): DataFile {
  const { table, data } = input;
  if (typeof data === 'string' || data instanceof Uint8Array) {
    const fileName = input.fileName ?? `${table}.${input.format ?? 'csv'}`;
    const options = { ...(input.format ? { format: input.format } : {}), ...(input.sheet !== undefined ? { sheet: input.sheet } : {}), ...(input.encoding !== undefined ? { encoding: input.encoding } : {}) };
    return { table, fileName, bytes: typeof data === 'string' ? encoder.encode(data) : data, ...options };
  }
  // Parsed rows are JSON records: the JSON reader converts and checks every value as from a file.
  return { table, fileName: input.fileName ?? `${table}.json`, bytes: encoder.encode(JSON.stringify(data)), format: 'json' };
}

/** One table's data from a stream of chunks (bytes or text), read to its end. */
export async function tableDataFrom(table: string, chunks: AsyncIterable<Uint8Array | string>, options: Omit<TableInput, 'table' | 'data'> = {}): Promise<DataFile> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const c of chunks) {
    const bytes = typeof c === 'string' ? encoder.encode(c) : c;
    parts.push(bytes);
    size += bytes.length;
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return tableData({ table, data: all, ...options });
}

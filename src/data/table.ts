/**
 * The loaded, typed form of the input data: what the evaluator reads. Every record of every file
 * is a Row, valid or carrying its errors, so the error report can account for all of them.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { InputTable } from '../plan/schema.ts';
import type { Value } from './value.ts';

/** A pointer to a row of another table (the row that made this one invalid). */
export interface RowRef {
  readonly table: string;
  readonly line: number;
}

/** One data record. */
export interface Row {
  /** CSV: 1-based file line where the record starts. JSON: 1-based index of the record. */
  readonly line: number;
  /**
   * Typed values of the declared columns. A cell that failed conversion, or a column missing from
   * the file, is absent here (never `null`, which means "missing value, column optional").
   */
  readonly values: Record<string, Value>;
  /** The cell text of each declared column present in the record, as read from the file. */
  readonly raw: Record<string, string>;
  /**
   * Canonical key text identifying the row: population/lookup key, or for a related row the
   * `by` value (the person). Taken from the raw text when the value did not convert.
   */
  readonly key?: string;
  /** Empty when the row is valid. */
  readonly errors: Diagnostic[];
  /** Rows of other tables whose errors made this row invalid (KPL3019 / KPL3020). */
  readonly related?: RowRef[];
}

/** One input table with its rows in input order. */
export interface Table {
  readonly name: string;
  readonly role: InputTable['role'];
  /** The data file it was read from; absent when none was given. */
  readonly file?: string;
  /** Declared column names, in declaration order. */
  readonly columns: string[];
  readonly rows: Row[];
  /**
   * False when rows may be missing (no file, undecodable, malformed). A file-level error in
   * `LoadedData.diagnostics` always accompanies it.
   */
  readonly complete: boolean;
}

/**
 * Result of loading. `diagnostics` holds file-level problems only (row problems are in each
 * row's `errors`); any error among them means the data set as a whole is unusable and no result
 * may be computed from it.
 */
export interface LoadedData {
  readonly tables: Record<string, Table>;
  readonly diagnostics: Diagnostic[];
}

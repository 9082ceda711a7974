/**
 * The shape a data file has after it has been split into records but before any cell is
 * interpreted. CSV and JSON readers both produce it, so loading (types, keys, references) is
 * written once and behaves the same for either format.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';

/** One record of a data file, as text. */
export interface RawRecord {
  /**
   * 1-based location of the record: for CSV the file line where it starts; for JSON the 1-based
   * index of the record in the array.
   */
  readonly line: number;
  /** Cell texts by position in `RawTable.columns`; `undefined` when the record has no such cell. */
  readonly cells: readonly (string | undefined)[];
  /** Problems of the record as a whole (wrong field count, a JSON record that is not an object…). */
  readonly errors: Diagnostic[];
  /** True when the cells cannot be trusted to line up with the columns (wrong field count). */
  readonly misaligned: boolean;
  /** Positions of cells that are unusable and already reported in `errors` (JSON lists/objects). */
  readonly badCells?: ReadonlySet<number>;
}

/** A data file split into a header and records. */
export interface RawTable {
  /** Column names in file order (CSV header; for JSON the keys in first-seen order). */
  readonly columns: readonly string[];
  /** 1-based line of the header (CSV); 1 for JSON. */
  readonly headerLine: number;
  readonly records: readonly RawRecord[];
  /** Problems with the file as a whole. */
  readonly diagnostics: Diagnostic[];
  /**
   * False when records may be missing because the file could not be read to its end
   * (undecodable bytes, malformed quoting, invalid JSON).
   */
  readonly complete: boolean;
  /**
   * For a spreadsheet: the sheet's name and the 1-based sheet column of `columns[0]`, so that a
   * diagnostic names the cell (`B17`); `line` is then the sheet row.
   */
  readonly sheet?: { readonly name: string; readonly firstColumn: number };
}

/** A raw table with no records, for a file that could not be read at all. */
export function unreadable(diagnostics: Diagnostic[]): RawTable {
  return { columns: [], headerLine: 1, records: [], diagnostics, complete: false };
}

/**
 * The second part of a CSV file split at a record boundary, read by a reader of its own (in a
 * worker thread): the header first, so its columns are planned exactly as the first reader's,
 * then the bytes from the split point to the end. Also run in-process by the tests.
 */
import { isUtf8 } from 'node:buffer';
import type { InputTable } from '../plan/schema.ts';
import type { FastTable } from './columns.ts';
import { CsvColumnReader } from './csv-columns.ts';
import { keyHash } from './key-set.ts';

/** The reader's options a second reader needs (structured-cloneable: no functions). */
export interface PartOptions {
  readonly input: InputTable;
  readonly fileName: string;
  readonly keep: ReadonlySet<string>;
  readonly raw?: ReadonlySet<string>;
  readonly references?: ReadonlyMap<string, ReadonlySet<string>>;
}

/** What a worker needs to read its part. */
export interface PartJob extends PartOptions {  /** The whole file (a Buffer over shared memory in a worker). */
  readonly bytes: Uint8Array;
  /** Where the header record ends, and where this part begins (both record boundaries). */
  readonly headerEnd: number;
  readonly split: number;
  /** Rows expected in the part (room reserved at once). */
  readonly rowsGuess: number;
}

export interface PartResult {
  readonly table: FastTable;
  /** The key hash of each row (every row has a key: the key column is required). */
  readonly hashes: Int32Array;
  /** The line number the part's reader gave the first line after the header. */
  readonly lineAfterHeader: number;
}

/** Bytes pushed at a time (`onBlock` after each: a worker's sign of life). */
const BLOCK = 8 << 20;

export function readPart(job: PartJob, onBlock?: () => void): PartResult {
  const { bytes, headerEnd, split } = job;
  const r = new CsvColumnReader({ checkKeys: false, input: job.input, fileName: job.fileName, keep: job.keep, ...(job.raw ? { raw: job.raw } : {}), ...(job.references ? { references: job.references } : {}), validUtf8: isUtf8 });
  r.push(bytes.subarray(0, headerEnd));
  if (!r.hasHeader || !r.atBoundary) throw new Error('csv-part: the header does not end where it was said to');
  const lineAfterHeader = r.line;
  r.reserve(job.rowsGuess);
  for (let p = split; p < bytes.length; p += BLOCK) {
    r.push(bytes.subarray(p, Math.min(bytes.length, p + BLOCK)));
    onBlock?.();
  }
  r.end(true);
  const table = r.take();
  // Duplicates are found when the rows are appended (csv-append.ts), with these hashes.
  const hashes = new Int32Array(table.size);
  for (let i = 0; i < table.size; i++) {
    const k = table.keys[i];
    if (k === undefined) throw new Error('csv-part: a row without a key');
    hashes[i] = keyHash(k);
  }
  return { table, hashes, lineAfterHeader };
}

/**
 * Where results go and in what format. `--out -` (or no --out) is standard output; there the
 * format is a table on a terminal and CSV into a file or a pipe. A file's extension gives its
 * format, and an extension no writer handles is refused before anything runs. `--format`
 * overrides either default.
 */
import { extname } from 'node:path';
import type { Args } from './args.ts';
import { flag, oneOf } from './args.ts';
import { UsageError } from './usage-error.ts';
import { isXlsxOut } from './xlsx-out.ts';

export type ResultFormat = 'csv' | 'json' | 'table';
export const RESULT_FORMATS: readonly ResultFormat[] = ['csv', 'json', 'table'];

/**
 * The result files `kpl eval --out` can write, by extension. The place to add a writer (a
 * spreadsheet, say): an extension here, its format in ResultFormat, and its rendering in
 * commands/eval.ts (renderResults).
 */
export const RESULT_EXTENSIONS: Readonly<Record<string, ResultFormat>> = { '.csv': 'csv', '.json': 'json', '.txt': 'table' };

export interface ResultTarget {
  /** The file to write; undefined for standard output. */
  readonly out?: string;
  readonly format: ResultFormat;
}

/** `--out` and `--format` of `kpl eval`, checked. */
export function resultTarget(args: Args, stdout: { isTTY?: boolean } = process.stdout): ResultTarget {
  // A workbook (.xlsx) has a writer of its own (xlsx-out.ts), which `kpl eval` picks before the text formats.
  return outputTarget(args, RESULT_EXTENSIONS, RESULT_FORMATS, stdout.isTTY ? 'table' : 'csv', 'csv', ['.xlsx']);
}

/**
 * `--out` and `--format` of a command writing one document: the file (undefined for standard
 * output: no --out, or `-`) and the format — `--format`, else the file's extension, else
 * `onStdout` or `inFile`. An extension that is not in `extensions` (or `otherWriters`, files the
 * command writes by a writer of their own) is refused (a file without one is written in the
 * default format).
 */
export function outputTarget<F extends string>(args: Args, extensions: Readonly<Record<string, F>>, formats: readonly F[], onStdout: F, inFile: F = onStdout, otherWriters: readonly string[] = []): { out?: string; format: F } {
  const out = outFile(args, [...Object.keys(extensions), ...otherWriters]);
  const byExtension = out === undefined ? undefined : extensions[extname(out).toLowerCase()];
  const format = oneOf(args, 'format', formats, byExtension ?? (out === undefined ? onStdout : inFile));
  return { ...(out !== undefined ? { out } : {}), format };
}

/**
 * `--out FILE`: undefined (standard output) for none or `-`. With `extensions`, a file whose
 * extension is not one of them is refused before anything runs.
 */
export function outFile(args: Args, extensions?: readonly string[]): string | undefined {
  const given = flag(args, 'out');
  const out = given === '-' ? undefined : given;
  const ext = out === undefined ? '' : extname(out).toLowerCase();
  if (extensions && ext && !extensions.includes(ext)) throw new UsageError(`--out ${out}: kpl cannot write ${ext} files; write one of ${extensions.join(', ')} (or --out - for standard output)`);
  return out;
}

/** `--bom`: the UTF-8 byte-order mark CSV output starts with, so Excel on a Chinese Windows reads it as UTF-8 (else ''). */
export function csvBom(args: Args): string {
  return flag(args, 'bom') === 'true' ? '\ufeff' : '';
}

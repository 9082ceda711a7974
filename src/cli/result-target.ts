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
  const given = flag(args, 'out');
  const out = given === '-' ? undefined : given;
  let byExtension: ResultFormat | undefined;
  if (out !== undefined) {
    const ext = extname(out).toLowerCase();
    byExtension = RESULT_EXTENSIONS[ext];
    // A workbook has a writer of its own (xlsx-out.ts), which `kpl eval` picks before the text formats.
    if (ext && !byExtension && !isXlsxOut(out)) {
      const known = [...Object.keys(RESULT_EXTENSIONS), '.xlsx'].join(', ');
      throw new UsageError(`--out ${out}: kpl cannot write ${ext} files; write one of ${known} (or --out - for standard output)`);
    }
  }
  const dflt: ResultFormat = byExtension ?? (out !== undefined || !stdout.isTTY ? 'csv' : 'table');
  const format = oneOf(args, 'format', RESULT_FORMATS, dflt);
  return { ...(out !== undefined ? { out } : {}), format };
}

/** `--out FILE` of the commands that write a report: undefined (standard output) for none or `-`. */
export function outFile(args: Args): string | undefined {
  const given = flag(args, 'out');
  return given === '-' ? undefined : given;
}


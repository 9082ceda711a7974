/** `--data NAME=FILE` arguments → data files for the loader (FILE `-`: standard input). */
import { readFileSync, existsSync, statSync } from 'node:fs';
import { extname, basename } from 'node:path';
import type { Args } from './args.ts';
import { flag } from './args.ts';
import { UsageError } from './usage-error.ts';
import { STDIN, STDIN_NAME, readStdin } from './io.ts';
import { type Plan, type DataFile, formatOf, encodingLabel, ENCODINGS } from '../node.ts';

/** One `--data` argument: the table and the file, checked to exist (a regular file is not read). */
export interface DataSpec {
  readonly table: string;
  readonly path: string;
  readonly format: 'csv' | 'json' | 'xlsx';
  /**
   * The bytes, already read, of standard input or of a pipe (`/dev/stdin`, `<(…)`): what can be
   * read only once is read here, so every later reader (a fallback from the fast path) gets it.
   */
  readonly bytes?: Uint8Array;
  /** `book.xlsx#工作表`: the sheet named after `#`. */
  readonly sheet?: string;
  /** `--encoding`: the text encoding of CSV and JSON files, instead of detecting it. */
  readonly encoding?: string;
}

export function dataSpecs(args: Args, plan: Plan): DataSpec[] {
  const specs = args.flags.get('data') ?? [];
  const tables = plan.inputs.map((t) => t.name);
  const encoding = flag(args, 'encoding');
  if (encoding !== undefined && encodingLabel(encoding) === undefined) {
    throw new UsageError(`--encoding must be one of ${Object.keys(ENCODINGS).join(', ')}, not \`${encoding}\``);
  }
  const options = { ...(encoding !== undefined ? { encoding } : {}) };
  return specs.map((spec) => {
    const eq = spec.indexOf('=');
    let table: string;
    let file = eq < 0 ? spec : spec.slice(eq + 1);
    // `book.xlsx#工作表名` names a sheet (unless a file is really called so).
    let sheet: string | undefined;
    const hash = /^(.*\.xls[xm])#(.*)$/i.exec(file);
    if (hash && !existsSync(file)) {
      file = hash[1]!;
      sheet = hash[2]!;
    }
    if (eq < 0) {
      // A lone file name stands for the only table, or the table named like the file.
      const stem = basename(file, extname(file));
      table = tables.length === 1 ? tables[0]! : tables.includes(stem) ? stem : '';
      if (!table) throw new UsageError(`--data ${spec}: say which table it is, as --data TABLE=${spec} (tables: ${tables.join(', ')})`);
    } else table = spec.slice(0, eq);
    if (file === STDIN || file === '/dev/stdin') {
      // `/dev/stdin` is read as standard input too: a socket there cannot be opened by name.
      const bytes = readStdin(`the data of \`${table}\``);
      return { table, path: file === STDIN ? STDIN_NAME : file, format: streamFormat(bytes), bytes, ...options };
    }
    if (!existsSync(file)) throw new UsageError(`--data ${spec}: no such file: ${file}`);
    const stat = statSync(file);
    if (stat.isDirectory()) throw new UsageError(`--data ${spec}: ${file} is a directory, not a file`);
    return { table, path: file, format: formatOf(file), ...(stat.isFile() ? {} : { bytes: new Uint8Array(readFileSync(file)) }), ...(sheet !== undefined ? { sheet } : {}), ...options };
  });
}

/** The format of data with no file name: a workbook (a zip file), JSON when it starts with `[` or `{` (after a byte-order mark and blanks), else CSV. */
function streamFormat(bytes: Uint8Array): DataSpec['format'] {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  const first = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart()[0];
  return first === '[' || first === '{' ? 'json' : 'csv';
}

/** The file of a spec, as the loader takes it (read once: see DataSpec.bytes). */
export function dataFile(s: DataSpec): DataFile {
  return {
    table: s.table,
    fileName: s.path,
    bytes: s.bytes ?? new Uint8Array(readFileSync(s.path)),
    format: s.format,
    ...(s.sheet !== undefined ? { sheet: s.sheet } : {}),
    ...(s.encoding !== undefined ? { encoding: s.encoding } : {}),
  };
}

export function dataFiles(args: Args, plan: Plan): DataFile[] {
  return dataSpecs(args, plan).map(dataFile);
}

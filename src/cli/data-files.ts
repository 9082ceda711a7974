/** `--data NAME=FILE` arguments → data files for the loader (FILE `-`: standard input). */
import { readFileSync, existsSync, statSync } from 'node:fs';
import { extname, basename } from 'node:path';
import type { Args } from './args.ts';
import { UsageError } from './usage-error.ts';
import { STDIN, STDIN_NAME, readStdin } from './io.ts';
import { type Plan, type DataFile } from '../node.ts';

/** One `--data` argument: the table and the file, checked to exist (a regular file is not read). */
export interface DataSpec {
  readonly table: string;
  readonly path: string;
  readonly format: 'csv' | 'json';
  /**
   * The bytes, already read, of standard input or of a pipe (`/dev/stdin`, `<(…)`): what can be
   * read only once is read here, so every later reader (a fallback from the fast path) gets it.
   */
  readonly bytes?: Uint8Array;
}

export function dataSpecs(args: Args, plan: Plan): DataSpec[] {
  const specs = args.flags.get('data') ?? [];
  const tables = plan.inputs.map((t) => t.name);
  return specs.map((spec) => {
    const eq = spec.indexOf('=');
    let table: string;
    let path: string;
    if (eq < 0) {
      // A lone file name stands for the only table, or the table named like the file.
      path = spec;
      const stem = basename(spec, extname(spec));
      table = tables.length === 1 ? tables[0]! : tables.includes(stem) ? stem : '';
      if (!table) throw new UsageError(`--data ${spec}: say which table it is, as --data TABLE=${spec} (tables: ${tables.join(', ')})`);
    } else {
      table = spec.slice(0, eq);
      path = spec.slice(eq + 1);
    }
    if (path === STDIN || path === '/dev/stdin') {
      // `/dev/stdin` is read as standard input too: a socket there cannot be opened by name.
      const bytes = readStdin(`the data of \`${table}\``);
      // JSON when it starts with `[` or `{` (after a byte-order mark and blanks), else CSV.
      const first = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart()[0];
      return { table, path: path === STDIN ? STDIN_NAME : path, format: first === '[' || first === '{' ? 'json' : 'csv', bytes };
    }
    if (!existsSync(path)) throw new UsageError(`--data ${spec}: no such file: ${path}`);
    const stat = statSync(path);
    if (stat.isDirectory()) throw new UsageError(`--data ${spec}: ${path} is a directory, not a file`);
    const format = extname(path).toLowerCase() === '.json' ? 'json' : 'csv';
    return { table, path, format, ...(stat.isFile() ? {} : { bytes: new Uint8Array(readFileSync(path)) }) };
  });
}

/** The data files of `specs`, read (each once: see DataSpec.bytes). */
export function filesOf(specs: readonly DataSpec[]): DataFile[] {
  return specs.map((s) => ({ table: s.table, fileName: s.path, bytes: s.bytes ?? new Uint8Array(readFileSync(s.path)), format: s.format }));
}

export function dataFiles(args: Args, plan: Plan): DataFile[] {
  return filesOf(dataSpecs(args, plan));
}

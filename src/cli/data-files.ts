/** `--data NAME=FILE` arguments → data files for the loader. */
import { readFileSync, existsSync } from 'node:fs';
import { extname, basename } from 'node:path';
import type { Args } from './args.ts';
import { UsageError } from './usage-error.ts';
import { type Plan, type DataFile } from '../node.ts';

/** One `--data` argument: the table and the file, checked to exist (the file is not read). */
export interface DataSpec {
  readonly table: string;
  readonly path: string;
  readonly format: 'csv' | 'json';
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
    if (!existsSync(path)) throw new UsageError(`--data ${spec}: no such file: ${path}`);
    return { table, path, format: extname(path).toLowerCase() === '.json' ? 'json' : 'csv' };
  });
}

export function dataFiles(args: Args, plan: Plan): DataFile[] {
  return dataSpecs(args, plan).map((s) => ({ table: s.table, fileName: s.path, bytes: new Uint8Array(readFileSync(s.path)), format: s.format }));
}

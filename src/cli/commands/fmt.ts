/**
 * `kpl fmt FILE|DIR... [--check | --stdout]`: rewrites policies in the one canonical layout.
 * Directories stand for every `*.kpl` file below them. A file with syntax errors is left alone
 * (exit 2); `--check` changes nothing and exits 1 when some file is not formatted.
 */
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Args } from '../args.ts';
import { flag, oneOf } from '../args.ts';
import { EXIT, printDiagnostics } from '../report.ts';
import { UsageError } from '../usage-error.ts';
import { formatPolicy, type SourceFile } from '../../node.ts';

const USAGE = 'kpl fmt FILE|DIR... [--check | --stdout]';

export function fmtCommand(args: Args): number {
  const { files: named, stdout } = filesAndStdout(args);
  const check = isSet(flag(args, 'check'));
  if (check && stdout) throw new UsageError('use either --check or --stdout, not both');
  if (named.length === 0) throw new UsageError(USAGE);
  const lang = oneOf(args, 'lang', ['en', 'zh'], 'en');
  const files = named.flatMap(expand);
  let exit: number = EXIT.ok;
  const unformatted: string[] = [];
  for (const file of files) {
    const original = readFileSync(file, 'utf8');
    const r = formatPolicy(file, original);
    if (r.text === undefined) {
      const source: SourceFile = { name: file, text: original.replace(/^\uFEFF/, '') };
      printDiagnostics(r.diagnostics, new Map([[file, source]]), 'text', lang);
      exit = Math.max(exit, r.diagnostics.some((d) => d.code === 'KPL9001') ? EXIT.internal : EXIT.policyErrors);
      continue;
    }
    if (stdout) process.stdout.write(r.text);
    else if (r.text !== original) {
      unformatted.push(file);
      if (!check) writeFileSync(file, r.text);
      process.stdout.write(file + '\n');
    }
  }
  if (check && unformatted.length > 0) {
    const n = unformatted.length;
    process.stderr.write(`${n} file${n === 1 ? ' is' : 's are'} not formatted; run \`kpl fmt\` on ${n === 1 ? 'it' : 'them'}\n`);
    exit = Math.max(exit, EXIT.rowErrors);
  }
  return exit;
}

function isSet(v: string | undefined): boolean {
  return v !== undefined && v !== 'false';
}

/**
 * `--stdout` takes no value, but the shared argument parser only knows the flags listed in
 * args.ts, so it may have read the next word as its value: that word is a file.
 */
function filesAndStdout(args: Args): { files: string[]; stdout: boolean } {
  const values = args.flags.get('stdout') ?? [];
  const files = values.filter((v) => v !== 'true' && v !== 'false');
  return { files: [...files, ...args.positionals], stdout: values.length > 0 && values[values.length - 1] !== 'false' };
}

/** A file stays itself; a directory becomes its `*.kpl` files, recursively, in sorted order. */
function expand(path: string): string[] {
  if (!existsSync(path)) throw new UsageError(`no such file or directory: ${path}`);
  if (!statSync(path).isDirectory()) return [path];
  const out: string[] = [];
  for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const p = join(path, entry.name);
    if (entry.isDirectory()) out.push(...expand(p));
    else if (entry.name.endsWith('.kpl')) out.push(p);
  }
  return out;
}

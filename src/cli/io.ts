/** File-system side of the CLI: the import host, standard input, plan-or-policy loading, file lists. */
import { readFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, resolve, relative, isAbsolute, extname, join } from 'node:path';
import { UsageError } from './usage-error.ts';
import { type SourceHost, type SourceFile, type Plan, type Diagnostic, compile, readPlan } from '../node.ts';

export const diskHost: SourceHost = {
  readFile: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined),
  resolve: (from, rel) => {
    const abs = isAbsolute(rel) ? rel : resolve(dirname(from), rel);
    const r = relative(process.cwd(), abs);
    return r.startsWith('..') ? abs : r;
  },
};

/** `-` as a file name: standard input. */
export const STDIN = '-';
/** How standard input is named in diagnostics. */
export const STDIN_NAME = '<stdin>';

let stdinUser: string | undefined;
let stdinBytes: Uint8Array | undefined;

/**
 * Standard input, read once whoever asks again (a fallback from the fast path re-reads its data);
 * `who` says what it is for, so that two arguments cannot both claim it.
 */
export function readStdin(who: string): Uint8Array {
  if (stdinUser !== undefined && stdinUser !== who) throw new UsageError(`standard input (-) can be read once: it is already ${stdinUser}, so it cannot also be ${who}`);
  stdinUser = who;
  stdinBytes ??= new Uint8Array(readFileSync(0));
  return stdinBytes;
}

/** Forgets standard input (in-process runs, one command after another). */
export function resetStdin(): void {
  stdinUser = undefined;
  stdinBytes = undefined;
}

export function readText(path: string): string {
  if (path === STDIN) return new TextDecoder().decode(readStdin('the policy')).replace(/^\uFEFF/, '');
  if (!existsSync(path)) throw new UsageError(`no such file: ${path}`);
  if (statSync(path).isDirectory()) throw new UsageError(`${path} is a directory, not a file`);
  return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
}

export interface LoadedPlan {
  readonly plan?: Plan;
  readonly diagnostics: Diagnostic[];
  readonly files: Map<string, SourceFile>;
}

/** Compiles a `.kpl` policy, or reads and validates a compiled plan `.json` (`-`: standard input, either). */
export function loadPlanOrPolicy(path: string): LoadedPlan {
  const text = readText(path);
  const name = path === STDIN ? STDIN_NAME : path;
  if (path === STDIN ? text.trimStart().startsWith('{') : extname(path) === '.json') {
    const r = readPlan(text);
    const files = new Map<string, SourceFile>();
    for (const s of r.plan?.sources ?? []) files.set(s.name, s);
    return { ...(r.plan ? { plan: r.plan } : {}), diagnostics: r.diagnostics, files };
  }
  const r = compile(name, text, diskHost);
  const files = new Map<string, SourceFile>([[name, { name, text }]]);
  for (const s of r.plan?.sources ?? []) files.set(s.name, s);
  // Imported files are needed to render their diagnostics.
  for (const d of r.diagnostics) if (d.span && !files.has(d.span.file)) { const t = diskHost.readFile(d.span.file); if (t !== undefined) files.set(d.span.file, { name: d.span.file, text: t }); }
  return { ...(r.plan ? { plan: r.plan } : {}), diagnostics: r.diagnostics, files };
}

/**
 * The files named on the command line: a file stays itself (`-` too), a directory becomes every
 * file below it whose name ends with `ext`, recursively, in sorted order (hidden folders and
 * node_modules skipped). A directory with no such file is a usage error.
 */
export function expandPaths(paths: readonly string[], ext = '.kpl'): string[] {
  return paths.flatMap((path) => {
    if (path === STDIN) return [path];
    if (!existsSync(path)) throw new UsageError(`no such file or directory: ${path}`);
    if (!statSync(path).isDirectory()) return [path];
    const found = walk(path, ext);
    if (!found.length) throw new UsageError(`no *${ext} file in the directory ${path}`);
    return found;
  });
}

function walk(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(p, ext));
    else if (entry.name.endsWith(ext)) out.push(p);
  }
  return out;
}

/** File-system side of the CLI: the import host, data files, and plan-or-policy loading. */
import { closeSync, constants, existsSync, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve, relative, isAbsolute, extname, sep } from 'node:path';
import { UsageError } from './usage-error.ts';
import { type SourceHost, type SourceFile, type Plan, type Diagnostic, compile, readPlan, planHashMatches, diag, LIMITS } from '../node.ts';

/** Set from `--root` by main: the folder imports are confined to (default: the policy's folder). */
export const ioOptions: { root?: string } = {};

/** `inner` is `outer` or inside it (both absolute, normalised). */
function inside(outer: string, inner: string): boolean {
  const r = relative(outer, inner);
  return r === '' || (!r.startsWith('..' + sep) && r !== '..' && !isAbsolute(r));
}

const display = (abs: string): string => {
  const r = relative(process.cwd(), abs);
  return r.startsWith('..') ? abs : r;
};

/**
 * The disk host of one policy (README 3.2, "Imports"): an import is read only when, symlinks
 * resolved, it is a regular `.kpl` file inside the root (`--root`, else the policy's folder) and
 * no larger than the limit. Nothing of a refused file is read, so nothing of it can be printed.
 */
export function diskHost(policy: string, root: string | undefined = ioOptions.root): SourceHost {
  const rootAbs = resolve(root ?? dirname(policy));
  let rootReal: string | undefined;
  try {
    rootReal = realpathSync(rootAbs);
  } catch {
    rootReal = undefined;
  }
  return {
    readFile: (p) => {
      const abs = resolve(p);
      if (!inside(rootAbs, abs)) return { refused: `it is outside the policy's folder \`${display(rootAbs) || '.'}\` (--root widens it)` };
      let real: string;
      try {
        real = realpathSync(abs);
      } catch {
        return undefined;
      }
      if (rootReal === undefined || !inside(rootReal, real)) return { refused: `it leads (through a link) outside the policy's folder \`${display(rootAbs) || '.'}\`` };
      if (extname(real).toLowerCase() !== '.kpl') return { refused: 'it leads (through a link) to a file that is not a `.kpl` file' };
      return readBounded(real, LIMITS.policyChars * 4);
    },
    resolve: (from, rel) => display(isAbsolute(rel) ? rel : resolve(dirname(from), rel)),
  };
}

/**
 * A file's text, read without ever taking more than `maxBytes`. `regularOnly` (imports): a device,
 * FIFO or folder is refused unread (opened non-blocking, so a FIFO cannot hang the open either).
 */
function readBounded(path: string, maxBytes: number, regularOnly = true): string | { refused: string } {
  let fd: number;
  try {
    fd = openSync(path, regularOnly ? constants.O_RDONLY | constants.O_NONBLOCK : constants.O_RDONLY);
  } catch (e) {
    return { refused: `it cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { refused: 'it is a folder' };
    if (regularOnly && !st.isFile()) return { refused: 'it is not a regular file' };
    if (st.size > maxBytes) return { refused: `it is larger than ${maxBytes} bytes` };
    // Sized from the file, grown for what does not say its size (/proc files, devices, FIFOs).
    let buf = Buffer.allocUnsafe(Math.min(maxBytes, st.isFile() && st.size > 0 ? st.size : 1 << 16) + 1);
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n > maxBytes) return { refused: `it is larger than ${maxBytes} bytes` };
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buf.length * 2));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      let k: number;
      try {
        k = readSync(fd, buf, n, buf.length - n, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return { refused: 'it is not a regular file' };
        throw e;
      }
      if (k <= 0) break;
      n += k;
    }
    if (n > maxBytes) return { refused: `it is larger than ${maxBytes} bytes` };
    return buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    closeSync(fd);
  }
}

/** The text of a file named on the command line (a policy, a plan, a test file), bounded in size. */
export function readText(path: string): string {
  if (!existsSync(path)) throw new UsageError(`no such file: ${path}`);
  const st = statSync(path);
  if (st.isDirectory()) throw new UsageError(`${path} is a folder, not a file`);
  const r = readBounded(path, LIMITS.policyChars * 4, false);
  if (typeof r !== 'string') throw new UsageError(`cannot read ${path}: ${r.refused}`);
  return r;
}

export interface LoadedPlan {
  readonly plan?: Plan;
  readonly diagnostics: Diagnostic[];
  readonly files: Map<string, SourceFile>;
}

/** Compiles a `.kpl` policy, or reads and validates a compiled plan `.json`. */
export function loadPlanOrPolicy(path: string): LoadedPlan {
  const text = readText(path);
  if (extname(path) === '.json') {
    const r = readPlan(text);
    const files = new Map<string, SourceFile>();
    for (const s of r.plan?.sources ?? []) files.set(s.name, s);
    // A plan edited after `kpl compile` (weights, bands, rules) is refused, never run.
    if (r.plan && !planHashMatches(r.plan)) {
      return { diagnostics: [...r.diagnostics, diag('KPL2041', { detail: 'its content does not match its hash: it was changed after `kpl compile`; compile the policy again' })], files };
    }
    return { ...(r.plan ? { plan: r.plan } : {}), diagnostics: r.diagnostics, files };
  }
  const host = diskHost(path);
  const r = compile(path, text, host);
  const files = new Map<string, SourceFile>([[path, { name: path, text }]]);
  for (const s of r.plan?.sources ?? []) files.set(s.name, s);
  // Imported files are needed to render their diagnostics (only files that were read and parsed).
  for (const d of r.diagnostics) if (d.span && !files.has(d.span.file)) { const t = host.readFile(d.span.file); if (typeof t === 'string') files.set(d.span.file, { name: d.span.file, text: t }); }
  return { ...(r.plan ? { plan: r.plan } : {}), diagnostics: r.diagnostics, files };
}

/** The files a run reads, for `guardOut`: the policy or plan, the files it imports, the data files. */
export function runInputs(policy: string, loaded: LoadedPlan, data: readonly { path: string }[] = []): { path: string; what: string }[] {
  return [
    { path: policy, what: 'the policy' },
    ...[...loaded.files.keys()].filter((f) => f !== policy).map((path) => ({ path, what: 'a file the policy imports' })),
    ...data.map((d) => ({ path: d.path, what: 'a data file' })),
  ];
}

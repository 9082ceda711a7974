/** File-system side of the CLI: the import host, standard input, plan-or-policy loading, file lists. */
import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve, relative, isAbsolute, extname, join, sep } from 'node:path';
import { UsageError } from './usage-error.ts';
import { verifyPlanSignature } from './plan-signature.ts';
import { type SourceHost, type SourceFile, type Plan, type Diagnostic, compile, diag, phrase, renderPhrase, LIMITS, type Phrase } from '../node.ts';
import { planReader } from './plan-reader.ts';

/**
 * Set by dispatch from the command line: `--root`, the folder imports are confined to (default:
 * the policy's folder); `--verify`, the public key a plan read must be signed with, and
 * `--signature`, the file of its signature (else `PLAN.json.sig`).
 */
export const ioOptions: { root?: string; verify?: string; signature?: string } = {};

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
      if (!inside(rootAbs, abs)) return { refused: phrase('outsideFolder', { folder: display(rootAbs) || '.' }) };
      let real: string;
      try {
        real = realpathSync(abs);
      } catch {
        return undefined;
      }
      if (rootReal === undefined || !inside(rootReal, real)) return { refused: phrase('linkOutsideFolder', { folder: display(rootAbs) || '.' }) };
      if (extname(real).toLowerCase() !== '.kpl') return { refused: phrase('linkNotKpl') };
      return readBounded(real, LIMITS.policyChars * 4);
    },
    resolve: (from, rel) => display(isAbsolute(rel) ? rel : resolve(dirname(from), rel)),
  };
}

/**
 * A file's text, read without ever taking more than `maxBytes`. `regularOnly` (imports): a device,
 * FIFO or folder is refused unread (opened non-blocking, so a FIFO cannot hang the open either).
 */
function readBounded(path: string, maxBytes: number, regularOnly = true): string | { refused: Phrase } {
  let fd: number;
  try {
    fd = openSync(path, regularOnly ? constants.O_RDONLY | constants.O_NONBLOCK : constants.O_RDONLY);
  } catch (e) {
    return { refused: phrase('cannotRead', { code: (e as NodeJS.ErrnoException).code ?? 'error' }) };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { refused: phrase('isFolder') };
    if (regularOnly && !st.isFile()) return { refused: phrase('notRegularFile') };
    if (st.size > maxBytes) return { refused: phrase('largerThanBytes', { limit: maxBytes }) };
    // Sized from the file, grown for what does not say its size (/proc files, devices, FIFOs).
    let buf = Buffer.allocUnsafe(Math.min(maxBytes, st.isFile() && st.size > 0 ? st.size : 1 << 16) + 1);
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n > maxBytes) return { refused: phrase('largerThanBytes', { limit: maxBytes }) };
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buf.length * 2));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      let k: number;
      try {
        k = readSync(fd, buf, n, buf.length - n, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return { refused: phrase('notRegularFile') };
        throw e;
      }
      if (k <= 0) break;
      n += k;
    }
    if (n > maxBytes) return { refused: phrase('largerThanBytes', { limit: maxBytes }) };
    return buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    closeSync(fd);
  }
}

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

/** The text of a file named on the command line (a policy, a plan, a test file; `-` standard input), bounded in size. */
export function readText(path: string): string {
  if (path === STDIN) return new TextDecoder().decode(readStdin('the policy')).replace(/^\uFEFF/, '');
  if (!existsSync(path)) throw new UsageError(`no such file: ${path}`);
  const st = statSync(path);
  if (st.isDirectory()) throw new UsageError(`${path} is a folder, not a file`);
  const r = readBounded(path, LIMITS.policyChars * 4, false);
  if (typeof r !== 'string') throw new UsageError(`cannot read ${path}: ${renderPhrase(r.refused, 'en')}`);
  return r;
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
    // An approved plan: its exact text must carry the approver's signature, or nothing of it is used.
    const unsigned = ioOptions.verify === undefined ? [] : verifyPlanSignature(name, text, ioOptions.verify, ioOptions.signature, path === STDIN);
    if (unsigned.length) return { diagnostics: unsigned, files: new Map() };
    return planReader()(text);
  }
  if (ioOptions.verify !== undefined) return { diagnostics: [diag('KPL5025', { file: name, key: ioOptions.verify, reason: 'only a compiled plan (.json) carries a signature: compile the policy with `kpl compile --sign`' })], files: new Map() };
  // A policy on standard input imports relative to the working folder.
  const host = diskHost(path === STDIN ? join('.', STDIN_NAME) : path);
  const r = compile(name, text, host);
  const files = new Map<string, SourceFile>([[name, { name, text }]]);
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
    ...(ioOptions.signature !== undefined ? [{ path: ioOptions.signature, what: 'the signature file' }] : []),
  ];
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

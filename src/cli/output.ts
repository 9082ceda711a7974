/**
 * Writing results safely (README 5, "Outputs"): `--out` may not name an input of the run (the
 * policy, its imports, a plan, a data file — compared after links are resolved, and by inode);
 * a regular file is written to a temporary file beside it and renamed over it only once every
 * byte is written and the file closed; a device, FIFO or terminal is written through. Every write
 * and the close are checked: a short write (a full disk, `/dev/full`) is KPL5006 and a non-zero
 * exit, never a silent loss. A link named by `--out` is followed, so the file it points at is
 * replaced and the link kept.
 */
import { closeSync, existsSync, fsyncSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeSync, constants } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { diag, phrase, type Diagnostic, type Phrase, type PhraseKey } from '../node.ts';

/** A failure reported as a diagnostic (with its exit status) rather than a stack trace. */
export class CliDiagnostic extends Error {
  constructor(
    readonly diagnostic: Diagnostic,
    readonly exit: number,
  ) {
    super(diagnostic.message);
  }
}

/** Exit status of an output that could not be written (sysexits' EX_IOERR). */
export const EXIT_OUTPUT = 74;

/** The system's error codes an officer meets when writing a file, in words of both languages. */
const OS_ERRORS: Readonly<Record<string, PhraseKey>> = {
  ENOSPC: 'osNoSpace',
  EACCES: 'osPermission',
  EPERM: 'osPermission',
  EROFS: 'osReadOnly',
  EISDIR: 'isFolder',
  ENOENT: 'osNoFolder',
  EDQUOT: 'osQuota',
  EIO: 'osIo',
  EPIPE: 'osPipeClosed',
  EMFILE: 'osTooManyFiles',
  ENFILE: 'osTooManyFiles',
  EBUSY: 'osBusy',
  ETXTBSY: 'osBusy',
  ENAMETOOLONG: 'osNameTooLong',
  ENOTDIR: 'osNotFolder',
  EFBIG: 'osTooLarge',
};

const errText = (e: unknown): Phrase => {
  const err = e as NodeJS.ErrnoException;
  const key = err.code !== undefined && Object.hasOwn(OS_ERRORS, err.code) ? OS_ERRORS[err.code]! : undefined;
  return key ? phrase(key) : phrase('osErrorCode', { code: err.code ?? (err instanceof Error ? err.message : String(e)) });
};

/** `file` is a path, or a phrase (`standard output`). */
export function writeFailed(file: string | Phrase, e: unknown): CliDiagnostic {
  return new CliDiagnostic(diag('KPL5006', { file, reason: errText(e) }), EXIT_OUTPUT);
}

/** Where a path leads: links resolved, also a link to a file not created yet. */
function realTarget(path: string): string {
  let abs = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    try {
      return realpathSync(abs);
    } catch {
      // Not there (yet): follow a dangling link by hand, else resolve the folder.
      try {
        if (!lstatSync(abs).isSymbolicLink()) break;
        abs = resolve(dirname(abs), readlinkSync(abs));
        continue;
      } catch {
        break;
      }
    }
  }
  try {
    return join(realpathSync(dirname(abs)), basename(abs));
  } catch {
    return abs;
  }
}

/**
 * Refuses (KPL5005, exit 64) an `--out` that is one of `inputs` — the same path once links are
 * resolved, or the same file under another name (a hard link).
 */
export function guardOut(out: string, inputs: readonly { path: string; what: string }[]): void {
  const target = realTarget(out);
  let st: { dev: number; ino: number } | undefined;
  try {
    st = statSync(out);
  } catch {
    st = undefined;
  }
  for (const input of inputs) {
    if (!input.path || !existsSync(input.path)) continue;
    const same = realTarget(input.path) === target || (st !== undefined && sameFile(st, input.path));
    if (same) throw new CliDiagnostic(diag('KPL5005', { file: out, what: input.what }), 64);
  }
}

function sameFile(st: { dev: number; ino: number }, path: string): boolean {
  try {
    const o = statSync(path);
    return o.dev === st.dev && o.ino === st.ino;
  } catch {
    return false;
  }
}

/** Sees every byte of a result written (a file or standard output): the run record's hash (run-record.ts). */
export const outputObserver: { onWrite?: (bytes: Uint8Array) => void; onAbort?: () => void } = {};

/** A file being written: `write` as often as needed, then `commit` (or `abort` on failure). */
export class OutputFile {
  private fd: number;
  private readonly tmp: string | undefined;
  private readonly target: string;

  constructor(readonly path: string) {
    this.target = realTarget(path);
    let st;
    try {
      st = statSync(this.target);
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) throw writeFailed(path, Object.assign(new Error('EISDIR'), { code: 'EISDIR' }));
    try {
      if (st && !st.isFile()) {
        // A device, FIFO or socket: written through, never replaced.
        this.tmp = undefined;
        this.fd = openSync(this.target, constants.O_WRONLY | (st.isFIFO() ? 0 : constants.O_TRUNC));
      } else {
        this.tmp = join(dirname(this.target), `.${basename(this.target)}.kpl-${process.pid}-${Math.random().toString(36).slice(2, 8)}.tmp`);
        this.fd = openSync(this.tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, st ? st.mode & 0o777 : 0o666);
      }
    } catch (e) {
      throw writeFailed(path, e);
    }
  }

  write(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    outputObserver.onWrite?.(bytes);
    try {
      for (let p = 0; p < bytes.length; ) {
        const n = writeSync(this.fd, bytes, p, bytes.length - p);
        if (n <= 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
        p += n;
      }
    } catch (e) {
      this.abort();
      throw writeFailed(this.path, e);
    }
  }

  commit(): void {
    try {
      if (this.tmp) fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = -1;
      if (this.tmp) renameSync(this.tmp, this.target);
    } catch (e) {
      this.abort();
      throw writeFailed(this.path, e);
    }
  }

  abort(): void {
    // What was written is thrown away (the fast path hands a run over and it starts again).
    outputObserver.onAbort?.();
    if (this.fd >= 0) {
      try {
        closeSync(this.fd);
      } catch {
        // already failing
      }
      this.fd = -1;
    }
    if (this.tmp) rmSync(this.tmp, { force: true });
  }
}

/** Writes a whole output to `out` (safely, as above) or to standard output. */
export function writeResult(out: string | undefined, data: string | Uint8Array): void {
  if (!out) {
    outputObserver.onWrite?.(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    process.stdout.write(typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    return;
  }
  const f = new OutputFile(out);
  f.write(data);
  f.commit();
}

/** Escapes control characters (ESC, CR, BEL, …) so data cannot drive the terminal; keeps `\n` and `\t` when asked. */
export function escapeControls(s: string, keep = ''): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => (keep.includes(c) ? c : `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`));
}

/**
 * The audit record of a payout run (README 5, `kpl eval --record`, `kpl reproduce`): what an
 * auditor needs to run it again and to see that it gives the same bytes — the KPL version, the
 * policy's files and plan hash, every data file's SHA-256 (its bytes too when it came from
 * standard input or a pipe, which cannot be read again), the options that shape the output, the
 * engine that actually evaluated and the population's rows in, out and reported, and the output's
 * SHA-256 and size.
 *
 * While a recorded run goes on, the output writers (output.ts) hand every byte of the result to
 * the record, and both evaluation paths report what they read (`noteRunInputs`) once the policy is
 * loaded — before anything is evaluated, when the record file is also checked not to be an input —
 * and, once evaluated, how it ran (`noteRunFacts`).
 */
import { createHash, type Hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { flag, langOf, oneOf, type Args } from './args.ts';
import { resultTarget } from './result-target.ts';
import { isXlsxOut } from './xlsx-out.ts';
import { UsageError } from './usage-error.ts';
import { EXIT } from './report.ts';
import type { DataSpec } from './data-files.ts';
import { readStdin, runInputs, STDIN, STDIN_NAME, type LoadedPlan } from './io.ts';
import { guardOut, outputObserver, writeResult } from './output.ts';
import { version } from './help.ts';
import { COMPILER_VERSION } from '../node.ts';

export const RECORD_KIND = 'kpl-run-record';
export const RECORD_VERSION = 2;

export interface RecordedFile {
  /** The path as given on the command line (`<stdin>` for standard input). */
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  /** Base64 of the bytes: only for what cannot be read again (standard input, a pipe). */
  readonly base64?: string;
}

/**
 * How a run went: the engine that evaluated (the fast engine hands what it lacks over to the
 * interpreter), how the data was read, and the population's rows — every row read is either
 * written evaluated (`out`) or written in error and reported with a diagnostic (`reported`).
 */
export interface RunFacts {
  readonly engine: 'fast' | 'exact';
  /** `columns`: CSV read straight into columns (the fast path); `src/data`: the data loader. */
  readonly data: 'columns' | 'src/data';
  /** Why the fast engine handed over to the interpreter, when it did. */
  readonly handedOver?: string;
  readonly rows: RowCounts;
}

export interface RowCounts {
  readonly in: number;
  readonly out: number;
  readonly reported: number;
}

/** The row counts of evaluated people (their status says evaluated or in error). */
/** A person not assessed (`exempt`) is a row written, not a row reported. */
export function rowCounts(people: readonly { readonly status: 'ok' | 'error' | 'not_assessed' }[]): RowCounts {
  let reported = 0;
  for (const p of people) if (p.status === 'error') reported++;
  return { in: people.length, out: people.length - reported, reported };
}

export interface RunRecord {
  readonly kind: typeof RECORD_KIND;
  readonly recordVersion: typeof RECORD_VERSION;
  readonly kpl: string;
  readonly compiler: string;
  readonly recordedAt: string;
  readonly policy: RecordedFile & { readonly planHash: string; readonly imports: readonly { readonly path: string; readonly sha256: string }[] };
  readonly data: readonly (RecordedFile & { readonly table: string; readonly format: DataSpec['format']; readonly sheet?: string; readonly encoding?: string })[];
  readonly options: { readonly engine: string; readonly format: string; readonly bom: boolean; readonly lang: string };
  /** Null when nothing was evaluated (a data set unusable as a whole). */
  readonly run: RunFacts | null;
  readonly output: { readonly path: string | null; readonly sha256: string; readonly size: number };
  readonly exit: number;
}

export const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

interface Capture {
  readonly recordPath: string;
  readonly out: string | undefined;
  inputs?: { policy: RecordedFile & { planHash: string; imports: { path: string; sha256: string }[] }; data: RunRecord['data'] };
  facts?: RunFacts;
  hash: Hash;
  size: number;
}

let capture: Capture | undefined;

/** Starts recording a run whose record goes to `recordPath` (its output to `out`, or standard output). */
export function startRecording(recordPath: string, out: string | undefined): void {
  const c: Capture = { recordPath, out, hash: createHash('sha256'), size: 0 };
  capture = c;
  outputObserver.onWrite = (bytes) => {
    c.hash.update(bytes);
    c.size += bytes.length;
  };
  outputObserver.onAbort = () => {
    c.hash = createHash('sha256');
    c.size = 0;
  };
}

/**
 * Called by both evaluation paths once the policy is loaded and the data named: the inputs are
 * hashed (before they are evaluated) and the record file is refused if it names one of them.
 */
export function noteRunInputs(policy: string, loaded: LoadedPlan, specs: readonly DataSpec[]): void {
  if (!capture) return;
  const inputs = runInputs(policy, loaded, specs);
  guardOut(capture.recordPath, [...inputs, ...(capture.out ? [{ path: capture.out, what: 'the --out file' }] : [])]);
  const plan = loaded.plan!;
  const fromStdin = policy === STDIN;
  const policyData = fromStdin ? readStdin('the policy') : new Uint8Array(readFileSync(policy));
  const imports = [...loaded.files.entries()].filter(([name]) => name !== policy && name !== STDIN_NAME && !policy.endsWith('.json')).map(([path, f]) => ({ path, sha256: sha256(f.text) }));
  capture.inputs = {
    policy: { path: fromStdin ? STDIN_NAME : policy, sha256: sha256(policyData), size: policyData.length, ...(fromStdin ? { base64: Buffer.from(policyData).toString('base64') } : {}), planHash: plan.hash, imports },
    data: specs.map((s) => {
      const bytes = s.bytes ?? new Uint8Array(readFileSync(s.path));
      return {
        table: s.table,
        path: s.path,
        format: s.format,
        ...(s.sheet !== undefined ? { sheet: s.sheet } : {}),
        ...(s.encoding !== undefined ? { encoding: s.encoding } : {}),
        sha256: sha256(bytes),
        size: bytes.length,
        ...(s.bytes ? { base64: Buffer.from(bytes).toString('base64') } : {}),
      };
    }),
  };
}

/** Called by every evaluation path once it has evaluated: how the run went. */
export function noteRunFacts(facts: RunFacts): void {
  if (capture) capture.facts = facts;
}

/** Ends the recording: the record of the run, or undefined when it never got as far as its inputs (a policy with errors). */
export function finishRecording(options: RunRecord['options'], exit: number): RunRecord | undefined {
  const c = capture;
  capture = undefined;
  delete outputObserver.onWrite;
  delete outputObserver.onAbort;
  if (!c?.inputs) return undefined;
  return {
    kind: RECORD_KIND,
    recordVersion: RECORD_VERSION,
    kpl: version(),
    compiler: COMPILER_VERSION,
    recordedAt: new Date().toISOString(),
    policy: c.inputs.policy,
    data: c.inputs.data,
    options,
    run: c.facts ?? null,
    output: { path: c.out ?? null, sha256: c.hash.digest('hex'), size: c.size },
    exit,
  };
}

/**
 * `kpl eval … --record RUN.json`: runs `evaluate` while recording it, then writes the record (safely,
 * as any output). A run stopped by policy errors writes no record: nothing was paid out.
 */
export function recordedRun(args: Args, recordPath: string, evaluate: () => number): number {
  if (extname(recordPath).toLowerCase() !== '.json') throw new UsageError(`--record ${recordPath}: a run record is a .json file`);
  const { out, format } = resultTarget(args);
  if (out !== undefined && resolve(out) === resolve(recordPath)) throw new UsageError('--record and --out name the same file');
  const engine = flag(args, 'engine');
  if (engine === 'duckdb' || engine === 'postgres') throw new UsageError(`--record records runs of --engine fast or exact, not ${engine}`);
  const options = {
    engine: oneOf(args, 'engine', ['fast', 'exact'], 'fast'),
    format: isXlsxOut(out) ? 'xlsx' : format,
    bom: flag(args, 'bom') === 'true',
    lang: langOf(args),
  };
  startRecording(recordPath, out);
  let exit: number;
  let record: RunRecord | undefined;
  try {
    exit = evaluate();
  } finally {
    record = finishRecording(options, (exit ??= EXIT.internal));
  }
  if (record) writeResult(recordPath, JSON.stringify(record, null, 2) + '\n');
  return exit;
}

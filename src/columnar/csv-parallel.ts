/**
 * Reading one CSV file on two threads. The file is read into shared memory and split at the
 * first line feed after its middle; this thread reads the first part while a worker
 * (csv-worker.ts) reads the second, whose rows are then appended (csv-append.ts).
 *
 * A line feed is a record boundary only when no quoted field spans it: a file with a quote
 * before the split point is read on this thread alone (quotes after it are the worker's to
 * read). Rows keep their line numbers and keys are checked across the parts, so the table is
 * the one-thread reader's; an irregular part raises `Irregular` as that reader would. A worker
 * that fails, or does not start or make progress in time, leaves its part to this thread.
 */
import { existsSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { FastTable } from './columns.ts';
import type { CsvColumnReader } from './csv-columns.ts';
import type { PartJob, PartOptions, PartResult } from './csv-part.ts';
import { appendPart } from './csv-append.ts';
import { Irregular } from './csv-bytes.ts';
import { DONE, STARTED } from './csv-parallel-state.ts';

export type { PartOptions as ParallelOptions };

/** Seconds to wait for a worker to start, or for its next block once started. */
const START_TIMEOUT = 10_000;
const IDLE_TIMEOUT = 30_000;
/** Where the file is split (a fraction of its size; this thread also appends the parts). */
const splitAt = (): number => Number(process.env['KPL_FAST_SPLIT']) || 0.5;

const timing = process.env['KPL_FAST_TIMING'] ? (label: string, t0: number): void => void process.stderr.write(`fast: read: ${label} ${(performance.now() - t0).toFixed(1)} ms\n`) : undefined;

/** The bundled worker script next to this module, when there is one (not under tsx or vitest). */
export function workerScript(): URL | undefined {
  const url = new URL('./csv-worker.mjs', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

/**
 * The record boundary after `from` where a second reader can start: just after a line feed, with
 * no quote before it and at least one byte after it; -1 when there is none.
 */
export function splitPoint(bytes: Uint8Array, from: number): number {
  const nl = bytes.indexOf(10, from);
  if (nl < 0 || nl + 1 >= bytes.length) return -1;
  const q = bytes.indexOf(34);
  return q >= 0 && q < nl ? -1 : nl + 1;
}

/** Who reads the second part: `begin` as soon as the split is known, `finish` waits for the rows (undefined: read them here). */
export interface SecondReader {
  begin(job: Omit<PartJob, 'bytes'>): void;
  finish(): PartResult | undefined;
}

/**
 * Reads the first part with `reader` (the header line by line, then the rest up to the split)
 * while `second` reads the rest; returns the whole table. Without a usable split point the whole
 * file goes to `reader`. The split is the first record boundary after `from`. Exposed for the
 * tests, which read the second part in-process.
 */
export function readSplit(reader: CsvColumnReader, bytes: Uint8Array, part: PartOptions, second: SecondReader, from = Math.floor(bytes.length * splitAt())): FastTable {
  const split = splitPoint(bytes, from);
  let p = 0;
  if (split >= 0) {
    while (!reader.hasHeader && p < split) {
      const nl = bytes.indexOf(10, p);
      const q = nl < 0 || nl >= split ? split : nl + 1;
      reader.push(bytes.subarray(p, q));
      p = q;
    }
  }
  if (split < 0 || p >= split || !reader.atBoundary) return readRest(reader, bytes, p);
  const headerEnd = p;
  const rowsPerByte = sampleRows(bytes, headerEnd);
  second.begin({ ...part, headerEnd, split, rowsGuess: Math.ceil((bytes.length - split) * rowsPerByte * 1.02) + 16 });
  // Room for every row: the second part's rows are appended without reallocating.
  reader.reserve(Math.ceil((bytes.length - headerEnd) * rowsPerByte * 1.02) + 16);
  let t0 = performance.now();
  reader.push(bytes.subarray(headerEnd, split));
  timing?.('first part', t0);
  t0 = performance.now();
  if (!reader.atBoundary) throw new Error('csv-parallel: the first part does not end at a record boundary');
  const lineAtSplit = reader.line;
  const rest = second.finish();
  timing?.('waiting for the second part', t0);
  t0 = performance.now();
  if (!rest) return readRest(reader, bytes, split);
  reader.end(true);
  const table = appendPart(reader.take(), rest, lineAtSplit - rest.lineAfterHeader, reader.keySet);
  timing?.('appending the second part', t0);
  return table;
}

function readRest(reader: CsvColumnReader, bytes: Uint8Array, from: number): FastTable {
  reader.push(bytes.subarray(from));
  reader.end();
  return reader.take();
}

/** Reads the file on this thread and a worker running `script`. */
export function readParallel(reader: CsvColumnReader, fd: number, size: number, part: PartOptions, script: URL): FastTable {
  // Started first: its start-up overlaps reading the file.
  const state = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  // A larger young generation: the part's strings survive, and copying them between semi-spaces is most of its GC.
  const worker = new Worker(script, { workerData: { port: port2, state }, transferList: [port2], resourceLimits: { maxYoungGenerationSizeMb: 64 } });
  worker.unref();
  worker.on('error', () => {}); // a failed worker is noticed by its silence; its part is read here
  try {
    const sab = new SharedArrayBuffer(size);
    const bytes = Buffer.from(sab);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, bytes, got, size - got, got);
      if (n <= 0) break;
      got += n;
    }
    return readSplit(reader, bytes.subarray(0, got), part, {
      begin: (job) => port1.postMessage({ ...job, sab, size: got }),
      finish: () => waitFor(state, port1),
    });
  } finally {
    port1.close();
    void worker.terminate();
  }
}

/** Waits for the worker's message; undefined when it failed or went silent. */
function waitFor(state: Int32Array, port: MessagePort): PartResult | undefined {
  let deadline = Date.now() + START_TIMEOUT;
  let seen = -1;
  for (;;) {
    const s = Atomics.load(state, 0);
    if (s === DONE) break;
    const progress = Atomics.load(state, 1);
    if (s === STARTED && progress !== seen) {
      seen = progress;
      deadline = Date.now() + IDLE_TIMEOUT;
    }
    if (Date.now() > deadline) return undefined;
    Atomics.wait(state, 0, s, 200);
  }
  const m = receiveMessageOnPort(port)?.message as { ok?: PartResult; error?: string; message?: string } | undefined;
  if (m?.error === 'irregular') throw new Irregular(m.message ?? 'the second part');
  return m?.ok;
}

/** Rows per byte in the first megabyte after the header (for reserving room at once). */
function sampleRows(bytes: Uint8Array, from: number): number {
  const to = Math.min(bytes.length, from + (1 << 20));
  let lines = 0;
  for (let p = bytes.indexOf(10, from); p >= 0 && p < to; p = bytes.indexOf(10, p + 1)) lines++;
  return Math.max(lines, 1) / Math.max(to - from, 1);
}

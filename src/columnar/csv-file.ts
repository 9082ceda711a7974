/**
 * Reading a CSV file into a column reader: block by block on this thread, or — for a large
 * population file — on two threads (csv-parallel.ts).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { InputTable } from '../plan/schema.ts';
import type { FastTable } from './columns.ts';
import type { CsvColumnReader } from './csv-columns.ts';
import { readParallel, workerScript, type ParallelOptions } from './csv-parallel.ts';

/** Bytes read at a time (smaller in tests). */
export const blockSize = (): number => Number(process.env['KPL_FAST_BLOCK']) || 16 << 20;
/** Below this size (~300,000 people) a worker's start-up and the copying of its strings cost about what it saves. */
const minParallel = (): number => Number(process.env['KPL_FAST_PARALLEL_MIN']) || 32 << 20;

/** Reads a CSV file block by block into a column reader. */
export function readInto(reader: CsvColumnReader, path: string, onBlock?: (done: number, size: number) => void): void {
  const fd = openSync(path, 'r');
  try {
    readFd(reader, fd, fstatSync(fd).size, onBlock);
  } finally {
    closeSync(fd);
  }
}

function readFd(reader: CsvColumnReader, fd: number, size: number, onBlock?: (done: number, size: number) => void): void {
  const buf = Buffer.allocUnsafe(Math.min(blockSize(), Math.max(size, 1)));
  let done = 0;
  let reserved = false;
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n <= 0) break;
    reader.push(buf.subarray(0, n));
    done += n;
    // Room for all the rows at once, guessed from the first block (saves regrowing the columns).
    if (!reserved && reader.buffered > 100) {
      reader.reserve(Math.ceil((size / done) * reader.buffered * 1.02));
      reserved = true;
    }
    onBlock?.(done, size);
  }
  reader.end();
}

/** A population whose every row has a key of its own (rows without one are numbered by position, which a part cannot know). */
function splittable(input: InputTable): boolean {
  const key = input.columns.find((c) => c.name === input.key);
  return input.role === 'population' && key !== undefined && !key.optional;
}

/**
 * Reads a whole table: on two threads when the file is large, a worker script is there (the
 * bundled CLI) and `KPL_FAST_THREADS` is not 1; else on this thread.
 */
export function readTable(reader: CsvColumnReader, path: string, part: ParallelOptions, onBlock?: (done: number, size: number) => void): FastTable {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const script = process.env['KPL_FAST_THREADS'] === '1' || size < minParallel() || !splittable(part.input) ? undefined : workerScript();
    if (script) return readParallel(reader, fd, size, part, script);
    readFd(reader, fd, size, onBlock);
    return reader.take();
  } finally {
    closeSync(fd);
  }
}

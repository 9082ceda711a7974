/**
 * The hostile fuzzer's long run (`npm run fuzz -- --hostile`, and the seeded short run in
 * `npm test`): inputs `from … from + runs − 1` of a seed, in batches, on worker threads
 * (hostile-worker.ts, started by hostile-worker-entry.mjs) that stay warm. The time budget is enforced here, not trusted to the input:
 * a worker still on one input when the budget is up is ended, the input becomes a `timeout`
 * finding, and a fresh worker goes on with the rest of the batch. A worker that dies (out of
 * memory) makes a `crash` finding the same way. Nothing an input does can stall the run.
 */
import { Worker } from 'node:worker_threads';
import type { Batch, WorkerMessage, WorkerSetup } from './hostile-worker.ts';

export interface PoolOptions {
  readonly seed: number;
  readonly from: number;
  readonly runs: number;
  readonly budgetMs: number;
  readonly cliShare: number;
  readonly workers: number;
  /** Inputs per batch handed to a worker. */
  readonly batch?: number;
  /** Heap of each worker, in MB: an input that needs more is a finding. */
  readonly heapMb?: number;
  readonly stallAt?: readonly number[];
  readonly onFinding?: (f: PoolFinding) => void;
  /** Called about every `progressEvery` inputs. */
  readonly onProgress?: (p: Progress) => void;
  readonly progressEvery?: number;
}

export interface PoolFinding {
  readonly kind: string;
  readonly detail: string;
  readonly index: number;
}

export interface Progress {
  readonly done: number;
  readonly findings: number;
  readonly seconds: number;
  /** Every input below this one is done: where a stopped run resumes (`--from`). */
  readonly doneBelow: number;
}

export interface PoolResult extends Progress {
  readonly list: PoolFinding[];
  /** CPU time of the whole process (its worker threads included), in seconds: steadier than the wall clock on a busy machine. */
  readonly cpuSeconds: number;
}

interface Slot {
  worker: Worker;
  batch?: Batch;
  /** The input running now, and since when. */
  current?: number;
  startedAt: number;
  /** Ended by the pool: its exit is expected. */
  ended: boolean;
}

export function runHostilePool(o: PoolOptions): Promise<PoolResult> {
  const size = Math.max(1, o.batch ?? 50);
  const end = o.from + o.runs;
  let next = o.from;
  const retry: Batch[] = [];
  const list: PoolFinding[] = [];
  let done = 0;
  let lastProgress = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const setup: WorkerSetup = { seed: o.seed, cliShare: o.cliShare, budgetMs: o.budgetMs, ...(o.stallAt ? { stallAt: o.stallAt } : {}) };
  const slots: Slot[] = [];

  return new Promise<PoolResult>((resolve, reject) => {
    const take = (): Batch | undefined => {
      const r = retry.shift();
      if (r) return r;
      if (next >= end) return undefined;
      const b = { from: next, to: Math.min(end, next + size) };
      next = b.to;
      return b;
    };
    const doneBelow = (): number => Math.min(next, ...retry.map((b) => b.from), ...slots.flatMap((s) => (s.batch ? [s.current ?? s.batch.from] : [])));
    const progress = (): Progress => ({ done, findings: list.length, seconds: (performance.now() - t0) / 1000, doneBelow: doneBelow() });
    const found = (f: PoolFinding): void => {
      list.push(f);
      o.onFinding?.(f);
    };
    const finish = (): void => {
      if (slots.some((s) => s.batch)) return;
      clearInterval(timer);
      for (const s of slots) {
        s.ended = true;
        void s.worker.terminate();
      }
      const cpu = process.cpuUsage(cpu0);
      resolve({ ...progress(), list, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
    };
    const feed = (slot: Slot): void => {
      const b = take();
      delete slot.current;
      if (b) {
        slot.batch = b;
        slot.startedAt = performance.now();
        slot.worker.postMessage(b);
      } else {
        delete slot.batch;
        finish();
      }
    };
    /** The slot's input `i` ended the worker: the rest of its batch goes to a fresh worker. */
    const replace = (slot: Slot, i: number): void => {
      if (slot.batch && i + 1 < slot.batch.to) retry.push({ from: i + 1, to: slot.batch.to });
      done++;
      slot.ended = true;
      void slot.worker.terminate();
      delete slot.batch;
      slots[slots.indexOf(slot)] = spawn();
    };
    const spawn = (): Slot => {
      const worker = new Worker(new URL('./hostile-worker-entry.mjs', import.meta.url), {
        workerData: setup,
        resourceLimits: { maxOldGenerationSizeMb: o.heapMb ?? 2048 },
        stdout: true,
        stderr: true,
      });
      // What an input run through the command line prints is not the run's: dropped.
      worker.stdout.resume();
      worker.stderr.resume();
      const slot: Slot = { worker, startedAt: performance.now(), ended: false };
      worker.on('message', (m: WorkerMessage) => {
        if (m.t === 'start') {
          if (slot.current !== undefined) done++;
          slot.current = m.i;
          slot.startedAt = performance.now();
        } else if (m.t === 'finding') found({ kind: m.kind, detail: m.detail, index: m.i });
        else {
          if (slot.current !== undefined) done++;
          if (o.onProgress && done - lastProgress >= (o.progressEvery ?? 10_000)) {
            lastProgress = done;
            o.onProgress(progress());
          }
          feed(slot);
        }
      });
      worker.on('error', (e) => {
        if (slot.ended) return;
        if (slot.current === undefined) {
          // The worker itself is broken, not an input: the run stops.
          clearInterval(timer);
          for (const s of slots) {
            s.ended = true;
            void s.worker.terminate();
          }
          return reject(e);
        }
        found({ kind: 'crash', detail: `the worker died: ${e.message}`, index: slot.current });
        replace(slot, slot.current);
      });
      worker.on('exit', (code) => {
        if (slot.ended || slot.current === undefined) return;
        found({ kind: 'crash', detail: `the worker exited with ${code}`, index: slot.current });
        replace(slot, slot.current);
      });
      worker.once('online', () => feed(slot));
      return slot;
    };
    // The budget, enforced: a worker still on one input when it is up is ended.
    const timer = setInterval(() => {
      const now = performance.now();
      for (const slot of [...slots]) {
        if (slot.current === undefined || slot.ended || now - slot.startedAt <= o.budgetMs) continue;
        found({ kind: 'timeout', detail: `still running after ${Math.round(now - slot.startedAt)} ms (budget ${o.budgetMs} ms): stopped`, index: slot.current });
        replace(slot, slot.current);
      }
    }, Math.min(250, Math.max(20, o.budgetMs / 10)));
    for (let k = 0; k < Math.max(1, o.workers); k++) slots.push(spawn());
  });
}

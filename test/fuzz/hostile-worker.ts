/**
 * A worker thread of the hostile fuzzer (hostile-pool.ts): runs the inputs it is handed, one after
 * another, saying when each starts — so the pool can stop it at the time budget — and sending
 * what it finds. The compiled parser, the seeds and the workbooks written from them stay warm
 * between inputs, which is what makes a million inputs affordable.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { inputAt, loadSeeds, runInput } from './hostile.ts';

export interface WorkerSetup {
  readonly seed: number;
  readonly cliShare: number;
  readonly budgetMs: number;
  /** Inputs on which the worker hangs on purpose: the test that the pool enforces the budget. */
  readonly stallAt?: readonly number[];
}

/** From the pool: a range of inputs to run. */
export interface Batch {
  readonly from: number;
  readonly to: number;
}

/** To the pool. */
export type WorkerMessage =
  | { readonly t: 'start'; readonly i: number }
  | { readonly t: 'finding'; readonly i: number; readonly kind: string; readonly detail: string }
  | { readonly t: 'batch'; readonly ms: number };

const setup = workerData as WorkerSetup;
const port = parentPort!;
// Read before the first input starts its clock.
loadSeeds();

port.on('message', (b: Batch) => {
  const t0 = performance.now();
  for (let i = b.from; i < b.to; i++) {
    port.postMessage({ t: 'start', i } satisfies WorkerMessage);
    if (setup.stallAt?.includes(i)) for (;;);
    for (const f of runInput(inputAt(setup.seed, i, setup.cliShare), i, setup.budgetMs)) port.postMessage({ t: 'finding', i, kind: f.kind, detail: f.detail } satisfies WorkerMessage);
  }
  port.postMessage({ t: 'batch', ms: performance.now() - t0 } satisfies WorkerMessage);
});

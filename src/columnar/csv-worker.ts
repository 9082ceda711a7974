/**
 * Worker-thread entry (bundled as dist/csv-worker.mjs): reads the second part of a CSV file
 * (csv-part.ts) from shared memory and posts the columns back, their buffers transferred.
 * The main thread waits synchronously on `state` (Atomics), then takes the message from its port.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import type { PartJob } from './csv-part.ts';
import { readPart } from './csv-part.ts';
import { Irregular } from './csv-bytes.ts';
import { STARTED, DONE } from './csv-parallel-state.ts';

const { port, state } = workerData as { port: MessagePort; state: Int32Array };

function signal(s: number): void {
  Atomics.store(state, 0, s);
  Atomics.notify(state, 0);
}

port.once('message', (job: PartJob & { sab: SharedArrayBuffer; size: number }) => {
  try {
    const bytes = Buffer.from(job.sab, 0, job.size);
    const t0 = performance.now();
    const r = readPart({ ...job, bytes }, () => Atomics.add(state, 1, 1));
    const transfer: ArrayBuffer[] = [r.table.lines.buffer as ArrayBuffer, r.hashes.buffer as ArrayBuffer];
    for (const c of r.table.columns.values()) if (c.kind !== 'str') transfer.push(c.data.buffer as ArrayBuffer);
    const t1 = performance.now();
    port.postMessage({ ok: { ...r, table: { ...r.table, input: undefined } } }, transfer);
    if (process.env['KPL_FAST_TIMING']) process.stderr.write(`fast: read: second part (worker) ${(t1 - t0).toFixed(1)} ms, posting it ${(performance.now() - t1).toFixed(1)} ms\n`);
  } catch (e) {
    port.postMessage({ error: e instanceof Irregular ? 'irregular' : 'failed', message: e instanceof Error ? e.message : String(e) });
  }
  signal(DONE);
  port.close();
});
signal(STARTED);

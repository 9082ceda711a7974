/** States of the flag a CSV worker and the main thread share (csv-worker.ts, csv-parallel.ts). */
export const WAITING = 0;
export const STARTED = 1;
export const DONE = 2;

/**
 * KPL's public API for Node: everything in index.ts, plus what reads files itself (kept out of
 * index.ts, which the playground runs in a browser). The CLI uses only this module.
 */
export * from './index.ts';
// CSV files read straight into columns, in blocks or on two threads (src/columnar/csv-worker.ts).
export { blockSize, readInto, readTable } from './columnar/csv-file.ts';

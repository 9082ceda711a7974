// The hostile fuzzer's worker thread (hostile-worker.ts). A worker starts without tsx's hooks on
// Node 20 (execArgv loaders do not reach it), so it registers them itself, then loads the TypeScript
// — the same under `tsx` and under vitest.
import { register } from 'tsx/esm/api';

register();
await import('./hostile-worker.ts');

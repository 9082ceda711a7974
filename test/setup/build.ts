/**
 * Vitest global setup: builds dist/ from the current sources before any test runs, so the tests
 * that start the real `kpl` process (bin/kpl.mjs → dist/cli/kpl.mjs) never run stale code. The
 * JavaScript only (about a second); the declarations are built by `npm pack` in the package test.
 */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--js'], { stdio: 'inherit' });
}

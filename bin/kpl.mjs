#!/usr/bin/env node
// The `kpl` command: the compiled CLI in dist/cli/ (built by `npm install`, `npm pack` and the test
// setup; `npm run build` by hand). No build and no check of the sources happens here: to run the
// TypeScript sources while changing them, use `npm run kpl -- …`.
import { existsSync } from 'node:fs';
import module from 'node:module';

const cli = new URL('../dist/cli/kpl.mjs', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('kpl: the compiled command (dist/cli/kpl.mjs) is missing; run `npm run build` in the kpl package\n');
  process.exit(70);
}
// Node 22.1 and later keep V8's compiled code between runs (off with NODE_DISABLE_COMPILE_CACHE=1);
// Node 20 has no such cache and starts as before.
module.enableCompileCache?.();
await import(cli.href);

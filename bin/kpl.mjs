#!/usr/bin/env node
// The `kpl` command. Runs the esbuild bundle dist/kpl.mjs, rebuilding it first when any source
// file is newer (so a checkout that edits src/ never runs stale code); falls back to running the
// TypeScript sources through tsx when esbuild is not available.
import { existsSync, statSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'kpl.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

// The CSV reader's worker script is built with the CLI; both must be there and current.
const built = [bundle, join(root, 'dist', 'csv-worker.mjs')];
let useBundle = built.every(existsSync) && Math.min(...built.map((f) => statSync(f).mtimeMs)) >= newestSource(join(root, 'src'));
if (!useBundle) {
  try {
    const { buildCli } = await import('../scripts/build-cli.mjs');
    await buildCli();
    useBundle = true;
  } catch {
    useBundle = false;
  }
}
if (useBundle) await import(pathToFileURL(bundle).href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/run.ts');
}

#!/usr/bin/env node
// Builds the package into dist/. Run by `npm install` (prepare), by `npm pack`/`npm publish`
// (prepack), by the test setup (test/setup/build.ts, so tests never run stale code) and by
// `npm run build`. esbuild and tsc are build-time tools only; nothing in dist/ needs them.
//
//   dist/index.mjs, dist/node.mjs     the API: ESM with source maps, shared code in dist/chunk-*.mjs,
//                                     the dependencies left as imports of the installed packages
//   dist/csv-worker.mjs               the CSV reader's worker thread, next to the chunk that starts it
//   dist/types/**/*.d.ts              the declarations (tsc), the `types` of the exports map
//   dist/cli/kpl.mjs                  the `kpl` command (bin/kpl.mjs imports it): one bundle with its
//                                     dependencies inlined (loading chevrotain, zod, ajv… as hundreds
//                                     of files costs more than the whole command), each command a chunk
//                                     loaded only when it runs, so `kpl --version` loads next to nothing
//                                     and `kpl check` no zod, ajv or Excel reader (direct-imports.mjs)
//
// `node scripts/build.mjs --js` skips the declarations (what the test setup needs, in about a second);
// `--types` builds only them (the package test).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { directImports } from './direct-imports.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const src = (p) => join(root, 'src', p);

const common = {
  bundle: true,
  // `kpl --version` (src/cli/help.ts) without reading package.json, which a bundle elsewhere (the VS Code extension) has not.
  define: { __KPL_VERSION__: JSON.stringify(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version) },
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
};

/** Removes the previous build's JavaScript from `dir` (not its subfolders). */
function clean(dir) {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir, { withFileTypes: true })) if (f.isFile() && /\.mjs(\.map)?$/.test(f.name)) rmSync(join(dir, f.name));
}

export async function buildJs() {
  clean(dist);
  clean(join(dist, 'cli'));
  await Promise.all([
    build({
      ...common,
      // The CSV reader's worker (src/columnar/csv-parallel.ts looks for csv-worker.mjs next to itself).
      // The database side of `kpl eval --engine duckdb|postgres` (src/sql/run-sql.ts looks for sql-runner.mjs next to itself).
      entryPoints: { index: src('index.ts'), node: src('node.ts'), 'csv-worker': src('columnar/csv-worker.ts'), 'sql-runner': src('sql/db-runner.ts') },
      outdir: dist,
      packages: 'external',
    }),
    buildCliBundle(join(dist, 'cli')),
  ]);
}

/**
 * The `kpl` command alone, its dependencies inlined, into `outdir` (kpl.mjs, csv-worker.mjs and
 * their chunks): dist/cli/ of the package, and the copy the VS Code extension ships
 * (scripts/build-vscode.mjs).
 */
export function buildCliBundle(outdir) {
  return build({
    ...common,
    entryPoints: { kpl: src('cli/run.ts'), 'csv-worker': src('columnar/csv-worker.ts'), 'sql-runner': src('sql/db-runner.ts') },
    outdir,
    // The database clients stay packages: DuckDB's is a native module.
    external: ['@duckdb/node-api', 'pg'],
    // Each command's chunks hold only what it uses (direct-imports.mjs).
    plugins: [directImports(join(root, 'src'))],
    // CommonJS dependencies (ajv) call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __kplCreateRequire } from 'node:module'; const require = __kplCreateRequire(import.meta.url);" },
  });
}

/** The declarations: tsc from src/index.ts and src/node.ts, imports rewritten from `.ts` to `.js`. */
export function buildTypes() {
  const types = join(dist, 'types');
  rmSync(types, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  // A consumer's TypeScript resolves `./x.js` to `./x.d.ts` under every module setting; `./x.ts` not always.
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.d.ts')) {
        const text = readFileSync(p, 'utf8');
        const fixed = text.replace(/(from\s+|import\()(['"])(\.\.?\/[^'"]*?)\.ts\2/g, '$1$2$3.js$2');
        if (fixed !== text) writeFileSync(p, fixed);
      }
    }
  };
  walk(types);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!process.argv.includes('--types')) await buildJs();
  if (!process.argv.includes('--js')) buildTypes();
}

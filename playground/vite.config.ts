/**
 * The playground build: static files in dist/playground that work from any static server (relative
 * asset paths) and offline (Monaco, its codicon font and the compiler workers are all bundled).
 */
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  worker: { format: 'es' },
  resolve: {
    // csv-parse and csv-stringify use Node's Buffer in their default build; their own browser
    // builds (same version, same code, with a Buffer shim bundled) run in the worker unchanged.
    alias: [
      { find: /^csv-parse\/sync$/, replacement: 'csv-parse/browser/esm/sync' },
      { find: /^csv-stringify\/sync$/, replacement: 'csv-stringify/browser/esm/sync' },
    ],
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/playground', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    reportCompressedSize: false,
  },
  server: { host: '127.0.0.1', port: 5173, fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
  preview: { host: '127.0.0.1', port: 4173 },
});

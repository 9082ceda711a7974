// An esbuild plugin for the `kpl` bundle (build.mjs buildCliBundle): the CLI imports the compiler
// through the public API, src/node.ts (the layering rule of .dependency-cruiser.cjs), and esbuild's
// code splitting then puts everything the barrel re-exports into one chunk that every command
// loads — 3 MB with zod, ajv and the Excel reader for `kpl check` of a four-line policy. The plugin
// rewrites, at build time only, each `import { … } from '…/node.ts'` in src/cli into imports from
// the modules that define the names, so each command's chunks hold what it uses. The sources keep
// their imports.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/** name → { mod: absolute path of the defining module, orig: its name there, type: type-only } */
function exportsOf(barrel, into = new Map()) {
  const text = readFileSync(barrel, 'utf8');
  for (const m of text.matchAll(/export\s+(type\s+)?\{([^}]*)\}\s+from\s+'([^']+)'/g)) {
    const mod = resolve(dirname(barrel), m[3]);
    for (let part of m[2].split(',')) {
      part = part.trim();
      if (!part) continue;
      const type = Boolean(m[1]) || part.startsWith('type ');
      const [orig, alias] = part.replace(/^type\s+/, '').split(/\s+as\s+/).map((s) => s.trim());
      into.set(alias ?? orig, { mod, orig, type });
    }
  }
  for (const m of text.matchAll(/export\s+\*\s+from\s+'([^']+)'/g)) exportsOf(resolve(dirname(barrel), m[1]), into);
  return into;
}

const BARREL = /(?:\.\.\/)+(?:node|index)\.ts/;

/** The plugin; `srcDir` is the repository's src/. */
export function directImports(srcDir) {
  const names = exportsOf(resolve(srcDir, 'node.ts'));
  const spec = (file, mod) => {
    const rel = relative(dirname(file), mod);
    return rel.startsWith('.') ? rel : `./${rel}`;
  };
  const rewrite = (file, text) =>
    text
      .replace(new RegExp(`import\\s+(type\\s+)?\\{([^}]*)\\}\\s+from\\s+'(${BARREL.source})';?`, 'g'), (all, typeOnly, list) => {
        const byModule = new Map();
        for (let part of list.split(',')) {
          part = part.trim();
          if (!part) continue;
          const type = Boolean(typeOnly) || part.startsWith('type ');
          const [name, alias] = part.replace(/^type\s+/, '').split(/\s+as\s+/).map((s) => s.trim());
          const at = names.get(name);
          if (!at) throw new Error(`${file}: ${name} is not exported by src/node.ts`);
          if (type || at.type) continue; // types vanish in JavaScript
          const local = alias ?? name;
          const m = spec(file, at.mod);
          byModule.set(m, [...(byModule.get(m) ?? []), at.orig === local ? local : `${at.orig} as ${local}`]);
        }
        return [...byModule].map(([m, ns]) => `import { ${ns.join(', ')} } from '${m}';`).join(' ');
      });
  return {
    name: 'kpl-direct-imports',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/]cli[\\/].*\.ts$/ }, (args) => ({ contents: rewrite(args.path, readFileSync(args.path, 'utf8')), loader: 'ts', resolveDir: dirname(args.path) }));
    },
  };
}

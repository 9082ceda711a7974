/**
 * Railroad diagrams of the grammar: `grammar/generated/diagrams.html`, made by Chevrotain's own
 * generator from the parser's serialized GAST.
 *
 * The page must work offline, so it does not load its scripts and stylesheet from the CDN
 * (Chevrotain's default). The chevrotain npm package ships them (`diagrams/`: the vendored
 * railroad-diagrams library, the diagram builder and behaviour scripts, and the stylesheet);
 * `npm run grammar` copies them next to the page, into `grammar/generated/chevrotain-diagrams/`,
 * and the page refers to them by relative URL (`resourceBase` / `css`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createSyntaxDiagramsCode } from 'chevrotain';
import { PolicyParser } from './parser.ts';

/** Folder, relative to the page, that holds the copied diagram resources. */
export const DIAGRAM_RESOURCE_DIR = 'chevrotain-diagrams';

/** Files of the chevrotain package the page needs (paths relative to the package root). */
const RESOURCE_FILES = [
  'diagrams/vendor/railroad-diagrams.js',
  'diagrams/src/diagrams_builder.js',
  'diagrams/src/diagrams_behavior.js',
  'diagrams/src/main.js',
  'diagrams/diagrams.css',
  // Chevrotain is Apache-2.0: its licence goes along with the copied files.
  'LICENSE.txt',
];

export interface GeneratedFile {
  /** Path relative to the folder that holds `diagrams.html`. */
  readonly path: string;
  readonly content: string;
}

/** Root folder of the installed chevrotain package. */
function chevrotainRoot(): string {
  // `chevrotain` resolves to <root>/lib/src/api.js; its `exports` do not expose package.json.
  let dir = dirname(createRequire(import.meta.url).resolve('chevrotain'));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'chevrotain') return dir;
    } catch {
      // not the package root yet
    }
    dir = dirname(dir);
  }
  throw new Error('grammar-diagrams: cannot find the chevrotain package folder');
}

/** The scripts and stylesheet the page loads, to be written under `DIAGRAM_RESOURCE_DIR`. */
export function diagramResources(): GeneratedFile[] {
  const root = chevrotainRoot();
  return RESOURCE_FILES.map((f) => ({
    path: `${DIAGRAM_RESOURCE_DIR}/${f.replace(/^diagrams\//, '')}`,
    content: readFileSync(join(root, f), 'utf8'),
  }));
}

/** The text of `grammar/generated/diagrams.html`. */
export function diagramsHtml(): string {
  const grammar = new PolicyParser().getSerializedGastProductions();
  return createSyntaxDiagramsCode(grammar, {
    resourceBase: `./${DIAGRAM_RESOURCE_DIR}/`,
    css: `./${DIAGRAM_RESOURCE_DIR}/diagrams.css`,
  });
}

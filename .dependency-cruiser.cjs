/**
 * KPL's layers, checked by test/unit/layering.test.ts (`npx depcruise src playground/src bin
 * --config .dependency-cruiser.cjs`). A module may import its own layer and the layers below it,
 * never one above. Bottom to top:
 *
 *   source, diagnostics, numeric         spans, diagnostic codes/rendering, decimals, intervals, scaled integers
 *   syntax, ast                          lexer, parser, syntax tree
 *   modules                              imports between policy files
 *   plan                                 the compiled policy format (schema, reader, walkers)
 *   data, columnar                       input tables and values; the same as typed columns, CSV → columns
 *   checker, builtins                    syntax tree → plan; the built-in functions (checked and evaluated)
 *   compile.ts                           the front end in one call
 *   evaluator, semantics                 the interpreter (the executable specification) and its shared rules
 *   fast                                 the fast engine (code generator + runtime), same results
 *   sql                                  the plan as one SQL statement (DuckDB, PostgreSQL) and the runtime that runs it there
 *   explain, lint, diff, testing, format, editor   tools over plans and results (editor: the services
 *                                        of the playground and of `kpl lsp`)
 *   index.ts, node.ts                    the public API (node.ts: index.ts plus what reads files)
 *   lsp                                  the language server (`kpl lsp`), only through the public API
 *   cli                                  the command line, only through the public API
 *
 * Also: the playground uses only src/index.ts; nothing but bin/ imports src/cli; the CLI imports
 * the compiler only through the public API. Cycles between folders are checked by the test.
 */
const LAYERS = [
  ['source', 'diagnostics', 'numeric'],
  ['syntax', 'ast'],
  ['modules'],
  ['plan'],
  ['data', 'columnar'],
  ['checker', 'builtins'],
  ['compile.ts'],
  ['evaluator', 'semantics'],
  ['fast', 'sql'],
  ['explain', 'lint', 'diff', 'testing', 'format', 'editor'],
  ['index.ts', 'node.ts'],
  ['lsp'],
  ['cli'],
];

/** `src/x/…` for a folder, `src/x.ts` for a file. */
const part = (name) => (name.endsWith('.ts') ? `${name.replace('.', '\\.')}$` : `${name}/`);
const pathOf = (names) => `^src/(${names.map(part).join('|')})`;

const layerRules = LAYERS.slice(0, -1).map((names, i) => ({
  name: `layer-${names.join('-').replace(/\.ts/g, '')}`,
  comment: `${names.join(', ')} must not import a layer above it (${LAYERS.slice(i + 1).flat().join(', ')})`,
  severity: 'error',
  from: { path: pathOf(names) },
  to: { path: pathOf(LAYERS.slice(i + 1).flat()) },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'cli-only-public-api',
      comment: 'src/cli uses the compiler only through the public API (src/node.ts, which is src/index.ts plus file reading)',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/', pathNot: ['^src/cli/', '^src/lsp/', '^src/node\\.ts$', '^src/index\\.ts$'] },
    },
    {
      name: 'lsp-only-public-api',
      comment: 'src/lsp (the language server) uses the compiler only through the public API, as the CLI does',
      severity: 'error',
      from: { path: '^src/lsp/' },
      to: { path: '^src/', pathNot: ['^src/lsp/', '^src/node\\.ts$', '^src/index\\.ts$'] },
    },
    {
      name: 'playground-only-index',
      comment: 'the playground uses KPL only through src/index.ts',
      severity: 'error',
      from: { path: '^playground/src/' },
      to: { path: '^src/', pathNot: '^src/index\\.ts$' },
    },
    {
      name: 'nothing-imports-cli',
      comment: 'only bin/ (and the CLI itself) imports src/cli',
      severity: 'error',
      from: { pathNot: ['^src/cli/', '^bin/'] },
      to: { path: '^src/cli/' },
    },
    {
      name: 'known-layer',
      comment: 'every module under src/ belongs to a declared layer (add a new folder to LAYERS)',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: pathOf(LAYERS.flat()) },
    },
    {
      name: 'no-unresolvable',
      comment: 'an import that does not resolve to a file',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, path: '^\\.' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '\\.d\\.ts$'] },
    // Type-only imports are dependencies of the design too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6'],
  },
};

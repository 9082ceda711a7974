/**
 * What each command takes: its usage line, its options (parsed strictly by args.ts) and how to
 * load it. The global usage, `kpl help CMD`, `kpl CMD --help` and the shell completions are all
 * generated from this table. Loading is lazy: a command's module (and the part of the compiler it
 * needs) is imported only when it runs, so `kpl --version` and `kpl help` load next to nothing.
 */
import type { Args } from '../args.ts';

export interface OptionSpec {
  /** `string` takes a value; `boolean` is a switch. */
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** May be given more than once (`--data`). */
  readonly multiple?: boolean;
  /** The values it accepts, for the help text and the shell completions. */
  readonly values?: readonly string[];
  /** The value's placeholder in the help text (`FILE`). */
  readonly arg?: string;
  readonly help: string;
}

export type Options = Readonly<Record<string, OptionSpec>>;

/** Options every command takes. */
export const GLOBAL_OPTIONS: Options = {
  root: { type: 'string', arg: 'DIR', help: "the folder imports must stay inside (default: the policy's folder)" },
  help: { type: 'boolean', short: 'h', help: "this command's usage and options" },
  'no-color': { type: 'boolean', help: 'no colours in diagnostics (also NO_COLOR=1; FORCE_COLOR=1 forces them)' },
};

export type Command = (args: Args) => number;

export interface CommandSpec {
  readonly summary: string;
  /** The usage line after `kpl NAME`. */
  readonly usage: string;
  readonly options: Options;
  /** Lines printed under the options in `kpl help NAME`. */
  readonly notes?: readonly string[];
  /** Positional arguments completed as files (the shells' completions). */
  readonly files?: boolean;
  readonly load: () => Promise<Command>;
}

const LANG = { type: 'string', arg: 'en|zh', values: ['en', 'zh'], help: 'language of the diagnostics and reports (default en)' } as const;
const DATA = { type: 'string', multiple: true, arg: 'TABLE=FILE', help: 'the data of an input table (CSV, JSON or an Excel workbook, BOOK.xlsx#SHEET for a named sheet); once per table; FILE - is standard input' } as const;
const ENCODING = { type: 'string', arg: 'NAME', help: 'the text encoding of the CSV and JSON data (utf-8, gb18030, gbk, utf-16le, utf-16be); default: detected' } as const;
const DIAGNOSTICS = { type: 'string', arg: 'text|json', values: ['text', 'json'], help: 'diagnostics as text or as a JSON array on stderr' } as const;
const VERIFY = { type: 'string', arg: 'PUB.pem', help: 'run the plan only if PLAN.json.sig proves it signed with this Ed25519 public key' } as const;
const OUT_DOC = 'the file to write (default: standard output; - is standard output)';

export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  check: {
    summary: 'check policies; diagnostics on stderr',
    usage: 'POLICY|DIR... [--format text|json] [--lang en|zh]',
    files: true,
    options: {
      format: { type: 'string', arg: 'text|json', values: ['text', 'json'], help: 'diagnostics as text on stderr, or as a JSON array on stdout' },
      lang: LANG,
      quiet: { type: 'boolean', help: 'do not print `FILE: ok` for files without errors' },
    },
    notes: ['A directory stands for every .kpl file below it. POLICY - reads the policy from standard input.', 'Exit status: 0 no errors (warnings do not fail), 2 some file has errors.'],
    load: async () => (await import('./check.ts')).checkCommand,
  },
  compile: {
    summary: 'the checked evaluation plan (JSON)',
    usage: 'POLICY [--out PLAN.json]',
    files: true,
    options: {
      out: { type: 'string', arg: 'FILE', help: `${OUT_DOC}; a .json file (or no extension)` },
      sign: { type: 'string', arg: 'KEY.pem', help: 'sign the plan with this Ed25519 private key; the signature goes beside it, in PLAN.json.sig (needs --out)' },
      format: { type: 'string', arg: 'text|json', values: ['text', 'json'], help: 'diagnostics as text or JSON (on stderr)' },
      lang: LANG,
    },
    notes: ['Exit status: 0 the plan was written, 2 the policy has errors (nothing is written).'],
    load: async () => (await import('./compile.ts')).compileCommand,
  },
  eval: {
    summary: 'evaluate a policy on data: one result row per person',
    usage: 'POLICY --data TABLE=FILE... [--out RESULTS.csv|.json|.xlsx] [--format csv|json|table]',
    files: true,
    options: {
      data: DATA,
      out: { type: 'string', arg: 'FILE', help: `${OUT_DOC}; its extension (.csv, .json, .txt, .xlsx) gives the format` },
      encoding: ENCODING,
      bom: { type: 'boolean', help: 'start CSV output with the UTF-8 byte-order mark (Excel on Chinese Windows then reads it as UTF-8)' },
      format: { type: 'string', arg: 'csv|json|table', values: ['csv', 'json', 'table'], help: 'default: from --out, else table on a terminal and csv into a file or a pipe' },
      engine: { type: 'string', arg: 'fast|exact|duckdb|postgres', values: ['fast', 'exact', 'duckdb', 'postgres'], help: 'the compiled engine (default), the reference interpreter, or the policy as SQL inside DuckDB or PostgreSQL (--db); same results' },
      db: { type: 'string', arg: 'postgresql://…', help: 'the PostgreSQL database of --engine postgres' },
      record: { type: 'string', arg: 'RUN.json', help: 'also write the audit record of the run (inputs, options, output SHA-256) for `kpl reproduce`' },
      verify: VERIFY,
      diagnostics: DIAGNOSTICS,
      lang: LANG,
    },
    notes: ['POLICY is a .kpl file or a compiled plan .json; - reads it from standard input.', 'Exit status: 0 every row evaluated, 1 some rows in error (still written) or unusable data, 2 the policy has errors.'],
    load: async () => (await import('./eval.ts')).evalCommand,
  },
  sql: {
    summary: 'the policy as one SQL statement (DuckDB or PostgreSQL), or its input tables (--ddl)',
    usage: 'POLICY --dialect duckdb|postgres [--ddl] [--out FILE.sql]',
    files: true,
    options: {
      dialect: { type: 'string', arg: 'duckdb|postgres', values: ['duckdb', 'postgres'], help: 'the SQL dialect (default duckdb)' },
      ddl: { type: 'boolean', help: "the input tables' CREATE TABLE statements instead" },
      out: { type: 'string', arg: 'FILE', help: `${OUT_DOC}; a .sql file (or no extension)` },
      format: { type: 'string', arg: 'text|json', values: ['text', 'json'], help: 'diagnostics as text or JSON (on stderr)' },
      lang: LANG,
    },
    notes: ['A construct the dialect cannot compute exactly is refused (KPL5040 names it), never approximated.', 'Exit status: 0 the SQL was written, 2 the policy has errors or is refused.'],
    load: async () => (await import('./sql.ts')).sqlCommand,
  },
  explain: {
    summary: "the appeal-ready report of one person's result",
    usage: 'POLICY --data TABLE=FILE... PERSON_ID [--format text|markdown|json] [--lang en|zh] [--out FILE]',
    files: true,
    options: {
      data: DATA,
      encoding: ENCODING,
      format: { type: 'string', arg: 'text|markdown|json', values: ['text', 'markdown', 'md', 'json'], help: 'the report as text, Markdown, or JSON (figures and the report); default from --out, else text' },
      out: { type: 'string', arg: 'FILE', help: `${OUT_DOC}; .txt, .md or .json gives the format` },
      verify: VERIFY,
      diagnostics: DIAGNOSTICS,
      lang: LANG,
    },
    notes: ['Exit status: 0, 1 the person is in error, 2 the policy has errors, 64 nobody has that id.'],
    load: async () => (await import('./explain.ts')).explainCommand,
  },
  reproduce: {
    summary: 'run a recorded kpl eval again and confirm the same output',
    usage: 'RUN.json [--out FILE]',
    files: true,
    options: {
      out: { type: 'string', arg: 'FILE', help: 'also keep the reproduced output in FILE' },
      lang: LANG,
    },
    notes: ['RUN.json is written by `kpl eval … --record RUN.json`.', 'Exit status: 0 the output is byte-identical, 1 it differs or an input changed, 2 the record cannot be read.'],
    load: async () => (await import('./reproduce.ts')).reproduceCommand,
  },
  test: {
    summary: 'run the example populations of NAME.kpltest files',
    usage: 'POLICY|TESTS.kpltest|DIR... [--coverage] [--threshold N] [--case TEXT] [--show all|failures]',
    files: true,
    options: {
      coverage: { type: 'boolean', help: 'measure which decisions the tests exercised' },
      threshold: { type: 'string', arg: 'N', help: 'fail when a policy is covered less than N% (implies --coverage)' },
      case: { type: 'string', arg: 'TEXT', help: 'run only the cases whose name contains TEXT' },
      show: { type: 'string', arg: 'all|failures', values: ['all', 'failures'], help: 'print every row, or only the failures' },
      format: { type: 'string', arg: 'text|json', values: ['text', 'json'], help: 'the report as text or JSON' },
      lang: LANG,
    },
    notes: ['A directory stands for every .kpltest file below it.', 'Exit status: 0 every test passed (and the threshold was reached), 1 otherwise.'],
    load: async () => (await import('./test.ts')).testCommand,
  },
  schema: {
    summary: 'the JSON Schema of the input data',
    usage: 'POLICY [--table NAME]',
    files: true,
    options: { table: { type: 'string', arg: 'NAME', help: 'only this input table' }, lang: LANG },
    load: async () => (await import('./schema.ts')).schemaCommand,
  },
  fmt: {
    summary: 'rewrite policies in the canonical layout',
    usage: 'FILE|DIR... [--check | --stdout]',
    files: true,
    options: {
      check: { type: 'boolean', help: 'change nothing; exit 1 and list the files that are not formatted' },
      stdout: { type: 'boolean', help: 'print the formatted text instead of writing the files' },
      lang: LANG,
    },
    notes: ['A directory stands for every .kpl file below it; - formats standard input to standard output.', 'Exit status: 0, 1 with --check when a file is not formatted, 2 a file has syntax errors.'],
    load: async () => (await import('./fmt.ts')).fmtCommand,
  },
  lint: {
    summary: 'range analysis: unreachable grades, dead rows, idle caps',
    usage: 'POLICY|DIR... [--ranges] [--deny-warnings] [--min-swing 10%] [--format text|json]',
    files: true,
    options: {
      ranges: { type: 'boolean', help: 'print the range of every indicator and of the total' },
      'deny-warnings': { type: 'boolean', help: 'exit 1 when there is any warning' },
      'min-swing': { type: 'string', arg: 'SHARE', help: 'the smallest share of the grade width an indicator must be able to move (e.g. 10%)' },
      format: { type: 'string', arg: 'text|json', values: ['text', 'json'], help: 'the findings as text or JSON' },
      lang: LANG,
    },
    notes: ['A directory stands for every .kpl file below it. Exit status: 0, 1 a warning with --deny-warnings, 2 a policy has errors.'],
    load: async () => (await import('./lint.ts')).lintCommand,
  },
  diff: {
    summary: 'what a policy change does (OLD/NEW: a file or REV:PATH)',
    usage: 'OLD NEW [--data TABLE=FILE...] [--format table|markdown|json] [--out FILE]',
    files: true,
    options: {
      data: DATA,
      encoding: ENCODING,
      format: { type: 'string', arg: 'table|markdown|json', values: ['table', 'markdown', 'json'], help: 'the report as text, Markdown or JSON; default from --out, else table' },
      out: { type: 'string', arg: 'FILE', help: `${OUT_DOC}; .txt, .md or .json gives the format` },
      lang: LANG,
    },
    load: async () => (await import('./diff.ts')).diffCommand,
  },
  lsp: {
    summary: 'the language server for editors (LSP on standard input and output)',
    usage: '--stdio',
    options: {
      stdio: { type: 'boolean', help: 'speak LSP on standard input and output (the only transport, and the default)' },
      clientProcessId: { type: 'string', arg: 'PID', help: 'the editor process (editors pass it; accepted and ignored)' },
    },
    notes: ['VS Code: the extension in editors/vscode starts it; other editors: run `kpl lsp --stdio` as the KPL language server (docs/editors.md).'],
    load: async () => (await import('./lsp.ts')).lspCommand,
  },
  completion: {
    summary: 'the shell completion script',
    usage: 'bash|zsh|fish',
    options: {},
    notes: ['bash: kpl completion bash > ~/.local/share/bash-completion/completions/kpl', 'zsh:  kpl completion zsh > "${fpath[1]}/_kpl"', 'fish: kpl completion fish > ~/.config/fish/completions/kpl.fish'],
    load: async () => (await import('../completion.ts')).completionCommand,
  },
};

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
  /** The same in Chinese (`--lang zh`, or a Chinese system locale). */
  readonly zh: string;
}

export type Options = Readonly<Record<string, OptionSpec>>;

/** Options every command takes. */
export const GLOBAL_OPTIONS: Options = {
  root: { type: 'string', arg: 'DIR', help: "the folder imports must stay inside (default: the policy's folder)", zh: '导入的文件必须位于此文件夹之内（默认：方案所在的文件夹）' },
  help: { type: 'boolean', short: 'h', help: "this command's usage and options", zh: '此命令的用法和选项' },
  'no-color': { type: 'boolean', help: 'no colours in diagnostics (also NO_COLOR=1; FORCE_COLOR=1 forces them)', zh: '诊断信息不加颜色（也可设 `NO_COLOR=1`；`FORCE_COLOR=1` 强制加颜色）' },
};

export type Command = (args: Args) => number;

export interface CommandSpec {
  readonly summary: string;
  readonly summaryZh: string;
  /** The usage line after `kpl NAME`. */
  readonly usage: string;
  readonly options: Options;
  /** Lines printed under the options in `kpl help NAME`. */
  readonly notes?: readonly string[];
  readonly notesZh?: readonly string[];
  /** Positional arguments completed as files (the shells' completions). */
  readonly files?: boolean;
  readonly load: () => Promise<Command>;
}

const LANG = { type: 'string', arg: 'en|zh', values: ['en', 'zh'], help: 'language of the diagnostics and reports (default en)', zh: '诊断信息和报告的语言（默认跟随系统语言环境，如 `LANG=zh_CN.UTF-8` 为中文，否则为英文）' } as const;
const DATA = { type: 'string', multiple: true, arg: 'TABLE=FILE', help: 'the data of an input table (CSV, JSON or an Excel workbook, BOOK.xlsx#SHEET for a named sheet); once per table; FILE - is standard input', zh: '一张输入表的数据（CSV、JSON 或 Excel 工作簿，指定工作表写 `工作簿.xlsx#工作表`）；每张表写一次；文件写 `-` 表示标准输入' } as const;
const ENCODING = { type: 'string', arg: 'NAME', help: 'the text encoding of the CSV and JSON data (utf-8, gb18030, gbk, utf-16le, utf-16be); default: detected', zh: 'CSV 和 JSON 数据的文本编码（`utf-8`、`gb18030`、`gbk`、`utf-16le`、`utf-16be`）；默认自动识别' } as const;
const DIAGNOSTICS = { type: 'string', arg: 'text|json', values: ['text', 'json'], help: 'diagnostics as text or as a JSON array on stderr', zh: '诊断信息以文本或 JSON 数组输出到标准错误' } as const;
const VERIFY = { type: 'string', arg: 'PUB.pem', help: 'run the plan only if PLAN.json.sig proves it signed with this Ed25519 public key', zh: '只有 `PLAN.json.sig` 证明计划由此 Ed25519 公钥对应的私钥签名时才运行' } as const;
const SIGNATURE = { type: 'string', arg: 'FILE.sig', help: 'with --verify: the signature file (default PLAN.json.sig; needed for a plan read from standard input)', zh: '与 `--verify` 同用：签名文件（默认 `PLAN.json.sig`；从标准输入读取计划时必须给出）' } as const;
const OUT_DOC = 'the file to write (default: standard output; - is standard output)';

export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  check: {
    summary: 'check policies; diagnostics on stderr',
    summaryZh: '检查方案；诊断信息输出到标准错误',
    usage: 'POLICY|DIR... [--format text|json] [--lang en|zh]',
    files: true,
    options: {
      format: { type: 'string', arg: 'text|json', values: ['text', 'json'], help: 'diagnostics as text on stderr, or as a JSON array on stdout', zh: '诊断信息以文本输出到标准错误，或以 JSON 数组输出到标准输出' },
      lang: LANG,
      quiet: { type: 'boolean', help: 'do not print `FILE: ok` for files without errors', zh: '没有问题的文件不再逐个提示' },
    },
    notes: ['A directory stands for every .kpl file below it. POLICY - reads the policy from standard input.', 'Exit status: 0 no errors (warnings do not fail), 2 some file has errors.'],
    notesZh: ['目录表示其下所有 `.kpl` 文件。方案写 `-` 表示从标准输入读取。', '退出状态：0 没有错误（警告不算失败），2 有文件存在错误。'],
    load: async () => (await import('./check.ts')).checkCommand,
  },
  compile: {
    summary: 'the checked evaluation plan (JSON)',
    summaryZh: '生成检查过的计算计划（JSON）',
    usage: 'POLICY [--out PLAN.json]',
    files: true,
    options: {
      out: { type: 'string', arg: 'FILE', help: `${OUT_DOC}; a .json file (or no extension)`, zh: '要写入的文件（默认标准输出；`-` 表示标准输出）；`.json` 文件（或不带扩展名）' },
      sign: { type: 'string', arg: 'KEY.pem', help: 'sign the plan with this Ed25519 private key; the signature goes beside it, in PLAN.json.sig (needs --out)', zh: '用此 Ed25519 私钥为计划签名；签名写在计划旁边的 `PLAN.json.sig` 中（需要 `--out`）' },
      format: { type: 'string', arg: 'text|json', values: ['text', 'json'], help: 'diagnostics as text or JSON (on stderr)', zh: '诊断信息以文本或 JSON 输出（到标准错误）' },
      lang: LANG,
    },
    notes: ['Exit status: 0 the plan was written, 2 the policy has errors (nothing is written).'],
    notesZh: ['退出状态：0 已写出计划，2 方案有错误（不写出任何内容）。'],
    load: async () => (await import('./compile.ts')).compileCommand,
  },
  eval: {
    summary: 'evaluate a policy on data: one result row per person',
    summaryZh: '用数据计算方案：每人一行结果',
    usage: 'POLICY --data TABLE=FILE... [--out RESULTS.csv|.json|.xlsx] [--format csv|json|table]',
    files: true,
    options: {
      data: DATA,
      out: { type: 'string', arg: 'FILE', help: `${OUT_DOC}; its extension (.csv, .json, .txt, .xlsx) gives the format`, zh: '要写入的文件（默认标准输出；`-` 表示标准输出）；由扩展名（`.csv`、`.json`、`.txt`、`.xlsx`）决定格式' },
      encoding: ENCODING,
      bom: { type: 'boolean', help: 'start CSV output with the UTF-8 byte-order mark (Excel on Chinese Windows then reads it as UTF-8)', zh: 'CSV 输出以 UTF-8 字节顺序标记（BOM）开头（中文 Windows 上的 Excel 才会按 UTF-8 打开）' },
      format: { type: 'string', arg: 'csv|json|table', values: ['csv', 'json', 'table'], help: 'default: from --out, else table on a terminal and csv into a file or a pipe', zh: '默认由 `--out` 决定；否则在终端上为 `table`，写入文件或管道时为 `csv`' },
      engine: { type: 'string', arg: 'fast|exact|duckdb|postgres', values: ['fast', 'exact', 'duckdb', 'postgres'], help: 'the compiled engine (default), the reference interpreter, or the policy as SQL inside DuckDB or PostgreSQL (--db); same results', zh: '编译引擎（默认）、参考解释器，或把方案转为 SQL 在 DuckDB 或 PostgreSQL（`--db`）中计算；结果相同' },
      db: { type: 'string', arg: 'postgresql://…', help: 'the PostgreSQL database of --engine postgres', zh: '`--engine postgres` 使用的 PostgreSQL 数据库' },
      record: { type: 'string', arg: 'RUN.json', help: 'also write the audit record of the run (inputs, options, engine used, rows in/out/reported, output SHA-256) for `kpl reproduce`', zh: '同时写出本次运行的审计记录（输入、选项、实际引擎、读入/输出/报告的行数、输出的 SHA-256），供 `kpl reproduce` 复核' },
      verify: VERIFY,
      signature: SIGNATURE,
      diagnostics: DIAGNOSTICS,
      lang: LANG,
    },
    notes: ['POLICY is a .kpl file or a compiled plan .json; - reads it from standard input.', 'Exit status: 0 every row evaluated, 1 some rows in error (still written) or unusable data, 2 the policy has errors.'],
    notesZh: ['方案可以是 `.kpl` 文件或编译好的计划 `.json`；写 `-` 表示从标准输入读取。', '退出状态：0 每一行都已计算，1 有行出错（仍会写出）或数据无法使用，2 方案有错误。'],
    load: async () => (await import('./eval.ts')).evalCommand,
  },
  sql: {
    summary: 'the policy as one SQL statement (DuckDB or PostgreSQL), or its input tables (--ddl)',
    summaryZh: '把方案转为一条 SQL 语句（DuckDB 或 PostgreSQL），或输出输入表的定义（`--ddl`）',
    usage: 'POLICY --dialect duckdb|postgres [--ddl] [--out FILE.sql]',
    files: true,
    options: {
      dialect: { type: 'string', arg: 'duckdb|postgres', values: ['duckdb', 'postgres'], help: 'the SQL dialect (default duckdb)', zh: 'SQL 方言（默认 `duckdb`）' },
      ddl: { type: 'boolean', help: "the input tables' CREATE TABLE statements instead", zh: '改为输出输入表的 `CREATE TABLE` 语句' },
      out: { type: 'string', arg: 'FILE', help: `${OUT_DOC}; a .sql file (or no extension)`, zh: '要写入的文件（默认标准输出；`-` 表示标准输出）；`.sql` 文件（或不带扩展名）' },
      format: { type: 'string', arg: 'text|json', values: ['text', 'json'], help: 'diagnostics as text or JSON (on stderr)', zh: '诊断信息以文本或 JSON 输出（到标准错误）' },
      lang: LANG,
    },
    notes: ['A construct the dialect cannot compute exactly is refused (KPL5040 names it), never approximated.', 'Exit status: 0 the SQL was written, 2 the policy has errors or is refused.'],
    notesZh: ['该方言无法精确计算的写法会被拒绝（由 KPL5040 指出），绝不近似。', '退出状态：0 已写出 SQL，2 方案有错误或被拒绝。'],
    load: async () => (await import('./sql.ts')).sqlCommand,
  },
  explain: {
    summary: "the appeal-ready report of one person's result",
    summaryZh: '一个人结果的说明报告（可用于申诉复核）',
    usage: 'POLICY --data TABLE=FILE... PERSON_ID [--format text|markdown|json] [--lang en|zh] [--out FILE]',
    files: true,
    options: {
      data: DATA,
      encoding: ENCODING,
      format: { type: 'string', arg: 'text|markdown|json', values: ['text', 'markdown', 'md', 'json'], help: 'the report as text, Markdown, or JSON (figures and the report); default from --out, else text', zh: '报告格式：文本、Markdown 或 JSON（数据与报告）；默认由 `--out` 决定，否则为文本' },
      out: { type: 'string', arg: 'FILE', help: `${OUT_DOC}; .txt, .md or .json gives the format`, zh: '要写入的文件（默认标准输出；`-` 表示标准输出）；由扩展名 `.txt`、`.md` 或 `.json` 决定格式' },
      verify: VERIFY,
      signature: SIGNATURE,
      diagnostics: DIAGNOSTICS,
      lang: LANG,
    },
    notes: ['Exit status: 0, 1 the person is in error, 2 the policy has errors, 64 nobody has that id.'],
    notesZh: ['退出状态：0 正常，1 此人的数据或计算有误，2 方案有错误，64 没有这个编号的人。'],
    load: async () => (await import('./explain.ts')).explainCommand,
  },
  reproduce: {
    summary: 'run a recorded kpl eval again and confirm the same output',
    summaryZh: '按记录重新运行一次 `kpl eval`，确认输出完全相同',
    usage: 'RUN.json [--out FILE]',
    files: true,
    options: {
      out: { type: 'string', arg: 'FILE', help: 'also keep the reproduced output in FILE', zh: '同时把重新计算的输出保存到该文件' },
      lang: LANG,
    },
    notes: ['RUN.json is written by `kpl eval … --record RUN.json`.', 'Exit status: 0 the output is byte-identical, 1 it differs or an input changed, 2 the record cannot be read.'],
    notesZh: ['`RUN.json` 由 `kpl eval … --record RUN.json` 写出。', '退出状态：0 输出逐字节相同，1 输出不同或输入已改变，2 记录无法读取。'],
    load: async () => (await import('./reproduce.ts')).reproduceCommand,
  },
  test: {
    summary: 'run the example populations of NAME.kpltest files',
    summaryZh: '运行 `名称.kpltest` 文件中的示例人群',
    usage: 'POLICY|TESTS.kpltest|DIR... [--coverage] [--threshold N] [--case TEXT] [--show all|failures]',
    files: true,
    options: {
      coverage: { type: 'boolean', help: 'measure which decisions the tests exercised', zh: '统计测试覆盖了哪些判断分支' },
      threshold: { type: 'string', arg: 'N', help: 'fail when a policy is covered less than N% (implies --coverage)', zh: '方案覆盖率低于 N% 时判为失败（隐含 `--coverage`）' },
      case: { type: 'string', arg: 'TEXT', help: 'run only the cases whose name contains TEXT', zh: '只运行名称中包含该文字的用例' },
      show: { type: 'string', arg: 'all|failures', values: ['all', 'failures'], help: 'print every row, or only the failures', zh: '输出每一行，或只输出失败的行' },
      format: { type: 'string', arg: 'text|json', values: ['text', 'json'], help: 'the report as text or JSON', zh: '报告格式：文本或 JSON' },
      lang: LANG,
    },
    notes: ['A directory stands for every .kpltest file below it.', 'Exit status: 0 every test passed (and the threshold was reached), 1 otherwise.'],
    notesZh: ['目录表示其下所有 `.kpltest` 文件。', '退出状态：0 全部测试通过（且达到覆盖率门槛），否则为 1。'],
    load: async () => (await import('./test.ts')).testCommand,
  },
  schema: {
    summary: 'the JSON Schema of the input data',
    summaryZh: '输入数据的 JSON Schema',
    usage: 'POLICY [--table NAME]',
    files: true,
    options: { table: { type: 'string', arg: 'NAME', help: 'only this input table', zh: '只输出这一张输入表' }, lang: LANG },
    load: async () => (await import('./schema.ts')).schemaCommand,
  },
  fmt: {
    summary: 'rewrite policies in the canonical layout',
    summaryZh: '把方案改写为统一格式',
    usage: 'FILE|DIR... [--check | --stdout]',
    files: true,
    options: {
      check: { type: 'boolean', help: 'change nothing; exit 1 and list the files that are not formatted', zh: '不做改动；如有未统一格式的文件，列出它们并以状态 1 退出' },
      stdout: { type: 'boolean', help: 'print the formatted text instead of writing the files', zh: '输出统一格式后的文本，而不改写文件' },
      lang: LANG,
    },
    notes: ['A directory stands for every .kpl file below it; - formats standard input to standard output.', 'Exit status: 0, 1 with --check when a file is not formatted, 2 a file has syntax errors.'],
    notesZh: ['目录表示其下所有 `.kpl` 文件；`-` 表示把标准输入统一格式后写到标准输出。', '退出状态：0 正常，1 使用 `--check` 时有文件未统一格式，2 有文件存在语法错误。'],
    load: async () => (await import('./fmt.ts')).fmtCommand,
  },
  lint: {
    summary: 'range analysis: unreachable grades, dead rows, idle caps',
    summaryZh: '范围分析：不可能出现的等级、永不命中的行、不起作用的上下限',
    usage: 'POLICY|DIR... [--ranges] [--deny-warnings] [--min-swing 10%] [--format text|json]',
    files: true,
    options: {
      ranges: { type: 'boolean', help: 'print the range of every indicator and of the total', zh: '输出每个指标和总分的取值范围' },
      'deny-warnings': { type: 'boolean', help: 'exit 1 when there is any warning', zh: '有任何警告时以状态 1 退出' },
      'min-swing': { type: 'string', arg: 'SHARE', help: 'the smallest share of the grade width an indicator must be able to move (e.g. 10%)', zh: '指标至少应能影响等级区间宽度的多大比例（如 10%）' },
      format: { type: 'string', arg: 'text|json', values: ['text', 'json'], help: 'the findings as text or JSON', zh: '结论以文本或 JSON 输出' },
      lang: LANG,
    },
    notes: ['A directory stands for every .kpl file below it. Exit status: 0, 1 a warning with --deny-warnings, 2 a policy has errors.'],
    notesZh: ['目录表示其下所有 `.kpl` 文件。退出状态：0 正常，1 使用 `--deny-warnings` 时有警告，2 方案有错误。'],
    load: async () => (await import('./lint.ts')).lintCommand,
  },
  diff: {
    summary: 'what a policy change does (OLD/NEW: a file or REV:PATH)',
    summaryZh: '方案修改的影响（旧/新：文件或 `版本:路径`）',
    usage: 'OLD NEW [--data TABLE=FILE...] [--format table|markdown|json] [--out FILE]',
    files: true,
    options: {
      data: DATA,
      encoding: ENCODING,
      format: { type: 'string', arg: 'table|markdown|json', values: ['table', 'markdown', 'json'], help: 'the report as text, Markdown or JSON; default from --out, else table', zh: '报告格式：文本、Markdown 或 JSON；默认由 `--out` 决定，否则为表格' },
      out: { type: 'string', arg: 'FILE', help: `${OUT_DOC}; .txt, .md or .json gives the format`, zh: '要写入的文件（默认标准输出；`-` 表示标准输出）；由扩展名 `.txt`、`.md` 或 `.json` 决定格式' },
      lang: LANG,
    },
    load: async () => (await import('./diff.ts')).diffCommand,
  },
  lsp: {
    summary: 'the language server for editors (LSP on standard input and output)',
    summaryZh: '编辑器用的语言服务（通过标准输入输出的 LSP）',
    usage: '--stdio',
    options: {
      stdio: { type: 'boolean', help: 'speak LSP on standard input and output (the only transport, and the default)', zh: '通过标准输入输出提供 LSP 服务（唯一的传输方式，也是默认方式）' },
      clientProcessId: { type: 'string', arg: 'PID', help: 'the editor process (editors pass it; accepted and ignored)', zh: '编辑器进程号（由编辑器传入；接受但不使用）' },
    },
    notes: ['VS Code: the extension in editors/vscode starts it; other editors: run `kpl lsp --stdio` as the KPL language server (docs/editors.md).'],
    notesZh: ['VS Code：由 `editors/vscode` 中的扩展启动；其他编辑器：把 `kpl lsp --stdio` 配置为 KPL 语言服务（见 `docs/editors.md`）。'],
    load: async () => (await import('./lsp.ts')).lspCommand,
  },
  completion: {
    summary: 'the shell completion script',
    summaryZh: '命令行补全脚本',
    usage: 'bash|zsh|fish',
    options: {},
    notes: ['bash: kpl completion bash > ~/.local/share/bash-completion/completions/kpl', 'zsh:  kpl completion zsh > "${fpath[1]}/_kpl"', 'fish: kpl completion fish > ~/.config/fish/completions/kpl.fish'],
    notesZh: ['bash：`kpl completion bash > ~/.local/share/bash-completion/completions/kpl`', 'zsh：`kpl completion zsh > "${fpath[1]}/_kpl"`', 'fish：`kpl completion fish > ~/.config/fish/completions/kpl.fish`'],
    load: async () => (await import('../completion.ts')).completionCommand,
  },
};

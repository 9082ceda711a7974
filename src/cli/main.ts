/**
 * The `kpl` command line: thin wrappers over the library. Exit status: 0 ok, 1 data rows in
 * error, 2 policy errors, 64 usage, 70 internal error. User mistakes never print a stack trace.
 */
import { parseArgs } from './args.ts';
import { UsageError } from './usage-error.ts';
import { EXIT } from './report.ts';
import { checkCommand } from './commands/check.ts';
import { compileCommand } from './commands/compile.ts';
import { evalCommand } from './commands/eval.ts';
import { schemaCommand } from './commands/schema.ts';
import { explainCommand } from './commands/explain.ts';
import { testCommand } from './commands/test.ts';
import { fmtCommand } from './commands/fmt.ts';
import { lintCommand } from './commands/lint.ts';
import { diffCommand } from './commands/diff.ts';
import { lspCommand } from './commands/lsp.ts';

const COMMANDS: Record<string, (args: ReturnType<typeof parseArgs>) => number> = {
  check: checkCommand,
  compile: compileCommand,
  eval: evalCommand,
  schema: schemaCommand,
  explain: explainCommand,
  test: testCommand,
  fmt: fmtCommand,
  lint: lintCommand,
  diff: diffCommand,
};

export const USAGE = `usage: kpl <command> [options]

  kpl check POLICY.kpl...                      check policies; diagnostics on stderr
  kpl compile POLICY.kpl [--out PLAN.json]     the checked evaluation plan (JSON)
  kpl eval POLICY --data TABLE=FILE.csv... [--out RESULTS.csv] [--format csv|json|table]
  kpl explain POLICY --data TABLE=FILE.csv... PERSON_ID [--format text|markdown] [--lang en|zh]
  kpl test POLICY.kpl|TESTS.kpltest|DIR... [--coverage] [--threshold N]   run the policy tests
  kpl schema POLICY.kpl [--table NAME]         JSON Schema of the input data
  kpl fmt FILE|DIR... [--check | --stdout]     rewrite policies in the canonical layout
  kpl lint POLICY.kpl... [--ranges] [--deny-warnings]   range analysis: unreachable grades, dead rows, idle caps
  kpl diff OLD NEW [--data TABLE=FILE...] [--format table|markdown|json]   what a policy change does (OLD/NEW: file or REV:PATH)
  kpl lsp --stdio                              the language server for editors (LSP on stdin/stdout)

  POLICY is a .kpl file or a compiled plan .json.
  --lang en|zh          language of diagnostics (default en)
  --format json         (check, compile) diagnostics as JSON
  --diagnostics json    (eval, explain) diagnostics as JSON on stderr
  --engine fast|exact   (eval) the compiled engine (default) or the reference interpreter; same results

exit status: 0 ok, 1 some data rows could not be evaluated, 2 the policy has errors, 64 usage`;

export function main(argv: readonly string[]): number {
  try {
    const [command, ...rest] = argv;
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(USAGE + '\n');
      return command ? EXIT.ok : EXIT.usage;
    }
    // `kpl lsp --stdio` takes its arguments as editors pass them (`--stdio`, `--clientProcessId=N`).
    if (command === 'lsp') return lspCommand(rest);
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`unknown command \`${command}\``);
    return run(parseArgs(rest));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`kpl: ${err.message}\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`kpl: internal error: ${err instanceof Error ? err.message : String(err)}\nplease report this with the policy and data that caused it\n`);
    if (process.env['KPL_DEBUG'] && err instanceof Error) process.stderr.write(String(err.stack) + '\n');
    return EXIT.internal;
  }
}


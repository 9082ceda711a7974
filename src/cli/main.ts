/**
 * The `kpl` command line in-process, every command loaded (tests, the conformance harness): the
 * same as the `kpl` process (run.ts), which loads only the command that runs. Exit statuses: see
 * help.ts (EXIT_TEXT) and README §5.
 */
import { dispatch } from './dispatch.ts';
import type { Command } from './commands/spec.ts';
import { checkCommand } from './commands/check.ts';
import { compileCommand } from './commands/compile.ts';
import { evalCommand } from './commands/eval.ts';
import { schemaCommand } from './commands/schema.ts';
import { explainCommand } from './commands/explain.ts';
import { testCommand } from './commands/test.ts';
import { fmtCommand } from './commands/fmt.ts';
import { lintCommand } from './commands/lint.ts';
import { diffCommand } from './commands/diff.ts';
import { completionCommand } from './completion.ts';
import { lspCommand } from './commands/lsp.ts';
import { sqlCommand } from './commands/sql.ts';
import { reproduceCommand } from './commands/reproduce.ts';
import { readPlanFile } from './plan-file.ts';
import { setPlanReader } from './plan-reader.ts';

setPlanReader(readPlanFile);

const LOADED: Record<string, Command> = {
  check: checkCommand,
  compile: compileCommand,
  eval: evalCommand,
  schema: schemaCommand,
  explain: explainCommand,
  test: testCommand,
  fmt: fmtCommand,
  lint: lintCommand,
  diff: diffCommand,
  completion: completionCommand,
  lsp: lspCommand,
  reproduce: reproduceCommand,
  sql: sqlCommand,
};

export function main(argv: readonly string[]): number {
  return dispatch(argv, (name) => LOADED[name]);
}

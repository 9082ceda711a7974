/**
 * `kpl fmt FILE|DIR... [--check | --stdout]`: rewrites policies in the one canonical layout.
 * Directories stand for every `*.kpl` file below them. A file with syntax errors is left alone
 * (exit 2); `--check` changes nothing and exits 1 when some file is not formatted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Args } from '../args.ts';
import { langOf, oneOf, yes } from '../args.ts';
import { STDIN, STDIN_NAME, expandPaths, readStdin } from '../io.ts';
import { EXIT, printDiagnostics } from '../report.ts';
import { UsageError } from '../usage-error.ts';
import { formatPolicy, type SourceFile } from '../../node.ts';

const USAGE = 'kpl fmt FILE|DIR|-... [--check | --stdout]';

export function fmtCommand(args: Args): number {
  const named = args.positionals;
  const stdout = yes(args, 'stdout');
  const check = yes(args, 'check');
  if (check && stdout) throw new UsageError('use either --check or --stdout, not both');
  if (named.length === 0) throw new UsageError(USAGE);
  const lang = langOf(args);
  const files = expandPaths(named);
  let exit: number = EXIT.ok;
  const unformatted: string[] = [];
  for (const path of files) {
    // `-`: the policy on standard input, formatted to standard output (a filter for editors).
    const fromStdin = path === STDIN;
    const file = fromStdin ? STDIN_NAME : path;
    const original = fromStdin ? new TextDecoder().decode(readStdin('the policy')) : readFileSync(file, 'utf8');
    const r = formatPolicy(file, original);
    if (r.text === undefined) {
      const source: SourceFile = { name: file, text: original.replace(/^\uFEFF/, '') };
      printDiagnostics(r.diagnostics, new Map([[file, source]]), 'text', lang);
      exit = Math.max(exit, r.diagnostics.some((d) => d.code === 'KPL9001') ? EXIT.internal : EXIT.policyErrors);
      continue;
    }
    if (stdout || fromStdin) {
      if (!check) process.stdout.write(r.text);
      else if (r.text !== original) unformatted.push(file);
    }
    else if (r.text !== original) {
      unformatted.push(file);
      if (!check) writeFileSync(file, r.text);
      process.stdout.write(file + '\n');
    }
  }
  if (check && unformatted.length > 0) {
    const n = unformatted.length;
    process.stderr.write(`${n} file${n === 1 ? ' is' : 's are'} not formatted; run \`kpl fmt\` on ${n === 1 ? 'it' : 'them'}\n`);
    exit = Math.max(exit, EXIT.rowErrors);
  }
  return exit;
}

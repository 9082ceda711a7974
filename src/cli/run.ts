/**
 * Process entry of the `kpl` command (bin/kpl.mjs loads its build, dist/cli/kpl.mjs). Help and the
 * version are answered before anything else is loaded; otherwise only the command that runs is
 * imported (with the part of the compiler it uses), then dispatched like main.ts does.
 */
import { answer } from './front.ts';
import { COMMANDS } from './commands/spec.ts';
import { loadPlanReader, mayReadPlan } from './plan-reader.ts';

// Standard output is checked too (README 5, "Outputs"): a reader that stops early (`kpl eval … |
// head -1`, EPIPE) ends the run quietly; any other failure (a full disk, `> /dev/full`) is
// KPL5006 and exit status 74, never a lost result with exit 0 or a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  void import('./stdout-failed.ts').then((m) => m.stdoutFailed(e));
});

const argv = process.argv.slice(2);
const answered = answer(argv);
if (answered !== undefined) process.exitCode = answered;
else {
  const spec = COMMANDS[argv[0]!];
  const [{ dispatch }, command] = await Promise.all([import('./dispatch.ts'), spec?.load(), mayReadPlan(argv) ? loadPlanReader() : undefined]);
  process.exitCode = dispatch(argv, () => command);
}

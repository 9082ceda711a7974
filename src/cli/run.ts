/**
 * Process entry of the `kpl` command (bin/kpl.mjs loads its build, dist/cli/kpl.mjs). Help and the
 * version are answered before anything else is loaded; otherwise only the command that runs is
 * imported (with the part of the compiler it uses), then dispatched like main.ts does.
 */
import { answer } from './front.ts';
import { COMMANDS } from './commands/spec.ts';

const argv = process.argv.slice(2);
const answered = answer(argv);
if (answered !== undefined) process.exitCode = answered;
else {
  const spec = COMMANDS[argv[0]!];
  const [{ dispatch }, command] = await Promise.all([import('./dispatch.ts'), spec?.load()]);
  process.exitCode = dispatch(argv, () => command);
}

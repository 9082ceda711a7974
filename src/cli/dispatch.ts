/**
 * Runs one command line: the answers that need no compiler (front.ts), else the command with its
 * options parsed strictly. User mistakes exit 64 with a message and no stack trace; anything else
 * unexpected exits 70. main.ts (every command loaded, for in-process use) and run.ts (the process
 * entry: only the command that runs is loaded) both call it.
 */
import { parseArgs } from './args.ts';
import { UsageError } from './usage-error.ts';
import { EXIT, usage } from './help.ts';
import { answer } from './front.ts';
import { COMMANDS, type Command } from './commands/spec.ts';
import { colorOptions } from './color.ts';
import { resetStdin } from './io.ts';
import { suggest } from '../node.ts';

export function dispatch(argv: readonly string[], commandOf: (name: string) => Command | undefined): number {
  resetStdin();
  try {
    const answered = answer(argv);
    if (answered !== undefined) return answered;
    const [name, ...rest] = argv as [string, ...string[]];
    const spec = COMMANDS[name === 'help' ? (rest[0] ?? '') : name];
    const run = spec && name !== 'help' ? commandOf(name) : undefined;
    if (!spec || !run) {
      const unknown = name === 'help' ? rest[0]! : name;
      const s = suggest(unknown, Object.keys(COMMANDS));
      throw new UsageError(`unknown command \`${unknown}\`${s ? ` — did you mean \`kpl ${s}\`?` : ''}`);
    }
    const args = parseArgs(rest, spec.options);
    colorOptions.disabled = args.flags.has('no-color');
    return run(args);
  } catch (err) {
    if (err instanceof UsageError) {
      const name = argv[0];
      const more = name && COMMANDS[name] ? `run \`kpl help ${name}\` for its usage and options` : usage();
      process.stderr.write(`kpl: ${err.message}\n${more}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`kpl: internal error: ${err instanceof Error ? err.message : String(err)}\nplease report this with the policy and data that caused it\n`);
    if (process.env['KPL_DEBUG'] && err instanceof Error) process.stderr.write(String(err.stack) + '\n');
    return EXIT.internal;
  }
}

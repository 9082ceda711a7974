/**
 * Runs one command line: the answers that need no compiler (front.ts), else the command with its
 * options parsed strictly. User mistakes exit 64 with a message and no stack trace; anything else
 * unexpected exits 70. main.ts (every command loaded, for in-process use) and run.ts (the process
 * entry: only the command that runs is loaded) both call it.
 */
import { flag, parseArgs } from './args.ts';
import { argvLang as lang } from './lang.ts';
import { UsageError } from './usage-error.ts';
import { EXIT, usage } from './help.ts';
import { answer } from './front.ts';
import { COMMANDS, type Command } from './commands/spec.ts';
import { colorOptions } from './color.ts';
import { ioOptions, resetStdin } from './io.ts';
import { CliDiagnostic, escapeControls } from './output.ts';
import { diag, renderDiagnostic, suggest, LIMITS } from '../node.ts';

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
    // Imports are confined to the policy's folder, or to the folder `--root` names (README 3.2).
    const root = flag(args, 'root');
    if (root === undefined) delete ioOptions.root;
    else ioOptions.root = root;
    // A plan read must be signed with this key (`kpl eval --verify PUB.pem`).
    const verify = flag(args, 'verify');
    if (verify === undefined) delete ioOptions.verify;
    else ioOptions.verify = verify;
    // … and its signature is in this file (a plan from standard input has no PLAN.json.sig beside it).
    const signature = flag(args, 'signature');
    if (signature !== undefined && verify === undefined) throw new UsageError('--signature FILE.sig goes with --verify PUB.pem');
    if (signature === undefined) delete ioOptions.signature;
    else ioOptions.signature = signature;
    return run(args);
  } catch (err) {
    if (err instanceof CliDiagnostic) {
      process.stderr.write(escapeControls(renderDiagnostic(err.diagnostic, new Map(), lang(argv)), '\n\t') + '\n');
      return err.exit;
    }
    if (err instanceof RangeError && /call stack/i.test(err.message)) {
      // A safety net under the documented limits (README "Limits"): never a crash on user input.
      process.stderr.write(renderDiagnostic(diag('KPL5001', { limit: LIMITS.nesting }), new Map(), lang(argv)) + '\n');
      if (process.env['KPL_DEBUG']) process.stderr.write(String(err.stack) + '\n');
      return EXIT.policyErrors;
    }
    if (err instanceof UsageError) {
      const name = argv[0];
      const zh = lang(argv) === 'zh';
      const more = name && COMMANDS[name] ? (zh ? `运行 \`kpl help ${name}\` 查看它的用法和选项` : `run \`kpl help ${name}\` for its usage and options`) : usage(lang(argv));
      process.stderr.write(`kpl: ${err.message}\n${more}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`kpl: internal error: ${err instanceof Error ? err.message : String(err)}\nplease report this with the policy and data that caused it\n`);
    if (process.env['KPL_DEBUG'] && err instanceof Error) process.stderr.write(String(err.stack) + '\n');
    return EXIT.internal;
  }
}


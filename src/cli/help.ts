/**
 * The texts that need no compiler: the global usage, each command's usage and options, the
 * version, the exit statuses. Generated from the command table (commands/spec.ts).
 */
import { readFileSync } from 'node:fs';
import { COMMANDS, GLOBAL_OPTIONS, type CommandSpec, type Options } from './commands/spec.ts';

/** The exit statuses of every command (README §5 "Exit status" states the same table). */
export const EXIT = { ok: 0, rowErrors: 1, policyErrors: 2, usage: 64, internal: 70 } as const;

export const EXIT_TEXT = `exit status:
  0   ok
  1   some data rows could not be evaluated, or the data is unusable; a test failed; fmt --check
      found unformatted files; lint --deny-warnings found a warning
  2   a policy has errors (nothing is evaluated or written)
  64  usage: an unknown command or option, a missing value, a file that does not exist, an --out
      that names an input of the run
  70  internal error (please report it with the policy and data)
  74  an output could not be written (a full disk, /dev/full); nothing half-written is left`;

/** Set by the build (scripts/build.mjs `define`): a bundle may run where no package.json is (the VS Code extension). */
declare const __KPL_VERSION__: string | undefined;

/** The package's version: the build's, else (running from src/) package.json's, two folders up. */
export function version(): string {
  if (typeof __KPL_VERSION__ === 'string') return __KPL_VERSION__;
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return `usage: kpl <command> [options]

${Object.entries(COMMANDS)
  .map(([name, c]) => `  kpl ${name.padEnd(width)}  ${c.summary}`)
  .join('\n')}

  kpl help COMMAND, kpl COMMAND --help   that command's usage and options
  kpl --version, kpl -V                  the version

  POLICY is a .kpl file or a compiled plan .json; - reads it from standard input.
  Options may be written --name value or --name=value.

${EXIT_TEXT}`;
}

function optionLines(options: Options): string[] {
  const rows = Object.entries(options).map(([name, o]) => [`${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.arg ?? 'VALUE'}` : ''}`, o.help + (o.multiple ? ' (repeatable)' : '')] as const);
  const width = Math.max(...rows.map(([l]) => l.length));
  return rows.map(([l, h]) => `  ${l.padEnd(width)}  ${h}`);
}

export function commandHelp(name: string, c: CommandSpec = COMMANDS[name]!): string {
  return [`usage: kpl ${name} ${c.usage}`, '', `${c.summary}.`, '', 'options:', ...optionLines({ ...c.options, ...GLOBAL_OPTIONS }), ...(c.notes?.length ? ['', ...c.notes] : [])].join('\n');
}

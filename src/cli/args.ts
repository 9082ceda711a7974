/**
 * Command-line arguments, read by `node:util` parseArgs against each command's declared options
 * (src/cli/commands/spec.ts): `--name value`, `--name=value`, repeated `--data NAME=FILE`, `--` to
 * end the options. An option the command does not declare, a missing value, or a value given to
 * a switch is a usage error (exit 64) that names it and suggests the closest known option.
 */
import { parseArgs as parseNodeArgs } from 'node:util';
import { UsageError } from './usage-error.ts';
import { envLang } from './lang.ts';
import { suggest } from '../node.ts';
import { GLOBAL_OPTIONS, type Options } from './commands/spec.ts';

export interface Args {
  readonly positionals: string[];
  /** Every option given, by its long name; a switch has the value `true`. */
  readonly flags: Map<string, string[]>;
}

export type { OptionSpec, Options } from './commands/spec.ts';

export function parseArgs(argv: readonly string[], options: Options = {}): Args {
  const all: Options = { ...GLOBAL_OPTIONS, ...options };
  const { tokens } = parseNodeArgs({
    args: [...argv],
    options: Object.fromEntries(Object.entries(all).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}), multiple: true }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  let numberAt = -1;
  for (const t of tokens) {
    if (t.kind === 'positional') positionals.push(t.value);
    if (t.kind !== 'option') continue;
    // A negative number (`kpl explain … -5`, an id) is an argument, not a group of short options.
    if (/^-\d/.test(argv[t.index]!)) {
      if (t.index !== numberAt) positionals.push(argv[t.index]!);
      numberAt = t.index;
      continue;
    }
    const spec = all[t.name];
    if (!spec) throw new UsageError(`unknown option ${t.rawName}${hint(t.rawName, all)}`);
    let value: string;
    if (spec.type === 'boolean') {
      if (t.value !== undefined) throw new UsageError(`${t.rawName} takes no value (got \`${t.value}\`)`);
      value = 'true';
    } else {
      // `--out --format csv`: the option's value is missing, not `--format`.
      if (t.value === undefined || (!t.inlineValue && t.value.startsWith('--'))) throw new UsageError(`${t.rawName} needs a value${spec.arg ? ` (${spec.arg})` : ''}`);
      value = t.value;
      if (spec.values && !spec.values.includes(value)) {
        const s = suggest(value, spec.values);
        throw new UsageError(`${t.rawName} must be one of ${spec.values.join(', ')}, not \`${value}\`${s ? ` — did you mean ${s}?` : ''}`);
      }
    }
    // A repeatable option keeps every value; another keeps the last one given.
    flags.set(t.name, [...(spec.multiple ? (flags.get(t.name) ?? []) : []), value]);
  }
  return { positionals, flags };
}

function hint(raw: string, options: Options): string {
  const names = Object.keys(options);
  const word = raw.replace(/^-+/, '');
  // A typo (`--fromat`), else an option the word starts with (`--out-file` → `--out`).
  const c = suggest(word, names) ?? names.filter((n) => word.startsWith(n)).sort((a, b) => b.length - a.length)[0];
  return c ? ` — did you mean --${c}?` : ` (options: ${names.map((n) => `--${n}`).join(', ')})`;
}

export function flag(args: Args, name: string): string | undefined {
  const v = args.flags.get(name);
  return v ? v[v.length - 1] : undefined;
}

export function yes(args: Args, name: string): boolean {
  return flag(args, name) === 'true';
}

export function oneOf<T extends string>(args: Args, name: string, values: readonly T[], dflt: T): T {
  const v = flag(args, name) ?? dflt;
  if (!(values as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${values.join(', ')}, not \`${v}\``);
  return v as T;
}

/** `--lang en|zh`, defaulting to the system locale. */
export function langOf(args: Args): 'en' | 'zh' {
  return oneOf(args, 'lang', ['en', 'zh'], envLang());
}

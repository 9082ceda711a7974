/** Command-line arguments: positionals, `--flag value`, repeated `--data NAME=FILE`. */
import { UsageError } from './usage-error.ts';

export interface Args {
  readonly positionals: string[];
  readonly flags: Map<string, string[]>;
}

const BOOLEAN_FLAGS = new Set(['check', 'help', 'coverage', 'no-color', 'ranges', 'deny-warnings', 'quiet', 'stdout', 'bom']);

export function parseArgs(argv: readonly string[]): Args {
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      let value: string;
      if (eq > 0) value = a.slice(eq + 1);
      else if (BOOLEAN_FLAGS.has(name)) value = 'true';
      else {
        const next = argv[i + 1];
        if (next === undefined) throw new UsageError(`--${name} needs a value`);
        value = next;
        i++;
      }
      flags.set(name, [...(flags.get(name) ?? []), value]);
    } else if (a === '-h') flags.set('help', ['true']);
    else positionals.push(a);
  }
  return { positionals, flags };
}

export function flag(args: Args, name: string): string | undefined {
  const v = args.flags.get(name);
  return v ? v[v.length - 1] : undefined;
}

export function oneOf<T extends string>(args: Args, name: string, values: readonly T[], dflt: T): T {
  const v = flag(args, name) ?? dflt;
  if (!(values as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${values.join(', ')}, not \`${v}\``);
  return v as T;
}

/** Runs the `kpl` command in-process, capturing what it writes (no test framework needed). */
import { main } from '../../../src/cli/main.ts';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export function runKpl(...argv: string[]): CliRun {
  let out = '';
  let err = '';
  const o = process.stdout.write;
  const e = process.stderr.write;
  process.stdout.write = ((s: string | Uint8Array) => ((out += typeof s === 'string' ? s : Buffer.from(s).toString('utf8')), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => ((err += typeof s === 'string' ? s : Buffer.from(s).toString('utf8')), true)) as typeof process.stderr.write;
  try {
    return { code: main(argv), out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

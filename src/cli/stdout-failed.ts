/** Standard output failed (not EPIPE: a full disk, `> /dev/full`): KPL5006 and exit status 74 (run.ts loads this only then). */
import { EXIT_OUTPUT, writeFailed } from './output.ts';
import { renderDiagnostic } from '../node.ts';

export function stdoutFailed(e: unknown): never {
  process.stderr.write(renderDiagnostic(writeFailed('standard output', e).diagnostic, new Map(), 'en') + '\n');
  process.exit(EXIT_OUTPUT);
}

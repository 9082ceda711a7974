/** Standard output failed (not EPIPE: a full disk, `> /dev/full`): KPL5006 and exit status 74 (run.ts loads this only then). */
import { EXIT_OUTPUT, writeFailed } from './output.ts';
import { phrase, renderDiagnostic } from '../node.ts';
import { argvLang } from './lang.ts';

export function stdoutFailed(e: unknown): never {
  process.stderr.write(renderDiagnostic(writeFailed(phrase('standardOutput'), e).diagnostic, new Map(), argvLang(process.argv.slice(2))) + '\n');
  process.exit(EXIT_OUTPUT);
}

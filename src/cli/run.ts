/** Process entry of the `kpl` command (bin/kpl.mjs loads this file). */
import { main } from './main.ts';
import { writeFailed } from './output.ts';
import { renderDiagnostic } from '../node.ts';

// Standard output is checked too (README 5, "Outputs"): a reader that stops early (`kpl eval … |
// head -1`, EPIPE) ends the run quietly; any other failure (a full disk, `> /dev/full`) is
// KPL5006 and exit status 74, never a lost result with exit 0 or a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(renderDiagnostic(writeFailed('standard output', e).diagnostic, new Map(), 'en') + '\n');
  process.exit(74);
});

process.exitCode = main(process.argv.slice(2));

/**
 * `kpl lsp --stdio`: the KPL language server for any LSP editor (VS Code: editors/vscode/). It
 * speaks the Language Server Protocol on stdin/stdout until the client asks it to exit.
 */
import { UsageError } from '../usage-error.ts';

/** Takes the raw arguments: `--stdio` is the only transport (and the default). */
export function lspCommand(argv: readonly string[]): number {
  const unknown = argv.filter((a) => a !== '--stdio' && !a.startsWith('--clientProcessId'));
  if (unknown.length) throw new UsageError(`kpl lsp --stdio (unknown argument \`${unknown[0]}\`)`);
  // Loaded on demand: the other commands do not pay for the LSP libraries at start-up.
  void import('../../lsp/stdio.ts').then((m) => m.runStdioServer());
  return 0;
}

/**
 * `kpl lsp --stdio`: the KPL language server for any LSP editor (VS Code: editors/vscode/). It
 * speaks the Language Server Protocol on stdin/stdout until the client asks it to exit.
 */
import type { Args } from '../args.ts';

/** `--stdio` is the only transport (and the default); `--clientProcessId=N`, which editors pass, is accepted. */
export function lspCommand(_args: Args): number {
  // Loaded on demand: the other commands do not pay for the LSP libraries at start-up.
  void import('../../lsp/stdio.ts').then((m) => m.runStdioServer());
  return 0;
}

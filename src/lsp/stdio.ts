/** The language server on stdin/stdout (`kpl lsp --stdio`). */
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer } from './server.ts';

export function runStdioServer(): void {
  // Explicit streams: nothing else may write to stdout, which carries the protocol.
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  console.log = console.info = (...a: unknown[]) => connection.console.log(a.map(String).join(' '));
  startServer(connection);
}

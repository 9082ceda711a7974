/**
 * A Language Server Protocol client for tests: spawns `kpl lsp --stdio` (the TypeScript sources
 * through tsx, as `npm run kpl` does) and speaks JSON-RPC to it over its stdin/stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

const root = join(import.meta.dirname, '..', '..', '..');

export interface LspClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  /** The latest diagnostics published for a URI. */
  readonly diagnostics: Map<string, PublishDiagnosticsParams>;
  /** Resolves with the next diagnostics published for `uri` that satisfy `test`. */
  waitForDiagnostics(uri: string, test?: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
  /** Server → client notifications of a method, in order. */
  readonly notifications: { method: string; params: unknown }[];
  close(): Promise<void>;
}

export const fileUri = (path: string): string => pathToFileURL(path).href;

export function startLsp(): LspClient {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/run.ts'), 'lsp', '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  const waiters: { uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const notifications: { method: string; params: unknown }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    diagnostics.set(p.uri, p);
    for (const w of [...waiters]) if (w.uri === p.uri && w.test(p)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(p));
  });
  connection.onNotification((method: string, params: unknown) => {
    notifications.push({ method, params });
  });
  connection.onRequest(() => null);
  connection.listen();
  return {
    connection,
    process: child,
    diagnostics,
    notifications,
    waitForDiagnostics: (uri, test = () => true) =>
      new Promise((resolve, reject) => {
        const have = diagnostics.get(uri);
        if (have && test(have)) return resolve(have);
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} in time; stderr: ${stderr}`)), 20000);
        waiters.push({ uri, test, resolve: (p) => (clearTimeout(timer), resolve(p)) });
      }),
    close: async () => {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        /* already gone */
      }
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const t = setTimeout(() => (child.kill(), resolve()), 3000);
        child.on('exit', () => (clearTimeout(t), resolve()));
      });
      connection.dispose();
    },
  };
}

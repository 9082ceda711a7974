/**
 * The KPL extension for VS Code: starts the language server (`kpl lsp --stdio`) with
 * vscode-languageclient and adds three commands that run the `kpl` command line:
 *
 *   KPL: Evaluate on data…          `kpl eval POLICY --data FILE…` into the KPL output panel
 *   KPL: Explain person…            `kpl explain … PERSON --format markdown`, shown as a preview
 *   KPL: Show change against HEAD   `kpl diff HEAD:PATH PATH --format markdown` (with the data, when chosen)
 *
 * The `kpl` run is the one bundled in the extension (dist/kpl.mjs, built from src/cli by
 * scripts/build-vscode.mjs), or the command set in `kpl.path` (e.g. a project's node_modules/.bin/kpl).
 */
import { execFile } from 'node:child_process';
import { basename, dirname, join, relative } from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;

/** The language of the texts: `kpl.lang`, else VS Code's display language. */
function lang(): 'zh' | 'en' {
  const set = vscode.workspace.getConfiguration('kpl').get<string>('lang');
  const l = set || vscode.env.language;
  return l.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** How to run `kpl`: the configured command, or the bundled one on VS Code's own Node. */
function kplCommand(context: vscode.ExtensionContext): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  const configured = vscode.workspace.getConfiguration('kpl').get<string>('path');
  if (configured) return { command: configured, args: [], env: process.env };
  return { command: process.execPath, args: [context.asAbsolutePath(join('dist', 'kpl.mjs'))], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } };
}

function runKpl(context: vscode.ExtensionContext, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const k = kplCommand(context);
  return new Promise((resolve) => {
    execFile(k.command, [...k.args, ...args, '--lang', lang()], { cwd, env: k.env, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err && typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : err ? 70 : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

function startClient(context: vscode.ExtensionContext): void {
  const configured = vscode.workspace.getConfiguration('kpl').get<string>('path');
  const serverOptions: ServerOptions = configured
    ? { command: configured, args: ['lsp', '--stdio'] }
    : { module: context.asAbsolutePath(join('dist', 'kpl.mjs')), args: ['lsp'], transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'kpl' },
      { scheme: 'file', language: 'kpltest' },
      { scheme: 'untitled', language: 'kpl' },
    ],
    initializationOptions: { lang: lang() },
    // Imported policies and tested policies changed outside the editor: the server checks again.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{kpl,kpltest}') },
    outputChannel: output,
  };
  client = new LanguageClient('kpl', 'KPL', serverOptions, clientOptions);
  void client.start();
}

/** The active KPL policy, saved (the command line reads the file). */
async function activePolicy(): Promise<vscode.TextDocument | undefined> {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || doc.languageId !== 'kpl' || doc.isUntitled) {
    void vscode.window.showWarningMessage(lang() === 'zh' ? '请先打开一个已保存的 .kpl 方案文件' : 'Open a saved .kpl policy first');
    return undefined;
  }
  if (doc.isDirty) await doc.save();
  return doc;
}

/** The data files of a policy: chosen once, remembered per policy. */
async function dataFiles(context: vscode.ExtensionContext, policy: vscode.TextDocument, ask: boolean): Promise<string[] | undefined> {
  const key = `kpl.data:${policy.uri.toString()}`;
  const known = context.workspaceState.get<string[]>(key);
  if (known?.length && !ask) return known;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: true,
    defaultUri: vscode.Uri.file(dirname(policy.uri.fsPath)),
    filters: { [lang() === 'zh' ? '数据' : 'Data']: ['csv', 'json', 'xlsx'] },
    openLabel: lang() === 'zh' ? '用这些数据' : 'Use this data',
  });
  if (!picked?.length) return undefined;
  const files = picked.map((u) => u.fsPath);
  await context.workspaceState.update(key, files);
  return files;
}

/** `--data TABLE=FILE` for each file, the table named like the file (`teams.csv` → teams). */
function dataArgs(files: readonly string[]): string[] {
  return files.flatMap((f) => ['--data', `${basename(f).replace(/\.[^.]+$/, '')}=${f}`]);
}

async function showMarkdown(text: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: text });
  await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
}

function report(r: { code: number; stdout: string; stderr: string }, title: string): void {
  output.appendLine(`── ${title}`);
  if (r.stderr) output.append(r.stderr);
  if (r.code !== 0 && r.code !== 1) {
    output.show(true);
    void vscode.window.showErrorMessage(`${title}: ${r.stderr.split('\n')[0] || `exit ${r.code}`}`);
  }
}

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel('KPL', { log: true });
  startClient(context);

  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('kpl.evaluate', async () => {
      const policy = await activePolicy();
      if (!policy) return;
      const files = await dataFiles(context, policy, true);
      if (!files) return;
      const r = await runKpl(context, ['eval', policy.uri.fsPath, ...dataArgs(files), '--format', 'table'], dirname(policy.uri.fsPath));
      report(r, `kpl eval ${basename(policy.uri.fsPath)}`);
      output.append(r.stdout);
      output.show(true);
    }),
    vscode.commands.registerCommand('kpl.explain', async () => {
      const policy = await activePolicy();
      if (!policy) return;
      const files = await dataFiles(context, policy, false);
      if (!files) return;
      const id = await vscode.window.showInputBox({ prompt: lang() === 'zh' ? '被考核人的主键（如工号）' : 'The person’s key (e.g. staff id)' });
      if (!id) return;
      const r = await runKpl(context, ['explain', policy.uri.fsPath, ...dataArgs(files), id, '--format', 'markdown'], dirname(policy.uri.fsPath));
      report(r, `kpl explain ${id}`);
      if (r.stdout) await showMarkdown(r.stdout);
    }),
    vscode.commands.registerCommand('kpl.diffHead', async () => {
      const policy = await activePolicy();
      if (!policy) return;
      const dir = dirname(policy.uri.fsPath);
      const top = await new Promise<string | undefined>((resolve) => execFile('git', ['rev-parse', '--show-toplevel'], { cwd: dir }, (err, out) => resolve(err ? undefined : String(out).trim())));
      if (!top) {
        void vscode.window.showWarningMessage(lang() === 'zh' ? '该文件不在 git 仓库中' : 'This file is not in a git repository');
        return;
      }
      const rel = relative(top, policy.uri.fsPath).split('\\').join('/');
      const files = context.workspaceState.get<string[]>(`kpl.data:${policy.uri.toString()}`) ?? [];
      const r = await runKpl(context, ['diff', `HEAD:${rel}`, policy.uri.fsPath, ...dataArgs(files), '--format', 'markdown'], top);
      report(r, `kpl diff HEAD:${rel}`);
      if (r.stdout) await showMarkdown(r.stdout);
    }),
    vscode.commands.registerCommand('kpl.restartServer', async () => {
      await client?.stop();
      startClient(context);
    }),
  );
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}

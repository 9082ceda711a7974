/**
 * `kpl lsp --stdio` at the protocol level: a JSON-RPC client spawns the server and speaks LSP to it
 * over stdio (initialize, open, change, completion, hover, definition, references, rename across
 * an import, outline, formatting, semantic tokens, quick fix, `.kpltest` diagnostics).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeAction, CompletionItem, DocumentSymbol, Hover, InitializeResult, Location, SemanticTokens, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { fileUri, startLsp, type LspClient } from './lsp-client.ts';

const COMMON = `# shared grades
scale 五级 {
  A "优秀" >= 90
  B >= 75
  C otherwise
}
`;
const MAIN = `policy "p" version "1"
import "common.kpl"

input staff key id {
  id: text
  sales: number in [0, 100] "销售"
}

indicator 业绩 weight 100% {
  indicator 销售 weight 60% = salse
  indicator 拜访 weight 40% = clamp(sales, 0, 100)
}
grade by 五级
`;
const TESTS = `case 边界
| id | sales || total | grade |
| E1 | 95    || 95    | A     |
| E2 | 80    || 81    | B     |
`;

let dir: string;
let lsp: LspClient;
let init: InitializeResult;
let mainUri: string;
let commonUri: string;
let version = 1;

/** The position of the `n`-th occurrence of `needle` in `text` (0-based line and character). */
function pos(text: string, needle: string, n = 0, delta = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`no ${needle}`);
  at += delta;
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  return { line, character: at - (before.lastIndexOf('\n') + 1) };
}

const open = (uri: string, text: string, languageId = 'kpl') => lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: version++, text } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kpl-lsp-'));
  writeFileSync(join(dir, 'common.kpl'), COMMON);
  writeFileSync(join(dir, 'main.kpl'), MAIN);
  writeFileSync(join(dir, 'main.kpltest'), TESTS);
  mainUri = fileUri(join(dir, 'main.kpl'));
  commonUri = fileUri(join(dir, 'common.kpl'));
  lsp = startLsp();
  init = await lsp.connection.sendRequest('initialize', { processId: process.pid, rootUri: fileUri(dir), workspaceFolders: [{ uri: fileUri(dir), name: 'w' }], capabilities: {}, locale: 'en' });
  await lsp.connection.sendNotification('initialized', {});
}, 30000);

afterAll(async () => {
  await lsp?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kpl lsp --stdio', () => {
  it('announces its capabilities', () => {
    const c = init.capabilities;
    expect(c.completionProvider?.triggerCharacters).toContain('.');
    expect(c.hoverProvider).toBe(true);
    expect(c.definitionProvider).toBe(true);
    expect(c.referencesProvider).toBe(true);
    expect(c.renameProvider).toEqual({ prepareProvider: true });
    expect(c.documentSymbolProvider).toBe(true);
    expect(c.documentFormattingProvider).toBe(true);
    expect(c.codeActionProvider).toBeTruthy();
    expect(c.semanticTokensProvider?.legend.tokenTypes).toContain('keyword');
    expect(init.serverInfo?.name).toBe('kpl');
  });

  it('publishes the KPL diagnostics of a policy with a mistake, and clears them after the fix', async () => {
    await open(mainUri, MAIN);
    const d = await lsp.waitForDiagnostics(mainUri, (p) => p.diagnostics.length > 0);
    expect(d.diagnostics).toHaveLength(1);
    const [e] = d.diagnostics;
    expect(e!.code).toBe('KPL2001');
    expect(e!.source).toBe('kpl');
    expect(e!.severity).toBe(1);
    expect(e!.message).toContain('unknown name `salse`');
    expect(e!.range.start).toEqual(pos(MAIN, 'salse'));
    expect(e!.range.end).toEqual(pos(MAIN, 'salse', 0, 5));

    // The quick fix of "did you mean".
    const actions: CodeAction[] = await lsp.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: mainUri }, range: e!.range, context: { diagnostics: [e] } });
    expect(actions[0]!.title).toBe('Change to `sales`');
    expect(actions[0]!.edit!.changes![mainUri]).toEqual([{ range: e!.range, newText: 'sales' }]);

    await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri: mainUri, version: version++ }, contentChanges: [{ range: e!.range, text: 'sales' }] });
    const fixed = await lsp.waitForDiagnostics(mainUri, (p) => p.diagnostics.length === 0);
    expect(fixed.diagnostics).toEqual([]);
  });

  it('completes columns, indicators and built-ins (documentation from the records)', async () => {
    const text = MAIN.replace('salse', 'sales');
    const items: CompletionItem[] = await lsp.connection.sendRequest('textDocument/completion', { textDocument: { uri: mainUri }, position: pos(text, 'clamp(sales', 0, 2) });
    const labels = items.map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['sales', '业绩', '销售', 'clamp', '限定', 'staff', 'A', 'indicator']));
    const clamp = items.find((i) => i.label === 'clamp')!;
    expect(clamp.insertTextFormat).toBe(2);
    expect(clamp.textEdit).toMatchObject({ newText: expect.stringContaining('clamp(') });
  });

  it('hovers an indicator with its effective weight and a built-in with its record', async () => {
    const text = MAIN.replace('salse', 'sales');
    const h: Hover = await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri: mainUri }, position: pos(text, '拜访', 0, 1) });
    expect((h.contents as { value: string }).value).toMatch(/effective weight in the total.*40%/);
    const b: Hover = await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri: mainUri }, position: pos(text, 'clamp', 0, 1) });
    expect((b.contents as { value: string }).value).toContain('clamp');
  });

  it('goes to a definition in the imported file', async () => {
    const text = MAIN.replace('salse', 'sales');
    const loc: Location = await lsp.connection.sendRequest('textDocument/definition', { textDocument: { uri: mainUri }, position: pos(text, '五级', 0, 1) });
    expect(loc.uri).toBe(commonUri);
    expect(loc.range.start).toEqual(pos(COMMON, '五级'));
  });

  it('finds references and renames across an import', async () => {
    const text = MAIN.replace('salse', 'sales');
    const refs: Location[] = await lsp.connection.sendRequest('textDocument/references', { textDocument: { uri: mainUri }, position: pos(text, '五级', 0, 1), context: { includeDeclaration: true } });
    expect(refs.map((r) => [r.uri, r.range.start])).toEqual(expect.arrayContaining([[commonUri, pos(COMMON, '五级')], [mainUri, pos(text, '五级')]]));
    expect(refs).toHaveLength(2);

    const prepared = await lsp.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri: mainUri }, position: pos(text, '五级') });
    expect(prepared).toMatchObject({ placeholder: '五级' });
    const edit: WorkspaceEdit = await lsp.connection.sendRequest('textDocument/rename', { textDocument: { uri: mainUri }, position: pos(text, '五级'), newName: '标准等级' });
    expect(Object.keys(edit.changes!).sort()).toEqual([commonUri, mainUri].sort());
    expect(edit.changes![commonUri]).toEqual([{ range: { start: pos(COMMON, '五级'), end: pos(COMMON, '五级', 0, 2) }, newText: '标准等级' }]);

    // A column: `sales` in the declaration and both rules, nothing else.
    const cols: Location[] = await lsp.connection.sendRequest('textDocument/references', { textDocument: { uri: mainUri }, position: pos(text, 'sales', 1), context: { includeDeclaration: true } });
    expect(cols.map((r) => r.range.start)).toEqual([pos(text, 'sales'), pos(text, 'sales', 1), pos(text, 'sales', 2)]);

    await expect(lsp.connection.sendRequest('textDocument/rename', { textDocument: { uri: mainUri }, position: pos(text, '五级'), newName: 'if' })).rejects.toThrow(/cannot be a name/);
  });

  it('checks the importing policy again when the imported file changes in the editor', async () => {
    await open(commonUri, COMMON);
    await lsp.waitForDiagnostics(commonUri);
    // The scale renamed in the open (unsaved) imported file: main.kpl's `grade by 五级` is unknown now.
    const renamed = COMMON.replace('五级', '六级');
    await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri: commonUri, version: version++ }, contentChanges: [{ text: renamed }] });
    const broken = await lsp.waitForDiagnostics(mainUri, (p) => p.diagnostics.some((d) => d.code === 'KPL2001'));
    const d = broken.diagnostics.find((x) => x.code === 'KPL2001')!;
    expect(d.message).toContain('五级');
    expect(d.range.start).toEqual(pos(MAIN, '五级'));
    await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri: commonUri, version: version++ }, contentChanges: [{ text: COMMON }] });
    await lsp.waitForDiagnostics(mainUri, (p) => p.diagnostics.length === 0);
  });

  it('outlines the indicator tree, formats with kpl fmt and colours with semantic tokens', async () => {
    const symbols: DocumentSymbol[] = await lsp.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: mainUri } });
    const top = symbols.find((s) => s.name === '业绩')!;
    expect(top.children!.map((c) => c.name)).toEqual(['销售', '拜访']);
    expect(symbols.find((s) => s.name === 'staff')!.children!.map((c) => c.name)).toEqual(['id', 'sales']);

    const messy = 'input staff key id { id: text; x: number in [0,100] }\nindicator  a  weight 100%=x\n';
    const uri = fileUri(join(dir, 'messy.kpl'));
    await open(uri, messy);
    const edits: TextEdit[] = await lsp.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    expect(edits).toHaveLength(1);
    expect(edits[0]!.newText).toContain('indicator a weight 100% = x');

    const tokens: SemanticTokens = await lsp.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri: mainUri } });
    expect(tokens.data.length % 5).toBe(0);
    expect(tokens.data.length / 5).toBeGreaterThan(20);
    // The first token is the keyword `policy` at 0:0.
    expect(tokens.data.slice(0, 4)).toEqual([0, 0, 6, 0]);
  });

  it('reports a failing row of a .kpltest file and runs a case from its code lens', async () => {
    const uri = fileUri(join(dir, 'main.kpltest'));
    await open(uri, TESTS, 'kpltest');
    const d = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    expect(d.diagnostics).toHaveLength(1);
    expect(d.diagnostics[0]!.message).toMatch(/total expected 81, got 80/);
    expect(d.diagnostics[0]!.range.start.line).toBe(3);
    const lenses: { command: { command: string; arguments: unknown[] } }[] = await lsp.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    expect(lenses).toHaveLength(1);
    const r = await lsp.connection.sendRequest('workspace/executeCommand', lenses[0]!.command);
    expect(r).toEqual({ passed: false, rows: 2, failed: 1 });
  });
});

describe('kpl lsp --stdio for a Chinese client', () => {
  it('says the message, the help line and the notes in Chinese; the quick fix still works', async () => {
    const zhDir = mkdtempSync(join(tmpdir(), 'kpl-lsp-zh-'));
    const zh = startLsp();
    try {
      await zh.connection.sendRequest('initialize', { processId: process.pid, rootUri: fileUri(zhDir), capabilities: {}, locale: 'en', initializationOptions: { lang: 'zh-CN' } });
      await zh.connection.sendNotification('initialized', {});
      const uri = fileUri(join(zhDir, 'p.kpl'));
      const text = MAIN.replace('import "common.kpl"\n', '').replace('grade by 五级', COMMON.replace('# shared grades\n', '') + 'grade by 五级') + 'let x = 1\nlet x = 2\nreward = ¥2000\n';
      await zh.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'kpl', version: 1, text } });
      const d = await zh.waitForDiagnostics(uri, (p) => p.diagnostics.length > 1);
      const typo = d.diagnostics.find((x) => x.code === 'KPL2001')!;
      expect(typo.message).toContain('提示: 是不是想写 `sales`？');
      expect(typo.message).not.toMatch(/did you mean|help:/);
      const twice = d.diagnostics.find((x) => x.relatedInformation?.length)!;
      expect(twice.relatedInformation![0]!.message).toBe('首次定义在此');
      const actions: CodeAction[] = await zh.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: typo.range, context: { diagnostics: [typo] } });
      expect(actions[0]!.title).toBe('改为 `sales`');
      // A money literal is hovered as one, from its record, in Chinese.
      const hover: Hover = await zh.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: pos(text, '¥2000', 0, 2) });
      expect(JSON.stringify(hover.contents)).toContain('金额除以金额得到比值');
      expect(hover.range).toEqual({ start: pos(text, '¥2000'), end: pos(text, '¥2000', 0, 5) });
    } finally {
      await zh.close();
      rmSync(zhDir, { recursive: true, force: true });
    }
  }, 30000);
});

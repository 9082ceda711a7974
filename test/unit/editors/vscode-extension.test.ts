/**
 * The VS Code extension (editors/vscode): its grammar and language configuration are generated
 * from the lexer's tokens and committed current; its manifest declares what the extension code
 * registers; and `npm run vsix` builds a .vsix (no network) whose bundled `kpl lsp` answers.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { spawn } from 'node:child_process';
import { KEYWORDS } from '../../../src/index.ts';
import { kpltestGrammar, kpltestGrammarText, textmateGrammar, textmateGrammarText, vscodeLanguageConfigurationText } from '../../../src/editor/highlight.ts';

const root = process.cwd();
const ext = join(root, 'editors', 'vscode');
const read = (p: string) => readFileSync(join(ext, p), 'utf8');
const manifest = JSON.parse(read('package.json')) as {
  main: string;
  engines: { vscode: string };
  contributes: { languages: { id: string; extensions: string[]; configuration: string }[]; grammars: { language: string; path: string; scopeName: string }[]; commands: { command: string; title: string }[] };
};

describe('editors/vscode generated files', () => {
  it('the TextMate grammar and the language configuration are current (npm run grammar)', () => {
    expect(read('syntaxes/kpl.tmLanguage.json'), 'run npm run grammar').toBe(textmateGrammarText());
    expect(read('language-configuration.json'), 'run npm run grammar').toBe(vscodeLanguageConfigurationText());
    expect(read('syntaxes/kpltest.tmLanguage.json'), 'run npm run grammar').toBe(kpltestGrammarText());
  });

  it('the .kpltest grammar knows the test keywords, bars and comments', () => {
    const patterns = (kpltestGrammar()['patterns'] as { name: string; match: string }[]).map((p) => ({ name: p.name, re: new RegExp(p.match, 'mu') }));
    const scopes = (line: string) => patterns.filter((p) => p.re.test(line)).map((p) => p.name);
    expect(scopes('用例 边界')).toContain('keyword.control.kpltest');
    expect(scopes('case 边界')).toContain('keyword.control.kpltest');
    expect(scopes('caseload')).not.toContain('keyword.control.kpltest');
    expect(scopes('| id || total |')).toEqual(expect.arrayContaining(['keyword.operator.expectations.kpltest', 'punctuation.separator.table.kpltest']));
    expect(scopes('| E1 | 95 || 95 |  # 边界')).toContain('comment.line.kpl');
  });

  it('the grammar matches every keyword spelling as a whole word, and full-width brackets', () => {
    const patterns = (textmateGrammar()['patterns'] as { name: string; match: string }[]).map((p) => ({ name: p.name, re: new RegExp(p.match.replace(/\\x\{([0-9A-F]{4})\}/gi, '\\u$1'), 'u') }));
    const scopeOf = (word: string) => {
      let best: { at: number; name: string } | undefined;
      for (const p of patterns) {
        const m = p.re.exec(word);
        if (m && (!best || m.index < best.at)) best = { at: m.index, name: p.name };
      }
      return best?.name;
    };
    for (const form of Object.values(KEYWORDS).flat()) expect(scopeOf(form), form).toBe('keyword.control.kpl');
    expect(scopeOf('指标体系')).toBe('variable.other.kpl');
    expect(scopeOf('clamp(')).toBe('support.function.kpl');
    expect(scopeOf('30％')).toBe('constant.numeric.percent.kpl');
    expect(scopeOf('【')).toBe('punctuation.section.brackets.kpl');
    const config = JSON.parse(read('language-configuration.json')) as { brackets: string[][]; autoClosingPairs: { open: string }[] };
    expect(config.brackets).toEqual(expect.arrayContaining([['（', '）'], ['【', '】'], ['｛', '｝']]));
    expect(config.autoClosingPairs.map((p) => p.open)).toContain('“');
  });
});

describe('editors/vscode manifest', () => {
  it('declares the languages, the grammar and the commands the extension registers', () => {
    expect(manifest.main).toBe('./dist/extension.cjs');
    expect(manifest.contributes.languages.map((l) => [l.id, l.extensions])).toEqual([
      ['kpl', ['.kpl']],
      ['kpltest', ['.kpltest']],
    ]);
    for (const l of manifest.contributes.languages) expect(existsSync(join(ext, l.configuration)), l.configuration).toBe(true);
    expect(manifest.contributes.grammars).toEqual([
      { language: 'kpl', scopeName: 'source.kpl', path: './syntaxes/kpl.tmLanguage.json' },
      { language: 'kpltest', scopeName: 'source.kpltest', path: './syntaxes/kpltest.tmLanguage.json' },
    ]);
    for (const g of manifest.contributes.grammars) expect(existsSync(join(ext, g.path)), g.path).toBe(true);
    const source = read('src/extension.ts');
    const registered = [...source.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
    expect(manifest.contributes.commands.map((c) => c.command).sort()).toEqual(registered);
    expect(manifest.contributes.commands.map((c) => c.title)).toEqual(expect.arrayContaining(['Evaluate on data…', 'Explain person…', 'Show change against HEAD']));
    // vsce refuses a manifest whose engine is older than the @types/vscode it was built with.
    const types = (JSON.parse(readFileSync(join(root, 'node_modules', '@types', 'vscode', 'package.json'), 'utf8')) as { version: string }).version;
    const [tMaj, tMin] = types.split('.').map(Number);
    const [eMaj, eMin] = manifest.engines.vscode.replace(/^\^/, '').split('.').map(Number);
    expect(eMaj! > tMaj! || (eMaj === tMaj && eMin! >= tMin!), `engines.vscode ${manifest.engines.vscode} < @types/vscode ${types}`).toBe(true);
  });
});

describe('npm run vsix', () => {
  it('builds a .vsix whose bundled kpl lsp answers initialize', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpl-vsix-test-'));
    try {
      const vsix = join(dir, 'kpl.vsix');
      execFileSync(process.execPath, [join(root, 'scripts', 'build-vscode.mjs'), '--out', vsix], { cwd: root, stdio: 'pipe' });
      const list = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
      expect(list).toEqual(
        expect.arrayContaining(['extension.vsixmanifest', 'extension/package.json', 'extension/dist/extension.cjs', 'extension/dist/kpl.mjs', 'extension/dist/csv-worker.mjs', 'extension/syntaxes/kpl.tmLanguage.json', 'extension/syntaxes/kpltest.tmLanguage.json', 'extension/language-configuration.json']),
      );
      expect(list.filter((f) => f.includes('/src/') || f.endsWith('.map') || f.includes('node_modules'))).toEqual([]);
      const xml = execFileSync('unzip', ['-p', vsix, 'extension.vsixmanifest'], { encoding: 'utf8' });
      expect(xml).toContain('Id="kpl"');
      expect(xml).toContain('Version="0.1.0"');

      execFileSync('unzip', ['-q', vsix, '-d', join(dir, 'x')]);
      // The bundle's version is built in: the extension has no kpl package.json two folders up.
      const pkgVersion = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
      expect(execFileSync(process.execPath, [join(dir, 'x', 'extension', 'dist', 'kpl.mjs'), '--version'], { encoding: 'utf8' }).trim()).toBe(`kpl ${pkgVersion}`);
      const child = spawn(process.execPath, [join(dir, 'x', 'extension', 'dist', 'kpl.mjs'), 'lsp', '--stdio', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
      const c = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
      c.listen();
      const init = (await c.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as { capabilities: { renameProvider?: unknown } };
      expect(init.capabilities.renameProvider).toBeTruthy();
      await c.sendRequest('shutdown');
      await c.sendNotification('exit');
      await new Promise((r) => child.on('exit', r));
      c.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

/**
 * The KPL language in Monaco: highlighting from the lexer's own token definitions (sent by the
 * worker, built from src/syntax/tokens.ts), completion, hover, go-to-definition and formatting,
 * all answered from the symbols of the latest analysis.
 */
import * as monaco from 'monaco-editor/editor';
import type { Analysis, BuiltinInfo, Diag, Formatted, Ready, Summary, Symbols } from './protocol.ts';
import { completionItems, definitionOf as definitionIn, hoverText as hoverIn, REFS, type CompletionKind } from '../../src/index.ts';
import { lang } from './i18n.ts';

export const LANGUAGE_ID = 'kpl';
export const MARKER_OWNER = 'kpl';
const IDENTIFIER_RULE = '@identifier';

export interface LanguageHost {
  symbols(): Symbols | undefined;
  summary(): Summary | undefined;
  format(source: string, version: number): Promise<Formatted>;
}

function identifierSource(ready: Ready): string {
  return ready.monarch.rules.find((r) => r[1] === IDENTIFIER_RULE)![0];
}

export function registerKpl(ready: Ready, host: LanguageHost): void {
  const idSource = identifierSource(ready);
  const builtinNames = ready.builtins.flatMap((b) => [b.name, ...b.aliases]);
  monaco.languages.register({ id: LANGUAGE_ID, extensions: ['.kpl'], aliases: ['KPL'] });
  monaco.languages.setLanguageConfiguration(LANGUAGE_ID, {
    comments: { lineComment: '#' },
    brackets: [
      ['{', '}'],
      ['(', ')'],
      ['[', ']'],
    ],
    autoClosingPairs: [
      { open: '{', close: '}' },
      { open: '(', close: ')' },
      { open: '[', close: ']' },
      { open: '"', close: '"', notIn: ['string', 'comment'] },
    ],
    surroundingPairs: [
      { open: '{', close: '}' },
      { open: '(', close: ')' },
      { open: '"', close: '"' },
    ],
    wordPattern: new RegExp(`(-?\\d+(?:\\.\\d+)?[%％]?)|(${idSource})`, 'g'),
    indentationRules: { increaseIndentPattern: /\{[^}]*$/, decreaseIndentPattern: /^\s*\}/ },
  });
  monaco.languages.setMonarchTokensProvider(LANGUAGE_ID, {
    defaultToken: 'invalid',
    keywords: ready.monarch.keywords,
    builtins: builtinNames,
    refs: [...REFS],
    tokenizer: {
      root: ready.monarch.rules.map(([re, cls]) =>
        cls === IDENTIFIER_RULE
          ? [new RegExp(re), { cases: { '@keywords': 'keyword', '@builtins': 'predefined', '@refs': 'variable.predefined', '@default': 'identifier' } }]
          : [new RegExp(re), cls],
      ),
    },
  } as monaco.languages.IMonarchLanguage);
  monaco.editor.defineTheme('kpl-light', {
    base: 'vs',
    inherit: true,
    rules: [
      { token: 'keyword', foreground: '7c3aed', fontStyle: 'bold' },
      { token: 'predefined', foreground: '0e7490' },
      { token: 'variable.predefined', foreground: 'b45309' },
      { token: 'number', foreground: '15803d' },
      { token: 'number.percent', foreground: '15803d', fontStyle: 'bold' },
      { token: 'string', foreground: 'b91c1c' },
      { token: 'comment', foreground: '6b7280', fontStyle: 'italic' },
      { token: 'operator', foreground: '1d4ed8' },
      { token: 'identifier', foreground: '111827' },
    ],
    colors: { 'editor.lineHighlightBackground': '#f5f7fb' },
  });

  const keywordForms = Object.values(ready.keywords).flat();

  monaco.languages.registerCompletionItemProvider(LANGUAGE_ID, {
    triggerCharacters: ['.'],
    provideCompletionItems(model, position) {
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      const before = model.getLineContent(position.lineNumber).slice(0, word.startColumn - 1);
      // The items are the editor services' (src/editor/services.ts), shared with `kpl lsp`.
      const entries = completionItems({ before, symbols: host.symbols(), builtins: ready.builtins, keywords: keywordForms, lang: lang() === 'zh' ? 'zh' : 'en', idSource });
      const items: monaco.languages.CompletionItem[] = entries.map((c) => ({
        label: c.label,
        kind: KIND[c.kind],
        detail: c.detail,
        sortText: c.sortText,
        insertText: c.insertText,
        range,
        ...(c.snippet ? { insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet } : {}),
        ...(c.documentation ? { documentation: c.documentation } : {}),
      }));
      return { suggestions: items };
    },
  });

  monaco.languages.registerHoverProvider(LANGUAGE_ID, {
    provideHover(model, position) {
      const w = model.getWordAtPosition(position);
      const sym = host.symbols();
      if (!w || !sym) return null;
      const range = new monaco.Range(position.lineNumber, w.startColumn, position.lineNumber, w.endColumn);
      const before = model.getLineContent(position.lineNumber).slice(0, w.startColumn - 1);
      const md = hoverText(w.word, before, sym, ready.builtins, host.summary());
      return md ? { range, contents: md.map((value) => ({ value, isTrusted: false, supportHtml: false })) } : null;
    },
  });

  monaco.languages.registerDefinitionProvider(LANGUAGE_ID, {
    provideDefinition(model, position) {
      const w = model.getWordAtPosition(position);
      const sym = host.symbols();
      if (!w || !sym) return null;
      const before = model.getLineContent(position.lineNumber).slice(0, w.startColumn - 1);
      const target = definitionOf(w.word, before, sym);
      if (!target) return null;
      const s = model.getPositionAt(target.start);
      const e = model.getPositionAt(target.end);
      return { uri: model.uri, range: new monaco.Range(s.lineNumber, s.column, e.lineNumber, e.column) };
    },
  });

  if (ready.formatAvailable) {
    monaco.languages.registerDocumentFormattingEditProvider(LANGUAGE_ID, {
      async provideDocumentFormattingEdits(model) {
        const version = model.getVersionId();
        const r = await host.format(model.getValue(), version);
        if (r.text === undefined || model.getVersionId() !== version || r.text === model.getValue()) return [];
        return [{ range: model.getFullModelRange(), text: r.text }];
      },
    });
  }
}

const KIND: Record<CompletionKind, monaco.languages.CompletionItemKind> = {
  field: monaco.languages.CompletionItemKind.Field,
  struct: monaco.languages.CompletionItemKind.Struct,
  variable: monaco.languages.CompletionItemKind.Variable,
  'enum-member': monaco.languages.CompletionItemKind.EnumMember,
  constant: monaco.languages.CompletionItemKind.Constant,
  function: monaco.languages.CompletionItemKind.Function,
  keyword: monaco.languages.CompletionItemKind.Keyword,
  snippet: monaco.languages.CompletionItemKind.Snippet,
};

/** Hover in the page's language, with how many people have a grade now (src/editor/services.ts). */
export function hoverText(word: string, before: string, sym: Symbols, builtins: BuiltinInfo[], summary?: Summary): string[] | null {
  return hoverIn(word, before, sym, builtins, lang() === 'zh' ? 'zh' : 'en', summary ? (g) => summary.people.filter((p) => p.status === 'ok' && p.grade === g).length : undefined);
}

export const definitionOf = definitionIn;

/** Diagnostics → Monaco markers (offsets are UTF-16, as Monaco's). */
export function setMarkers(model: monaco.editor.ITextModel, analysis: Analysis): void {
  const sev = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info };
  const markers = analysis.diagnostics.filter((d) => !d.data).map((d): monaco.editor.IMarkerData => {
    const start = d.start ?? 0;
    const end = Math.max(d.end ?? start, start + 1);
    const s = model.getPositionAt(start);
    let e = model.getPositionAt(Math.min(end, model.getValueLength()));
    if (e.lineNumber === s.lineNumber && e.column <= s.column) e = new monaco.Position(s.lineNumber, s.column + 1);
    return { severity: sev[d.severity], message: diagMessage(d), code: d.code, source: 'kpl', startLineNumber: s.lineNumber, startColumn: s.column, endLineNumber: e.lineNumber, endColumn: e.column };
  });
  monaco.editor.setModelMarkers(model, MARKER_OWNER, markers);
}

export function diagMessage(d: Diag): string {
  const zh = lang() === 'zh';
  const help = d.help && zh ? zhHelp(d.help) : d.help;
  return help ? `${zh ? d.zh : d.en}\n${zh ? '提示' : 'help'}: ${help}` : zh ? d.zh : d.en;
}

/**
 * The compiler's hints are English; in the Chinese view the common "did you mean" one is said in
 * Chinese and the others are left out (one language per view; the message itself says what is wrong).
 */
function zhHelp(help: string): string | undefined {
  const m = /^did you mean (`[^`]+`(?: or `[^`]+`)*)\??$/.exec(help.trim());
  if (m) return `是不是 ${m[1]!.replace(/ or /g, ' 或 ')}？`;
  return /[A-Za-z]{2,}/.test(help.replace(/`[^`]*`/g, '')) ? undefined : help;
}

/**
 * The KPL language in Monaco: highlighting from the lexer's own token definitions (sent by the
 * worker, built from src/syntax/tokens.ts), completion, hover, go-to-definition and formatting,
 * all answered from the symbols of the latest analysis.
 */
import * as monaco from 'monaco-editor/editor';
import type { Analysis, BuiltinInfo, Diag, Formatted, Ready, ServiceReply, ServiceRequest, Summary, Symbols } from './protocol.ts';
import { completionItems, definitionOf as definitionIn, hoverText as hoverIn, literalHover, REFS, signatureHelp, targetOf, type CompletionKind } from '../../src/index.ts';
import { lang } from './i18n.ts';

export const LANGUAGE_ID = 'kpl';
export const MARKER_OWNER = 'kpl';
const IDENTIFIER_RULE = '@identifier';

export interface LanguageHost {
  symbols(): Symbols | undefined;
  /** The latest analysis' diagnostics (for the quick fixes' hints). */
  diagnostics(): readonly Diag[];
  summary(): Summary | undefined;
  format(source: string, version: number): Promise<Formatted>;
  /** Asks the language worker: the services that parse the text run there, not on the page. */
  service(req: ServiceQuestion): Promise<ServiceReply>;
}
export type ServiceQuestion = ServiceRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

function identifierSource(ready: Ready): string {
  return ready.monarch.rules.find((r) => r[1] === IDENTIFIER_RULE)![0];
}

export function registerKpl(ready: Ready, host: LanguageHost): void {
  const idSource = identifierSource(ready);
  const builtinNames = ready.builtins.filter((b) => !b.form).flatMap((b) => [b.name, ...b.aliases]);
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
      // A money literal (`¥2000`, `500 元`): its form's record.
      const literal = literalHover(model.getLineContent(position.lineNumber), position.column - 1, ready.builtins, lang() === 'zh' ? 'zh' : 'en');
      if (literal) return { range: new monaco.Range(position.lineNumber, literal.start + 1, position.lineNumber, literal.end + 1), contents: literal.text.map((value) => ({ value, isTrusted: false, supportHtml: false })) };
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

  // Find References, Rename, quick fixes and signature help: the editor services of src/editor/,
  // the same `kpl lsp` answers with. Those that parse the text answer from the language worker.
  const targetAt = (model: monaco.editor.ITextModel, position: monaco.Position) => {
    const w = model.getWordAtPosition(position);
    const sym = host.symbols();
    if (!w || !sym || keywordForms.includes(w.word)) return undefined;
    const before = model.getLineContent(position.lineNumber).slice(0, w.startColumn - 1);
    const target = targetOf(w.word, before, sym);
    return target ? { w, target } : undefined;
  };
  const rangeOf = (model: monaco.editor.ITextModel, start: number, end: number) => {
    const s = model.getPositionAt(start);
    const e = model.getPositionAt(end);
    return new monaco.Range(s.lineNumber, s.column, e.lineNumber, e.column);
  };

  const references = async (model: monaco.editor.ITextModel, version: number, t: { name: string; table?: string }) => {
    const r = await host.service({ kind: 'references', version, source: model.getValue(), target: { name: t.name, ...(t.table !== undefined ? { table: t.table } : {}) } });
    return r.kind === 'references' ? r.ranges : [];
  };

  monaco.languages.registerReferenceProvider(LANGUAGE_ID, {
    async provideReferences(model, position, context) {
      const at = targetAt(model, position);
      if (!at) return [];
      const versionId = model.getVersionId();
      const ranges = await references(model, versionId, at.target);
      if (model.getVersionId() !== versionId) return [];
      return ranges.filter((r) => context.includeDeclaration || r.start !== at.target.start).map((r) => ({ uri: model.uri, range: rangeOf(model, r.start, r.end) }));
    },
  });

  const idExact = new RegExp(`^(?:${idSource})$`);
  monaco.languages.registerRenameProvider(LANGUAGE_ID, {
    resolveRenameLocation(model, position) {
      const at = targetAt(model, position);
      if (!at) return { range: new monaco.Range(position.lineNumber, position.column, position.lineNumber, position.column), text: '', rejectReason: lang() === 'zh' ? '这里没有可以重命名的名称' : 'Nothing to rename here' };
      return { range: new monaco.Range(position.lineNumber, at.w.startColumn, position.lineNumber, at.w.endColumn), text: at.w.word };
    },
    async provideRenameEdits(model, position, newName) {
      const at = targetAt(model, position);
      if (!at) return { edits: [] };
      if (!idExact.test(newName) || keywordForms.includes(newName) || (REFS as readonly string[]).includes(newName)) {
        return { edits: [], rejectReason: lang() === 'zh' ? `“${newName}”不能作为名称` : `\`${newName}\` cannot be a name` };
      }
      const versionId = model.getVersionId();
      const ranges = await references(model, versionId, at.target);
      return { edits: ranges.map((r) => ({ resource: model.uri, versionId, textEdit: { range: rangeOf(model, r.start, r.end), text: newName } })) };
    },
  });

  monaco.languages.registerCodeActionProvider(LANGUAGE_ID, {
    async provideCodeActions(model, _range, context) {
      const actions: monaco.languages.CodeAction[] = [];
      const markers = context.markers.filter((m) => m.source === 'kpl' && typeof m.code === 'string');
      if (!markers.length) return { actions, dispose: () => {} };
      const versionId = model.getVersionId();
      const diagnostics = markers.map((m) => {
        const code = m.code as string;
        const start = model.getOffsetAt({ lineNumber: m.startLineNumber, column: m.startColumn });
        const end = model.getOffsetAt({ lineNumber: m.endLineNumber, column: m.endColumn });
        const d = diagnosticOf(host.diagnostics(), host.symbols(), code, start);
        return { code, start: d?.start ?? start, end: d?.end ?? end, ...(d?.help ? { help: d.help } : {}) };
      });
      const r = await host.service({ kind: 'fixes', version: versionId, source: model.getValue(), diagnostics, lang: lang() === 'zh' ? 'zh' : 'en' });
      const all = r.kind === 'fixes' ? r.fixes : [];
      if (model.getVersionId() !== versionId) return { actions, dispose: () => {} };
      markers.forEach((m, i) => {
        for (const f of all[i] ?? []) {
          actions.push({
            title: f.title,
            kind: 'quickfix',
            diagnostics: [m],
            ...(f.preferred ? { isPreferred: true } : {}),
            edit: { edits: f.edits.map((e) => ({ resource: model.uri, versionId, textEdit: { range: rangeOf(model, e.start, e.end), text: e.newText } })) },
          });
        }
      });
      return { actions, dispose: () => {} };
    },
  }, { providedCodeActionKinds: ['quickfix'] });

  monaco.languages.registerSignatureHelpProvider(LANGUAGE_ID, {
    signatureHelpTriggerCharacters: ['(', ','],
    signatureHelpRetriggerCharacters: [','],
    provideSignatureHelp(model, position) {
      const before = model.getValueInRange(new monaco.Range(Math.max(1, position.lineNumber - 30), 1, position.lineNumber, position.column));
      const h = signatureHelp(before, ready.builtins, lang());
      if (!h) return null;
      return {
        value: { signatures: h.signatures.map((s) => ({ label: s.label, ...(s.documentation ? { documentation: s.documentation } : {}), parameters: s.parameters.map((p) => ({ label: [p[0], p[1]] as [number, number] })) })), activeSignature: h.activeSignature, activeParameter: h.activeParameter },
        dispose: () => {},
      };
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
  const markers = analysis.diagnostics.filter((d) => !d.data).flatMap((d) => spansOf(d, analysis.symbols)).map(({ d, start: from, end: to, hint }): monaco.editor.IMarkerData => {
    const start = from ?? 0;
    const end = Math.max(to ?? start, start + 1);
    const s = model.getPositionAt(start);
    let e = model.getPositionAt(Math.min(end, model.getValueLength()));
    if (e.lineNumber === s.lineNumber && e.column <= s.column) e = new monaco.Position(s.lineNumber, s.column + 1);
    return { severity: hint ? monaco.MarkerSeverity.Hint : sev[d.severity], message: diagMessage(d), code: d.code, source: 'kpl', startLineNumber: s.lineNumber, startColumn: s.column, endLineNumber: e.lineNumber, endColumn: e.column };
  });
  monaco.editor.setModelMarkers(model, MARKER_OWNER, markers);
}

/**
 * Where a diagnostic is marked. Weights that do not sum to 100% (KPL2003, reported at the first
 * sibling) are marked on every sibling's weight — the numbers to change — not on one declaration.
 */
function spansOf(d: Diag, symbols: Symbols): { d: Diag; start?: number; end?: number; hint?: boolean }[] {
  if (d.code === 'KPL2003' && d.start !== undefined) {
    const first = symbols.indicators.find((i) => i.declStart === d.start);
    const siblings = first ? symbols.indicators.filter((i) => i.parent === first.parent && i.depth === first.depth && i.weightStart !== undefined) : [];
    // The first weight carries the diagnostic; the others are hints (not listed again in Problems).
    if (siblings.length) return siblings.map((i, k) => ({ d, start: i.weightStart!, end: i.weightEnd!, ...(k > 0 ? { hint: true } : {}) }));
  }
  return [{ d, ...(d.start !== undefined ? { start: d.start } : {}), ...(d.end !== undefined ? { end: d.end } : {}) }];
}

/** The diagnostic a marker shows (a KPL2003 marker sits on a weight, away from where it was reported). */
function diagnosticOf(diagnostics: readonly Diag[], symbols: Symbols | undefined, code: string, start: number): Diag | undefined {
  const own = diagnostics.find((x) => x.code === code && x.start === start);
  if (own || !symbols) return own ?? diagnostics.find((x) => x.code === code && x.start !== undefined && x.start <= start && start <= (x.end ?? x.start));
  return diagnostics.find((x) => x.code === code && spansOf(x, symbols).some((sp) => sp.start === start)) ?? diagnostics.find((x) => x.code === code && x.start !== undefined && x.start <= start && start <= (x.end ?? x.start));
}

export function diagMessage(d: Diag): string {
  const zh = lang() === 'zh';
  const help = zh ? d.helpZh : d.help;
  return help ? `${zh ? d.zh : d.en}\n${zh ? '提示' : 'help'}: ${help}` : zh ? d.zh : d.en;
}

/**
 * The KPL language in Monaco: highlighting from the lexer's own token definitions (sent by the
 * worker, built from src/syntax/tokens.ts), completion, hover, go-to-definition and formatting,
 * all answered from the symbols of the latest analysis.
 */
import * as monaco from 'monaco-editor/editor';
import type { Analysis, BuiltinInfo, Diag, Formatted, IndicatorSym, Ready, Summary, Symbols, TableSym } from './protocol.ts';
import { lang } from './i18n.ts';

export const LANGUAGE_ID = 'kpl';
export const MARKER_OWNER = 'kpl';
const IDENTIFIER_RULE = '@identifier';

export interface LanguageHost {
  symbols(): Symbols | undefined;
  summary(): Summary | undefined;
  format(source: string, version: number): Promise<Formatted>;
}

/** Words that name computed values in formulas (the checker's built-in references). */
const REFS = ['weighted', 'adjustments', 'total', 'grade', 'grade_before', 'reward', 'quota_rank', 'status'];

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
    refs: REFS,
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
      const sym = host.symbols();
      const K = monaco.languages.CompletionItemKind;
      const items: monaco.languages.CompletionItem[] = [];
      const add = (label: string, kind: monaco.languages.CompletionItemKind, detail: string, sort: string, insert?: string, snippet = false, doc?: string) =>
        items.push({
          label,
          kind,
          detail,
          sortText: sort + label,
          insertText: insert ?? label,
          range,
          ...(snippet ? { insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet } : {}),
          ...(doc ? { documentation: doc } : {}),
        });
      // `table.` → that table's columns; `table[key].` → the lookup table's columns.
      const member = new RegExp(`(${idSource})(\\[[^\\]]*\\])?\\.\\s*$`).exec(before);
      if (member && sym) {
        const table = sym.tables.find((x) => x.name === member[1]);
        if (table) {
          for (const c of table.columns) add(c.name, K.Field, shortColumn(c), '0', undefined, false, columnDetail(table, c));
          return { suggestions: items };
        }
      }
      if (sym) {
        const pop = sym.tables.find((x) => x.role === 'population');
        for (const table of sym.tables) {
          add(table.name, K.Struct, `${roleText(table)} · ${table.columns.length} columns`, '3');
          if (table === pop) for (const c of table.columns) add(c.name, K.Field, shortColumn(c), '1', undefined, false, columnDetail(table, c));
        }
        for (const i of sym.indicators) add(i.id, K.Variable, indicatorDetail(i), '1');
        for (const l of sym.lets) add(l.name, K.Variable, `let = ${l.text ?? ''}`, '2');
        for (const a of sym.adjusts) add(a.name, K.Variable, `adjust = ${a.text ?? ''}`, '2');
        for (const g of sym.grades) add(g.name, K.EnumMember, `grade ${g.title ?? ''} ${g.band ?? ''}`.trim(), '2');
      }
      for (const r of REFS) add(r, K.Constant, 'computed value', '4');
      // Built-ins: the completion items their records give (src/builtins/describe.ts, via the worker).
      for (const b of ready.builtins) {
        for (const [i, c] of b.completions[lang() === 'zh' ? 'zh' : 'en'].entries()) add(c.label, K.Function, c.detail, i === 0 ? '5' : '6', c.snippet, !!c.snippet, c.documentation);
      }
      for (const k of keywordForms) add(k, K.Keyword, 'keyword', '7');
      for (const [label, body, detail] of SNIPPETS) add(label, K.Snippet, detail, '8', body, true);
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

const SNIPPETS: [string, string, string][] = [
  ['indicator …', 'indicator ${1:名称} weight ${2:20}% = ${3:score}', 'indicator with a rule'],
  ['indicator { … }', 'indicator ${1:名称} "${2:title}" weight ${3:50}% {\n\tindicator ${4:子指标} weight ${5:100}% = ${6:score}\n}', 'indicator with sub-indicators'],
  ['steps(…) { … }', 'steps(${1:x}) {\n\t>= ${2:90}: ${3:100}\n\t>= ${4:60}: ${5:60}\n\totherwise: ${6:0}\n}', 'step table'],
  ['interpolate(…) { … }', 'interpolate(${1:x}) { below: ${2:0}; ${3:0}: ${4:0}; ${5:100}: ${6:100} }', 'piecewise linear'],
];

function roleText(t: TableSym): string {
  return t.role === 'population' ? `input key ${t.key ?? ''}` : t.role === 'related' ? `input of ${t.parent ?? ''} by ${t.by ?? ''}` : `table key ${t.key ?? ''}`;
}

function shortColumn(c: TableSym['columns'][number]): string {
  return `${c.type}${c.optional ? '?' : ''}${c.description ? ` ${c.description}` : ''}`;
}

function columnDetail(t: TableSym, c: TableSym['columns'][number]): string {
  return `${t.name}.${c.name}: ${c.type}${c.values ? ` {${c.values.join(', ')}}` : ''}${c.constraint ? ` ${c.constraint}` : ''}${c.optional ? ' optional' : ''}${c.references ? ` -> ${c.references}` : ''}${c.description ? ` — ${c.description}` : ''}`;
}

function pctText(fraction: string): string {
  const n = Number(fraction) * 100;
  return `${Number.isFinite(n) ? Number(n.toFixed(4)) : fraction}%`;
}

function indicatorDetail(i: IndicatorSym): string {
  return `indicator${i.title ? ` "${i.title}"` : ''} · weight ${i.weight}${i.effectiveWeight ? ` · effective ${pctText(i.effectiveWeight)}` : ''}`;
}

/** A Markdown code span that shows `s` literally, whatever backticks it holds. */
export function code(s: string): string {
  const runs = s.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  return `${fence} ${s} ${fence}`;
}

/** Text that Markdown shows literally. */
export function mdText(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!<>|~&]/g, (c) => `\\${c}`);
}

function fenced(s: string): string {
  const runs = s.match(/`{3,}/g) ?? [];
  const fence = '`'.repeat(Math.max(2, ...runs.map((r) => r.length)) + 1);
  return `${fence}kpl\n${s}\n${fence}`;
}

function tableOf(before: string, sym: Symbols): TableSym | undefined {
  const m = /([^\s.()[\]{}:,;]+)(\[[^\]]*\])?\.\s*$/.exec(before);
  return m ? sym.tables.find((t) => t.name === m[1]) : undefined;
}

export function hoverText(word: string, before: string, sym: Symbols, builtins: BuiltinInfo[], summary?: Summary): string[] | null {
  const zh = lang() === 'zh';
  const qualified = tableOf(before, sym);
  const tables = qualified ? [qualified] : [...sym.tables].sort((a, b) => (a.role === 'population' ? -1 : b.role === 'population' ? 1 : 0));
  for (const t of tables) {
    const c = t.columns.find((x) => x.name === word);
    if (!c) continue;
    const lines = [
      `**${mdText(c.name)}** — ${zh ? '输入列' : 'input column'} ${code(`${t.name}.${c.name}`)}`,
      `${zh ? '类型' : 'type'}: ${code(`${c.type}${c.values ? ` { ${c.values.join(', ')} }` : ''}${c.constraint ? ` ${c.constraint}` : ''}`)}${c.optional ? (zh ? '，可空（空值 = 不适用）' : ', optional (empty = not applicable)') : ''}${c.references ? ` → ${code(c.references)}` : ''}`,
    ];
    if (c.description) lines.push(mdText(c.description));
    return lines;
  }
  const ind = sym.indicators.find((i) => i.id === word);
  if (ind) {
    const lines = [`**${mdText(ind.id)}**${ind.title ? ` “${mdText(ind.title)}”` : ''} — ${zh ? '指标' : 'indicator'}${ind.parent ? ` (${zh ? '上级' : 'under'} ${mdText(ind.parent)})` : ''}`];
    lines.push(`${zh ? '权重' : 'weight'}: ${code(ind.weight || '—')}` + (ind.effectiveWeight ? ` · ${zh ? '在总分中的有效权重' : 'effective weight in the total'}: **${mdText(pctText(ind.effectiveWeight))}**${ind.path.length > 1 ? ` = ${mdText(ind.path.join(' × '))}` : ''}` : ''));
    if (ind.rule) lines.push(fenced(ind.rule));
    else if (!ind.leaf) lines.push(zh ? '由下级指标按权重加权平均' : 'weighted mean of its sub-indicators');
    if (ind.missing) lines.push(`${zh ? '不适用时' : 'when not applicable'}: ${code(ind.missing)}`);
    return lines;
  }
  const table = sym.tables.find((x) => x.name === word);
  if (table) return [`**${mdText(table.name)}** — ${code(roleText(table))}`, table.columns.map((c) => code(`${c.name}: ${c.type}${c.optional ? '?' : ''}`)).join(' · ')];
  const grade = sym.grades.find((g) => g.name === word);
  if (grade) {
    const n = summary?.people.filter((p) => p.status === 'ok' && p.grade === grade.name).length;
    return [`**${mdText(grade.name)}**${grade.title ? ` “${mdText(grade.title)}”` : ''} — ${zh ? '等级' : 'grade'} ${code(grade.band ?? '')}${n !== undefined ? ` · ${zh ? `当前 ${n} 人` : `${n} people now`}` : ''}`];
  }
  const named = [...sym.lets.map((l) => ['let', l] as const), ...sym.adjusts.map((a) => ['adjust', a] as const)].find(([, x]) => x.name === word);
  if (named) return [`**${mdText(named[1].name)}**${named[1].title ? ` “${mdText(named[1].title)}”` : ''} — ${named[0]}`, fenced(named[1].text ?? '')];
  const b = builtins.find((x) => x.name === word || x.aliases.includes(word));
  if (b) {
    const h = b.hover[zh ? 'zh' : 'en'];
    return [`**${mdText(h.title)}** ${h.signatures.map(code).join(' · ')}`, mdText(h.summary), `${zh ? '例' : 'e.g.'} ${code(h.example)}`];
  }
  return null;
}

export function definitionOf(word: string, before: string, sym: Symbols): { start: number; end: number } | undefined {
  const qualified = tableOf(before, sym);
  if (qualified) return qualified.columns.find((c) => c.name === word);
  return (
    sym.indicators.find((i) => i.id === word) ??
    sym.tables.find((t) => t.name === word) ??
    sym.tables.find((t) => t.role === 'population')?.columns.find((c) => c.name === word) ??
    sym.tables.flatMap((t) => t.columns).find((c) => c.name === word) ??
    sym.lets.find((l) => l.name === word) ??
    sym.adjusts.find((a) => a.name === word) ??
    sym.grades.find((g) => g.name === word) ??
    sym.scales.find((s) => s.name === word)
  );
}

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
  const msg = lang() === 'zh' ? d.zh : d.en;
  return d.help ? `${msg}\n${lang() === 'zh' ? '提示' : 'help'}: ${d.help}` : msg;
}

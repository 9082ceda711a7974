/**
 * The editor services of KPL, editor-neutral: positions are UTF-16 offsets into the text (as every
 * KPL span), texts are Markdown, kinds are plain names. The playground maps them to Monaco
 * (playground/src/language.ts) and `kpl lsp` to the Language Server Protocol (src/lsp/), so both
 * editors answer completion, hover and go-to-definition with this one implementation.
 *
 * Nothing here imports the compiler: the page's main bundle uses these functions without it.
 */
import type { BuiltinInfo, EditorLang, IndicatorSym, Symbols, TableSym } from './types.ts';

/** Words that name computed values in formulas (the checker's built-in references). */
export const REFS = ['weighted', 'adjustments', 'total', 'grade', 'grade_before', 'reward', 'quota_rank', 'status', 'reason'] as const;

/** Snippets offered by completion: label, body (`${1:…}` placeholders), detail. */
export const SNIPPETS: readonly (readonly [string, string, string])[] = [
  ['indicator …', 'indicator ${1:名称} weight ${2:20}% = ${3:score}', 'indicator with a rule'],
  ['indicator { … }', 'indicator ${1:名称} "${2:title}" weight ${3:50}% {\n\tindicator ${4:子指标} weight ${5:100}% = ${6:score}\n}', 'indicator with sub-indicators'],
  ['steps(…) { … }', 'steps(${1:x}) {\n\t>= ${2:90}: ${3:100}\n\t>= ${4:60}: ${5:60}\n\totherwise: ${6:0}\n}', 'step table'],
  ['interpolate(…) { … }', 'interpolate(${1:x}) { below: ${2:0}; ${3:0}: ${4:0}; ${5:100}: ${6:100} }', 'piecewise linear'],
  ['exempt "…" when …', 'exempt "${1:本季度入职}" when ${2:入职月数 < 3}', 'who is not assessed, and why (不参评)'],
];

/** Hover of the words of people not assessed (README 3.9 `exempt`) and of the literal `missing`, by spelling. */
const WORD_HOVER: ReadonlyMap<string, Readonly<Record<EditorLang, readonly string[]>>> = (() => {
  const exempt = {
    en: ['**exempt** (不参评) `exempt "REASON" when CONDITION`', 'The first `exempt` rule whose condition holds makes the person not assessed: status `not_assessed`, the reason in `reason`, no score, grade or reward, and not counted in distribution headcounts, rankings or pools.'],
    zh: ['**不参评**（exempt）`不参评 "原因" 当 条件`', '第一条条件成立的 `不参评` 规则使此人不参评：状态为 `not_assessed`，原因写在 `原因` 中；没有得分、等级和奖励，也不计入强制分布人数、排名和奖金池。'],
  };
  const missing = {
    en: ['**missing** (不适用) — the literal or the `missing` rule of an indicator', 'As a value, `missing` is a value that is not there, like an empty optional cell (`if 入职月数 < 3 then missing else …`); after an indicator\'s weight, `missing drop|zero|error` says what happens when its score is missing.'],
    zh: ['**不适用**（missing）— 字面量，或指标的不适用规则', '作为值，`不适用` 表示没有值，和空的可空单元格一样（`如果 入职月数 < 3 则 不适用 否则 …`）；写在指标权重之后，`不适用 剔除|零分|报错` 说明得分缺失时怎么办。'],
  };
  const reason = {
    en: ['**reason** (原因) — computed value', 'Why a person is not assessed: the reason of the `exempt` rule that holds; empty for everybody assessed.'],
    zh: ['**原因**（reason）— 内置值', '此人不参评的原因：成立的那条 `不参评` 规则的文字；参评的人为空。'],
  };
  return new Map([['exempt', exempt], ['不参评', exempt], ['missing', missing], ['不适用', missing], ['reason', reason], ['原因', reason]]);
})();

export type CompletionKind = 'field' | 'struct' | 'variable' | 'enum-member' | 'constant' | 'function' | 'keyword' | 'snippet';

export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail: string;
  readonly sortText: string;
  readonly insertText: string;
  /** `insertText` holds `${1:…}` placeholders. */
  readonly snippet: boolean;
  readonly documentation?: string;
}

export interface CompletionContext {
  /** The text of the line before the word being completed. */
  readonly before: string;
  readonly symbols: Symbols | undefined;
  readonly builtins: readonly BuiltinInfo[];
  /** Every keyword spelling. */
  readonly keywords: readonly string[];
  readonly lang: EditorLang;
  /** The identifier pattern's source (from the lexer). */
  readonly idSource: string;
}

export function roleText(t: TableSym): string {
  return t.role === 'population' ? `input key ${t.key ?? ''}` : t.role === 'related' ? `input of ${t.parent ?? ''} by ${t.by ?? ''}` : `table key ${t.key ?? ''}`;
}

function shortColumn(c: TableSym['columns'][number]): string {
  return `${c.type}${c.optional ? '?' : ''}${c.description ? ` ${c.description}` : ''}`;
}

function columnDetail(t: TableSym, c: TableSym['columns'][number]): string {
  return `${t.name}.${c.name}: ${c.type}${c.values ? ` {${c.values.join(', ')}}` : ''}${c.constraint ? ` ${c.constraint}` : ''}${c.optional ? ' optional' : ''}${c.references ? ` -> ${c.references}` : ''}${c.description ? ` — ${c.description}` : ''}`;
}

export function pctText(fraction: string): string {
  const n = Number(fraction) * 100;
  return `${Number.isFinite(n) ? Number(n.toFixed(4)) : fraction}%`;
}

function indicatorDetail(i: IndicatorSym): string {
  return `indicator${i.title ? ` "${i.title}"` : ''} · weight ${i.weight}${i.effectiveWeight ? ` · effective ${pctText(i.effectiveWeight)}` : ''}`;
}

/** Completion items at a place: `table.` lists that table's columns, otherwise every name, built-in, keyword and snippet. */
export function completionItems(cx: CompletionContext): CompletionEntry[] {
  const { before, symbols: sym } = cx;
  const items: CompletionEntry[] = [];
  const add = (label: string, kind: CompletionKind, detail: string, sort: string, insert?: string, snippet = false, doc?: string) =>
    items.push({ label, kind, detail, sortText: sort + label, insertText: insert ?? label, snippet, ...(doc ? { documentation: doc } : {}) });
  // `table.` → that table's columns; `table[key].` → the lookup table's columns.
  const member = new RegExp(`(${cx.idSource})(\\[[^\\]]*\\])?\\.\\s*$`).exec(before);
  if (member && sym) {
    const table = sym.tables.find((x) => x.name === member[1]);
    // The population's columns are named bare (`sales_actual`, not `employees.sales_actual`, which
    // the checker rejects): nothing to offer after its name.
    if (table?.role === 'population') return items;
    if (table) {
      for (const c of table.columns) add(c.name, 'field', shortColumn(c), '0', undefined, false, columnDetail(table, c));
      return items;
    }
  }
  if (sym) {
    const pop = sym.tables.find((x) => x.role === 'population');
    for (const table of sym.tables) {
      add(table.name, 'struct', `${roleText(table)} · ${table.columns.length} columns`, '3');
      if (table === pop) for (const c of table.columns) add(c.name, 'field', shortColumn(c), '1', undefined, false, columnDetail(table, c));
    }
    for (const i of sym.indicators) add(i.id, 'variable', indicatorDetail(i), '1');
    for (const l of sym.lets) add(l.name, 'variable', `let = ${l.text ?? ''}`, '2');
    for (const a of sym.adjusts) add(a.name, 'variable', `adjust = ${a.text ?? ''}`, '2');
    for (const g of sym.grades) add(g.name, 'enum-member', `grade ${g.title ?? ''} ${g.band ?? ''}`.trim(), '2');
  }
  for (const r of REFS) add(r, 'constant', 'computed value', '4');
  // Built-ins: the completion items their records give (src/builtins/describe.ts).
  for (const b of cx.builtins) {
    // A form (`500 元`, `top 10% -> 优秀`) comes first where it is the likely next word.
    const likely = b.form?.likely && new RegExp(b.form.likely.after).test(before) ? b.form.likely.word : undefined;
    for (const [i, c] of b.completions[cx.lang].entries()) {
      const placeholders = c.snippet?.includes('${') ?? false;
      if (b.form) add(c.label, placeholders ? 'snippet' : 'constant', c.detail, c.label === likely ? '0' : '7', c.snippet, placeholders, c.documentation);
      else add(c.label, 'function', c.detail, i === 0 ? '5' : '6', c.snippet, !!c.snippet, c.documentation);
    }
  }
  for (const k of cx.keywords) add(k, 'keyword', 'keyword', '7');
  for (const [label, body, detail] of SNIPPETS) add(label, 'snippet', detail, '8', body, true);
  return items;
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

/** The table named before `.` (`ratings.score`, `levels[x].rate`), when the word is a member. */
export function tableOf(before: string, sym: Symbols): TableSym | undefined {
  const m = /([^\s.()[\]{}:,;]+)(\[[^\]]*\])?\.\s*$/.exec(before);
  return m ? sym.tables.find((t) => t.name === m[1]) : undefined;
}

/**
 * Hover of `word` (with `before`, the line's text before it): a column, an indicator (weight,
 * effective weight, rule, missing rule), a table, a grade, a `let`/`adjust`, or a built-in (its
 * record's documentation in `lang`). Markdown paragraphs, or null.
 */
export function hoverText(word: string, before: string, sym: Symbols, builtins: readonly BuiltinInfo[], lang: EditorLang, gradeCount?: (grade: string) => number | undefined): string[] | null {
  const zh = lang === 'zh';
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
    if (ind.description) lines.push(mdText(ind.description));
    if (ind.unit) lines.push(`${zh ? '单位' : 'unit'}: ${mdText(ind.unit)}`);
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
    const n = gradeCount?.(grade.name);
    return [`**${mdText(grade.name)}**${grade.title ? ` “${mdText(grade.title)}”` : ''} — ${zh ? '等级' : 'grade'} ${code(grade.band ?? '')}${n !== undefined ? ` · ${zh ? `当前 ${n} 人` : `${n} people now`}` : ''}`];
  }
  const named = [...sym.lets.map((l) => ['let', l] as const), ...sym.adjusts.map((a) => ['adjust', a] as const)].find(([, x]) => x.name === word);
  if (named) return [`**${mdText(named[1].name)}**${named[1].title ? ` “${mdText(named[1].title)}”` : ''} — ${named[0]}`, fenced(named[1].text ?? '')];
  const w = WORD_HOVER.get(word);
  if (w) return [...w[lang]];
  const b = builtins.find((x) => x.name === word || x.aliases.includes(word));
  return b ? recordHover(b, lang) : null;
}

/** A built-in's or a form's hover, from its record. */
function recordHover(b: BuiltinInfo, lang: EditorLang): string[] {
  const h = b.hover[lang];
  return [`**${mdText(h.title)}** ${h.signatures.map(code).join(' · ')}`, mdText(h.summary), `${lang === 'zh' ? '例' : 'e.g.'} ${code(h.example)}`];
}

/**
 * Hover of a literal at `col` of `line` (a money amount `¥2000`, `500 元`): what its form's record
 * says, with the literal's offsets in the line; undefined elsewhere.
 */
export function literalHover(line: string, col: number, builtins: readonly BuiltinInfo[], lang: EditorLang): { start: number; end: number; text: string[] } | undefined {
  for (const b of builtins) {
    if (!b.form?.literal) continue;
    for (const m of line.matchAll(new RegExp(b.form.literal, 'g'))) {
      if (m.index <= col && col < m.index + m[0].length) return { start: m.index, end: m.index + m[0].length, text: recordHover(b, lang) };
    }
  }
  return undefined;
}

/** Where `word` (with `before`, the line's text before it) is declared, as offsets in the symbols' file. */
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

/** The name at `offset` in `text` (or just before it), matched by the lexer's identifier pattern. */
export function wordAt(text: string, offset: number, idSource: string): { word: string; start: number; end: number } | undefined {
  const re = new RegExp(idSource, 'g');
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  const line = text.slice(lineStart, nl < 0 ? text.length : nl);
  for (const m of line.matchAll(re)) {
    const s = lineStart + m.index;
    const e = s + m[0].length;
    if (s <= offset && offset <= e) return { word: m[0], start: s, end: e };
  }
  return undefined;
}

/** Signature help: the built-in call the cursor is in, its signatures and the parameter being written. */
export interface SignatureHelp {
  readonly signatures: { readonly label: string; readonly documentation?: string; readonly parameters: readonly (readonly [number, number])[] }[];
  readonly activeSignature: number;
  readonly activeParameter: number;
}

/** Offsets of the parameters inside a signature's outermost parentheses (`ratio(a, b, zero: 0)`). */
function parameterRanges(label: string): [number, number][] {
  const open = label.indexOf('(');
  if (open < 0) return [];
  const out: [number, number][] = [];
  let depth = 0;
  let from = open + 1;
  for (let i = open + 1; i < label.length; i++) {
    const ch = label[i]!;
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if ((ch === ')' || ch === ']' || ch === '}') && depth > 0) depth--;
    else if ((ch === ',' || ch === ')') && depth === 0) {
      const text = label.slice(from, i);
      const lead = text.length - text.trimStart().length;
      if (text.trim()) out.push([from + lead, from + lead + text.trim().length]);
      from = i + 1;
      if (ch === ')') break;
    }
  }
  return out;
}

/**
 * `before`: the text before the cursor (the whole document up to it). Finds the innermost open
 * `name(` of a built-in, counts the commas written in it, and returns the built-in's signatures.
 */
export function signatureHelp(before: string, builtins: readonly BuiltinInfo[], lang: EditorLang): SignatureHelp | undefined {
  let depth = 0;
  let commas = 0;
  let inString = false;
  for (let i = before.length - 1; i >= 0; i--) {
    const ch = before[i]!;
    if (ch === '"') inString = !inString;
    if (inString) continue;
    if (ch === ')' || ch === ']' || ch === '}') depth++;
    else if (ch === '(' || ch === '[' || ch === '{') {
      if (depth === 0) {
        if (ch !== '(') return undefined;
        const name = /([^\s()[\]{},;:+\-*/<>=!]+)\s*$/.exec(before.slice(0, i))?.[1];
        const b = name ? builtins.find((x) => x.name === name || x.aliases.includes(name)) : undefined;
        if (!b) return undefined;
        const h = b.hover[lang];
        const signatures = h.signatures.map((label) => ({ label, documentation: h.summary, parameters: parameterRanges(label) }));
        const fit = signatures.findIndex((sg) => sg.parameters.length > commas);
        return { signatures, activeSignature: fit < 0 ? 0 : fit, activeParameter: commas };
      }
      depth--;
    } else if (ch === ',' && depth === 0) commas++;
  }
  return undefined;
}

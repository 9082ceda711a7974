/**
 * Quick fixes for the common diagnostics, as edits on offsets of the policy text — offered by
 * `kpl lsp` and by the playground alike:
 *
 *   "did you mean `x`?" (KPL2001 unknown name, KPL2014 unknown function, KPL2016 unknown grade,
 *                        KPL2026/KPL2032 …)        → replace the name with `x`
 *   KPL2018 a value that is not one of the category's → each possible value (up to 12)
 *   KPL2012 an indicator that can lack data      → add `missing drop` / `missing zero` / `missing error`
 *   KPL2010 a divisor that can be zero           → `a / b` becomes `ratio(a, b, zero: 0)`
 *   KPL2003 weights that do not sum to 100%      → one sibling's weight takes up the difference
 *   KPL2042/KPL2017 rows that miss values        → add an `otherwise` row
 */
import { parse } from '../syntax/parse.ts';
import { Decimal } from '../numeric/decimal.ts';
import type * as A from '../ast/nodes.ts';
import type { EditorLang } from './types.ts';

export interface Fix {
  readonly title: string;
  readonly edits: { start: number; end: number; newText: string }[];
  readonly preferred?: boolean;
}

interface Spanned {
  readonly span: { start: number; end: number };
}

/** Every node of the syntax tree (objects with a `kind`), depth first. */
function* nodes(x: unknown): Generator<Record<string, unknown> & Spanned> {
  if (!x || typeof x !== 'object') return;
  if (Array.isArray(x)) {
    for (const y of x) yield* nodes(y);
    return;
  }
  const o = x as Record<string, unknown>;
  if (typeof o['kind'] === 'string' && o['span']) yield o as Record<string, unknown> & Spanned;
  for (const [k, v] of Object.entries(o)) if (k !== 'span' && v && typeof v === 'object') yield* nodes(v);
}

export function quickFixes(file: string, text: string, d: { code: string; start: number; end: number; help?: string }, lang: EditorLang): Fix[] {
  const zh = lang === 'zh';
  const help = d.help ?? '';
  const out: Fix[] = [];
  const mean = /did you mean `([^`]+)`/.exec(help);
  if (mean) out.push({ title: zh ? `改为 \`${mean[1]}\`` : `Change to \`${mean[1]}\``, edits: [{ start: d.start, end: d.end, newText: mean[1]! }], preferred: true });
  const values = /^possible values: (.*)$/.exec(help);
  if (d.code === 'KPL2018' && values) {
    const list = values[1]!.split(', ').filter(Boolean).slice(0, 12);
    // A string literal stays one (`"县分公司"` → `"县公司"`); a name stays a name.
    const quote = text[d.start] === '"' ? ['"', '"'] : text[d.start] === '“' ? ['“', '”'] : ['', ''];
    for (const v of list) out.push({ title: zh ? `改为 ${v}` : `Change to ${v}`, edits: [{ start: d.start, end: d.end, newText: `${quote[0]}${v}${quote[1]}` }] });
  }
  if (d.code === 'KPL2003') out.push(...weightFixes(file, text, d.start, zh));
  if (d.code === 'KPL2042' || d.code === 'KPL2017') out.push(...otherwiseFixes(file, text, d, zh));
  if (d.code === 'KPL2012' || d.code === 'KPL2010') {
    const { ast } = parse(file, text);
    if (d.code === 'KPL2012') {
      const decl = [...nodes(ast.items)].find((n) => n['kind'] === 'Indicator' && (n['name'] as Spanned).span.start === d.start);
      if (decl) {
        const after = (decl['weight'] as Spanned | undefined) ?? (decl['title'] as Spanned | undefined) ?? (decl['name'] as Spanned);
        for (const [rule, en, cn] of [
          ['drop', 're-normalise the other weights', '其余权重重新归一'],
          ['zero', 'score 0', '记 0 分'],
          ['error', 'the person cannot be assessed', '此人无法考核'],
        ] as const) {
          out.push({ title: zh ? `加上 \`missing ${rule}\`（${cn}）` : `Add \`missing ${rule}\` (${en})`, edits: [{ start: after.span.end, end: after.span.end, newText: ` missing ${rule}` }], preferred: rule === 'drop' });
        }
      }
    } else {
      const div = [...nodes(ast.items)].find((n) => n['kind'] === 'Binary' && n['op'] === '/' && (n['right'] as Spanned).span.start === d.start);
      if (div) {
        const l = (div['left'] as Spanned).span;
        const r = (div['right'] as Spanned).span;
        const call = `ratio(${text.slice(l.start, l.end)}, ${text.slice(r.start, r.end)}, zero: 0)`;
        out.push({ title: zh ? `改为 \`${call}\`（除数为 0 时取 0）` : `Use \`${call}\` (0 when the divisor is 0)`, edits: [{ start: div.span.start, end: div.span.end, newText: call }] });
      }
    }
  }
  return out;
}

/** The indicator declarations that are siblings of the one declared at `start` (KPL2003 is reported there). */
function siblingsAt(items: readonly unknown[], start: number): readonly A.IndicatorDecl[] | undefined {
  const search = (list: readonly A.IndicatorDecl[]): readonly A.IndicatorDecl[] | undefined => {
    if (list.some((x) => x.span.start === start)) return list;
    for (const x of list) {
      const r = search(x.children);
      if (r) return r;
    }
    return undefined;
  };
  return search(items.filter((x): x is A.IndicatorDecl => (x as { kind?: string }).kind === 'Indicator'));
}

function pctOf(n: A.SignedNumber): Decimal {
  const d = new Decimal(n.text);
  return (n.negative ? d.neg() : d).div(n.percent ? 100 : 1);
}

/** For each sibling with a fixed weight: that weight changed so the siblings sum to 100% (when it stays within 0–100%). */
function weightFixes(file: string, text: string, start: number, zh: boolean): Fix[] {
  const siblings = siblingsAt(parse(file, text).ast.items, start);
  if (!siblings || siblings.some((s) => s.weight?.kind !== 'Fixed')) return [];
  const weights = siblings.map((s) => (s.weight as Extract<A.WeightSpec, { kind: 'Fixed' }>).value);
  const sum = weights.reduce((a, w) => a.plus(pctOf(w)), new Decimal(0));
  const missing = new Decimal(1).minus(sum);
  if (missing.isZero()) return [];
  const out: Fix[] = [];
  // The last sibling first: it is the one usually added or edited last.
  for (let i = siblings.length - 1; i >= 0; i--) {
    const next = pctOf(weights[i]!).plus(missing);
    if (next.lte(0) || next.gt(1)) continue;
    const pct = `${next.times(100).toFixed()}%`;
    const name = siblings[i]!.name.text;
    out.push({ title: zh ? `把 \`${name}\` 的权重改为 ${pct}，合计 100%` : `Set the weight of \`${name}\` to ${pct} (sum 100%)`, edits: [{ start: weights[i]!.span.start, end: weights[i]!.span.end, newText: pct }], ...(out.length === 0 ? { preferred: true } : {}) });
    if (out.length >= 4) break;
  }
  return out;
}

/** The innermost call with a table block around the diagnostic, that has no `otherwise` row. */
function otherwiseFixes(file: string, text: string, d: { start: number; end: number }, zh: boolean): Fix[] {
  let best: A.Call | undefined;
  for (const n of nodes(parse(file, text).ast.items)) {
    if (n['kind'] !== 'Call') continue;
    const c = n as unknown as A.Call;
    if (!c.table?.length || c.table.some((r) => r.key.kind === 'Otherwise')) continue;
    if (c.span.start <= d.start && d.start <= c.span.end && (!best || c.span.end - c.span.start < best.span.end - best.span.start)) best = c;
  }
  if (!best) return [];
  const last = best.table![best.table!.length - 1]!;
  const close = text.lastIndexOf('}', best.span.end);
  if (close < last.span.end) return [];
  // Rows on lines of their own get a new line with the same indentation; rows on one line get `; otherwise: 0`.
  const between = text.slice(last.span.end, close);
  const lineStart = text.lastIndexOf('\n', last.span.start) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const value = '0';
  const insert = between.includes('\n') ? `\n${indent}otherwise: ${value}` : `; otherwise: ${value}`;
  return [{ title: zh ? `加上 \`otherwise: ${value}\` 行` : `Add an \`otherwise: ${value}\` row`, edits: [{ start: last.span.end, end: last.span.end, newText: insert }], preferred: true }];
}

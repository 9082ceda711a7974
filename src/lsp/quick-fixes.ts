/**
 * Quick fixes for the common diagnostics, as edits on offsets of the policy text:
 *
 *   "did you mean `x`?" (KPL2001 unknown name, KPL2014 unknown function, KPL2016 unknown grade,
 *                        KPL2026/KPL2032 …)        → replace the name with `x`
 *   KPL2018 a value that is not one of the category's → each possible value (up to 12)
 *   KPL2012 an indicator that can lack data      → add `missing drop` / `missing zero` / `missing error`
 *   KPL2010 a divisor that can be zero           → `a / b` becomes `ratio(a, b, zero: 0)`
 */
import { parse, type EditorLang } from '../node.ts';

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

/**
 * Completion and hover text of a built-in, derived from its record: what the playground
 * (playground/src/worker-core.ts → language.ts) shows. Nothing here is written per function.
 */
import type { BuiltinRecord, Param } from './types.ts';

export type Lang = 'en' | 'zh';

/** A parameter as shown in a signature: `low (下限)`, `mode?`. */
export function paramText(p: Param, lang: Lang = 'en'): string {
  const zh = p.aliases?.[0];
  const name = lang === 'zh' && zh ? `${zh}` : p.name;
  return `${name}${p.optional ? '?' : ''}`;
}

/** The parameters shown in completion details and hovers (`x`, `low`, `mode?`; special forms: their named parameters). */
export function paramList(r: BuiltinRecord, lang: Lang = 'en'): string[] {
  return r.params.map((p) => paramText(p, lang));
}

/** The completion snippet: the record's own, or the name with its required parameters as placeholders. */
export function snippetOf(r: BuiltinRecord): string {
  if (r.snippet) return r.snippet;
  if (r.kind === 'special') return `${r.name}(\${1})`;
  return `${r.name}(${r.params.filter((p) => !p.optional).map((p, i) => `\${${i + 1}:${p.name}}`).join(', ')})`;
}

/** The signature with Chinese names: `限定(x, 下限, 上限)`. */
export function signatureZh(r: BuiltinRecord): string {
  if (r.kind === 'special') return r.doc.example.zh;
  const params = r.params.map((p) => `${p.aliases?.[0] ?? p.name}${p.optional ? '?' : ''}`);
  return `${r.aliases[0] ?? r.name}(${params.join(', ')}${r.variadic ? ', …' : ''})`;
}

export interface Completion {
  readonly label: string;
  /** One-line description shown in the list. */
  readonly detail: string;
  /** Longer text shown beside the selected item. */
  readonly documentation: string;
  readonly snippet?: string;
}

/** Completion items: the English name (with a snippet) and each Chinese name. */
export function completions(r: BuiltinRecord, lang: Lang = 'en'): Completion[] {
  const summary = r.doc.summary[lang];
  const doc = `${r.signature}${r.aliases.length ? ` · ${r.aliases.join(' / ')}` : ''}\n${lang === 'zh' ? '例' : 'e.g.'} ${r.doc.example[lang]}`;
  return [
    { label: r.name, detail: summary, documentation: doc, snippet: snippetOf(r) },
    ...r.aliases.map((a) => ({ label: a, detail: `${r.name}: ${summary}`, documentation: doc })),
  ];
}

export interface HoverParts {
  /** `clamp · 限定` */
  readonly title: string;
  /** Signatures as written, English and (plain functions) Chinese. */
  readonly signatures: readonly string[];
  readonly summary: string;
  readonly example: string;
}

/** Hover content in one language (the playground renders it as Markdown). */
export function hover(r: BuiltinRecord, lang: Lang = 'en'): HoverParts {
  return {
    title: `${r.name}${r.aliases.length ? ` · ${r.aliases.join(' / ')}` : ''}`,
    signatures: r.kind === 'plain' && r.aliases.length ? [r.signature, signatureZh(r)] : [r.signature],
    summary: r.doc.summary[lang],
    example: r.doc.example[lang],
  };
}

/**
 * Completion and hover of every built-in, from its record (src/builtins/describe.ts), and of the
 * constructs written without a call (src/syntax/forms.ts): nothing is written here per function.
 */
import { ALL_BUILTINS } from '../builtins/registry.ts';
import { completions, hover } from '../builtins/describe.ts';
import { FORMS, type FormRecord } from '../syntax/forms.ts';
import type { BuiltinInfo } from './types.ts';

export function builtinInfo(): BuiltinInfo[] {
  return [
    ...ALL_BUILTINS.map((b) => ({
      name: b.name,
      aliases: [...b.aliases],
      special: b.kind === 'special',
      completions: { en: completions(b, 'en'), zh: completions(b, 'zh') },
      hover: { en: { ...hover(b, 'en'), signatures: [...hover(b, 'en').signatures] }, zh: { ...hover(b, 'zh'), signatures: [...hover(b, 'zh').signatures] } },
    })),
    ...FORMS.map(formInfo),
  ];
}

/** A form's completion items (one per word, its snippet) and hover, in both languages. */
function formInfo(f: FormRecord): BuiltinInfo {
  const lang = (l: 'en' | 'zh') => ({
    completions: f.words.map((w) => ({ label: w, detail: f.signature[l], documentation: `${f.summary[l]}\n${l === 'zh' ? '例' : 'e.g.'} ${f.example[l]}`, snippet: f.snippets[w]! })),
    hover: { title: f.words.join(' · '), signatures: [f.signature[l]], summary: f.summary[l], example: f.example[l] },
  });
  const en = lang('en');
  const zh = lang('zh');
  return {
    name: f.words[0]!,
    aliases: f.words.slice(1),
    special: true,
    completions: { en: en.completions, zh: zh.completions },
    hover: { en: en.hover, zh: zh.hover },
    form: { ...(f.literal ? { literal: f.literal } : {}), ...(f.likely ? { likely: f.likely } : {}) },
  };
}

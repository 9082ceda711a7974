/** Completion and hover of every built-in, from its record (src/builtins/describe.ts): nothing is written here per function. */
import { ALL_BUILTINS } from '../builtins/registry.ts';
import { completions, hover } from '../builtins/describe.ts';
import type { BuiltinInfo } from './types.ts';

export function builtinInfo(): BuiltinInfo[] {
  return ALL_BUILTINS.map((b) => ({
    name: b.name,
    aliases: [...b.aliases],
    special: b.kind === 'special',
    completions: { en: completions(b, 'en'), zh: completions(b, 'zh') },
    hover: { en: { ...hover(b, 'en'), signatures: [...hover(b, 'en').signatures] }, zh: { ...hover(b, 'zh'), signatures: [...hover(b, 'zh').signatures] } },
  }));
}

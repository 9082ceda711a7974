/**
 * The words of a distribution's eligibility and smallest group (README 3.11). They are names, not
 * keywords (a column may be called `only`): the parser reads them at the start of an item of a
 * `distribute` block, the editor services complete and explain them. No imports: the editor's
 * bundle takes this without the compiler.
 */

/** `among COND` / `仅限 COND`: who the distribution counts. */
export const AMONG_WORDS: ReadonlySet<string> = new Set(['among', '仅限']);

/** `only groups of at least N` / `仅限 不少于 N 人的组`: the first two words of each form. */
export const MIN_GROUP_WORDS = { en: ['only', 'groups'], zh: ['仅限', '不少于'] } as const;

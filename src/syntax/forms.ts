/**
 * Constructs written without a keyword or a call, described once: a money literal (`500 元`,
 * `¥500`), the shares of the ranking in `distribute` (`top 10% -> 优秀`, `末位 5% → 待改进`), who a
 * distribution counts (`among 参评`, `仅限 参评`) and its smallest group (`only groups of at least 8`,
 * `仅限 不少于 8 人的组`). The parser takes the share and clause words from here, and the editors (src/editor/builtin-info.ts) their
 * completion and hover, as built-ins take theirs from their records.
 */
import { MoneyLiteral } from './tokens.ts';

interface Texts {
  readonly en: string;
  readonly zh: string;
}

export interface FormRecord {
  readonly name: 'money' | 'top' | 'bottom' | 'among' | 'smallest group';
  /** The words a hover or a completion names it by (the first is the English one). */
  readonly words: readonly string[];
  /** As written, in each language. */
  readonly signature: Texts;
  readonly summary: Texts;
  readonly example: Texts;
  /** What completion inserts for each word (`${1:…}` placeholders), by word. */
  readonly snippets: Readonly<Record<string, string>>;
  /** The literal it is written as (a regular expression's source), for a hover on `¥2000`. */
  readonly literal?: string;
  /** A word that is the likely next one after some text (`500 |` → `元`): the text before the cursor, a regular expression's source. */
  readonly likely?: { readonly word: string; readonly after: string };
}

const share = (kind: 'top' | 'bottom', zh: string, pct: number, grade: string, en: Texts): FormRecord => ({
  name: kind,
  words: [kind, zh],
  signature: { en: `${kind} P% [floor|ceil|round] [min N] [max N] -> GRADE`, zh: `${zh} P% [向下取整|向上取整|四舍五入] [最少 N] [最多 N] → 等级` },
  summary: en,
  example: { en: `${kind} ${pct}% -> ${grade}`, zh: `${zh} ${pct}% → ${grade}` },
  snippets: { [kind]: `${kind} \${1:${pct}}% -> \${2:${grade}}`, [zh]: `${zh} \${1:${pct}}% → \${2:${grade}}` },
});

export const FORMS: readonly FormRecord[] = [
  {
    name: 'money',
    words: ['元', '¥', '￥'],
    signature: { en: '500 元 · ¥500', zh: '500 元 · ¥500' },
    summary: {
      en: 'an amount of money written in the policy: a number followed by 元, or ¥ before it. A count times an amount is money; money divided by money is a ratio',
      zh: '方案里直接写出的金额：数字后面跟“元”，或数字前面加 ¥。计数乘以金额得到金额，金额除以金额得到比值',
    },
    example: { en: 'min(新渠道数 * 500 元, 2000 元)', zh: 'min(新渠道数 * 500 元, 2000 元)' },
    snippets: { 元: '元', '¥': '¥${1:500}', '￥': '￥${1:500}' },
    literal: MoneyLiteral.PATTERN instanceof RegExp ? MoneyLiteral.PATTERN.source : String(MoneyLiteral.PATTERN),
    likely: { word: '元', after: '\\d[ \\t\\u3000]*$' },
  },
  share('top', '前', 10, '优秀', {
    en: 'in `distribute`: the best-ranked P% of each group (ranked by `order by`, rank 1 first) get GRADE, whatever grade they had; rounded up by default; ties follow the ranking',
    zh: '用在 `distribute`（强制分布）中：每组按 `order by` 排名，排在最前面的 P% 得到该等级，不论原来是什么等级；名额默认向上取整；并列时按排名先后',
  }),
  share('bottom', '末位', 5, '待改进', {
    en: 'in `distribute`: the lowest-ranked P% of each group (ranked by `order by`, the last ranks) get GRADE, whatever grade they had — the 末位 rule; rounded up by default; ties follow the ranking',
    zh: '用在 `distribute`（强制分布）中：每组按 `order by` 排名，排在最后的 P% 得到该等级，不论原来是什么等级，即“末位”规则；名额默认向上取整；并列时按排名先后',
  }),
  {
    name: 'among',
    words: ['among', '仅限'],
    signature: { en: 'among CONDITION', zh: '仅限 条件' },
    summary: {
      en: 'in `distribute`: only the people for whom the condition is true are counted in the headcount, ranked and moved by the quotas; the others keep their grades. `仅限 不少于 N 人的组` is the smallest group',
      zh: '用在 `distribute`（强制分布）中：只有条件为真的人员计入人数、参加排名、受名额调整，其余人员等级不变。`仅限 不少于 N 人的组` 是最小组人数',
    },
    example: { en: 'among 参评 and 在岗月数 >= 6', zh: '仅限 参评 且 在岗月数 >= 6' },
    snippets: { among: 'among ${1:参评}', 仅限: '仅限 ${1:参评}' },
  },
  {
    name: 'smallest group',
    words: ['only', '不少于'],
    signature: { en: 'only groups of at least N', zh: '仅限 不少于 N 人的组' },
    summary: {
      en: 'in `distribute`: a group with fewer than N people counted (after `among`) is not distributed; its people keep their grades. A group of exactly N is distributed',
      zh: '用在 `distribute`（强制分布）中：计入人数（`仅限 条件` 之后）少于 N 的组不做强制分布，组内人员等级不变；恰好 N 人的组照常分布',
    },
    example: { en: 'only groups of at least 8', zh: '仅限 不少于 8 人的组' },
    snippets: { only: 'only groups of at least ${1:8}', 不少于: '不少于 ${1:8} 人的组' },
  },
];

/** `among COND` / `仅限 COND`: who a distribution counts (names, not keywords). */
export const AMONG_WORDS: ReadonlySet<string> = new Set(FORMS.find((f) => f.name === 'among')!.words);

/** `only groups of at least N` / `仅限 不少于 N 人的组`: the first two words of each form. */
export const MIN_GROUP_WORDS = { en: ['only', 'groups'], zh: ['仅限', '不少于'] } as const;

/** The words of a share of the ranking (README 3.11): they are names, not keywords. */
export const SHARE_WORDS: ReadonlyMap<string, 'top' | 'bottom'> = new Map(
  FORMS.flatMap((f) => {
    const kind = f.name;
    return kind === 'top' || kind === 'bottom' ? f.words.map((w) => [w, kind] as const) : [];
  }),
);

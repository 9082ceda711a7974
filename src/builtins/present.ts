/** `present(x)` / `有值(x)`: true when x has a value. */
import type { PlainBuiltin } from './types.ts';

export const present: PlainBuiltin = {
  kind: 'plain',
  name: 'present',
  aliases: ['有值'],
  params: [{ name: 'x', kind: 'any' }],
  signature: 'present(x)',
  doc: {
    summary: { en: 'true when x has a value (is not missing)', zh: 'x 有值（不缺失）时为真' },
    example: { en: 'if present(rating) then rating else 60', zh: '如果 有值(评分) 则 评分 否则 60' },
  },
  result: 'bool',
  strict: false,
  missingFrom: [],
  impl: ([x]) => x !== null,
  // A true/false value: no numeric sensitivity.
  sensitivity: (o) => o.unknown,
  shownAsValue: true,
  sql: (g) => ({ v: `(${g.arg(0).v} IS NOT NULL)`, kind: 'bool' }),
  fast: (g, args) => {
    const v = g.gen(args[0]!);
    return g.boolLocal(v.mm ? `!${g.missing(v)}` : 'true', false);
  },
  lint: () => ({ maybeNull: false }),
};

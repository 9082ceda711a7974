/** `min(a, b, …)` / `最小(…)`: the smallest of its arguments. (With one related-table argument it is an aggregate: see count.ts.) */
import { Decimal } from '../numeric/decimal.ts';
import * as I from '../numeric/interval.ts';
import * as M from '../numeric/interval-math.ts';
import { anyMissing, capsMinMax, num } from './common.ts';
import type { PlainBuiltin } from './types.ts';

export const min: PlainBuiltin = {
  kind: 'plain',
  name: 'min',
  aliases: ['最小'],
  params: [{ name: 'a', kind: 'num' }, { name: 'b', kind: 'num' }],
  variadic: true,
  aggregate: 'min',
  signature: 'min(a, b, …)',
  doc: {
    summary: { en: 'the smallest of its arguments', zh: '各参数中最小的一个' },
    example: { en: 'min(score, 100)', zh: '最小(得分, 100)' },
  },
  result: { sameAs: 0 },
  strict: true,
  range: (r) => r.reduce((x, y) => I.minOf(x, y)),
  impl: (a) => Decimal.min(...a.map(num)),
  branch: (args, result) => {
    const i = args.findIndex((a) => (result as Decimal).eq(a as Decimal));
    return i < 0 ? undefined : i;
  },
  sensitivity: (o, args) => args.reduce(o.most, o.none),
  outcomes: (call, args) => args.map((a) => `\`${call}\` takes \`${a.text}\`${a.literal ? ' (bound hit)' : ''}`),
  decidedBy: (i) => i,
  explain: (lang, branch, call, args) => {
    const a = args[branch];
    if (!a) return undefined;
    return lang === 'zh' ? `\`${call}\` 取 \`${a.text}\`${a.literal ? '（触及限值）' : ''}` : `\`${call}\` takes \`${a.text}\`${a.literal ? ' (the bound applies)' : ''}`;
  },
  sql: (g) => ({ v: g.strict(`LEAST(${Array.from({ length: g.count }, (_, i) => g.num(i)).join(', ')})`) }),
  fast: (g, args) => g.minmax(args.map((a) => g.asNum(g.gen(a))), true),
  lint: (args, cap) => {
    capsMinMax(args, true, cap, M.lo, M.hi);
    return { iv: args.map((a) => a.iv).reduce((a, b) => M.minOf(a, b)), maybeNull: anyMissing(args) };
  },
};

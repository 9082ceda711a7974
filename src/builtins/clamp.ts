/** `clamp(x, low, high)` / `限定(x, 下限, 上限)`: x limited to [low, high]. */
import { Decimal } from '../numeric/decimal.ts';
import * as I from '../numeric/interval.ts';
import * as M from '../numeric/interval-math.ts';
import { anyMissing, num } from './common.ts';
import type { PlainBuiltin } from './types.ts';

export const clamp: PlainBuiltin = {
  kind: 'plain',
  name: 'clamp',
  aliases: ['限定'],
  params: [{ name: 'x', kind: 'num' }, { name: 'low', aliases: ['下限'], kind: 'num' }, { name: 'high', aliases: ['上限'], kind: 'num' }],
  signature: 'clamp(x, low, high)',
  doc: {
    summary: { en: 'x limited to the range [low, high]', zh: 'x 限定在区间 [下限, 上限] 内' },
    example: { en: 'clamp(score, low: 0, high: 120)', zh: '限定(得分, 下限: 0, 上限: 120)' },
  },
  result: { sameAs: 0 },
  strict: true,
  range: (r) => I.clampTo(r[0]!, r[1]!, r[2]!),
  impl: ([x, lo, hi]) => Decimal.min(Decimal.max(num(x), num(lo)), num(hi)),
  // 0: raised to the low bound, 1: within, 2: cut to the high bound.
  branch: ([x, lo, hi]) => (num(x).lt(num(lo)) ? 0 : num(x).gt(num(hi)) ? 2 : 1),
  sensitivity: (o, args) => args.reduce(o.most, o.none),
  outcomes: (call, [, lo, hi]) => [`\`${call}\` raised to the low bound \`${lo!.text}\``, `\`${call}\` within its bounds`, `\`${call}\` cut to the high bound \`${hi!.text}\``],
  // x decides when within (1), the low bound when raised (0), the high one when cut (2).
  decidedBy: (i) => (i === 1 ? 0 : i === 2 ? 2 : 1),
  explain: (lang, branch, call, [, lo, hi]) => {
    if (branch === 0) return lang === 'zh' ? `\`${call}\`：低于下限，取下限 ${lo!.value}` : `\`${call}\`: below the low bound, raised to ${lo!.value}`;
    if (branch === 2) return lang === 'zh' ? `\`${call}\`：高于上限，取上限 ${hi!.value}` : `\`${call}\`: above the high bound, cut to ${hi!.value}`;
    return lang === 'zh' ? `\`${call}\`：在上下限之内` : `\`${call}\`: within its bounds`;
  },
  sql: (g) => ({ v: g.strict(`LEAST(GREATEST(${g.num(0)}, ${g.num(1)}), ${g.num(2)})`) }),
  fast: (g, args) => {
    const [x, lo, hi] = args.map((a) => g.asNum(g.gen(a)));
    const mm = x!.mm || lo!.mm || hi!.mm;
    return g.minmax([g.minmax([{ ...x!, mm }, lo!], false), hi!], true);
  },
  lint: (args, cap) => {
    const [x, lo, hi] = args.map((a) => a.iv) as [I.Interval, I.Interval, I.Interval];
    if (M.hi(x).lte(M.lo(lo))) cap(0, 1);
    else if (M.lo(x).gte(M.hi(lo))) cap(1, 0);
    if (M.lo(x).gte(M.hi(hi))) cap(0, 2);
    else if (M.hi(x).lte(M.lo(hi))) cap(2, 0);
    return { iv: M.minOf(M.maxOf(x, lo), hi), maybeNull: anyMissing(args) };
  },
};

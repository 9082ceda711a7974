/** `ratio(a, b, zero)` / `比率(a, b, 为零时)`: a ÷ b, or `zero` when b is 0. */
import { ZERO } from '../numeric/decimal.ts';
import * as I from '../numeric/interval.ts';
import * as M from '../numeric/interval-math.ts';
import { anyMissing, num } from './common.ts';
import type { PlainBuiltin } from './types.ts';

export const ratio: PlainBuiltin = {
  kind: 'plain',
  name: 'ratio',
  aliases: ['比率'],
  params: [{ name: 'a', kind: 'num' }, { name: 'b', kind: 'num' }, { name: 'zero', aliases: ['为零时'], kind: 'num' }],
  signature: 'ratio(a, b, zero)',
  doc: {
    summary: { en: 'a ÷ b, or `zero` when b is 0', zh: 'a ÷ b；b 为 0 时取 `为零时`' },
    example: { en: 'ratio(sales, target, zero: 0)', zh: '比率(销售额, 目标, 为零时: 0)' },
  },
  // The unit of a ÷ b (README 3.5 Units): percentage ÷ percentage is a number.
  result: 'ratio',
  strict: true,
  // [a, b, zero]: a ÷ b over each part of b without 0, joined with zero (only zero when b is always 0).
  range: ([a, b, z]) => I.subtractAll([b!], I.point(ZERO)).reduce((acc, part) => I.hull(acc, I.div(a!, part)), z!),
  impl: ([a, b, z]) => (num(b).isZero() ? num(z) : num(a).div(num(b))),
  // 0: divides, 1: the divisor is 0.
  branch: (args) => (num(args[1]!).isZero() ? 1 : 0),
  fast: (g, args) => {
    const [a, b, z] = args.map((x) => g.asNum(g.gen(x)));
    return g.ratio(a!, b!, z!);
  },
  lint: (args) => ({ iv: M.ratio(args[0]!.iv, args[1]!.iv, args[2]!.iv), maybeNull: anyMissing(args) }),
};

/** `ratio(a, b, zero)` / `比率(a, b, 为零时)`: a ÷ b, or `zero` when b is 0. */
import { Decimal, ZERO } from '../numeric/decimal.ts';
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
  result: 'quotient',
  strict: true,
  // [a, b, zero]: a ÷ b over each part of b without 0, joined with zero (only zero when b is always 0).
  range: ([a, b, z]) => I.subtractAll([b!], I.point(ZERO)).reduce((acc, part) => I.hull(acc, I.div(a!, part)), z!),
  impl: ([a, b, z]) => (num(b).isZero() ? num(z) : num(a).div(num(b))),
  // 0: divides, 1: the divisor is 0.
  branch: (args) => (num(args[1]!).isZero() ? 1 : 0),
  // With a constant divisor and zero value: a times at most 1 / |b|.
  sensitivity: (o, [a, b, z], exprs) => {
    if (!o.isNone(b!) || !o.isNone(z!)) return o.unknown;
    const parts = M.subtract(o.range(exprs[1]!), M.point(ZERO));
    return o.scale(a!, parts.reduce((m, p) => Decimal.max(m, M.maxAbs(M.reciprocal(p))), ZERO));
  },
  outcomes: (call, [, , z]) => [`\`${call}\` divides`, `\`${call}\` divisor is 0 → \`${z!.text}\``],
  explain: (lang, branch, _call, [, b, z]) => (branch !== 1 ? undefined : lang === 'zh' ? `\`${b!.text}\` 为 0 → 取 \`zero: ${z!.text}\`` : `\`${b!.text}\` is 0 → \`zero: ${z!.text}\``),
  sql: (g) => {
    const b = g.hoist(g.num(1));
    return { v: g.strict(`CASE WHEN ${b} = 0 THEN ${g.num(2)} ELSE ${g.div(g.hoist(g.num(0)), b)} END`) };
  },
  fast: (g, args) => {
    const [a, b, z] = args.map((x) => g.asNum(g.gen(x)));
    return g.ratio(a!, b!, z!);
  },
  lint: (args) => ({ iv: M.ratio(args[0]!.iv, args[1]!.iv, args[2]!.iv), maybeNull: anyMissing(args) }),
};

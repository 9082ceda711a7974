/** `abs(x)` / `绝对值(x)`: absolute value. */
import { ZERO } from '../numeric/decimal.ts';
import * as M from '../numeric/interval-math.ts';
import { anyMissing, num } from './common.ts';
import type { PlainBuiltin } from './types.ts';

export const abs: PlainBuiltin = {
  kind: 'plain',
  name: 'abs',
  aliases: ['绝对值'],
  params: [{ name: 'x', kind: 'num' }],
  signature: 'abs(x)',
  doc: {
    summary: { en: 'absolute value', zh: '绝对值' },
    example: { en: 'abs(actual - target)', zh: '绝对值(实际 - 目标)' },
  },
  result: { sameAs: 0 },
  strict: true,
  range: () => ({ lo: { v: ZERO, closed: true }, hi: { closed: false } }),
  impl: ([x]) => num(x).abs(),
  // 1-Lipschitz.
  sensitivity: (o, args) => args.reduce(o.most, o.none),
  sql: (g) => ({ v: `abs(${g.num(0)})` }),
  fast: (g, args) => g.abs(g.asNum(g.gen(args[0]!))),
  lint: (args) => ({ iv: M.abs(args[0]!.iv), maybeNull: anyMissing(args) }),
};

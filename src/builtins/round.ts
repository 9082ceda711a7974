/** `round(x, decimals [, mode])` / `舍入(x, 位数 [, 方式])`: x rounded to `decimals` places. */
import { Decimal, roundTo, type RoundingMode } from '../numeric/decimal.ts';
import * as M from '../numeric/interval-math.ts';
import { anyMissing, num } from './common.ts';
import type { PlainBuiltin } from './types.ts';

export const round: PlainBuiltin = {
  kind: 'plain',
  name: 'round',
  aliases: ['舍入'],
  params: [
    { name: 'x', kind: 'num' },
    { name: 'decimals', aliases: ['位数'], kind: 'int-const' },
    { name: 'mode', aliases: ['方式'], optional: true, kind: 'mode-const' },
  ],
  signature: 'round(x, decimals [, mode])',
  doc: {
    summary: {
      en: 'x rounded to `decimals` places, half-up unless `mode` says half_even, down, up, floor or ceil',
      zh: 'x 舍入到 `位数` 位小数，默认四舍五入；`方式` 可为 half_even、down、up、floor 或 ceil',
    },
    example: { en: 'round(bonus, 2, mode: half_even)', zh: '舍入(奖金, 2, 方式: half_even)' },
  },
  result: { sameAs: 0 },
  strict: true,
  decimalsArg: 1,
  // The range of x with its ends rounded outwards (whatever the mode): round(w, 0) of w in (0, 1]
  // can be 0, so it is no safe divisor.
  range: ([x, d]) => {
    // No valid literal (KPL2034 says so): whole numbers, the widest rounding.
    const n = d?.lo.v?.toNumber() ?? 0;
    const places = Number.isInteger(n) && n >= 0 && n <= 20 ? n : 0;
    return {
      lo: x!.lo.v ? { v: roundTo(x!.lo.v, places, 'floor'), closed: true } : x!.lo,
      hi: x!.hi.v ? { v: roundTo(x!.hi.v, places, 'ceil'), closed: true } : x!.hi,
    };
  },
  impl: ([x, n, mode]) => roundTo(num(x), num(n).toNumber(), ((mode as string | undefined) ?? 'half_up') as RoundingMode),
  // Moves the value by at most one unit of the last place kept.
  sensitivity: (o, [x], exprs) => {
    const d = exprs[1]?.k === 'num' ? Number(exprs[1].v) : 0;
    return o.jump(x!, new Decimal(10).pow(-d));
  },
  sql: (g) => ({ v: g.round(0, 1, 2) }),
  fast: (g, args) => {
    const x = g.asNum(g.gen(args[0]!));
    const d = args[1];
    if (!d || d.k !== 'num') return g.unsupported('round to a computed number of places');
    const places = Number(d.v);
    if (!Number.isInteger(places) || places < 0 || places > g.maxScale) return g.unsupported('round places');
    const modeArg = args[2];
    const mode = modeArg ? (modeArg.k === 'str' ? g.modes.indexOf(modeArg.v) : -1) : 0;
    if (mode < 0) return g.unsupported('rounding mode');
    return g.round(x, places, mode);
  },
  lint: (args) => {
    const [x, d, m] = args;
    const places = d?.expr.k === 'num' ? Number(d.expr.v) : 0;
    const mode = (m?.expr.k === 'str' && m.expr.v ? m.expr.v : 'half_up') as RoundingMode;
    return { iv: M.round(x!.iv, places, mode), maybeNull: anyMissing(args) };
  },
};

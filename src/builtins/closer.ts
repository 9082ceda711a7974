/** `closer(actual, target, tolerance)` / `偏差计分(实际, 目标, 容差)`: closer to target is better. */
import { Decimal, HUNDRED, ONE, ZERO } from '../numeric/decimal.ts';
import * as I from '../numeric/interval.ts';
import * as M from '../numeric/interval-math.ts';
import { anyMissing, num } from './common.ts';
import type { PlainBuiltin } from './types.ts';

export const closer: PlainBuiltin = {
  kind: 'plain',
  name: 'closer',
  aliases: ['偏差计分'],
  params: [{ name: 'actual', kind: 'num' }, { name: 'target', aliases: ['目标'], kind: 'num' }, { name: 'tolerance', aliases: ['容差'], kind: 'num' }],
  signature: 'closer(actual, target, tolerance)',
  doc: {
    summary: {
      en: 'closer to target is better: max(0, 100 × (1 − |actual − target| ÷ tolerance))',
      zh: '越接近目标越好：max(0, 100 × (1 − |实际 − 目标| ÷ 容差))',
    },
    example: { en: 'closer(budget_used, target: 100%, tolerance: 20%)', zh: '偏差计分(预算执行率, 目标: 100%, 容差: 20%)' },
  },
  result: { unit: 'number' },
  strict: true,
  range: () => I.between(new Decimal(0), new Decimal(100)),
  impl: ([a, t, tol]) => Decimal.max(ZERO, HUNDRED.times(ONE.minus(num(a).minus(num(t)).abs().div(num(tol))))),
  // With a constant tolerance: 100 ÷ tolerance times the change of actual and target.
  sensitivity: (o, [a, t, tol], exprs) => {
    if (!o.isNone(tol!)) return o.unknown;
    return o.scale(o.plus(a!, t!), M.maxAbs(M.reciprocal(o.range(exprs[2]!))).times(100));
  },
  sql: (g) => {
    // max(0, 100 × (1 − |actual − target| ÷ tolerance)), as `impl`.
    const tol = g.hoist(g.num(2));
    const diff = g.hoist(`abs(${g.num(0)} - ${g.num(1)})`);
    return { v: g.strict(`GREATEST(${g.lit('0')}, ${g.mul(g.lit('100'), `${g.lit('1')} - ${g.div(diff, tol)}`)})`) };
  },
  fast: (g, args) => {
    const [a, t, tol] = args.map((x) => g.asNum(g.gen(x)));
    // max(0, 100 × (1 − |a − t| ÷ tol)); a zero tolerance is left to the interpreter.
    const mm = a!.mm || t!.mm || tol!.mm;
    const [vl, v] = g.capture(() => {
      const q = g.div(g.abs(g.add('-', { ...a!, mm: false }, { ...t!, mm: false })), { ...tol!, mm: false }, true);
      return g.minmax([g.constNum('0'), g.mul(g.constNum('100'), g.add('-', g.constNum('1'), q))], false);
    });
    if (!mm) {
      g.splice(vl);
      return v;
    }
    const res = g.holder([v], true);
    g.open(`if (!(${g.missing(a!)} || ${g.missing(t!)} || ${g.missing(tol!)}))`);
    g.splice(vl);
    g.assign(res, v);
    g.close();
    return res;
  },
  lint: (args) => ({ iv: M.between(ZERO, new Decimal(100)), maybeNull: anyMissing(args) }),
};

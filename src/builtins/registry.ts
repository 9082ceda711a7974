/**
 * Plain built-in functions: each declared once, with its parameters, its type rule (read by the
 * checker) and its implementation (read by the evaluator) side by side, as OPA and cel-js do.
 * Special forms with a table block or a cohort (interpolate, steps, lookup, group_mean, rank,
 * allocate, aggregates) have their own plan nodes instead.
 */
import { Decimal, roundTo, ZERO, HUNDRED, ONE, type RoundingMode } from '../numeric/decimal.ts';
import type { Value } from '../data/value.ts';

export interface Param {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly optional?: boolean;
}

/** What the checker needs to know of an argument's type. */
export type ArgKind = 'num' | 'any' | 'int-const' | 'mode-const';

export interface Builtin {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly params: readonly Param[];
  /** Extra positional arguments of the last parameter's kind (min, max). */
  readonly variadic?: boolean;
  readonly kinds: readonly ArgKind[];
  /** Result unit: the unit of argument N, a fixed unit, or bool. */
  readonly result: { readonly sameAs: number } | { readonly unit: 'number' | 'percent' } | 'bool' | 'ratio';
  /** False when the function yields a value even from missing arguments. */
  readonly strict: boolean;
  readonly summary: string;
  readonly impl: (args: readonly Value[]) => Value;
}

const num = (v: Value): Decimal => v as Decimal;

export const BUILTINS: readonly Builtin[] = [
  {
    name: 'min', aliases: ['最小'], params: [{ name: 'a' }, { name: 'b' }], variadic: true, kinds: ['num', 'num'],
    result: { sameAs: 0 }, strict: true, summary: 'the smallest of its arguments',
    impl: (a) => Decimal.min(...a.map(num)),
  },
  {
    name: 'max', aliases: ['最大'], params: [{ name: 'a' }, { name: 'b' }], variadic: true, kinds: ['num', 'num'],
    result: { sameAs: 0 }, strict: true, summary: 'the largest of its arguments',
    impl: (a) => Decimal.max(...a.map(num)),
  },
  {
    name: 'clamp', aliases: ['限定'], params: [{ name: 'x' }, { name: 'low', aliases: ['下限'] }, { name: 'high', aliases: ['上限'] }], kinds: ['num', 'num', 'num'],
    result: { sameAs: 0 }, strict: true, summary: 'x limited to the range [low, high]',
    impl: ([x, lo, hi]) => Decimal.min(Decimal.max(num(x), num(lo)), num(hi)),
  },
  {
    name: 'abs', aliases: ['绝对值'], params: [{ name: 'x' }], kinds: ['num'],
    result: { sameAs: 0 }, strict: true, summary: 'absolute value',
    impl: ([x]) => num(x).abs(),
  },
  {
    name: 'round', aliases: ['舍入'], params: [{ name: 'x' }, { name: 'decimals', aliases: ['位数'] }, { name: 'mode', aliases: ['方式'], optional: true }],
    kinds: ['num', 'int-const', 'mode-const'], result: { sameAs: 0 }, strict: true,
    summary: 'x rounded to `decimals` places, half-up unless `mode` says half_even, down, up, floor or ceil',
    impl: ([x, n, mode]) => roundTo(num(x), num(n).toNumber(), ((mode as string | undefined) ?? 'half_up') as RoundingMode),
  },
  {
    name: 'ratio', aliases: ['比率'], params: [{ name: 'a' }, { name: 'b' }, { name: 'zero', aliases: ['为零时'] }], kinds: ['num', 'num', 'num'],
    result: 'ratio', strict: true, summary: 'a ÷ b, or `zero` when b is 0',
    impl: ([a, b, z]) => (num(b).isZero() ? num(z) : num(a).div(num(b))),
  },
  {
    name: 'closer', aliases: ['偏差计分'], params: [{ name: 'actual' }, { name: 'target', aliases: ['目标'] }, { name: 'tolerance', aliases: ['容差'] }], kinds: ['num', 'num', 'num'],
    result: { unit: 'number' }, strict: true, summary: 'closer to target is better: max(0, 100 × (1 − |actual − target| ÷ tolerance))',
    impl: ([a, t, tol]) => Decimal.max(ZERO, HUNDRED.times(ONE.minus(num(a).minus(num(t)).abs().div(num(tol))))),
  },
  {
    name: 'present', aliases: ['有值'], params: [{ name: 'x' }], kinds: ['any'],
    result: 'bool', strict: false, summary: 'true when x has a value (is not missing)',
    impl: ([x]) => x !== null,
  },
  {
    name: 'default', aliases: ['缺省'], params: [{ name: 'x' }, { name: 'fallback', aliases: ['缺省值'] }], kinds: ['any', 'any'],
    result: { sameAs: 0 }, strict: false, summary: 'x, or `fallback` when x is missing',
    impl: ([x, f]) => (x === null ? (f ?? null) : x),
  },
];

const byName = new Map<string, Builtin>();
for (const b of BUILTINS) for (const n of [b.name, ...b.aliases]) byName.set(n, b);

export function findBuiltin(name: string): Builtin | undefined {
  return byName.get(name);
}

/** Names of the special forms handled by the checker directly, with their Chinese aliases. */
export const SPECIAL_FORMS: Record<string, readonly string[]> = {
  interpolate: ['插值'],
  steps: ['阶梯'],
  lookup: ['对照'],
  group_mean: ['分组加权'],
  count: ['计数'],
  sum: ['求和'],
  mean: ['平均'],
  rank: ['排名'],
  allocate: ['分配'],
  progressive: ['累进'],
};

const specialByName = new Map<string, string>();
for (const [k, v] of Object.entries(SPECIAL_FORMS)) for (const n of [k, ...v]) specialByName.set(n, k);

export function findSpecialForm(name: string): string | undefined {
  return specialByName.get(name);
}

export const ROUNDING_MODES = ['half_up', 'half_even', 'down', 'up', 'floor', 'ceil'] as const;

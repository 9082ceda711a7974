/**
 * Optional instrumentation of an evaluation. When an `EvalRecorder` is attached, the evaluator
 * reports every decision it takes (which steps row, interpolation segment, lookup entry or
 * if-branch applied, which bound of min/max/clamp won, which grade band, veto or quota rule
 * applied, which tie-break key decided a ranking). Coverage (`kpl test --coverage`) and the
 * appeal report (`kpl explain`) are built on it.
 *
 * Without a recorder nothing is recorded and nothing extra is computed: every hook is a single
 * `recorder?.hit(...)` whose arguments are not even evaluated when the recorder is absent.
 *
 * `site` is the plan object that decided (an expression node, a band, a veto, a quota rule, a
 * tie-break entry, a weight, a group-weight entry, an indicator); `branch` says which way:
 *
 * | site                         | branch                                                        |
 * |------------------------------|---------------------------------------------------------------|
 * | steps                        | row index; rows.length = otherwise                            |
 * | interp                       | 0 below; i = segment points[i-1]..points[i]; points.length = above |
 * | map (lookup)                 | entry index; entries.length = otherwise                       |
 * | if                           | 0 then, 1 else                                                |
 * | call min / max               | index of the (first) argument that gave the result            |
 * | call clamp                   | 0 raised to the low bound, 1 within, 2 cut to the high bound  |
 * | call ratio                   | 0 divided, 1 the divisor was 0 (the `zero` value)             |
 * | call default / default node  | 0 the value, 1 the fallback                                   |
 * | grouped (group_mean)         | per group used: 0 mean of all values, 1 trimmed mean          |
 * | grouped weight entry         | 0 absent (weight re-normalised away), 1 present               |
 * | weight `by` (variants)       | index of the variant used; values.length = none (weight 0)    |
 * | indicator                    | 0 not applicable (its `missing` rule applied)                 |
 * | band                         | 0 the total fell in it                                        |
 * | veto                         | 0 fired                                                       |
 * | quota rule                   | 0 within quota (nobody moved), 1 someone moved                |
 * | tie-break entry              | 0 this key decided the order of two ranked people             |
 * | allocate                     | 0 a pool shared, 1 every weight zero (pool unallocated)       |
 *
 * `p` is the person concerned (undefined for cohort decisions: quota rules, tie-breaks, pools);
 * `detail` carries the values decided on, for explanations.
 */
import type { Person } from './person.ts';

export interface EvalRecorder {
  hit(p: Person | undefined, site: object, branch: number, detail?: unknown): void;
}

/** The branch a built-in call took (see the table above), or undefined for calls without branches. */
export function callBranch(fn: string, args: readonly unknown[], result: unknown): number | undefined {
  switch (fn) {
    case 'min':
    case 'max': {
      const r = result as { eq(x: unknown): boolean };
      const i = args.findIndex((a) => r.eq(a));
      return i < 0 ? undefined : i;
    }
    case 'clamp': {
      const [x, lo, hi] = args as { lt(y: unknown): boolean; gt(y: unknown): boolean }[];
      return x!.lt(lo) ? 0 : x!.gt(hi) ? 2 : 1;
    }
    case 'ratio':
      return (args[1] as { isZero(): boolean }).isZero() ? 1 : 0;
    case 'default':
      return args[0] === null ? 1 : 0;
    default:
      return undefined;
  }
}

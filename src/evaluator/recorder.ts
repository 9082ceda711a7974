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
 * | call (plain built-in)        | its record's `branch` (src/builtins/<name>.ts): min / max the argument taken, clamp 0 low / 1 within / 2 high, ratio 1 when the divisor was 0, default 1 the fallback |
 * | default node                 | 0 the value, 1 the fallback                                   |
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

/**
 * The size of a quota (README 3.11), for both engines: share × headcount, rounded as the rule
 * states (floor, ceil, or half up), then held within its min / max, and never above the headcount.
 * Computed in decimals (a share such as 15% is not exact in binary), memoised per rule and
 * headcount: a distribution over many groups of equal size asks the same question many times.
 */
import type { QuotaRule } from '../plan/schema.ts';
import { Decimal } from '../numeric/decimal.ts';

const memo = new WeakMap<QuotaRule, Map<number, number>>();

/** The quota of a rule for a group of `headcount` people. */
export function quotaOf(rule: QuotaRule, headcount: number): number {
  let byCount = memo.get(rule);
  if (!byCount) memo.set(rule, (byCount = new Map()));
  let q = byCount.get(headcount);
  if (q === undefined) byCount.set(headcount, (q = computeQuota(rule, headcount)));
  return q;
}

function computeQuota(rule: QuotaRule, headcount: number): number {
  const raw = new Decimal(headcount).times(rule.share);
  let q = (rule.rounding === 'floor' ? raw.floor() : rule.rounding === 'ceil' ? raw.ceil() : raw.toDecimalPlaces(0, Decimal.ROUND_HALF_UP)).toNumber();
  if (rule.min !== undefined) q = Math.max(q, rule.min);
  if (rule.max !== undefined) q = Math.min(q, rule.max);
  return Math.min(q, headcount);
}

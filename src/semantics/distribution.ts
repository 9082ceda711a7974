/**
 * Forced distribution (强制分布, README 3.11), decided once for both engines: the order quota
 * rules apply in, and what one rule does to a ranked group. Engines supply the group (who is at
 * which grade now), the ranking (ranking.ts) and where a placement is recorded; they hold no rule
 * of their own. Per group, rules apply in written order, each to the grades the rules before it
 * left. `at most`: the people of the grade past the quota, in ranking order, move to the rule's
 * other grade. `at least`: the people missing from the quota are taken from the other grade —
 * its lowest-ranked when that grade is better (they come down), its best-ranked when it is worse
 * (they go up). quota_rank is a person's rank in the last quota ranking they took part in.
 *
 * Who a group holds is the engines' to read, by one rule: with `among COND`, only people for whom
 * COND is true (not false, not missing) are in their group — counted in its headcount, ranked,
 * moved; a person whose COND cannot be computed is an error row and in no group. With `only groups
 * of at least N`, a group with fewer than N people in it is not distributed at all (isDistributed).
 */
import type { Distribution, QuotaRule } from '../plan/schema.ts';
import { quotaOf } from './quota.ts';
import { Decimal } from '../numeric/decimal.ts';

/** A group as a rule sees it. */
export interface QuotaGroup<P> {
  /** Everyone listed in the group, assessed or not: quotas are shares of this. */
  readonly headcount: number;
  /** How many assessed members are at `grade` now. */
  count(grade: string): number;
  /** The assessed members at `grade` now, in input order (a fresh array, sorted in place). */
  at(grade: string): P[];
  /** Every assessed member, whatever their grade, in input order (a fresh array): top/bottom rank them all. */
  assessed(): P[];
  /** A member's grade now. */
  gradeOf(p: P): string;
}

/** What an engine does with a rule's decisions. */
export interface QuotaSteps<P> {
  /** Sorts people into ranking order (ranking.ts compareRanked). */
  rank(people: P[]): void;
  /**
   * p took part in `rule`'s ranking of grade `at`, ranked `rank` of `of` (quota_rank); it moves
   * to grade `to` when that is given.
   */
  place(p: P, rank: number, of: number, rule: QuotaRule, at: string, to: string | undefined): void;
}

/** 1: the rule moved somebody; 0: the quota held; -1: nobody the rule concerns. */
export type QuotaOutcome = 1 | 0 | -1;

/**
 * Applies one rule to one group. `ranksWanted` false (nothing reads quota_rank): a group nobody
 * leaves is not ranked, since its ranking would change nothing.
 */
export function applyQuotaRule<P>(rule: QuotaRule, gradeOrder: readonly string[], group: QuotaGroup<P>, steps: QuotaSteps<P>, ranksWanted = true): QuotaOutcome {
  const quota = quotaOf(rule, group.headcount);
  if (rule.kind === 'top' || rule.kind === 'bottom') {
    // Everyone assessed is ranked; the first (top) or last (bottom) `quota` of the ranking get the
    // rule's grade, whatever grade they had. Ties keep the ranking's order (ranking.ts).
    const everyone = group.assessed();
    if (everyone.length === 0) return -1;
    steps.rank(everyone);
    const n = Math.min(quota, everyone.length);
    const from = rule.kind === 'top' ? 0 : everyone.length - n;
    let moved = false;
    everyone.forEach((p, i) => {
      const g = group.gradeOf(p);
      const to = i >= from && i < from + n && g !== rule.grade ? rule.grade : undefined;
      if (to !== undefined) moved = true;
      steps.place(p, i + 1, everyone.length, rule, g, to);
    });
    return moved ? 1 : 0;
  }
  if (rule.kind === 'at_most') {
    const n = group.count(rule.grade);
    const outcome: QuotaOutcome = n === 0 ? -1 : n > quota ? 1 : 0;
    if (n === 0 || (n <= quota && !ranksWanted)) return outcome;
    const ranked = group.at(rule.grade);
    steps.rank(ranked);
    ranked.forEach((p, i) => steps.place(p, i + 1, ranked.length, rule, rule.grade, i >= quota ? rule.to : undefined));
    return outcome;
  }
  const need = quota - group.count(rule.grade);
  if (need <= 0) return 0;
  const donors = group.at(rule.to);
  if (donors.length === 0) return -1;
  steps.rank(donors);
  const promote = gradeOrder.indexOf(rule.to) > gradeOrder.indexOf(rule.grade);
  const from = promote ? 0 : Math.max(donors.length - need, 0);
  const to = promote ? Math.min(need, donors.length) : donors.length;
  donors.forEach((p, i) => steps.place(p, i + 1, donors.length, rule, rule.to, i >= from && i < to ? rule.grade : undefined));
  return 1;
}

/** A rule as explanations and facts show it: `B at most 20% (floor, min 1)`, `bottom 5% -> D (ceil)`. */
export function quotaRuleText(rule: QuotaRule): string {
  const share = `${new Decimal(rule.share).times(100).toFixed()}%`;
  const head = rule.kind === 'top' || rule.kind === 'bottom' ? `${rule.kind} ${share} -> ${rule.grade}` : `${rule.grade} ${rule.kind === 'at_most' ? 'at most' : 'at least'} ${share}`;
  return `${head} (${rule.rounding}${rule.min !== undefined ? `, min ${rule.min}` : ''}${rule.max !== undefined ? `, max ${rule.max}` : ''})`;
}

/** Whether a group of `headcount` people (after `among`) is distributed: `only groups of at least N`. */
export function isDistributed(d: Pick<Distribution, 'minGroupSize'>, headcount: number): boolean {
  return d.minGroupSize === undefined || headcount >= d.minGroupSize;
}

/**
 * Applies every rule of the distribution to one group, in written order; `outcome` hears what each
 * did (coverage). False: the group is too small to be distributed (isDistributed), nobody moved.
 */
export function distributeGroup<P>(d: Distribution, gradeOrder: readonly string[], group: QuotaGroup<P>, steps: QuotaSteps<P>, ranksWanted = true, outcome?: (rule: QuotaRule, o: QuotaOutcome) => void): boolean {
  if (!isDistributed(d, group.headcount)) return false;
  for (const rule of d.rules) {
    const o = applyQuotaRule(rule, gradeOrder, group, steps, ranksWanted);
    outcome?.(rule, o);
  }
  return true;
}

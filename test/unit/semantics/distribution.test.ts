import { describe, expect, it } from 'vitest';
import type { Distribution, QuotaRule } from '../../../src/plan/schema.ts';
import { applyQuotaRule, distributeGroup, type QuotaGroup, type QuotaSteps } from '../../../src/semantics/distribution.ts';
import { quotaOf } from '../../../src/semantics/quota.ts';
import { compareRanked, type RankKeys } from '../../../src/semantics/ranking.ts';

const rule = (r: Partial<QuotaRule> & Pick<QuotaRule, 'grade' | 'kind' | 'to'>): QuotaRule => ({ share: '0.4', rounding: r.kind === 'at_most' ? 'floor' : 'ceil', ...r });
const ORDER = ['A', 'B', 'C'];

/** People by position; `score` ranks them, highest first. */
function run(grades: string[], score: number[], rules: QuotaRule[], ranksWanted = true) {
  const g = grades.slice();
  const rank: (number | undefined)[] = grades.map(() => undefined);
  const members = grades.map((_, i) => i);
  const group: QuotaGroup<number> = { headcount: members.length, count: (x) => members.filter((i) => g[i] === x).length, at: (x) => members.filter((i) => g[i] === x), assessed: () => members.slice(), gradeOf: (i) => g[i]! };
  const keys: RankKeys<number> = { count: 1, desc: [true], missing: () => false, compare: (a, b) => score[a]! - score[b]!, position: (i) => i };
  const steps: QuotaSteps<number> = {
    rank: (ps) => ps.sort((a, b) => compareRanked(keys, a, b)),
    place: (i, r, _of, _rule, _at, to) => {
      rank[i] = r;
      if (to !== undefined) g[i] = to;
    },
  };
  const d: Distribution = { rules, tieBreak: [] };
  distributeGroup(d, ORDER, group, steps, ranksWanted);
  return { g, rank };
}

describe('quota size (README 3.11)', () => {
  it('rounds as stated, then min/max, never above the headcount', () => {
    expect(quotaOf(rule({ grade: 'A', kind: 'at_most', to: 'B', share: '0.2', rounding: 'round', max: 2 }), 6)).toBe(1);
    expect(quotaOf(rule({ grade: 'C', kind: 'at_least', to: 'B', share: '0.1' }), 6)).toBe(1);
    expect(quotaOf(rule({ grade: 'A', kind: 'at_most', to: 'B', share: '0.2', min: 1 }), 3)).toBe(1);
    expect(quotaOf(rule({ grade: 'A', kind: 'at_most', to: 'B', share: '0.5', min: 9 }), 3)).toBe(3);
  });
});

describe('one quota rule on a ranked group', () => {
  const score = [85, 88, 81, 86, 83];
  it('at most: the people past the quota, in ranking order, move down', () => {
    const { g, rank } = run(['A', 'A', 'A', 'A', 'B'], score, [rule({ grade: 'A', kind: 'at_most', to: 'B' })]);
    expect(g).toEqual(['B', 'A', 'B', 'A', 'B']);
    expect(rank).toEqual([3, 1, 4, 2, undefined]);
  });
  it('at least from a better grade: its lowest-ranked come down', () => {
    const { g } = run(['B', 'B', 'B', 'B', 'B'], score, [rule({ grade: 'C', kind: 'at_least', to: 'B' })]);
    expect(g).toEqual(['B', 'B', 'C', 'B', 'C']);
  });
  it('at least from a worse grade: its best-ranked go up', () => {
    const { g, rank } = run(['B', 'B', 'B', 'B', 'B'], score, [rule({ grade: 'A', kind: 'at_least', to: 'B' })]);
    expect(g).toEqual(['B', 'A', 'B', 'A', 'B']);
    expect(rank).toEqual([3, 1, 5, 2, 4]);
  });
  it('at least: a quota already met moves and ranks nobody', () => {
    const { g, rank } = run(['A', 'A', 'B', 'B', 'B'], score, [rule({ grade: 'A', kind: 'at_least', to: 'B' })]);
    expect(g).toEqual(['A', 'A', 'B', 'B', 'B']);
    expect(rank.every((r) => r === undefined)).toBe(true);
  });
  it('at least with fewer donors than needed moves them all', () => {
    const { g } = run(['B', 'C', 'C', 'C', 'C'], score, [rule({ grade: 'A', kind: 'at_least', to: 'B', share: '1' })]);
    expect(g).toEqual(['A', 'C', 'C', 'C', 'C']);
  });
  it('at most within its quota ranks only when quota_rank is wanted', () => {
    const r = rule({ grade: 'A', kind: 'at_most', to: 'B', share: '1' });
    expect(run(['A', 'A', 'B', 'B', 'B'], score, [r]).rank).toEqual([2, 1, undefined, undefined, undefined]);
    expect(run(['A', 'A', 'B', 'B', 'B'], score, [r], false).rank.every((x) => x === undefined)).toBe(true);
  });
  it('top: the best-ranked share gets the grade whatever grade they had; everyone is ranked', () => {
    // 40% of 5, rounded up = 2: p2 (88) and p4 (86); p4 was C.
    const { g, rank } = run(['B', 'B', 'C', 'C', 'B'], score, [rule({ grade: 'A', kind: 'top', to: 'A' })]);
    expect(g).toEqual(['B', 'A', 'C', 'A', 'B']);
    expect(rank).toEqual([3, 1, 5, 2, 4]);
  });
  it('bottom: the lowest-ranked share gets the grade, an A among them too', () => {
    // 40% of 5 = 2: the two lowest, p3 (81) and p5 (83).
    const { g } = run(['A', 'A', 'A', 'B', 'C'], score, [rule({ grade: 'C', kind: 'bottom', to: 'C' })]);
    expect(g).toEqual(['A', 'A', 'C', 'B', 'C']);
  });
  it('reports what it did', () => {
    const group: QuotaGroup<number> = { headcount: 5, count: () => 0, at: () => [], assessed: () => [], gradeOf: () => 'A' };
    const steps: QuotaSteps<number> = { rank: () => {}, place: () => {} };
    expect(applyQuotaRule(rule({ grade: 'A', kind: 'at_most', to: 'B' }), ORDER, group, steps)).toBe(-1);
    expect(applyQuotaRule(rule({ grade: 'A', kind: 'at_least', to: 'B' }), ORDER, group, steps)).toBe(-1);
  });
});

describe('rule order', () => {
  it('applies rules in written order, each on the grades the previous left', () => {
    const score = [85, 88, 81, 86, 83];
    // A at most 40% (2): p1, p3 fall to B; then C at least 40% (2) from B: the two lowest B, p3 and p5.
    const { g } = run(['A', 'A', 'A', 'A', 'B'], score, [rule({ grade: 'A', kind: 'at_most', to: 'B' }), rule({ grade: 'C', kind: 'at_least', to: 'B' })]);
    expect(g).toEqual(['B', 'A', 'C', 'A', 'C']);
  });
});

describe('ranking', () => {
  const v: (number | null)[][] = [
    [1, 5],
    [null, 9],
    [1, null],
    [1, 5],
  ];
  const keys = (desc: boolean[]): RankKeys<number> => ({ count: 2, desc, missing: (p, k) => v[p]![k] === null, compare: (a, b, k) => v[a]![k]! - v[b]![k]!, position: (p) => p });
  const order = (desc: boolean[]) => [0, 1, 2, 3].sort((a, b) => compareRanked(keys(desc), a, b));
  it('puts a missing key last in either direction and keeps input order on ties', () => {
    expect(order([true, true])).toEqual([0, 3, 2, 1]);
    expect(order([false, false])).toEqual([0, 3, 2, 1]);
  });
});

/**
 * group_mean in the fast engine: the weighted means are one fraction over the least common
 * multiple of the counts, so a total that is exactly x.xx5 although each mean is non-terminating
 * is settled in integers (no interpreter run) and rounds as exact arithmetic does.
 */
import { describe, it, expect } from 'vitest';
import { compare, dataOf, firstDiff, planOf } from './helpers.ts';

const POLICY = `policy "360"
input people key id {
  id: text
  kpi: number in [0, 100]
}
input ratings of people by ratee {
  ratee: text
  rater_group: category { 领导, 平级, 下级 }
  score: number in [0, 100]
}
indicator KPI weight 50% = kpi
indicator 民主评议 weight 50% missing drop =
  group_mean(ratings.score, by: ratings.rater_group, trim: 1, trim_from: 5) {
    领导: 50%
    平级: 30%
    下级: 20%
  }
total = round(weighted, 2)
output id, total, appraisal = 民主评议
`;

describe('group_mean on the fast engine', () => {
  it('keeps sums of non-terminating means exact: 205/3 × 50% + 74.5 × 30% + 532/6 × 20% = 74.25', () => {
    const plan = planOf('360.kpl', POLICY);
    const ratings = [
      'ratee,rater_group,score',
      // M1: 领导 5 ratings → trimmed 60,60,85 (205/3); 平级 4 (not trimmed) → 74.5; 下级 8 → trimmed 532/6. 74.25.
      ...[59, 60, 60, 85, 90].map((s) => `M1,领导,${s}`),
      ...[56, 71, 74, 97].map((s) => `M1,平级,${s}`),
      ...[100, 61, 75, 83, 90, 91, 95, 98].map((s) => `M1,下级,${s}`),
      // M2: only 领导 and 下级 (weights re-normalised over 70%): (70/3 × 50% + 80 × 20%) / 70%.
      ...[70, 70, 70].map((s) => `M2,领导,${s}`),
      `M2,下级,80`,
      // M3: nobody rated (the indicator drops out); M4: one rating per group.
      `M4,领导,77`,
      `M4,平级,81`,
      `M4,下级,64`,
    ].join('\n');
    // KPI 73.58: total = (73.58 + 74.25) / 2 = 73.915 → 73.92 (half-up on an exact half).
    const people = ['id,kpi', 'M1,73.58', 'M2,91.3', 'M3,80', 'M4,66.6'].join('\n');
    const c = compare(plan, dataOf(plan, { people, ratings }));
    expect(c.fastCsv, firstDiff(c.exactCsv, c.fastCsv)).toBe(c.exactCsv);
    expect(c.fast.engine).toBe('fast');
    expect(c.fast.stats?.exact).toBe(0);
    expect(c.fastCsv.split('\n')[1]).toBe('M1,73.92,74.25');
  });

  it('matches the interpreter on generated ratings with counts whose least common multiple is large', () => {
    const plan = planOf('360.kpl', POLICY);
    const groups = ['领导', '平级', '下级'];
    const people = ['id,kpi'];
    const ratings = ['ratee,rater_group,score'];
    for (let p = 0; p < 400; p++) {
      people.push(`P${p},${(p * 37) % 100}.${p % 10}`);
      groups.forEach((g, k) => {
        const count = (p * (k + 3)) % 13; // 0..12 ratings: counts 3, 7, 9, 11 … after trimming
        for (let r = 0; r < count; r++) ratings.push(`P${p},${g},${(p * 31 + r * 17 + k * 7) % 101}`);
      });
    }
    const c = compare(plan, dataOf(plan, { people: people.join('\n'), ratings: ratings.join('\n') }));
    expect(c.fastCsv, firstDiff(c.exactCsv, c.fastCsv)).toBe(c.exactCsv);
    expect(c.fast.engine).toBe('fast');
  });
});

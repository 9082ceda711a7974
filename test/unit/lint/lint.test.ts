/**
 * Range analysis and its findings (KPL25xx): each planted problem is found, located, and names its
 * bound; the shipped policies get precise ranges and no false alarm.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { compile } from '../../../src/compile.ts';
import { lintPlan } from '../../../src/lint/lint.ts';
import { show } from '../../../src/numeric/interval-math.ts';
import { positionAt } from '../../../src/source/span.ts';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.ts';

function lint(src: string, options = {}) {
  const r = compile('t.kpl', src);
  expect(r.diagnostics.filter((d) => d.severity === 'error'), 'the test policy must compile').toEqual([]);
  return { ...lintPlan(r.plan!, options), src };
}

/** Line of a diagnostic and the source text it points at. */
function where(src: string, d: Diagnostic) {
  const line = positionAt({ name: 't.kpl', text: src }, d.span!.start).line;
  return { line, text: src.slice(d.span!.start, d.span!.end) };
}

const HEAD = `input p key id {
  id: text
  score: number in [0, 100]
  n: integer >= 0
  rate: percent in [0, 1]
  bad: bool
}
`;

describe('ranges of the shipped policies', () => {
  const ranges = (file: string) => lintPlan(compile(file, readFileSync(file, 'utf8')).plan!);
  it('customer-manager: every indicator in [0, 100], the total in [0, 100]', () => {
    const r = ranges('policies/customer-manager.kpl').ranges;
    // Every indicator, groups included: 新增客户's `otherwise` row scores 20 and weighs 20% in 销售业绩 (100% of 业务拓展), so both score at least 4.
    expect(r.indicators.map((i) => `${i.id} ${show(i.range)}`)).toEqual([
      '业务拓展 [4, 100]',
      '销售业绩 [4, 100]',
      '销售完成率 [0, 100]',
      '销售增长率 [0, 100]',
      '新增客户 [20, 100]',
      '客户经营 [0, 100]',
      '客户关系 [0, 100]',
      '客户保有率 [0, 100]',
      '客户满意度 [0, 100]',
      '服务质量 [0, 100]',
      '问题解决时效 [0, 100]',
      '投诉 [0, 100]',
      '回访率 [0, 100]',
      '个人发展 [0, 100]',
      '学习与协作 [0, 100]',
      '培训学习 [0, 100]',
      '团队协作 [0, 100]',
    ]);
    // 新增客户 scores at least 20 (its `otherwise` row), worth 10% of the total: the weighted score is at least 2.
    expect(show(r.weighted)).toBe('[2, 100]');
    expect(show(r.total)).toBe('[2, 100]');
    expect(r.adjustments.map((a) => `${a.name} ${show(a.range)}`)).toEqual(['表彰加分 [0, 5]']);
    expect(r.bands.map((b) => `${b.grade} ${show(b.reachable)}`)).toEqual(['A [90, 100]', 'B [80, 90)', 'C [60, 80)', 'D [2, 60)']);
  });
  it('service-manager: the optional 客户回访率 may be dropped, its sibling then weighs 100%', () => {
    const r = ranges('policies/service-manager.kpl').ranges;
    const ind = Object.fromEntries(r.indicators.map((i) => [i.id, i]));
    expect(ind['客户回访率']!.maybeMissing).toBe(true);
    expect(show(ind['服务水平达标率']!.range)).toBe('[0, 100]');
    expect(show(r.total)).toBe('[0, 100]');
    expect(show(r.adjustments[0]!.range)).toBe('[-15, 0]');
    // 30% of the total normally, all of 客户体验's 50% when 客户回访率 is dropped.
    expect(ind['客户满意度']!.swing.toFixed()).toBe('50.01');
  });
  it('manager-360: variant weights by role, total in [0, 100]', () => {
    const r = ranges('policies/manager-360.kpl').ranges;
    expect(show(r.total)).toBe('[0, 100]');
    expect(r.indicators.find((i) => i.id === '公司KPI')!.swing.toFixed()).toBe('35.01');
  });
  it('finds nothing in the shipped policies', () => {
    expect(ranges('policies/manager-360.kpl').diagnostics).toEqual([]);
    expect(ranges('policies/service-manager.kpl').diagnostics).toEqual([]);
    expect(ranges('policies/customer-manager.kpl').diagnostics).toEqual([]);
  });
});

describe('unreachable grades and bands', () => {
  it('names the bound and points at the band', () => {
    const src = `${HEAD}indicator a weight 100% = score
total = weighted * 0.884
grade {
  A >= 90
  B >= 80
  C < 80
}
`;
    const r = lint(src);
    const d = r.diagnostics.find((x) => x.code === 'KPL2501')!;
    expect(d.message).toBe('grade `A` is unreachable: it needs a total in [90, ∞), but the total is always in [0, 88.4]');
    expect(d.help).toBe('the highest possible total is 88.4');
    expect(where(src, d)).toEqual({ line: 11, text: 'A >= 90' });
    expect(r.ranges.bands.find((b) => b.grade === 'A')!.gradeReachable).toBe(false);
  });
  it('a low band out of reach; a band that only a veto gives is KPL2502', () => {
    const src = `${HEAD}indicator a weight 100% = 50 + score / 2
grade {
  A >= 90
  B >= 50
  C >= 40
  D < 40
}
veto "违规" when bad then grade D
`;
    const r = lint(src);
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'KPL2501 grade `C` is unreachable: it needs a total in [40, 50), but the total is always in [50, 100]',
      'KPL2502 the band of grade `D`, (-∞, 40), never matches: the total is always in [50, 100]',
    ]);
    expect(r.diagnostics[0]!.help).toBe('the lowest possible total is 50');
    expect(r.diagnostics[1]!.help).toContain('given only by the veto `违规`');
  });
  it('a grade that the forced distribution moves people into is reachable', () => {
    const src = `${HEAD}indicator a weight 100% = 50 + score / 2
grade {
  A >= 90
  B >= 50
  C < 50
}
distribute {
  A at most 10% -> C
  order by total desc, id asc
}
`;
    const r = lint(src);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['KPL2502']);
    expect(r.diagnostics[0]!.help).toContain('the distribution rule for `A`');
  });
  it('a veto that sets the total widens its range', () => {
    const src = `${HEAD}indicator a weight 100% = 50 + score / 2
grade {
  A >= 90
  B >= 40
  C < 40
}
veto "违规" when bad then total = 0
`;
    expect(lint(src).diagnostics).toEqual([]);
  });
});

describe('caps', () => {
  it('a min bound above every possible value never takes effect', () => {
    const src = `${HEAD}indicator a weight 100% = min(score, 120)
grade { A >= 50; B < 50 }
`;
    const r = lint(src);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['`120` in `min(score, 120)` never takes effect: `score` is always in [0, 100]']);
    expect(where(src, r.diagnostics[0]!).text).toBe('120');
  });
  it('max and clamp bounds; a cap that always applies', () => {
    const src = `${HEAD}indicator a weight 50% = max(rate * 100, -5)
indicator b weight 30% = clamp(score, 0, 150)
indicator c weight 20% = min(n + 200, 100)
grade { A >= 50; B < 50 }
`;
    expect(lint(src).diagnostics.map((d) => d.message)).toEqual([
      '`-5` in `max(rate * 100, -5)` never takes effect: `rate * 100` is always in [0, 100]',
      '`0` in `clamp(score, 0, 150)` never takes effect: `score` is always in [0, 100]',
      '`150` in `clamp(score, 0, 150)` never takes effect: `score` is always in [0, 100]',
      // A constant indicator cannot change any grade.
      'indicator `c` moves the total by at most 0 points, less than 10% of the narrowest grade band (`B`, 30 points wide)',
      '`min(n + 200, 100)` is always `100`: `n + 200` is always in [200, ∞)',
    ]);
  });
  it('a bound that can bind is not reported', () => {
    const src = `${HEAD}indicator a weight 100% = min(n * 10, 100)
grade { A >= 50; B < 50 }
`;
    expect(lint(src).diagnostics).toEqual([]);
  });
});

describe('rows and breakpoints', () => {
  it('a steps row beyond the range of its value (narrowed by an if)', () => {
    const src = `${HEAD}indicator a weight 100% = steps(if n > 10 then 10 else n) {
  <= 0: 100
  <= 3: 80
  <= 10: 40
  > 10: 0
}
grade { A >= 50; B < 50 }
`;
    const r = lint(src);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['the row `> 10: 0` can never match: `if n > 10 then 10 else n` is always in [0, 10]']);
    expect(where(src, r.diagnostics[0]!)).toEqual({ line: 12, text: '> 10: 0' });
    // The checker's own range of the `if` is [0, ∞): no error there.
    expect(compile('t.kpl', src).diagnostics.filter((d) => d.code === 'KPL2007')).toEqual([]);
  });
  it('a steps row beyond a weighted mean the checker bounds only by its children', () => {
    const src = `${HEAD}indicator g weight 80% {
  indicator a weight 50% = 20 + score * 0.8
  indicator b weight 50% = score
}
indicator c weight 20% = rate * 100
reward = steps(g) {
  >= 90: 1.2
  >= 60: 1.0
  >= 5: 0.8
  otherwise: 0
}
grade { A >= 50; B < 50 }
`;
    const r = lint(src);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['the row `otherwise: 0` can never match: `g` is always in [10, 100]']);
  });
  it('interpolate breakpoints and rows out of reach', () => {
    const src = `${HEAD}indicator a weight 100% = interpolate(rate) { below: 0; 0%: 0; 100%: 100; 120%: 110; 150%: 120 }
grade { A >= 50; B < 50 }
`;
    const r = lint(src);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      'the row `below: 0` of `interpolate` is never used: `rate` is always in [0, 1]',
      'the row `120%: 110` of `interpolate` is never used: `rate` is always in [0, 1]',
      'the row `150%: 120` of `interpolate` is never used: `rate` is always in [0, 1]',
    ]);
    expect(where(src, r.diagnostics[1]!).text).toBe('120%: 110');
  });
});

describe('weights too small to matter', () => {
  const policy = (w: string, rest: string) => `${HEAD}indicator big weight ${rest} = score
indicator tiny weight ${w} = rate * 100
grade {
  A >= 90
  B >= 80
  C < 80
}
`;
  it('an indicator that moves the total by less than a tenth of the narrowest band', () => {
    const src = policy('0.5%', '99.5%');
    const r = lint(src);
    const d = r.diagnostics.find((x) => x.code === 'KPL2507')!;
    expect(d.message).toBe('indicator `tiny` moves the total by at most 0.5 points, less than 10% of the narrowest grade band (`A`, 10 points wide)');
    expect(where(src, d).line).toBe(9);
    expect(r.ranges.indicators.find((i) => i.id === 'tiny')!.swing.toFixed()).toBe('0.5');
  });
  it('is not reported at 2% (a swing of 2 points); the threshold is an option', () => {
    expect(lint(policy('2%', '98%')).diagnostics).toEqual([]);
    expect(lint(policy('2%', '98%'), { minSwing: '0.25' }).diagnostics.map((d) => d.code)).toEqual(['KPL2507']);
  });
  it('a small group is reported once, not again for its children', () => {
    const src = `${HEAD}indicator big weight 99.2% = score
indicator tiny weight 0.8% {
  indicator t1 weight 50% = rate * 100
  indicator t2 weight 50% = score
}
grade { A >= 90; B >= 50; C < 50 }
`;
    expect(lint(src).diagnostics.map((d) => d.args['name'])).toEqual(['tiny']);
  });
  it('among more than 8 siblings (where only the moving ones are visited) the share is still over all of them', () => {
    const others = Array.from({ length: 10 }, (_, i) => `indicator big${i} weight 9.95% = score\n`).join('');
    const src = `${HEAD}${others}indicator tiny weight 0.5% = rate * 100\ngrade { A >= 90; B >= 80; C < 80 }\n`;
    const r = lint(src);
    expect(r.ranges.indicators.find((i) => i.id === 'tiny')!.swing.toFixed()).toBe('0.5');
    expect(r.diagnostics.map((d) => [d.code, d.args['name']])).toEqual([['KPL2507', 'tiny']]);
  });
  it('follows the total: a total scaled by 10 makes the same weight matter', () => {
    const src = `${HEAD}indicator big weight 99.5% = score
indicator tiny weight 0.5% = rate * 100
total = weighted * 10
grade { A >= 90; B >= 80; C < 80 }
`;
    expect(lint(src).ranges.indicators.find((i) => i.id === 'tiny')!.swing.toFixed()).toBe('5');
    expect(lint(src).diagnostics).toEqual([]);
  });
});

describe('what the compiler wrote is not the author’s to fix', () => {
  it('a progressive from 0 (its brackets are max(x - bound, 0)) gives no cap finding', () => {
    const src = `input p key id {
  id: text
  sales: money in [0, 100000000]
  target: money in [1, 100000000]
}
total = 0
reward = progressive(sales) { 0: 1%; target * 120%: 2% } + progressive(sales) { 0: 1%; 50000: 3% }
`;
    expect(lint(src).diagnostics).toEqual([]);
  });
});

/** The semantic policy diff: what changed, not how the text changed. */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { compile } from '../../../src/compile.ts';
import { diffPolicies, type PolicyChange } from '../../../src/diff/policy-diff.ts';

const CM = readFileSync('policies/customer-manager.kpl', 'utf8');

function plan(text: string, name = 'p.kpl') {
  const r = compile(name, text);
  expect(r.diagnostics.filter((d) => d.severity === 'error'), 'the test policy must compile').toEqual([]);
  return r.plan!;
}

/** Replaces exactly one occurrence. */
function edit(text: string, from: string, to: string): string {
  expect(text.split(from).length - 1, `\`${from}\` must occur once`).toBe(1);
  return text.replace(from, to);
}

const short = (cs: PolicyChange[]) => cs.map((c) => [c.section, c.subject, c.change, c.aspect ?? '', c.old ?? '', c.new ?? ''].join(' | '));

describe('kpl diff: policy changes', () => {
  it('a reformatted, re-commented policy has no changes', () => {
    const reformatted = CM.replace(/^#.*$/gm, '# another comment')
      .replace('= clamp(ratio(sales_actual, sales_target, zero: 0) * 100, 0, 120) / 1.2', '=\n      clamp( ratio(sales_actual,sales_target, zero: 0)*100, 0, 120 ) / 1.2')
      .replace('{ below: 0; 0%: 60; 10%: 100 }', '{\n      below: 0\n      0%: 60\n      10%: 100\n    }');
    expect(reformatted).not.toBe(CM);
    expect(diffPolicies(plan(CM), plan(reformatted))).toEqual([]);
  });

  it('a weight change: own and effective weights of exactly the indicators concerned', () => {
    const v2 = edit(edit(CM, '销售完成率 weight 50%', '销售完成率 weight 40%'), '销售增长率 weight 30%', '销售增长率 weight 40%');
    expect(short(diffPolicies(plan(CM), plan(v2)))).toEqual([
      'indicator | 销售完成率 | changed | weight | 50% | 40%',
      'indicator | 销售完成率 | changed | effective weight | 25% | 20%',
      'indicator | 销售增长率 | changed | weight | 30% | 40%',
      'indicator | 销售增长率 | changed | effective weight | 15% | 20%',
    ]);
  });

  it('a group weight moves the effective weights of everything below it', () => {
    const v2 = edit(edit(CM, '业务拓展 "business" weight 50%', '业务拓展 "business" weight 60%'), '个人发展 "development" weight 15%', '个人发展 "development" weight 5%');
    const cs = diffPolicies(plan(CM), plan(v2));
    expect(cs.filter((c) => c.aspect === 'weight').map((c) => c.subject)).toEqual(['业务拓展', '个人发展']);
    expect(cs.filter((c) => c.aspect === 'effective weight').map((c) => `${c.subject} ${c.old} → ${c.new}`)).toEqual([
      '业务拓展 50% → 60%',
      '销售业绩 50% → 60%',
      '销售完成率 25% → 30%',
      '销售增长率 15% → 18%',
      '新增客户 10% → 12%',
      '个人发展 15% → 5%',
      '学习与协作 15% → 5%',
      '培训学习 7.5% → 2.5%',
      '团队协作 7.5% → 2.5%',
    ]);
  });

  it('rules narrowed to the changed breakpoint, steps row, lookup value or operand', () => {
    let v2 = edit(CM, '{ below: 0; 0%: 60; 10%: 100 }', '{ below: 0; 0%: 50; 12%: 100 }');
    v2 = edit(v2, '>= 15: 85', '>= 15: 80');
    v2 = edit(v2, '{ A: 1.3; B: 1.0; C: 0.7; D: 0 }', '{ A: 1.4; B: 1.0; C: 0.7; D: 0 }');
    v2 = edit(v2, 'max(100 - 10 * complaints, 0)', 'max(100 - 15 * complaints, 0)');
    expect(short(diffPolicies(plan(CM), plan(v2)))).toEqual([
      'indicator | 销售增长率 | changed | rule: interpolate(growth_rate) breakpoint 0 | 60 | 50',
      'indicator | 销售增长率 | changed | rule: interpolate(growth_rate) breakpoint 0.1 | 100 | ',
      'indicator | 销售增长率 | changed | rule: interpolate(growth_rate) breakpoint 0.12 |  | 100',
      'indicator | 新增客户 | changed | rule: steps(new_customers) row >= 15 | 85 | 80',
      'indicator | 投诉 | changed | rule | 10 * complaints | 15 * complaints',
      'reward | reward | changed | rule: lookup(grade) A | 1.3 | 1.4',
    ]);
  });

  it('bands, vetoes, quotas, adjustments, total and outputs', () => {
    let v2 = edit(CM, 'A "优秀" >= 90', 'A "优秀" >= 92');
    v2 = edit(v2, 'veto "严重违规一票否决" when compliance_violation then grade D', 'veto "严重违规一票否决" when compliance_violation then grade C');
    v2 = edit(v2, 'A at most 20% floor, min 1 -> B', 'A at most 25% floor, min 1 -> B');
    v2 = edit(v2, 'min(awards * 2, 5)', 'min(awards * 2, 6)');
    v2 = edit(v2, 'round(min(weighted + 表彰加分, 100), 2)', 'round(min(weighted + 表彰加分, 100), 1)');
    v2 = edit(v2, 'output id, total, grade_before_distribution = grade_before, grade, reward', 'output id, total, grade, reward, unit');
    expect(short(diffPolicies(plan(CM), plan(v2)))).toEqual([
      'adjustment | 表彰加分 | changed | rule | min(awards * 2, 5) | min(awards * 2, 6)',
      'total | total | changed | rule | round(min(weighted + 表彰加分, 100), 2) | round(min(weighted + 表彰加分, 100), 1)',
      'grade | A | changed | band | [90, ∞) | [92, ∞)',
      'grade | B | changed | band | [80, 90) | [80, 92)',
      'veto | 严重违规一票否决 | changed | effect | grade D | grade C',
      'distribution | quota A | changed |  | at most 20% floor, min 1 -> B | at most 25% floor, min 1 -> B',
      'output | grade_before_distribution | removed |  | grade_before | ',
      'output | total | changed | decimals | 2 | 1',
      'output | unit | added |  |  | unit',
    ]);
  });

  it('distribution: who is counted (among) and the smallest group', () => {
    const v2 = edit(CM, 'distribute per unit {', 'distribute per unit {\n  among not compliance_violation\n  only groups of at least 8');
    expect(short(diffPolicies(plan(CM), plan(v2)))).toEqual([
      'distribution | distribute | changed | among | (everyone) | not compliance_violation',
      'distribution | distribute | changed | smallest group | (groups of any size) | only groups of at least 8',
    ]);
    const v3 = edit(v2, 'only groups of at least 8', 'only groups of at least 6');
    expect(short(diffPolicies(plan(v2), plan(v3)))).toEqual(['distribution | distribute | changed | smallest group | only groups of at least 8 | only groups of at least 6']);
  });

  it('inputs: column range, type and new columns', () => {
    let v2 = edit(CM, 'satisfaction: number in [0, 5]', 'satisfaction: number in [0, 10]');
    v2 = edit(v2, 'awards: integer >= 0 "表彰次数"', 'awards: integer >= 0 "表彰次数"\n  level: category { 初级, 高级 } "职级"');
    v2 = edit(v2, 'output id,', 'output level, id,');
    expect(short(diffPolicies(plan(CM), plan(v2)))).toEqual([
      'input | employees.satisfaction | changed | range | [0, 5] | [0, 10]',
      'input | employees.level | added |  |  | category { 初级, 高级 }',
      'output | level | added |  |  | level',
    ]);
    const reordered = edit(CM, 'output id, total, grade_before_distribution = grade_before, grade, reward', 'output id, grade, total, grade_before_distribution = grade_before, reward');
    expect(short(diffPolicies(plan(CM), plan(reordered)))).toEqual([
      'output | columns | changed | order | id, total, grade_before_distribution, grade, reward | id, grade, total, grade_before_distribution, reward',
    ]);
  });

  it('a renamed indicator is a rename, and references to it do not count as changes', () => {
    let v2 = edit(CM, 'indicator 销售完成率 weight', 'indicator 销售达成率 weight');
    v2 = edit(v2, 'order by total desc, 销售完成率 desc, id asc', 'order by total desc, 销售达成率 desc, id asc');
    expect(short(diffPolicies(plan(CM), plan(v2)))).toEqual(['indicator | 销售达成率 | renamed | same rule | 销售完成率 | 销售达成率']);
  });

  it('added and removed indicators', () => {
    let v2 = edit(CM, '    indicator 团队协作 weight 50% = collaboration\n', '    indicator 团队协作 weight 30% = collaboration\n    indicator 获奖 weight 20% = min(awards * 20, 100)\n');
    v2 = edit(v2, '    indicator 回访率 weight 30% = min(callback_rate / 90%, 1) * 100\n', '');
    v2 = edit(v2, 'indicator 投诉 weight 30%', 'indicator 投诉 weight 60%');
    const cs = short(diffPolicies(plan(CM), plan(v2)));
    expect(cs).toContain('indicator | 回访率 | removed |  | weight 30% (effective 5.25%) = min(callback_rate / 90%, 1) * 100 | ');
    expect(cs).toContain('indicator | 获奖 | added |  |  | weight 20% (effective 3%) = min(awards * 20, 100)');
    // The column stays declared (now unused): the input schema did not change.
    expect(cs.filter((c) => c.startsWith('input'))).toEqual([]);
  });
});

/**
 * The checker, table-driven: which expressions and declarations are accepted, and which code each
 * mistake gets. (The rendered messages are pinned by the golden diagnostics tests.)
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { compile } from '../../../src/compile.ts';

const HEAD = `input p key id {
  id: text
  sales: money >= 0
  target: money >= 0
  rate: percent in [0, 1]
  n: integer >= 0
  x: number
  pos: number > 0
  ok: bool
  role: category { 职能部门, 县公司 }
  opt: number optional
}
`;

function codes(body: string): string[] {
  const r = compile('t.kpl', HEAD + body);
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
}

const leaf = (rule: string) => `indicator a weight 100% = ${rule}\n`;

describe('types and units', () => {
  const cases: { note: string; rule: string; want: string[] }[] = [
    { note: 'ratio of money is a number', rule: 'ratio(sales, target, zero: 0) * 100', want: [] },
    { note: 'a percentage times 100 is points', rule: 'rate * 100', want: [] },
    { note: 'percent divided by percent', rule: 'min(rate / 90%, 1) * 100', want: [] },
    { note: 'money plus percent is a unit mismatch', rule: 'sales + rate', want: ['KPL2009'] },
    { note: 'money times money is a unit mismatch', rule: 'sales * target / 1000000', want: ['KPL2009'] },
    { note: 'money plus a plain number is a unit mismatch', rule: 'sales + x', want: ['KPL2009'] },
    { note: 'a percentage plus a fraction literal is fine (percentages are fractions)', rule: '(rate + 0.05) * 100', want: [] },
    { note: 'count plus number is fine', rule: 'n + x', want: [] },
    { note: 'bool used as a number', rule: 'ok + 1', want: ['KPL2008'] },
    { note: 'condition must be true/false', rule: 'if x then 1 else 0', want: ['KPL2008'] },
    { note: 'division by a column that can be zero', rule: 'sales / target', want: ['KPL2010'] },
    { note: 'division by a column declared > 0', rule: 'x / pos', want: [] },
    { note: 'division by a literal', rule: 'x / 5', want: [] },
    { note: 'division by an expression that can be zero', rule: 'x / (n - 1)', want: ['KPL2010'] },
    { note: 'category compared with a value it has', rule: 'if role = "县公司" then 1 else 0', want: [] },
    { note: 'category compared with a value it lacks', rule: 'if role = "市公司" then 1 else 0', want: ['KPL2018'] },
    { note: 'lookup covering every category value', rule: 'lookup(role) { 职能部门: 1; 县公司: 2 }', want: [] },
    { note: 'lookup missing a category value', rule: 'lookup(role) { 职能部门: 1 }', want: ['KPL2017'] },
    { note: 'lookup with otherwise', rule: 'lookup(role) { 职能部门: 1; otherwise: 0 }', want: [] },
    { note: 'unknown function with a suggestion', rule: 'clmap(x, 0, 1)', want: ['KPL2014'] },
    { note: 'wrong argument count', rule: 'clamp(x, 0)', want: ['KPL2015'] },
    { note: 'unknown named argument', rule: 'ratio(sales, target, zeor: 0)', want: ['KPL2015', 'KPL2015'] },
    { note: 'round needs whole decimals', rule: 'round(x, 1.5)', want: ['KPL2034'] },
    { note: 'interpolate needs increasing breakpoints', rule: 'interpolate(x) { below: 0; 10: 1; 5: 2 }', want: ['KPL2006'] },
    { note: 'interpolate needs a below row', rule: 'interpolate(x) { 0: 1; 5: 2 }', want: ['KPL2015'] },
    { note: 'steps row that can never match', rule: 'steps(x) { >= 10: 1; >= 20: 2; otherwise: 0 }', want: ['KPL2007'] },
    { note: 'steps that do not cover every value', rule: 'steps(x) { >= 10: 1; >= 0: 2 }', want: ['KPL2042'] },
    { note: 'steps covering a declared range without otherwise', rule: 'steps(n) { >= 10: 1; >= 0: 2 }', want: [] },
    { note: 'optional input without a missing rule', rule: 'opt', want: ['KPL2012'] },
    { note: 'the population table is not a value', rule: 'p.x', want: ['KPL2001'] },
    { note: 'unknown name with did-you-mean', rule: 'salse', want: ['KPL2001'] },
  ];
  for (const c of cases) it(c.note, () => expect(codes(leaf(c.rule))).toEqual(c.want));

  it('did-you-mean names the closest declared name', () => {
    const r = compile('t.kpl', HEAD + leaf('salse'));
    expect(r.diagnostics.find((d) => d.code === 'KPL2001')!.help).toBe('did you mean `sales`?');
  });
});

describe('structure', () => {
  const cases: { note: string; body: string; want: string[] }[] = [
    { note: 'missing drop accepts an optional input', body: 'indicator a weight 50% missing drop = opt\nindicator b weight 50% = x', want: [] },
    { note: 'missing rule inherited from the group', body: 'indicator g weight 100% missing drop {\n indicator a weight 50% = opt\n indicator b weight 50% = x\n}', want: [] },
    { note: 'weights must sum to exactly 100%', body: 'indicator a weight 33.33% = x\nindicator b weight 66.66% = x', want: ['KPL2003'] },
    { note: 'variant weights sum per variant', body: 'indicator a weight by role { 职能部门: 30%; 县公司: 70% } = x\nindicator b weight by role { 职能部门: 70%; 县公司: 20% } = x', want: ['KPL2003'] },
    { note: 'variant weights must name every value', body: 'indicator a weight by role { 职能部门: 100% } = x', want: ['KPL2017'] },
    { note: 'weight over 100%', body: 'indicator a weight 150% = x', want: ['KPL2003', 'KPL2024'] },
    { note: 'leaf without rule', body: 'indicator a weight 100% { }', want: ['KPL2013'] },
    { note: 'duplicate indicator', body: 'indicator a weight 50% = x\nindicator a weight 50% = x', want: ['KPL2002'] },
    { note: 'circular lets', body: 'indicator a weight 100% = u\nlet u = v\nlet v = u', want: ['KPL2043'] },
    { note: 'indicator reading the total is circular', body: 'indicator a weight 100% = total', want: ['KPL2043'] },
    { note: 'band gap with a counterexample', body: leaf('x') + 'total = round(weighted, 2)\ngrade { A >= 90; B [60, 89.99]; C < 60 }', want: ['KPL2004'] },
    { note: 'band overlap', body: leaf('x') + 'grade { A [80, 100]; B [60, 85); C < 60; D > 100 }', want: ['KPL2005'] },
    { note: 'quota on an unknown grade', body: leaf('x') + 'grade { A >= 90; B otherwise }\ndistribute { S at most 10% }', want: ['KPL2016'] },
    { note: 'share over 100%', body: leaf('x') + 'grade { A >= 90; B otherwise }\ndistribute { A at most 120% }', want: ['KPL2022'] },
    { note: 'allocate outside reward', body: leaf('allocate(1, by: 1, per: id)'), want: ['KPL2044'] },
    { note: 'grade used without a grade section', body: leaf('x') + 'output id, grade', want: ['KPL2021'] },
    { note: 'veto to an unknown grade', body: leaf('x') + 'grade { A >= 90; B otherwise }\nveto when ok then grade Z', want: ['KPL2016'] },
  ];
  for (const c of cases) it(c.note, () => expect(codes(c.body)).toEqual(c.want));

  it('the band gap message carries a value inside the gap', () => {
    const r = compile('t.kpl', HEAD + leaf('x') + 'total = round(weighted, 2)\ngrade { A >= 90; B [60, 89.99]; C < 60 }');
    expect(r.diagnostics.find((d) => d.code === 'KPL2004')!.message).toBe('grade bands leave a gap: a total of 89.995 gets no grade');
  });
});

describe('the plan', () => {
  it('carries effective weights, rules in the author\'s words and source references', () => {
    const r = compile('policies/customer-manager.kpl', readFileSync('policies/customer-manager.kpl', 'utf8'));
    const plan = r.plan!;
    const leafs = new Map<string, { effectiveWeight?: string; ruleText?: string; at?: { line: number } }>();
    const walk = (ns: typeof plan.indicators) => ns.forEach((n) => (leafs.set(n.id, n), walk(n.children)));
    walk(plan.indicators);
    expect(leafs.get('销售完成率')!.effectiveWeight).toBe('0.25');
    expect(leafs.get('客户满意度')!.effectiveWeight).toBe('0.105');
    expect(leafs.get('培训学习')!.effectiveWeight).toBe('0.075');
    expect(leafs.get('投诉')!.ruleText).toBe('max(100 - 10 * complaints, 0)');
    expect(leafs.get('销售完成率')!.at!.line).toBe(29); // `    indicator 销售完成率 weight 50% =`
    expect(plan.grades.map((g) => [g.grade, g.low?.value, g.high?.value])).toEqual([
      ['A', '90', undefined],
      ['B', '80', '90'],
      ['C', '60', '80'],
      ['D', undefined, '60'],
    ]);
    expect(plan.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is deterministic: the same policy gives the same plan and hash', () => {
    const text = readFileSync('policies/manager-360.kpl', 'utf8');
    expect(JSON.stringify(compile('m.kpl', text).plan)).toBe(JSON.stringify(compile('m.kpl', text).plan));
  });
});

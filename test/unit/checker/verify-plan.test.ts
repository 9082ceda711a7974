/**
 * A plan read from a file is re-proved: it must be what the policy it carries compiles to. Each
 * case tampers with a compiled plan — its content, its policy text or both — and recomputes the
 * hash, as a hostile editor would; the plan is refused with the checker's own diagnostic (a
 * broken policy) or KPL5021 (content that is not the policy's), never run.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/compile.ts';
import { verifyPlan } from '../../../src/checker/verify-plan.ts';
import { readPlan } from '../../../src/plan/read-plan.ts';
import { planHashMatches, sha256Hex } from '../../../src/checker/plan-hash.ts';
import { localize } from '../../../src/diagnostics/diagnostic.ts';
import { PLAN_VERSION, type Plan } from '../../../src/plan/schema.ts';

const POLICY = `policy "p"
input staff key id {
  id: text
  sales: number in [0, 100]
  care: number in [0, 100]
  growth: percent
}
indicator 业绩 weight 60% = sales
indicator 服务 weight 40% {
  indicator 关怀 weight 50% = care
  indicator 增长 weight 50% = interpolate(growth) { below: 0; 0%: 60; 10%: 100 }
}
total = weighted
grade {
  A >= 90
  B >= 60
  C < 60
}
`;
const LIB = `let bonus_rate = 10%\n`;
const MAIN = `import "lib/rates.kpl"\n${POLICY}reward = total * bonus_rate\n`;

/** A compiled plan as a file holds it (JSON values, hash computed). */
function compiled(text = POLICY, files: Record<string, string> = {}): Plan {
  const r = compile('dir/p.kpl', text, { readFile: (p) => files[p], resolve: (from, rel) => `${from.slice(0, from.lastIndexOf('/') + 1)}${rel}` });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return JSON.parse(JSON.stringify(r.plan)) as Plan;
}

/** What a hostile editor does: change the plan, then write a hash that matches the change. */
function tampered(plan: Plan, edit: (p: Plan) => void): Plan {
  const p = structuredClone(plan);
  edit(p);
  const json = JSON.parse(JSON.stringify(p)) as Plan;
  json.hash = sha256Hex(JSON.stringify({ ...json, hash: undefined, sources: undefined }));
  expect(planHashMatches(json)).toBe(true);
  return json;
}

const editSource = (find: string, replace: string) => (p: Plan) => {
  expect(p.sources[0]!.text).toContain(find);
  p.sources[0]!.text = p.sources[0]!.text.replace(find, replace);
};

const codes = (p: Plan) => verifyPlan(p).map((d) => d.code);

describe('verifyPlan accepts', () => {
  it('a plan as kpl compile wrote it', () => {
    expect(verifyPlan(compiled())).toEqual([]);
  });
  it('a plan with imports, resolved among its own files', () => {
    const plan = compiled(MAIN, { 'dir/lib/rates.kpl': LIB });
    expect(plan.sources.map((s) => s.name)).toEqual(['dir/p.kpl', 'dir/lib/rates.kpl']);
    expect(verifyPlan(plan)).toEqual([]);
  });
  it('a plan that went through the file reader (schema-validated)', () => {
    const r = readPlan(JSON.stringify(compiled(), null, 2));
    expect(r.diagnostics).toEqual([]);
    expect(verifyPlan(r.plan!)).toEqual([]);
  });
});

describe('a plan edited with a recomputed hash is refused', () => {
  // The content changed, the policy it carries did not: KPL5021 names the first difference.
  it.each<[string, (p: Plan) => void, string]>([
    ['a weight (sum 130%)', (p) => void ((p.indicators[0]!.weight as { value: string }).value = '0.9'), '$.indicators[0].weight.value'],
    ['an overlapping grade band', (p) => void (p.grades[1]!.low = { value: '50', inclusive: true }), '$.grades[1].low.value'],
    ['unsorted breakpoints', (p) => void (((p.indicators[1]!.children[1]!.rule as { points: string[][] }).points[0]![0]) = '0.2'), '$.indicators[1].children[1].rule.points[0][0]'],
    ['a rule reading an undeclared column', (p) => void ((p.indicators[0]!.rule as { col: string }).col = 'salary'), '$.indicators[0].rule.col'],
    ['a `__proto__` rule column', (p) => void ((p.indicators[0]!.rule as { col: string }).col = '__proto__'), '$.indicators[0].rule.col'],
    ['a duplicate indicator name', (p) => void (p.indicators[1]!.id = '业绩'), '$.indicators[1].id'],
    ['the total removed', (p) => void delete (p as { total?: unknown }).total, '$.total'],
    ['another compiler version', (p) => void (p.compiler = 'kpl 9.9.9'), '$.compiler'],
    ['an extra input column', (p) => void p.inputs[0]!.columns.push({ name: 'x', type: 'number', optional: true }), '$.inputs[0].columns[4]'],
  ])('%s: KPL5021 at the first difference', (_what, edit, path) => {
    const ds = verifyPlan(tampered(compiled(), edit));
    expect(ds.map((d) => d.code)).toEqual(['KPL5021']);
    expect(ds[0]!.args.path).toBe(path);
    expect(localize(ds[0]!, 'zh')).toContain('计划文件与其方案的编译结果不符');
  });

  // The policy text was edited too, so the content could follow: the checker's own rule refuses it.
  it.each<[string, (p: Plan) => void, string]>([
    ['weights summing to 130%', editSource('weight 60%', 'weight 90%'), 'KPL2003'],
    ['a gap between grade bands', editSource('B >= 60', 'B >= 70'), 'KPL2004'],
    ['overlapping grade bands', editSource('C < 60', 'C < 70'), 'KPL2005'],
    ['unsorted breakpoints', editSource('0%: 60; 10%: 100', '10%: 60; 0%: 100'), 'KPL2006'],
    ['an undeclared column', editSource('= care', '= salary'), 'KPL2001'],
    ['a duplicate name', editSource('indicator 服务', 'indicator 业绩'), 'KPL2002'],
    ['a `__proto__` column', editSource('= care', '= __proto__'), 'KPL2001'],
    ['a syntax error', editSource('total = weighted', 'total = = weighted'), 'KPL1003'],
  ])('%s: the checker says so (%s)', (_what, edit, code) => {
    expect(codes(tampered(compiled(), edit))).toContain(code);
  });

  it('an import missing from the plan: KPL2019, the disk is never read', () => {
    const plan = tampered(compiled(MAIN, { 'dir/lib/rates.kpl': LIB }), (p) => void p.sources.pop());
    expect(codes(plan)).toEqual(['KPL2019']);
  });
  it('a plan without its policy: KPL5020', () => {
    expect(codes(tampered(compiled(), (p) => void (p.sources = [])))).toEqual(['KPL5020']);
  });
  it('a policy text that is not the plan\'s (the content kept, the text replaced)', () => {
    const other = compiled(POLICY.replace('B >= 60', 'B >= 60.5').replace('C < 60', 'C < 60.5'));
    const plan = tampered(compiled(), (p) => void (p.sources = other.sources));
    expect(verifyPlan(plan).map((d) => [d.code, d.args.path])).toEqual([['KPL5021', '$.grades[1].low.value']]);
  });
});

describe('the plan reader survives a hostile shape', () => {
  const deep = (n: number) => {
    let e: unknown = { k: 'num', v: '1' };
    for (let i = 0; i < n; i++) e = { k: 'un', op: 'neg', e };
    return e;
  };
  it('a compiled expression 400 levels deep is read (validated in pieces)', () => {
    const plan = compiled();
    (plan.total as { expr: unknown }).expr = deep(400);
    expect(readPlan(JSON.stringify(plan)).diagnostics).toEqual([]);
  });
  it.each([2_000, 100_000])('%i levels: KPL2041, not a stack overflow', (n) => {
    const text = `{"planVersion":${PLAN_VERSION},"x":${'['.repeat(n)}${']'.repeat(n)}}`;
    const r = readPlan(text);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['KPL2041']);
    expect(r.diagnostics[0]!.message).toContain('levels deep');
  });
  it('errors deep inside an expression are reported at their path in the whole plan', () => {
    const plan = compiled();
    let e = deep(120) as { e: unknown };
    (plan.total as { expr: unknown }).expr = e;
    for (let i = 0; i < 119; i++) e = e.e as { e: unknown };
    e.e = { k: 'num', v: 'many' };
    const r = readPlan(JSON.stringify(plan));
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toContain(`$.total.expr${'.e'.repeat(120)}.v: must be a decimal number`);
  });
});

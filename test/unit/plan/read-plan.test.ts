import { describe, expect, it } from 'vitest';
import { localize } from '../../../src/diagnostics/diagnostic.ts';
import { jsonPath, readPlan } from '../../../src/plan/read-plan.ts';
import { Plan, PLAN_VERSION, type Expr } from '../../../src/plan/schema.ts';

/** A small but complete plan, written by hand: one input table, one indicator, two grades. */
function minimalPlan(): Plan {
  const score: Expr = { k: 'col', col: 'score' };
  return {
    planVersion: PLAN_VERSION,
    compiler: 'kpl 0.1.0',
    policy: { name: 'Minimal', version: '1', period: '2024' },
    hash: 'sha256:0000',
    inputs: [
      {
        name: 'staff',
        role: 'population',
        key: 'id',
        columns: [
          { name: 'id', type: 'text', optional: false },
          { name: 'score', type: 'number', min: { value: '0', inclusive: true }, max: { value: '100', inclusive: true }, optional: false },
        ],
      },
    ],
    lets: [],
    indicators: [
      {
        id: 'quality',
        title: 'Quality',
        weight: { k: 'fixed', value: '1' },
        effectiveWeight: '1',
        missing: 'error',
        rule: { k: 'bin', op: '*', l: score, r: { k: 'num', v: '1.0' } },
        ruleText: 'score * 1.0',
        children: [],
        at: { file: 'p.kpl', line: 3, col: 1, endLine: 3, endCol: 20, start: 40, end: 59 },
      },
    ],
    adjustments: [],
    total: { name: 'total', expr: { k: 'ref', ref: 'weighted', name: 'weighted' } },
    vetoes: [],
    grades: [
      { grade: 'A', low: { value: '90', inclusive: true }, otherwise: false },
      { grade: 'B', otherwise: true },
    ],
    outputs: [{ name: 'grade', expr: { k: 'ref', ref: 'grade', name: 'grade' } }],
    sources: [{ name: 'p.kpl', text: 'policy "Minimal"\n' }],
  };
}

/** The messages of reading `value` (JSON-encoded), each checked to be a KPL2041 error. */
function problems(value: unknown): string[] {
  const r = readPlan(typeof value === 'string' ? value : JSON.stringify(value));
  expect(r.plan).toBeUndefined();
  expect(r.diagnostics.length).toBeGreaterThan(0);
  for (const d of r.diagnostics) {
    expect(d.code).toBe('KPL2041');
    expect(d.severity).toBe('error');
    expect(d.message.startsWith('the plan file is not valid: ')).toBe(true);
  }
  return r.diagnostics.map((d) => d.message);
}

describe('readPlan accepts', () => {
  it('a minimal valid plan, unchanged', () => {
    const plan = minimalPlan();
    expect(Plan.safeParse(plan).success).toBe(true); // the zod schema agrees
    const r = readPlan(JSON.stringify(plan, null, 2));
    expect(r.diagnostics).toEqual([]);
    expect(r.plan).toEqual(plan);
  });

  it('a plan file that starts with a byte-order mark', () => {
    expect(readPlan('\uFEFF' + JSON.stringify(minimalPlan())).diagnostics).toEqual([]);
  });
});

describe('readPlan rejects', () => {
  it('text that is not JSON', () => {
    const [m] = problems('{"planVersion": 2,');
    expect(m).toContain('not JSON');
    expect(problems('')).toHaveLength(1);
  });

  it('JSON that is not an object', () => {
    expect(problems([1, 2])).toEqual(['the plan file is not valid: $: must be an object']);
  });

  it('a missing field, with its path', () => {
    const plan: Record<string, unknown> = minimalPlan();
    delete plan.hash;
    expect(problems(plan)).toEqual(['the plan file is not valid: $.hash: this required field is missing']);

    const nested = minimalPlan();
    delete (nested.inputs[0]!.columns[1] as Partial<Plan['inputs'][0]['columns'][0]>).optional;
    expect(problems(nested)).toEqual(['the plan file is not valid: $.inputs[0].columns[1].optional: this required field is missing']);
  });

  it('an extra field, with its path', () => {
    expect(problems({ ...minimalPlan(), notes: 'x' })).toEqual(['the plan file is not valid: $.notes: this field is not allowed here']);

    const nested = minimalPlan();
    Object.assign(nested.policy, { author: 'me' });
    Object.assign(nested.grades[1]!, { colour: 'red' });
    expect(problems(nested)).toEqual([
      'the plan file is not valid: $.policy.author: this field is not allowed here',
      'the plan file is not valid: $.grades[1].colour: this field is not allowed here',
    ]);
  });

  it.each([PLAN_VERSION - 1, PLAN_VERSION + 1, 0, String(PLAN_VERSION), null])('planVersion %j, with a clear message', (version) => {
    const ms = problems({ ...minimalPlan(), planVersion: version });
    expect(ms).toHaveLength(1);
    expect(ms[0]).toContain('$.planVersion');
    expect(ms[0]).toContain(`the plan has version ${JSON.stringify(version)}, but this KPL reads plan version ${PLAN_VERSION}`);
  });

  it('a missing planVersion', () => {
    const plan: Record<string, unknown> = minimalPlan();
    delete plan.planVersion;
    expect(problems(plan)).toEqual(['the plan file is not valid: $.planVersion: this required field is missing']);
  });

  it('an expression node of an unknown kind, with its path', () => {
    const plan = minimalPlan();
    plan.indicators[0]!.rule = { k: 'bin', op: '*', l: { k: 'column', col: 'score' } as unknown as Expr, r: { k: 'num', v: '1' } };
    const ms = problems(plan);
    expect(ms).toHaveLength(1);
    expect(ms[0]).toContain('$.indicators[0].rule.l.k: unknown kind "column"');
    expect(ms[0]).toContain('expected one of num, bool, str, col,');
  });

  it('an expression node without a kind', () => {
    const plan = minimalPlan();
    plan.lets.push({ name: 'x', expr: { col: 'score' } as unknown as Expr });
    expect(problems(plan)).toEqual(['the plan file is not valid: $.lets[0].expr.k: missing or not a string; it must name the kind of this node']);
  });

  it('a bad field inside a known expression kind: one message, not one per kind', () => {
    const plan = minimalPlan();
    plan.indicators[0]!.rule = { k: 'num', v: '1,5' };
    expect(problems(plan)).toEqual(['the plan file is not valid: $.indicators[0].rule.v: must be a decimal number in a string, like "12.5"']);
  });

  it('wrong types and enum values', () => {
    const plan = minimalPlan();
    (plan.indicators[0] as unknown as Record<string, unknown>).missing = 'skip';
    (plan.grades[0] as unknown as Record<string, unknown>).otherwise = 'no';
    (plan.indicators[0]!.weight as unknown as Record<string, unknown>).k = 'fixd';
    expect(problems(plan)).toEqual([
      'the plan file is not valid: $.indicators[0].weight.k: unknown kind "fixd"; expected one of fixed, by',
      'the plan file is not valid: $.indicators[0].missing: must be one of "drop", "zero", "error"',
      'the plan file is not valid: $.grades[0].otherwise: must be true or false',
    ]);
  });

  it('has a Chinese message too', () => {
    const r = readPlan('{}');
    expect(localize(r.diagnostics[0]!, 'zh')).toMatch(/^计划文件无效：`\$\./);
  });
});

describe('jsonPath', () => {
  it.each([
    ['', '$'],
    ['/indicators/0/rule', '$.indicators[0].rule'],
    ['/a~1b/c~0d', '$["a/b"]["c~d"]'],
    ['/名称', '$["名称"]'],
  ])('%j → %s', (pointer, path) => {
    expect(jsonPath(pointer)).toBe(path);
  });
});

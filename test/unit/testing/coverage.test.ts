/**
 * Coverage: the probes found in a plan, what the recorder marks, unreachable probes excluded by
 * the range analysis, the shipped test files reaching 100%, and that recording changes no result.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../../src/compile.ts';
import type { Plan } from '../../../src/plan/schema.ts';
import { loadTables } from '../../../src/data/load-tables.ts';
import { evaluate } from '../../../src/evaluator/evaluate.ts';
import { CoverageModel, CoverageRecorder, coverageReport, percentText } from '../../../src/testing/coverage.ts';
import { parseTests } from '../../../src/testing/parse-tests.ts';
import { runTests } from '../../../src/testing/run-tests.ts';

const POLICY = `input people key id {
  id: text
  role: category { R1, R2 }
  a: number >= 0
  b: number optional
  flag: bool
}
indicator x weight by role { R1: 60%; R2: 40% } = if a > 50 then clamp(a, 0, 80) else default(b, 10)
indicator y weight by role { R1: 40%; R2: 60% } missing drop = interpolate(b) { below: 0; 0: 50; 10: 100; above: 110 }
total = round(weighted, 2)
grade { A >= 80; B otherwise }
veto when flag then grade B
distribute { B at least 50% floor from A; order by total asc, id asc }
reward = lookup(grade) { A: 2; otherwise: 1 }
output id, total, grade, reward
`;

function setup(text = POLICY) {
  const c = compile('p.kpl', text);
  expect(c.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  const model = new CoverageModel(c.plan!);
  return { plan: c.plan!, model };
}

function evalCsv(plan: Plan, table: string, csv: string, recorder?: CoverageRecorder) {
  const data = loadTables(plan.inputs, [{ table, fileName: `${table}.csv`, bytes: new TextEncoder().encode(csv) }]);
  return evaluate(plan, data, recorder ? { recorder } : {});
}

describe('coverage probes', () => {
  it('finds every decision of the plan, with its source line', () => {
    const { model } = setup();
    expect(model.probes.map((p) => `${p.line} ${p.category} ${p.owner}: ${p.label}`)).toEqual([
      '8 indicators x: weight variant `role = R1` (60%)',
      '8 indicators x: weight variant `role = R2` (40%)',
      '8 indicators x: `if a > 50` true → `clamp(a, 0, 80)`',
      '8 indicators x: `if a > 50` false → `default(b, 10)`',
      '8 indicators x: `clamp(a, 0, 80)` raised to the low bound `0`',
      '8 indicators x: `clamp(a, 0, 80)` within its bounds',
      '8 indicators x: `clamp(a, 0, 80)` cut to the high bound `80`',
      '8 indicators x: `default(b, 10)` has a value',
      '8 indicators x: `default(b, 10)` falls back to `10`',
      '9 indicators y: weight variant `role = R1` (40%)',
      '9 indicators y: weight variant `role = R2` (60%)',
      '9 indicators y: interpolate below the first breakpoint `below: 0`',
      '9 indicators y: interpolate between `0: 50` and `10: 100`',
      '9 indicators y: interpolate above the last breakpoint `above: 110`',
      '9 indicators y: not applicable (a value it needs is missing) → dropped, sibling weights re-normalised',
      '11 bands A: band `A >= 80` reached',
      '11 bands B: band `B otherwise` reached',
      '12 vetoes flag: veto `flag` fired',
      '13 distribution B: quota `B at least 50% floor from A` already met',
      '13 distribution B: quota `B at least 50% floor from A` short (someone moved from A)',
      '13 distribution order by: ranking key `total asc` decided the order of two people',
      '13 distribution order by: tie-break key `id asc` decided the order of two people',
      '14 reward reward: lookup entry `A: 2`',
      '14 reward reward: lookup entry `otherwise: 1`',
    ]);
  });

  it('among and the smallest group: a probe for each side, marked by the evaluation', () => {
    const text = `input people key id { id: text; dept: text; a: number in [0, 100]; ok: bool }
indicator x weight 100% = a
grade { A >= 80; B otherwise }
distribute per dept { among ok; only groups of at least 2; A at most 50% -> B; order by total desc, id asc }
`;
    const { plan, model } = setup(text);
    const labels = model.probes.filter((p) => p.owner === 'among' || p.owner === 'only groups of at least').map((p) => `${p.line} ${p.label}`);
    expect(labels).toEqual(['4 among `ok` left somebody out', '4 among `ok` counted somebody', '4 a group smaller than 2 was left undistributed', '4 a group of at least 2 was distributed']);
    const missed = (csv: string) => {
      const rec = new CoverageRecorder(model);
      evalCsv(plan, 'people', csv, rec);
      return coverageReport(model, rec.covered).missed.filter((p) => p.owner === 'among' || p.owner === 'only groups of at least').map((p) => p.label);
    };
    // 一部: two counted → distributed; 二部: one counted (P4 is left out) → not distributed.
    expect(missed('id,dept,a,ok\nP1,一部,90,true\nP2,一部,85,true\nP3,二部,90,true\nP4,二部,90,false\n')).toEqual([]);
    expect(missed('id,dept,a,ok\nP1,一部,90,true\nP2,一部,85,true\n')).toEqual(['among `ok` left somebody out', 'a group smaller than 2 was left undistributed']);
  });

  it('marks what an evaluation exercised and lists the rest by line', () => {
    const { plan, model } = setup();
    const rec = new CoverageRecorder(model);
    // P1: R1, a = 90 → clamp cuts to 80; b = 5 → between 0 and 10 → 75; total 0.6 × 80 + 0.4 × 75 = 78 → B.
    // P2: R2, a = 10, b empty → default falls back to 10; y not applicable → total 10 → B.
    evalCsv(plan, 'people', 'id,role,a,b,flag\nP1,R1,90,5,false\nP2,R2,10,,false\n', rec);
    const r = coverageReport(model, rec.covered);
    const missed = r.missed.map((p) => p.label);
    expect(missed).toEqual([
      '`clamp(a, 0, 80)` within its bounds',
      '`default(b, 10)` has a value',
      'interpolate below the first breakpoint `below: 0`',
      'interpolate above the last breakpoint `above: 110`',
      'band `A >= 80` reached',
      'veto `flag` fired',
      'quota `B at least 50% floor from A` short (someone moved from A)',
      // Two people already B: the quota was met, nobody was ranked.
      'ranking key `total asc` decided the order of two people',
      'tie-break key `id asc` decided the order of two people',
      'lookup entry `A: 2`',
    ]);
    // The clamp's low bound cannot be reached (a ≥ 0): excluded, not missed.
    expect(r.excluded.map((p) => [p.label, p.reason.slice(0, 7)])).toEqual([['`clamp(a, 0, 80)` raised to the low bound `0`', 'KPL2505']]);
    expect(r.total).toBe(23);
    expect(r.covered).toBe(13);
    expect(percentText(r.percent)).toBe('56.5%');
    expect(r.categories.find((c) => c.category === 'indicators')).toEqual({ category: 'indicators', covered: 10, total: 14 });
  });

  it('excludes what the declared input ranges make impossible, with the lint code that proves it', () => {
    const { model } = setup(`input people key id { id: text; a: number in [0, 100]; b: number in [0, 10] }
indicator x weight 50% = a
indicator y weight 50% = interpolate(b) { below: 0; 20: 50; 30: 100; above: 120 }
indicator z weight 0% = max(a, 200)
total = weighted
grade { A >= 500; B otherwise }
output id, total
`);
    const r = coverageReport(model, new Set());
    expect(r.excluded.map((p) => `${p.line} ${p.label} [${p.reason.slice(0, 7)}]`)).toEqual([
      '3 interpolate between `20: 50` and `30: 100` [KPL2504]',
      '3 interpolate above the last breakpoint `above: 120` [KPL2504]',
      '4 `max(a, 200)` takes `a` [KPL2506]',
      '6 band `A >= 500` reached [KPL2501]',
    ]);
    expect(r.total).toBe(model.probes.length - 4);
  });

  it('percentages never round a shortfall up to 100%', () => {
    expect(percentText(99.99)).toBe('99.9%');
    expect(percentText(100)).toBe('100.0%');
  });

  it('recording changes no result', () => {
    const text = readFileSync('policies/customer-manager.kpl', 'utf8');
    const csv = readFileSync('policies/data/customer-manager/employees.csv', 'utf8');
    const c = compile('p.kpl', text);
    const plain = evalCsv(c.plan!, 'employees', csv).people.map((p) => JSON.stringify(p.cells));
    const rec = new CoverageRecorder(new CoverageModel(c.plan!));
    const recorded = evalCsv(c.plan!, 'employees', csv, rec).people.map((p) => JSON.stringify(p.cells));
    expect(recorded).toEqual(plain);
    // The shipped data reaches every decision but four: complaints stay ≤ 6 (100 − 10 × 6 > 0), awards ≤ 2
    // (2 × 2 < 5), nobody has a compliance violation, and no two totals tie.
    expect(rec.model.probes.filter((p) => !rec.covered.has(p.id)).map((p) => p.label)).toEqual([
      '`max(100 - 10 * complaints, 0)` takes `0` (bound hit)',
      '`min(awards * 2, 5)` takes `5` (bound hit)',
      'veto `严重违规一票否决` fired',
      'tie-break key `销售完成率 desc` decided the order of two people',
    ]);
  });
});

describe('the shipped test files', () => {
  for (const name of ['customer-manager', 'service-manager', 'manager-360']) {
    it(`policies/${name}.kpltest passes and covers 100% of policies/${name}.kpl`, () => {
      const c = compile(`policies/${name}.kpl`, readFileSync(join('policies', `${name}.kpl`), 'utf8'));
      const parsed = parseTests(`policies/${name}.kpltest`, readFileSync(join('policies', `${name}.kpltest`), 'utf8'));
      expect(parsed.problems).toEqual([]);
      const model = new CoverageModel(c.plan!);
      const rec = new CoverageRecorder(model);
      const r = runTests(c.plan!, parsed.tests, { recorder: rec, explain: false });
      const failures = r.cases.flatMap((k) => [...k.problems.map((p) => p.message), ...k.rows.filter((x) => !x.passed).map((x) => `${k.name} / ${x.name}: ${JSON.stringify(x.mismatches)}`)]);
      expect(failures).toEqual([]);
      expect(r.passed).toBe(true);
      const cov = coverageReport(model, rec.covered);
      expect(cov.missed.map((p) => `${p.line} ${p.owner}: ${p.label}`)).toEqual([]);
      expect(cov.percent).toBe(100);
    });
  }
});

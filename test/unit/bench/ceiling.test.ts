/**
 * The benchmark's ceiling (bench/ceiling.ts, the policy hand-written for speed) must give KPL's
 * results for every person: this is the bench's verification on 2,000 generated people, without
 * the timing and without the peer engines (they live in bench/node_modules, not installed here).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { generate, csvBytes, floatColumns, describe as describeData } from '../../../bench/generate.ts';
import { runCeiling } from '../../../bench/ceiling.ts';
import { compilePolicy, kplColumns, loadEmployees, runKpl, runKplFast, toResults } from '../../../bench/engines/kpl.ts';
import { firstDifference, show } from '../../../bench/results-type.ts';
import { evaluate } from '../../../src/index.ts';

describe('bench ceiling', () => {
  it('gives KPL’s total, grades and reward for every one of 2,000 generated people', () => {
    const ds = generate(2000);
    const plan = compilePolicy();
    const data = loadEmployees(plan, csvBytes(ds));
    const kpl = runKpl(plan, data);
    // The bench times KPL's fast engine: it reads the same results from its own output columns.
    const fast = runKplFast(plan, kplColumns(plan, data));
    const f = firstDifference(kpl, fast);
    expect(f, f < 0 ? '' : `${ds.id[f]}: interpreter ${show(kpl, f)}; fast ${show(fast, f)}`).toBe(-1);
    const stats = { exactTotals: 0 };
    const ceiling = runCeiling(floatColumns(ds), stats);
    const i = firstDifference(kpl, ceiling);
    expect(i, i < 0 ? '' : `${ds.id[i]}: KPL ${show(kpl, i)}; ceiling ${show(ceiling, i)}`).toBe(-1);
    // The generated edges are really exercised: exact .xx5 totals, vetoes, people moved A → B.
    expect(stats.exactTotals).toBeGreaterThan(5);
    const edges = describeData(ds).edges;
    for (const kind of ['zero target', 'veto', 'total on x.xx5', 'total on a grade edge', 'tie on total', 'identical to previous', 'commendations']) expect(edges[kind], kind).toBeGreaterThan(0);
    let moved = 0;
    for (let k = 0; k < ds.n; k++) if (kpl.gradeBefore[k] === 0 && kpl.grade[k] === 1) moved++;
    expect(moved).toBeGreaterThan(10);
  });

  it('reproduces the real data’s expected results', () => {
    const dir = 'policies/data/customer-manager';
    const plan = compilePolicy();
    const bytes = readFileSync(`${dir}/employees.csv`);
    const kpl = toResults(evaluate(plan, loadEmployees(plan, bytes)));
    const lines = readFileSync(`${dir}/employees.csv`, 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    const rows = lines.slice(1).map((l) => l.split(','));
    const unitNames = [...new Set(rows.map((r) => r[header.indexOf('unit')]!))];
    const num = (name: string) => Float64Array.from(rows, (r) => Number(r[header.indexOf(name)]));
    const f = Object.fromEntries(['sales_actual', 'sales_target', 'growth_rate', 'new_customers', 'retention_rate', 'satisfaction', 'avg_resolution_hours', 'complaints', 'callback_rate', 'training_hours', 'collaboration', 'awards', 'base_bonus'].map((c) => [c, num(c)]));
    const ceiling = runCeiling({
      n: rows.length,
      id: rows.map((r) => r[0]!),
      unit: Int32Array.from(rows, (r) => unitNames.indexOf(r[header.indexOf('unit')]!)),
      unitCount: unitNames.length,
      violation: Uint8Array.from(rows, (r) => (r[header.indexOf('compliance_violation')] === 'true' ? 1 : 0)),
      f: f as never,
    });
    expect(firstDifference(kpl, ceiling)).toBe(-1);
  });
});

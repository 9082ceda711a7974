/**
 * The impact part of `kpl diff`, checked against values computed independently: both versions
 * evaluated with the public API, their result cells compared person by person.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { compile } from '../../../src/compile.ts';
import { loadTables } from '../../../src/data/load-tables.ts';
import { evaluate } from '../../../src/evaluator/evaluate.ts';
import { Decimal } from '../../../src/numeric/decimal.ts';
import { buildReport } from '../../../src/diff/report.ts';
import type { Plan } from '../../../src/plan/schema.ts';

const CM = readFileSync('policies/customer-manager.kpl', 'utf8');
const CSV = 'policies/data/customer-manager/employees.csv';
const files = () => [{ table: 'employees', fileName: CSV, bytes: new Uint8Array(readFileSync(CSV)) }];

function plan(text: string): Plan {
  const r = compile('p.kpl', text);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.plan!;
}

function edit(text: string, from: string, to: string): string {
  expect(text.split(from).length - 1).toBe(1);
  return text.replace(from, to);
}

/** Per person: the output cells total, grade, reward (and status) of a policy, by key. */
function results(p: Plan) {
  const r = evaluate(p, loadTables(p.inputs, files()));
  const col = (name: string) => r.columns.indexOf(name);
  const text = (c: (typeof r.people)[number]['cells'][number]) => (c === null ? '' : typeof c === 'string' ? c : c.number);
  return new Map(
    r.people.map((x) => [
      x.key,
      { status: x.status, total: text(x.cells[col('total')]!), grade: text(x.cells[col('grade')]!), reward: text(x.cells[col('reward')]!), unit: x.person.row.raw['unit']! },
    ]),
  );
}

function report(oldText: string, newText: string) {
  const a = plan(oldText);
  const b = plan(newText);
  return buildReport({ label: 'old', plan: a }, { label: 'new', plan: b }, { old: loadTables(a.inputs, files()), new: loadTables(b.inputs, files()), files: [`employees=${CSV}`] });
}

describe('kpl diff: impact on people', () => {
  const v2 = edit(edit(CM, '销售完成率 weight 50%', '销售完成率 weight 40%'), '销售增长率 weight 30%', '销售增长率 weight 40%');
  const r = report(CM, v2).impact!;
  const before = results(plan(CM));
  const after = results(plan(v2));

  it('lists exactly the people whose total, grade or reward changes, with the right amounts', () => {
    const expected = [...before.keys()].filter((k) => {
      const x = before.get(k)!;
      const y = after.get(k)!;
      return x.total !== y.total || x.grade !== y.grade || x.reward !== y.reward;
    });
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.length).toBeLessThan(before.size);
    expect(new Set(r.changed.map((c) => c.key))).toEqual(new Set(expected));
    expect(r.changed).toHaveLength(expected.length);
    for (const c of r.changed) {
      const x = before.get(c.key)!;
      const y = after.get(c.key)!;
      expect(c.deltaTotal!.toFixed(), c.key).toBe(new Decimal(y.total).minus(x.total).toFixed());
      expect(c.deltaReward!.toFixed(), c.key).toBe(new Decimal(y.reward).minus(x.reward).toFixed());
      expect([c.old!.grade, c.new!.grade], c.key).toEqual([x.grade, y.grade]);
      expect(c.gradeChanged).toBe(x.grade !== y.grade);
    }
    expect(r.people).toBe(before.size);
  });

  it('sorts by the size of the change of total, largest first', () => {
    const sizes = r.changed.map((c) => c.deltaTotal!.abs().toNumber());
    expect(sizes).toEqual([...sizes].sort((p, q) => q - p));
  });

  it('counts grades before and after, lists who changed grade, and the reward totals per unit', () => {
    const count = (m: typeof before) => {
      const c: Record<string, number> = { A: 0, B: 0, C: 0, D: 0 };
      for (const v of m.values()) c[v.grade]!++;
      return c;
    };
    expect(r.before).toEqual(count(before));
    expect(r.after).toEqual(count(after));
    const movers = [...before.keys()].filter((k) => before.get(k)!.grade !== after.get(k)!.grade);
    expect(r.changed.filter((c) => c.gradeChanged).map((c) => c.key).sort()).toEqual(movers.sort());
    expect(r.transitions.reduce((s, t) => s + t.count, 0)).toBe(movers.length);
    const sum = (m: typeof before, unit?: string) => [...m.values()].filter((v) => !unit || v.unit === unit).reduce((s, v) => s.plus(v.reward), new Decimal(0)).toFixed();
    expect(r.reward!.before.toFixed()).toBe(sum(before));
    expect(r.reward!.after.toFixed()).toBe(sum(after));
    expect(r.reward!.groupBy).toBe('unit');
    expect(r.reward!.groups!.map((g) => g.group)).toEqual([...new Set([...before.values()].map((v) => v.unit))].sort());
    for (const g of r.reward!.groups!) expect([g.group, g.before.toFixed(), g.after.toFixed()]).toEqual([g.group, sum(before, g.group), sum(after, g.group)]);
  });

  it('the same policy changes nobody', () => {
    const same = report(CM, CM.replace(/^#.*\n/gm, ''));
    expect(same.changes).toEqual([]);
    expect(same.impact!.changed).toEqual([]);
    expect(same.impact!.transitions).toEqual([]);
  });

  it('people whose status changes: a narrower input range makes rows invalid', () => {
    const v3 = edit(CM, 'complaints: integer >= 0', 'complaints: integer in [0, 4]');
    const i = report(CM, v3).impact!;
    const invalid = [...before.keys()].filter((k) => Number(readFileSync(CSV, 'utf8').split('\n').find((l) => l.startsWith(k + ','))!.split(',')[10]) > 4);
    expect(invalid).toHaveLength(2);
    expect(i.changed.filter((c) => c.statusChanged).map((c) => c.key).sort()).toEqual(invalid.sort());
    for (const c of i.changed.filter((x) => x.statusChanged)) {
      expect(c.new!.status).toBe('error');
      expect(c.new!.error).toMatch(/out of range/);
    }
    expect(i.after['error']).toBe(2);
    expect(i.before['error']).toBe(0);
  });
});

/**
 * The fast engine against the exact interpreter: every output cell, status, diagnostic and pool
 * identical — on the three case policies with their data, and on seeded data full of the cases
 * where floats and exact decimals part ways.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { planOf, dataOf, compare, firstDiff } from './helpers.ts';
import { customerManager, serviceManager, manager360 } from './gen-data.ts';

const CASES = [
  { name: 'customer-manager', tables: ['employees'] },
  { name: 'service-manager', tables: ['employees', 'teams'] },
  { name: 'manager-360', tables: ['managers', 'ratings'] },
];

function expectSame(c: ReturnType<typeof compare>): void {
  expect(c.fast.engine, c.fast.reason).toBe('fast');
  expect(c.fastCsv === c.exactCsv, firstDiff(c.exactCsv, c.fastCsv)).toBe(true);
  expect(c.fast.diagnostics.length).toBeGreaterThanOrEqual(0);
  expect(c.fastDiagnostics).toBe(c.exactDiagnostics);
  expect(c.fastPools).toBe(c.exactPools);
  expect(c.statuses[1]).toBe(c.statuses[0]);
}

describe('fast engine = exact interpreter', () => {
  for (const c of CASES) {
    it(`${c.name}: the case data`, () => {
      const plan = planOf(`policies/${c.name}.kpl`);
      const files = Object.fromEntries(c.tables.map((t) => [t, readFileSync(`policies/data/${c.name}/${t}.csv`, 'utf8')]));
      expectSame(compare(plan, dataOf(plan, files)));
    });
  }

  it('customer-manager: 20,000 generated people (breakpoints, .xx5 totals, 8206.555 money, zero targets, vetoes, quota ties)', () => {
    const plan = planOf('policies/customer-manager.kpl');
    const c = compare(plan, dataOf(plan, { employees: customerManager(20000, 11) }));
    expectSame(c);
    // Nearly everyone is settled by the generated code; the rest by the interpreter.
    expect(c.fast.stats!.exact).toBeLessThan(200);
  }, 60_000);

  it('service-manager: generated people (missing callback rates, exact breakpoints, pools to the cent, an all-zero team, a team nobody is in)', () => {
    const plan = planOf('policies/service-manager.kpl');
    const { employees, teams } = serviceManager(5000, 12);
    expectSame(compare(plan, dataOf(plan, { employees, teams })));
  }, 60_000);

  it('manager-360: generated managers (trimmed groups, absent groups, nobody rated, integrity vetoes)', () => {
    const plan = planOf('policies/manager-360.kpl');
    const { managers, ratings } = manager360(4000, 13);
    const c = compare(plan, dataOf(plan, { managers, ratings }));
    expectSame(c);
    expect(c.fast.stats!.bails['indicator missing (missing error)']).toBeGreaterThan(0);
  }, 60_000);
});

describe('ties the floats cannot settle', () => {
  it('a tie-break on a non-terminating ratio of different inputs asks the interpreter for the two exact values', () => {
    const plan = planOf(
      'ties.kpl',
      `policy "ties"
input people key id {
  id: text
  unit: text
  a: number >= 0
  b: number > 0
}
indicator s weight 100% = a / b * 100
total = round(weighted, 0)
grade { A >= 30; B < 30 }
distribute per unit { A at most 30% floor, min 1 -> B; order by total desc, s desc, id desc }
output id, total, grade, rank = quota_rank
`,
    );
    const rows = ['id,unit,a,b'];
    // Equal ratios from different numbers (1/3 = 2/6 = 7/21 …), floats equal but not exact.
    const pairs = [
      [1, 3],
      [2, 6],
      [7, 21],
      [10, 30],
      [1, 7],
      [3, 21],
      [2, 5],
      [4, 10],
    ];
    for (let i = 0; i < 120; i++) {
      const [a, b] = pairs[i % pairs.length]!;
      rows.push(`T${String(i).padStart(3, '0')},${i % 3 ? 'u1' : 'u2'},${a},${b}`);
    }
    const c = compare(plan, dataOf(plan, { people: rows.join('\n') + '\n' }));
    expect(c.fast.engine, c.fast.reason).toBe('fast');
    expect(c.fastCsv === c.exactCsv, firstDiff(c.exactCsv, c.fastCsv)).toBe(true);
  });
});

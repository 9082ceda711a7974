/**
 * The playground previews results with the fast engine (hidden output columns for what the
 * preview shows beyond the policy's outputs). Its summary must be the interpreter's, field for
 * field: on the acceptance data and on generated populations with variants, dropped indicators,
 * forced distribution and pools.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EvalSession } from '../../../playground/src/worker-core.ts';
import { customerManager, manager360, serviceManager } from '../../fast/gen-data.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const policy = (name: string) => readFileSync(join('policies', `${name}.kpl`), 'utf8');
const acceptance = (name: string, tables: string[]) => tables.map((t) => ({ table: t, fileName: `${t}.csv`, bytes: new Uint8Array(readFileSync(join('policies', 'data', name, `${t}.csv`))) }));

const CASES = [
  { name: 'customer-manager', files: acceptance('customer-manager', ['employees']) },
  { name: 'service-manager', files: acceptance('service-manager', ['employees', 'teams']) },
  { name: 'manager-360', files: acceptance('manager-360', ['managers', 'ratings']) },
  { name: 'customer-manager', generated: true, files: [{ table: 'employees', fileName: 'employees.csv', bytes: enc(customerManager(3000, 11)) }] },
  {
    name: 'service-manager',
    generated: true,
    files: (({ employees, teams }) => [
      { table: 'employees', fileName: 'employees.csv', bytes: enc(employees) },
      { table: 'teams', fileName: 'teams.csv', bytes: enc(teams) },
    ])(serviceManager(3000, 12)),
  },
  {
    name: 'manager-360',
    generated: true,
    files: (({ managers, ratings }) => [
      { table: 'managers', fileName: 'managers.csv', bytes: enc(managers) },
      { table: 'ratings', fileName: 'ratings.csv', bytes: enc(ratings) },
    ])(manager360(1500, 13)),
  },
];

function run(files: (typeof CASES)[number]['files'], source: string, engine: 'auto' | 'exact', withIndicators: boolean) {
  const s = new EvalSession();
  s.engine = engine;
  s.setData(1, files);
  const r = s.run(1, source, withIndicators);
  return { summary: r.summary, csv: s.csv(1), fast: s.last !== undefined && s.last.exact === undefined };
}

describe('playground preview on the fast engine', () => {
  for (const c of CASES) {
    for (const withIndicators of [true, false]) {
      it(`${c.name}${c.generated ? ' (generated)' : ''}${withIndicators ? ', with indicator scores' : ''}: the interpreter's summary`, () => {
        const source = policy(c.name);
        const fast = run(c.files, source, 'auto', withIndicators);
        const exact = run(c.files, source, 'exact', withIndicators);
        expect(exact.summary!.people.length).toBeGreaterThan(0);
        expect(fast.summary).toEqual(exact.summary);
        expect(fast.csv).toBe(exact.csv);
        // The fast engine made it, also where someone cannot be evaluated (manager-360 names them).
        expect(fast.fast).toBe(true);
      });
    }
  }

  it('manager-360 without the people who cannot be evaluated: fast, with variant weights, the same summary', () => {
    // Every manager-360 data set has someone the interpreter must name; drop them (and their ratings).
    const { managers, ratings } = manager360(1500, 13);
    const source = policy('manager-360');
    const both = (m: string, r: string) => [
      { table: 'managers', fileName: 'managers.csv', bytes: enc(m) },
      { table: 'ratings', fileName: 'ratings.csv', bytes: enc(r) },
    ];
    const failed = new Set(run(both(managers, ratings), source, 'exact', false).summary!.people.filter((p) => p.status !== 'ok').map((p) => p.key));
    expect(failed.size).toBeGreaterThan(0);
    const keep = (csv: string) => csv.split('\n').filter((line) => !failed.has(line.split(',')[0]!)).join('\n');
    const files = both(keep(managers), keep(ratings));
    for (const withIndicators of [true, false]) {
      const fast = run(files, source, 'auto', withIndicators);
      const exact = run(files, source, 'exact', withIndicators);
      expect(exact.summary!.people.every((p) => p.status === 'ok')).toBe(true);
      expect(fast.fast).toBe(true);
      expect(fast.summary).toEqual(exact.summary);
      expect(fast.csv).toBe(exact.csv);
    }
  });

  it('explains a person after a fast preview (the interpreter runs when asked)', () => {
    const c = CASES[0]!;
    const s = new EvalSession();
    s.setData(1, c.files);
    const r = s.run(3, policy(c.name), false);
    expect(s.last?.exact).toBeUndefined();
    const key = r.summary!.people[0]!.key;
    const x = s.explain(3, key);
    expect(x.found).toBe(true);
    expect(x.total).toBe(r.summary!.people[0]!.total);
    // The interpreter's run is kept for the next explanations: the same people as the preview.
    expect(s.last?.exact?.people.map((p) => p.key)).toEqual(r.summary!.people.map((p) => p.key));
  });
});

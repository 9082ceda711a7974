/**
 * The order of population keys where a rule says "the lower key" (README 3.6 allocate: leftover
 * cents on tied remainders go to the lower key), for both engines. Keys compare as their column
 * compares (README 4, Keys: numbers by value): a numeric key column orders 9 before 10 before 100,
 * a text key by code point.
 */
import type { Plan } from '../plan/schema.ts';
import { Decimal } from '../numeric/decimal.ts';

const NUMERIC = new Set(['number', 'integer', 'percent', 'money']);

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Ascending comparison of two population keys (their canonical texts) of the plan. */
export function keyComparator(plan: Pick<Plan, 'inputs'>): (a: string, b: string) => number {
  const pop = plan.inputs.find((t) => t.role === 'population');
  const col = pop?.columns.find((c) => c.name === pop.key);
  if (!col || !NUMERIC.has(col.type)) return byCodePoint;
  return (a, b) => {
    let x: Decimal;
    let y: Decimal;
    try {
      x = new Decimal(a.endsWith('%') ? a.slice(0, -1) : a);
      y = new Decimal(b.endsWith('%') ? b.slice(0, -1) : b);
    } catch {
      return byCodePoint(a, b);
    }
    return x.cmp(y) || byCodePoint(a, b);
  };
}

import { describe, it, expect } from 'vitest';
import { allocateLargestRemainder } from '../../../src/evaluator/allocate.ts';
import { Decimal } from '../../../src/numeric/decimal.ts';

const d = (s: string) => new Decimal(s);

describe('largest-remainder allocation', () => {
  const cases = [
    { note: 'even split with a leftover cent goes to the lower key', pool: '100.00', weights: ['1', '1', '1'], keys: ['a', 'b', 'c'], want: ['33.34', '33.33', '33.33'] },
    { note: 'tie on remainder broken by key, not input order', pool: '100.00', weights: ['1', '1', '1'], keys: ['c', 'b', 'a'], want: ['33.33', '33.33', '33.34'] },
    { note: 'proportional shares (R3 worked example)', pool: '50000', weights: ['1.8', '1.5', '1.5', '1.5', '1.2'], keys: ['1', '2', '3', '4', '5'], want: ['12000', '10000', '10000', '10000', '8000'] },
    { note: 'largest remainder wins the cent', pool: '0.05', weights: ['1', '2', '7'], keys: ['a', 'b', 'c'], want: ['0.01', '0.01', '0.03'] },
  ];
  for (const c of cases) {
    it(c.note, () => {
      const r = allocateLargestRemainder(d(c.pool), c.weights.map(d), 2, c.keys);
      expect(r.shares.map((s) => s.toFixed(2))).toEqual(c.want.map((w) => d(w).toFixed(2)));
      expect(r.shares.reduce((a, s) => a.plus(s), d('0')).eq(d(c.pool))).toBe(true);
    });
  }
  it('all-zero weights pay nobody and report the pool as unallocated', () => {
    const r = allocateLargestRemainder(d('18000.01'), [d('0'), d('0')], 2, ['a', 'b']);
    expect(r.shares.map((s) => s.toFixed(2))).toEqual(['0.00', '0.00']);
    expect(r.unallocated.toFixed(2)).toBe('18000.01');
  });
});

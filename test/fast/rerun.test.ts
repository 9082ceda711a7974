/**
 * Evaluating the same data again (the playground after an edit, the bench's repetitions) reuses
 * what was made for it — kernels, output arrays, the groups of `distribute per unit` — and must
 * still give the interpreter's results every time, also for an edited policy.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { compare, dataOf, firstDiff, planOf } from './helpers.ts';
import { customerManager } from './gen-data.ts';

describe('the same data evaluated again', () => {
  it('gives the interpreter’s results on every run, with edits in between', () => {
    const text = readFileSync('policies/customer-manager.kpl', 'utf8');
    const anchor = 'A "优秀" >= 90';
    expect(text).toContain(anchor);
    const data = dataOf(planOf('cm.kpl', text), { employees: customerManager(3000, 21) });
    for (const threshold of ['90', '85', '90', '95', '85']) {
      const plan = planOf('cm.kpl', text.replace(anchor, `A "优秀" >= ${threshold}`));
      const c = compare(plan, data);
      expect(c.fast.engine).toBe('fast');
      expect(c.fastCsv, firstDiff(c.exactCsv, c.fastCsv)).toBe(c.exactCsv);
    }
  });
});

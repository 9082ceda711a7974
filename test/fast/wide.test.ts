/**
 * Large policies take other code paths: a node with many children sums them in the runtime
 * (weightedSum), and a long person loop is split into one function per named value, passing
 * values through registers. Both must still equal the interpreter.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { planOf, dataOf, compare, firstDiff } from './helpers.ts';
import { setSplitLines } from '../../src/fast/gen.ts';
import { generatedSources } from '../../src/fast/engine.ts';
import { rng } from './gen-data.ts';

/** A policy with a wide indicator tree: fixed and variant weights, optional inputs dropped, zero-scored and errors. */
function widePolicy(groups: number, leaves: number): string {
  const lines = [
    'policy "wide"',
    'input people key id {',
    '  id: text',
    '  role: category { 甲, 乙 }',
    '  a: number in [0, 100]',
    '  b: number in [0, 100] optional',
    '  c: money >= 0',
    '  d: percent in [0, 1]',
    '}',
  ];
  // n shares of 100% in whole tenths of a percent, the last taking the rest.
  const tenths = (k: number, n: number): number => {
    const each = Math.floor(1000 / n);
    return k < n - 1 ? each : 1000 - each * (n - 1);
  };
  const share = (k: number, n: number): string => `${tenths(k, n) / 10}%`;
  for (let g = 0; g < groups; g++) {
    lines.push(`indicator G${g} weight ${share(g, groups)} {`);
    for (let l = 0; l < leaves; l++) {
      // Two leaves of every third group weigh differently by role (their two shares redistributed).
      const both = tenths(0, leaves) + tenths(1, leaves);
      const x = Math.floor(both * 0.6);
      const w = g % 3 === 0 && l < 2 ? `by role { 甲: ${(l === 0 ? x : both - x) / 10}%; 乙: ${(l === 0 ? both - x : x) / 10}% }` : share(l, leaves);
      const rule = [
        `a * ${(l % 7) + 1} / 7`,
        `interpolate(a) { below: 0; 30: 40; 70: 85; 95: 100 }`,
        `b`,
        `ratio(c, a + 1, zero: 0) * 100 |> clamp(0, 100)`,
        `steps(d) { >= 90%: 100; >= 60%: 75; otherwise: 30 }`,
        `min(b, a) / 3`,
      ][(g + l) % 6]!.replace(' |> clamp(0, 100)', '');
      const missing = rule.includes('b') ? (l % 2 ? ' missing drop' : ' missing zero') : '';
      if (g % 3 === 0 && l < 2) lines.push(`  indicator L${g}_${l} weight ${w}${missing} = ${rule}`);
      else lines.push(`  indicator L${g}_${l} weight ${w}${missing} = ${rule}`);
    }
    lines.push('}');
  }
  lines.push('total = round(weighted, 2)', 'grade { A >= 70; B >= 40; C < 40 }', 'output id, total, grade, raw = weighted');
  return lines.join('\n') + '\n';
}

function wideData(n: number): string {
  const r = rng(5);
  const rows = ['id,role,a,b,c,d'];
  for (let i = 0; i < n; i++) rows.push([`W${i}`, r() < 0.5 ? '甲' : '乙', (Math.floor(r() * 1001) / 10).toFixed(1), r() < 0.2 ? '' : String(Math.floor(r() * 101)), (Math.floor(r() * 100000) / 100).toFixed(2), (Math.floor(r() * 1001) / 1000).toFixed(3)].join(','));
  return rows.join('\n') + '\n';
}

afterEach(() => void setSplitLines(1500));

describe('large policies', () => {
  it('a node with many children sums them in the runtime, exactly', () => {
    const plan = planOf('wide.kpl', widePolicy(12, 10));
    const c = compare(plan, dataOf(plan, { people: wideData(600) }));
    expect(c.fast.engine, c.fast.reason).toBe('fast');
    expect(c.fastCsv === c.exactCsv, firstDiff(c.exactCsv, c.fastCsv)).toBe(true);
    expect(c.fastDiagnostics).toBe(c.exactDiagnostics);
    expect(generatedSources(plan).some((s) => s.includes('weightedSum('))).toBe(true);
  });

  it('a long person loop split into functions gives the same results', () => {
    setSplitLines(50);
    const plan = planOf('wide.kpl', widePolicy(6, 5));
    const c = compare(plan, dataOf(plan, { people: wideData(400) }));
    expect(c.fast.engine, c.fast.reason).toBe('fast');
    expect(c.fastCsv === c.exactCsv, firstDiff(c.exactCsv, c.fastCsv)).toBe(true);
    expect(c.fastDiagnostics).toBe(c.exactDiagnostics);
    expect(generatedSources(plan).some((s) => /RN\[\d+\] = /.test(s))).toBe(true);
  });

  it('the customer-manager policy split into functions gives the same results', async () => {
    setSplitLines(50);
    const { customerManager } = await import('./gen-data.ts');
    const plan = planOf('policies/customer-manager.kpl');
    const c = compare(plan, dataOf(plan, { employees: customerManager(3000, 31) }));
    expect(c.fast.engine, c.fast.reason).toBe('fast');
    expect(c.fastCsv === c.exactCsv, firstDiff(c.exactCsv, c.fastCsv)).toBe(true);
  });
});

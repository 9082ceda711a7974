/** The language server's quick fixes, applied to the diagnostics the compiler gives. */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/index.ts';
import { quickFixes } from '../../../src/editor/quick-fixes.ts';

const INPUT = 'input staff key id { id: text; sales: number >= 0; target: number >= 0; score: number in [0, 100] optional; region: category { 北, 南 } }\n';

function fixed(source: string, code: string, pick = 0): string {
  const d = compile('p.kpl', source).diagnostics.find((x) => x.code === code);
  if (!d?.span) throw new Error(`no ${code}`);
  const fixes = quickFixes('p.kpl', source, { code, start: d.span.start, end: d.span.end, ...(d.help ? { help: d.help } : {}) }, 'en');
  const f = fixes[pick]!;
  let out = source;
  for (const e of [...f.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

describe('quick fixes', () => {
  it('did you mean', () => {
    const out = fixed(INPUT + 'indicator a weight 100% = min(salse, 100)\n', 'KPL2001');
    expect(out).toContain('min(sales, 100)');
    expect(compile('p.kpl', out).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('KPL2012: add a missing rule', () => {
    const src = INPUT + 'indicator a "A" weight 100% = score\n';
    expect(fixed(src, 'KPL2012')).toContain('indicator a "A" weight 100% missing drop = score');
    expect(fixed(src, 'KPL2012', 1)).toContain('weight 100% missing zero = score');
    expect(compile('p.kpl', fixed(src, 'KPL2012')).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('KPL2010: a division by a value that can be zero becomes ratio(…, zero: 0)', () => {
    const out = fixed(INPUT + 'indicator a weight 100% = min(sales / target, 1.2) * 50\n', 'KPL2010');
    expect(out).toContain('min(ratio(sales, target, zero: 0), 1.2) * 50');
    expect(compile('p.kpl', out).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('KPL2018: each possible value of the category', () => {
    const src = INPUT + 'indicator a weight 100% = if region = "东" then 100 else 50\n';
    const d = compile('p.kpl', src).diagnostics.find((x) => x.code === 'KPL2018')!;
    const fixes = quickFixes('p.kpl', src, { code: d.code, start: d.span!.start, end: d.span!.end, help: d.help! }, 'zh');
    expect(fixes.map((f) => f.title)).toEqual(['改为 北', '改为 南']);
    expect(fixed(src, 'KPL2018', 1)).toContain('if region = "南" then');
  });

  it('KPL2003: a sibling takes up the difference to 100%', () => {
    const src = INPUT + 'indicator a weight 60% = sales\nindicator b weight 30% = target\n';
    const out = fixed(src, 'KPL2003');
    expect(out).toContain('indicator b weight 40% = target');
    expect(compile('p.kpl', out).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(fixed(src, 'KPL2003', 1)).toContain('indicator a weight 70% = sales');
  });

  it('KPL2042: steps without otherwise get an otherwise row', () => {
    const src = INPUT + 'indicator a weight 100% = steps(sales) {\n  >= 100: 100\n  >= 50: 60\n}\n';
    const out = fixed(src, 'KPL2042');
    expect(out).toContain('  >= 50: 60\n  otherwise: 0\n}');
    expect(compile('p.kpl', out).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const one = INPUT + 'indicator a weight 100% = steps(sales) { >= 100: 100; >= 50: 60 }\n';
    expect(fixed(one, 'KPL2042')).toContain('>= 50: 60; otherwise: 0 }');
  });
});


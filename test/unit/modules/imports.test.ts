/**
 * Imports (item 13) and periods (item 12): shared definitions from another file, and period
 * records rolled up with weights and pro-rated.
 */
import { describe, it, expect } from 'vitest';
import { compile } from '../../../src/compile.ts';
import type { SourceHost } from '../../../src/modules/load-policy.ts';
import { loadTables } from '../../../src/data/load-tables.ts';
import { evaluate } from '../../../src/evaluator/evaluate.ts';

function memoryHost(files: Record<string, string>): SourceHost {
  return {
    readFile: (p) => files[p],
    resolve: (from, rel) => {
      const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '';
      const parts = (dir + rel).split('/');
      const out: string[] = [];
      for (const x of parts) if (x === '..') out.pop(); else if (x !== '.') out.push(x);
      return out.join('/');
    },
  };
}

const SHARED = `scale 四级 { A "优秀" >= 90; B "良好" >= 80; C "一般" >= 60; D "待改进" < 60 }
input people key id { id: text; score: number in [0, 100] }`;

describe('imports', () => {
  it('brings in a shared grade scale and input declaration', () => {
    const host = memoryHost({ 'shared/common.kpl': SHARED });
    const r = compile('p/main.kpl', `import "../shared/common.kpl"\nindicator s weight 100% = score\ntotal = weighted\ngrade by 四级\noutput id, grade`, host);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.plan!.grades.map((g) => g.grade)).toEqual(['A', 'B', 'C', 'D']);
    expect(r.plan!.sources.map((s) => s.name)).toEqual(['p/main.kpl', 'shared/common.kpl']);
  });

  it('reports a missing file at the import', () => {
    const r = compile('main.kpl', `import "nope.kpl"\n`, memoryHost({}));
    expect(r.diagnostics[0]!.code).toBe('KPL2019');
    expect(r.diagnostics[0]!.span!.start).toBe(7);
  });

  it('reports an import cycle', () => {
    const host = memoryHost({ 'a.kpl': 'import "b.kpl"', 'b.kpl': 'import "a.kpl"' });
    const r = compile('a.kpl', 'import "b.kpl"', host);
    expect(r.diagnostics.map((d) => d.code)).toContain('KPL2020');
  });

  it('reports a definition that appears in both files', () => {
    const host = memoryHost({ 'common.kpl': SHARED });
    const r = compile('main.kpl', `import "common.kpl"\nscale 四级 { A >= 50; B otherwise }\nindicator s weight 100% = score\ngrade by 四级`, host);
    expect(r.diagnostics.map((d) => d.code)).toContain('KPL2002');
  });
});

describe('periods', () => {
  it('rolls quarterly scores up with weights and pro-rates a partial year', () => {
    const policy = `policy "年度" version "1"
period year
input people key id { id: text; base: money >= 0 }
input quarters of people by id { id: text; q: category { Q1, Q2, Q3, Q4 }; score: number in [0, 120] }
# quarters weighted 20/25/25/30; a quarter not worked drops out and the others are re-normalised
indicator 年度KPI weight 100% missing error = group_mean(quarters.score, by: quarters.q) { Q1: 20%; Q2: 25%; Q3: 25%; Q4: 30% }
let 在岗季度 = count(quarters)
total = round(weighted, 2)
reward = round(base * 在岗季度 / 4, 2)
output id, total, reward`;
    const c = compile('y.kpl', policy);
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const data = loadTables(c.plan!.inputs, [
      { table: 'people', fileName: 'people.csv', bytes: new TextEncoder().encode('id,base\nA,12000\nB,12000\n') },
      { table: 'quarters', fileName: 'q.csv', bytes: new TextEncoder().encode('id,q,score\nA,Q1,100\nA,Q2,104\nA,Q3,108\nA,Q4,110\nB,Q3,90\nB,Q4,80\n') },
    ]);
    const r = evaluate(c.plan!, data);
    const rows = r.people.map((p) => p.cells.map((x) => (x === null ? '' : typeof x === 'string' ? x : x.number)).join(','));
    // A: 20 + 26 + 27 + 33 = 106 (the kpi-domain worked example). B: (25×90 + 30×80)/55 = 84.545… → 84.55; 2 of 4 quarters → 6000.
    expect(rows).toEqual(['A,106.00,12000.00', 'B,84.55,6000.00']);
  });
});

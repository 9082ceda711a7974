/**
 * Golden tests of `kpl explain` reports: for chosen people of the three case policies, the whole
 * report (text or Markdown, English or Chinese) is compared with `explain/<case>-<id>.<lang>.<txt|md>`.
 * The policies are frozen copies in `explain/policies/` (so reformatting the live ones does not
 * move line numbers here); the data is the cases' own, which never changes.
 *
 * To accept new output, rewrite the golden files and review the diff:
 *
 *     UPDATE_GOLDEN=1 npx vitest run test/golden/explain.test.ts
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../src/compile.ts';
import { loadTables } from '../../src/data/load-tables.ts';
import { evaluate } from '../../src/evaluator/evaluate.ts';
import { explainDoc, explainPerson } from '../../src/explain/index.ts';
import { renderDoc } from '../../src/explain/doc.ts';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const DIR = join(import.meta.dirname, 'explain');
const DATA = join(import.meta.dirname, '..', '..', 'policies', 'data');

const TABLES: Record<string, string[]> = {
  'customer-manager': ['employees'],
  'service-manager': ['employees', 'teams'],
  'manager-360': ['managers', 'ratings'],
};

/** Who is explained, and why they are interesting. */
const CASES: { policy: string; id: string; lang: 'en' | 'zh'; format: 'text' | 'markdown'; why: string }[] = [
  { policy: 'customer-manager', id: 'E0045', lang: 'zh', format: 'text', why: 'grade C; reward 11723.65 × 0.7 = 8206.555 → 8206.56' },
  { policy: 'customer-manager', id: 'E0045', lang: 'en', format: 'markdown', why: 'the same person in English Markdown' },
  { policy: 'customer-manager', id: 'E0048', lang: 'en', format: 'text', why: 'tied with E0047 on total and 销售完成率; moved to B by id' },
  { policy: 'customer-manager', id: 'E0056', lang: 'en', format: 'text', why: 'a sales target of 0: ratio takes its `zero` value' },
  { policy: 'customer-manager', id: 'E0038', lang: 'zh', format: 'markdown', why: 'commendations, interpolation above the last breakpoint, kept A within quota' },
  { policy: 'service-manager', id: 'S002', lang: 'en', format: 'text', why: 'callback not applicable: 客户满意度 re-normalised to 100% of 客户体验; pool share' },
  { policy: 'service-manager', id: 'S038', lang: 'zh', format: 'text', why: 'below every threshold, deduction capped at 15, total floored at 0, weight 0 in the pool' },
  { policy: 'manager-360', id: 'M002', lang: 'en', format: 'markdown', why: '360 groups with trimming; 优秀 by score, moved to 称职 by the 15% quota' },
  { policy: 'manager-360', id: 'M008', lang: 'zh', format: 'text', why: 'nobody rated: cannot be assessed' },
];

function evaluation(policy: string) {
  const file = `${policy}.kpl`;
  const c = compile(file, readFileSync(join(DIR, 'policies', file), 'utf8'));
  expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const data = loadTables(
    c.plan!.inputs,
    TABLES[policy]!.map((t) => ({ table: t, fileName: `${t}.csv`, bytes: new Uint8Array(readFileSync(join(DATA, policy, `${t}.csv`))) })),
  );
  return evaluate(c.plan!, data);
}

describe('kpl explain golden reports', () => {
  for (const c of CASES) {
    const name = `${c.policy}-${c.id}.${c.lang}.${c.format === 'markdown' ? 'md' : 'txt'}`;
    it(`${name}: ${c.why}`, () => {
      const r = evaluation(c.policy);
      const doc = explainDoc(r.evaluation.plan, r.evaluation.data, c.id, c.lang)!;
      const text = renderDoc(doc, c.format);
      const golden = join(DIR, name);
      if (UPDATE) writeFileSync(golden, text);
      if (!existsSync(golden)) throw new Error(`no golden file ${golden}: run UPDATE_GOLDEN=1 npx vitest run test/golden/explain.test.ts`);
      expect(text).toBe(readFileSync(golden, 'utf8'));
    });
  }

  it('explainPerson (the public API) gives the English text report', () => {
    const r = evaluation('customer-manager');
    const p = r.evaluation.byKey.get('E0048')!;
    expect(explainPerson(r.evaluation, p)).toBe(readFileSync(join(DIR, 'customer-manager-E0048.en.txt'), 'utf8'));
  });

  it('the report states the numbers of the results, and does not change them', () => {
    const r = evaluation('customer-manager');
    const before = r.people.map((p) => JSON.stringify(p.cells));
    const text = explainPerson(r.evaluation, r.evaluation.byKey.get('E0045')!);
    expect(text).toContain('11723.65 × 0.7 = 8206.555 → 8206.56');
    expect(text).toContain('Final grade: C');
    expect(r.people.map((p) => JSON.stringify(p.cells))).toEqual(before);
  });
});

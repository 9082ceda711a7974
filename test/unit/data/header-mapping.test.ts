/**
 * Header mapping (`sales: money from "季度销售额（元）"`): parsed, checked, formatted, carried by the plan
 * and the JSON Schema, used by every reader; a missing header suggests the nearest one.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/compile.ts';
import { formatPolicy } from '../../../src/format/format-policy.ts';
import { inputJsonSchema } from '../../../src/plan/input-schema.ts';
import { loadTables } from '../../../src/data/load-tables.ts';

const POLICY = `policy "h" version "1"
input people key id {
  id: text 来自 "工号"
  sales: money >= 0 from "季度销售额（元）" "本季度销售额"
}
indicator 销售 weight 100% = min(sales / 1000, 100)
output id, sales, total
`;

describe('header mapping', () => {
  const plan = compile('h.kpl', POLICY).plan!;

  it('the plan carries both names', () => {
    expect(plan.inputs[0]!.columns.map((c) => [c.name, c.header])).toEqual([
      ['id', '工号'],
      ['sales', '季度销售额（元）'],
    ]);
  });

  it('formats in the canonical place, and formatting is idempotent', () => {
    const r = formatPolicy('h.kpl', POLICY);
    expect(r.text).toContain('  sales: money from "季度销售额（元）" >= 0 "本季度销售额"\n');
    expect(formatPolicy('h.kpl', r.text!).text).toBe(r.text);
  });

  it('a column may still be called `from`', () => {
    expect(compile('f.kpl', 'policy "f" version "1"\ninput people key id { id: text optional: bool\n from: number }\nindicator s weight 100% = from\n').diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('the JSON Schema is keyed by the header, titled by the name', () => {
    const items = (inputJsonSchema(plan) as { properties: { people: { items: { properties: Record<string, { title?: string }>; required: string[] } } } }).properties.people.items;
    expect(Object.keys(items.properties)).toEqual(['工号', '季度销售额（元）']);
    expect(items.properties['季度销售额（元）']!.title).toBe('sales');
    expect(items.required).toEqual(['工号', '季度销售额（元）']);
  });

  it('a missing header is KPL3003 naming the header, with the nearest header suggested', () => {
    const csv = '工号,季度销售额(元)\np1,1000\n';
    const data = loadTables(plan.inputs, [{ table: 'people', fileName: 'p.csv', bytes: new TextEncoder().encode(csv) }]);
    const d = data.diagnostics.find((x) => x.code === 'KPL3003')!;
    expect(d.message).toBe('people has no column `季度销售额（元）`');
    expect(d.help).toBe('the file has a column `季度销售额(元)`: is that it? (then declare `sales: … from "季度销售额(元)"`)');
  });
});

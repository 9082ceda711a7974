/**
 * Every text value form of README 4 in one GB18030 file with CRLF line ends and Chinese headers
 * mapped to short names (test/fixtures/office/values.gb18030.csv, made by iconv through
 * scripts/make-office-fixtures.ts): decoded with the KPL3030 note, converted by convert-cell.ts,
 * and the same results on both engines.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { compile } from '../../../src/compile.ts';
import { loadTables } from '../../../src/data/load-tables.ts';
import { runCli } from '../../helpers/run-cli.ts';

const POLICY = `policy "v" version "1"
input people key id {
  id: text from "工号"
  joined: date from "入职日期"
  rate: percent from "完成率"
  sales: money from "销售额（元）"
  score: number from "得分" optional
  late: bool from "违规"
  note: text from "备注" optional
}
indicator s weight 100% = default(score, 0)
output id, joined, rate, sales, score, late, note
`;
const FILE = join('test', 'fixtures', 'office', 'values.gb18030.csv');

describe('values as exported, in a GB18030 file', () => {
  it('reads every form', () => {
    const plan = compile('v.kpl', POLICY).plan!;
    const data = loadTables(plan.inputs, [{ table: 'people', fileName: 'values.csv', bytes: new Uint8Array(readFileSync(FILE)) }]);
    expect(data.diagnostics.map((d) => d.code)).toEqual(['KPL3030']);
    const rows = data.tables['people']!.rows;
    expect(rows.map((r) => r.errors.map((d) => d.message))).toEqual([[], [], [], []]);
    const show = (v: unknown): unknown => (v !== null && typeof v === 'object' ? String(v) : v);
    expect(rows.map((r) => ['id', 'joined', 'rate', 'sales', 'score', 'late', 'note'].map((c) => show(r.values[c])))).toEqual([
      ['a', '2024-01-05', '0.125', '1234.5', '80', false, '文本'],
      ['b', '2024-01-05', '0.5', '1234.5', '0', true, null],
      ['c', '2024-01-05', '0.5', '1234.5', null, true, ' 前后有空格 '],
      ['d', '2024-01-05', '1', '-1', '7', false, '＝SUM(A1)'],
    ]);
  });

  it('gives the same output on both engines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpl-values-'));
    writeFileSync(join(dir, 'v.kpl'), POLICY);
    const [fast, exact] = ['fast', 'exact'].map((engine) => runCli('eval', join(dir, 'v.kpl'), '--data', `people=${FILE}`, '--format', 'csv', '--engine', engine));
    expect(fast!.code).toBe(0);
    expect(fast!.out).toBe(exact!.out);
    expect(fast!.out.split('\n')[1]).toBe('a,2024-01-05,0.125,1234.50,80,false,文本');
  });
});

/**
 * The results workbook (src/data/write-xlsx.ts) read back by an independent reader (SheetJS, which
 * shares no code with the writer) and by looking at its XML: same values as the CSV, number formats
 * at the printed scale, percents, labels, frozen header and filter, the 错误 sheet, text that stays text.
 */
import { describe, expect, it } from 'vitest';
import { read, utils, type CellObject, type WorkSheet } from '@e965/xlsx';
import { unzipSync, strFromU8 } from 'fflate';
import { writeXlsx, resultsXlsx, writeCsv, type CsvCell } from '../../../src/data/index.ts';
import { compile } from '../../../src/compile.ts';
import { loadTables } from '../../../src/data/load-tables.ts';
import { evaluate } from '../../../src/evaluator/evaluate.ts';

const cellsOf = (ws: WorkSheet, r: number, n: number): (CellObject | undefined)[] => Array.from({ length: n }, (_, c) => ws[utils.encode_cell({ r, c })] as CellObject | undefined);
const xmlOf = (bytes: Uint8Array, path: string): string => strFromU8(unzipSync(bytes)[path]!);

describe('writeXlsx', () => {
  const header = ['id', 'total', 'rate', 'note'];
  const rows: CsvCell[][] = [
    ['E1', { number: '44.61' }, { number: '0.125' }, '=HYPERLINK("http://x")'],
    ['E2', { number: '-5' }, { number: '1' }, null],
    ['E3', { number: '12345678901234567.5' }, { number: '0.5' }, '+1'],
  ];
  const bytes = writeXlsx([{ name: '结果', header, labels: ['', '总分', '回访率', ''], rows, percent: new Set([2]) }]);
  const wb = read(bytes, { cellNF: true, cellStyles: true });
  const ws = wb.Sheets['结果']!;

  it('numbers are number cells formatted at their printed scale; percents as percents', () => {
    const [, total, rate] = cellsOf(ws, 2, 4);
    expect([total!.t, total!.v, total!.z, total!.w]).toEqual(['n', 44.61, '0.00', '44.61']);
    expect([rate!.t, rate!.v, rate!.z, rate!.w]).toEqual(['n', 0.125, '0.0%', '12.5%']);
    const [, neg, whole] = cellsOf(ws, 3, 4);
    expect([neg!.v, neg!.z, whole!.v, whole!.z, whole!.w]).toEqual([-5, '0', 1, '0%', '100%']);
  });

  it('a number Excel cannot hold exactly stays exact as text', () => {
    expect(cellsOf(ws, 4, 2)[1]).toMatchObject({ t: 's', v: '12345678901234567.5' });
  });

  it('text stays text, unchanged, with the quote prefix when it looks like a formula', () => {
    const note = cellsOf(ws, 2, 4)[3]!;
    expect([note.t, note.v, note.f]).toEqual(['s', '=HYPERLINK("http://x")', undefined]);
    const sheet = xmlOf(bytes, 'xl/worksheets/sheet1.xml');
    expect(sheet).not.toContain('<f>');
    const styles = xmlOf(bytes, 'xl/styles.xml');
    const d2 = /<c r="D3" s="(\d+)"/.exec(sheet)![1]!;
    const xfs = [...styles.matchAll(/<xf [^>]*\/>/g)].map((m) => m[0]).slice(1); // after cellStyleXfs
    expect(xfs[Number(d2)]).toContain('quotePrefix="1"');
    expect(cellsOf(ws, 3, 4)[3]).toBeUndefined(); // a missing value is an empty cell
  });

  it('header row of names, a row of labels, frozen above the data, with a filter', () => {
    expect(cellsOf(ws, 0, 4).map((c) => c?.v)).toEqual(header);
    expect(cellsOf(ws, 1, 4).map((c) => c?.v)).toEqual([undefined, '总分', '回访率', undefined]);
    const sheet = xmlOf(bytes, 'xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>');
    expect(ws['!autofilter']).toEqual({ ref: 'A2:D5' });
  });

  it('is deterministic', () => {
    expect(Buffer.from(writeXlsx([{ name: '结果', header, labels: ['', '总分', '回访率', ''], rows, percent: new Set([2]) }])).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe('resultsXlsx', () => {
  const policy = `policy "p" version "1"
input people key id { id: text; name: text "姓名"; rate: percent in [0, 1] "回访率"; score: number in [0, 100] }
indicator 得分 weight 100% = score
total = round(weighted, 2)
output id, name, rate, status, total
`;
  const csv = 'id,name,rate,score\nA,=cmd,12.5%,80\nB,李四,0.5,x\n';
  const plan = compile('p.kpl', policy).plan!;
  const data = loadTables(plan.inputs, [{ table: 'people', fileName: 'people.csv', bytes: new TextEncoder().encode(csv) }]);
  const result = evaluate(plan, data);
  const bytes = resultsXlsx(plan, result.columns, result.people, result.diagnostics, 'people.csv');
  const wb = read(bytes, { cellNF: true });

  it('holds the values of the CSV output, with labels, and the rows in error with why', () => {
    expect(wb.SheetNames).toEqual(['结果', '错误']);
    const ws = wb.Sheets['结果']!;
    const csvText = writeCsv(result.columns, result.people.map((p) => p.cells));
    // The formatted text of every cell is the CSV's field (the CSV guards `=cmd` with a quote; the workbook keeps it as text).
    const shown = [0, 2, 3].map((r) => cellsOf(ws, r, 5).map((c) => c?.w ?? (c?.v === undefined ? '' : String(c.v))).join(','));
    expect(shown.join('\n') + '\n').toBe(csvText.replace("'=cmd", '=cmd').replace('0.125', '12.5%'));
    expect(cellsOf(ws, 1, 5).map((c) => c?.v ?? '')).toEqual(['', '姓名', '回访率', '状态', '总分']);
    const errors = utils.sheet_to_json<string[]>(wb.Sheets['错误']!, { header: 1 });
    expect(errors).toEqual([
      ['id', 'location', 'code', '原因', 'reason'],
      ['主键', '位置', '代码', '原因'],
      ['B', 'people.csv:3:4', 'KPL3001', '列 `score` 的 `x` 不是数字', '`x` in column `score` is not a number'],
    ]);
  });
});

describe('resultsXlsx: computed values by their unit', () => {
  const policy = `policy "p" version "1"
input people key id { id: text; sales: money; target: money; rate: percent in [0, 1]; visits: integer }
indicator 得分 weight 100% = 80
total = round(weighted, 2)
output id, half = rate / 2, completion = ratio(sales, target, zero: 0), sales, visits, total
`;
  const csv = 'id,sales,target,rate,visits\nA,1234.50,1000.00,25%,7\n';
  const plan = compile('p.kpl', policy).plan!;
  const data = loadTables(plan.inputs, [{ table: 'people', fileName: 'people.csv', bytes: new TextEncoder().encode(csv) }]);
  const result = evaluate(plan, data);
  const ws = read(resultsXlsx(plan, result.columns, result.people, result.diagnostics, 'people.csv'), { cellNF: true }).Sheets['结果']!;

  it('a computed percentage is a percent cell; a ratio of money, money and a count show as the CSV does', () => {
    expect(plan.outputs.map((o) => o.unit)).toEqual([undefined, 'percent', undefined, 'money', 'count', undefined]);
    const [, half, completion, sales, visits, total] = cellsOf(ws, 2, 6); // row 2 holds the labels (总分)
    expect([half!.t, half!.v, half!.w]).toEqual(['n', 0.125, '12.5%']);
    expect([completion!.v, completion!.z]).toEqual([1.2345, '0.0000']);
    expect([sales!.v, sales!.w, visits!.v, visits!.w, total!.w]).toEqual([1234.5, '1234.50', 7, '7', '80.00']);
  });
});

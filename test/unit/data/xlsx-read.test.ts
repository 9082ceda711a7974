/**
 * Reading .xlsx sheets (src/data/xlsx-read.ts) from workbooks LibreOffice wrote
 * (test/fixtures/office/, made by scripts/make-office-fixtures.ts), and the loader's diagnostics
 * for them: sheet, cell and header named.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { utils, write } from '@e965/xlsx';
import { loadTables, readXlsx, number15, columnLetters } from '../../../src/data/index.ts';
import type { Column, InputTable } from '../../../src/plan/schema.ts';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(`test/fixtures/office/${name}`));
const col = (name: string, type: Column['type'], extra: Partial<Column> = {}): Column => ({ name, type, optional: false, ...extra });
const COLUMNS: Column[] = [
  col('id', 'text'),
  col('joined', 'date'),
  col('rate', 'percent'),
  col('sales', 'money'),
  col('score', 'number', { optional: true }),
  col('late', 'bool'),
  col('note', 'text', { optional: true }),
];
const people: InputTable = { name: 'people', role: 'population', key: 'id', columns: COLUMNS };

describe('readXlsx', () => {
  it('reads typed cells as the text convert-cell reads: dates, percentages, thousands formats, formulas, blank vs 0', () => {
    const { sheet, location, table } = readXlsx('values.xlsx', fixture('values.xlsx'), undefined, COLUMNS);
    expect(sheet).toBe('数据');
    expect(location).toBe('values.xlsx#数据');
    expect(table.diagnostics).toEqual([]);
    expect(table.columns).toEqual(['id', 'joined', 'rate', 'sales', 'score', 'late', 'note']);
    expect(table.records.map((r) => r.cells)).toEqual([
      // a date with a date format; a percentage (0.125, shown 12.5%); 1234.5 shown 1,234.50; LibreOffice's boolean is 1/0
      ['a', '2024-01-05', '0.125', '1234.5', '80', '1', '文本'],
      // a plain serial in a date column is a date; the saved result of =0.1+0.2; a 0 is 0; a blank cell is empty
      ['b', '2024-01-05', '0.5', '0.3', '0', '0', ''],
      // text cells as typed (convert-cell reads 2024/1/5, 12.5%, 1,234.50, 是); text keeps its spaces
      ['c', '2024/1/5', '12.5%', '1,234.50', '', '是', ' 前后有空格 '],
      ['d', '2000-02-29', '1', '2469', '0.81', '√', '7'],
    ]);
    expect(table.records.map((r) => r.line)).toEqual([2, 3, 4, 5]);
  });

  it('reads dates of a 1904 date-system workbook', () => {
    const { table } = readXlsx('values-1904.xlsx', fixture('values-1904.xlsx'), undefined, COLUMNS);
    expect(table.records.map((r) => r.cells[1])).toEqual(['2024-01-05', expect.any(String), '2024/1/5', '2000-02-29']);
  });

  it('reads a named sheet; an unknown sheet is KPL3031 listing the sheets', () => {
    expect(readXlsx('values.xlsx', fixture('values.xlsx'), '第二页', COLUMNS).table.records.map((r) => r.cells)).toEqual([['z', '1']]);
    const r = readXlsx('values.xlsx', fixture('values.xlsx'), 'Sheet9', COLUMNS);
    expect(r.table.diagnostics.map((d) => d.message)).toEqual(['values.xlsx has no sheet `Sheet9` (sheets: `数据`, `第二页`)']);
  });

  it('refuses merged header cells (KPL3032) and a file that is not a workbook (KPL3035)', () => {
    const merged = readXlsx('m.xlsx', fixture('merged-header.xlsx'), undefined, COLUMNS).table.diagnostics;
    expect(merged.map((d) => [d.code, d.message, d.dataLocation])).toEqual([
      ['KPL3032', 'header cells B1:C1 of sheet `Sheet1` are merged: unmerge them so that every column has its own header', { file: 'm.xlsx#Sheet1', line: 1, col: 2 }],
    ]);
    const csv = readXlsx('x.xlsx', new TextEncoder().encode('id,score\na,1\n'), undefined, COLUMNS).table.diagnostics;
    expect(csv.map((d) => d.code)).toEqual(['KPL3035']);
  });

  it('reads a double as the 15 significant digits Excel shows', () => {
    expect(number15(0.8100000000000001)).toBe('0.81');
    expect(number15(0.1 + 0.2)).toBe('0.3');
    expect(number15(123456789.12345679)).toBe('123456789.123457');
    expect(number15(1e21)).toBe('1000000000000000000000');
    expect(number15(-0)).toBe('0');
    const ws = utils.aoa_to_sheet([['id', 'sales'], ['a', 0.8100000000000001], ['b', { t: 'e', v: 7, w: '#DIV/0!' }], ['c', { t: 'n', f: 'B2*2' }]]);
    const wb = utils.book_new();
    utils.book_append_sheet(wb, ws, 'S');
    const bytes = new Uint8Array(write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const data = loadTables([{ name: 'people', role: 'population', key: 'id', columns: [col('id', 'text'), col('sales', 'money')] }], [{ table: 'people', fileName: 'b.xlsx', bytes }]);
    const rows = data.tables['people']!.rows;
    expect(rows[0]!.values['sales']!.toString()).toBe('0.81');
    expect(rows[1]!.errors.map((d) => [d.code, d.message])).toEqual([['KPL3033', 'cell B3 (column `sales`) holds the spreadsheet error `#DIV/0!`']]);
    expect(rows[2]!.errors.map((d) => d.code)).toEqual(['KPL3034']);
  });

  it('names the sheet, the cell and the header of a bad value', () => {
    const data = loadTables([{ ...people, columns: COLUMNS.map((c) => (c.name === 'late' ? col('late', 'number') : c)) }], [{ table: 'people', fileName: 'values.xlsx', bytes: fixture('values.xlsx') }]);
    const bad = data.tables['people']!.rows[2]!.errors;
    expect(bad.map((d) => [d.code, d.dataLocation, d.help])).toEqual([
      ['KPL3001', { file: 'values.xlsx#数据', line: 4, col: 6 }, 'sheet `数据`, cell F4, column `late`'],
    ]);
  });

  it('loads the whole sheet into typed values', () => {
    const data = loadTables([people], [{ table: 'people', fileName: 'values.xlsx', bytes: fixture('values.xlsx') }]);
    expect(data.diagnostics).toEqual([]);
    const rows = data.tables['people']!.rows;
    expect(rows.map((r) => r.errors.map((d) => d.code))).toEqual([[], [], [], []]);
    expect(rows.map((r) => [r.values['joined'], String(r.values['rate']), String(r.values['sales']), r.values['score'] === null ? null : String(r.values['score']), r.values['late']])).toEqual([
      ['2024-01-05', '0.125', '1234.5', '80', true],
      ['2024-01-05', '0.5', '0.3', '0', false],
      ['2024-01-05', '0.125', '1234.5', null, true],
      ['2000-02-29', '1', '2469', '0.81', true],
    ]);
  });

  it('a duplicate key in a workbook names the sheet, cell and header too', () => {
    const ws = utils.aoa_to_sheet([[], ['', '工号', 'x'], ['', 'A', 1], ['', 'A', 2]]);
    const wb = utils.book_new();
    utils.book_append_sheet(wb, ws, '员工');
    const bytes = new Uint8Array(write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const input: InputTable = { name: 'people', role: 'population', key: 'id', columns: [col('id', 'text', { header: '工号' }), col('x', 'number')] };
    const rows = loadTables([input], [{ table: 'people', fileName: 'b.xlsx', bytes }]).tables['people']!.rows;
    expect(rows[1]!.errors.map((d) => [d.code, d.dataLocation, d.help])).toEqual([['KPL3005', { file: 'b.xlsx#员工', line: 4, col: 2 }, 'sheet `员工`, cell B4, column `工号`']]);
  });

  it('columnLetters', () => {
    expect([1, 2, 26, 27, 52, 702, 703].map(columnLetters)).toEqual(['A', 'B', 'Z', 'AA', 'AZ', 'ZZ', 'AAA']);
  });
});

/** tableData / tableDataFrom: text, parsed rows and streams load exactly as the file's bytes do. */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { compile, loadTables, evaluate, writeCsv, tableData, tableDataFrom } from '../../../src/index.ts';

const policy = readFileSync('policies/customer-manager.kpl', 'utf8');
const csv = readFileSync('policies/data/customer-manager/employees.csv');
const plan = compile('customer-manager.kpl', policy).plan!;
const results = (file: ReturnType<typeof tableData>) => {
  const r = evaluate(plan, loadTables(plan.inputs, [file]));
  return { csv: writeCsv(r.columns, r.people.map((p) => p.cells)), diagnostics: r.diagnostics.map((d) => d.code) };
};

describe('table data in every form', () => {
  const expected = results({ table: 'employees', fileName: 'employees.csv', bytes: new Uint8Array(csv) });
  it('bytes and text', () => {
    expect(expected.csv).toBe(readFileSync('policies/data/customer-manager/expected.csv', 'utf8'));
    expect(results(tableData({ table: 'employees', data: new Uint8Array(csv) }))).toEqual(expected);
    expect(results(tableData({ table: 'employees', data: csv.toString('utf8') }))).toEqual(expected);
  });
  it('a workbook (format xlsx, a named sheet) and GB18030 bytes (encoding)', () => {
    const book = new Uint8Array(readFileSync('test/fixtures/office/customer-manager.xlsx'));
    expect(results(tableData({ table: 'employees', data: book, format: 'xlsx' }))).toEqual(expected);
    expect(results(tableData({ table: 'employees', data: book, fileName: 'book.xlsx', sheet: 'employees' }))).toEqual(expected);
    const gb = new Uint8Array(readFileSync('test/fixtures/office/customer-manager/employees.gb18030.csv'));
    expect(results(tableData({ table: 'employees', data: gb, encoding: 'gb18030' }))).toEqual(expected);
  });
  it('parsed rows (records, values as text or numbers)', () => {
    const [head, ...lines] = csv.toString('utf8').trim().split('\n');
    const cols = head!.split(',');
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v === 'true' ? true : v === 'false' ? false : v])));
    const file = tableData({ table: 'employees', data: rows });
    expect(file.fileName).toBe('employees.json');
    expect(results(file).csv.split('\n').slice(0, 5)).toEqual(expected.csv.split('\n').slice(0, 5));
  });
  it('a stream of chunks, split anywhere, text or bytes', async () => {
    async function* chunks() {
      for (let i = 0; i < csv.length; i += 777) yield i % 2 ? csv.subarray(i, i + 777) : new Uint8Array(csv.subarray(i, i + 777));
    }
    expect(results(await tableDataFrom('employees', chunks()))).toEqual(expected);
  });
  it('a bad row is reported under the name given', () => {
    const r = loadTables(plan.inputs, [tableData({ table: 'employees', data: 'id,name\nE1,x\n', fileName: 'upload.csv' })]);
    expect(r.diagnostics[0]!.dataLocation?.file).toBe('upload.csv');
  });
});

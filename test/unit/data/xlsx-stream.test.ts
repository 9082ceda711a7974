/**
 * The streaming .xlsx reader (src/data/xlsx-read.ts) on what real workbooks hold beyond the
 * LibreOffice fixtures: workbooks written by SheetJS (an independent writer) with hidden rows,
 * merged data cells, values right of the header, several sheets and a hidden first sheet; and
 * hand-written SpreadsheetML for what writers differ in (namespace prefixes, inline and rich text,
 * phonetic guides, escapes, cells without references, formula results of every type, ISO date
 * cells, trailing formatted rows). A large sheet written by our writer reads the same as its CSV.
 */
import { describe, expect, it } from 'vitest';
import { utils, write, type WorkSheet } from '@e965/xlsx';
import { strToU8, zipSync } from 'fflate';
import { isDateFormat, loadTables, readCsv, readXlsx, writeXlsx, type CsvCell } from '../../../src/data/index.ts';
import type { Column } from '../../../src/plan/schema.ts';

const col = (name: string, type: Column['type'], extra: Partial<Column> = {}): Column => ({ name, type, optional: false, ...extra });

function sheetjsBook(sheets: [string, WorkSheet][], hidden: string[] = []): Uint8Array {
  const wb = utils.book_new();
  for (const [name, ws] of sheets) utils.book_append_sheet(wb, ws, name);
  wb.Workbook = { Sheets: sheets.map(([name]) => ({ name, Hidden: hidden.includes(name) ? 1 : 0 })) };
  return new Uint8Array(write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

/** A minimal workbook around one sheet's XML (and shared strings, styles), as some writers make them. */
function handBook(sheetData: string, opts: { strings?: string[]; styles?: string; tail?: string; prefix?: string } = {}): Uint8Array {
  const p = opts.prefix ?? '';
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': strToU8(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="${rel}/officeDocument" Target="/xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': strToU8(`<${p}workbook xmlns${p ? `:${p.slice(0, -1)}` : ''}="${ns}" xmlns:r="${rel}"><${p}sheets><${p}sheet name='表&amp;一' sheetId='1' r:id='rIdS'/></${p}sheets></${p}workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdS" Type="${rel}/worksheet" Target="worksheets/s.xml"/><Relationship Id="rIdT" Type="${rel}/sharedStrings" Target="strings.xml"/><Relationship Id="rIdY" Type="${rel}/styles" Target="styles.xml"/></Relationships>`,
    ),
    'xl/worksheets/s.xml': strToU8(`<${p}worksheet xmlns${p ? `:${p.slice(0, -1)}` : ''}="${ns}"><${p}sheetData>${sheetData}</${p}sheetData>${opts.tail ?? ''}</${p}worksheet>`),
    'xl/strings.xml': strToU8(`<sst xmlns="${ns}">${(opts.strings ?? []).join('')}</sst>`),
    'xl/styles.xml': strToU8(opts.styles ?? `<styleSheet xmlns="${ns}"><cellXfs><xf numFmtId="0"/></cellXfs></styleSheet>`),
  };
  return zipSync(files);
}

describe('readXlsx: workbooks from another writer (SheetJS)', () => {
  it('hidden rows are read, with a warning naming them (KPL3036)', () => {
    const ws = utils.aoa_to_sheet([['id', 'x'], ['a', 1], ['b', 2], ['c', 3]]);
    ws['!rows'] = [{}, {}, { hidden: true }, {}];
    const { table } = readXlsx('h.xlsx', sheetjsBook([['S', ws]]), undefined, [col('id', 'text'), col('x', 'number')]);
    expect(table.records.map((r) => r.cells)).toEqual([['a', '1'], ['b', '2'], ['c', '3']]);
    expect(table.diagnostics.map((d) => [d.code, d.message, d.dataLocation?.line])).toEqual([['KPL3036', 'sheet `S` has 1 hidden rows (rows 3); they are read like the others: delete them if they are not data', 3]]);
  });

  it('a data cell covered by merged cells is an error of its row (KPL3037), not a silent blank', () => {
    const ws = utils.aoa_to_sheet([['id', 'dept', 'x'], ['a', '销售部', 1], ['b', null, 2], ['c', '客服部', 3]]);
    ws['!merges'] = [utils.decode_range('B2:B3')];
    const data = loadTables([{ name: 'p', role: 'population', key: 'id', columns: [col('id', 'text'), col('dept', 'text'), col('x', 'number')] }], [{ table: 'p', fileName: 'm.xlsx', bytes: sheetjsBook([['S', ws]]) }]);
    const rows = data.tables['p']!.rows;
    expect(rows.map((r) => r.errors.map((d) => [d.code, d.message, d.dataLocation]))).toEqual([
      [],
      [['KPL3037', 'cell B3 (column `dept`) is covered by the merged cells B2:B3, so it holds no value of its own: unmerge them and fill in every cell', { file: 'm.xlsx#S', line: 3, col: 2 }]],
      [],
    ]);
  });

  it('values right of the header are ignored with a warning naming the cells (KPL3038)', () => {
    const ws = utils.aoa_to_sheet([['id', 'x'], ['a', 1, '备注：请假'], ['b', 2]]);
    const { table } = readXlsx('b.xlsx', sheetjsBook([['S', ws]]), undefined, []);
    expect(table.records.map((r) => r.cells)).toEqual([['a', '1'], ['b', '2']]);
    expect(table.diagnostics.map((d) => [d.code, d.message])).toEqual([['KPL3038', "sheet `S` has values right of the header's last column, which have no column name and are ignored: C2"]]);
  });

  it('without #SHEET the first visible sheet is read; a hidden sheet can still be named', () => {
    const bytes = sheetjsBook([['隐藏', utils.aoa_to_sheet([['id'], ['h']])], ['员工', utils.aoa_to_sheet([['id'], ['v']])]], ['隐藏']);
    expect(readXlsx('s.xlsx', bytes, undefined, []).sheet).toBe('员工');
    expect(readXlsx('s.xlsx', bytes, '隐藏', []).table.records.map((r) => r.cells)).toEqual([['h']]);
  });

  it('blank rows above the header, between rows and formatted empty rows at the end are skipped', () => {
    const ws = utils.aoa_to_sheet([[], [null, 'id', 'x'], [null, 'a', 1], [], [null, 'b', { t: 'n', v: 0 }], [null, '  ', null]]);
    ws['!ref'] = 'A1:C40';
    const { table } = readXlsx('e.xlsx', sheetjsBook([['S', ws]]), undefined, []);
    expect([table.headerLine, table.columns, table.records.map((r) => [r.line, ...r.cells]), table.sheet]).toEqual([2, ['id', 'x'], [[3, 'a', '1'], [5, 'b', '0']], { name: 'S', firstColumn: 2 }]);
  });
});

describe('readXlsx: SpreadsheetML as writers differ', () => {
  it('reads prefixed elements, single-quoted attributes, inline and rich text, phonetic guides and escapes', () => {
    const bytes = handBook(
      `<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>id</x:t></x:is></x:c><x:c r="B1" t="s"><x:v>0</x:v></x:c></x:row>` +
        `<x:row r="2"><x:c r="A2" t='s'><x:v>1</x:v></x:c><x:c r="B2" t="inlineStr"><x:is><x:r><x:t>A&amp;B</x:t></x:r><x:r><x:rPr/><x:t xml:space="preserve"> &lt;1&gt;_x000D_</x:t></x:r></x:is></x:c></x:row>`,
      { prefix: 'x:', strings: ['<si><t>名称</t></si>', '<si><r><t>张</t></r><r><t>三</t></r><rPh sb="0" eb="1"><t>ZHANG</t></rPh><phoneticPr fontId="1"/></si>'] },
    );
    const r = readXlsx('p.xlsx', bytes, undefined, []);
    expect(r.sheet).toBe('表&一');
    expect([r.table.columns, r.table.records.map((x) => x.cells)]).toEqual([['id', '名称'], [['张三', 'A&B <1>\r']]]);
  });

  it('cells without references follow one another; formulas give their saved result of every type', () => {
    const bytes = handBook(
      `<row><c t="inlineStr"><is><t>id</t></is></c><c t="inlineStr"><is><t>n</t></is></c><c t="inlineStr"><is><t>s</t></is></c><c t="inlineStr"><is><t>b</t></is></c><c t="inlineStr"><is><t>d</t></is></c></row>` +
        `<row><c t="inlineStr"><is><t>a</t></is></c><c><f>1/3</f><v>0.33333333333333331</v></c><c t="str"><f>"x"&amp;"y"</f><v>xy</v></c><c t="b"><f>TRUE()</f><v>1</v></c><c t="d"><v>2024-01-05T00:00:00Z</v></c></row>` +
        `<row><c t="inlineStr"><is><t>b</t></is></c><c><f>A1*2</f></c><c t="e"><f>1/0</f><v>#DIV/0!</v></c><c t="b"><v>0</v></c><c t="d"><v>2024-01-05T08:30:00</v></c></row>` +
        `<row r="9" s="1" customFormat="1"/><row r="10"><c r="B10" s="1"/></row>`,
    );
    const { table } = readXlsx('f.xlsx', bytes, undefined, [col('n', 'number'), col('s', 'text')]);
    expect(table.records.map((x) => x.cells)).toEqual([
      ['a', '0.333333333333333', 'xy', 'true', '2024-01-05'],
      ['b', '', '#DIV/0!', 'false', '2024-01-05 08:30:00'],
    ]);
    expect(table.records[1]!.errors.map((d) => [d.code, d.message])).toEqual([
      ['KPL3034', 'cell B3 (column `n`) is a formula without a saved result: open the file in a spreadsheet and save it again'],
      ['KPL3033', 'cell C3 (column `s`) holds the spreadsheet error `#DIV/0!`'],
    ]);
  });

  it('a number in a date format is a date: built-in, custom Chinese formats, with a time; not a percent or a plain number', () => {
    const styles = `<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="[Red]0.00;[Blue]\\-0.00"/></numFmts><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="22"/></cellXfs></styleSheet>`;
    const bytes = handBook(`<row r="1"><c r="A1" t="inlineStr"><is><t>v</t></is></c></row>` + [1, 2, 3, 4, 0].map((s, i) => `<row r="${i + 2}"><c r="A${i + 2}" s="${s}"><v>${s === 4 ? '45296.5' : '45296'}</v></c></row>`).join(''), { styles });
    expect(readXlsx('d.xlsx', bytes, undefined, []).table.records.map((r) => r.cells[0])).toEqual(['2024-01-05', '2024-01-05', '45296', '2024-01-05 12:00:00', '45296']);
  });

  it('isDateFormat', () => {
    const dates = ['yyyy/m/d', 'yyyy"年"m"月"d"日"', '[$-804]yyyy"年"m"月"d"日"', 'h:mm AM/PM', '[h]:mm:ss', 'mmm-yy', '[DBNum1][$-804]m"月"d"日"'];
    const plain = ['General', '0.00', '#,##0.00', '0.0%', '"days"0', '[Red]0;[Blue]-0', '0.00E+00', '"年"0', '_(* #,##0_)'];
    expect(dates.filter((f) => !isDateFormat(f))).toEqual([]);
    expect(plain.filter((f) => isDateFormat(f))).toEqual([]);
  });

  it('a damaged archive is KPL3035, not an exception', () => {
    const bytes = handBook('<row r="1"><c t="inlineStr"><is><t>id</t></is></c></row>');
    expect(readXlsx('t.xlsx', bytes.subarray(0, bytes.length - 30), undefined, []).table.diagnostics.map((d) => d.code)).toEqual(['KPL3035']);
    const damaged = bytes.slice();
    damaged.fill(7, 60, 200);
    expect(readXlsx('t.xlsx', damaged, undefined, []).table.diagnostics.map((d) => d.code)).toEqual(['KPL3035']);
  });
});

describe('readXlsx: a large sheet', () => {
  it('reads 20,000 rows written by the workbook writer exactly as the same rows in CSV', () => {
    const header = ['id', 'name', 'sales', 'rate', 'n'];
    const rows: CsvCell[][] = Array.from({ length: 20_000 }, (_, i) => [`E${i}`, `员工${i % 97}`, { number: `${(i * 7919) % 100000}.${String(i % 100).padStart(2, '0')}` }, { number: `0.${(i * 31) % 1000}` }, i % 3 === 0 ? null : { number: String(i % 50) }]);
    const csv = [header, ...rows.map((r) => r.map((c) => (c === null ? '' : typeof c === 'string' ? c : c.number)))].map((r) => r.join(',')).join('\n') + '\n';
    const fromCsv = readCsv('t.csv', csv);
    const { table } = readXlsx('t.xlsx', writeXlsx([{ name: 'S', header, rows }]), undefined, []);
    expect(table.columns).toEqual(fromCsv.columns);
    // The writer's numbers are decimals as printed; the reader gives Excel's 15 digits, trailing zeros dropped.
    const norm = (c: string | undefined): string => (c ?? '').replace(/^(-?\d+)\.(\d*?)0+$/, (_, a: string, b: string) => (b ? `${a}.${b}` : a));
    expect(table.records.map((r) => [r.line, ...r.cells])).toEqual(fromCsv.records.map((r) => [r.line, ...r.cells.map(norm)]));
  });
});

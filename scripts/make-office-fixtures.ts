/**
 * Makes the office-format test fixtures in test/fixtures/office/ with programs other than the
 * ones KPL reads with, so the tests see files as Chinese offices receive them. Run once, by hand,
 * and commit the output (tests never need LibreOffice):
 *
 *   apt-get install libreoffice-calc-nogui     # Debian
 *   npx tsx scripts/make-office-fixtures.ts
 *
 * - `<case>.xlsx`: each acceptance case's CSV files (policies/data/<case>/, copies of
 *   shared/cases) as one workbook written by LibreOffice Calc: typed cells (numbers, booleans,
 *   texts; percent columns as percentages with a `0.0%` format, money with a `#,##0.00` thousands
 *   format), one sheet per table, and a second sheet (`说明`) where the case has one table. The
 *   script writes the sheets as an OpenDocument flat file (.fods), typed from the policy's declared
 *   columns, and LibreOffice converts it to .xlsx.
 * - `<case>/<table>.gb18030.csv`: the CSV in GB18030 with CRLF line ends (glibc iconv), as a
 *   Chinese-locale Excel saves "CSV (逗号分隔)"; `<case>/<table>.utf16.csv`: UTF-16LE with a BOM.
 * - `values.xlsx` (LibreOffice): every typed-cell form — dates with a date format, a date as a plain
 *   serial, percentages, thousands formats, a formula's saved result, the double 0.1 + 0.2, a blank
 *   cell and a 0, booleans; `values-1904.xlsx`: the same dates in the 1904 date system;
 *   `merged-header.xlsx`: a header with merged cells.
 * - `values.gb18030.csv`: every text value form of README 4 (thousands separators, full-width
 *   digits, `12.5%`, `2024/1/5`, `2024年1月5日`, serials, `√`, `Y`, `否`) under Chinese headers, in GB18030
 *   with CRLF. `npx tsx scripts/make-office-fixtures.ts values-csv` makes only this file.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { compile } from '../src/index.ts';
import type { Column } from '../src/plan/schema.ts';

const OUT = join('test', 'fixtures', 'office');
const CASES: Record<string, string[]> = {
  'customer-manager': ['employees'],
  'service-manager': ['employees', 'teams'],
  'manager-360': ['managers', 'ratings'],
};

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One cell of the flat file: a typed value with its style, or text. */
type Cell =
  | { t: 'text'; v: string }
  | { t: 'float'; v: string; style?: 'thousands' | 'date' }
  | { t: 'percent'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'date'; v: string }
  | { t: 'formula'; f: string; v: string }
  | { t: 'blank' }
  | { t: 'covered' };

function cellXml(c: Cell): string {
  switch (c.t) {
    case 'blank':
      return '<table:table-cell/>';
    case 'covered':
      return '<table:covered-table-cell/>';
    case 'text':
      return `<table:table-cell office:value-type="string"><text:p>${esc(c.v)}</text:p></table:table-cell>`;
    case 'float':
      return `<table:table-cell${c.style === 'thousands' ? ' table:style-name="ceThousands"' : ''} office:value-type="float" office:value="${c.v}"><text:p>${c.v}</text:p></table:table-cell>`;
    case 'percent':
      return `<table:table-cell table:style-name="cePercent" office:value-type="percentage" office:value="${c.v}"><text:p>${c.v}</text:p></table:table-cell>`;
    case 'bool':
      return `<table:table-cell office:value-type="boolean" office:boolean-value="${c.v}"><text:p>${c.v ? 'TRUE' : 'FALSE'}</text:p></table:table-cell>`;
    case 'date':
      return `<table:table-cell table:style-name="ceDate" office:value-type="date" office:date-value="${c.v}"><text:p>${c.v}</text:p></table:table-cell>`;
    case 'formula':
      return `<table:table-cell table:formula="of:=${esc(c.f)}" office:value-type="float" office:value="${c.v}"><text:p>${c.v}</text:p></table:table-cell>`;
  }
}

interface Sheet {
  readonly name: string;
  readonly rows: Cell[][];
  /** Cell ranges spanned by the first cell: [row, col, rows, cols]. */
  readonly spans?: [number, number, number, number][];
}

function fods(sheets: readonly Sheet[], nullDate = '1899-12-30'): string {
  const table = (s: Sheet): string => {
    const rows = s.rows.map((r, ri) => {
      const cells = r.map((c, ci) => {
        const span = s.spans?.find(([sr, sc]) => sr === ri && sc === ci);
        const x = cellXml(c);
        return span ? x.replace('<table:table-cell', `<table:table-cell table:number-rows-spanned="${span[2]}" table:number-columns-spanned="${span[3]}"`) : x;
      });
      return `<table:table-row>${cells.join('')}</table:table-row>`;
    });
    return `<table:table table:name="${esc(s.name)}">${rows.join('\n')}</table:table>`;
  };
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
<number:percentage-style style:name="NPercent"><number:number number:decimal-places="1" number:min-decimal-places="1" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
<number:number-style style:name="NThousands"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
<number:date-style style:name="NDate"><number:year number:style="long"/><number:text>/</number:text><number:month/><number:text>/</number:text><number:day/></number:date-style>
<style:style style:name="cePercent" style:family="table-cell" style:data-style-name="NPercent"/>
<style:style style:name="ceThousands" style:family="table-cell" style:data-style-name="NThousands"/>
<style:style style:name="ceDate" style:family="table-cell" style:data-style-name="NDate"/>
</office:automatic-styles>
<office:body><office:spreadsheet>
<table:calculation-settings><table:null-date table:date-value="${nullDate}"/></table:calculation-settings>
${sheets.map(table).join('\n')}
</office:spreadsheet></office:body></office:document>
`;
}

/** Converts a flat file to .xlsx with LibreOffice (headless), into `dest`. */
function toXlsx(name: string, text: string, dest: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'kpl-fods-'));
  try {
    writeFileSync(join(dir, `${name}.fods`), text);
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', dir, join(dir, `${name}.fods`)], { stdio: 'pipe' });
    copyFileSync(join(dir, `${name}.xlsx`), dest);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A CSV's rows as typed cells, by the declared column types. */
function typedRows(csv: string, columns: readonly Column[]): Cell[][] {
  const lines = csv.replace(/\r\n?/g, '\n').split('\n').filter((l) => l !== '');
  const header = lines[0]!.split(',');
  const types = header.map((h) => columns.find((c) => c.name === h));
  const rows: Cell[][] = [header.map((h) => ({ t: 'text', v: h }))];
  for (const line of lines.slice(1)) {
    // The acceptance CSVs have no quoted fields.
    rows.push(
      line.split(',').map((v, i): Cell => {
        const c = types[i];
        if (v === '') return { t: 'blank' };
        switch (c?.type) {
          case 'percent':
            return { t: 'percent', v };
          case 'money':
            return { t: 'float', v, style: 'thousands' };
          case 'number':
          case 'integer':
            return { t: 'float', v };
          case 'bool':
            return { t: 'bool', v: v === 'true' };
          default:
            return { t: 'text', v };
        }
      }),
    );
  }
  return rows;
}

function encode(text: string, to: string): Buffer {
  return execFileSync('iconv', ['-f', 'UTF-8', '-t', to], { input: text });
}

mkdirSync(OUT, { recursive: true });
const VALUES_CSV = [
  '工号,入职日期,完成率,销售额（元）,得分,违规,备注',
  'a,2024/1/5,12.5%,"1,234.50",８０,否,文本',
  'b,2024年1月5日,０.５,１２３４．５,0,√,',
  'c,45296,50 ％,"１，２３４.50",,Y," 前后有空格 "',
  'd,2024-1-5,100%,－1, 7 ,F,＝SUM(A1)',
];
writeFileSync(join(OUT, 'values.gb18030.csv'), encode(VALUES_CSV.join('\r\n') + '\r\n', 'GB18030'));
if (process.argv[2] === 'values-csv') process.exit(0);
for (const [name, tables] of Object.entries(CASES)) {
  const policy = join('policies', `${name}.kpl`);
  const plan = compile(policy, readFileSync(policy, 'utf8')).plan!;
  const sheets: Sheet[] = tables.map((t) => {
    const csv = readFileSync(join('policies', 'data', name, `${t}.csv`), 'utf8');
    return { name: t, rows: typedRows(csv, plan.inputs.find((i) => i.name === t)!.columns) };
  });
  if (sheets.length === 1) sheets.push({ name: '说明', rows: [[{ t: 'text', v: `${name}: 数据在第一个工作表` }]] });
  toXlsx(name, fods(sheets), join(OUT, `${name}.xlsx`));
  mkdirSync(join(OUT, name), { recursive: true });
  for (const t of tables) {
    const crlf = readFileSync(join('policies', 'data', name, `${t}.csv`), 'utf8').replace(/\r?\n/g, '\r\n');
    writeFileSync(join(OUT, name, `${t}.gb18030.csv`), encode(crlf, 'GB18030'));
    writeFileSync(join(OUT, name, `${t}.utf16.csv`), Buffer.concat([Buffer.from([0xff, 0xfe]), encode(crlf, 'UTF-16LE')]));
  }
}

// Every typed-cell form, in one sheet (see test/unit/data/xlsx-read.test.ts for what each row shows).
const T = (v: string): Cell => ({ t: 'text', v });
const values: Sheet = {
  name: '数据',
  rows: [
    [T('id'), T('joined'), T('rate'), T('sales'), T('score'), T('late'), T('note')],
    [T('a'), { t: 'date', v: '2024-01-05' }, { t: 'percent', v: '0.125' }, { t: 'float', v: '1234.5', style: 'thousands' }, { t: 'float', v: '80' }, { t: 'bool', v: true }, T('文本')],
    [T('b'), { t: 'float', v: '45296' }, { t: 'float', v: '0.5' }, { t: 'formula', f: '0.1+0.2', v: '0.3' }, { t: 'float', v: '0' }, { t: 'bool', v: false }, { t: 'blank' }],
    [T('c'), T('2024/1/5'), T('12.5%'), T('1,234.50'), { t: 'blank' }, T('是'), T(' 前后有空格 ')],
    [T('d'), { t: 'date', v: '2000-02-29' }, { t: 'percent', v: '1' }, { t: 'formula', f: '[.D2]*2', v: '2469' }, { t: 'float', v: '0.81' }, T('√'), { t: 'float', v: '7' }],
  ],
};
toXlsx('values', fods([values, { name: '第二页', rows: [[T('id'), T('x')], [T('z'), { t: 'float', v: '1' }]] }]), join(OUT, 'values.xlsx'));
toXlsx('values-1904', fods([values], '1904-01-01'), join(OUT, 'values-1904.xlsx'));
toXlsx(
  'merged-header',
  fods([{ name: 'Sheet1', rows: [[T('id'), T('score'), { t: 'covered' }], [T('a'), { t: 'float', v: '1' }, { t: 'float', v: '2' }]], spans: [[0, 1, 1, 2]] }]),
  join(OUT, 'merged-header.xlsx'),
);
console.log(`wrote ${OUT}`);

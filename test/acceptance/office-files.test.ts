/**
 * The acceptance cases as offices send them, through `kpl eval … --out RESULTS.csv` with no extra
 * flag: an .xlsx workbook written by LibreOffice (typed cells, percent and thousands formats, a
 * second sheet), GB18030 CSV with CRLF line ends (a Chinese-locale Excel's "CSV") and UTF-16 CSV
 * with its BOM. Each must give expected.csv byte for byte. The files are made once by
 * scripts/make-office-fixtures.ts from policies/data/<case>/ (copies of shared/cases).
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { read, utils } from '@e965/xlsx';

const CASES = [
  { name: 'customer-manager', tables: ['employees'], exit: 0 },
  { name: 'service-manager', tables: ['employees', 'teams'], exit: 0 },
  { name: 'manager-360', tables: ['managers', 'ratings'], exit: 1 },
];
const kpl = join(process.cwd(), 'bin', 'kpl.mjs');
const office = join('test', 'fixtures', 'office');

function run(name: string, data: string[]): { status: number | null; stderr: string; out: string } {
  const out = join(mkdtempSync(join(tmpdir(), 'kpl-')), 'results.csv');
  const r = spawnSync(process.execPath, [kpl, 'eval', join('policies', `${name}.kpl`), ...data.flatMap((d) => ['--data', d]), '--out', out], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr, out: readFileSync(out, 'utf8') };
}

describe('acceptance cases from office files', () => {
  for (const c of CASES) {
    const expected = (): string => readFileSync(join('policies', 'data', c.name, 'expected.csv'), 'utf8');

    it(`${c.name}: the LibreOffice workbook (first sheet, and a second sheet by name) gives expected.csv`, () => {
      const book = join(office, `${c.name}.xlsx`);
      const r = run(c.name, c.tables.map((t, i) => (i === 0 ? `${t}=${book}` : `${t}=${book}#${t}`)));
      expect(r.status, r.stderr).toBe(c.exit);
      expect(r.out).toBe(expected());
      expect(r.stderr).not.toMatch(/warning KPL|internal error/);
    });

    it(`${c.name}: GB18030 CSV with CRLF gives expected.csv, with a note on the encoding assumed`, () => {
      const r = run(c.name, c.tables.map((t) => `${t}=${join(office, c.name, `${t}.gb18030.csv`)}`));
      expect(r.status, r.stderr).toBe(c.exit);
      expect(r.out).toBe(expected());
      expect(r.stderr).toMatch(/warning KPL3030: .*gb18030\.csv is not UTF-8: read as GB18030 \(GBK\)/);
    });

    it(`${c.name}: UTF-16 CSV with a BOM gives expected.csv`, () => {
      const r = run(c.name, c.tables.map((t) => `${t}=${join(office, c.name, `${t}.utf16.csv`)}`));
      expect(r.status, r.stderr).toBe(c.exit);
      expect(r.out).toBe(expected());
      expect(r.stderr).not.toMatch(/warning KPL/);
    });
  }

  for (const c of CASES) {
    it(`${c.name}: --out results.xlsx holds the values of expected.csv (read back by SheetJS)`, () => {
      const out = join(mkdtempSync(join(tmpdir(), 'kpl-')), 'results.xlsx');
      const data = c.tables.map((t) => `${t}=${join('policies', 'data', c.name, `${t}.csv`)}`);
      const r = spawnSync(process.execPath, [kpl, 'eval', join('policies', `${c.name}.kpl`), ...data.flatMap((d) => ['--data', d]), '--out', out], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(c.exit);
      const wb = read(readFileSync(out), { cellNF: true });
      const ws = wb.Sheets['结果']!;
      const rows = utils.sheet_to_json<string[]>(ws, { header: 1, raw: false, defval: '' });
      // Row 2 holds the Chinese labels; the rest is the CSV, each number shown at its printed scale.
      const csv = [rows[0]!, ...rows.slice(2)].map((row) => row.join(',')).join('\n') + '\n';
      expect(csv).toBe(readFileSync(join('policies', 'data', c.name, 'expected.csv'), 'utf8'));
      const errors = utils.sheet_to_json<string[]>(wb.Sheets['错误']!, { header: 1 }).slice(2);
      expect(errors.map((e) => e[0])).toEqual(c.exit === 1 ? ['M008'] : []);
    });
  }

  it('a data error in a workbook names the sheet, the cell and the header', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kpl-')), 'p.kpl');
    const policy = 'policy "x" version "1"\ninput people key id { id: text; joined: date; rate: percent; sales: money; score: number optional; late: number; note: text optional }\nindicator s weight 100% = default(score, 0)\noutput id, status, total\n';
    writeFileSync(out, policy);
    const r = spawnSync(process.execPath, [kpl, 'eval', out, '--data', `people=${join(office, 'values.xlsx')}`, '--format', 'csv'], { encoding: 'utf8' });
    expect(r.stderr).toContain('values.xlsx#数据:4:6: error KPL3001: `是` in column `late` is not a number');
    expect(r.stderr).toContain('help: sheet `数据`, cell F4, column `late`');
  });
});

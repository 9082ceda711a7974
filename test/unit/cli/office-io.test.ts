/**
 * The command line's office-format options: `--bom` on CSV output (every engine and path),
 * `--encoding` to force a CSV file's encoding, `book.xlsx#sheet`, and `--out results.xlsx`.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { read } from '@e965/xlsx';
import { runCli } from '../../helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'kpl-office-'));
const policy = join(dir, 'p.kpl');
writeFileSync(policy, 'policy "p" version "1"\ninput people key id { id: text; name: text; score: number in [0, 100] }\nindicator 得分 weight 100% = score\noutput id, name, total\n');
const csv = join(dir, 'people.csv');
writeFileSync(csv, 'id,name,score\nA,张三,80\nB,李四,90.5\n');
const EXPECTED = 'id,name,total\nA,张三,80\nB,李四,90.5\n';

describe('office input and output options', () => {
  for (const engine of ['fast', 'exact']) {
    it(`--bom starts CSV output with the UTF-8 byte-order mark (${engine}, stdout and --out)`, () => {
      const r = runCli('eval', policy, '--data', `people=${csv}`, '--format', 'csv', '--bom', '--engine', engine);
      expect(r.out).toBe('\ufeff' + EXPECTED);
      const out = join(dir, `r-${engine}.csv`);
      expect(runCli('eval', policy, '--data', `people=${csv}`, '--out', out, '--bom', '--engine', engine).code).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe('\ufeff' + EXPECTED);
      expect(runCli('eval', policy, '--data', `people=${csv}`, '--format', 'json', '--bom', '--engine', engine).out.startsWith('{')).toBe(true);
    });
  }

  it('--encoding forces an encoding; an unknown one is a usage error', () => {
    const latin = join(dir, 'gbk.csv');
    writeFileSync(latin, Buffer.from([...Buffer.from('id,name,score\nA,'), 0xd5, 0xc5, 0xc8, 0xfd, ...Buffer.from(',80\n')]));
    const r = runCli('eval', policy, '--data', `people=${latin}`, '--format', 'csv', '--encoding', 'gbk');
    expect([r.code, r.out, r.err]).toEqual([0, 'id,name,total\nA,张三,80\n', '']);
    const detected = runCli('eval', policy, '--data', `people=${latin}`, '--format', 'csv');
    expect(detected.out).toBe('id,name,total\nA,张三,80\n');
    expect(detected.err).toContain('warning KPL3030');
    expect(runCli('eval', policy, '--data', `people=${latin}`, '--encoding', 'latin9').code).toBe(64);
  });

  it('--out results.xlsx writes a workbook (both engines the same bytes)', () => {
    const outs = ['fast', 'exact'].map((engine) => {
      const out = join(dir, `r-${engine}.xlsx`);
      expect(runCli('eval', policy, '--data', `people=${csv}`, '--out', out, '--engine', engine).code).toBe(0);
      return readFileSync(out);
    });
    expect(outs[0]!.equals(outs[1]!)).toBe(true);
    const wb = read(outs[0]!);
    expect(wb.SheetNames).toEqual(['结果', '错误']);
    expect(wb.Sheets['结果']!['C2']).toMatchObject({ v: '总分' });
    expect(wb.Sheets['结果']!['C4']).toMatchObject({ t: 'n', v: 90.5 });
  });

  it('book.xlsx#sheet reads that sheet; a missing sheet is KPL3031', () => {
    const book = join('test', 'fixtures', 'office', 'values.xlsx');
    const p2 = join(dir, 'p2.kpl');
    writeFileSync(p2, 'policy "p" version "1"\ninput people key id { id: text; x: number }\nindicator s weight 100% = x\noutput id, total\n');
    expect(runCli('eval', p2, '--data', `people=${book}#第二页`, '--format', 'csv').out).toBe('id,total\nz,1\n');
    const r = runCli('eval', p2, '--data', `people=${book}#没有`, '--format', 'csv');
    expect(r.code).toBe(1);
    expect(r.err).toContain('error KPL3031: test/fixtures/office/values.xlsx has no sheet `没有` (sheets: `数据`, `第二页`)');
  });
});

import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { protectText, writeCsv, type CsvCell } from '../../../src/data/index.ts';

describe('writeCsv: CSV injection', () => {
  const cases: { note: string; cell: CsvCell; out: string }[] = [
    { note: 'formula =SUM(A1) is escaped', cell: '=SUM(A1)', out: "'=SUM(A1)" },
    { note: 'text +1 is escaped', cell: '+1', out: "'+1" },
    { note: 'text -x is escaped', cell: '-x', out: "'-x" },
    { note: 'text @a is escaped', cell: '@a', out: "'@a" },
    { note: 'leading tab is escaped', cell: '\tx', out: "'\tx" },
    { note: 'leading CR is escaped (and quoted)', cell: '\rx', out: '"\'\rx"' },
    { note: 'text -12.50 is text, so escaped', cell: '-12.50', out: "'-12.50" },
    { note: 'numeric -12.50 untouched', cell: { number: '-12.50' }, out: '-12.50' },
    { note: 'numeric 0.125 untouched', cell: { number: '0.125' }, out: '0.125' },
    { note: 'a formula posing as a number is still escaped', cell: { number: '=1+1' }, out: "'=1+1" },
    { note: '+5 as a number is not a plain decimal: escaped', cell: { number: '+5' }, out: "'+5" },
    { note: 'ordinary text untouched', cell: '张三', out: '张三' },
    { note: 'inner = untouched', cell: 'a=b', out: 'a=b' },
    { note: 'null is empty', cell: null, out: '' },
  ];
  it.each(cases)('$note', ({ cell, out }) => {
    expect(writeCsv(['h', 'k'], [[cell, 'z']])).toBe(`h,k\n${out},z\n`);
  });
  it('protectText leaves a safe string alone', () => {
    expect(protectText('abc')).toBe('abc');
    expect(protectText('')).toBe('');
  });
});

describe('writeCsv: format', () => {
  const cases: { note: string; header: string[]; rows: CsvCell[][]; out: string }[] = [
    { note: 'LF line ends, final newline, no BOM', header: ['a', 'b'], rows: [['1', { number: '2' }]], out: 'a,b\n1,2\n' },
    { note: 'no rows: header only', header: ['a', 'b'], rows: [], out: 'a,b\n' },
    { note: 'comma quoted', header: ['a'], rows: [['x,y']], out: 'a\n"x,y"\n' },
    { note: 'quote doubled', header: ['a'], rows: [['say "hi"']], out: 'a\n"say ""hi"""\n' },
    { note: 'newline quoted', header: ['a'], rows: [['x\ny']], out: 'a\n"x\ny"\n' },
    { note: 'inner CR quoted', header: ['a'], rows: [['x\ry']], out: 'a\n"x\ry"\n' },
    { note: 'surrounding spaces quoted so they survive a re-read', header: ['a', 'b'], rows: [[' x', 'y ']], out: 'a,b\n" x","y "\n' },
    { note: 'empty cell of a one-column table is ""', header: ['a'], rows: [[''], [null]], out: 'a\n""\n""\n' },
    { note: 'empty cells of a wider table are bare', header: ['a', 'b'], rows: [['', null]], out: 'a,b\n,\n' },
    { note: 'header text is protected too', header: ['=x', '名字'], rows: [], out: "'=x,名字\n" },
  ];
  it.each(cases)('$note', ({ header, rows, out }) => {
    const s = writeCsv(header, rows);
    expect(s).toBe(out);
    expect(s.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('round-trips through an RFC 4180 reader', () => {
    const rows: CsvCell[][] = [
      ['张三', { number: '-12.50' }, 'a,b\n"c"'],
      [null, { number: '0' }, ' lead'],
    ];
    const back = parse(writeCsv(['n', 'v', 't'], rows));
    expect(back).toEqual([
      ['n', 'v', 't'],
      ['张三', '-12.50', 'a,b\n"c"'],
      ['', '0', ' lead'],
    ]);
  });
});

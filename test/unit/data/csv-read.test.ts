import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/data/index.ts';

describe('readCsv: records and line numbers', () => {
  const cases: { note: string; text: string; columns: string[]; cells: string[][]; lines: number[] }[] = [
    { note: 'simple LF', text: 'id,score\n1,90\n2,80\n', columns: ['id', 'score'], cells: [['1', '90'], ['2', '80']], lines: [2, 3] },
    { note: 'CRLF, no final newline', text: 'id,score\r\n1,90\r\n2,80', columns: ['id', 'score'], cells: [['1', '90'], ['2', '80']], lines: [2, 3] },
    { note: 'bare CR line ends', text: 'id,score\r1,90\r2,80\r', columns: ['id', 'score'], cells: [['1', '90'], ['2', '80']], lines: [2, 3] },
    {
      note: 'quoted comma and newline: following row keeps its line',
      text: 'id,comment\n1,"good, very\ngood"\n2,ok\n',
      columns: ['id', 'comment'],
      cells: [['1', 'good, very\ngood'], ['2', 'ok']],
      lines: [2, 4],
    },
    {
      note: 'quoted CRLF is one line break and becomes \\n',
      text: 'id,comment\r\n1,"a\r\nb\r\nc"\r\n2,ok\r\n',
      columns: ['id', 'comment'],
      cells: [['1', 'a\nb\nc'], ['2', 'ok']],
      lines: [2, 5],
    },
    { note: 'doubled quotes', text: 'id,t\n1,"say ""hi"""\n', columns: ['id', 't'], cells: [['1', 'say "hi"']], lines: [2] },
    {
      note: 'blank lines and ,,, rows are skipped but counted',
      text: 'id,t\n\n1,a\n,\n   \n2,b\n',
      columns: ['id', 't'],
      cells: [['1', 'a'], ['2', 'b']],
      lines: [3, 6],
    },
    { note: 'blank lines before the header', text: '\n\nid\n1\n', columns: ['id'], cells: [['1']], lines: [4] },
    {
      note: 'header: unquoted names trimmed, quoted kept as is',
      text: ' id ," name ",score\n1,x,2\n',
      columns: ['id', ' name ', 'score'],
      cells: [['1', 'x', '2']],
      lines: [2],
    },
    {
      note: 'inside quotes nothing is trimmed; around quotes it is',
      text: 'id,t\n1,  "  a  "  \n',
      columns: ['id', 't'],
      cells: [['1', '  a  ']],
      lines: [2],
    },
    { note: 'Chinese header and cells', text: '工号,姓名\nE1,张三\n', columns: ['工号', '姓名'], cells: [['E1', '张三']], lines: [2] },
  ];
  it.each(cases)('$note', ({ text, columns, cells, lines }) => {
    const t = readCsv('d.csv', text);
    expect(t.diagnostics).toEqual([]);
    expect(t.complete).toBe(true);
    expect(t.columns).toEqual(columns);
    expect(t.records.map((r) => r.cells)).toEqual(cells);
    expect(t.records.map((r) => r.line)).toEqual(lines);
    expect(t.records.every((r) => r.errors.length === 0 && !r.misaligned)).toBe(true);
  });
});

describe('readCsv: problems', () => {
  it('header only → KPL3018', () => {
    const t = readCsv('d.csv', 'id,score\n');
    expect(t.columns).toEqual(['id', 'score']);
    expect(t.records).toEqual([]);
    expect(t.diagnostics.map((d) => d.code)).toEqual(['KPL3018']);
    expect(t.diagnostics[0]!.message).toBe('d.csv has a header but no data rows');
  });

  it('only blank records → KPL3007', () => {
    const t = readCsv('d.csv', ',,\n,\n');
    expect(t.diagnostics.map((d) => d.code)).toEqual(['KPL3007']);
  });

  it('wrong field count → KPL3017 on that row, the row is kept, others are fine', () => {
    const t = readCsv('d.csv', 'id,score\n1,90\n2,80,extra\n3\n4,70\n');
    expect(t.records.map((r) => r.line)).toEqual([2, 3, 4, 5]);
    expect(t.records.map((r) => r.misaligned)).toEqual([false, true, true, false]);
    const errs = t.records.flatMap((r) => r.errors);
    expect(errs.map((e) => [e.code, e.dataLocation?.line, e.args.got, e.args.expected])).toEqual([
      ['KPL3017', 3, 3, 2],
      ['KPL3017', 4, 1, 2],
    ]);
    expect(t.diagnostics).toEqual([]);
  });

  const malformed: { note: string; text: string; line: number; col: number; kept: number; detail: RegExp }[] = [
    { note: 'quote never closed', text: 'id,t\n1,a\n2,"open\n3,c\n', line: 3, col: 2, kept: 1, detail: /never closed/ },
    { note: 'text after a closing quote', text: 'id,t\n1,a\n2,"x"y\n3,c\n', line: 3, col: 2, kept: 1, detail: /closing quote/ },
    { note: 'quote inside an unquoted field', text: 'id,t\n1,a\n2,x"y\n', line: 3, col: 2, kept: 1, detail: /quote inside an unquoted value/ },
    {
      note: 'line of a bad row after a multi-line field',
      text: 'id,t\n1,"a\nb\nc"\n2,"x"y\n',
      line: 5,
      col: 2,
      kept: 1,
      detail: /line 5/,
    },
    { note: 'malformed header', text: 'id,"t\n1,2\n', line: 1, col: 2, kept: 0, detail: /never closed/ },
  ];
  it.each(malformed)('malformed quoting: $note → KPL3013 at line $line', ({ text, line, col, kept, detail }) => {
    const t = readCsv('d.csv', text);
    expect(t.complete).toBe(false);
    expect(t.diagnostics).toHaveLength(1);
    const d = t.diagnostics[0]!;
    expect(d.code).toBe('KPL3013');
    expect(d.dataLocation).toEqual({ file: 'd.csv', line, col });
    expect(d.message).toMatch(detail);
    expect(t.records).toHaveLength(kept);
  });

  it('duplicate header name → KPL3013 at the second occurrence', () => {
    const t = readCsv('d.csv', 'id,score,score\n1,2,3\n');
    expect(t.diagnostics.map((d) => [d.code, d.dataLocation?.col])).toEqual([['KPL3013', 3]]);
    expect(t.diagnostics[0]!.message).toContain('`score` appears twice');
  });
});

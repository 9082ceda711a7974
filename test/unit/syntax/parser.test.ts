import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from '../../../src/syntax/parse.ts';
import { lex } from '../../../src/syntax/lexer.ts';

/** Removes spans so trees can be compared structurally (spans never take part in equality). */
function strip(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(strip);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'span' && k !== 'opSpan' && k !== 'file').map(([k, v]) => [k, strip(v)]));
  return x;
}

describe('lexer', () => {
  const cases = [
    { note: 'keyword followed by CJK letters is one identifier', text: '指标体系', want: ['Identifier'] },
    { note: 'Chinese keyword alone', text: '指标 权重', want: ['Indicator', 'Weight'] },
    { note: 'percent literal with full-width sign', text: '20％ 12.5%', want: ['PercentLiteral', 'PercentLiteral'] },
    { note: 'two-word keyword', text: 'at most 至少', want: ['AtMost', 'AtLeast'] },
    { note: 'full-width punctuation maps to ASCII tokens', text: '：，（）；', want: ['Colon', 'Comma', 'LParen', 'RParen', 'Semicolon'] },
    { note: 'English keyword needs a word boundary', text: 'indicators weighted', want: ['Identifier', 'Identifier'] },
    { note: 'comments go to their own group', text: 'a # 说明\nb // more', want: ['Identifier', 'Identifier'] },
  ];
  for (const c of cases) it(c.note, () => expect(lex('x', c.text).tokens.map((t) => t.tokenType.name)).toEqual(c.want));
  it('keeps comments for the formatter', () => expect(lex('x', 'a # 说明\nb').comments.map((t) => t.image)).toEqual(['# 说明']));
});

describe('parser', () => {
  const ITEMS: Record<string, string[]> = {
    'customer-manager': ['Policy', 'Period', 'Input', 'Indicator', 'Indicator', 'Indicator', 'Adjust', 'Total', 'Scale', 'Grade', 'Veto', 'Distribute', 'Reward', 'Output'],
    'service-manager': ['Policy', 'Period', 'Input', 'Input', 'Indicator', 'Indicator', 'Indicator', 'Adjust', 'Total', 'Grade', 'Reward', 'Output'],
    'manager-360': ['Policy', 'Period', 'Input', 'Input', 'Indicator', 'Indicator', 'Indicator', 'Indicator', 'Indicator', 'Total', 'Grade', 'Veto', 'Distribute', 'Reward', 'Output'],
  };
  for (const name of ['customer-manager', 'service-manager', 'manager-360']) {
    it(`parses policies/${name}.kpl without diagnostics`, () => {
      const r = parse(name, readFileSync(`policies/${name}.kpl`, 'utf8'));
      expect(r.diagnostics).toEqual([]);
      // Its top-level items, in order (header, inputs, top-level indicators, …).
      expect(r.ast.items.map((i) => i.kind)).toEqual(ITEMS[name]);
    });
  }

  it('Chinese and English keywords give the same tree', () => {
    const en = `input p key id { id: text; a: number optional }\nindicator x "X" weight 50% missing drop = if a >= 60 then a else 0\nindicator y weight 50% = 1\ngrade { A >= 90; B otherwise }\nveto when not (a > 1 and a < 2) then grade at most B\ndistribute per id { A at most 20% floor -> B; order by total desc }`;
    const zh = `输入 p 主键 id { id: text； a: number 可空 }\n指标 x "X" 权重 50％ 不适用 drop ＝ 如果 a ≥ 60 则 a 否则 0\n指标 y 权重 50% = 1\n等级 ｛ A >= 90; B 否则 ｝\n否决 当 非 （a > 1 且 a < 2） 则 等级 至多 B\n强制分布 每个 id { A 至多 20% floor → B； 排序 按 总分 降序 }`;
    const a = parse('en', en);
    const b = parse('zh', zh);
    expect(a.diagnostics).toEqual([]);
    expect(b.diagnostics).toEqual([]);
    // Names that are keywords keep their spelling; normalise the one used as a value.
    expect(JSON.stringify(strip(b.ast.items)).replace(/"总分"/g, '"total"')).toBe(JSON.stringify(strip(a.ast.items)));
  });

  it('five unrelated mistakes give five diagnostics, and the declarations after them survive', () => {
    const text = [
      'indicator a weight 50% = 1 +',
      'indicator b weight 50% = (3',
      'total = 5 5',
      'let x =',
      'grade { A >= }',
      'output id, total',
    ].join('\n');
    const r = parse('m.kpl', text);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['KPL1003', 'KPL1003', 'KPL1004', 'KPL1003', 'KPL1003']);
    expect(r.ast.items.map((i) => i.kind)).toContain('Output');
  });

  it('table rows are not swallowed by the previous value (>= and - start a row)', () => {
    const r = parse('t', 'let s = steps(x) { >= 20: 100\n >= 10: 70\n otherwise: 0 }\nlet i = interpolate(x) { below: 0\n -10: 1\n 0: 2 }');
    expect(r.diagnostics).toEqual([]);
    const calls = r.ast.items.map((i) => (i.kind === 'Let' && i.value.kind === 'Call' ? i.value.table?.length : -1));
    expect(calls).toEqual([3, 3]);
  });

  it('soft keywords may name columns', () => {
    const r = parse('t', 'input e key id { id: text; unit: text; weight: number; period: text }\ndistribute per unit { A at most 10% }');
    expect(r.diagnostics).toEqual([]);
  });
});

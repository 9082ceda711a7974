import { describe, it, expect } from 'vitest';
import { choice, group, hardline, ifBreak, indent, join, line, lineSuffix, softline, breakParent, type Doc } from '../../../src/format/doc.ts';
import { printDoc, textWidth } from '../../../src/format/print-doc.ts';

const list = (items: string[]): Doc => group(['[', indent([softline, join([',', line], items)]), softline, ']']);

describe('printDoc', () => {
  const cases: { note: string; doc: Doc; width?: number; want: string }[] = [
    { note: 'a group that fits is flat', doc: list(['a', 'b', 'c']), want: '[a, b, c]' },
    { note: 'a group that does not fit breaks every line of its own', doc: list(['aaaa', 'bbbb', 'cccc']), width: 10, want: '[\n  aaaa,\n  bbbb,\n  cccc\n]' },
    { note: 'the outer group breaks first; an inner one that fits stays flat', doc: group(['f(', indent([softline, list(['a', 'b'])]), softline, ')']), width: 8, want: 'f(\n  [a, b]\n)' },
    { note: 'the text after a group counts until the next possible break', doc: [list(['a', 'b']), 'xxxxxx'], width: 10, want: '[\n  a,\n  b\n]xxxxxx' },
    { note: 'a hard line breaks the enclosing groups', doc: group(['{', indent([line, 'a', hardline, 'b']), line, '}']), want: '{\n  a\n  b\n}' },
    { note: 'break-parent breaks the enclosing group', doc: group(['a', line, 'b', breakParent]), want: 'a\nb' },
    { note: 'if-break follows the enclosing group', doc: [group(['x', ifBreak(';', ','), line, 'y']), hardline, group(['x', ifBreak(';', ','), line, 'y'], { shouldBreak: true })], want: 'x, y\nx;\ny' },
    { note: 'a line suffix waits for the end of the line', doc: [lineSuffix(' # c'), 'a', ',', hardline, 'b'], want: 'a, # c\nb' },
    { note: 'a pending line suffix is flushed at the end', doc: ['a', lineSuffix(' # c')], want: 'a # c' },
    { note: 'no trailing white space before a newline', doc: ['a ', hardline, hardline, 'b'], want: 'a\n\nb' },
    { note: 'CJK characters take two columns', doc: list(['一二三', '四五六']), width: 15, want: '[\n  一二三,\n  四五六\n]' },
    { note: 'the same in ASCII fits', doc: list(['abc', 'def']), width: 15, want: '[abc, def]' },
    { note: 'choice takes the first state that fits flat', doc: ['x =', choice([[' ', 'short'], indent([line, 'short'])])], want: 'x = short' },
    { note: 'choice falls back to the last state, broken', doc: ['x =', choice([[' ', 'a'.repeat(10)], indent([line, 'a'.repeat(10)])])], width: 10, want: 'x =\n  aaaaaaaaaa' },
    { note: 'a state fits only when all its lines fit', doc: ['x =', choice([[' ', group(['{', indent([hardline, 'a'.repeat(12)]), hardline, '}'])], indent([line, 'y']) ])], width: 12, want: 'x =\n  y' },
  ];
  for (const c of cases) it(c.note, () => expect(printDoc(c.doc, c.width ?? 100)).toBe(c.want));
});

describe('textWidth', () => {
  it('counts CJK ideographs and full-width forms as two', () => {
    expect(textWidth('abc')).toBe(3);
    expect(textWidth('指标')).toBe(4);
    expect(textWidth('（）')).toBe(4);
    expect(textWidth('360°')).toBe(4);
    expect(textWidth('𠀀')).toBe(2);
  });
});

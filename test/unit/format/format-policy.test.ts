import { describe, it, expect } from 'vitest';
import { formatPolicy, keywordLanguage, soundnessProblem } from '../../../src/format/format-policy.ts';
import { parse } from '../../../src/syntax/parse.ts';
import { CommentQueue } from '../../../src/format/comments.ts';
import { lex } from '../../../src/syntax/lexer.ts';

describe('formatPolicy', () => {
  it('refuses text with syntax errors and returns the parser diagnostics', () => {
    const r = formatPolicy('bad.kpl', 'indicator a weight = 1\ntotal = (1');
    expect(r.text).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['KPL1003', 'KPL1003']);
  });

  it('formats an empty file to an empty file, and a file of comments to its comments', () => {
    expect(formatPolicy('e.kpl', '\n\n').text).toBe('');
    expect(formatPolicy('c.kpl', '  # one  \n\n\n# two\n').text).toBe('# one\n\n# two\n');
  });

  it('prints LF line endings and drops a byte order mark', () => {
    expect(formatPolicy('b.kpl', '\uFEFFtotal = 1\r\ngrade by S\r\n').text).toBe('total = 1\ngrade by S\n');
  });

  it('keeps numbers and strings exactly as written', () => {
    expect(formatPolicy('n.kpl', 'let x = 007.50 + 12.0% + f("a\\"b", “中文”)').text).toBe('let x = 007.50 + 12.0% + f("a\\"b", "中文")\n');
  });

  it('prints canonical English keywords unless most keywords are written in Chinese', () => {
    expect(formatPolicy('k.kpl', '指标 a 权重 100% = 1\nindicator b weight 0% = if x then 1 else 2').text).toBe(
      'indicator a weight 100% = 1\nindicator b weight 0% = if x then 1 else 2\n',
    );
    expect(formatPolicy('k.kpl', '指标 a 权重 100% = 1\n指标 b weight 0% = 如果 x 则 1 else 2').text).toBe('指标 a 权重 100% = 1\n指标 b 权重 0% = 如果 x 则 1 否则 2\n');
  });

  it('prints `among` and the smallest group first in a distribution, in the words they were written in', () => {
    const en = 'distribute per dept { A at most 20% -> B; only groups of at least 8; among 参评 and months >= 6 }';
    const out = 'distribute per dept {\n  among 参评 and months >= 6\n  only groups of at least 8\n  A at most 20% -> B\n}\n';
    expect(formatPolicy('d.kpl', en).text).toBe(out);
    expect(formatPolicy('d.kpl', out).text).toBe(out);
    const zh = '强制分布 每个 部门 ｛ 仅限 不少于 8 人的组；仅限 参评 ｝';
    expect(formatPolicy('d.kpl', zh).text).toBe('强制分布 每个 部门 {\n  仅限 参评\n  仅限 不少于 8 人的组\n}\n');
  });

  it('counts keyword tokens to choose the keyword language', () => {
    expect(keywordLanguage('a', 'indicator x weight 5% = 1')).toBe('en');
    expect(keywordLanguage('a', '指标 x 权重 5% = 1')).toBe('zh');
    expect(keywordLanguage('a', '指标 x weight 5% = 1')).toBe('en');
  });
});

describe('soundness check', () => {
  const text = '# note\nlet x = 1 + 2\n';
  const parsed = parse('s.kpl', text);

  it('accepts a faithful rewrite', () => {
    expect(soundnessProblem('s.kpl', parsed, '# note\nlet x = (1 + 2)\n')).toBeUndefined();
  });
  it('reports a changed meaning', () => {
    expect(soundnessProblem('s.kpl', parsed, '# note\nlet x = 1 + 3\n')).toMatch(/differs from the original/);
  });
  it('reports text that does not parse', () => {
    expect(soundnessProblem('s.kpl', parsed, '# note\nlet x = 1 +\n')).toMatch(/does not parse/);
  });
  it('reports a lost comment', () => {
    expect(soundnessProblem('s.kpl', parsed, 'let x = 1 + 2\n')).toMatch(/lost or changed a comment: # note/);
  });
  it('a comment queue asserts that every comment was claimed', () => {
    const q = new CommentQueue('a # c', lex('q', 'a # c').comments);
    expect(() => q.assertAllClaimed()).toThrow(/lost 1 comment/);
    q.rest();
    expect(() => q.assertAllClaimed()).not.toThrow();
  });
});

describe('comments survive at every position', () => {
  // A comment after every token of a policy, on its own line and at the end of a line.
  const policy = [
    'policy "p" version "1"',
    'input e key id { id: text; s: number in [0, 100] optional -> t "d" }',
    'indicator a "A" weight by r { x: 50%; y: 50% } missing drop = steps(s) { >= 1: 2; otherwise: 0 }',
    'let v = if not s > 1 and s < 2 then -min(s, 1) else teams[id].pool * 2',
    'veto "r" when s < 1 then grade at most B',
    'grade { A >= 90; B otherwise }',
    'distribute per u { A at most 20% floor, min 1 -> B; order by total desc, id }',
    'output id, x = total',
  ].join('\n');
  const tokens = lex('p.kpl', policy).tokens;
  it(`all ${tokens.length * 2} variants format soundly and idempotently`, () => {
    for (const [i, t] of tokens.entries()) {
      for (const insert of [`\n# c${i}\n`, ` # c${i}\n`]) {
        const at = t.endOffset! + 1;
        const input = policy.slice(0, at) + insert + policy.slice(at);
        const r = formatPolicy('p.kpl', input);
        expect(r.diagnostics, `after token ${i} \`${t.image}\``).toEqual([]);
        expect(r.text).toContain(`# c${i}`);
        expect(formatPolicy('p.kpl', r.text!).text, `idempotent after token ${i}`).toBe(r.text);
      }
    }
  });
});

/**
 * The playground's highlighting is generated from the lexer's token definitions. Here a small
 * Monarch-like tokenizer runs the generated rules over every example policy and must cut and
 * classify the text exactly as the real lexer does.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allTokens, KEYWORDS, lex } from '../../../src/index.ts';
import { IDENTIFIER_RULE, monarchSpec } from '../../../playground/src/worker-core.ts';

const spec = monarchSpec();
const keywordNames = new Set(Object.keys(KEYWORDS));

function monarchTokens(text: string): { image: string; cls: string }[] {
  const rules = spec.rules.map(([re, cls]) => ({ re: new RegExp(re, 'y'), cls }));
  const kw = new Set(spec.keywords);
  const out: { image: string; cls: string }[] = [];
  for (const line of text.split('\n')) {
    let i = 0;
    while (i < line.length) {
      let matched = false;
      for (const r of rules) {
        r.re.lastIndex = i;
        const m = r.re.exec(line);
        if (!m || m[0].length === 0) continue;
        const cls = r.cls === IDENTIFIER_RULE ? (kw.has(m[0]) ? 'keyword' : 'identifier') : r.cls;
        if (cls !== 'white') out.push({ image: m[0], cls });
        i += m[0].length;
        matched = true;
        break;
      }
      if (!matched) {
        out.push({ image: line[i]!, cls: 'invalid' });
        i++;
      }
    }
  }
  return out;
}

function lexerTokens(text: string): { image: string; cls: string }[] {
  const r = lex('x.kpl', text);
  const all = [...r.tokens, ...r.comments].sort((a, b) => a.startOffset - b.startOffset);
  return all.map((t) => {
    const name = t.tokenType.name;
    const cls = keywordNames.has(name) ? 'keyword' : name === 'Identifier' ? 'identifier' : name;
    return { image: t.image, cls };
  });
}

describe('playground highlighting', () => {
  it('has a rule or a keyword for every token and every keyword spelling', () => {
    const spellings = Object.values(KEYWORDS).flat();
    for (const s of spellings) {
      const phrase = s.includes(' ') && spec.rules.some(([re, cls]) => cls === 'keyword' && new RegExp(`^(?:${re})$`).test(s));
      expect(spec.keywords.includes(s) || phrase, s).toBe(true);
    }
    const nonKeyword = allTokens.filter((t) => !keywordNames.has(t.name));
    expect(spec.rules.length).toBe(nonKeyword.length + spellings.filter((s) => s.includes(' ')).length);
  });

  const dir = join(process.cwd(), 'policies');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.kpl'))) {
    it(`cuts ${f} into the same tokens as the lexer`, () => {
      const text = readFileSync(join(dir, f), 'utf8');
      const mine = monarchTokens(text);
      const theirs = lexerTokens(text);
      expect(mine.map((t) => t.image)).toEqual(theirs.map((t) => t.image));
      const classOf = (cls: string) => (cls === 'keyword' || cls === 'identifier' ? cls : 'other');
      expect(mine.map((t) => classOf(t.cls))).toEqual(theirs.map((t) => classOf(t.cls)));
    });
  }

  it('treats a keyword glued to more letters as one identifier, as the lexer does', () => {
    const text = '指标体系 = 至多数 at most atmost';
    expect(monarchTokens(text).map((t) => `${t.image}:${t.cls}`)).toEqual(lexerTokens(text).map((t) => `${t.image}:${t.cls === 'keyword' || t.cls === 'identifier' ? t.cls : 'operator'}`));
  });
});

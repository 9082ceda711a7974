/** The editor services shared by the playground and `kpl lsp` (src/editor), on a small policy. */
import { describe, expect, it } from 'vitest';
import { builtinInfo, compile, completionItems, definitionOf, hoverText, symbolsOf, wordAt, identifierPattern } from '../../../src/index.ts';

const SRC = `input staff key id { id: text; sales: number in [0, 100] "销售额" }
indicator 业绩 weight 100% {
  indicator 完成率 "销售完成率" weight 50% description "销售额 ÷ 目标" unit "分" = sales
  indicator 其他 weight 50% = clamp(sales, 0, 100)
}
`;

describe('editor services', () => {
  const plan = compile('p.kpl', SRC).plan;
  const sym = symbolsOf('p.kpl', SRC, plan);
  const builtins = builtinInfo();

  it('hover of an indicator: title, description, unit, effective weight; in Chinese too', () => {
    const en = hoverText('完成率', '', sym, builtins, 'en')!.join('\n');
    expect(en).toContain('销售完成率');
    expect(en).toContain('销售额 ÷ 目标');
    expect(en).toContain('unit: 分');
    expect(en).toMatch(/effective weight in the total.*50%/);
    expect(hoverText('完成率', '', sym, builtins, 'zh')!.join('\n')).toContain('单位: 分');
  });

  it('hover of a built-in comes from its record, in the language asked for', () => {
    expect(hoverText('clamp', '', sym, builtins, 'zh')!.join('\n')).toContain('限定');
  });

  it('the distribution clauses `among` / `仅限` and the smallest group: completed as snippets and explained on hover, per language', () => {
    const cx = { before: '  ', symbols: sym, builtins, keywords: [], idSource: identifierPattern().source };
    const labels = (lang: 'en' | 'zh') => completionItems({ ...cx, lang }).filter((i) => i.kind === 'snippet').map((i) => i.insertText);
    expect(labels('en')).toEqual(expect.arrayContaining(['among ${1:参评}', 'only groups of at least ${1:8}']));
    expect(labels('zh')).toEqual(expect.arrayContaining(['仅限 ${1:参评}', '仅限 不少于 ${1:8} 人的组']));
    expect(hoverText('among', '', sym, builtins, 'en')!.join('\n')).toMatch(/counts only the people for whom the condition is true/);
    expect(hoverText('only', '', sym, builtins, 'en')!.join('\n')).toMatch(/fewer than N people counted is not distributed/);
    const zh = hoverText('仅限', '', sym, builtins, 'zh')!.join('\n');
    expect(zh).toContain('只计入条件为真的人员');
    expect(zh).toContain('计入人数少于 N 的组不做强制分布');
    // A column named like the word is the column.
    expect(hoverText('sales', '', sym, builtins, 'en')!.join('\n')).toContain('input column');
  });

  it('definition and the word at an offset', () => {
    const at = SRC.indexOf('clamp(sales') + 8;
    const w = wordAt(SRC, at, identifierPattern().source)!;
    expect(w.word).toBe('sales');
    const d = definitionOf(w.word, '', sym)!;
    expect(SRC.slice(d.start, d.end)).toBe('sales');
    expect(d.start).toBe(SRC.indexOf('sales'));
  });
});

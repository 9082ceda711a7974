/** The editor services shared by the playground and `kpl lsp` (src/editor), on a small policy. */
import { describe, expect, it } from 'vitest';
import { builtinInfo, compile, completionItems, definitionOf, hoverText, literalHover, symbolsOf, wordAt, identifierPattern } from '../../../src/index.ts';
import { FORMS } from '../../../src/syntax/forms.ts';

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

  it('hover of `exempt`/不参评, the literal `missing` and `reason`, in both languages; a name of the prototype is no word', () => {
    expect(hoverText('exempt', '', sym, builtins, 'en')!.join('\n')).toContain('not_assessed');
    expect(hoverText('不参评', '', sym, builtins, 'zh')!.join('\n')).toContain('不计入强制分布人数');
    expect(hoverText('不适用', '', sym, builtins, 'zh')!.join('\n')).toContain('没有值');
    expect(hoverText('reason', '', sym, builtins, 'en')!.join('\n')).toContain('`exempt` rule that holds');
    expect(hoverText('constructor', '', sym, builtins, 'en')).toBeNull();
  });

  it('completion offers the `exempt` keyword in both spellings, its snippet and `reason`', () => {
    const labels = completionItems({ before: '', symbols: sym, builtins, keywords: ['exempt', '不参评'], lang: 'en', idSource: identifierPattern().source }).map((c) => c.label);
    expect(labels).toEqual(expect.arrayContaining(['exempt', '不参评', 'reason', 'exempt "…" when …']));
  });

  it('the distribution clauses `among` / `仅限` and the smallest group: completed as snippets and explained on hover, per language', () => {
    const cx = { before: '  ', symbols: sym, builtins, keywords: [], idSource: identifierPattern().source };
    const snippets = (lang: 'en' | 'zh') => completionItems({ ...cx, lang }).filter((i) => i.kind === 'snippet').map((i) => i.insertText);
    expect(snippets('en')).toEqual(expect.arrayContaining(['among ${1:参评}', '仅限 ${1:参评}', 'only groups of at least ${1:8}', '不少于 ${1:8} 人的组']));
    expect(hoverText('among', '', sym, builtins, 'en')!.join('\n')).toMatch(/only the people for whom the condition is true are counted/);
    expect(hoverText('only', '', sym, builtins, 'en')!.join('\n')).toMatch(/fewer than N people counted .*is not distributed/);
    expect(hoverText('仅限', '', sym, builtins, 'zh')!.join('\n')).toContain('只有条件为真的人员计入人数');
    expect(hoverText('不少于', '', sym, builtins, 'zh')!.join('\n')).toContain('少于 N 的组不做强制分布');
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

describe('money literals and shares of the ranking in the editor (src/syntax/forms.ts)', () => {
  const src = `input staff key id { id: text; 新渠道数: count; 部门: text }
indicator 业绩 weight 100% = 100
reward = min(新渠道数 * 500 元, ¥2000)
grade { A >= 90; B >= 60; C otherwise }
distribute per 部门 { 前 10% → A; bottom 5% -> C; order by total desc }
`;
  const sym = symbolsOf('p.kpl', src, compile('p.kpl', src).plan);
  const builtins = builtinInfo();
  const idSource = identifierPattern().source;
  const complete = (before: string, lang: 'en' | 'zh') => completionItems({ before, symbols: sym, builtins, keywords: [], lang, idSource });
  const line = (n: number) => src.split('\n')[n]!;

  it('the policy used here compiles', () => {
    expect(compile('p.kpl', src).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('hover on `¥2000` and on `500 元` shows the money record, in either language', () => {
    const l = line(2);
    for (const literal of ['¥2000', '500 元']) {
      const h = literalHover(l, l.indexOf(literal) + 1, builtins, 'en')!;
      expect(l.slice(h.start, h.end)).toBe(literal);
      expect(h.text.join('\n')).toContain(mdEscaped(FORMS.find((f) => f.name === 'money')!.summary.en));
      expect(literalHover(l, l.indexOf(literal), builtins, 'zh')!.text.join('\n')).toContain('金额除以金额得到比值');
    }
    expect(literalHover(l, l.indexOf('新渠道数'), builtins, 'en')).toBeUndefined();
    // The word `元` alone (the playground's word at the cursor) names the same record.
    expect(hoverText('元', '', sym, builtins, 'zh')).toEqual(literalHover(l, l.indexOf('元'), builtins, 'zh')!.text);
  });

  it('hover on top/前 and bottom/末位 shows the share rule, from one record', () => {
    for (const [word, kind] of [['前', 'top'], ['top', 'top'], ['bottom', 'bottom'], ['末位', 'bottom']] as const) {
      const f = FORMS.find((x) => x.name === kind)!;
      expect(hoverText(word, '', sym, builtins, 'en')!.join('\n')).toContain(mdEscaped(f.summary.en.slice(0, 20)));
      expect(hoverText(word, '', sym, builtins, 'zh')!.join('\n')).toContain(f.summary.zh.slice(0, 8).replace(/[`()]/g, (c) => `\\${c}`));
    }
    expect(hoverText('末位', '', sym, builtins, 'zh')!.join('\n')).toContain('末位 5% → 待改进');
  });

  it('completes `元` first after a number, and offers the share rules as snippets in both languages', () => {
    const afterNumber = complete('reward = 新渠道数 * 500 ', 'zh').sort((a, b) => a.sortText.localeCompare(b.sortText));
    expect(afterNumber[0]!.label).toBe('元');
    expect(complete('reward = ', 'en').find((c) => c.label === '元')!.sortText > complete('reward = ', 'en').find((c) => c.label === 'sales' || c.kind === 'field')!.sortText).toBe(true);
    const en = complete('  ', 'en');
    expect(en.find((c) => c.label === 'bottom')).toMatchObject({ kind: 'snippet', snippet: true, insertText: 'bottom ${1:5}% -> ${2:待改进}' });
    const zh = complete('  ', 'zh');
    expect(zh.find((c) => c.label === '前')).toMatchObject({ snippet: true, insertText: '前 ${1:10}% → ${2:优秀}' });
    expect(zh.find((c) => c.label === '末位')!.documentation).toContain('末位');
    // The snippets, filled in, are rules the parser reads.
    const filled = (s: string) => s.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace('优秀', 'A').replace('待改进', 'C');
    for (const label of ['top', '前', 'bottom', '末位']) {
      const c = zh.find((x) => x.label === label)!;
      const policy = src.replace('前 10% → A; bottom 5% -> C', filled(c.insertText));
      expect(compile('p.kpl', policy).diagnostics.filter((d) => d.severity === 'error'), policy).toEqual([]);
    }
  });

  it('forms are not offered as functions', () => {
    expect(complete('', 'en').filter((c) => ['元', 'top', '前', 'bottom', '末位'].includes(c.label) && c.kind === 'function')).toEqual([]);
  });
});

/** Markdown-escaped as the hover text shows it. */
function mdEscaped(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!<>|~&]/g, (c) => `\\${c}`);
}

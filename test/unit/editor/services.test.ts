/** The editor services shared by the playground and `kpl lsp` (src/editor), on a small policy. */
import { describe, expect, it } from 'vitest';
import { builtinInfo, compile, definitionOf, hoverText, symbolsOf, wordAt, identifierPattern } from '../../../src/index.ts';
import { completionItems } from '../../../src/editor/services.ts';

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

  it('definition and the word at an offset', () => {
    const at = SRC.indexOf('clamp(sales') + 8;
    const w = wordAt(SRC, at, identifierPattern().source)!;
    expect(w.word).toBe('sales');
    const d = definitionOf(w.word, '', sym)!;
    expect(SRC.slice(d.start, d.end)).toBe('sales');
    expect(d.start).toBe(SRC.indexOf('sales'));
  });
});

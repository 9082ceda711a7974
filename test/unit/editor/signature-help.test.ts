/** Signature help and member completion of the shared editor services (src/editor/services.ts). */
import { describe, expect, it } from 'vitest';
import { builtinInfo, completionItems, identifierPattern, KEYWORDS, signatureHelp, symbolsOf } from '../../../src/index.ts';

describe('signature help', () => {
  const builtins = builtinInfo();
  it('names the built-in and the parameter being written', () => {
    const h = signatureHelp('indicator a weight 100% = ratio(sales, target, ', builtins, 'en')!;
    expect(h.signatures[0]!.label).toMatch(/^ratio\(/);
    expect(h.activeParameter).toBe(2);
    const [s, e] = h.signatures[h.activeSignature]!.parameters[0]!;
    expect(h.signatures[h.activeSignature]!.label.slice(s, e).length).toBeGreaterThan(0);
  });
  it('is the innermost call, and nothing outside a call', () => {
    expect(signatureHelp('x = min(ratio(a, b), ', builtins, 'zh')!.signatures[0]!.label).toMatch(/^min\(/);
    expect(signatureHelp('x = min(ratio(a, ', builtins, 'zh')!.signatures[0]!.label).toMatch(/^ratio\(/);
    expect(signatureHelp('x = min(a, b) + ', builtins, 'en')).toBeUndefined();
  });
});

describe('completion after a table name', () => {
  const src = 'policy "p" version "1"\ninput staff key id { id: text; sales: number }\ntable levels key lv { lv: text; rate: number }\n';
  const symbols = symbolsOf('p.kpl', src);
  const cx = (before: string) => completionItems({ before, symbols, builtins: [], keywords: Object.values(KEYWORDS).flat(), lang: 'en', idSource: identifierPattern().source });
  it('offers a lookup table’s columns', () => {
    expect(cx('x = levels[lv].').map((c) => c.label)).toEqual(['lv', 'rate']);
  });
  it('offers nothing after the population’s name (its columns are named bare)', () => {
    expect(cx('x = staff.')).toEqual([]);
  });
});

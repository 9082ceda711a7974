/**
 * Golden tests of `kpl fmt` (OPA's `testfiles/*.rego` ↔ `*.rego.formatted` pairs):
 * `format/<case>.kpl` is formatted and compared with `format/<case>.formatted.kpl`. Every case is
 * also checked for idempotence (formatting the output changes nothing, Prettier's "second
 * format") and soundness (same AST without spans, same comments: Prettier's "ast compare").
 *
 * To accept new output, rewrite the golden files and review the diff:
 *
 *     UPDATE_GOLDEN=1 npx vitest run test/golden/format.test.ts
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatPolicy, stripSpans } from '../../src/format/format-policy.ts';
import { parse } from '../../src/syntax/parse.ts';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const DIR = join(import.meta.dirname, 'format');
const OUT = '.formatted.kpl';

const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.kpl') && !f.endsWith(OUT))
  .map((f) => f.slice(0, -'.kpl'.length))
  .sort();

const commentTexts = (file: string, text: string) => parse(file, text).comments.map((c) => c.image.trimEnd());

describe('kpl fmt golden files', () => {
  it('has a case for every construct group', () => {
    for (const c of ['inputs', 'indicators', 'special-forms', 'expressions', 'declarations', 'comments', 'chinese-keywords', 'messy', 'width']) {
      expect(cases).toContain(c);
    }
  });

  it('has no golden output without its input', () => {
    const outputs = readdirSync(DIR).filter((f) => f.endsWith(OUT));
    for (const o of outputs) expect(cases, o).toContain(o.slice(0, -OUT.length));
  });

  for (const name of cases) {
    describe(name, () => {
      const file = `${name}.kpl`;
      const input = readFileSync(join(DIR, file), 'utf8');
      const golden = join(DIR, name + OUT);
      const r = formatPolicy(file, input);

      it('formats to the golden output', () => {
        expect(r.diagnostics).toEqual([]);
        expect(r.text).toBeDefined();
        if (UPDATE) writeFileSync(golden, r.text!);
        if (!existsSync(golden)) throw new Error(`no golden file ${golden}: run UPDATE_GOLDEN=1 npx vitest run test/golden/format.test.ts`);
        expect(r.text).toBe(readFileSync(golden, 'utf8'));
      });

      it('is idempotent', () => {
        expect(formatPolicy(file, r.text!).text).toBe(r.text);
      });

      it('is sound: the same AST (spans aside) and the same comments', () => {
        const before = parse(file, input.replace(/^\uFEFF/, ''));
        const after = parse(file, r.text!);
        expect(after.diagnostics).toEqual([]);
        expect(stripSpans(after.ast)).toEqual(stripSpans(before.ast));
        expect(commentTexts(file, r.text!)).toEqual(commentTexts(file, input));
      });

      it('keeps lines within 100 columns unless a single token or comment is longer', () => {
        for (const l of r.text!.split('\n')) {
          const width = [...l].reduce((w, ch) => w + (/[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFF60]/.test(ch) ? 2 : 1), 0);
          if (width > 100) expect(l, `line too long: ${l}`).toMatch(/#|\/\/|"[^"]{40,}"|\w{60,}/);
        }
      });
    });
  }
});

import { describe, expect, it } from 'vitest';
import { decodeText, firstInvalidUtf8 } from '../../../src/data/index.ts';

const bytes = (...xs: (number | string)[]): Uint8Array =>
  Uint8Array.from(xs.flatMap((x) => (typeof x === 'string' ? [...new TextEncoder().encode(x)] : [x])));

describe('decodeText', () => {
  const ok: { note: string; input: Uint8Array; text: string }[] = [
    { note: 'plain UTF-8', input: bytes('id,name\n1,张三\n'), text: 'id,name\n1,张三\n' },
    { note: 'UTF-8 BOM is removed', input: bytes(0xef, 0xbb, 0xbf, 'id\n1\n'), text: 'id\n1\n' },
    { note: 'a BOM-like char later is kept', input: bytes('a', 0xef, 0xbb, 0xbf), text: 'a\ufeff' },
    { note: '4-byte characters', input: bytes('x,😀\n'), text: 'x,😀\n' },
  ];
  it.each(ok)('$note', ({ input, text }) => {
    const r = decodeText('f.csv', input);
    expect(r.diagnostics).toEqual([]);
    expect(r.text).toBe(text);
  });

  const bad: { note: string; input: Uint8Array; code: string; offset?: number; line?: number }[] = [
    { note: 'GBK bytes of 张三', input: bytes(0xd5, 0xc5, 0xc8, 0xfd), code: 'KPL3008', offset: 0, line: 1 },
    { note: 'GBK after a valid header, on line 2', input: bytes('id,name\n1,', 0xd5, 0xc5, 0xc8, 0xfd, '\n'), code: 'KPL3008', offset: 10, line: 2 },
    { note: 'offset counts the BOM', input: bytes(0xef, 0xbb, 0xbf, 'a', 0xff), code: 'KPL3008', offset: 4, line: 1 },
    { note: 'truncated sequence at end of file', input: bytes('ab', 0xe5, 0xbc), code: 'KPL3008', offset: 2, line: 1 },
    { note: 'overlong encoding', input: bytes('a', 0xc0, 0xaf), code: 'KPL3008', offset: 1, line: 1 },
    { note: 'UTF-16 surrogate', input: bytes(0xed, 0xa0, 0x80), code: 'KPL3008', offset: 0, line: 1 },
    { note: 'empty file', input: bytes(), code: 'KPL3007' },
    { note: 'BOM only', input: bytes(0xef, 0xbb, 0xbf), code: 'KPL3007' },
    { note: 'whitespace only', input: bytes(' \r\n\t\n'), code: 'KPL3007' },
  ];
  it.each(bad)('$note → $code', ({ input, code, offset, line }) => {
    const r = decodeText('f.csv', input);
    expect(r.text).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0]!;
    expect(d.code).toBe(code);
    expect(d.severity).toBe('error');
    expect(d.dataLocation?.file).toBe('f.csv');
    if (offset !== undefined) {
      expect(d.args.offset).toBe(offset);
      expect(d.message).toContain(`byte ${offset}`);
      expect(d.dataLocation?.line).toBe(line);
    }
  });

  it('firstInvalidUtf8 agrees with the fatal TextDecoder on every 2-byte input', () => {
    const dec = new TextDecoder('utf-8', { fatal: true });
    for (let a = 0; a < 256; a++)
      for (let b = 0; b < 256; b += 7) {
        const input = Uint8Array.of(a, b);
        let valid = true;
        try {
          dec.decode(input);
        } catch {
          valid = false;
        }
        expect(firstInvalidUtf8(input) === undefined, `${a},${b}`).toBe(valid);
      }
  });
});

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
    { note: 'UTF-16LE with its BOM', input: bytes(0xff, 0xfe, 0x69, 0, 0x64, 0, 0x0a, 0, 0x20, 0x5f, 0x09, 0x4e, 0x0a, 0), text: 'id\n张三\n' },
    { note: 'UTF-16BE with its BOM', input: bytes(0xfe, 0xff, 0, 0x69, 0, 0x64, 0, 0x0a, 0x5f, 0x20, 0x4e, 0x09, 0, 0x0a), text: 'id\n张三\n' },
  ];
  it.each(ok)('$note', ({ input, text }) => {
    const r = decodeText('f.csv', input);
    expect(r.diagnostics).toEqual([]);
    expect(r.text).toBe(text);
  });

  const bad: { note: string; input: Uint8Array; code: string; offset?: number; line?: number }[] = [
    { note: 'neither UTF-8 nor GB18030', input: bytes(0xff, 0xd5), code: 'KPL3008', offset: 0, line: 1 },
    { note: 'neither, after a valid header, on line 2', input: bytes('id,name\n1,', 0xd5, 0xc5, 0xff, '\n'), code: 'KPL3008', offset: 10, line: 2 },
    { note: 'offset counts the BOM', input: bytes(0xef, 0xbb, 0xbf, 'a', 0xff), code: 'KPL3008', offset: 4, line: 1 },
    { note: 'truncated sequence at end of file (also a truncated GB18030 one)', input: bytes('ab', 0xe5), code: 'KPL3008', offset: 2, line: 1 },
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

  it('GB18030 (GBK) bytes that are not UTF-8 are read as GB18030, with a warning saying so', () => {
    const r = decodeText('f.csv', bytes('id,name\r\n1,', 0xd5, 0xc5, 0xc8, 0xfd, '\r\n'));
    expect(r.text).toBe('id,name\r\n1,张三\r\n');
    expect(r.encoding).toBe('gb18030');
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      ['KPL3030', 'warning', 'f.csv is not UTF-8: read as GB18030 (GBK); if the text looks wrong, name the encoding with --encoding'],
    ]);
  });

  it('a UTF-8 file with a BOM is never guessed to be GB18030', () => {
    expect(decodeText('f.csv', bytes(0xef, 0xbb, 0xbf, 'a', 0xd5, 0xc5)).diagnostics.map((d) => d.code)).toEqual(['KPL3008']);
  });

  it('an encoding can be forced', () => {
    const gbk = bytes(0xd5, 0xc5, 0xc8, 0xfd);
    expect(decodeText('f.csv', gbk, 'GBK')).toEqual({ text: '张三', encoding: 'gb18030', diagnostics: [] });
    expect(decodeText('f.csv', bytes('id,张三'), 'utf-8').text).toBe('id,张三');
    expect(decodeText('f.csv', gbk, 'utf-8').diagnostics.map((d) => d.code)).toEqual(['KPL3008']);
    expect(decodeText('f.csv', bytes(0x69, 0, 0x64, 0), 'utf-16le').text).toBe('id');
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

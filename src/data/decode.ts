/**
 * Turns the bytes of a data file into text. Data files must be UTF-8 (optionally with the BOM
 * Excel writes); anything else, typically GBK from a Chinese-locale spreadsheet, is rejected
 * with the byte offset of the first bad sequence instead of being silently garbled.
 */
import { dataDiag, type Diagnostic } from '../diagnostics/diagnostic.ts';

/** Result of decoding: `text` is present only when there is no diagnostic. */
export interface Decoded {
  readonly text?: string;
  readonly diagnostics: Diagnostic[];
}

/**
 * Decodes a data file as UTF-8.
 * - a leading UTF-8 BOM (EF BB BF) is removed;
 * - invalid UTF-8 gives KPL3008 with `offset` = 0-based byte offset (in `bytes`, BOM included)
 *   of the first invalid sequence, located at its 1-based text line, column 1;
 * - an empty or whitespace-only file gives KPL3007.
 */
export function decodeText(fileName: string, bytes: Uint8Array): Decoded {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes) ?? 0;
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    return { diagnostics: [dataDiag('KPL3008', { file: fileName, offset }, fileName, line, 1)] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { diagnostics: [dataDiag('KPL3007', { file: fileName }, fileName, 1, 1)] };
  return { text, diagnostics: [] };
}

/**
 * 0-based offset of the first byte that starts an invalid UTF-8 sequence (WHATWG rules: no
 * overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence), or undefined.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0;
  const n = bytes.length;
  const cont = (j: number, lo = 0x80, hi = 0xbf): boolean => j < n && bytes[j]! >= lo && bytes[j]! <= hi;
  while (i < n) {
    const b = bytes[i]!;
    let len: number;
    if (b <= 0x7f) len = 1;
    else if (b >= 0xc2 && b <= 0xdf) len = cont(i + 1) ? 2 : 0;
    else if (b === 0xe0) len = cont(i + 1, 0xa0) && cont(i + 2) ? 3 : 0;
    else if (b === 0xed) len = cont(i + 1, 0x80, 0x9f) && cont(i + 2) ? 3 : 0;
    else if (b >= 0xe1 && b <= 0xef) len = cont(i + 1) && cont(i + 2) ? 3 : 0;
    else if (b === 0xf0) len = cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    else if (b >= 0xf1 && b <= 0xf3) len = cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    else if (b === 0xf4) len = cont(i + 1, 0x80, 0x8f) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    else len = 0;
    if (len === 0) return i;
    i += len;
  }
  return undefined;
}

/**
 * Turns the bytes of a data file into text. What Chinese offices export is read without a flag:
 * UTF-8 (with or without the BOM Excel writes), UTF-16 with its BOM (Excel's "Unicode text"), and
 * GB18030/GBK (a Chinese-locale spreadsheet's plain "CSV") when the bytes are not valid UTF-8 —
 * then a warning (KPL3030) says which encoding was assumed. An encoding can be forced
 * (`--encoding`). Bytes that no candidate decodes are refused with the byte offset of the first
 * bad sequence (KPL3008), never silently garbled.
 */
import { dataDiag, type Diagnostic } from '../diagnostics/diagnostic.ts';

/** Result of decoding: `text` is present only when there is no error diagnostic. */
export interface Decoded {
  readonly text?: string;
  /** The encoding the text was read in (`utf-8`, `utf-16le`, `utf-16be`, `gb18030`). */
  readonly encoding?: string;
  readonly diagnostics: Diagnostic[];
}

/** The encodings `--encoding` accepts, by the names people use; each maps to a WHATWG label. */
export const ENCODINGS: Readonly<Record<string, string>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
};

/** The WHATWG label of an encoding name (`GBK`, `utf8`, …), or undefined when it is not supported. */
export function encodingLabel(name: string): string | undefined {
  return ENCODINGS[name.trim().toLowerCase()];
}

/**
 * Decodes a data file.
 * - `encoding` given (a name of {@link ENCODINGS}): the bytes are decoded in it (a BOM of that
 *   encoding is removed); bytes it cannot decode give KPL3008.
 * - Otherwise: a UTF-8 BOM (EF BB BF) means UTF-8; FF FE means UTF-16LE and FE FF UTF-16BE
 *   (the BOM is removed); valid UTF-8 is UTF-8; anything else is tried as GB18030 (a superset of
 *   GBK and GB2312), with the warning KPL3030 naming the encoding assumed.
 * - Bytes not decodable give KPL3008 with `offset` = 0-based byte offset (in `bytes`, BOM
 *   included) of the first invalid UTF-8 sequence, located at its 1-based text line, column 1;
 * - an empty or whitespace-only file gives KPL3007.
 */
export function decodeText(fileName: string, bytes: Uint8Array, encoding?: string): Decoded {
  const diagnostics: Diagnostic[] = [];
  let label: string | undefined;
  let text: string | undefined;
  let tried: string | undefined;
  if (encoding !== undefined) {
    label = encodingLabel(encoding) ?? encoding;
    text = tryDecode(label, bytes);
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    label = 'utf-16le';
    text = tryDecode(label, bytes);
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    label = 'utf-16be';
    text = tryDecode(label, bytes);
  } else {
    label = 'utf-8';
    text = tryDecode(label, bytes);
    if (text === undefined && !(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) {
      text = tryDecode('gb18030', bytes);
      tried = 'UTF-8 / GB18030';
      if (text !== undefined) {
        label = 'gb18030';
        diagnostics.push(dataDiag('KPL3030', { file: fileName, encoding: 'GB18030 (GBK)' }, fileName, 1, 1));
      }
    }
  }
  if (text === undefined) {
    const offset = label === 'utf-8' ? (firstInvalidUtf8(bytes) ?? 0) : 0;
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    return { diagnostics: [dataDiag('KPL3008', { file: fileName, offset, encoding: tried ?? label.toUpperCase() }, fileName, line, 1)] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { diagnostics: [dataDiag('KPL3007', { file: fileName }, fileName, 1, 1)] };
  return { text, encoding: label, diagnostics };
}

function tryDecode(label: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
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

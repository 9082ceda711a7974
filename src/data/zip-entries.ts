/**
 * The entries of a zip archive (an .xlsx workbook is one), read from its central directory, and
 * the text of one entry decompressed piece by piece (fflate's streaming `Inflate`): a sheet of a
 * million rows is never held decompressed, and the entries can be read in any order (a workbook's
 * shared strings come after its sheets in the archive, but are needed first).
 */
import { Inflate } from 'fflate';

export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflated. */
  readonly method: number;
  readonly compressedSize: number;
  /** Offset of the entry's local header. */
  readonly offset: number;
}

/** The entries by name, or why the bytes are not a zip archive this reader can read. */
export function zipEntries(bytes: Uint8Array): Map<string, ZipEntry> | string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number): number => view.getUint16(at, true);
  const u32 = (at: number): number => view.getUint32(at, true);
  // The end-of-central-directory record: the last 22 bytes, or earlier when the archive has a comment.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) return 'the zip archive has no central directory (the file is cut short?)';
  const count = u16(end + 10);
  let at = u32(end + 16);
  if (at === 0xffffffff || count === 0xffff) return 'it is a zip64 archive (over 4 GB), which KPL does not read';
  const names = new TextDecoder();
  const entries = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(at) !== 0x02014b50) return 'the zip archive\'s central directory is damaged';
    const nameLength = u16(at + 28);
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    entries.set(name, { name, method: u16(at + 10), compressedSize: u32(at + 20), offset: u32(at + 42) });
    at += 46 + nameLength + u16(at + 30) + u16(at + 32);
  }
  return entries;
}

/** Compressed bytes handed to the inflater at a time: its output comes in pieces of about ten times that. */
const SLICE = 1 << 16;

/**
 * Calls `onText` with the entry's text (UTF-8) in pieces, in order; a piece may end anywhere, even
 * inside a tag. Throws when the entry is damaged or compressed in a way zip readers rarely meet.
 */
export function entryText(bytes: Uint8Array, entry: ZipEntry, onText: (text: string) => void): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (entry.offset + 30 > bytes.length || view.getUint32(entry.offset, true) !== 0x04034b50) throw new Error(`the zip entry ${entry.name} is damaged`);
  const start = entry.offset + 30 + view.getUint16(entry.offset + 26, true) + view.getUint16(entry.offset + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  const decoder = new TextDecoder('utf-8');
  const emit = (chunk: Uint8Array, final: boolean): void => {
    const text = decoder.decode(chunk, { stream: !final });
    if (text !== '') onText(text);
  };
  if (entry.method === 0) {
    for (let i = 0; i < data.length; i += SLICE) emit(data.subarray(i, i + SLICE), false);
    emit(new Uint8Array(0), true);
    return;
  }
  if (entry.method !== 8) throw new Error(`the zip entry ${entry.name} uses compression method ${entry.method}, not deflate`);
  const inflate = new Inflate(emit);
  for (let i = 0; i < data.length; i += SLICE) inflate.push(data.subarray(i, i + SLICE), i + SLICE >= data.length);
  if (data.length === 0) inflate.push(new Uint8Array(0), true);
}

/** The whole text of an entry (the small parts of a workbook: its list of sheets, relations, styles). */
export function entryWholeText(bytes: Uint8Array, entry: ZipEntry): string {
  const parts: string[] = [];
  entryText(bytes, entry, (t) => parts.push(t));
  return parts.join('');
}

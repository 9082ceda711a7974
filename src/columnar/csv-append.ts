/**
 * Appends the rows a second reader read from the rest of a file (csv-part.ts) to the first
 * reader's table: columns at the larger of the two scales, line numbers shifted to the file's,
 * kept cell texts renumbered, and keys checked for duplicates across the two parts.
 */
import type { FastColumn, FastTable } from './columns.ts';
import type { KeySet } from './key-set.ts';
import type { PartResult } from './csv-part.ts';
import { Irregular } from './csv-bytes.ts';
import { LIM, POW10 } from '../numeric/scaled.ts';

export function appendPart(first: FastTable, part: PartResult, lineShift: number, keys: KeySet): FastTable {
  const second = part.table;
  const na = first.size;
  const n = na + second.size;
  if (n === 0) throw new Irregular('no data rows');
  keys.reserve(n);
  const keyList = first.keys;
  for (let i = 0; i < second.size; i++) {
    const k = second.keys[i]!;
    if (!keys.add(k, part.hashes[i]!)) throw new Irregular('a duplicate key');
    keyList.push(k);
  }
  const columns = new Map<string, FastColumn>();
  for (const [name, a] of first.columns) columns.set(name, appendColumn(a, second.columns.get(name)!, na, n));
  const lines = new Int32Array(n);
  lines.set(first.lines);
  for (let i = 0; i < second.size; i++) lines[na + i] = second.lines[i]! + lineShift;
  let raw = first.raw;
  if (second.raw?.size) {
    raw ??= new Map();
    for (const [col, m] of second.raw) {
      let to = raw.get(col);
      if (!to) raw.set(col, (to = new Map()));
      for (const [i, t] of m) to.set(na + i, t);
    }
  }
  return { input: first.input, file: first.file, size: n, columns, keys: keyList, lines, ...(raw?.size ? { raw } : {}) };
}

function appendColumn(a: FastColumn, b: FastColumn, na: number, n: number): FastColumn {
  if (a.kind === 'num' && b.kind === 'num') {
    const D = Math.max(a.scale, b.scale);
    // The first reader reserved room for every row: its buffer is reused when it is large enough.
    const buf = a.data.buffer;
    const data = a.data.byteOffset === 0 && buf.byteLength >= n * 8 ? new Float64Array(buf, 0, n) : new Float64Array(n);
    rescaleInto(data, 0, a.data, D - a.scale);
    rescaleInto(data, na, b.data, D - b.scale);
    return { kind: 'num', data, scale: D };
  }
  if (a.kind === 'bool' && b.kind === 'bool') {
    const buf = a.data.buffer;
    const data = a.data.byteOffset === 0 && buf.byteLength >= n ? new Uint8Array(buf, 0, n) : new Uint8Array(n);
    if (data.buffer !== buf) data.set(a.data);
    data.set(b.data, na);
    return { kind: 'bool', data };
  }
  if (a.kind === 'str' && b.kind === 'str') {
    const data = a.data;
    for (let i = 0; i < b.data.length; i++) data.push(b.data[i]!);
    return { kind: 'str', data };
  }
  throw new Error(`csv-append: columns of different kinds (${a.kind}, ${b.kind})`);
}

/** Copies src to dst at `at`, multiplied by 10^k (exactly: the result must stay below 2^53). */
function rescaleInto(dst: Float64Array, at: number, src: Float64Array, k: number): void {
  if (k === 0) {
    if (dst.buffer !== src.buffer || at !== src.byteOffset / 8) dst.set(src, at);
    return;
  }
  const f = POW10[k]!;
  for (let i = 0; i < src.length; i++) {
    const v = src[i]! * f;
    if (!(Math.abs(v) < LIM) && v === v) throw new Irregular('a value is too large for exact arithmetic in doubles');
    dst[at + i] = v;
  }
}

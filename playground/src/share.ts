/**
 * Share links and saved work. A link keeps the whole state in the URL fragment (never sent to any
 * server): `#f=<format>&c=<compiler>&z=<deflate+base64url JSON>`. The format and compiler
 * versions are readable in the link itself; data is included only when the author asks for it.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';

export const FORMAT_VERSION = 1;

export interface DataSlot {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly origin: 'example' | 'upload' | 'paste' | 'generated';
}

export interface Baseline {
  readonly source: string;
  /** What was pinned: the example as loaded, or the text at a moment. */
  readonly label: 'example' | 'moment';
  readonly at: number;
}

/** What is shared and saved. */
export interface Snapshot {
  readonly source: string;
  readonly exampleId?: string;
  /** Present when the data travels with the snapshot; else the example's own data is used. */
  readonly data?: Record<string, DataSlot>;
  /**
   * Without `data`: whether the author's data was the example's own (`example`: the link means
   * that data) or was left out of the link (`withheld`: the opener's data, or nothing, is used —
   * and they are told so). Links made before this field count as `withheld`.
   */
  readonly dataFrom?: 'example' | 'withheld';
  readonly baseline?: Baseline;
  readonly lang?: 'zh' | 'en';
}

interface Wire {
  f: number;
  c: string;
  s: string;
  e?: string;
  d?: Record<string, { n: string; o: DataSlot['origin']; t?: string; b?: string }>;
  b?: { s: string; l: Baseline['label']; a: number };
  l?: 'zh' | 'en';
  n?: 'example' | 'withheld';
}

function b64url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
function unb64url(s: string): Uint8Array {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function utf8OrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function toWire(s: Snapshot, compiler: string): Wire {
  const w: Wire = { f: FORMAT_VERSION, c: compiler, s: s.source };
  if (s.exampleId) w.e = s.exampleId;
  if (s.data) {
    w.d = {};
    for (const [table, slot] of Object.entries(s.data)) {
      const t = utf8OrUndefined(slot.bytes);
      w.d[table] = { n: slot.fileName, o: slot.origin, ...(t !== undefined ? { t } : { b: b64url(slot.bytes) }) };
    }
  }
  if (s.baseline) w.b = { s: s.baseline.source, l: s.baseline.label, a: s.baseline.at };
  if (s.lang) w.l = s.lang;
  if (!s.data) w.n = s.dataFrom ?? 'withheld';
  return w;
}

function fromWire(w: Wire): Snapshot {
  if (typeof w.s !== 'string') throw new Error('no policy text');
  let data: Record<string, DataSlot> | undefined;
  if (w.d) {
    data = {};
    for (const [table, d] of Object.entries(w.d)) {
      data[table] = { fileName: d.n, origin: d.o ?? 'paste', bytes: d.t !== undefined ? new TextEncoder().encode(d.t) : unb64url(d.b ?? '') };
    }
  }
  return {
    source: w.s,
    ...(w.e ? { exampleId: w.e } : {}),
    ...(data ? { data } : { dataFrom: w.n === 'example' ? ('example' as const) : ('withheld' as const) }),
    ...(w.b ? { baseline: { source: w.b.s, label: w.b.l, at: w.b.a } } : {}),
    ...(w.l ? { lang: w.l } : {}),
  };
}

/** The fragment of a share link (starting with `#`). */
export function encodeShare(s: Snapshot, compiler: string): string {
  const w = toWire(s, compiler);
  const z = b64url(deflateSync(strToU8(JSON.stringify(w)), { level: 9 }));
  return `#f=${FORMAT_VERSION}&c=${encodeURIComponent(compiler)}&z=${z}`;
}

export type Decoded = { snapshot: Snapshot; format: number; compiler: string } | { error: 'format' | 'corrupt'; format?: number; compiler?: string };

export function decodeShare(hash: string): Decoded | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const z = params.get('z');
  if (!z) return undefined;
  const format = Number(params.get('f') ?? '0');
  const compiler = params.get('c') ?? '';
  if (format > FORMAT_VERSION || !Number.isInteger(format) || format < 1) return { error: 'format', format, compiler };
  try {
    const w = JSON.parse(strFromU8(inflateSync(unb64url(z)))) as Wire;
    return { snapshot: fromWire(w), format, compiler: w.c ?? compiler };
  } catch {
    return { error: 'corrupt', format, compiler };
  }
}

/**
 * Saved work: the same wire format, uncompressed, in localStorage. The data (megabytes for a
 * generated population) is kept under a key of its own and written only when it changed, so the
 * save after each edit writes the policy text alone.
 */
const KEY = 'kpl-playground/v1';
const DATA_KEY = 'kpl-playground/v1/data';

/** The data last saved, by identity (the app replaces its data record on every change), and whether it fitted. */
let saved: { data: Record<string, DataSlot> | undefined; fitted: boolean } | undefined;

export function saveLocal(storage: Storage, s: Snapshot, compiler: string, extra: Record<string, unknown>): boolean {
  const { d: _, ...rest } = toWire({ ...s, data: undefined } as Snapshot, compiler);
  try {
    if (saved?.data !== s.data || !saved) {
      saved = undefined;
      try {
        if (s.data) storage.setItem(DATA_KEY, JSON.stringify(toWire(s, compiler).d ?? {}));
        else storage.removeItem(DATA_KEY);
        saved = { data: s.data, fitted: true };
      } catch {
        // Too large (a big generated population): keep the policy, drop the data.
        storage.removeItem(DATA_KEY);
        saved = { data: s.data, fitted: false };
      }
    }
    if (s.data && saved.fitted) storage.setItem(KEY, JSON.stringify({ ...rest, n: undefined, ds: 1, x: extra }));
    else storage.setItem(KEY, JSON.stringify({ ...rest, x: s.data ? { ...extra, dataDropped: true } : extra }));
    return saved.fitted;
  } catch {
    return false; // storage unavailable
  }
}

export function loadLocal(storage: Storage): { snapshot: Snapshot; extra: Record<string, unknown> } | undefined {
  try {
    const raw = storage.getItem(KEY);
    if (!raw) return undefined;
    const w = JSON.parse(raw) as Wire & { x?: Record<string, unknown>; ds?: number };
    // Saved with its data apart (`ds`); saves made before that carry `d` themselves.
    if (w.ds && !w.d) {
      const data = storage.getItem(DATA_KEY);
      if (data) w.d = JSON.parse(data) as Wire['d'];
      else w.n = 'withheld';
    }
    return { snapshot: fromWire(w), extra: w.x ?? {} };
  } catch {
    return undefined;
  }
}

export function clearLocal(storage: Storage): void {
  storage.removeItem(KEY);
  storage.removeItem(DATA_KEY);
  saved = undefined;
}

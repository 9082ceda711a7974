/**
 * A columnar CSV reader for the fast engine: bytes in, typed columns out, with no per-row objects.
 *
 * It reads what src/data reads (RFC 4180 as csv-parse is configured in csv-read.ts: quotes,
 * doubled quotes, embedded commas and line breaks, CRLF / CR / LF, spaces around unquoted fields
 * trimmed, blank records skipped) and validates every cell as convert-cell.ts does, including the
 * columns the policy does not read. It handles regular files only: anything src/data would report
 * (a malformed quote, a bad cell, a duplicate key, a wrong field count, a missing column) or that
 * it cannot represent exactly raises `Irregular`, and the caller loads the data with src/data
 * instead, which gives the exact diagnostics. Unusual-but-valid cells (non-ASCII whitespace, `％`)
 * are converted by convert-cell.ts itself, so the two readers cannot disagree on a value.
 */
import type { Column, InputTable } from '../plan/schema.ts';
import type { Value } from '../data/value.ts';
import { dataDiag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { convertCell } from '../data/convert-cell.ts';
import { fieldText } from '../data/csv-read.ts';
import { keyText } from '../data/key-text.ts';
import { headerOf } from '../data/header.ts';
import { Decimal } from '../numeric/decimal.ts';
import { kindOf, type FastColumn, type FastTable } from './columns.ts';
import { fmtNorm, LIM, MAX_SCALE, POW10 } from '../numeric/scaled.ts';
import { KeySet } from './key-set.ts';
import { blankBytes, boundsOf, EMPTY, inBounds, Irregular, isSpace, OK, parseBoolBytes, parseNumberBytes, PARSED, SLOW, wsBefore, wsLength, type Bound } from './csv-bytes.ts';

export { Irregular, blankBytes };

const QUOTED = 1;
const ESCAPED = 2; // contains a doubled quote
const HAS_CR = 4; // quoted content with a carriage return
const NON_ASCII = 8;

type Decode = (bytes: Uint8Array, start: number, end: number) => string;

const utf8 = new TextDecoder('utf-8');
/** UTF-8 text of a byte range (Node's Buffer slice when available: faster for short fields). */
export const defaultDecode: Decode = (b, s, e) => {
  const x = b as Uint8Array & { utf8Slice?: (s: number, e: number) => string };
  return typeof x.utf8Slice === 'function' ? x.utf8Slice(s, e) : utf8.decode(b.subarray(s, e));
};

/**
 * Numbers are stored at the column's scale so far (D): a cell with more decimals rescales what is
 * already stored (rare: the scale settles within the first rows), so no second pass is needed.
 */
interface NumBuilder {
  kind: 'num';
  n: Float64Array;
  D: number;
}
interface BoolBuilder {
  kind: 'bool';
  b: Uint8Array;
}
interface StrBuilder {
  kind: 'str';
  s: (string | null)[];
  intern: Map<string, string> | undefined;
}
type Builder = NumBuilder | BoolBuilder | StrBuilder;

/** How a column's cells are read in the common case (anything unusual takes the general path). */
const M_NUM = 1;
const M_BOOL = 2;
const M_TEXT_SKIP = 3;
const M_GENERAL = 4;

/** How a column's cells are read by the one-pass path for plain records (fastRow). */
const F_NUM = 1;
const F_BOOL = 2;
const F_SKIP = 3;
const F_TEXT = 4;
const F_CELL = 5;

interface ColPlan {
  readonly column: Column;
  readonly pos: number;
  readonly kind: 'num' | 'bool' | 'str';
  readonly keep: boolean;
  readonly raw: boolean;
  readonly mode: number;
  readonly fast: number;
  readonly isKey: boolean;
  /** The cell's key text is needed (the table's key, or a reference to a lookup table). */
  readonly keyed: boolean;
  readonly optional: boolean;
  readonly integer: boolean;
  readonly percent: boolean;
  /** Range bounds as scaled integers. */
  readonly bounds: { min?: Bound; max?: Bound } | undefined;
  builder: Builder | undefined;
  /** Text or category (read without convert-cell.ts in the common case). */
  readonly plainText: boolean;
  /** The allowed values of a category column. */
  readonly allowed: Set<string> | undefined;
  /** Strings already decoded, by a hash of their bytes (low-cardinality columns reuse them). */
  interned: Map<number, { b: Uint8Array; s: string }[]> | undefined;
  internCount: number;
  /** Cells looked up in `interned` so far. */
  internSeen: number;
  /** The builder's arrays, for the common path (kept in step by grow()). */
  nArr: Float64Array | undefined;
  bArr: Uint8Array | undefined;
}

export interface CsvReadOptions {
  readonly input: InputTable;
  readonly fileName: string;
  /** Columns to keep (others are validated, then dropped). */
  readonly keep: ReadonlySet<string>;
  /** Columns whose cell text is needed where it differs from the value's text. */
  readonly raw?: ReadonlySet<string>;
  readonly decode?: Decode;
  /** Keys of each lookup table a `references` column must name (by table name). */
  readonly references?: ReadonlyMap<string, { has(key: string): boolean }>;
  /** false: duplicate keys are left to whoever merges this reader's rows with others (csv-append.ts). */
  readonly checkKeys?: boolean;
  /** Whether bytes are valid UTF-8 (each parsed range is checked; src/data rejects the file otherwise). */
  readonly validUtf8?: (bytes: Uint8Array) => boolean;
}

/**
 * Reads one table. Feed it bytes with `push` (any block boundaries; the whole file at once is
 * fine), call `end()`, then `take()` the rows read so far as a table (repeatedly, for streaming).
 */
export class CsvColumnReader {
  /** KPL3014 warnings for undeclared columns (once the header is read). */
  readonly warnings: Diagnostic[] = [];
  private readonly decode: Decode;
  private cols: ColPlan[] = [];
  private header: string[] | undefined;
  private headerLine = 0;
  private width = 0;
  private keyPos = -1;
  private keyCol: Column | undefined;
  private lineNo = 1;
  private pending: Uint8Array | undefined;
  private first = true;
  // current chunk
  private size = 0;
  private cap = 0;
  private lines = new Int32Array(0);
  private keys: (string | undefined)[] = [];
  private raw = new Map<string, Map<number, string>>();
  /** Rows read before the current chunk (people are numbered across chunks). */
  private base = 0;
  private readonly seenKeys = new KeySet();
  // per-record field boundaries
  private fs: Int32Array = new Int32Array(64);
  private fe: Int32Array = new Int32Array(64);
  private ff = new Uint8Array(64);
  private nf = 0;
  /** The declared column at each position of the header (undefined: not declared). */
  private byPos: (ColPlan | undefined)[] = [];

  constructor(private readonly opts: CsvReadOptions) {
    this.decode = opts.decode ?? defaultDecode;
  }

  /** Rows read so far in total. */
  get rows(): number {
    return this.base + this.size;
  }

  /** Rows read since the last take. */
  get buffered(): number {
    return this.size;
  }

  /** Parses the complete records of `bytes` (after what was left over from the previous call). */
  push(bytes: Uint8Array): void {
    let buf = bytes;
    if (this.pending) {
      const joined = new Uint8Array(this.pending.length + bytes.length);
      joined.set(this.pending, 0);
      joined.set(bytes, this.pending.length);
      buf = asBuffer(joined);
      this.pending = undefined;
    }
    const used = this.parse(buf, false);
    this.checkUtf8(buf, used);
    // A copy: the caller may reuse its buffer for the next block.
    if (used < buf.length) this.pending = new Uint8Array(buf.subarray(used));
  }

  private checkUtf8(buf: Uint8Array, end: number): void {
    if (this.opts.validUtf8 && end > 0 && !this.opts.validUtf8(buf.subarray(0, end))) throw new Irregular('not valid UTF-8');
  }

  /** Parses what is left; the file ends here (`part`: the rest of a file another reader began, which may have no rows). */
  end(part = false): void {
    const buf = this.pending ?? new Uint8Array(0);
    this.pending = undefined;
    const b = asBuffer(buf);
    this.checkUtf8(b, this.parse(b, true));
    if (!this.header) throw new Irregular('no header');
    if (this.rows === 0 && !part) throw new Irregular('no data rows');
  }

  /** Whether the header has been read. */
  get hasHeader(): boolean {
    return this.header !== undefined;
  }

  /** The line the next record starts on. */
  get line(): number {
    return this.lineNo;
  }

  /** Whether nothing is waiting for more bytes (the bytes pushed ended at a record boundary). */
  get atBoundary(): boolean {
    return this.pending === undefined;
  }

  /** The keys read so far, for duplicates found when another reader's rows are appended. */
  get keySet(): KeySet {
    return this.seenKeys;
  }

  /** The rows read since the last take, as a table. */
  take(): FastTable {
    const n = this.size;
    const columns = new Map<string, FastColumn>();
    for (const c of this.cols) {
      const b = c.builder;
      if (!b) continue;
      if (b.kind === 'num') {
        // The scale never decreases across chunks (similar chunks share compiled code).
        columns.set(c.column.name, { kind: 'num', data: b.n.subarray(0, n), scale: b.D });
        b.n = new Float64Array(0);
      } else if (b.kind === 'bool') {
        columns.set(c.column.name, { kind: 'bool', data: b.b.subarray(0, n) });
        b.b = new Uint8Array(0);
      } else {
        b.s.length = n;
        columns.set(c.column.name, { kind: 'str', data: b.s });
        b.s = [];
      }
    }
    const table: FastTable = {
      input: this.opts.input,
      file: this.opts.fileName,
      size: n,
      columns,
      keys: this.keys,
      lines: this.lines.subarray(0, n),
      ...(this.raw.size ? { raw: this.raw } : {}),
    };
    // The arrays went with the table: the next rows get new ones.
    this.lines = new Int32Array(0);
    this.cap = 0;
    for (const c of this.cols) {
      c.nArr = undefined;
      c.bArr = undefined;
    }
    this.base += n;
    this.size = 0;
    this.keys = [];
    this.raw = new Map();
    return table;
  }

  /** Makes room for about `rows` rows at once (a guess from the file size saves regrowing). */
  reserve(rows: number): void {
    while (this.cap < rows) this.grow(Math.max(rows, 1024));
  }

  // ── records ──────────────────────────────────────────────────────────
  /** Parses complete records from buf; returns the offset after the last complete one. */
  private parse(buf: Uint8Array, eof: boolean): number {
    let pos = 0;
    const end = buf.length;
    if (this.first) {
      if (end < 3 && !eof) return 0;
      if (end >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
      this.first = false;
    }
    while (pos < end) {
      if (this.header) {
        const next = this.fastRow(buf, pos, end);
        if (next >= 0) {
          pos = next;
          continue;
        }
      }
      const start = pos;
      const startLine = this.lineNo;
      const next = this.record(buf, pos, end, eof);
      if (next < 0) {
        this.lineNo = startLine;
        return start;
      }
      pos = next;
      this.handle(buf, startLine);
    }
    return pos;
  }

  /**
   * Reads one plain record in a single pass — no quotes, every field converted as it is found —
   * and returns the offset after its line end, or -1 to leave the record to record() and handle()
   * (a quote, a lone CR, a different field count, a record that may be blank, or the end of buf).
   * Unusual cells go through cell() as in row(), so the two paths store the same values and find
   * the same problems; cells stored before a -1 are overwritten when the record is read again.
   */
  private fastRow(buf: Uint8Array, pos: number, end: number): number {
    // A record whose first field starts with a visible ASCII character is not blank.
    const c0 = buf[pos]!;
    if (c0 <= 32 || c0 >= 127 || c0 === 34 || c0 === 44) return -1;
    if (this.size === this.cap) this.grow();
    const i = this.size;
    const byPos = this.byPos;
    const width = this.width;
    let key: string | undefined;
    let b = 0;
    for (let k = 0; ; k++) {
      const c = byPos[k];
      const s = pos;
      let hi = 0;
      let done = false;
      if (c !== undefined && c.fast === F_NUM) {
        // A plain decimal, parsed while scanning (any other form: cell()).
        let num = 0;
        let sig = 0;
        let frac = -1;
        let lastNZ = 0;
        let neg = false;
        b = buf[pos]!;
        if (b === 45 || b === 43) {
          neg = b === 45;
          pos++;
        }
        const ds = pos;
        for (;;) {
          if (pos >= end) return -1;
          b = buf[pos]!;
          const v = b - 48;
          if (v >= 0 && v <= 9) {
            num = num * 10 + v;
            if (sig !== 0 || v !== 0) sig++;
            if (frac >= 0) {
              frac++;
              if (v !== 0) lastNZ = frac;
            }
            pos++;
          } else if (b === 46 && frac < 0) {
            frac = 0;
            pos++;
          } else break;
        }
        if ((b === 44 || b === 10 || b === 13) && !c.raw && sig <= 15 && lastNZ <= MAX_SCALE && pos > ds && (frac !== 0 || pos - ds > 1)) {
          if (frac > lastNZ) num = num / POW10[frac - lastNZ]!;
          const n = neg && num !== 0 ? -num : num;
          const d = frac > 0 ? lastNZ : 0;
          if (c.integer && d > 0) throw new Irregular('not a whole number');
          if (c.bounds !== undefined && !inBounds(n, d, c.bounds)) throw new Irregular('out of range');
          putNum(c, i, n, d);
          done = true;
        }
        // Not a plain decimal: the rest of the field is scanned below and converted by cell().
      }
      if (!done) {
        while (pos < end) {
          b = buf[pos]!;
          if (b === 44 || b === 10 || b === 13 || b === 34) break;
          hi |= b;
          pos++;
        }
        if (pos >= end || b === 34) return -1;
        if (c !== undefined) {
          const f = c.fast;
          if (f === F_SKIP) {
            if (!c.optional && blankBytes(buf, s, pos)) throw new Irregular('a required value is empty');
          } else if (f === F_BOOL && hi < 128 && !c.raw) {
            const v = parseBoolBytes(buf, s, pos);
            if (v === 0 || v === 1) {
              if (c.bArr !== undefined) c.bArr[i] = v;
            } else this.slowCell(buf, c, k, s, pos, hi, i);
          } else if (f === F_TEXT && pos > s && wsLength(buf, s, pos) === 0 && wsBefore(buf, s, pos) === 0) {
            const str = this.text(c, buf, s, pos);
            if (c.allowed && !c.allowed.has(str)) throw new Irregular('not one of the categories');
            if (c.builder) (c.builder as StrBuilder).s[i] = str;
            if (c.isKey) key = str;
          } else {
            const v = this.slowCell(buf, c, k, s, pos, hi, i);
            if (c.isKey) key = v;
          }
        }
      }
      if (b === 44) {
        if (k + 1 >= width) return -1;
        pos++;
        continue;
      }
      if (k + 1 !== width) return -1;
      if (b === 13) {
        if (pos + 1 >= end || buf[pos + 1] !== 10) return -1;
        pos += 2;
      } else pos++;
      break;
    }
    this.lines[i] = this.lineNo++;
    this.addRow(key);
    return pos;
  }

  /** A cell of fastRow the general path converts: the field as record() gives it, then cell(). */
  private slowCell(buf: Uint8Array, c: ColPlan, k: number, s: number, e: number, hi: number, i: number): string | undefined {
    while (s < e && (buf[s] === 32 || buf[s] === 9 || buf[s] === 12)) s++;
    while (e > s && (buf[e - 1] === 32 || buf[e - 1] === 9 || buf[e - 1] === 11 || buf[e - 1] === 12)) e--;
    this.fs[k] = s;
    this.fe[k] = e;
    this.ff[k] = hi >= 128 ? NON_ASCII : 0;
    const v = this.cell(buf, c, i);
    const ref = c.column.references === undefined ? undefined : this.opts.references?.get(c.column.references);
    if (ref && v !== undefined && !ref.has(v)) throw new Irregular(`no ${c.column.references} row has the key`);
    return v;
  }

  /**
   * Splits one record starting at pos into fields (this.fs/fe/ff); returns the offset after its
   * line break, or -1 when the record is not complete in buf.
   */
  private record(buf: Uint8Array, pos: number, end: number, eof: boolean): number {
    this.nf = 0;
    for (;;) {
      // Spaces, tabs and form feeds before a field are dropped.
      while (pos < end && (buf[pos] === 32 || buf[pos] === 9 || buf[pos] === 12)) pos++;
      if (pos >= end) {
        if (!eof) return -1;
        this.field(pos, pos, 0);
        return pos;
      }
      let c = buf[pos]!;
      if (c === 34) {
        let flags = QUOTED;
        const s = ++pos;
        for (;;) {
          while (pos < end && buf[pos] !== 34) {
            const b = buf[pos]!;
            if (b === 10) this.lineNo++;
            else if (b === 13) {
              flags |= HAS_CR;
              if (buf[pos + 1] !== 10) this.lineNo++;
            } else if (b >= 128) flags |= NON_ASCII;
            pos++;
          }
          if (pos >= end) {
            if (!eof) return -1;
            throw new Irregular('a quoted field is not closed');
          }
          if (pos + 1 >= end && !eof) return -1;
          if (buf[pos + 1] === 34) {
            flags |= ESCAPED;
            pos += 2;
            continue;
          }
          break;
        }
        const e = pos++;
        while (pos < end && (buf[pos] === 32 || buf[pos] === 9 || buf[pos] === 12)) pos++;
        if (pos >= end) {
          if (!eof) return -1;
          this.field(s, e, flags);
          return pos;
        }
        c = buf[pos]!;
        this.field(s, e, flags);
        if (c === 44) {
          pos++;
          continue;
        }
        if (c === 10 || c === 13) return this.lineEnd(buf, pos, end, eof);
        throw new Irregular('text after a closing quote');
      }
      const s = pos;
      let flags = 0;
      while (pos < end) {
        c = buf[pos]!;
        if (c === 44 || c === 10 || c === 13) break;
        if (c === 34) throw new Irregular('a quote inside an unquoted field');
        if (c >= 128) flags |= NON_ASCII;
        pos++;
      }
      if (pos >= end && !eof) return -1;
      // Trailing whitespace of an unquoted field is dropped (Unicode spaces too: see cellText).
      let e = pos;
      while (e > s && (buf[e - 1] === 32 || buf[e - 1] === 9 || buf[e - 1] === 11 || buf[e - 1] === 12)) e--;
      this.field(s, e, flags);
      if (pos >= end) return pos;
      if (c === 44) {
        pos++;
        continue;
      }
      return this.lineEnd(buf, pos, end, eof);
    }
  }

  private lineEnd(buf: Uint8Array, pos: number, end: number, eof: boolean): number {
    if (buf[pos] === 13) {
      if (pos + 1 >= end && !eof) return -1;
      pos += buf[pos + 1] === 10 ? 2 : 1;
    } else pos++;
    this.lineNo++;
    return pos;
  }

  private field(s: number, e: number, flags: number): void {
    const k = this.nf++;
    if (k >= this.fs.length) {
      const grow = (a: Int32Array): Int32Array => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.fs = grow(this.fs);
      this.fe = grow(this.fe);
      const f = new Uint8Array(this.ff.length * 2);
      f.set(this.ff);
      this.ff = f;
    }
    this.fs[k] = s;
    this.fe[k] = e;
    this.ff[k] = flags;
  }

  /**
   * The text of field k as csv-read.ts gives it (quotes undone, line ends normalised): its
   * `fieldText` — a quoted field exactly, an unquoted one trimmed (record() dropped the ASCII
   * spaces already; Unicode ones go here).
   */
  private cellText(buf: Uint8Array, k: number): string {
    const flags = this.ff[k]!;
    let t = this.decode(buf, this.fs[k]!, this.fe[k]!);
    if (flags & ESCAPED) t = t.replaceAll('""', '"');
    if (flags & HAS_CR) t = t.replace(/\r\n?/g, '\n');
    return flags & NON_ASCII ? fieldText(t, (flags & QUOTED) !== 0) : t;
  }

  /** Whether field k is blank (what `text.trim() === ''` says). */
  private blank(buf: Uint8Array, k: number): boolean {
    return blankBytes(buf, this.fs[k]!, this.fe[k]!);
  }

  private handle(buf: Uint8Array, line: number): void {
    let blank = true;
    for (let k = 0; k < this.nf; k++) {
      if (!this.blank(buf, k)) {
        blank = false;
        break;
      }
    }
    if (blank) return;
    if (!this.header) {
      this.readHeader(buf, line);
      return;
    }
    if (this.nf !== this.width) throw new Irregular('a row with a different number of fields than the header');
    this.row(buf, line);
  }

  private readHeader(buf: Uint8Array, line: number): void {
    const names: string[] = [];
    for (let k = 0; k < this.nf; k++) names.push(this.cellText(buf, k));
    const input = this.opts.input;
    const index = new Map<string, number>();
    names.forEach((name, i) => {
      if (index.has(name)) throw new Irregular('a column named twice in the header');
      index.set(name, i);
    });
    const declared = new Set(input.columns.map(headerOf));
    for (const c of input.columns) if (!index.has(headerOf(c))) throw new Irregular(`missing column ${headerOf(c)}`);
    const warned = new Set<string>();
    names.forEach((name, i) => {
      if (declared.has(name) || warned.has(name)) return;
      warned.add(name);
      this.warnings.push(dataDiag('KPL3014', { column: name, table: input.name }, this.opts.fileName, line, i + 1));
    });
    this.header = names;
    this.headerLine = line;
    this.width = names.length;
    const keyName = input.role === 'related' ? input.by : input.key;
    this.cols = input.columns.map((column): ColPlan => {
      const kind = kindOf(column.type);
      const keep = this.opts.keep.has(column.name);
      const raw = this.opts.raw?.has(column.name) ?? false;
      const keyed = column.name === keyName || column.references !== undefined;
      const mode = kind === 'num' ? M_NUM : kind === 'bool' ? M_BOOL : !keep && column.type === 'text' && !raw && !keyed ? M_TEXT_SKIP : M_GENERAL;
      const builder: Builder | undefined = keep ? (kind === 'num' ? { kind, n: new Float64Array(0), D: 0 } : kind === 'bool' ? { kind, b: new Uint8Array(0) } : { kind, s: [], intern: new Map() }) : undefined;
      const plainText = column.type === 'text' || column.type === 'category';
      const allowed = column.type === 'category' && column.values ? new Set(column.values) : undefined;
      const fast = mode === M_TEXT_SKIP ? F_SKIP : keyed ? (plainText && column.references === undefined ? F_TEXT : F_CELL) : kind === 'num' ? F_NUM : kind === 'bool' ? F_BOOL : plainText ? F_TEXT : F_CELL;
      return { column, pos: index.get(headerOf(column))!, kind, keep, raw, mode, fast, isKey: column.name === keyName, keyed, optional: column.optional, integer: column.type === 'integer', percent: column.type === 'percent', bounds: kind === 'num' ? boundsOf(column) : undefined, builder, plainText, allowed, interned: new Map(), internCount: 0, internSeen: 0, nArr: undefined, bArr: undefined };
    });
    this.keyPos = keyName === undefined ? -1 : this.cols.findIndex((c) => c.column.name === keyName);
    this.keyCol = this.keyPos >= 0 ? this.cols[this.keyPos]!.column : undefined;
    this.byPos = names.map(() => undefined);
    for (const c of this.cols) this.byPos[c.pos] = c;
  }

  private grow(to?: number): void {
    const cap = Math.max(1024, this.cap * 2, to ?? 0);
    const lines = new Int32Array(cap);
    lines.set(this.lines);
    this.lines = lines;
    for (const c of this.cols) {
      const b = c.builder;
      if (!b) continue;
      if (b.kind === 'num') {
        const n = new Float64Array(cap);
        n.set(b.n);
        b.n = n;
        c.nArr = n;
      } else if (b.kind === 'bool') {
        const x = new Uint8Array(cap);
        x.set(b.b);
        b.b = x;
        c.bArr = x;
      }
    }
    this.cap = cap;
  }

  private row(buf: Uint8Array, line: number): void {
    if (this.size === this.cap) this.grow();
    const i = this.size;
    this.lines[i] = line;
    let key: string | undefined;
    const cols = this.cols;
    const fs = this.fs;
    const fe = this.fe;
    const ff = this.ff;
    for (let ci = 0; ci < cols.length; ci++) {
      const c = cols[ci]!;
      const k = c.pos;
      const flags = ff[k]!;
      // The common cases, inline; everything else through cell() and convert-cell.ts.
      if (c.mode === M_TEXT_SKIP) {
        // A text column nobody reads: only a required one that is blank is a problem.
        if (!c.optional && blankBytes(buf, fs[k]!, fe[k]!)) throw new Irregular('a required value is empty');
        continue;
      }
      if (!c.keyed && (flags & (NON_ASCII | ESCAPED)) === 0) {
        if (c.mode === M_NUM) {
          const r = parseNumberBytes(buf, fs[k]!, fe[k]!, c.percent);
          const parsedN = PARSED[0]!;
          const parsedD = PARSED[1]!;
          if (r === OK) {
            if (c.integer && parsedD > 0) throw new Irregular('not a whole number');
            if (c.bounds !== undefined && !inBounds(parsedN, parsedD, c.bounds)) throw new Irregular('out of range');
            putNum(c, i, parsedN, parsedD);
            if (!c.raw) continue;
          }
        } else if (c.mode === M_BOOL && !c.raw) {
          const b = parseBoolBytes(buf, fs[k]!, fe[k]!);
          if (b === 0 || b === 1) {
            if (c.bArr !== undefined) c.bArr[i] = b;
            continue;
          }
        }
      }
      const v = this.cell(buf, c, i);
      if (ci === this.keyPos) key = v;
      const ref = c.column.references === undefined ? undefined : this.opts.references?.get(c.column.references);
      if (ref && v !== undefined && !ref.has(v)) throw new Irregular(`no ${c.column.references} row has the key`);
    }
    this.addRow(key);
  }

  /** Counts the row being read (its cells stored), checking its key is new. */
  private addRow(key: string | undefined): void {
    const role = this.opts.input.role;
    if (role !== 'related' && key !== undefined && this.opts.checkKeys !== false) {
      if (!this.seenKeys.add(key)) throw new Irregular('a duplicate key');
    }
    this.keys.push(role === 'population' ? (key ?? `#${this.base + this.size + 1}`) : key);
    this.size++;
  }

  /**
   * Validates and stores one cell; returns its key text when the column is the table's key
   * (undefined when empty).
   */
  private cell(buf: Uint8Array, c: ColPlan, i: number): string | undefined {
    const k = c.pos;
    const s = this.fs[k]!;
    const e = this.fe[k]!;
    const flags = this.ff[k]!;
    const column = c.column;
    if (c.kind === 'num' && !(flags & (NON_ASCII | ESCAPED))) {
      const r = parseNumberBytes(buf, s, e, c.percent);
      if (r === EMPTY) {
        if (!column.optional) throw new Irregular('a required value is empty');
        if (c.builder) store(c.builder as NumBuilder, i, NaN, 0);
        return undefined;
      }
      if (r !== SLOW) {
        const parsedN = PARSED[0]!;
        const parsedD = PARSED[1]!;
        if (column.type === 'integer' && parsedD > 0) throw new Irregular('not a whole number');
        if (c.bounds && !inBounds(parsedN, parsedD, c.bounds)) throw new Irregular('out of range');
        if (c.builder) store(c.builder as NumBuilder, i, parsedN, parsedD);
        if (c.raw) this.keepRaw(buf, c, k, i, fmtNorm(parsedN, parsedD));
        return column === this.keyCol || column.references !== undefined ? fmtNorm(parsedN, parsedD) : undefined;
      }
    }
    if (c.kind === 'bool' && !(flags & (NON_ASCII | ESCAPED))) {
      const b = parseBoolBytes(buf, s, e);
      if (b === 3) {
        if (!column.optional) throw new Irregular('a required value is empty');
      }
      if (b !== 5) {
        if (c.builder) (c.builder as BoolBuilder).b[i] = b === 3 ? 2 : b;
        // An error row prints the cell as written (`yes`, `是`), README 3.13.
        if (c.raw && b !== 3) this.keepRaw(buf, c, k, i, b === 1 ? 'true' : 'false');
        return (column === this.keyCol || column.references !== undefined) && b !== 3 ? (b === 1 ? 'true' : 'false') : undefined;
      }
    }
    if (c.kind === 'str' && !c.keep && column.type === 'text' && !(flags & NON_ASCII) && !c.raw && column !== this.keyCol && column.references === undefined) {
      // A text column nobody reads: only a required one that is empty is a problem.
      if (!column.optional && this.blank(buf, k)) throw new Irregular('a required value is empty');
      return undefined;
    }
    if (c.kind === 'str' && c.plainText && !(flags & (ESCAPED | HAS_CR))) {
      // Text or a category value: trimmed unless quoted (fieldText), checked, interned, without convert-cell.ts.
      let ts = s;
      let te = e;
      if (!(flags & QUOTED)) {
        while (ts < te && isSpace(buf[ts]!)) ts++;
        while (te > ts && isSpace(buf[te - 1]!)) te--;
      }
      const ends = ts === te || (wsLength(buf, ts, te) === 0 && wsBefore(buf, ts, te) === 0);
      if (ends && (!(c.raw || c.keep) || (ts === s && te === e))) {
        if (ts === te) {
          if (!column.optional) throw new Irregular('a required value is empty');
          if (c.builder) (c.builder as StrBuilder).s[i] = null;
          return undefined;
        }
        const str = this.text(c, buf, ts, te);
        if (c.allowed && !c.allowed.has(str)) throw new Irregular('not one of the categories');
        if (c.builder) (c.builder as StrBuilder).s[i] = str;
        return c.keyed ? str : undefined;
      }
    }
    // The general path: the cell's text through convert-cell.ts itself.
    const text = this.cellText(buf, k);
    const res = convertCell(text, column);
    if ('error' in res) throw new Irregular(`cell ${column.name}: ${res.error.code}`);
    const v = res.value;
    if (c.raw || column.type === 'text') this.keepRaw(undefined, c, k, i, v === null ? '' : v instanceof Decimal ? v.toFixed() : String(v), text);
    if (c.builder) storeValue(c.builder, i, v);
    if (column === this.keyCol) {
      if (v === null) return text.trim() || undefined;
      return keyText(v);
    }
    if (column.references !== undefined && v !== null) return keyText(v);
    return undefined;
  }

  /**
   * The string of bytes [s, e): reused when the same bytes were seen before — while the column
   * has few distinct values (under 4,096, or one in eight cells: a unit of 45 people in 22,000
   * units still shares its string, which later steps hash once; names and ids stop early).
   */
  private text(c: ColPlan, buf: Uint8Array, s: number, e: number): string {
    const m = c.interned;
    if (!m) return this.decode(buf, s, e);
    c.internSeen++;
    let h = 0x811c9dc5;
    for (let p = s; p < e; p++) h = Math.imul(h ^ buf[p]!, 0x01000193);
    const list = m.get(h);
    const len = e - s;
    if (list) {
      outer: for (const x of list) {
        const b = x.b;
        if (b.length !== len) continue;
        for (let q = 0; q < len; q++) if (b[q] !== buf[s + q]) continue outer;
        return x.s;
      }
    }
    const str = this.decode(buf, s, e);
    if (c.internCount >= 4096 && c.internCount * 8 > c.internSeen) {
      c.interned = undefined;
      return str;
    }
    c.internCount++;
    // A copy of the bytes: the block they were read into is reused.
    const entry = { b: new Uint8Array(buf.subarray(s, e)), s: str };
    if (list) list.push(entry);
    else m.set(h, [entry]);
    return str;
  }

  /** Keeps a cell's text where it differs from its value's text (error rows print the text). */
  private keepRaw(buf: Uint8Array | undefined, c: ColPlan, k: number, i: number, valueText: string, text?: string): void {
    if (!c.raw && !(c.kind === 'str' && c.keep)) return;
    const t = text ?? this.cellText(buf!, k);
    if (t === valueText) return;
    let m = this.raw.get(c.column.name);
    if (!m) this.raw.set(c.column.name, (m = new Map()));
    m.set(i, t);
  }
}

function asBuffer(a: Uint8Array): Uint8Array {
  const B = (globalThis as { Buffer?: { from(a: ArrayBufferLike, o: number, l: number): Uint8Array } }).Buffer;
  return B ? B.from(a.buffer, a.byteOffset, a.byteLength) : a;
}

/** A parsed number into a kept column (the common case inline: already at the column's scale). */
function putNum(c: ColPlan, i: number, n: number, d: number): void {
  const nArr = c.nArr;
  if (nArr === undefined) return;
  const b = c.builder as NumBuilder;
  if (d === b.D) nArr[i] = n;
  else store(b, i, n, d);
}

/** Stores n / 10^d at row i at the column's scale (raised, and the rows before rescaled, when d is larger). */
function store(b: NumBuilder, i: number, n: number, d: number): void {
  const a = b.n;
  if (n !== n) {
    a[i] = NaN;
    return;
  }
  if (d > b.D) {
    const f = POW10[d - b.D]!;
    for (let j = 0; j < i; j++) a[j] = scaled(a[j]! * f);
    b.D = d;
  }
  a[i] = d === b.D ? n : scaled(n * POW10[b.D - d]!);
}

function scaled(v: number): number {
  if (!(Math.abs(v) < LIM) && v === v) throw new Irregular('a value is too large for exact arithmetic in doubles');
  return v;
}

function scaledOf(v: Decimal): { n: number; d: number } {
  const d = Math.max(0, v.decimalPlaces());
  if (d > MAX_SCALE) throw new Irregular('a value with too many decimals');
  const n = v.times(POW10[d]!);
  if (!n.abs().lt(LIM)) throw new Irregular('a value too large for exact arithmetic in doubles');
  return { n: n.toNumber(), d };
}

function storeValue(b: Builder, i: number, v: Value): void {
  if (b.kind === 'num') {
    if (v === null) store(b, i, NaN, 0);
    else {
      const s = scaledOf(v as Decimal);
      store(b, i, s.n, s.d);
    }
  } else if (b.kind === 'bool') b.b[i] = v === null ? 2 : v === true ? 1 : 0;
  else {
    let s = v === null ? null : String(v);
    if (s !== null && b.intern) {
      const known = b.intern.get(s);
      if (known !== undefined) s = known;
      else if (b.intern.size < 4096) b.intern.set(s, s);
    }
    b.s[i] = s;
  }
}

/**
 * The input tables written as CSV files that the database reads in bulk — DuckDB's `read_csv`,
 * PostgreSQL's `COPY … FROM STDIN` — instead of one value at a time. One record per row: kpl_row,
 * kpl_ok, kpl_key, then the declared columns as canonical text (numbers plain decimals, booleans
 * true/false); NULL is an empty field, an empty text a quoted `""`.
 *
 * While writing it notes, per number column, the most decimals and integer digits it holds: DuckDB
 * parses text into DECIMAL(18,s) far faster than into the working DECIMAL(38,12) (tens of times),
 * so a column that fits is read so, then widened (exact: only zeros are appended).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { InputTable } from '../plan/schema.ts';
import { columnKind } from './compile-sql.ts';
import type { SourceTable } from './sql-source.ts';

export interface CsvColumn {
  readonly name: string;
  /** 'num' | 'bool' | 'text', and for numbers the most decimals and integer digits seen. */
  readonly kind: 'num' | 'bool' | 'text' | 'row' | 'key';
  scale: number;
  digits: number;
}

const quoteCsv = (v: string): string => (v === '' || /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * Writes the rows of `t` (kpl_key and ok as the compiled statement reads them, a lookup table's
 * first valid row of a key being the one read: evaluation.ts indexRows) to `path`.
 */
export function writeInputCsv(t: InputTable, src: SourceTable, path: string): CsvColumn[] {
  const columns: CsvColumn[] = [
    { name: 'kpl_row', kind: 'row', scale: 0, digits: 0 },
    { name: 'kpl_ok', kind: 'bool', scale: 0, digits: 0 },
    { name: 'kpl_key', kind: 'key', scale: 0, digits: 0 },
    ...t.columns.map((c): CsvColumn => ({ name: c.name, kind: columnKind(c.type), scale: 0, digits: 0 })),
  ];
  const data = columns.slice(3);
  const fd = openSync(path, 'w');
  try {
    const seen = new Set<string>();
    let chunk: string[] = [];
    let size = 0;
    for (let i = 0; i < src.size; i++) {
      const key = src.key(i);
      let ok = src.ok(i);
      if (t.role === 'lookup' && ok && key !== undefined) {
        if (seen.has(key)) ok = false;
        seen.add(key);
      }
      let line = `${i},${ok},${key === undefined ? '' : quoteCsv(key)}`;
      for (const c of data) {
        const v = src.text(c.name, i);
        if (v === null) line += ',';
        else if (c.kind === 'num') {
          const dot = v.indexOf('.');
          const digits = (dot < 0 ? v.length : dot) - (v.charCodeAt(0) === 45 ? 1 : 0);
          if (digits > c.digits) c.digits = digits;
          if (dot >= 0 && v.length - dot - 1 > c.scale) c.scale = v.length - dot - 1;
          line += ',' + v;
        } else line += ',' + (c.kind === 'bool' ? v : quoteCsv(v));
      }
      chunk.push(line);
      size += line.length;
      if (size > 1 << 20) {
        writeSync(fd, chunk.join('\n') + '\n');
        chunk = [];
        size = 0;
      }
    }
    if (chunk.length) writeSync(fd, chunk.join('\n') + '\n');
  } finally {
    closeSync(fd);
  }
  return columns;
}

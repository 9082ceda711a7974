/**
 * Reading a CSV file in two parts (csv-parallel.ts): the table must be exactly the one-thread
 * reader's — values and scales, keys, line numbers, kept cell texts — wherever the file is split,
 * and a problem in either part must be found. In-process here (the second part read by
 * readPart() as the worker would, its result cloned as a message would be); the last test runs
 * the bundled CLI with a real worker thread.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { isUtf8 } from 'node:buffer';
import type { InputTable } from '../../src/plan/schema.ts';
import type { FastTable } from '../../src/columnar/columns.ts';
import { CsvColumnReader, Irregular } from '../../src/columnar/csv-columns.ts';
import { readSplit, splitPoint, type ParallelOptions } from '../../src/columnar/csv-parallel.ts';
import { readPart, type PartJob } from '../../src/columnar/csv-part.ts';
import { planOf } from './helpers.ts';
import { customerManager } from './gen-data.ts';

const CM = 'policies/customer-manager.kpl';
const people = planOf(CM).inputs.find((t) => t.role === 'population')!;
const KEEP = new Set(['id', 'unit', 'sales_actual', 'growth_rate', 'new_customers', 'compliance_violation', 'base_bonus']);

function options(input: InputTable = people): ParallelOptions {
  return { input, fileName: 'x.csv', keep: KEEP, raw: new Set(['id', 'base_bonus']), references: new Map() };
}

function sequential(bytes: Uint8Array, opts = options()): FastTable {
  const r = new CsvColumnReader({ ...opts, validUtf8: isUtf8 });
  r.push(bytes);
  r.end();
  return r.take();
}

/** Reads in two parts split after `from`; says whether a second reader was used. */
function split(bytes: Uint8Array, from: number, opts = options()): { table: FastTable; parted: boolean } {
  let job: Omit<PartJob, 'bytes'> | undefined;
  const reader = new CsvColumnReader({ ...opts, validUtf8: isUtf8 });
  const table = readSplit(reader, bytes, opts, { begin: (j) => (job = j), finish: () => structuredClone(readPart({ ...job!, bytes })) }, from);
  return { table, parted: job !== undefined };
}

function plain(t: FastTable): unknown {
  const columns = [...t.columns].map(([name, c]) => [name, c.kind, 'scale' in c ? c.scale : undefined, Array.from(c.data as ArrayLike<unknown>)]);
  return { size: t.size, columns, keys: t.keys, lines: Array.from(t.lines), raw: [...(t.raw ?? new Map())].map(([k, m]) => [k, [...m]]) };
}

const bytesOf = (s: string): Uint8Array => Buffer.from(s, 'utf8');

describe('reading a CSV file in two parts', () => {
  it('gives the one-thread table for generated data split anywhere', () => {
    const bytes = bytesOf(customerManager(400, 7));
    const expected = plain(sequential(bytes));
    for (const f of [0.01, 0.3, 0.5, 0.77, 0.99]) {
      const r = split(bytes, Math.floor(bytes.length * f));
      expect(r.parted).toBe(true);
      expect(plain(r.table)).toEqual(expected);
    }
  });

  const HEAD = 'id,name,unit,sales_actual,sales_target,growth_rate,new_customers,retention_rate,satisfaction,avg_resolution_hours,complaints,callback_rate,training_hours,collaboration,awards,compliance_violation,base_bonus';
  const row = (id: string, bonus = '100.5', sales = '10') => `${id},n${id},U1,${sales},20,0.01,3,0.5,4,5,0,0.5,10,50,0,false,${bonus}`;

  it('splits tiny files at every byte: CRLF, BOM, blank lines, scales differing between the parts, a missing final line end', () => {
    const lines = [HEAD, row('A1', '100.5'), '', row('A2', '7', '1.125'), row('A3', ' 12.50 '), ',,,,,,,,,,,,,,,,', row('A4', '3.14159')];
    for (const text of ['\uFEFF' + lines.join('\r\n') + '\r\n', lines.join('\n'), '\n\n' + lines.join('\n') + '\n']) {
      const bytes = bytesOf(text);
      const expected = plain(sequential(bytes));
      for (let from = 0; from <= bytes.length; from++) expect(plain(split(bytes, from).table), `split after byte ${from}`).toEqual(expected);
    }
  });

  it('reads on one thread when a quote comes before the split point; quotes after it are the second part’s', () => {
    const quoted = `${HEAD}\n${row('Q1')}\n"Q2","two\nlines",U1,1,2,0.1,1,0.5,4,5,0,0.5,1,5,0,true,1\n${row('Q3')}\n${row('Q4')}\n`;
    const bytes = bytesOf(quoted);
    const expected = plain(sequential(bytes));
    const q = quoted.indexOf('"');
    expect(split(bytes, q - 2).parted).toBe(true); // split before the quoted record
    const before = split(bytes, q + 1);
    expect(before.parted).toBe(false);
    expect(plain(before.table)).toEqual(expected);
    expect(plain(split(bytes, q - 2).table)).toEqual(expected);
    expect(splitPoint(bytes, q + 1)).toBe(-1);
  });

  it('finds a duplicate key across the parts, and a bad row in the second part', () => {
    const dup = bytesOf([HEAD, row('D1'), row('D2'), row('D3'), row('D1')].join('\n') + '\n');
    expect(() => split(dup, dup.length - 5)).toThrow(Irregular);
    const bad = bytesOf([HEAD, row('B1'), row('B2'), row('B3').replace(',0.01,', ',x,')].join('\n') + '\n');
    expect(() => split(bad, bad.length - 10)).toThrow(Irregular);
    const short = bytesOf([HEAD, row('S1'), row('S2'), 'S3,1'].join('\n'));
    expect(() => split(short, short.length - 3)).toThrow(Irregular);
  });

  it('runs a real worker thread in the bundled CLI: same output and diagnostics as the exact engine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpl-split-'));
    const run = (data: string, engine: string) => {
      const env = { ...process.env, KPL_FAST_PARALLEL_MIN: '1', KPL_FAST_TIMING: '1' };
      const r = spawnSync(process.execPath, ['bin/kpl.mjs', 'eval', CM, '--data', `employees=${data}`, '--format', 'csv', '--engine', engine], { env, encoding: 'utf8' });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const good = join(dir, 'good.csv');
    writeFileSync(good, customerManager(3000, 11));
    const fast = run(good, 'fast');
    expect(fast.code).toBe(0);
    expect(fast.err).toContain('second part (worker)');
    expect(fast.out).toBe(run(good, 'exact').out);
    // A bad cell late in the file (the worker's part): src/data reports it, at its line.
    const text = customerManager(3000, 12).split('\n');
    text[2900] = text[2900]!.replace(/,(true|false),/, ',maybe,');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, text.join('\n'));
    const f = run(bad, 'fast');
    const x = run(bad, 'exact');
    expect(f.code).toBe(x.code);
    expect(f.out).toBe(x.out);
    const diag = (s: string) => s.split('\n').filter((l) => !l.startsWith('fast:')).join('\n');
    expect(diag(f.err)).toBe(diag(x.err));
    expect(diag(f.err)).toContain(':2901:');
  }, 60_000);
});

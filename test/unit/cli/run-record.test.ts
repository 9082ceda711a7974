/**
 * `kpl eval --record RUN.json` writes what an auditor needs to re-run a payout, and `kpl
 * reproduce RUN.json` re-runs it and confirms byte-identical output (README 5): a changed input is
 * KPL5023, a different output KPL5024, an unreadable record KPL5022 — each a non-zero exit.
 */
import { describe, it, expect, afterEach, vi } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, copyFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli } from '../../helpers/run-cli.ts';

afterEach(() => vi.restoreAllMocks());

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'kpl-record-'));
  const policy = join(dir, 'p.kpl');
  writeFileSync(join(dir, 'rates.kpl'), 'let rate = 10%\n');
  writeFileSync(policy, 'import "rates.kpl"\ninput people key id { id: text; score: number in [0, 100] }\nindicator s weight 100% = score\nreward = total * rate\noutput id, total, reward\n');
  const data = join(dir, 'people.csv');
  writeFileSync(data, 'id,score\np1,70\np2,80.5\n');
  return { dir, policy, data };
}

describe('kpl eval --record', () => {
  it.each(['fast', 'exact'])('records the inputs, options and the output hash (%s engine); kpl reproduce confirms it', (engine) => {
    const { dir, policy, data } = setup();
    const out = join(dir, 'res.csv');
    const run = join(dir, 'run.json');
    expect(runCli('eval', policy, '--data', `people=${data}`, '--engine', engine, '--out', out, '--record', run).code).toBe(0);
    const r = JSON.parse(readFileSync(run, 'utf8'));
    expect(r).toMatchObject({ kind: 'kpl-run-record', recordVersion: 2, compiler: 'kpl 0.1.0', exit: 0, options: { engine, format: 'csv', bom: false } });
    // The engine that actually ran: the fast engine reads this CSV straight into columns.
    expect(r.run).toEqual({ engine, data: engine === 'fast' ? 'columns' : 'src/data', rows: { in: 2, out: 2, reported: 0 } });
    expect(r.policy.sha256).toBe(sha(readFileSync(policy)));
    expect(r.policy.imports).toEqual([{ path: join(dir, 'rates.kpl'), sha256: sha('let rate = 10%\n') }]);
    expect(r.policy.planHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.data).toEqual([{ table: 'people', path: data, format: 'csv', sha256: sha(readFileSync(data)), size: readFileSync(data).length }]);
    expect(r.output).toEqual({ path: out, sha256: sha(readFileSync(out)), size: readFileSync(out).length });

    const again = runCli('reproduce', run);
    expect(again.code, again.err).toBe(0);
    expect(again.err).toContain('reproduced');
  });
  it('hashes standard output too, and a workbook', () => {
    const { dir, policy, data } = setup();
    const run = join(dir, 'run.json');
    const r = runCli('eval', policy, '--data', `people=${data}`, '--format', 'json', '--record', run);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(run, 'utf8')).output).toEqual({ path: null, sha256: sha(r.out), size: Buffer.byteLength(r.out) });
    expect(runCli('reproduce', run).code).toBe(0);
    const xlsx = join(dir, 'res.xlsx');
    expect(runCli('eval', policy, '--data', `people=${data}`, '--out', xlsx, '--record', run).code).toBe(0);
    expect(JSON.parse(readFileSync(run, 'utf8')).output.sha256).toBe(sha(readFileSync(xlsx)));
    const kept = join(dir, 'kept.xlsx');
    expect(runCli('reproduce', run, '--out', kept).code).toBe(0);
    expect(readFileSync(kept)).toEqual(readFileSync(xlsx));
  });
  it.each(['fast', 'exact'])('counts rows in, out (evaluated) and reported (in error, with a diagnostic) — %s engine, CSV and JSON data', (engine) => {
    const { dir, policy } = setup();
    const run = join(dir, 'run.json');
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, 'id,score\np1,70\np2,abc\np3,101\np4,5\n');
    expect(runCli('eval', policy, '--data', `people=${csv}`, '--engine', engine, '--record', run).code).toBe(1);
    expect(JSON.parse(readFileSync(run, 'utf8')).run.rows).toEqual({ in: 4, out: 2, reported: 2 });
    const json = join(dir, 'bad.json');
    writeFileSync(json, '[{"id": "p1", "score": 70}, {"id": "p2", "score": "x"}, {"id": "p3", "score": 1}]');
    expect(runCli('eval', policy, '--data', `people=${json}`, '--engine', engine, '--record', run).code).toBe(1);
    // JSON data goes through the data loader on either engine.
    expect(JSON.parse(readFileSync(run, 'utf8')).run).toEqual({ engine, data: 'src/data', rows: { in: 3, out: 2, reported: 1 } });
    expect(runCli('reproduce', run).code).toBe(0);
  });
  it('records no rows when the data set is unusable (nothing is evaluated)', () => {
    const { dir, policy } = setup();
    const run = join(dir, 'run.json');
    const csv = join(dir, 'nocol.csv');
    writeFileSync(csv, 'id,other\np1,70\n');
    expect(runCli('eval', policy, '--data', `people=${csv}`, '--record', run).code).toBe(1);
    expect(JSON.parse(readFileSync(run, 'utf8')).run).toBeNull();
    expect(runCli('reproduce', run).code).toBe(0);
  });
  it('records runs of the fast and exact engines only (a database run is not recorded)', () => {
    const { dir, policy, data } = setup();
    const r = runCli('eval', policy, '--data', `people=${data}`, '--engine', 'duckdb', '--record', join(dir, 'run.json'));
    expect(r.code).toBe(64);
    expect(r.err).toContain('--record records runs of --engine fast or exact');
  });
  it('refuses a record file that is an input, before evaluating', () => {
    const { dir, policy, data } = setup();
    const before = readFileSync(data, 'utf8');
    const r = runCli('eval', policy, '--data', `people=${data}`, '--record', join(dir, 'rates.kpl'));
    expect(r.code).toBe(64);
    const json = join(dir, 'people.json');
    copyFileSync(data, join(dir, 'x.csv'));
    writeFileSync(json, '[{"id": "p1", "score": 70}]');
    const r2 = runCli('eval', policy, '--data', `people=${json}`, '--record', json);
    expect(r2.code).toBe(64);
    expect(r2.err).toContain('KPL5005');
    expect(readFileSync(data, 'utf8')).toBe(before);
  });
  it('writes no record when the policy has errors', () => {
    const { dir, data } = setup();
    const bad = join(dir, 'bad.kpl');
    writeFileSync(bad, 'input people key id { id: text; score: number }\nindicator s weight 90% = score\n');
    const run = join(dir, 'run.json');
    expect(runCli('eval', bad, '--data', `people=${data}`, '--record', run).code).toBe(2);
    expect(existsSync(run)).toBe(false);
  });
});

describe('kpl reproduce', () => {
  function recorded() {
    const s = setup();
    const run = join(s.dir, 'run.json');
    expect(runCli('eval', s.policy, '--data', `people=${s.data}`, '--out', join(s.dir, 'res.csv'), '--record', run).code).toBe(0);
    return { ...s, run };
  }
  it('a changed data file: KPL5023, exit 1, nothing run', () => {
    const { data, run } = recorded();
    writeFileSync(data, 'id,score\np1,71\np2,80.5\n');
    const r = runCli('reproduce', run);
    expect(r.code).toBe(1);
    expect(r.err).toContain('KPL5023');
    expect(r.err).toContain('people.csv');
  });
  it('a changed import: KPL5023', () => {
    const { dir, run } = recorded();
    writeFileSync(join(dir, 'rates.kpl'), 'let rate = 20%\n');
    const r = runCli('reproduce', run, '--lang', 'zh');
    expect(r.code).toBe(1);
    expect(r.err).toContain('已不是当次运行读取的文件');
  });
  it('an output that differs: KPL5024, exit 1', () => {
    const { run } = recorded();
    const rec = JSON.parse(readFileSync(run, 'utf8'));
    rec.output.sha256 = '0'.repeat(64);
    writeFileSync(run, JSON.stringify(rec));
    const r = runCli('reproduce', run);
    expect(r.code).toBe(1);
    expect(r.err).toContain('KPL5024');
  });
  it('row counts or an engine that differ: KPL5024, in English and Chinese', () => {
    const { run } = recorded();
    const rec = JSON.parse(readFileSync(run, 'utf8'));
    rec.run = { engine: 'exact', data: 'src/data', rows: { in: 3, out: 2, reported: 1 } };
    writeFileSync(run, JSON.stringify(rec));
    const r = runCli('reproduce', run);
    expect(r.code).toBe(1);
    expect(r.err).toContain('the engine that evaluated was `exact` (data read by `src/data`), now `fast` (data read by `columns`)');
    expect(r.err).toContain('the row counts was 3 in, 2 out, 1 reported, now 2 in, 2 out, 0 reported');
    const zh = runCli('reproduce', run, '--lang', 'zh');
    expect(zh.err).toContain('行数 记录为 读入 3 行，输出 2 行，报告 1 行，现在为 读入 2 行，输出 2 行，报告 0 行');
  });
  it('a record of version 1 (no engine, no row counts) is still reproduced', () => {
    const { run } = recorded();
    const rec = JSON.parse(readFileSync(run, 'utf8'));
    delete rec.run;
    rec.recordVersion = 1;
    writeFileSync(run, JSON.stringify(rec));
    expect(runCli('reproduce', run).code).toBe(0);
  });
  it('data kept in the record (standard input) is used from there', () => {
    const { data, run } = recorded();
    const rec = JSON.parse(readFileSync(run, 'utf8'));
    rec.data[0] = { ...rec.data[0], path: '<stdin>', base64: readFileSync(data).toString('base64') };
    writeFileSync(run, JSON.stringify(rec));
    writeFileSync(data, 'changed,on,disk\n');
    const r = runCli('reproduce', run);
    expect(r.code, r.err).toBe(0);
  });
  it.each([
    ['not JSON', '{'],
    ['another kind of file', '{"kind": "something"}'],
    ['a hostile shape', JSON.stringify({ kind: 'kpl-run-record', recordVersion: 1, policy: { __proto__: { path: 1 } }, data: 'x' })],
  ])('an unreadable record (%s): KPL5022, exit 2', (_what, text) => {
    const { dir } = setup();
    const run = join(dir, 'run.json');
    writeFileSync(run, text);
    const r = runCli('reproduce', run);
    expect(r.code).toBe(2);
    expect(r.err).toContain('KPL5022');
  });
});

/**
 * Outputs never destroy inputs and never lose results silently (README 5, "Outputs"): `--out`
 * naming an input is KPL5005 (exit 64, nothing touched); links are followed, devices written
 * through; a short write is KPL5006 (exit 74); a closed pipe ends quietly; the terminal table shows
 * control characters escaped and copes with 150,000 rows.
 */
import { describe, it, expect, afterEach, vi } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, symlinkSync, lstatSync, existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli } from '../../helpers/run-cli.ts';

afterEach(() => vi.restoreAllMocks());

const POLICY = 'input people key id { id: text; score: number in [0, 100] }\nindicator s weight 100% = score\noutput id, total\n';

function setup(rows = 'p1,70\np2,80\n'): { dir: string; policy: string; data: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kpl-out-'));
  const policy = join(dir, 'p.kpl');
  const data = join(dir, 'people.csv');
  writeFileSync(policy, POLICY);
  writeFileSync(data, `id,score\n${rows}`);
  return { dir, policy, data };
}

describe('--out', () => {
  it.each(['fast', 'exact'])('refuses to overwrite the data file or the policy (%s engine), directly or through a link', (engine) => {
    const { dir, policy, data } = setup();
    const before = [readFileSync(policy, 'utf8'), readFileSync(data, 'utf8')];
    symlinkSync(data, join(dir, 'link.csv'));
    for (const out of [data, policy, join(dir, 'link.csv'), join(dir, '.', 'people.csv')]) {
      const r = runCli('eval', policy, '--data', `people=${data}`, '--out', out, '--engine', engine);
      expect(r.code, out).toBe(64);
      // The policy's .kpl is refused before that, as an extension kpl eval never writes.
      expect(r.err).toContain(out === policy ? 'kpl cannot write .kpl files' : 'KPL5005');
    }
    expect([readFileSync(policy, 'utf8'), readFileSync(data, 'utf8')]).toEqual(before);
  });
  it('eval (both engines), explain and diff refuse it before evaluating anything', () => {
    // A row with a bad score: evaluating would report KPL3001; the refusal comes first.
    const { dir, policy } = setup();
    const data = join(dir, 'people.json');
    writeFileSync(data, '[{"id": "p1", "score": 70}, {"id": "p2", "score": "lots"}]');
    const before = readFileSync(data, 'utf8');
    const runs = [['eval', policy, '--engine', 'fast'], ['eval', policy, '--engine', 'exact'], ['explain', policy, 'p1'], ['diff', policy, policy]];
    for (const argv of runs) {
      const r = runCli(...argv, '--data', `people=${data}`, '--out', data);
      expect(r.code, argv.join(' ')).toBe(64);
      expect(r.err, argv.join(' ')).toContain('KPL5005');
      expect(r.err, argv.join(' ')).not.toContain('KPL3001');
    }
    expect(readFileSync(data, 'utf8')).toBe(before);
  });
  it('kpl compile refuses to write the plan over the policy', () => {
    const { policy } = setup();
    const r = runCli('compile', policy, '--out', policy);
    expect(r.code).toBe(64);
    expect(readFileSync(policy, 'utf8')).toBe(POLICY);
  });
  it('writes through a link (the link stays a link) and leaves no temporary file', () => {
    const { dir, policy, data } = setup();
    symlinkSync(join(dir, 'real.csv'), join(dir, 'res.csv'));
    const r = runCli('eval', policy, '--data', `people=${data}`, '--out', join(dir, 'res.csv'));
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, 'res.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.csv'), 'utf8')).toBe('id,total\np1,70\np2,80\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
  it.runIf(existsSync('/dev/full'))('a short write (/dev/full) is KPL5006 and exit 74, on every writer', () => {
    const { policy, data } = setup();
    for (const argv of [['eval', policy, '--data', `people=${data}`], ['eval', policy, '--data', `people=${data}`, '--engine', 'exact'], ['compile', policy], ['explain', policy, '--data', `people=${data}`, 'p1']]) {
      const r = runCli(...argv, '--out', '/dev/full');
      expect(r.code, argv.join(' ')).toBe(74);
      expect(r.err).toContain('KPL5006');
    }
  });
});

describe('standard output', () => {
  const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
  it('a reader that stops early (| head -1) ends the run quietly', () => {
    const { policy, data } = setup(Array.from({ length: 20000 }, (_, i) => `p${i},${i % 100}\n`).join(''));
    const r = spawnSync('sh', ['-c', `"${tsx}" src/cli/run.ts eval "${policy}" --data "people=${data}" --format csv | head -1`], { encoding: 'utf8' });
    expect(r.stdout).toBe('id,total\n');
    expect(r.stderr).toBe('');
  });
  it.runIf(existsSync('/dev/full'))('a full device is KPL5006 and exit 74', () => {
    const { policy, data } = setup();
    const r = spawnSync('sh', ['-c', `"${tsx}" src/cli/run.ts eval "${policy}" --data "people=${data}" --format csv > /dev/full`], { encoding: 'utf8' });
    expect(r.status).toBe(74);
    expect(r.stderr).toContain('KPL5006');
  });
});

describe('the terminal table', () => {
  it('shows control characters escaped', () => {
    const { policy, data } = setup('"\u001b[31mred\u0007",5\n');
    const r = runCli('eval', policy, '--data', `people=${data}`, '--format', 'table');
    expect(r.out).toContain('\\u{1B}[31mred\\u{7}');
    expect(r.out).not.toContain('\u001b');
  });
  it('prints 150,000 rows', () => {
    const { policy, data } = setup(Array.from({ length: 150_000 }, (_, i) => `p${i},${i % 100}\n`).join(''));
    const r = runCli('eval', policy, '--data', `people=${data}`, '--format', 'table');
    expect(r.code).toBe(0);
    expect(r.out.split('\n').length).toBe(150_003);
  });
});

/** `kpl fmt` through the real CLI, as CI and authors run it. */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const kpl = join(process.cwd(), 'bin', 'kpl.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [kpl, 'fmt', ...args], { encoding: 'utf8' });

const MESSY = 'total=round( weighted ,2)\ngrade by S\n';
const CLEAN = 'total = round(weighted, 2)\ngrade by S\n';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpl-fmt-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'clean.kpl'), CLEAN);
  writeFileSync(join(dir, 'sub', 'messy.kpl'), MESSY);
  writeFileSync(join(dir, 'sub', 'notes.txt'), MESSY);
  return dir;
}

describe('kpl fmt', () => {
  it('--check passes on the shipped policies', () => {
    const r = run('--check', 'policies/');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });

  it('--check lists the files that would change, exits 1 and changes nothing', () => {
    const dir = tempDir();
    const r = run('--check', dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(join(dir, 'sub', 'messy.kpl') + '\n');
    expect(r.stderr).toMatch(/1 file is not formatted/);
    expect(readFileSync(join(dir, 'sub', 'messy.kpl'), 'utf8')).toBe(MESSY);
  });

  it('rewrites files in place, recursing into directories for *.kpl files only', () => {
    const dir = tempDir();
    const r = run(dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(join(dir, 'sub', 'messy.kpl') + '\n');
    expect(readFileSync(join(dir, 'sub', 'messy.kpl'), 'utf8')).toBe(CLEAN);
    expect(readFileSync(join(dir, 'sub', 'notes.txt'), 'utf8')).toBe(MESSY);
    expect(run('--check', dir).status).toBe(0);
  });

  it('--stdout prints the formatted text and leaves the file alone', () => {
    const dir = tempDir();
    const file = join(dir, 'sub', 'messy.kpl');
    const r = run('--stdout', file);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(CLEAN);
    expect(readFileSync(file, 'utf8')).toBe(MESSY);
  });

  it('leaves a file with syntax errors alone and exits 2 with the diagnostics', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.kpl');
    writeFileSync(bad, 'total = (1\n');
    const r = run(dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.kpl:2:1: error KPL1003|bad\.kpl:1:\d+: error KPL1003/);
    expect(readFileSync(bad, 'utf8')).toBe('total = (1\n');
    // The other files are still formatted.
    expect(readFileSync(join(dir, 'sub', 'messy.kpl'), 'utf8')).toBe(CLEAN);
  });

  it('usage errors exit 64', () => {
    expect(run().status).toBe(64);
    expect(run('--check', '--stdout', 'policies').status).toBe(64);
  });
});

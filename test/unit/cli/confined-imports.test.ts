/**
 * Imports are confined (README 3.2): relative, `.kpl`, inside the root (the policy's folder or
 * `--root`), through links, regular files only; a refusal is KPL2019 and prints nothing of the file.
 */
import { describe, it, expect, afterEach, vi } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli } from '../../helpers/run-cli.ts';

afterEach(() => vi.restoreAllMocks());

const BODY = 'input people key id { id: text; score: number in [0, 100] }\nindicator s weight 100% = score\ngrade by s\noutput id, grade\n';
const SECRET = 'TOP-SECRET-LINE';

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpl-imports-'));
  mkdirSync(join(dir, 'root', 'lib'), { recursive: true });
  writeFileSync(join(dir, 'root', 'lib', 's.kpl'), 'scale s { A >= 50; B otherwise }\n');
  writeFileSync(join(dir, 'secret.kpl'), `${SECRET} scale s { A >= 50; B otherwise }\n`);
  writeFileSync(join(dir, 'root', 'notes.txt'), `${SECRET}\n`);
  return dir;
}

function check(dir: string, imp: string, ...extra: string[]) {
  const policy = join(dir, 'root', 'main.kpl');
  writeFileSync(policy, `import "${imp}"\n${BODY}`);
  return runCli('check', policy, ...extra);
}

describe('confined imports', () => {
  it('reads a relative .kpl file inside the root, also through a link that stays inside', () => {
    const dir = tree();
    symlinkSync(join(dir, 'root', 'lib', 's.kpl'), join(dir, 'root', 'link.kpl'));
    expect(check(dir, 'lib/s.kpl').code).toBe(0);
    expect(check(dir, 'link.kpl').code).toBe(0);
  });
  it.each([
    ['/etc/passwd', 'relative'],
    ['../secret.kpl', 'outside'],
    ['notes.txt', '.kpl'],
    ['lib', '.kpl'],
  ])('refuses %s with KPL2019 and prints nothing of the file', (imp, why) => {
    const r = check(tree(), imp);
    expect(r.code).toBe(2);
    expect(r.err).toContain('KPL2019');
    expect(r.err).toContain(why);
    expect(r.err).not.toContain(SECRET);
    expect(r.err).not.toContain('root:x:0');
  });
  it('refuses a link that leads out of the root, a folder and a FIFO named .kpl', () => {
    const dir = tree();
    symlinkSync(join(dir, 'secret.kpl'), join(dir, 'root', 'out.kpl'));
    symlinkSync('/etc/passwd', join(dir, 'root', 'pw.kpl'));
    mkdirSync(join(dir, 'root', 'dir.kpl'));
    execFileSync('mkfifo', [join(dir, 'root', 'fifo.kpl')]);
    for (const [imp, why] of [['out.kpl', 'through a link'], ['pw.kpl', 'through a link'], ['dir.kpl', 'folder'], ['fifo.kpl', 'not a regular file']] as const) {
      const r = check(dir, imp);
      expect(r.code, imp).toBe(2);
      expect(r.err).toContain(why);
      expect(r.err).not.toContain(SECRET);
      expect(r.err).not.toContain('root:x:0');
    }
  });
  it('--root widens the root', () => {
    const dir = tree();
    expect(check(dir, '../secret.kpl').code).toBe(2);
    const r = check(dir, '../secret.kpl', '--root', dir);
    // Now read: its (deliberate) syntax error is shown, with its line, as for any policy file.
    expect(r.err).not.toContain('outside');
  });
});

/**
 * KPL in git, in a scratch repository: `kpl diff` as a git diff driver (`.gitattributes`
 * `*.kpl diff=kpl`, git passes it seven arguments) in `git diff` and `git log -p --ext-diff`, and
 * the hooks of `.pre-commit-hooks.yaml` run by a git pre-commit hook: an unformatted policy, a
 * policy with an error or a failing test stop the commit.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = process.cwd();
const kpl = join(root, 'bin', 'kpl.mjs');

const POLICY = (w: string, rest: string) => `import "scale.kpl"

input people key id {
  id: text
  kpi: number in [0, 100]
  quality: number in [0, 100]
}

indicator 业绩 weight ${w} = kpi
indicator 质量 weight ${rest} = quality
grade by 三级
output id, total, grade
`;
const SCALE = 'scale 三级 {\n  优 >= 90\n  良 >= 70\n  差 < 70\n}\n';
const TESTS = 'case 两人\n| id | kpi | quality || total | grade |\n| P1 | 100 | 80      || 90    | 优    |\n';

function scratch(): { dir: string; git: (...args: string[]) => string; run: (...args: string[]) => ReturnType<typeof spawnSync> } {
  const dir = mkdtempSync(join(tmpdir(), 'kpl-git-'));
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir };
  const base = ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=.git/hooks'];
  const git = (...args: string[]) => execFileSync('git', [...base, ...args], { cwd: dir, encoding: 'utf8', env, stdio: 'pipe' });
  const run = (...args: string[]) => spawnSync('git', [...base, ...args], { cwd: dir, encoding: 'utf8', env });
  git('init', '-q');
  return { dir, git, run };
}

describe('kpl diff as a git diff driver', () => {
  const { dir, git } = scratch();
  writeFileSync(join(dir, '.gitattributes'), '*.kpl diff=kpl\n');
  git('config', 'diff.kpl.command', `"${process.execPath}" "${kpl}" diff`);
  writeFileSync(join(dir, 'scale.kpl'), SCALE);
  writeFileSync(join(dir, 'p.kpl'), POLICY('50%', '50%'));
  git('add', '.');
  git('commit', '-q', '-m', 'v1');
  writeFileSync(join(dir, 'p.kpl'), POLICY('60%', '40%'));

  it('git diff shows the semantic change, not the text', () => {
    const out = git('diff');
    expect(out).toContain('diff --kpl a/p.kpl b/p.kpl');
    expect(out).toMatch(/业绩\s+changed\s+weight\s+50%\s+60%/);
    expect(out).toMatch(/质量\s+changed\s+effective weight\s+50%\s+40%/);
    expect(out).not.toContain('@@');
  });

  it('git log -p --ext-diff shows each commit semantically; a new file says so', () => {
    git('commit', '-q', '-am', 'v2');
    writeFileSync(join(dir, 'q.kpl'), POLICY('30%', '70%'));
    git('add', 'q.kpl');
    git('commit', '-q', '-m', 'q');
    const log = git('log', '-p', '--ext-diff', '--format=commit %s');
    expect(log).toMatch(/commit q\n[\s\S]*diff --kpl a\/q.kpl b\/q.kpl\nnew policy file q.kpl/);
    expect(log).toMatch(/commit v2\n[\s\S]*diff --kpl a\/p.kpl b\/p.kpl[\s\S]*业绩\s+changed\s+weight\s+50%\s+60%/);
  });

  it('a version with an error is reported and git carries on', () => {
    writeFileSync(join(dir, 'p.kpl'), POLICY('60%', '40%').replace('= kpi', '= kpii'));
    const out = git('diff');
    expect(out).toContain('b/p.kpl has errors (KPL2001: unknown name `kpii`)');
    git('checkout', 'p.kpl');
  });
});

/** The hooks of .pre-commit-hooks.yaml (a flat list of `- id:` maps). */
function hooks(): { id: string; entry: string; files: RegExp; pass_filenames: boolean }[] {
  const text = readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8');
  return text
    .split(/^- /m)
    .slice(1)
    .map((block) => {
      const field = (k: string) => new RegExp(`^\\s*${k}:\\s*(.*)$`, 'm').exec(block)?.[1]?.trim();
      return { id: field('id')!, entry: field('entry')!, files: new RegExp(field('files')!), pass_filenames: field('pass_filenames') !== 'false' };
    });
}

describe('.pre-commit-hooks.yaml', () => {
  it('defines kpl fmt --check, kpl check and kpl test', () => {
    expect(hooks().map((h) => [h.id, h.entry])).toEqual([
      ['kpl-fmt', 'kpl fmt --check'],
      ['kpl-check', 'kpl check --quiet'],
      ['kpl-test', 'kpl test .'],
    ]);
  });

  it('run as a git pre-commit hook, they stop a bad commit and let a good one through', () => {
    const { dir, git, run } = scratch();
    // What pre-commit does with the hook definitions: each entry on the staged files it matches,
    // less the user's `exclude` (shared files that are only imported cannot be checked alone).
    const lines = hooks().map((h) => {
      const cmd = h.entry.replace(/^kpl /, `"${process.execPath}" "${kpl}" `);
      const files = `$(git diff --cached --name-only --diff-filter=ACM | grep -E '${h.files.source}' | grep -Ev '^shared/')`;
      return `if [ -n "${files}" ]; then ${cmd}${h.pass_filenames ? ` ${files}` : ''} || exit 1; fi`;
    });
    writeFileSync(join(dir, '.git', 'hooks', 'pre-commit'), `#!/bin/sh\n${lines.join('\n')}\n`);
    chmodSync(join(dir, '.git', 'hooks', 'pre-commit'), 0o755);
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(dir, 'shared', 'scale.kpl'), SCALE);
    writeFileSync(join(dir, 'p.kpltest'), TESTS);

    // Not formatted: refused by kpl-fmt.
    const policy = (w: string, rest: string) => POLICY(w, rest).replace('"scale.kpl"', '"shared/scale.kpl"');
    writeFileSync(join(dir, 'p.kpl'), policy('50%', '50%').replace('indicator 业绩 weight', 'indicator  业绩  weight'));
    git('add', '.');
    let r = run('commit', '-q', '-m', 'bad layout');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('not formatted');

    // An error: refused by kpl-check.
    writeFileSync(join(dir, 'p.kpl'), policy('50%', '40%'));
    git('add', '.');
    r = run('commit', '-q', '-m', 'bad weights');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('KPL20');

    // A failing test: refused by kpl-test.
    writeFileSync(join(dir, 'p.kpl'), policy('60%', '40%'));
    git('add', '.');
    r = run('commit', '-q', '-m', 'tests fail');
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/FAIL|✗/);

    // Good: committed.
    writeFileSync(join(dir, 'p.kpl'), policy('50%', '50%'));
    git('add', '.');
    r = run('commit', '-q', '-m', 'good');
    expect(r.stderr).toContain('PASS: 1 test file');
    expect(r.status).toBe(0);
    expect(git('log', '--format=%s')).toBe('good\n');
  });
});

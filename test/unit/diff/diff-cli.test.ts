/** `kpl diff` from the command line: git revisions (with imports at the same revision), exit statuses. */
import { describe, it, expect, vi, afterEach } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli } from '../../helpers/run-cli.ts';

const kpl = join(process.cwd(), 'bin', 'kpl.mjs');

const run = runCli;
afterEach(() => vi.restoreAllMocks());

const SCALE_V1 = 'scale 三级 { 优 >= 90; 良 >= 70; 差 < 70 }\n';
const SCALE_V2 = 'scale 三级 { 优 >= 85; 良 >= 70; 差 < 70 }\n';
const POLICY = (w: string, rest: string) => `import "../shared/scale.kpl"
input people key id { id: text; kpi: number in [0, 100]; quality: number in [0, 100] }
indicator 业绩 weight ${w} = kpi
indicator 质量 weight ${rest} = quality
grade by 三级
output id, total, grade
`;
const DATA = 'id,kpi,quality\nP1,100,80\nP2,80,90\nP3,60,60\n';

/** A repository with two commits: v1, then a new weight in the policy and a new threshold in the imported scale. */
function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpl-diff-git-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'pipe' });
  mkdirSync(join(dir, 'policies'));
  mkdirSync(join(dir, 'shared'));
  git('init', '-q');
  writeFileSync(join(dir, 'shared', 'scale.kpl'), SCALE_V1);
  writeFileSync(join(dir, 'policies', 'p.kpl'), POLICY('50%', '50%'));
  writeFileSync(join(dir, 'people.csv'), DATA);
  git('add', '.');
  git('commit', '-q', '-m', 'v1');
  writeFileSync(join(dir, 'shared', 'scale.kpl'), SCALE_V2);
  writeFileSync(join(dir, 'policies', 'p.kpl'), POLICY('60%', '40%'));
  git('commit', '-q', '-am', 'v2');
  return dir;
}

function kplIn(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [kpl, ...args], { cwd, encoding: 'utf8' });
}

describe('kpl diff with git revisions', () => {
  const dir = repo();

  it('reads both versions from git; imports resolve at the same revision', () => {
    const r = kplIn(dir, 'diff', 'HEAD~1:policies/p.kpl', 'HEAD:policies/p.kpl', '--data', 'people=people.csv', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    const changes = j.policyChanges.map((c: { subject: string; aspect?: string; old?: string; new?: string }) => `${c.subject} ${c.aspect} ${c.old} → ${c.new}`);
    expect(changes).toEqual([
      '业绩 weight 50% → 60%',
      '业绩 effective weight 50% → 60%',
      '质量 weight 50% → 40%',
      '质量 effective weight 50% → 40%',
      // From shared/scale.kpl, read at each revision:
      '优 band [90, ∞) → [85, ∞)',
      '良 band [70, 90) → [70, 85)',
    ]);
    // P1: 90 → 92 (优 both), P2: 85 → 84 (良 → 良... 85 is 良 in v1, 84 is 良 in v2), P3: 60 → 60.
    expect(j.impact.changes.map((c: { key: string; deltaTotal: string; old: { grade: string }; new: { grade: string } }) => `${c.key} ${c.deltaTotal} ${c.old.grade}→${c.new.grade}`)).toEqual(['P1 2 优→优', 'P2 -1 良→良']);
  });

  it('a working-tree file against HEAD~1, and paths relative to the current directory', () => {
    const sub = join(dir, 'policies');
    // p.kpl imports ../shared/scale.kpl: the root is widened to the repository (README 3.2).
    const r = kplIn(sub, 'diff', 'HEAD~1:./p.kpl', 'p.kpl', '--data', 'people=../people.csv', '--root', '..');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('old: HEAD~1:./p.kpl');
    expect(r.stdout).toMatch(/indicator +业绩 +changed +weight +50% +60%/);
    expect(r.stdout).toMatch(/grade +优 +changed +band +\[90, ∞\) +\[85, ∞\)/);
  });

  it('an unknown revision or file is a usage error (64)', () => {
    expect(kplIn(dir, 'diff', 'HEAD~5:policies/p.kpl', 'HEAD:policies/p.kpl').status).toBe(64);
    expect(kplIn(dir, 'diff', 'HEAD:policies/nope.kpl', 'HEAD:policies/p.kpl').stderr).toMatch(/cannot read HEAD:policies\/nope\.kpl from git/);
    expect(kplIn(dir, 'diff', 'nope.kpl', 'policies/p.kpl').status).toBe(64);
  });

  it('a version with errors: its diagnostics, located at REV:PATH, exit 2', () => {
    writeFileSync(join(dir, 'policies', 'bad.kpl'), POLICY('60%', '50%'));
    const r = kplIn(dir, 'diff', 'HEAD:policies/p.kpl', 'policies/bad.kpl', '--root', '.');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/policies\/bad\.kpl:3:1: error KPL2003/);
  });
});

describe('kpl diff exit statuses and formats', () => {
  const CM = 'policies/customer-manager.kpl';
  it('without --data: the policy changes only', () => {
    const r = run('diff', CM, CM);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Policy changes: none');
    expect(r.out).not.toContain('Impact');
  });
  it('data that one version cannot read: exit 1 with the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpl-diff-'));
    const v2 = join(dir, 'v2.kpl');
    writeFileSync(v2, readFileSync(CM, 'utf8').replace('awards: integer >= 0 "表彰次数"', 'awards: integer >= 0 "表彰次数"\n  level: text'));
    const r = run('diff', CM, v2, '--data', 'employees=policies/data/customer-manager/employees.csv');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/KPL3003.*no column `level`/);
  });
  it('--out writes the report to a file; bad --format is a usage error', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kpl-diff-')), 'diff.md');
    expect(run('diff', CM, CM, '--format', 'markdown', '--out', out).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('### Policy changes (0)');
    expect(run('diff', CM, CM, '--format', 'html').code).toBe(64);
    expect(run('diff', CM).code).toBe(64);
  });
});

/**
 * The command line's conventions (issue 11): strict options with a suggestion, per-command help,
 * --version, `-` for standard input, `--out -`, the format following the output, refused --out
 * extensions, directories as arguments, colour, completions, and piped data read once. The
 * behaviours that depend on a real process (pipes, terminals) start bin/kpl.mjs, which runs
 * dist/ as built from the current sources by the test setup.
 */
import { describe, it, expect, afterEach, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli as run } from '../../helpers/run-cli.ts';
import { COMMANDS } from '../../../src/cli/commands/spec.ts';
import { paint } from '../../../src/cli/color.ts';
import { PLAN_VERSION } from '../../../src/plan/schema.ts';

afterEach(() => vi.unstubAllEnvs());

const kpl = join(process.cwd(), 'bin', 'kpl.mjs');
const CMK = 'policies/customer-manager.kpl';
const CMD = 'policies/data/customer-manager/employees.csv';
const CM = [CMK, '--data', `employees=${CMD}`];
const tmp = () => mkdtempSync(join(tmpdir(), 'kpl-conv-'));
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const spawn = (args: string[], input?: string | Buffer, env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [kpl, ...args], { input: input ?? '', encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env } });

describe('options are parsed strictly', () => {
  it('an unknown option is a usage error naming it, with the closest known option', () => {
    const r = run('eval', ...CM, '--fromat', 'json');
    expect(r.code).toBe(64);
    expect(r.err).toContain('unknown option --fromat — did you mean --format?');
    expect(r.out).toBe('');
  });
  it('an option that extends a known one is suggested that one (--out-file → --out)', () => {
    const dir = tmp();
    const r = run('eval', ...CM, '--out-file', join(dir, 'x.csv'));
    expect(r.code).toBe(64);
    expect(r.err).toContain('unknown option --out-file — did you mean --out?');
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });
  it('a missing value, a value given to a switch, and a bad value are usage errors', () => {
    expect(run('eval', ...CM, '--out').err).toContain('--out needs a value');
    expect(run('eval', ...CM, '--out', '--format', 'csv').err).toContain('--out needs a value');
    expect(run('check', CMK, '--quiet=yes').err).toContain('--quiet takes no value');
    const r = run('eval', ...CM, '--format', 'jsn');
    expect(r.code).toBe(64);
    expect(r.err).toContain('--format must be one of csv, json, table, not `jsn` — did you mean json?');
  });
  it('an option of another command is unknown here', () => {
    expect(run('check', CMK, '--data', 'x.csv').code).toBe(64);
  });
  it('an unknown command suggests the closest one', () => {
    const r = run('chek', CMK);
    expect(r.code).toBe(64);
    expect(r.err).toContain('unknown command `chek` — did you mean `kpl check`?');
  });
  it('a negative number is an argument (an id), not an option', async () => {
    const { parseArgs } = await import('../../../src/cli/args.ts');
    expect(parseArgs(['p.kpl', '-5', '--format', 'json', '-12.5'], COMMANDS['explain']!.options).positionals).toEqual(['p.kpl', '-5', '-12.5']);
  });
  it('`--` ends the options', () => {
    const r = run('check', '--', '--no-such.kpl');
    expect(r.code).toBe(64);
    expect(r.err).toContain('no such file or directory: --no-such.kpl');
  });
});

describe('help and version', () => {
  it('kpl --version, -V and version print the package version', () => {
    for (const a of ['--version', '-V', 'version']) expect(run(a)).toEqual({ code: 0, out: `kpl ${pkg.version}\n`, err: '' });
  });
  it('kpl help CMD and kpl CMD --help print that command’s usage and options, exit 0', () => {
    for (const name of Object.keys(COMMANDS)) {
      for (const argv of [['help', name], [name, '--help'], [name, '-h']]) {
        const r = run(...argv);
        expect(r.code, argv.join(' ')).toBe(0);
        expect(r.out).toMatch(new RegExp(`^usage: kpl ${name} `));
        for (const o of Object.keys(COMMANDS[name]!.options)) expect(r.out).toContain(`--${o}`);
      }
    }
    expect(run('eval', '--help').out).toContain('--data TABLE=FILE');
  });
  it('kpl help and kpl --help print the global usage with the exit statuses; kpl alone is a usage error', () => {
    expect(run('help').out).toContain('exit status:');
    expect(run('--help').code).toBe(0);
    const bare = run();
    expect(bare.code).toBe(64);
    expect(bare.err).toContain('usage: kpl <command>');
  });
  it('the process answers --version and help from the built command', () => {
    const r = spawn(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`kpl ${pkg.version}\n`);
    expect(spawn(['eval', '--help']).stdout).toMatch(/^usage: kpl eval /);
  });
});

describe('standard input and output', () => {
  it('- reads the policy from standard input', () => {
    const r = spawn(['check', '-'], readFileSync(CMK));
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('<stdin>: ok\n');
    const bad = spawn(['check', '-'], 'policy "x"\ninput p key id { id: text }\nindicator a weight 100% = nope\n');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('<stdin>:3:');
  });
  it('--data TABLE=- reads a table from standard input (CSV or JSON)', () => {
    const csv = spawn(['eval', CMK, '--data', 'employees=-', '--format', 'csv'], readFileSync(CMD));
    expect(csv.status).toBe(0);
    expect(csv.stdout).toBe(readFileSync('policies/data/customer-manager/expected.csv', 'utf8'));
    const lines = readFileSync(CMD, 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    const json = JSON.stringify(lines.slice(1, 3).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v]))));
    const j = spawn(['eval', CMK, '--data', 'employees=-'], json);
    expect(j.status).toBe(0);
    expect(j.stdout.split('\n')[1]).toMatch(/^E0001,/);
  });
  it('kpl fmt - formats standard input to standard output; kpl diff takes - for a version', () => {
    const messy = 'policy "x"\ninput p key id { id: text; a: number in [0,10] }\nindicator x weight 100% =   a\n';
    const f = spawn(['fmt', '-'], messy);
    expect(f.status).toBe(0);
    expect(f.stdout).toContain('indicator x weight 100% = a\n');
    expect(spawn(['fmt', '--check', '-'], messy).status).toBe(1);
    expect(spawn(['fmt', '--check', '-'], f.stdout).status).toBe(0);
    const d = spawn(['diff', '-', CMK], readFileSync(CMK));
    expect(d.status).toBe(0);
    expect(d.stdout).toContain('old: <stdin>');
  });
  it('standard input cannot be both the policy and a table', () => {
    const r = spawn(['eval', '-', '--data', 'employees=-'], readFileSync(CMK));
    expect(r.status).toBe(64);
    expect(r.stderr).toContain('standard input (-) can be read once');
  });
  it('piped data with a bad row is read once: one located error, every row written (the fast path hands over)', () => {
    const lines = readFileSync(CMD, 'utf8').split('\n');
    const data = [...lines.slice(0, 4), 'E9999,short,row', ...lines.slice(4)].join('\n');
    for (const file of ['-', '/dev/stdin']) {
      const r = spawn(['eval', CMK, '--data', `employees=${file}`], data);
      expect(r.status, file).toBe(1);
      expect(r.stderr.match(/error KPL/g), r.stderr).toHaveLength(1);
      expect(r.stderr).toContain(':5:1: error KPL3017');
      expect(r.stderr).not.toContain('no column');
      expect(r.stdout.split('\n')).toContain('E9999,,,,');
    }
  });
  it('--out - writes standard output (no file named -)', () => {
    const dir = tmp();
    const r = spawnSync(process.execPath, [kpl, 'eval', join(process.cwd(), CMK), '--data', `employees=${join(process.cwd(), CMD)}`, '--out', '-'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync('policies/data/customer-manager/expected.csv', 'utf8'));
    expect(existsSync(join(dir, '-'))).toBe(false);
    const c = run('compile', CMK, '--out', '-');
    expect(JSON.parse(c.out).planVersion).toBe(PLAN_VERSION);
  });
});

describe('the format follows the output', () => {
  it('CSV into a pipe or a file, a table on a terminal, --format overrides', () => {
    expect(spawn(['eval', ...CM]).stdout).toBe(readFileSync('policies/data/customer-manager/expected.csv', 'utf8'));
    expect(spawn(['eval', ...CM, '--format', 'table']).stdout).toMatch(/^id\s+total\s+grade_before_distribution/);
    const stdout = process.stdout as { isTTY?: boolean };
    const was = stdout.isTTY;
    stdout.isTTY = true;
    try {
      expect(run('eval', ...CM).out).toMatch(/^id\s+total\s+grade_before_distribution/);
      expect(run('eval', ...CM, '--format', 'csv').out).toMatch(/^id,total,/);
    } finally {
      stdout.isTTY = was;
    }
  });
  it('--out FILE takes its format from the extension; an extension kpl cannot write is refused before anything runs', () => {
    const dir = tmp();
    expect(run('eval', ...CM, '--out', join(dir, 'r.json')).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).columns[0]).toBe('id');
    expect(run('eval', ...CM, '--out', join(dir, 'r.txt')).code).toBe(0);
    expect(readFileSync(join(dir, 'r.txt'), 'utf8')).toMatch(/^id\s+total/);
    for (const engine of ['fast', 'exact']) {
      const r = run('eval', ...CM, '--engine', engine, '--out', join(dir, 'r.pdf'));
      expect(r.code).toBe(64);
      expect(r.err).toContain('kpl cannot write .pdf files; write one of .csv, .json, .txt, .xlsx');
      expect(existsSync(join(dir, 'r.pdf'))).toBe(false);
    }
  });
});

describe('--out of the other commands', () => {
  it('explain and diff take the format from the extension; compile writes .json; other extensions are refused', () => {
    const dir = tmp();
    expect(run('explain', ...CM, 'E0045', '--out', join(dir, 'E0045.md')).code).toBe(0);
    expect(readFileSync(join(dir, 'E0045.md'), 'utf8')).toMatch(/^# /);
    expect(run('explain', ...CM, 'E0045', '--out', join(dir, 'E0045.json')).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'E0045.json'), 'utf8')).key).toBe('E0045');
    expect(run('diff', CMK, CMK, '--out', join(dir, 'd.json')).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'd.json'), 'utf8'))).toBeTypeOf('object');
    for (const argv of [['explain', ...CM, 'E0045', '--out', join(dir, 'E0045.docx')], ['diff', CMK, CMK, '--out', join(dir, 'd.xlsx')], ['compile', CMK, '--out', join(dir, 'plan.yaml')]]) {
      const r = run(...argv);
      expect(r.code, argv.join(' ')).toBe(64);
      expect(r.err).toMatch(/kpl cannot write \.\w+ files; write one of /);
    }
    expect(existsSync(join(dir, 'plan.yaml'))).toBe(false);
  });
});

describe('directories as arguments', () => {
  it('check, lint and fmt --check take every .kpl below a directory', () => {
    const c = run('check', 'policies');
    expect(c.code).toBe(0);
    expect(c.err).toContain('policies/customer-manager.kpl: ok');
    expect(c.err).toContain('policies/manager-360.kpl: ok');
    expect(run('lint', 'policies').code).toBe(0);
    expect(run('fmt', '--check', 'policies').code).toBe(0);
    expect(spawn(['check', 'policies']).status).toBe(0);
  });
  it('a directory without policies is a usage error, not a crash', () => {
    const r = run('check', tmp());
    expect(r.code).toBe(64);
    expect(r.err).toContain('no *.kpl file in the directory');
    expect(run('eval', 'policies', '--data', `employees=${CMD}`).code).toBe(64);
  });
});

describe('colour', () => {
  const d = 'a.kpl:2:1: error KPL2003: weights sum to 90%\n   2 | x\n     | ^^^';
  it('colours the severity and the caret on a terminal only, never with NO_COLOR, always with FORCE_COLOR', () => {
    vi.stubEnv('NO_COLOR', '');
    vi.stubEnv('FORCE_COLOR', '');
    vi.stubEnv('TERM', 'xterm');
    expect(paint(d, { isTTY: false })).toBe(d);
    expect(paint(d, { isTTY: true })).toContain('\x1b[31;1merror KPL2003\x1b[0m');
    vi.stubEnv('NO_COLOR', '1');
    expect(paint(d, { isTTY: true })).toBe(d);
    vi.stubEnv('NO_COLOR', '');
    vi.stubEnv('FORCE_COLOR', '1');
    expect(paint(d, { isTTY: false })).toContain('\x1b[');
  });
  it('FORCE_COLOR colours what the process writes; NO_COLOR wins over a terminal', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.kpl'), 'input p key id { id: text; a: number }\nindicator x weight 90% = a\n');
    expect(spawn(['check', join(dir, 'bad.kpl')], '', { FORCE_COLOR: '1' }).stderr).toContain('\x1b[31;1merror');
    expect(spawn(['check', join(dir, 'bad.kpl'), '--no-color'], '', { FORCE_COLOR: '1' }).stderr).not.toContain('\x1b[');
  });
});

describe('kpl completion', () => {
  it('prints a script for bash, zsh and fish naming every command and option', () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const r = run('completion', shell);
      expect(r.code).toBe(0);
      for (const c of Object.keys(COMMANDS)) expect(r.out).toContain(c);
      expect(r.out).toContain('deny-warnings');
    }
    expect(run('completion', 'powershell').code).toBe(64);
  });
  it('the bash script is valid bash and completes commands and option values', () => {
    const script = run('completion', 'bash').out;
    const probe = (words: string[]) => spawnSync('bash', ['-c', `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _kpl; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    expect(probe(['kpl', 'ch']).stdout).toBe('check\n');
    expect(probe(['kpl', 'eval', '--format', '']).stdout.split('\n')).toEqual(['csv', 'json', 'table', '']);
    expect(probe(['kpl', 'lint', '--deny']).stdout).toBe('--deny-warnings\n');
  });
});

/**
 * `kpl eval` with the fast engine (the default) against `--engine exact`: the same output bytes,
 * diagnostics and exit status for CSV files with every RFC 4180 feature, Unicode whitespace,
 * full-width percent signs, Chinese booleans — and for broken files, which the fast reader hands
 * to src/data so the diagnostics are exactly those of the exact path. Also the streaming path
 * (a policy without cohort steps, read in small blocks and evaluated in small chunks).
 */
import { describe, it, expect, vi, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.ts';
import { lastRun } from '../../src/cli/fast-eval.ts';
import { customerManager } from './gen-data.ts';

function run(...argv: string[]) {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = main(argv);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env['KPL_FAST_BLOCK'];
  delete process.env['KPL_FAST_CHUNK'];
});

const dir = mkdtempSync(join(tmpdir(), 'kpl-fast-csv-'));
let n = 0;
const file = (name: string, content: string | Uint8Array): string => {
  const p = join(dir, `${n++}-${name}`);
  writeFileSync(p, content);
  return p;
};

/** Runs both engines; expects identical stdout/stderr/exit, and identical --out files. */
function same(policy: string, data: string[], formats: string[] = ['csv'], path: 'columns' | 'src/data' = 'columns'): { code: number; out: string; err: string } {
  const dataArgs = data.flatMap((d) => ['--data', d]);
  let first: { code: number; out: string; err: string } | undefined;
  for (const format of formats) {
    const fast = run('eval', policy, ...dataArgs, '--format', format);
    expect(lastRun.path, lastRun.reason).toBe(path);
    const exact = run('eval', policy, ...dataArgs, '--format', format, '--engine', 'exact');
    expect(fast.out).toBe(exact.out);
    expect(fast.err).toBe(exact.err);
    expect(fast.code).toBe(exact.code);
    first ??= fast;
  }
  const outFast = join(dir, `${n++}-fast.csv`);
  const outExact = join(dir, `${n++}-exact.csv`);
  const f = run('eval', policy, ...dataArgs, '--out', outFast);
  const x = run('eval', policy, ...dataArgs, '--out', outExact, '--engine', 'exact');
  expect(f.code).toBe(x.code);
  expect(f.err).toBe(x.err);
  expect(existsSync(outFast)).toBe(existsSync(outExact));
  if (existsSync(outExact)) expect(readFileSync(outFast, 'utf8')).toBe(readFileSync(outExact, 'utf8'));
  return first!;
}

const CM = 'policies/customer-manager.kpl';
const HEADER = 'id,name,unit,sales_actual,sales_target,growth_rate,new_customers,retention_rate,satisfaction,avg_resolution_hours,complaints,callback_rate,training_hours,collaboration,awards,compliance_violation,base_bonus';

/** A simple policy without cohort steps, exercising every column type. */
const SIMPLE = `
policy "simple"
input people key id {
  id: text
  name: text
  team: category { 一组, 二组, "三 组" }
  rate: percent in [0, 1] optional
  hours: number >= 0
  count: integer >= 0
  ok: bool
  day: date optional
  pay: money
}
indicator a weight 50% missing drop = min(rate / 90%, 1) * 100
indicator b weight 50% = 100 - min(hours, 100) / max(count, 1)
total = round(weighted, 2)
output id, name, team, total, pay, half = pay / 2, ok, day, status
`;

/** The same with a required rate: a person without one cannot be assessed. */
const ERRORS = SIMPLE.replace('missing drop', 'missing error');

describe('kpl eval --engine fast on CSV files', () => {
  it('reads BOM, CRLF and CR line ends, quoted commas, quotes and line breaks, spaces, blank lines, a missing final newline', () => {
    const policy = file('simple.kpl', SIMPLE);
    const rows = [
      'id,name,team,rate,hours,count,ok,day,pay',
      'P1,"王, 五",一组,12.5%,10,2,true,2026-01-31,100.50',
      '  P2 ,"say ""hi""",二组,,0.0,1,false,,-0.005',
      '',
      'P3,"line one\r\nline two",  "三 组"  ,90%,+3,4,1,2024-02-29,.5',
      ',,,,,,,,',
      'P4,\u3000张三\u3000,一组,0.125,100.000,3,是,,5.',
      'P5,x,二组,１％,7,7,否,,007',
      'P6,"  padded  ",一组,100%,1e0,1,no,,1',
    ];
    // P5's full-width digit and P6's exponent are errors: the whole file goes to src/data.
    same(policy, [`people=${file('people.csv', '\uFEFF' + rows.join('\r\n'))}`], ['csv', 'json', 'table'], 'src/data');
    const good = rows.filter((r) => !r.startsWith('P5') && !r.startsWith('P6'));
    const r = same(policy, [`people=${file('people.csv', '\uFEFF' + good.join('\r'))}`], ['csv', 'json']);
    expect(r.code).toBe(0);
    same(policy, [`people=${file('people.csv', good.join('\n'))}`]);
  });

  it('keeps text exactly: quoted spaces, formula-like text, full-width percent, Chinese booleans', () => {
    const policy = file('simple.kpl', SIMPLE);
    const rows = ['id,name,team,rate,hours,count,ok,day,pay', 'Q1,=SUM(A1),一组,50％,1,1,是,,1', 'Q2,"  +cmd  ",二组, 50 % ,2,2,否,,2', 'Q3,@x,一组,0.5,3,3,YES,,3', 'Q4,-1,二组,,4,4,False,,4'];
    const r = same(policy, [`people=${file('people.csv', rows.join('\n') + '\n')}`], ['csv', 'json']);
    expect(r.code).toBe(0);
  });

  it('hands broken files to src/data: the diagnostics and exit status are those of the exact path', () => {
    const policy = file('simple.kpl', SIMPLE);
    const head = 'id,name,team,rate,hours,count,ok,day,pay';
    const ok = 'R1,a,一组,10%,1,1,true,,1';
    const broken = [
      [head, ok, 'R2,b,一组,10%,x,1,true,,1'], // not a number
      [head, ok, 'R2,b,一组,10%,1,1,true,,1,extra'], // wrong field count
      [head, ok, 'R1,b,一组,10%,1,1,true,,1'], // duplicate key
      [head, ok, 'R2,"b,一组,10%,1,1,true,,1'], // unterminated quote
      [head, ok, 'R2,b"c,一组,10%,1,1,true,,1'], // quote inside a field
      [head, ok, 'R2,b,四组,10%,1,1,true,,1'], // unknown category
      [head, ok, 'R2,b,一组,10%,1,1.5,true,,1'], // not a whole number
      [head, ok, 'R2,b,一组,101%,1,1,true,,1'], // out of range
      [head, ok, 'R2,,一组,10%,1,1,true,,1'], // required value empty
      [head, ok, 'R2,b,一组,10%,1,1,maybe,,1'], // not a boolean
      [head, ok, 'R2,b,一组,10%,1,1,true,2026-02-30,1'], // not a date
      ['id,name,team,rate,hours,count,ok,pay', 'R1,a,一组,10%,1,1,true,1'], // missing column
      [head + ',extra', ok + ',x'], // an undeclared column: a warning, still fast
      [head, head, ok], // a header twice (a bad row)
      [head], // no data rows
    ];
    for (const lines of broken) same(policy, [`people=${file('people.csv', lines.join('\n') + '\n')}`], ['csv'], lines[0]!.endsWith(',extra') ? 'columns' : 'src/data');
    same(policy, [`people=${file('people.csv', Uint8Array.from([...Buffer.from(head + '\nR1,'), 0xff, ...Buffer.from(',一组,1,1,1,true,,1\n')]))}`], ['csv'], 'src/data');
    same(policy, [`people=${file('people.csv', '')}`], ['csv'], 'src/data');
  });

  it('evaluation errors in a policy without cohort steps are reported per person, as the interpreter does', () => {
    const policy = file('errors.kpl', ERRORS);
    const rows = ['id,name,team,rate,hours,count,ok,day,pay'];
    for (let i = 0; i < 200; i++) rows.push(`E${i},n,一组,${i % 7 ? `${i % 100}%` : ''},${i},${i % 5},true,,${i}.25`);
    const r = same(policy, [`people=${file('people.csv', rows.join('\n') + '\n')}`], ['csv', 'json']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/KPL4001/);
  });

  it('streams a policy without cohort steps in blocks and chunks, with identical bytes', () => {
    const policy = file('simple.kpl', SIMPLE);
    const rows = ['id,name,team,rate,hours,count,ok,day,pay'];
    for (let i = 0; i < 3000; i++) rows.push(`S${i},"名 ${i}",${['一组', '二组', '三 组'][i % 3]},${i % 11 ? `${(i % 100) / 100}` : ''},${(i * 7) % 130}.5,${(i % 9) + 1},${i % 2 ? 'true' : 'false'},${i % 13 ? '' : '2026-03-01'},${(i * 3.7).toFixed(2)}`);
    const data = `people=${file('people.csv', rows.join('\r\n') + '\r\n')}`;
    process.env['KPL_FAST_BLOCK'] = '4096';
    process.env['KPL_FAST_CHUNK'] = '500';
    same(policy, [data]);
  });

  it('streams a policy reading a lookup table and a related table, and takes JSON data through src/data', () => {
    const policy = file(
      'joined.kpl',
      `policy "joined"
input staff key id {
  id: text
  team: text -> teams
  base: money >= 0
}
input reviews of staff by who {
  who: text
  kind: category { 上级, 同事 }
  score: number in [0, 100]
}
table teams key team {
  team: text
  factor: number > 0
}
indicator 评议 weight 100% missing zero = group_mean(reviews.score, by: reviews.kind) { 上级: 60%; 同事: 40% }
total = round(weighted, 2)
reward = round(base * teams[team].factor * total / 100, 2)
output id, team, total, reviews_count = count(reviews), reward
`,
    );
    const staff = ['id,team,base'];
    const reviews = ['who,kind,score'];
    for (let i = 0; i < 1200; i++) {
      staff.push(`P${i},${['红', '蓝', '绿'][i % 3]},${(1000 + i * 3.33).toFixed(2)}`);
      for (let k = 0; k < i % 5; k++) reviews.push(`P${i},${k % 2 ? '上级' : '同事'},${(i * 7 + k * 13) % 101}`);
    }
    const teams = 'team,factor\n红,1.2\n蓝,0.85\n绿,1\n';
    process.env['KPL_FAST_BLOCK'] = '2048';
    process.env['KPL_FAST_CHUNK'] = '300';
    const r = same(policy, [`staff=${file('staff.csv', staff.join('\n') + '\n')}`, `reviews=${file('reviews.csv', reviews.join('\n') + '\n')}`, `teams=${file('teams.csv', teams)}`]);
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('\n').length).toBe(1202);
    // The same staff as JSON: src/data reads it, the evaluation is still the fast engine's.
    const json = JSON.stringify(staff.slice(1).map((l) => Object.fromEntries(['id', 'team', 'base'].map((c, j) => [c, l.split(',')[j]]))));
    same(policy, [`staff=${file('staff.json', json)}`, `reviews=${file('reviews.csv', reviews.join('\n') + '\n')}`, `teams=${file('teams.csv', teams)}`], ['csv'], 'src/data');
  });

  it('reads generated customer-manager data in small blocks exactly', () => {
    process.env['KPL_FAST_BLOCK'] = '65536';
    const r = same(CM, [`employees=${file('employees.csv', customerManager(3000, 21))}`]);
    expect(r.out.split('\n')[0]).toBe('id,total,grade_before_distribution,grade,reward');
  });

  it('rejects an unknown engine', () => {
    const r = run('eval', CM, '--data', `employees=${file('e.csv', HEADER + '\n')}`, '--engine', 'turbo');
    expect(r.code).toBe(64);
    expect(r.err).toMatch(/--engine must be one of fast, exact/);
  });
});

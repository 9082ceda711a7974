/**
 * Running `.kpltest` cases against small policies whose results are computed by hand: defaults,
 * explicit empties, approximate and exact numbers, expected errors, cohort rules, pools, and the
 * problems that stop a case (unknown columns and expectations, with suggestions).
 */
import { describe, it, expect } from 'vitest';
import { compile } from '../../../src/compile.ts';
import { parseTests } from '../../../src/testing/parse-tests.ts';
import { runTests, compare } from '../../../src/testing/run-tests.ts';
import { Decimal } from '../../../src/numeric/decimal.ts';

const POLICY = `policy "t" version "1"
input people key id {
  id: text
  unit: text
  a: number in [0, 100]
  b: number in [0, 100] optional
  bad: bool
  base: money >= 0
}
indicator x weight 60% = steps(a) { >= 90: 100; >= 60: 80; otherwise: 0 }
indicator y weight 40% missing drop = min(b * 2, 100)
total = round(weighted, 2)
grade { A >= 90; B >= 70; C otherwise }
veto "违规" when bad then grade C
distribute per unit {
  A at most 25% floor, min 1 -> B
  order by total desc, id asc
}
reward = round(base * lookup(grade) { A: 1.5; B: 1.0; C: 0.5 }, 2)
output id, total, grade, reward
`;

function plan(text = POLICY) {
  const c = compile('t.kpl', text);
  expect(c.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return c.plan!;
}

function run(tests: string, text = POLICY) {
  const parsed = parseTests('t.kpltest', tests);
  expect(parsed.problems).toEqual([]);
  return runTests(plan(text), parsed.tests, { explain: true });
}

const DEFAULTS = `defaults people:
  unit: U
  a: 95
  b: 50
  bad: false
  base: 1000
`;

describe('runTests', () => {
  it('fills unspecified columns from the defaults and checks every expectation', () => {
    const r = run(`${DEFAULTS}
case scores
| id | a  | b  || x   | y   | total | grade_before |
| E1 | 95 | 40 || 100 | 80  | 92    | A            |  # 60% × 100 + 40% × 80
| E2 | 60 |    || 80  | 100 | 88    | B            |  # b from the defaults: 50 × 2 = 100
| E3 | 59 | -  || 0   | -   | 0     | C            |  # b empty: y is not applicable, x carries all
`);
    expect(r.passed).toBe(true);
    expect(r.cases[0]!.rows.map((x) => x.name)).toEqual(['E1 60% × 100 + 40% × 80', 'E2 b from the defaults: 50 × 2 = 100', 'E3 b empty: y is not applicable, x carries all']);
  });

  it('a failing row shows expected and actual with its cell position, and the explanation of the person', () => {
    const r = run(`${DEFAULTS}
case wrong
| id | a  || total | grade |
| E1 | 95 || 91    | A     |
`);
    expect(r.passed).toBe(false);
    const row = r.cases[0]!.rows[0]!;
    expect(row.mismatches).toEqual([{ column: 'total', expected: '91', actual: '100.00', line: 10, col: 14 }]);
    expect(row.explanation).toContain('Explanation of the result of E1');
    expect(row.explanation).toContain('a = 95 → row `>= 90: 100`');
  });

  it('compares numbers exactly, or rounded to the places written after ~', () => {
    expect(compare('92', new Decimal('92.00')).ok).toBe(true);
    expect(compare('92.001', new Decimal('92')).ok).toBe(false);
    expect(compare('~83.33', new Decimal('83.3333333')).ok).toBe(true);
    expect(compare('~83.34', new Decimal('83.3333333')).ok).toBe(false);
    expect(compare('≈ 12.5%', new Decimal('0.12499')).ok).toBe(true);
    expect(compare('50%', new Decimal('0.5')).ok).toBe(true);
    expect(compare('-', null).ok).toBe(true);
    expect(compare('—', new Decimal(0)).ok).toBe(false);
    expect(compare('是', true).ok).toBe(true);
    expect(compare('false', true).ok).toBe(false);
    expect(compare('A', 'A').ok).toBe(true);
    expect(compare('10.50', { number: '10.5' }).ok).toBe(true);
  });

  it('cohort rules see the whole case: the quota, the tie broken by id, the veto and the reward', () => {
    const r = run(`${DEFAULTS}
case quota
| id | a  | b  | bad   || total | grade_before | grade | reward  | veto |
| E3 | 95 | 40 | false || 92    | A            | B     | 1000.00 | -    |
| E1 | 95 | 40 | false || 92    | A            | A     | 1500.00 | -    |  # same total as E3, lower id
| E2 | 95 | 40 | true  || 92    | C            | C     | 500.00  | 违规 |
| E4 | 60 | 40 | false || 80    | B            | B     | 1000    | -    |  # 60% × 80 + 40% × 80
`);
    expect(r.cases[0]!.rows.filter((x) => !x.passed).map((x) => x.mismatches)).toEqual([]);
  });

  it('expects errors by code: a data error and an assessment error; an unexpected error fails the row', () => {
    const r = run(`${DEFAULTS}
case errors
| id | a   | base || status | error   | total |
| E1 | 101 | 10   || error  | KPL3002 | -     |
| E2 | 95  | -5   || error  | KPL3002 |       |
| E3 | 95  | 10   || ok     | -       | 100   |
case unexpected
| id | a   || total |
| E1 | abc || 92    |
`);
    expect(r.cases[0]!.passed).toBe(true);
    const bad = r.cases[1]!.rows[0]!;
    expect(bad.passed).toBe(false);
    expect(bad.mismatches[0]!.column).toBe('status');
    expect(bad.mismatches[0]!.actual).toMatch(/^error: t\.kpltest:\d+: KPL3001 `abc` in column `a` is not a number/);
  });

  it('stops a case on unknown columns and expectations, with a suggestion and the cell position', () => {
    const parsed = parseTests('t.kpltest', `${DEFAULTS}
case typos
| id | aa || totl | grade |
| E1 | 1  || 1    | A     |
`);
    const r = runTests(plan(), parsed.tests);
    expect(r.passed).toBe(false);
    expect(r.cases[0]!.problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual([
      '9:8 `people` has no column `aa`; did you mean `a`?',
      '9:14 nothing called `totl` can be checked; did you mean `total`?',
    ]);
  });

  it('checks table names and default columns of the whole file', () => {
    const parsed = parseTests('t.kpltest', `defaults peple:
  a: 1
defaults people:
  aa: 1
case c
| id || total |
| E1 || 0     |
`);
    const r = runTests(plan(), parsed.tests);
    expect(r.problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual([
      '1:1 the policy has no input table `peple`; did you mean `people`?',
      '4:3 `people` has no column `aa`; did you mean `a`?',
    ]);
  });

  it('runs only the cases whose name contains the filter', () => {
    const parsed = parseTests('t.kpltest', `${DEFAULTS}
case alpha
| id || total |
| E1 || 100   |
case beta
| id || total |
| E1 || 0     |
`);
    const r = runTests(plan(), parsed.tests, { filter: 'alp' });
    expect(r.cases.map((c) => c.name)).toEqual(['alpha']);
  });
});

const POOL = `input people key id {
  id: text
  team: text -> teams
  s: number in [0, 100]
}
table teams key team { team: text; pool: money >= 0 }
input ratings of people by who { who: text; score: number }
indicator x weight 100% = s
let n = count(ratings)
total = round(weighted, 2)
grade { A >= 90; B >= 50; C otherwise }
reward = allocate(teams[team].pool, by: total * lookup(grade) { A: 1; B: 1; C: 0 }, per: team)
output id, total, grade, reward, n
`;

describe('runTests with related and lookup tables', () => {
  it('shares pools to the cent, reports an all-zero team as unallocated, counts related rows', () => {
    const r = run(
      `teams:
| team | pool   |
| T1   | 100.00 |
| T2   | 50.00  |

case pools
| id | team | s  || total | reward | n |
| E1 | T1   | 60 || 60    | 33.34  | 2 |  # 100 × 60 ÷ 180 = 33.333…, the left-over cent goes to E1 (lower id)
| E2 | T1   | 60 || 60    | 33.33  | 0 |
| E3 | T1   | 60 || 60    | 33.33  | 0 |
| E4 | T2   | 10 || 10    | 0.00   | 0 |
ratings:
| who | score |
| E1  | 1     |
| E1  | 2     |
expect pool T2 unallocated 50.00
expect pool T1 unallocated 0

case no ratings at all
| id | team | s  || n |
| E1 | T1   | 95 || 0 |
`,
      POOL,
    );
    expect(r.cases.flatMap((c) => [...c.rows.filter((x) => !x.passed).map((x) => x.mismatches), ...c.problems, ...c.pools.filter((p) => !p.passed)])).toEqual([]);
    expect(r.cases[0]!.pools.map((p) => p.message)).toEqual(['unallocated 50.00', 'unallocated 0.00']);
  });

  it('expectations belong to the people table', () => {
    const parsed = parseTests('t.kpltest', `case c
people:
| id | team | s |
| E1 | T1   | 1 |
teams:
| team | pool || total |
| T1   | 1    || 1     |
`);
    const r = runTests(plan(POOL), parsed.tests);
    expect(r.cases[0]!.problems.map((p) => p.message)).toEqual(['expectations (right of `||`) belong to the table of people (`people`), not to `teams`']);
  });
});

/**
 * The `.kpltest` format: structure, cells, labels, Chinese keywords and full-width punctuation,
 * and line-located errors that do not stop the parse.
 */
import { describe, it, expect } from 'vitest';
import { parseTests } from '../../../src/testing/parse-tests.ts';

const FILE = `# a comment
policy ../p.kpl

defaults employees:
  unit: U1          # trailing comment
  sales = 100

teams:
| team | pool |
| T1   | 10.00 |

case "first case"
| id | sales || total | grade |
| E1 | 120   || 100   | A     |  # exactly 120%
| E2 |       || -     | \\| B  |
ratings:
| ratee | score |
| E1    | 90    |
expect pool T1 unallocated 0.00

用例 第二个：全角
｜ id ｜ a ｜｜ total ｜
｜ X  ｜ 1 ｜｜ 5     ｜
默认 ratings：
| rater | score |
| R     | 100   |
`;

describe('parseTests', () => {
  const { tests, problems } = parseTests('t.kpltest', FILE);

  it('reads the policy line, defaults, shared tables and cases', () => {
    expect(problems).toEqual([]);
    expect(tests.policy).toEqual({ path: '../p.kpl', line: 2, col: 1 });
    expect(tests.defaults).toHaveLength(1);
    expect(tests.defaults[0]!.table).toBe('employees');
    expect(tests.defaults[0]!.values.map((v) => [v.name, v.value, v.line])).toEqual([
      ['unit', 'U1', 5],
      ['sales', '100', 6],
    ]);
    expect(tests.tables.map((t) => [t.table, t.inputs.map((c) => c.text), t.rows.length])).toEqual([['teams', ['team', 'pool'], 1]]);
    expect(tests.cases.map((c) => c.name)).toEqual(['first case', '第二个：全角']);
  });

  it('splits inputs and expectations at ||, keeps labels, empty cells and escaped bars', () => {
    const c = tests.cases[0]!;
    const people = c.tables[0]!;
    expect(people.table).toBeUndefined();
    expect(people.inputs.map((h) => h.text)).toEqual(['id', 'sales']);
    expect(people.expects.map((h) => h.text)).toEqual(['total', 'grade']);
    expect(people.rows[0]!.label).toBe('exactly 120%');
    expect(people.rows[1]!.inputs.map((x) => x.text)).toEqual(['E2', '']);
    expect(people.rows[1]!.expects.map((x) => x.text)).toEqual(['-', '| B']);
    // Columns are 1-based positions in the line.
    expect(people.rows[0]!.expects[1]).toMatchObject({ text: 'A', line: 14, col: 25 });
    expect(c.tables[1]!.table).toBe('ratings');
    expect(c.pools).toEqual([{ group: 'T1', amount: '0.00', line: 19, col: 1 }]);
  });

  it('accepts Chinese keywords, full-width bars and colons, and a defaults table', () => {
    const c = tests.cases[1]!;
    expect(c.tables[0]!.inputs.map((h) => h.text)).toEqual(['id', 'a']);
    expect(c.tables[0]!.rows[0]!.expects.map((x) => x.text)).toEqual(['5']);
    expect(c.defaults).toEqual([{ table: 'ratings', line: 24, col: 1, values: [
      { name: 'rater', value: 'R', line: 26, col: 3 },
      { name: 'score', value: '100', line: 26, col: 11 },
    ] }]);
  });

  it('reports every problem with its line and column, and keeps going', () => {
    const bad = [
      '| id | a |', // 1: a table outside a case without a name
      'case one',
      '| id | a || total |',
      '| E1 | 1 |', // 4: too few cells
      '| E2 || 1 | 2 |', // 5: divider in the wrong place
      'this line means nothing', // 6
      'policy late.kpl', // 7: policy after a case
      'case one', // 8: duplicate name
      '| a || b || c |', // 9: two dividers
      'case empty', // 10: no table
      'expect pool', // 11: incomplete
    ].join('\n');
    const r = parseTests('bad.kpltest', bad);
    expect(r.problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual([
      '1:1 a table outside a case needs a name: write the table name and a colon (`teams:`) on the line above',
      '4:1 this row has 2 cells but the header (line 3) has 3',
      '5:1 this row needs `||` after its 2nd cell, as in its header (line 3)',
      '6:1 cannot read this line: expected `case NAME`, `defaults TABLE:`, `TABLE:`, a table row `| … |` or `expect pool …`',
      '7:1 `policy` comes first in a test file, before defaults, tables and cases',
      '8:1 a case named `one` already exists (line 2)',
      '8:1 case `one` has no table of people',
      '9:10 a row has only one `||` divider',
      '10:1 case `empty` has no table of people',
      '11:1 write `expect pool GROUP unallocated AMOUNT`',
    ]);
    expect(r.problems.every((p) => p.file === 'bad.kpltest')).toBe(true);
  });

  it('tolerates a byte-order mark, CRLF line ends and rows without a closing bar', () => {
    const r = parseTests('w.kpltest', '\uFEFFcase c\r\n| id | a || total\r\n| E1 | 2 || 3  # label\r\n');
    expect(r.problems).toEqual([]);
    const row = r.tests.cases[0]!.tables[0]!.rows[0]!;
    expect(row.expects[0]!.text).toBe('3');
    expect(row.label).toBe('label');
  });
});

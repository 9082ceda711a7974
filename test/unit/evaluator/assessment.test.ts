/**
 * A person's assessment (src/semantics/assessment.ts) is evaluated whatever the outputs read, and
 * before the cohort steps: the interpreter and the fast engine give the same status, and a ranking
 * leaves out every person whose own evaluation failed — even when the rank is used inside an
 * indicator, i.e. inside the assessment itself.
 */
import { describe, it, expect } from 'vitest';
import { compile } from '../../../src/compile.ts';
import { loadTables } from '../../../src/data/load-tables.ts';
import { evaluate, type Cell } from '../../../src/evaluator/evaluate.ts';
import { evaluateFast } from '../../../src/fast/index.ts';
import { assessment } from '../../../src/semantics/assessment.ts';

function run(policy: string, people: string) {
  const c = compile('t.kpl', policy);
  expect(c.diagnostics.filter((d) => d.severity === 'error').map((e) => e.message)).toEqual([]);
  const data = loadTables(c.plan!.inputs, [{ table: 'people', fileName: 'people.csv', bytes: new TextEncoder().encode(people) }]);
  const rows = (r: { people: readonly { status: string; cells: readonly Cell[] }[] }) => r.people.map((p) => [p.status, ...p.cells.map((x) => (x === null ? '' : typeof x === 'string' ? x : x.number))].join(','));
  const exact = evaluate(c.plan!, data);
  const fast = evaluateFast(c.plan!, data);
  expect(rows(fast)).toEqual(rows(exact));
  return { rows: rows(exact), codes: exact.diagnostics.map((d) => d.code) };
}

const HEAD = `input people key id { id: text; score: number in [0, 100]; cb: number in [0, 100] optional }\n`;
const PEOPLE = 'id,score,cb\np1,80,50\np2,100,\np3,90,50\np4,70,50\n';

describe('the assessment', () => {
  it('lists the individual values, then the distribution grade and the reward', () => {
    const one = [{ id: 'a' }] as never;
    expect(assessment({ indicators: one, grades: [], reward: undefined, distribution: undefined })).toEqual({ individual: ['weighted', 'total'], cohort: [] });
    // A scheme of money alone has no indicators, so no weighted score to assess.
    expect(assessment({ indicators: [], grades: [], reward: undefined, distribution: undefined })).toEqual({ individual: ['total'], cohort: [] });
    const graded = assessment({ indicators: one, grades: [{ grade: 'A' }] as never, distribution: { rules: [], tieBreak: [] } as never, reward: { name: 'reward' } as never });
    expect(graded).toEqual({ individual: ['weighted', 'total', 'grade_before'], cohort: ['grade', 'reward'] });
  });

  it('makes a person an error row whatever the outputs list', () => {
    const onlyInputs = run(HEAD + 'indicator a weight 50% = score\nindicator b weight 50% missing error = cb\noutput id, status, score', PEOPLE);
    expect(onlyInputs.rows).toEqual(['ok,p1,ok,80', 'error,p2,error,100', 'ok,p3,ok,90', 'ok,p4,ok,70']);
    expect(onlyInputs.codes).toEqual(['KPL4001']);
  });

  it('leaves error rows out of a rank used inside an indicator', () => {
    // p2 cannot be assessed; among p1 80, p3 90, p4 70 the ranks are 2, 1, 3: 名次分 = 100 − 10 × rank.
    const r = run(HEAD + 'indicator 名次分 weight 50% = 100 - rank(score) * 10\nindicator b weight 50% missing error = cb\noutput id, status, total', PEOPLE);
    expect(r.rows).toEqual(['ok,p1,ok,65', 'error,p2,error,', 'ok,p3,ok,70', 'ok,p4,ok,60']);
  });

  it('leaves error rows out of a rank written after the failing indicator too', () => {
    const r = run(HEAD + 'indicator b weight 50% missing error = cb\nindicator 名次分 weight 50% = 100 - rank(score) * 10\noutput id, status, total', PEOPLE);
    expect(r.rows).toEqual(['ok,p1,ok,65', 'error,p2,error,', 'ok,p3,ok,70', 'ok,p4,ok,60']);
  });
});

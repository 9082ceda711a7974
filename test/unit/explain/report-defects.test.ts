/**
 * Three things `kpl explain` once got wrong (issue 13): a rule starting with a bracket was quoted
 * without its "(", a grade filled only by rules moving people into it was said to have no quota
 * rule, and `let` definitions were listed under the indicator scores.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/compile.ts';
import { loadTables } from '../../../src/data/load-tables.ts';
import { evaluate } from '../../../src/evaluator/evaluate.ts';
import { explainDoc } from '../../../src/explain/index.ts';
import { renderDoc } from '../../../src/explain/doc.ts';

const POLICY = `policy "末位调整" version "1"
period year
input people key id {
  id: text
  x: number in [0, 100]
  y: number in [0, 100]
}
let 平均 = (x + y) / 2
indicator 甲 weight 50% = (x + y) / 2
indicator 乙 weight 50% = 平均
total = round(weighted, 2)
grade {
  优秀 >= 90
  良好 >= 80
  合格 >= 60
  待改进 < 60
}
distribute {
  优秀 at most 100% -> 待改进
  良好 at most 100% -> 待改进
  合格 at most 100% -> 待改进
  order by total desc, id asc
}
output id, total, grade
`;
const CSV = 'id,x,y\nP1,55,50\nP2,95,90\nP3,70,80\n';

function report(id: string, lang: 'en' | 'zh'): string {
  const c = compile('p.kpl', POLICY);
  expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const data = loadTables(c.plan!.inputs, [{ table: 'people', fileName: 'people.csv', bytes: new TextEncoder().encode(CSV) }]);
  const r = evaluate(c.plan!, data);
  return renderDoc(explainDoc(r.evaluation.plan, r.evaluation.data, id, lang)!, 'text');
}

describe('kpl explain', () => {
  it('quotes a rule that starts with a bracket whole', () => {
    const text = report('P1', 'en');
    expect(text).toContain('甲 = (x + y) / 2');
    expect(text).toContain('平均 = (x + y) / 2');
    expect(text).not.toMatch(/= x \+ y\)/);
  });

  it('lists `let` definitions in their own section, not under the indicator scores', () => {
    const text = report('P1', 'en');
    const lets = text.indexOf('Definitions (`let`)');
    const scores = text.indexOf('Indicator scores');
    expect(lets).toBeGreaterThan(0);
    expect(scores).toBeGreaterThan(lets);
    expect(text.slice(scores)).not.toMatch(/^平均$/m);
    expect(report('P1', 'zh')).toContain('中间计算（`let`）');
  });

  it('names the rules that move people into a grade without a quota of its own', () => {
    const en = report('P1', 'en');
    expect(en).not.toContain('has no quota rule');
    expect(en).toContain('3 rules move people from other grades into it');
    const zh = report('P1', 'zh');
    expect(zh).toContain('有 3 条规则会把其他等级的人调入 待改进');
    expect(zh).toContain('`良好 at most 100% -> 待改进`');
  });
});

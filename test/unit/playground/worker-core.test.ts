/**
 * The playground's compiler side (what runs in its web workers) gives the CLI's results: for every
 * example its CSV is byte for byte the case's expected.csv, and its explanation is explainPerson's.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, csvHeader, EvalSession, formatSource, readyMessage, SentParts } from '../../../playground/src/worker-core.ts';
import { ReceivedParts } from '../../../playground/src/client.ts';

const CASES = [
  { name: 'customer-manager', tables: ['employees'] },
  { name: 'service-manager', tables: ['employees', 'teams'] },
  { name: 'manager-360', tables: ['managers', 'ratings'] },
];

function session(c: (typeof CASES)[number]): EvalSession {
  const s = new EvalSession();
  s.setData(1, c.tables.map((t) => ({ table: t, fileName: `${t}.csv`, bytes: new Uint8Array(readFileSync(join('policies', 'data', c.name, `${t}.csv`))) })));
  return s;
}

describe('playground worker core', () => {
  for (const c of CASES) {
    it(`${c.name}: results CSV equals expected.csv byte for byte`, () => {
      const s = session(c);
      const source = readFileSync(join('policies', `${c.name}.kpl`), 'utf8');
      const r = s.run(7, source, true, source);
      const expected = readFileSync(join('policies', 'data', c.name, 'expected.csv'), 'utf8');
      expect(s.csv(7)).toBe(expected);
      // One person per data row of expected.csv, in its order.
      expect(r.summary!.people.map((p) => p.key)).toEqual(expected.trimEnd().split('\n').slice(1).map((l) => l.split(',')[0]));
      // The baseline (same policy) gives the same people, totals and grades.
      expect(r.baseline?.people.map((p) => [p.key, p.total, p.grade, p.reward])).toEqual(r.summary!.people.map((p) => [p.key, p.total, p.grade, p.reward]));
      // A second run reuses the loaded data.
      expect(s.run(8, source, false).timing.dataCached).toBe(true);
    });
  }

  it('shows a person not assessed (`exempt`) with that status and the reason, not as an error', () => {
    const s = new EvalSession();
    s.setData(1, [{ table: 'staff', fileName: 'staff.csv', bytes: new TextEncoder().encode('id,months,score\np1,12,80\np2,1,90\n') }]);
    const source = 'input staff key id { id: text; months: integer >= 0; score: number in [0, 100] }\nexempt "本季度入职" when months < 3\nindicator 业绩 weight 100% = score\n';
    const r = s.run(2, source, true);
    expect(r.summary!.people.map((p) => [p.key, p.status, p.exempt ?? null, p.error ?? null])).toEqual([
      ['p1', 'ok', null, null],
      ['p2', 'not_assessed', '本季度入职', null],
    ]);
    expect(s.csv(2)).toBe('id,status,reason,total\np1,ok,,80\np2,not_assessed,本季度入职,\n');
  });

  it('re-uses the rows of an edit that leaves the plan the same, with the new positions', () => {
    const c = CASES[1]!;
    const source = readFileSync(join('policies', `${c.name}.kpl`), 'utf8');
    const s = session(c);
    const first = s.run(1, source, false);
    const moved = `# 说明\n\n${source}\n# 末尾注释`;
    const again = s.run(2, moved, false);
    expect(again.timing.resultsCached).toBe(true);
    expect(again.summary!.people).toBe(first.summary!.people);
    // Exactly what a fresh session computes for the moved text (grade positions included).
    expect(again.summary).toEqual(session(c).run(1, moved, false).summary);
    expect(again.summary!.grades[0]!.start).toBe(first.summary!.grades[0]!.start! + '# 说明\n\n'.length);
    expect(s.csv(2)).toBe(readFileSync(join('policies', 'data', c.name, 'expected.csv'), 'utf8'));
    // A change of a number is a new plan: evaluated again.
    const changed = s.run(3, source.replace('客户满意度 weight 60%', '客户满意度 weight 70%').replace('客户回访率 weight 40%', '客户回访率 weight 30%'), false);
    expect(changed.timing.resultsCached).toBeUndefined();
    expect(changed.summary!.people).not.toEqual(first.summary!.people);
  });

  it('sends people and baseline once, then refers to them by id', () => {
    const c = CASES[0]!;
    const source = readFileSync(join('policies', `${c.name}.kpl`), 'utf8');
    const s = session(c);
    const sent = new SentParts();
    const got = new ReceivedParts();
    const r1 = s.run(1, source, false, source);
    const w1 = sent.wire(r1);
    expect(w1.peopleId).toBeDefined();
    expect(got.restore(structuredClone(w1))).toMatchObject(r1);
    const r2 = s.run(2, `${source}\n# x`, false, source);
    const w2 = sent.wire(r2);
    expect(w2.summary!.people).toEqual([]);
    expect(w2.baseline).toBeUndefined();
    expect(w2.peopleRef).toBe(w1.peopleId);
    expect(w2.baselineRef).toBe(w1.baselineId);
    expect(got.restore(structuredClone(w2))).toMatchObject(r2);
    // A page that lost the parts (a restarted worker, a cleared store) cannot fill them in: it asks for everything.
    expect(new ReceivedParts().restore(structuredClone(w2))).toBeUndefined();
    const w3 = sent.wire(r2, true);
    expect(w3.summary!.people).toHaveLength(r2.summary!.people.length);
    expect(w3.baseline).toBeDefined();
  });

  it('explains a person with the CLI explanation text and source ranges', () => {
    const c = CASES[0]!;
    const s = session(c);
    const source = readFileSync(join('policies', `${c.name}.kpl`), 'utf8');
    s.run(3, source, false);
    const x = s.explain(3, 'E0003', 'en');
    expect(x.found).toBe(true);
    // The CLI's report, computed by the same explainPerson.
    expect(x.text).toContain('E0003');
    expect(x.textLang).toBe('en');
    expect(s.explain(3, 'E0003').text).toBeUndefined();
    expect(x.total).toBe('98.91');
    expect(x.grade).toBe('A');
    const top = x.indicators.filter((n) => n.depth === 0);
    const sum = top.reduce((a, n) => a + Number(n.contribution), 0);
    expect(sum).toBeCloseTo(Number(x.weighted), 3);
    const at = top[0]!.at!;
    expect(source.slice(at.start, at.end)).toMatch(/^indicator 业务拓展/);
    expect(s.explain(2, 'E0003').found).toBe(false); // another version: nothing
  });

  it('marks a person who cannot be assessed, with the reason in both languages', () => {
    const c = CASES[2]!;
    const s = session(c);
    const r = s.run(1, readFileSync(join('policies', `${c.name}.kpl`), 'utf8'), false);
    const m8 = r.summary!.people.find((p) => p.key === 'M008')!;
    expect(m8.status).toBe('error');
    expect(m8.error?.en).toMatch(/^`民主评议` cannot be assessed for this person: /);
    expect(m8.error?.zh).toMatch(/^无法为此人计算 `民主评议`：/);
  });

  it('reports data errors with table, row and column name', () => {
    const s = new EvalSession();
    const text = readFileSync(join('policies', 'data', 'customer-manager', 'employees.csv'), 'utf8').replace('E0002,陈峰明,城区二部,230319.08', 'E0002,陈峰明,城区二部,lots');
    s.setData(1, [{ table: 'employees', fileName: 'employees.csv', bytes: new TextEncoder().encode(text) }]);
    const r = s.run(1, readFileSync(join('policies', 'customer-manager.kpl'), 'utf8'), false);
    const d = r.summary!.diagnostics.find((x) => x.data?.line === 3);
    expect(d?.data).toMatchObject({ table: 'employees', line: 3, column: 'sales_actual' });
  });

  it('analyses while typing: diagnostics with offsets and symbols even with errors', () => {
    const source = readFileSync(join('policies', 'customer-manager.kpl'), 'utf8').replace('retention_rate * 100', 'retention_rat * 100');
    const a = analyze(5, source);
    expect(a.compiled).toBe(false);
    const d = a.diagnostics.find((x) => x.code === 'KPL2001')!;
    expect(source.slice(d.start, d.end)).toBe('retention_rat');
    expect(d.zh).toContain('retention_rat');
    // The help line in both languages: English for the quick fixes, Chinese for the Chinese view.
    expect(d.help).toBe('did you mean `retention_rate`?');
    expect(d.helpZh).toBe('是不是想写 `retention_rate`？');
    const ind = a.symbols.indicators.find((i) => i.id === '销售完成率')!;
    expect(ind.effectiveWeight).toBe('0.25');
    expect(ind.path).toEqual(['50%', '100%', '50%']);
    expect(a.symbols.tables[0]!.columns.some((c) => c.name === 'sales_actual' && c.type === 'money')).toBe(true);
    expect(a.symbols.grades.map((g) => g.name)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('announces the compiler version and the formatter when src/index.ts exports one', () => {
    const r = readyMessage();
    expect(r.compilerVersion).toMatch(/^kpl /);
    expect(r.builtins.some((b) => b.name === 'interpolate' && b.special)).toBe(true);
    // src/index.ts exports kpl fmt's formatPolicy: the playground formats with it.
    expect(r.formatAvailable).toBe(true);
    const source = readFileSync(join('policies', 'service-manager.kpl'), 'utf8');
    const messy = source.replace(/\n(indicator)/g, '\n    $1');
    const f = formatSource(messy);
    // The indentation added is taken out again: the same text as formatting the clean policy.
    expect(f.text).not.toBe(messy);
    expect(f.text).toBe(formatSource(source).text);
    expect(formatSource(f.text!).text).toBe(f.text);
    expect(formatSource('policy "x" {{{').text).toBeUndefined();
  });

  it('reads a CSV header with quoted fields', () => {
    expect(csvHeader(new TextEncoder().encode('\uFEFFa,"b,c", d \n1,2,3'))).toEqual(['a', 'b,c', 'd']);
  });
});

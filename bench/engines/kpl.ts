/** KPL itself, through the public API (src/index.ts): compile → loadTables → evaluate. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, loadTables, evaluate, type Plan, type LoadedData, type EvaluationResult, type Cell } from '../../src/index.ts';
import { emptyResults, type Results } from '../results-type.ts';

export const POLICY_FILE = fileURLToPath(new URL('../../policies/customer-manager.kpl', import.meta.url));
export const POLICY_TEXT = (): string => readFileSync(POLICY_FILE, 'utf8');

export function compilePolicy(text = POLICY_TEXT(), file = 'customer-manager.kpl'): Plan {
  const r = compile(file, text);
  if (!r.plan) throw new Error(`policy does not compile: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return r.plan;
}

export function loadEmployees(plan: Plan, csv: Uint8Array): LoadedData {
  const data = loadTables(plan.inputs, [{ table: 'employees', fileName: 'employees.csv', bytes: csv }]);
  const bad = data.diagnostics.find((d) => d.severity === 'error');
  if (bad) throw new Error(`generated data does not load: ${bad.code} ${bad.message}`);
  return data;
}

const GRADE_CODE: Record<string, number> = { A: 0, B: 1, C: 2, D: 3 };

function cents(c: Cell): number {
  if (c === null || typeof c === 'string') throw new Error(`expected a number, got ${JSON.stringify(c)}`);
  const m = /^(-?)(\d+)\.(\d\d)$/.exec(c.number);
  if (!m) throw new Error(`expected two decimals, got ${c.number}`);
  const v = Number(m[2]) * 100 + Number(m[3]);
  return m[1] ? -v : v;
}

/** KPL's evaluation as comparable results (id order = input order). */
export function toResults(r: EvaluationResult): Results {
  const col = (name: string): number => {
    const i = r.columns.indexOf(name);
    if (i < 0) throw new Error(`no output column ${name}`);
    return i;
  };
  const [t, gb, g, rw] = [col('total'), col('grade_before_distribution'), col('grade'), col('reward')];
  const out = emptyResults(r.people.length);
  r.people.forEach((p, i) => {
    if (p.status !== 'ok') throw new Error(`KPL could not evaluate ${p.key}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
    out.totalCents[i] = cents(p.cells[t]!);
    out.gradeBefore[i] = GRADE_CODE[p.cells[gb] as string]!;
    out.grade[i] = GRADE_CODE[p.cells[g] as string]!;
    out.rewardCents[i] = cents(p.cells[rw]!);
  });
  return out;
}

export function runKpl(plan: Plan, data: LoadedData): Results {
  return toResults(evaluate(plan, data));
}

/**
 * KPL itself, through the public API (src/index.ts): compile → loadTables → then either the fast
 * engine (`columnsOf` + `runFast`, what `kpl eval` uses) or the exact interpreter (`evaluate`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, loadTables, evaluate, columnsOf, runFast, type Plan, type LoadedData, type EvaluationResult, type FastResult, type Cell } from '../../src/index.ts';
import { cellAt, planInfo, usedColumns, type FastData } from '../../src/fast/index.ts';
import { indexTables } from '../../src/columnar/columns.ts';
import { CsvColumnReader } from '../../src/columnar/csv-columns.ts';
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

/** The exact interpreter's results (the reference semantics). */
export function runKpl(plan: Plan, data: LoadedData): Results {
  return toResults(evaluate(plan, data));
}

export type KplColumns = FastData;

/** The columns the fast engine reads, from data loaded by src/data (what the playground does). */
export function kplColumns(plan: Plan, data: LoadedData): KplColumns {
  return columnsOf(plan, data);
}

/**
 * The columns the fast engine reads, straight from the CSV bytes as `kpl eval` reads them (no row
 * objects: what stays in memory is the columns the policy uses).
 */
export function kplColumnsFromCsv(plan: Plan, csv: Uint8Array): KplColumns {
  const input = plan.inputs.find((t) => t.name === 'employees')!;
  const reader = new CsvColumnReader({ input, fileName: 'employees.csv', keep: usedColumns(plan, planInfo(plan).columns).get('employees') ?? new Set() });
  reader.push(csv);
  reader.end();
  const population = reader.take();
  const tables = new Map([[input.name, population]]);
  return { population, tables, ...indexTables(tables) };
}

/** The fast engine's results, read straight from its output columns (no cell objects). */
export function runKplFast(plan: Plan, columns: KplColumns): Results {
  const r = runFast(plan, columns);
  if (r.status.some((s) => s !== 0)) throw new Error(`KPL could not evaluate everyone: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return fastResults(r);
}

function fastResults(r: FastResult): Results {
  const col = (name: string): number => {
    const j = r.columns.indexOf(name);
    if (j < 0) throw new Error(`no output column ${name}`);
    return j;
  };
  const [t, gb, g, rw] = [col('total'), col('grade_before_distribution'), col('grade'), col('reward')];
  const out = emptyResults(r.size);
  centsInto(r, t, out.totalCents);
  centsInto(r, rw, out.rewardCents);
  gradesInto(r, gb, out.gradeBefore);
  gradesInto(r, g, out.grade);
  return out;
}

/** Column j in cents: scaled integers at 2 decimals or fewer are cents after an exact multiplication. */
function centsInto(r: FastResult, j: number, into: Float64Array): void {
  const nums = r.nums[j];
  const scales = r.scales[j];
  for (let i = 0; i < r.size; i++) {
    const d = scales ? scales[i - r.offset]! : 99;
    if (nums && d <= 2 && (r.override.size === 0 || !r.override.has(i))) into[i] = nums[i - r.offset]! * POW10[2 - d]!;
    else into[i] = cents(cellAt(r, i, j));
  }
}

function gradesInto(r: FastResult, j: number, into: Uint8Array): void {
  const cells = r.cells[j]!;
  for (let i = 0; i < r.size; i++) {
    const c = r.override.size === 0 ? cells[i - r.offset] : (r.override.get(i)?.[j] ?? cells[i - r.offset]);
    // Grade names are A–D: their code is the letter's distance from A.
    const code = typeof c === 'string' && c.length === 1 ? c.charCodeAt(0) - 65 : -1;
    if (code < 0 || code > 3) throw new Error(`unexpected grade ${JSON.stringify(c)}`);
    into[i] = code;
  }
}

const POW10 = [1, 10, 100];

/**
 * Stage 3 entry point: a checked plan + loaded data → one result per person, in input order,
 * with the output columns the policy declares. Runs plans only, never source text.
 * Every population row is in the results; rows that could not be evaluated have status `error`
 * and a diagnostic located at their data file line.
 */
import type { Plan, PersonStatus } from '../plan/schema.ts';
import type { LoadedData } from '../data/table.ts';
import type { Value } from '../data/value.ts';
import { Decimal, printNumber } from '../numeric/decimal.ts';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { evalExpr } from './eval-expr.ts';
import { Evaluation, type PoolReport } from './evaluation.ts';
import type { Person } from './person.ts';
import type { EvalRecorder } from './recorder.ts';
import { poolWarnings } from '../semantics/pool-report.ts';

/** One output cell: text, or a number kept apart so CSV writing never alters it. */
export type Cell = string | { readonly number: string } | null;

export type { PersonStatus };

export interface PersonResult {
  readonly key: string;
  readonly line: number;
  readonly status: PersonStatus;
  readonly cells: Cell[];
  readonly person: Person;
}

export interface EvaluationResult {
  readonly columns: string[];
  readonly people: PersonResult[];
  /** Row errors (data and evaluation) and warnings such as unallocated pools. */
  readonly diagnostics: Diagnostic[];
  readonly pools: PoolReport[];
  readonly evaluation: Evaluation;
}

export interface EvaluateOptions {
  /** Instrumentation for coverage and explanations (see recorder.ts); off by default. */
  readonly recorder?: EvalRecorder;
}

export function evaluate(plan: Plan, data: LoadedData, options: EvaluateOptions = {}): EvaluationResult {
  const ev = new Evaluation(plan, data, options.recorder);
  const pop = plan.inputs.find((t) => t.role === 'population')!;
  const file = data.tables[pop.name]?.file ?? pop.name;
  // Every person's assessment first, whatever the outputs read (src/semantics/assessment.ts), so
  // cohort steps see every error row; then the outputs.
  ev.assessAll();
  const outputs = plan.outputs;
  const values = ev.people.map((p) => ev.attempt(p, () => outputs.map((o) => evalExpr(ev, p, o.expr))));
  const diagnostics: Diagnostic[] = [];
  const people: PersonResult[] = ev.people.map((p, i) => {
    const row = values[i];
    if (p.ok && row) {
      return { key: p.key, line: p.row.line, status: 'ok', cells: row.map((v, j) => cell(v, outputs[j]!.decimals)), person: p };
    }
    if (p.notAssessed) {
      return { key: p.key, line: p.row.line, status: 'not_assessed', cells: cellsWithoutValues(outputs, p.row.raw, 'not_assessed', p.exempt!), person: p };
    }
    if (p.row.errors.length) diagnostics.push(...p.row.errors);
    else if (p.error) {
      const d = diag(p.error.code, p.error.args);
      diagnostics.push({ ...d, message: `${p.key}: ${d.message}`, dataLocation: { file, line: p.row.line, col: 1 } });
    }
    return { key: p.key, line: p.row.line, status: 'error', cells: cellsWithoutValues(outputs, p.row.raw, 'error'), person: p };
  });
  // Rows of other tables with errors are reported too (their people are already in error).
  for (const t of Object.values(data.tables)) {
    if (t.name === pop.name) continue;
    for (const r of t.rows) diagnostics.push(...r.errors);
  }
  diagnostics.push(...poolWarnings(ev.pools));
  return { columns: outputs.map((o) => o.name), people, diagnostics, pools: ev.pools, evaluation: ev };
}

/**
 * The row of a person with no computed values (an error row, or not assessed): the columns that
 * are plain input values (the id) keep the input text, `status` and `reason` say why, the rest
 * stays empty.
 */
export function cellsWithoutValues(outputs: Plan['outputs'], raw: Readonly<Record<string, string | undefined>>, status: Exclude<PersonStatus, 'ok'>, reason?: string): Cell[] {
  return outputs.map((o): Cell => {
    if (o.expr.k === 'ref' && o.expr.ref === 'status') return status;
    if (o.expr.k === 'ref' && o.expr.ref === 'reason') return reason ?? null;
    if (o.expr.k === 'col') return raw[o.expr.col] ?? null;
    return null;
  });
}

function cell(v: Value, decimals: number | undefined): Cell {
  if (v === null) return null;
  if (v instanceof Decimal) {
    // Unrounded values print at most 10 decimal places; stated roundings print exactly.
    return { number: printNumber(v, decimals) };
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v;
}

/**
 * `kpl eval --engine duckdb|postgres`: evaluates a plan inside a database. The data is read and
 * checked by the data loader (src/data: every bad row reported as for the other engines), loaded
 * into tables with the bookkeeping columns compile-sql.ts reads, the policy's statement runs there,
 * and its rows become the same cells, statuses and diagnostics the interpreter gives.
 *
 * The database clients are asynchronous and the command line is not: the database side runs in a
 * child process (db-runner.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PersonStatus, Plan } from '../plan/schema.ts';
import type { LoadedData } from '../data/table.ts';
import type { Value } from '../data/value.ts';
import { keyText } from '../data/key-text.ts';
import { Decimal, formatDecimal, printNumber } from '../numeric/decimal.ts';
import { diag, phrase, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { CATALOG, type Code } from '../diagnostics/codes.ts';
import type { Cell } from '../evaluator/evaluate.ts';
import { poolWarnings, type PoolReport } from '../semantics/pool-report.ts';
import { columnKind, compileSql, sqlType, type CompiledSql } from './compile-sql.ts';

/** Digits before the point a data value may have: products of two such values stay within DECIMAL(38,12). */
const MAX_DIGITS = 13;
import { DIALECTS, WORK_SCALE, type DialectName } from './dialect.ts';
import type { DbAnswer, DbJob, DbTable } from './db-runner.ts';

export interface SqlEvaluation {
  readonly engine: DialectName;
  readonly columns: string[];
  readonly people: { key: string; line: number; status: PersonStatus; cells: Cell[] }[];
  readonly diagnostics: Diagnostic[];
  readonly pools: PoolReport[];
  readonly sql: string;
}

/**
 * The pool reports of the shares the statement computed (evaluation.ts allocateAll): per group in
 * order of its first member, what was paid out, what is left and who could not take part; then the
 * pools of lookup rows nobody belongs to.
 */
function poolReports(data: LoadedData, c: CompiledSql, rows: (string | null)[][], keys: readonly string[]): PoolReport[] {
  const pools: PoolReport[] = [];
  const base = 3 + c.outputs.length;
  c.allocations.forEach((e, k) => {
    const at = base + 5 * k;
    const groups = new Map<string, { pool: Decimal; weight: Decimal; clamped: Decimal; odd: boolean }>();
    const excluded = new Map<string, string[]>();
    for (const r of rows) {
      const g = r[at];
      if (g === null || g === undefined) continue;
      if (r[at + 3] !== 'true') {
        excluded.set(g, [...(excluded.get(g) ?? []), keys[Number(r[0])]!]);
        continue;
      }
      const w = new Decimal(r[at + 2]!);
      const x = groups.get(g);
      if (x) groups.set(g, { ...x, weight: x.weight.plus(w), clamped: x.clamped.plus(Decimal.max(w, 0)) });
      else groups.set(g, { pool: new Decimal(r[at + 1]!), weight: w, clamped: Decimal.max(w, 0), odd: r[at + 4] === 'true' });
    }
    for (const [g, x] of groups) {
      if (x.odd) continue;
      const paid = x.clamped.isZero() ? new Decimal(0) : x.pool.toDecimalPlaces(e.decimals, Decimal.ROUND_FLOOR);
      const left = excluded.get(g);
      pools.push({ group: g, pool: x.pool, allocated: paid, unallocated: x.pool.minus(paid), ...(x.weight.isZero() ? { reason: phrase('allWeightsZero') } : {}), ...(left ? { excluded: left } : {}) });
    }
    if (e.pool.k === 'lookup') {
      const pool = e.pool;
      const seen = new Set<string>();
      for (const r of data.tables[pool.table]?.rows ?? []) {
        if (r.key === undefined || r.errors.length || seen.has(r.key)) continue;
        seen.add(r.key);
        if (groups.has(r.key)) continue;
        const v = r.values[pool.col];
        if (v instanceof Decimal) pools.push({ group: r.key, pool: v, allocated: new Decimal(0), unallocated: v, reason: phrase('nobodyInGroup') });
      }
    }
  });
  return pools;
}

export type SqlRun = { readonly ok: true; readonly result: SqlEvaluation } | { readonly ok: false; readonly diagnostic: Diagnostic };

export interface SqlRunOptions {
  /** postgresql://… (PostgreSQL only). */
  readonly db?: string;
}

const text = (v: Value | undefined): string | null => (v === null || v === undefined ? null : v instanceof Decimal ? formatDecimal(v) : typeof v === 'boolean' ? (v ? 'true' : 'false') : v);

/** The loaded data as tables with kpl_row, kpl_ok, kpl_key and the declared columns. */
function tablesOf(plan: Plan, data: LoadedData, dialect: DialectName): DbTable[] | string {
  const d = DIALECTS[dialect];
  const out: DbTable[] = [];
  for (const t of plan.inputs) {
    const table = data.tables[t.name];
    const seen = new Set<string>();
    const rows = (table?.rows ?? []).map((r, i) => {
      let key: string | undefined;
      if (t.role === 'related') key = keyText(r.values[t.by!]);
      else key = r.key ?? keyText(r.values[t.key!]) ?? (t.role === 'population' ? `#${i + 1}` : undefined);
      let ok = r.errors.length === 0;
      // A lookup table's first valid row of a key is the one read (evaluation.ts indexRows).
      if (t.role === 'lookup' && ok && key !== undefined) {
        if (seen.has(key)) ok = false;
        seen.add(key);
      }
      return [String(i), ok ? 'true' : 'false', key ?? null, ...t.columns.map((c) => text(r.values[c.name]))];
    });
    // Values beyond the fixed-point range (dialect.ts) are refused, never rounded or overflowed.
    for (const r of rows)
      for (const [j, v] of r.slice(3).entries()) {
        if (v === null || columnKind(t.columns[j]!.type) !== 'num') continue;
        if (/\.\d{13,}$/.test(v)) return `a data value with more than ${WORK_SCALE} decimal places (${v})`;
        if (/^-?\d{14,}/.test(v)) return `a data value with more than ${MAX_DIGITS} digits before the decimal point (${v})`;
      }
    out.push({
      name: `in!${t.name}`,
      columns: [
        { name: 'kpl_row', type: d.intType },
        { name: 'kpl_ok', type: d.boolType },
        { name: 'kpl_key', type: d.textType },
        ...t.columns.map((c) => ({ name: c.name, type: sqlType(d, c.type) })),
      ],
      rows,
    });
  }
  return out;
}

/** The child process that talks to the database: the bundled script, or the source under tsx. */
function runnerCommand(): string[] {
  const bundled = new URL('./sql-runner.mjs', import.meta.url);
  if (bundled.protocol === 'file:' && existsSync(fileURLToPath(bundled))) return [fileURLToPath(bundled)];
  return ['--import', 'tsx', fileURLToPath(new URL('./db-runner.ts', import.meta.url))];
}

/** Runs jobs on the database side, in one child process. */
export function runDbJobs(jobs: readonly DbJob[]): DbAnswer[] {
  const r = spawnSync(process.execPath, runnerCommand(), { input: JSON.stringify(jobs), maxBuffer: 1 << 30, encoding: 'utf8' });
  if (r.status !== 0 || !r.stdout) {
    const error = (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').slice(-3).join(' ');
    return jobs.map(() => ({ ok: false, error }));
  }
  return JSON.parse(r.stdout) as DbAnswer[];
}

/** A plan and its data made ready for the database: the job, and how its answer becomes results. */
export type PreparedSql = { readonly ok: true; readonly job: DbJob; finish(answer: DbAnswer): SqlRun } | { readonly ok: false; readonly diagnostic: Diagnostic };

/** Why a plan cannot run in a dialect (the KPL5040 diagnostic), or undefined. */
export function sqlSupport(plan: Plan, dialect: DialectName): Diagnostic | undefined {
  const r = compileSql(plan, DIALECTS[dialect], { prepared: true });
  return r.ok ? undefined : r.diagnostic;
}

/** Evaluates like `evaluate(plan, data)`, inside DuckDB or PostgreSQL. */
export function evaluateSql(plan: Plan, data: LoadedData, dialect: DialectName, options: SqlRunOptions = {}): SqlRun {
  const p = prepareSql(plan, data, dialect, options);
  return p.ok ? p.finish(runDbJobs([p.job])[0]!) : p;
}

export function prepareSql(plan: Plan, data: LoadedData, dialect: DialectName, options: SqlRunOptions = {}): PreparedSql {
  const d = DIALECTS[dialect];
  const relations = Object.fromEntries(plan.inputs.map((t) => [t.name, `"in!${t.name}"`]));
  const c = compileSql(plan, d, { prepared: true, relations });
  if (!c.ok) return c;
  const tables = tablesOf(plan, data, dialect);
  if (typeof tables === 'string') return { ok: false, diagnostic: diag('KPL5040', { dialect: d.title, what: '`data`', why: tables, whyZh: `数据中有超出定点范围的数值（小数超过 ${WORK_SCALE} 位或整数部分超过 ${MAX_DIGITS} 位）` }) };
  const job: DbJob = { dialect, ...(options.db ? { db: options.db } : {}), tables, query: c.compiled.sql };
  return {
    ok: true,
    job,
    finish: (answer) => (answer.ok ? { ok: true, result: resultOf(plan, data, c.compiled, answer.rows, dialect) } : { ok: false, diagnostic: diag('KPL5041', { dialect: d.title, detail: answer.error }) }),
  };
}

function cellOf(v: string | null, kind: string, decimals: number | undefined): Cell {
  if (v === null) return null;
  if (kind === 'num') return { number: printNumber(new Decimal(v), decimals) };
  if (kind === 'bool') return v === 'true' || v === 't' ? 'true' : 'false';
  return v;
}

/** The statement's rows as evaluate() gives its people (evaluate.ts is the specification). */
function resultOf(plan: Plan, data: LoadedData, c: CompiledSql, rows: (string | null)[][], dialect: DialectName): SqlEvaluation {
  const pop = plan.inputs.find((t) => t.role === 'population')!;
  const table = data.tables[pop.name]!;
  const file = table.file ?? pop.name;
  const diagnostics: Diagnostic[] = [];
  const people = rows.map((r) => {
    const i = Number(r[0]);
    const row = table.rows[i]!;
    const key = row.key ?? keyText(row.values[pop.key!]) ?? `#${i + 1}`;
    if (r[1] === 'ok') return { key, line: row.line, status: 'ok' as const, cells: c.outputs.map((o, j) => cellOf(r[3 + j] ?? null, o.kind, o.decimals)) };
    if (row.errors.length) diagnostics.push(...row.errors);
    else {
      const code = (r[2] ?? 'KPL4001') as Code;
      const d = diag(code, {});
      diagnostics.push({ ...d, message: `${key}: ${CATALOG[code]?.title ?? code}`, dataLocation: { file, line: row.line, col: 1 } });
    }
    const cells = c.outputs.map((o): Cell => (o.status ? 'error' : o.inputCol !== undefined ? (row.raw[o.inputCol] ?? null) : null));
    return { key, line: row.line, status: 'error' as const, cells };
  });
  for (const t of Object.values(data.tables)) {
    if (t.name === pop.name) continue;
    for (const r of t.rows) diagnostics.push(...r.errors);
  }
  const pools = poolReports(data, c, rows, table.rows.map((r, i) => r.key ?? keyText(r.values[pop.key!]) ?? `#${i + 1}`));
  diagnostics.push(...poolWarnings(pools));
  return { engine: dialect, columns: plan.outputs.map((o) => o.name), people, diagnostics, pools, sql: c.sql };
}

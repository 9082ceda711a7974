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
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PersonStatus, Plan } from '../plan/schema.ts';
import { Decimal, printNumber } from '../numeric/decimal.ts';
import { diag, phrase, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { CATALOG, type Code } from '../diagnostics/codes.ts';
import type { Cell } from '../evaluator/evaluate.ts';
import { poolWarnings, type PoolReport } from '../semantics/pool-report.ts';
import { compileSql, sqlType, type CompiledSql } from './compile-sql.ts';
import { sourceTable, type SqlData } from './sql-source.ts';
import { writeInputCsv } from './input-csv.ts';

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
function poolReports(plan: Plan, data: SqlData, c: CompiledSql, rows: (string | null)[][], keys: readonly string[]): PoolReport[] {
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
      const input = plan.inputs.find((t) => t.name === pool.table);
      const src = input ? sourceTable(input, data) : undefined;
      for (let i = 0; i < (src?.size ?? 0); i++) {
        const key = src!.key(i);
        if (key === undefined || !src!.ok(i) || seen.has(key)) continue;
        seen.add(key);
        if (groups.has(key)) continue;
        const v = src!.text(pool.col, i);
        if (v !== null) pools.push({ group: key, pool: new Decimal(v), allocated: new Decimal(0), unallocated: new Decimal(v), reason: phrase('nobodyInGroup') });
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

/**
 * The input tables written as CSV files for the database (input-csv.ts), with kpl_row, kpl_ok,
 * kpl_key and the declared columns; or why a value cannot be computed exactly there.
 */
function tablesOf(plan: Plan, data: SqlData, dialect: DialectName, dir: string): DbTable[] | string {
  const d = DIALECTS[dialect];
  const out: DbTable[] = [];
  for (const t of plan.inputs) {
    const file = join(dir, `${out.length}.csv`);
    const cols = writeInputCsv(t, sourceTable(t, data), file);
    // Values beyond the fixed-point range (dialect.ts) are refused, never rounded or overflowed.
    for (const c of cols) {
      if (c.scale > WORK_SCALE) return `a data value with more than ${WORK_SCALE} decimal places (column ${c.name})`;
      if (c.digits > MAX_DIGITS) return `a data value with more than ${MAX_DIGITS} digits before the decimal point (column ${c.name})`;
    }
    const typeOf = (name: string): string => {
      if (name === 'kpl_row') return d.intType;
      if (name === 'kpl_ok') return d.boolType;
      if (name === 'kpl_key') return d.textType;
      return sqlType(d, t.columns.find((c) => c.name === name)!.type);
    };
    out.push({
      name: `in!${t.name}`,
      file,
      columns: cols.map((c) => ({ name: c.name, type: typeOf(c.name), ...(c.kind === 'num' && c.digits + c.scale <= 18 ? { read: `DECIMAL(18,${c.scale})` } : {}) })),
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

/** Runs jobs on the database side, in one child process; their input files are removed after. */
export function runDbJobs(jobs: readonly DbJob[]): DbAnswer[] {
  let r;
  try {
    r = spawnSync(process.execPath, runnerCommand(), { input: JSON.stringify(jobs), maxBuffer: 1 << 30, encoding: 'utf8' });
  } finally {
    for (const j of jobs) if (j.dir) rmSync(j.dir, { recursive: true, force: true });
  }
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
export function evaluateSql(plan: Plan, data: SqlData, dialect: DialectName, options: SqlRunOptions = {}): SqlRun {
  const p = prepareSql(plan, data, dialect, options);
  return p.ok ? p.finish(runDbJobs([p.job])[0]!) : p;
}

export function prepareSql(plan: Plan, data: SqlData, dialect: DialectName, options: SqlRunOptions = {}): PreparedSql {
  const d = DIALECTS[dialect];
  const relations = Object.fromEntries(plan.inputs.map((t) => [t.name, `"in!${t.name}"`]));
  const c = compileSql(plan, d, { prepared: true, relations });
  if (!c.ok) return c;
  const dir = mkdtempSync(join(tmpdir(), 'kpl-sql-'));
  const tables = tablesOf(plan, data, dialect, dir);
  if (typeof tables === 'string') rmSync(dir, { recursive: true, force: true });
  if (typeof tables === 'string') return { ok: false, diagnostic: diag('KPL5040', { dialect: d.title, what: '`data`', why: tables, whyZh: `数据中有超出定点范围的数值（小数超过 ${WORK_SCALE} 位或整数部分超过 ${MAX_DIGITS} 位）` }) };
  const job: DbJob = { dialect, dir, ...(options.db ? { db: options.db } : {}), tables, query: c.compiled.sql };
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
function resultOf(plan: Plan, data: SqlData, c: CompiledSql, rows: (string | null)[][], dialect: DialectName): SqlEvaluation {
  const pop = plan.inputs.find((t) => t.role === 'population')!;
  const table = sourceTable(pop, data);
  const file = table.file ?? pop.name;
  const diagnostics: Diagnostic[] = [];
  const people = rows.map((r) => {
    const i = Number(r[0]);
    const key = table.key(i)!;
    if (r[1] === 'ok') return { key, line: table.line(i), status: 'ok' as const, cells: c.outputs.map((o, j) => cellOf(r[3 + j] ?? null, o.kind, o.decimals)) };
    const row = table.row(i);
    if (row.errors.length) diagnostics.push(...row.errors);
    else {
      const code = (r[2] ?? 'KPL4001') as Code;
      const d = diag(code, {});
      diagnostics.push({ ...d, message: `${key}: ${CATALOG[code]?.title ?? code}`, dataLocation: { file, line: row.line, col: 1 } });
    }
    const cells = c.outputs.map((o): Cell => (o.status ? 'error' : o.inputCol !== undefined ? (row.raw[o.inputCol] ?? null) : null));
    return { key, line: row.line, status: 'error' as const, cells };
  });
  for (const t of plan.inputs) if (t.name !== pop.name) diagnostics.push(...sourceTable(t, data).errors());
  const pools = poolReports(plan, data, c, rows, Array.from({ length: table.size }, (_, i) => table.key(i)!));
  diagnostics.push(...poolWarnings(pools));
  return { engine: dialect, columns: plan.outputs.map((o) => o.name), people, diagnostics, pools, sql: c.sql };
}

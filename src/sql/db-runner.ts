/**
 * The database side of `kpl eval --engine duckdb|postgres`, run as a child process (run-sql.ts):
 * the command line is synchronous and the database clients are not. Reads one job as JSON on
 * stdin — tables to create and fill, then one query — and writes the query's rows as JSON
 * (every value as text or null) on stdout. Imports nothing of KPL.
 */
import { readFileSync } from 'node:fs';

export interface DbTable {
  readonly name: string;
  /** Column names and SQL types. */
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** Values as text (null: NULL), cast to the column types by the database. */
  readonly rows: readonly (readonly (string | null)[])[];
}

export interface DbJob {
  readonly dialect: 'duckdb' | 'postgres';
  /** postgresql://… for PostgreSQL. */
  readonly db?: string;
  readonly tables: readonly DbTable[];
  /** Statements run before the query (views over existing tables). */
  readonly setup?: readonly string[];
  readonly query: string;
  /** Statements run after the query (writing results into a table). */
  readonly after?: readonly string[];
}

export type DbAnswer = { readonly ok: true; readonly columns: string[]; readonly rows: (string | null)[][] } | { readonly ok: false; readonly error: string };

const q = (n: string): string => `"${n.replace(/"/g, '""')}"`;

async function duckdb(job: DbJob): Promise<DbAnswer> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  for (const t of job.tables) {
    await con.run(`CREATE TEMP TABLE ${q(t.name + '!text')} (${t.columns.map((c) => `${q(c.name)} VARCHAR`).join(', ')})`);
    const app = await con.createAppender(t.name + '!text', 'main', 'temp');
    for (const r of t.rows) {
      for (const v of r) {
        if (v === null) app.appendNull();
        else app.appendVarchar(v);
      }
      app.endRow();
    }
    app.closeSync();
    await con.run(`CREATE TEMP TABLE ${q(t.name)} AS SELECT ${t.columns.map((c) => `CAST(${q(c.name)} AS ${c.type}) AS ${q(c.name)}`).join(', ')} FROM ${q(t.name + '!text')}`);
  }
  for (const s of job.setup ?? []) await con.run(s);
  const r = await con.runAndReadAll(`SELECT * FROM (${job.query}) kpl_q`);
  const columns = r.columnNames();
  const rows = r.getRows().map((row) => row.map((v) => (v === null ? null : String(v))));
  for (const s of job.after ?? []) await con.run(s);
  con.closeSync();
  return { ok: true, columns, rows };
}

async function postgres(job: DbJob): Promise<DbAnswer> {
  const pg = (await import('pg')).default;
  // Every value as text, exactly as PostgreSQL prints it; booleans (type 16, `t`/`f`) as DuckDB prints them.
  const BOOL = 16;
  const client = new pg.Client({ connectionString: job.db, types: { getTypeParser: (oid: number) => (oid === BOOL ? (v: string) => (v === 't' ? 'true' : 'false') : (v: string) => v) } as never });
  await client.connect();
  try {
    for (const t of job.tables) {
      await client.query(`CREATE TEMP TABLE ${q(t.name)} (${t.columns.map((c) => `${q(c.name)} ${c.type}`).join(', ')})`);
      const per = Math.max(1, Math.floor(30000 / Math.max(1, t.columns.length)));
      for (let i = 0; i < t.rows.length; i += per) {
        const batch = t.rows.slice(i, i + per);
        const params: (string | null)[] = [];
        const values = batch.map((r) => `(${r.map((v, j) => (params.push(v), `CAST($${params.length}::text AS ${t.columns[j]!.type})`)).join(', ')})`);
        await client.query(`INSERT INTO ${q(t.name)} VALUES ${values.join(', ')}`, params);
      }
    }
    for (const s of job.setup ?? []) await client.query(s);
    const r = await client.query({ text: job.query, rowMode: 'array' });
    for (const s of job.after ?? []) await client.query(s);
    return { ok: true, columns: r.fields.map((f) => f.name), rows: (r.rows as unknown[][]).map((row) => row.map((v) => (v === null ? null : String(v)))) };
  } finally {
    await client.end();
  }
}

/** Reads one job, or an array of jobs (answered in order: the conformance corpus in one run). */
async function run(): Promise<void> {
  const input = JSON.parse(readFileSync(0, 'utf8')) as DbJob | DbJob[];
  const answers: DbAnswer[] = [];
  for (const job of Array.isArray(input) ? input : [input]) {
    try {
      answers.push(job.dialect === 'duckdb' ? await duckdb(job) : await postgres(job));
    } catch (e) {
      answers.push({ ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  }
  process.stdout.write(JSON.stringify(Array.isArray(input) ? answers : answers[0]));
}

await run();

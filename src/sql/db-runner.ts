/**
 * The database side of `kpl eval --engine duckdb|postgres`, run as a child process (run-sql.ts):
 * the command line is synchronous and the database clients are not. Reads one job as JSON on
 * stdin — tables to create and fill in bulk from CSV files (input-csv.ts), then one query — and
 * writes the query's rows as JSON (every value as text or null) on stdout. Imports nothing of KPL.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';

export interface DbTable {
  readonly name: string;
  /**
   * Column names and SQL types; `read`: the type DuckDB parses the CSV text as, when cheaper than
   * `type` and exact (DECIMAL(18,s) holding every value of the column), then cast to `type`.
   */
  readonly columns: readonly { readonly name: string; readonly type: string; readonly read?: string }[];
  /** The rows: a CSV file without header, in column order; an empty field is NULL, `""` an empty text. */
  readonly file: string;
}

export interface DbJob {
  readonly dialect: 'duckdb' | 'postgres';
  /** A folder of the job's files, removed after the run. */
  readonly dir?: string;
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
const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

async function duckdb(job: DbJob): Promise<DbAnswer> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  for (const t of job.tables) {
    const read = t.columns.map((c) => `${lit(c.name)}: ${lit(c.read ?? c.type)}`).join(', ');
    const csv = `read_csv(${lit(t.file)}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false, columns = {${read}})`;
    await con.run(`CREATE TEMP TABLE ${q(t.name)} AS SELECT ${t.columns.map((c) => `CAST(${q(c.name)} AS ${c.type}) AS ${q(c.name)}`).join(', ')} FROM ${csv}`);
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
  // A CommonJS package: its exports are on `default` once bundled.
  const copyStreams = await import('pg-copy-streams');
  const copyFrom = copyStreams.from ?? (copyStreams as unknown as { default: typeof copyStreams }).default.from;
  // Every value as text, exactly as PostgreSQL prints it; booleans (type 16, `t`/`f`) as DuckDB prints them.
  const BOOL = 16;
  const client = new pg.Client({ connectionString: job.db, types: { getTypeParser: (oid: number) => (oid === BOOL ? (v: string) => (v === 't' ? 'true' : 'false') : (v: string) => v) } as never });
  await client.connect();
  try {
    for (const t of job.tables) {
      await client.query(`CREATE TEMP TABLE ${q(t.name)} (${t.columns.map((c) => `${q(c.name)} ${c.type}`).join(', ')})`);
      await pipeline(createReadStream(t.file), client.query(copyFrom(`COPY ${q(t.name)} FROM STDIN WITH (FORMAT csv)`)));
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

/**
 * KPL's public API for Node: everything in index.ts, plus what reads files itself (kept out of
 * index.ts, which the playground runs in a browser). The CLI uses only this module.
 */
export * from './index.ts';
// CSV files read straight into columns, in blocks or on two threads (src/columnar/csv-worker.ts).
export { blockSize, readInto, readTable } from './columnar/csv-file.ts';
// The policy as SQL (src/sql): `kpl sql`, and `kpl eval --engine duckdb|postgres` (a child process talks to the database).
export { compileSql, sqlType, columnKind, type CompiledSql, type SqlResult, type SqlOutput } from './sql/compile-sql.ts';
export { createTables } from './sql/ddl.ts';
export { DIALECTS, type DialectName, type Dialect } from './sql/dialect.ts';
export { evaluateSql, prepareSql, runDbJobs, sqlSupport, type SqlEvaluation, type SqlRun, type PreparedSql } from './sql/run-sql.ts';

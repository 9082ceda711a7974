/**
 * The hand-written DuckDB query of customer-manager (bench/sql/customer-manager.duckdb.sql) run
 * as a data engineer would run it: one process, DuckDB in it, CSV in, CSV out.
 * Usage: tsx bench/handwritten-duckdb.ts INPUT.csv OUTPUT.csv
 */
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const [input, output] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: handwritten-duckdb.ts INPUT.csv OUTPUT.csv');
const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const sql = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'sql', 'customer-manager.duckdb.sql'), 'utf8').replaceAll('{{input}}', lit(input)).replaceAll('{{output}}', lit(output));
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(sql);
con.closeSync();

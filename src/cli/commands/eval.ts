/**
 * `kpl eval POLICY --data NAME=FILE... [--out RESULTS.csv] [--format csv|json|table] [--engine fast|exact]`.
 * Exit status: 0 all rows evaluated, 1 some rows in error (still written), 2 policy errors.
 * `--engine fast` (the default) runs the compiled engine (src/fast), which gives the same bytes;
 * `--engine exact` runs the reference interpreter (src/evaluator); `--engine duckdb|postgres` runs
 * the policy as SQL inside the database (src/sql, sql-eval.ts).
 */
import type { Args } from '../args.ts';
import { flag, oneOf } from '../args.ts';
import { recordedRun } from '../run-record.ts';
import { csvBom, resultTarget, type ResultFormat } from '../result-target.ts';
import { runEvaluation } from '../run-eval.ts';
import { escapeControls, writeResult } from '../output.ts';
import { fastEval, type Rendered } from '../fast-eval.ts';
import { sqlEval } from '../sql-eval.ts';
import { UsageError } from '../usage-error.ts';
import { writeCsv, textTable } from '../../node.ts';
import { isXlsxOut, writeResultsXlsx } from '../xlsx-out.ts';

export function evalCommand(args: Args): number {
  if (args.positionals.length > 1) throw new UsageError(`kpl eval takes one policy, not ${args.positionals.length} (\`${args.positionals[1]}\`…); data is given with --data TABLE=FILE`);
  const record = flag(args, 'record');
  return record === undefined ? evaluateTo(args) : recordedRun(args, record, () => evaluateTo(args));
}

function evaluateTo(args: Args): number {
  const engine = oneOf(args, 'engine', ['fast', 'exact', 'duckdb', 'postgres'], 'fast');
  if (engine === 'fast') return fastEval(args, renderResults);
  if (engine === 'duckdb' || engine === 'postgres') return sqlEval(args, engine, renderResults);
  const { out, format } = resultTarget(args);
  const r = runEvaluation(args, args.positionals[0], out);
  if (!('result' in r)) return r.exit;
  if (isXlsxOut(out)) {
    writeResultsXlsx(out, r.loaded.plan!, r.data, r.result);
    return r.exit;
  }
  const bom = format === 'csv' ? csvBom(args) : '';
  writeResult(out, bom + renderResults(r.result, format));
  return r.exit;
}

export function renderResults(result: Rendered, format: ResultFormat): string {
  if (format === 'csv') return writeCsv(result.columns, result.people.map((p) => p.cells));
  const plain = result.people.map((p) => p.cells.map((c) => (c === null ? '' : typeof c === 'string' ? c : c.number)));
  if (format === 'json') {
    const rows = plain.map((r) => Object.fromEntries(result.columns.map((c, i) => [c, r[i] === '' ? null : r[i]])));
    return JSON.stringify({ columns: result.columns, rows, pools: result.pools.map((p) => ({ group: p.group, pool: p.pool.toFixed(2), allocated: p.allocated.toFixed(2), unallocated: p.unallocated.toFixed(2) })) }, null, 2) + '\n';
  }
  // For a terminal: control characters in the data (ANSI escapes, carriage returns) are shown escaped.
  return textTable(result.columns.map((c) => escapeControls(c)), plain.map((r) => r.map((c) => escapeControls(c)))) + '\n';
}

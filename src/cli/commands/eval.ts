/**
 * `kpl eval POLICY --data NAME=FILE... [--out RESULTS.csv] [--format csv|json|table] [--engine fast|exact]`.
 * Exit status: 0 all rows evaluated, 1 some rows in error (still written), 2 policy errors.
 * `--engine fast` (the default) runs the compiled engine (src/fast), which gives the same bytes;
 * `--engine exact` runs the reference interpreter (src/evaluator).
 */
import { writeFileSync } from 'node:fs';
import type { Args } from '../args.ts';
import { flag, oneOf } from '../args.ts';
import { runEvaluation } from '../run-eval.ts';
import { fastEval, type Rendered } from '../fast-eval.ts';
import { writeCsv, textTable } from '../../node.ts';
import { isXlsxOut, writeResultsXlsx } from '../xlsx-out.ts';

export function evalCommand(args: Args): number {
  if (oneOf(args, 'engine', ['fast', 'exact'], 'fast') === 'fast') return fastEval(args, renderResults);
  const r = runEvaluation(args, args.positionals[0]);
  if (!('result' in r)) return r.exit;
  const out = flag(args, 'out');
  if (isXlsxOut(out)) {
    writeResultsXlsx(out, r.loaded.plan!, r.data, r.result);
    return r.exit;
  }
  const format = oneOf(args, 'format', ['csv', 'json', 'table'], out ? 'csv' : 'table');
  const text = (format === 'csv' && flag(args, 'bom') === 'true' ? '\ufeff' : '') + renderResults(r.result, format);
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
  return r.exit;
}

export function renderResults(result: Rendered, format: 'csv' | 'json' | 'table'): string {
  if (format === 'csv') return writeCsv(result.columns, result.people.map((p) => p.cells));
  const plain = result.people.map((p) => p.cells.map((c) => (c === null ? '' : typeof c === 'string' ? c : c.number)));
  if (format === 'json') {
    const rows = plain.map((r) => Object.fromEntries(result.columns.map((c, i) => [c, r[i] === '' ? null : r[i]])));
    return JSON.stringify({ columns: result.columns, rows, pools: result.pools.map((p) => ({ group: p.group, pool: p.pool.toFixed(2), allocated: p.allocated.toFixed(2), unallocated: p.unallocated.toFixed(2) })) }, null, 2) + '\n';
  }
  return textTable(result.columns, plain) + '\n';
}

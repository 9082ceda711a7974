/**
 * `kpl eval --engine duckdb|postgres [--db postgresql://…]`: the data read and checked as for every
 * engine, the policy run as SQL inside the database (src/sql), the same bytes, diagnostics and exit
 * status written. A policy the dialect cannot compute exactly is refused (KPL5040, exit 2).
 */
import type { Args } from './args.ts';
import { flag, langOf, oneOf } from './args.ts';
import { loadPlanOrPolicy, runInputs } from './io.ts';
import { dataFile, dataSpecs, type DataSpec } from './data-files.ts';
import { printDiagnostics, hasErrors, EXIT } from './report.ts';
import { UsageError } from './usage-error.ts';
import { csvBom, resultTarget } from './result-target.ts';
import { guardOut, writeResult } from './output.ts';
import { evaluateSql, loadTables, Irregular, type DialectName, type Plan, type Diagnostic, type LoadedData, type FastData } from '../node.ts';
import { readAllColumns } from './read-columns.ts';
import type { Rendered } from './fast-eval.ts';

export function sqlEval(args: Args, dialect: DialectName, render: (r: Rendered, format: 'csv' | 'json' | 'table') => string): number {
  const policy = args.positionals[0];
  if (!policy) throw new UsageError('missing POLICY.kpl');
  const lang = langOf(args);
  const format = oneOf(args, 'diagnostics', ['text', 'json'], 'text');
  const db = flag(args, 'db');
  if (dialect === 'postgres' && !db) throw new UsageError('--engine postgres needs --db postgresql://USER@HOST:PORT/DATABASE');
  const { out, format: outFormat } = resultTarget(args);
  const loaded = loadPlanOrPolicy(policy);
  if (hasErrors(loaded.diagnostics) || !loaded.plan) {
    printDiagnostics(loaded.diagnostics, loaded.files, format, lang);
    return EXIT.policyErrors;
  }
  const specs = dataSpecs(args, loaded.plan);
  const { data, diagnostics } = readData(loaded.plan, specs);
  if (hasErrors(diagnostics)) {
    printDiagnostics([...loaded.diagnostics, ...diagnostics], loaded.files, format, lang);
    return EXIT.rowErrors;
  }
  const r = evaluateSql(loaded.plan, data, dialect, db ? { db } : {});
  if (!r.ok) {
    printDiagnostics([...loaded.diagnostics, r.diagnostic], loaded.files, format, lang);
    return EXIT.policyErrors;
  }
  printDiagnostics([...loaded.diagnostics, ...diagnostics, ...r.result.diagnostics], loaded.files, format, lang);
  const failed = r.result.people.some((p) => p.status === 'error') || hasErrors(r.result.diagnostics);
  if (out) guardOut(out, runInputs(policy, loaded, specs));
  const bom = outFormat === 'csv' ? csvBom(args) : '';
  writeResult(out, bom + render({ columns: r.result.columns, people: r.result.people, pools: r.result.pools }, outFormat));
  return failed ? EXIT.rowErrors : EXIT.ok;
}

/**
 * Plain CSV files straight into columns, as for the fast engine (no row objects: a large file loads
 * in seconds); anything src/data must report or read is read by src/data, with its diagnostics.
 */
function readData(plan: Plan, specs: readonly DataSpec[]): { data: LoadedData | FastData; diagnostics: Diagnostic[] } {
  const all = new Map(plan.inputs.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
  const rawCols = new Set(plan.outputs.flatMap((o) => (o.expr.k === 'col' ? [o.expr.col] : [])));
  try {
    const r = readAllColumns(plan, specs, all, rawCols);
    return { data: r.data, diagnostics: r.warnings };
  } catch (e) {
    if (!(e instanceof Irregular)) throw e;
  }
  const data = loadTables(plan.inputs, specs.map(dataFile));
  return { data, diagnostics: data.diagnostics };
}

/**
 * Plain CSV data files read straight into typed columns (src/columnar), for the engines that take
 * columns: the fast engine (fast-eval.ts) and the SQL engines (sql-eval.ts). Anything src/data must
 * report or read instead raises `Irregular`.
 */
import { isUtf8 } from 'node:buffer';
import type { DataSpec } from './data-files.ts';
import { type Plan, type Diagnostic, indexTables, type FastData, type FastTable, CsvColumnReader, Irregular, readInto, readTable } from '../node.ts';

/**
 * Reads the lookup and related tables of plain CSV files into columns, and makes the reader of the
 * population; throws `Irregular` whenever src/data must read the data instead (a data problem to
 * report, a file that is not plain CSV). Also used by `kpl eval --engine duckdb|postgres`.
 */
export function readOtherTables(plan: Plan, specs: readonly DataSpec[], used: Map<string, Set<string>>, rawCols: ReadonlySet<string>) {
  // Exactly one CSV file per declared table; anything else is src/data's to report.
  const byTable = new Map<string, DataSpec>();
  for (const s of specs) {
    // Data from standard input or a pipe is in memory already: src/data reads it from there.
    if (s.bytes) throw new Irregular('data from standard input or a pipe');
    if (s.format !== 'csv' || s.encoding !== undefined || byTable.has(s.table) || !plan.inputs.some((t) => t.name === s.table)) throw new Irregular('data files need src/data');
    byTable.set(s.table, s);
  }
  if (plan.inputs.some((t) => !byTable.has(t.name))) throw new Irregular('a table without data');
  const pop = plan.inputs.find((t) => t.role === 'population')!;
  const tables = new Map<string, FastTable>();
  const keySets = new Map<string, Set<string>>();
  const warnings = new Map<string, Diagnostic[]>();
  const options = (name: string) => {
    const input = plan.inputs.find((t) => t.name === name)!;
    return { input, fileName: byTable.get(name)!.path, keep: used.get(name) ?? new Set<string>(), ...(name === pop.name ? { raw: new Set(rawCols) } : {}), references: keySets };
  };
  const reader = (name: string): CsvColumnReader => new CsvColumnReader({ ...options(name), validUtf8: isUtf8 });
  // Lookup tables first, those referred to before those referring; then related tables.
  const lookups = plan.inputs.filter((t) => t.role === 'lookup');
  const pending = new Set(lookups.map((t) => t.name));
  while (pending.size) {
    const ready = lookups.filter((t) => pending.has(t.name) && t.columns.every((c) => c.references === undefined || !pending.has(c.references) || c.references === t.name));
    if (!ready.length) throw new Irregular('lookup tables refer to each other');
    for (const t of ready) {
      const r = reader(t.name);
      readInto(r, byTable.get(t.name)!.path);
      const table = r.take();
      tables.set(t.name, table);
      warnings.set(t.name, r.warnings);
      keySets.set(t.name, new Set(table.keys.filter((k): k is string => k !== undefined)));
      pending.delete(t.name);
    }
  }
  for (const t of plan.inputs.filter((x) => x.role === 'related')) {
    const r = reader(t.name);
    readInto(r, byTable.get(t.name)!.path);
    tables.set(t.name, r.take());
    warnings.set(t.name, r.warnings);
  }
  const others = indexTables(tables);
  const popReader = reader(pop.name);
  // Only needed to check that related rows name somebody (when there are related tables).
  const needKeys = others.related.size > 0;
  const popKeys = new Set<string>();
  const checkRelated = (): void => {
    // A related row naming nobody assessed is src/data's to report.
    for (const [, index] of others.related) for (const k of index.keys()) if (!popKeys.has(k)) throw new Irregular('a related row names nobody');
  };
  const dataOf = (population: FastTable): FastData => {
    const all = new Map(tables);
    all.set(pop.name, population);
    return { population, tables: all, lookups: others.lookups, related: others.related };
  };
  return { tables, warnings, popReader, options, byTable, dataOf, popKeys, checkRelated, needKeys };
}

/**
 * Every table of plain CSV files read into columns (the population whole), with the files'
 * warnings; throws `Irregular` when src/data must read them (see readOtherTables).
 */
export function readAllColumns(plan: Plan, specs: readonly DataSpec[], used: Map<string, Set<string>>, rawCols: ReadonlySet<string>): { data: FastData; warnings: Diagnostic[] } {
  const pop = plan.inputs.find((t) => t.role === 'population')!;
  const r = readOtherTables(plan, specs, used, rawCols);
  const population = readTable(r.popReader, r.byTable.get(pop.name)!.path, r.options(pop.name));
  if (r.needKeys) for (const k of population.keys) r.popKeys.add(k!);
  r.checkRelated();
  return { data: r.dataOf(population), warnings: plan.inputs.flatMap((t) => (t.name === pop.name ? r.popReader.warnings : (r.warnings.get(t.name) ?? []))) };
}

/**
 * Checks that the figures a report states (`kpl explain`, the playground's result table) equal
 * the row `kpl eval` wrote. The row's CSV is kept as written; every disagreement is appended as a
 * comment line, so a path that agrees gives the expected bytes and one that does not shows where.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type { Plan } from '../../../src/index.ts';

export type Figure = 'total' | 'grade' | 'grade_before' | 'reward' | 'status';

export interface Stated {
  readonly key: string;
  readonly figures: Partial<Record<Figure, string | null>>;
}

const FIGURES: readonly Figure[] = ['total', 'grade', 'grade_before', 'reward', 'status'];

/** Output columns that print one of the stated figures as they are: `output total, grade`. */
export function figureColumns(plan: Plan): { column: number; figure: Figure }[] {
  const out: { column: number; figure: Figure }[] = [];
  plan.outputs.forEach((o, column) => {
    if (o.expr.k === 'ref' && (FIGURES as readonly string[]).includes(o.expr.ref)) out.push({ column, figure: o.expr.ref as Figure });
  });
  return out;
}

/** `csv` with a `# …` line for each stated figure that differs from the cell written. */
export function withDisagreements(csv: string, plan: Plan, stated: readonly Stated[], source: string): string {
  const rows = parseCsv(csv, { relax_column_count: true }) as string[][];
  const cols = figureColumns(plan);
  const notes: string[] = [];
  stated.forEach((s, i) => {
    const row = rows[i + 1];
    if (!row) {
      notes.push(`# ${source}: ${s.key} has no row in the results`);
      return;
    }
    for (const { column, figure } of cols) {
      const said = s.figures[figure];
      if (said === undefined) continue;
      const written = row[column] ?? '';
      // The CSV protects text against formula injection; the report states it plainly.
      if ((said ?? '') !== written && `'${said ?? ''}` !== written) notes.push(`# ${source} says ${figure} ${said ?? '(none)'} for ${s.key}; kpl eval wrote ${written || '(empty)'}`);
    }
  });
  return csv + notes.map((n) => n + '\n').join('');
}

/**
 * Groups a related table's rows by person for the evaluator. Only valid rows take part: a row
 * in error never feeds a computation (and its person is itself marked in error by loading).
 */
import { keyText } from './key-text.ts';
import type { Row, Table } from './table.ts';

/**
 * Valid rows of `table` grouped by the canonical key text of column `by`, each group in input
 * order (groups in order of first appearance). Rows with errors or an empty `by` are left out.
 */
export function groupRelated(table: Table, by: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of table.rows) {
    if (row.errors.length > 0) continue;
    const k = keyText(row.values[by]);
    if (k === undefined) continue;
    const g = groups.get(k);
    if (g) g.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** How data files are named: the format a file name implies, and the header a declared column is read from. */
import type { Column } from '../plan/schema.ts';

/** The header a declared column is read from: its `from "…"` text, else its name. */
export function headerOf(c: Column): string {
  return c.header ?? c.name;
}

/** The format a file name implies: `.json` JSON, `.xlsx` / `.xlsm` a workbook, anything else CSV. */
export function formatOf(fileName: string): 'csv' | 'json' | 'xlsx' {
  const base = fileName.replace(/#[^/\\]*$/, '');
  return /\.json$/i.test(base) ? 'json' : /\.xls[xm]$/i.test(base) ? 'xlsx' : 'csv';
}

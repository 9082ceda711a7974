/** Which header of a data file a declared column is read from. */
import type { Column } from '../plan/schema.ts';

/** The header a declared column is read from: its `from "…"` text, else its name. */
export function headerOf(c: Column): string {
  return c.header ?? c.name;
}

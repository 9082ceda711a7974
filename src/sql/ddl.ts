/** `kpl sql --ddl`: the input tables' CREATE TABLE statements, from the policy's input declarations. */
import type { Plan } from '../plan/schema.ts';
import type { Dialect } from './dialect.ts';
import { sqlType } from './compile-sql.ts';
import { commentText, q } from './sql-text.ts';

export function createTables(plan: Plan, d: Dialect): string {
  return plan.inputs
    .map((t) => {
      const cols = t.columns.map((c) => {
        const notNull = !c.optional ? ' NOT NULL' : '';
        const note = c.description ? ` -- ${commentText(c.description)}` : c.header ? ` -- ${commentText(c.header)}` : '';
        return `  ${q(c.name)} ${sqlType(d, c.type)}${notNull}${t.key === c.name && t.role !== 'related' ? ' PRIMARY KEY' : ''},${note}`;
      });
      const last = cols.length - 1;
      if (last >= 0) cols[last] = cols[last]!.replace(/,( --|$)/, '$1');
      return `-- ${t.role} table ${t.name}\nCREATE TABLE ${q(t.name)} (\n${cols.join('\n')}\n);`;
    })
    .join('\n\n') + '\n';
}

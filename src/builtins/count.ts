/** `count(rows [, where: cond])` / `计数`: number of related rows. Checked in src/checker/check-calls.ts, evaluated as its `agg` plan node. */
import type { SpecialForm } from './types.ts';

export const count: SpecialForm = {
  kind: 'special',
  name: 'count',
  aliases: ['计数'],
  params: [{ name: 'value' }, { name: 'where', aliases: ['条件'], optional: true }],
  plan: 'agg',
  signature: 'count(rows [, where: cond])',
  doc: {
    summary: { en: 'number of related rows', zh: '相关行的行数' },
    example: { en: 'count(visits, where: visits.done)', zh: '计数(拜访, 条件: 拜访.完成)' },
  },
};

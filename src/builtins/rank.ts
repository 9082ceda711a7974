/** `rank(x [, within: group])` / `排名`: competition rank, highest first. Checked in src/checker/check-calls.ts, evaluated as its `rank` plan node. */
import type { SpecialForm } from './types.ts';

export const rank: SpecialForm = {
  kind: 'special',
  name: 'rank',
  aliases: ['排名'],
  params: [{ name: 'value' }, { name: 'within', aliases: ['范围'], optional: true }, { name: 'order', aliases: ['顺序'], optional: true }],
  plan: 'rank',
  signature: 'rank(x [, within: group])',
  doc: {
    summary: { en: 'competition rank, highest first', zh: '竞赛排名，最高者为 1' },
    example: { en: 'rank(total, within: dept)', zh: '排名(总分, 范围: 部门)' },
  },
};

/** `mean(rows.col [, where: cond])` / `平均`: mean over related rows (missing when none). Checked in src/checker/check-calls.ts, evaluated as its `agg` plan node. */
import type { SpecialForm } from './types.ts';

export const mean: SpecialForm = {
  kind: 'special',
  name: 'mean',
  aliases: ['平均'],
  params: [{ name: 'value' }, { name: 'where', aliases: ['条件'], optional: true }],
  plan: 'agg',
  signature: 'mean(rows.col [, where: cond])',
  doc: {
    summary: { en: 'mean over related rows (missing when none)', zh: '相关行求平均（无行时缺失）' },
    example: { en: 'mean(ratings.score, where: ratings.role = "peer")', zh: '平均(评分.分数, 条件: 评分.角色 = "平级")' },
  },
};

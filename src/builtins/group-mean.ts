/** `group_mean(rows.value, by: rows.group [, trim:, trim_from:, min_count:]) { G: w%; … }` / `分组加权`: weighted mean of the group means of related rows (trimmed when asked; absent groups drop out). Checked in src/checker/check-calls.ts, evaluated as its `grouped` plan node. */
import type { SpecialForm } from './types.ts';

export const groupMean: SpecialForm = {
  kind: 'special',
  name: 'group_mean',
  aliases: ['分组加权'],
  params: [{ name: 'value' }, { name: 'by', aliases: ['分组'] }, { name: 'trim', aliases: ['去掉'], optional: true }, { name: 'trim_from', aliases: ['满'], optional: true }, { name: 'min_count', aliases: ['最少'], optional: true }],
  table: 'group weights like `领导: 50%; 平级: 30%`',
  plan: 'grouped',
  signature: 'group_mean(rows.value, by: rows.group [, trim:, trim_from:, min_count:]) { G: w%; … }',
  doc: {
    summary: { en: 'weighted mean of the group means of related rows (trimmed when asked; absent groups drop out)', zh: '相关行按分组求平均后再加权（可去掉最高最低；缺席的分组不计）' },
    example: { en: 'group_mean(ratings.score, by: ratings.role) { 领导: 50%; 平级: 30%; 下级: 20% }', zh: '分组加权(评分.分数, 分组: 评分.角色) { 领导: 50%; 平级: 30%; 下级: 20% }' },
  },
};

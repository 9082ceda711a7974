/** `allocate(pool, by: weight, per: group [, decimals: 2])` / `分配`: share a pool, to the cent (reward only). Checked in src/checker/check-calls.ts, evaluated as its `allocate` plan node. */
import type { SpecialForm } from './types.ts';

export const allocate: SpecialForm = {
  kind: 'special',
  name: 'allocate',
  aliases: ['分配'],
  params: [{ name: 'pool', aliases: ['奖金池'] }, { name: 'by', aliases: ['按'] }, { name: 'per', aliases: ['每个'] }, { name: 'decimals', aliases: ['位数'], optional: true }],
  plan: 'allocate',
  signature: 'allocate(pool, by: weight, per: group [, decimals: 2])',
  doc: {
    summary: { en: 'share a pool, to the cent (reward only)', zh: '按权重分配奖金池，精确到分（仅用于奖金）' },
    example: { en: 'allocate(dept_pool, by: total, per: dept)', zh: '分配(部门奖金, 按: 总分, 每个: 部门)' },
  },
};

/** `sum(rows.col [, where: cond])` / `求和`: sum over related rows (0 when none). Checked in src/checker/check-calls.ts, evaluated as its `agg` plan node. */
import type { SpecialForm } from './types.ts';

export const sum: SpecialForm = {
  kind: 'special',
  name: 'sum',
  aliases: ['求和'],
  params: [{ name: 'value' }, { name: 'where', aliases: ['条件'], optional: true }],
  plan: 'agg',
  signature: 'sum(rows.col [, where: cond])',
  doc: {
    summary: { en: 'sum over related rows (0 when none)', zh: '相关行求和（无行时为 0）' },
    example: { en: 'sum(orders.amount)', zh: '求和(订单.金额)' },
  },
};

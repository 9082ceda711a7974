/** `progressive(x) { t1: r1; t2: r2; … }` / `累进`: bracket (累进) rates. Checked in src/checker/check-calls.ts, evaluated as its `call` plan node. */
import type { SpecialForm } from './types.ts';

export const progressive: SpecialForm = {
  kind: 'special',
  name: 'progressive',
  aliases: ['累进'],
  params: [],
  table: 'brackets like `0: 1%; 100000: 2%`',
  plan: 'call',
  signature: 'progressive(x) { t1: r1; t2: r2; … }',
  doc: {
    summary: { en: 'bracket (累进) rates', zh: '分段累进费率' },
    example: { en: 'progressive(sales) { 0: 1%; 100000: 2%; 500000: 3% }', zh: '累进(销售额) { 0: 1%; 100000: 2%; 500000: 3% }' },
  },
};

/** `steps(x) { >= a: y; …; otherwise: y }` / `阶梯`: step table, first matching row. Checked in src/checker/check-calls.ts, evaluated as its `steps` plan node. */
import type { SpecialForm } from './types.ts';

export const steps: SpecialForm = {
  kind: 'special',
  name: 'steps',
  aliases: ['阶梯'],
  params: [],
  table: 'rows like `>= 20: 100; >= 10: 70; otherwise: 20`',
  plan: 'steps',
  signature: 'steps(x) { >= a: y; …; otherwise: y }',
  doc: {
    summary: { en: 'step table, first matching row', zh: '阶梯表，取第一条符合的行' },
    example: { en: 'steps(days) { >= 20: 100; >= 10: 70; otherwise: 20 }', zh: '阶梯(天数) { >= 20: 100; >= 10: 70; 否则: 20 }' },
  },
  snippet: 'steps(${1:x}) {\n\t>= ${2:90}: ${3:100}\n\totherwise: ${4:0}\n}',
};

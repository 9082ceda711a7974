/** `lookup(key) { A: y; B: y; … [otherwise: y] }` / `对照`: value per category / grade / text / bool. Checked in src/checker/check-calls.ts, evaluated as its `map` plan node. */
import type { SpecialForm } from './types.ts';

export const lookup: SpecialForm = {
  kind: 'special',
  name: 'lookup',
  aliases: ['对照'],
  params: [],
  table: 'rows like `A: 1.3; B: 1.0`',
  plan: 'map',
  signature: 'lookup(key) { A: y; B: y; … [otherwise: y] }',
  doc: {
    summary: { en: 'value per category / grade / text / bool', zh: '按类别、等级、文本或真假取值' },
    example: { en: 'lookup(grade) { A: 1.3; B: 1.0; otherwise: 0.8 }', zh: '对照(等级) { A: 1.3; B: 1.0; 否则: 0.8 }' },
  },
  snippet: 'lookup(${1:grade}) { ${2:A}: ${3:1.2}; ${4:B}: ${5:1.0} }',
};

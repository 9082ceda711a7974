/** `interpolate(x) { below: y; x1: y1; x2: y2; … [above: y] }` / `插值`: piecewise-linear score. Checked in src/checker/check-calls.ts, evaluated as its `interp` plan node. */
import type { SpecialForm } from './types.ts';

export const interpolate: SpecialForm = {
  kind: 'special',
  name: 'interpolate',
  aliases: ['插值'],
  params: [],
  table: 'breakpoints like `below: 0; 70: 40; 95: 100`',
  plan: 'interp',
  signature: 'interpolate(x) { below: y; x1: y1; x2: y2; … [above: y] }',
  doc: {
    summary: { en: 'piecewise-linear score', zh: '分段线性插值计分' },
    example: { en: 'interpolate(rate) { below: 0; 70%: 40; 95%: 100 }', zh: '插值(完成率) { 低于: 0; 70%: 40; 95%: 100 }' },
  },
  snippet: 'interpolate(${1:x}) { below: ${2:0}; ${3:0}: ${4:0}; ${5:100}: ${6:100} }',
};

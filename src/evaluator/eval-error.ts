/**
 * A problem that stops one person's evaluation (a required indicator not applicable, a division
 * by zero the data made possible). Caught per person, so everyone else is still evaluated; it
 * becomes that person's diagnostic and `status=error` row.
 */
import type { Code } from '../diagnostics/codes.ts';
import type { DiagArgs } from '../diagnostics/diagnostic.ts';
import type { SourceRef } from '../plan/schema.ts';

export class EvalError extends Error {
  constructor(
    readonly code: Code,
    readonly args: DiagArgs,
    readonly at?: SourceRef,
  ) {
    super(code);
  }
}

/**
 * One person's evaluation state: their row, related rows, memoised values and the facts the
 * explanation is built from. Nothing is computed twice for a person.
 */
import type { Row } from '../data/table.ts';
import type { Value } from '../data/value.ts';
import type { Decimal } from '../numeric/decimal.ts';
import type { EvalError } from './eval-error.ts';

export interface IndicatorFact {
  /** null = not applicable (dropped). */
  readonly score: Decimal | null;
  /** Weight used among its siblings (after variants), as a fraction. */
  readonly weight: Decimal;
  readonly note?: string;
}

export interface DistributionFact {
  readonly group: string;
  readonly headcount: number;
  readonly grade: string;
  readonly quota: number;
  readonly rank: number;
  readonly candidates: number;
  readonly movedTo?: string;
  readonly rule: string;
}

/**
 * Why the distribution left a person as they were although they are in a group: `among` does not
 * count them, or their group has fewer people counted than `only groups of at least N`.
 */
export type DistributionLeftOut = { readonly kind: 'ineligible' } | { readonly kind: 'smallGroup'; readonly group: string; readonly headcount: number };

export interface AllocationFact {
  readonly group: string;
  readonly pool: Decimal;
  readonly weight: Decimal;
  readonly totalWeight: Decimal;
  readonly share: Decimal;
}

export class Person {
  readonly memo = new Map<string, Value>();
  readonly indicators = new Map<string, IndicatorFact>();
  readonly related = new Map<string, Row[]>();
  error?: EvalError;
  /** Set when an `exempt` rule holds: the person is not assessed, for this reason (README 3.9 `exempt`). */
  exempt?: string;
  /** Set while a named value is being computed, to keep the trace readable. */
  totalBeforeVeto?: Decimal;
  veto?: string;
  band?: string;
  gradeBefore?: string;
  grade?: string;
  distribution: DistributionFact[] = [];
  distributionLeftOut?: DistributionLeftOut;
  allocation?: AllocationFact;

  constructor(
    readonly index: number,
    readonly row: Row,
    readonly key: string,
  ) {}

  /** An `exempt` rule holds and nothing failed before it was decided: status `not_assessed`. */
  get notAssessed(): boolean {
    return this.exempt !== undefined && !this.error && this.row.errors.length === 0;
  }

  /** Assessed without error so far: neither an error row nor exempt (not assessed). */
  get ok(): boolean {
    return !this.error && this.exempt === undefined && this.row.errors.length === 0;
  }
}

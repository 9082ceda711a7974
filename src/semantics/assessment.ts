/**
 * What a person's assessment is made of (README 3.4, 3.5, 3.13), decided once for both engines.
 * Whatever the `output` lists, every person's indicators, total, grade and reward are evaluated:
 * a person who cannot be assessed (an indicator with `missing error` not applicable, no grade
 * band, a missing reward, …) is an error row with the same status and diagnostic whichever
 * columns are written. A `let` or an `adjust` is a named value, evaluated where something uses it.
 *
 * Order: first what each person's result is made of on its own (`individual`: every indicator,
 * the weighted score, the total, the grade from the bands after vetoes), for everybody; then
 * what needs the cohort (`cohort`: the grade after the forced distribution, the reward). Cohort
 * steps (rank, distribution, allocate) therefore see every person whose own evaluation failed as
 * an error row, and leave them out (README 3.6 rank, 3.11, allocate).
 */
import type { Expr, Plan } from '../plan/schema.ts';

export type AssessedValue = 'weighted' | 'total' | 'grade_before' | 'grade' | 'reward';

export interface Assessment {
  /** Evaluated for every person before any cohort result is used. */
  readonly individual: readonly AssessedValue[];
  /** Evaluated after, in this order: the forced distribution's grade, then the reward. */
  readonly cohort: readonly AssessedValue[];
}

/** The values every person's assessment evaluates, in order. */
export function assessment(plan: Pick<Plan, 'indicators' | 'grades' | 'distribution' | 'reward'>): Assessment {
  const graded = plan.grades.length > 0;
  // A scheme of money alone (commissions) has no indicators: nothing weighted to assess, and its
  // total does not read `weighted` (the checker refuses that, KPL2036).
  const weighted = plan.indicators.length > 0 ? (['weighted'] as const) : [];
  const individual: AssessedValue[] = [...weighted, 'total', ...(graded ? (['grade_before'] as const) : [])];
  const cohort: AssessedValue[] = [...(graded && plan.distribution ? (['grade'] as const) : []), ...(plan.reward ? (['reward'] as const) : [])];
  return { individual, cohort };
}

/** The assessed values as plan references (what an engine evaluates for them), in order. */
export function assessmentRefs(plan: Pick<Plan, 'indicators' | 'grades' | 'distribution' | 'reward'>): Extract<Expr, { k: 'ref' }>[] {
  const a = assessment(plan);
  return [...a.individual, ...a.cohort].map((ref) => ({ k: 'ref', ref, name: ref }));
}

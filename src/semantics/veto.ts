/**
 * Vetoes (README 3.9), decided here once for the interpreter and the fast engine: which `total =`
 * veto replaces the total, and which grade results from the band and the grade vetoes that hold.
 * Both engines only evaluate the conditions; what a set of holding vetoes means is decided here,
 * so the engines cannot disagree about it. Grades are positions in the plan's grade list (0 the
 * best, a larger position a worse grade).
 */
import type { Plan, Veto } from '../plan/schema.ts';

export type TotalVeto = Veto & { readonly effect: Extract<Veto['effect'], { k: 'total' }> };

/**
 * The `total =` vetoes in the order they are considered: as written. The first whose condition
 * holds replaces the total; the conditions after it are not evaluated (so cannot fail).
 */
export function totalVetoes(plan: Pick<Plan, 'vetoes'>): TotalVeto[] {
  return plan.vetoes.filter((v): v is TotalVeto => v.effect.k === 'total');
}

/** The position of the first `total =` veto whose condition holds (asked in order), or -1. */
export function firstTotalVeto(count: number, holds: (k: number) => boolean): number {
  for (let k = 0; k < count; k++) if (holds(k)) return k;
  return -1;
}

/** A grade veto as the decision needs it: a forced grade (`grade X`) or a cap (`cap X`). */
export interface GradeVeto {
  readonly veto: Veto;
  readonly cap: boolean;
  /** Position of the grade in the grade list. */
  readonly grade: number;
}

/** The grade vetoes in written order, grades by position (a grade not in the list throws). */
export function gradeVetoes(plan: Pick<Plan, 'vetoes' | 'grades'>): GradeVeto[] {
  const order = plan.grades.map((b) => b.grade);
  return plan.vetoes.flatMap((v): GradeVeto[] => {
    if (v.effect.k === 'total') return [];
    const grade = order.indexOf(v.effect.grade);
    if (grade < 0) throw new Error(`veto to grade ${v.effect.grade}, which is not in the grade list`);
    return [{ veto: v, cap: v.effect.k === 'cap', grade }];
  });
}

/**
 * The grade after the grade vetoes: every veto whose condition holds takes effect and the
 * harshest wins — a forced grade replaces the band's grade (the worst forced grade when several
 * hold), then each cap lowers a better grade to the cap. Every condition is asked, in written
 * order (an evaluation error in any of them is the person's error).
 */
export function gradeAfterVetoes(vetoes: readonly GradeVeto[], band: number, holds: (k: number) => boolean): number {
  let forced = -1;
  let cap = -1;
  for (let k = 0; k < vetoes.length; k++) {
    if (!holds(k)) continue;
    const v = vetoes[k]!;
    if (v.cap) cap = Math.max(cap, v.grade);
    else forced = Math.max(forced, v.grade);
  }
  const g = forced >= 0 ? forced : band;
  return cap > g ? cap : g;
}

/** The most grade vetoes a bit mask can carry (the fast engine's generated code uses one). */
export const MASK_VETOES = 31;

/**
 * gradeAfterVetoes for a bit mask of the vetoes that hold (bit k: veto k), for generated code:
 * it evaluates the conditions and hands the decision here, with no allocation per person.
 */
export function maskedGradeVetoes(vetoes: readonly GradeVeto[]): (band: number, mask: number) => number {
  if (vetoes.length > MASK_VETOES) throw new RangeError(`more than ${MASK_VETOES} grade vetoes`);
  let mask = 0;
  const holds = (k: number): boolean => ((mask >>> k) & 1) === 1;
  return (band, m) => {
    mask = m;
    return gradeAfterVetoes(vetoes, band, holds);
  };
}

import { describe, expect, it } from 'vitest';
import { firstTotalVeto, gradeAfterVetoes, maskedGradeVetoes, type GradeVeto } from '../../../src/semantics/veto.ts';

// Grades A, B, C, D at positions 0..3 (0 the best).
const veto = (cap: boolean, grade: number): GradeVeto => ({ veto: { when: { k: 'bool', v: true }, text: 'v', effect: { k: cap ? 'cap' : 'grade', grade: 'ABCD'[grade]! } }, cap, grade }) as GradeVeto;

describe('grade vetoes (README 3.9)', () => {
  const vetoes = [veto(false, 1), veto(false, 2), veto(true, 1), veto(true, 3)];
  const all = (...on: number[]) => (k: number) => on.includes(k);

  it('keeps the band when no veto holds', () => {
    expect(gradeAfterVetoes(vetoes, 0, all())).toBe(0);
  });
  it('takes the worst forced grade whatever the order written', () => {
    expect(gradeAfterVetoes(vetoes, 0, all(0, 1))).toBe(2);
    expect(gradeAfterVetoes([vetoes[1]!, vetoes[0]!], 0, all(0, 1))).toBe(2);
  });
  it('lets a forced grade replace a worse band', () => {
    expect(gradeAfterVetoes(vetoes, 3, all(0))).toBe(1);
  });
  it('lowers a better grade to a cap and leaves a worse one', () => {
    expect(gradeAfterVetoes(vetoes, 0, all(2))).toBe(1);
    expect(gradeAfterVetoes(vetoes, 2, all(2))).toBe(2);
  });
  it('applies caps after the forced grade', () => {
    expect(gradeAfterVetoes(vetoes, 0, all(0, 3))).toBe(3);
    expect(gradeAfterVetoes(vetoes, 3, all(0, 2))).toBe(1);
  });
  it('asks every condition, in order, even after one holds', () => {
    const asked: number[] = [];
    gradeAfterVetoes(vetoes, 0, (k) => (asked.push(k), true));
    expect(asked).toEqual([0, 1, 2, 3]);
  });
  it('gives the same grade from a bit mask of the vetoes that hold', () => {
    const masked = maskedGradeVetoes(vetoes);
    for (let m = 0; m < 16; m++) for (let band = 0; band < 4; band++) expect(masked(band, m)).toBe(gradeAfterVetoes(vetoes, band, (k) => ((m >> k) & 1) === 1));
  });
});

describe('total vetoes', () => {
  it('takes the first that holds and asks no later condition', () => {
    const asked: number[] = [];
    expect(firstTotalVeto(4, (k) => (asked.push(k), k >= 1))).toBe(1);
    expect(asked).toEqual([0, 1]);
    expect(firstTotalVeto(3, () => false)).toBe(-1);
  });
});

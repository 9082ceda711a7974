/**
 * What the peer engines share: their input (one plain object per person, numbers as floats —
 * what these engines take), and the plain-TypeScript cohort step (forced distribution per unit)
 * and reward, which none of them can express over a whole population in its per-person model.
 */
import { readFileSync } from 'node:fs';
import { floatColumns, personRows, type Dataset, type PersonRow } from '../generate.ts';
import { distributeAndReward } from '../cohort.ts';
import { emptyResults, type Results } from '../results-type.ts';

export interface PeerInput {
  readonly rows: PersonRow[];
  readonly unit: Int32Array;
  readonly unitCount: number;
  readonly id: string[];
  readonly baseBonus: Float64Array;
}

export function peerInput(ds: Dataset): PeerInput {
  const fc = floatColumns(ds);
  return { rows: personRows(ds), unit: ds.unit, unitCount: ds.units.length, id: ds.id, baseBonus: fc.f.base_bonus };
}

/** Per-person scoring output of an engine: total (rounded by the engine), 销售完成率, grade before distribution. */
export class Scores {
  readonly totalCents: Float64Array;
  readonly sales: Float64Array;
  readonly gradeBefore: Uint8Array;
  constructor(n: number) {
    this.totalCents = new Float64Array(n);
    this.sales = new Float64Array(n);
    this.gradeBefore = new Uint8Array(n);
  }
  set(i: number, total: number, sales: number, grade: string): void {
    // The engine's total is already rounded to 2 decimals: × 100 is within an ulp of an integer.
    this.totalCents[i] = Math.round(total * 100);
    this.sales[i] = sales;
    const g = GRADE_CODE[grade];
    if (g === undefined) throw new Error(`person ${i}: unexpected grade ${JSON.stringify(grade)}`);
    this.gradeBefore[i] = g;
  }
}

const GRADE_CODE: Record<string, number> = { A: 0, B: 1, C: 2, D: 3 };

/** Shared post-processing: forced distribution per unit and reward (integer cents). */
export function finish(inp: PeerInput, s: Scores): Results {
  const out = emptyResults(inp.rows.length);
  distributeAndReward({ n: inp.rows.length, unit: inp.unit, unitCount: inp.unitCount, id: inp.id, baseBonus: inp.baseBonus, totalCents: s.totalCents, sales: s.sales, gradeBefore: s.gradeBefore }, out);
  return out;
}

/**
 * Float engines round the total with the usual workaround: add a tiny epsilon before rounding
 * half-up, so a total that is exactly x.xx5 in decimals but x.xx4999999999 in binary floats
 * rounds up. 1e-11 points is ~100× the float error of a total and far below its last digit.
 * It is not exact in general (a non-terminating total within 1e-11 below x.xx5 would round the
 * wrong way); the verification against KPL shows whether it held on the data of the run.
 */
export const EPSILON_TEXT = '0.00000000001';

/** Runs `f` over all items with at most `width` promises in flight. */
export async function inBatches(n: number, width: number, f: (i: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < n; start += width) {
    const end = Math.min(n, start + width);
    const batch: Promise<void>[] = [];
    for (let i = start; i < end; i++) batch.push(f(i));
    await Promise.all(batch);
  }
}

/** The installed version of a package in bench/node_modules. */
export function versionOf(pkg: string): string {
  const file = new URL(`../node_modules/${pkg}/package.json`, import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

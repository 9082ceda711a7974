/** What every implementation produces, per person in input order, and how results are compared. */
import { GRADES, formatScaled } from './exact.ts';

export interface Results {
  /** Total × 100 (the total is rounded to 2 decimals). */
  readonly totalCents: Float64Array;
  /** Grade codes 0..3 = A..D: before the forced distribution (after the veto), and final. */
  readonly gradeBefore: Uint8Array;
  readonly grade: Uint8Array;
  /** Reward in cents. */
  readonly rewardCents: Float64Array;
}

export function emptyResults(n: number): Results {
  return { totalCents: new Float64Array(n), gradeBefore: new Uint8Array(n), grade: new Uint8Array(n), rewardCents: new Float64Array(n) };
}

/** One person's results as the output CSV shows them. */
export function show(r: Results, i: number): string {
  return `total ${formatScaled(r.totalCents[i]!, 2)}, grade_before_distribution ${GRADES[r.gradeBefore[i]!]}, grade ${GRADES[r.grade[i]!]}, reward ${formatScaled(r.rewardCents[i]!, 2)}`;
}

/** The first person whose results differ, or -1. */
export function firstDifference(a: Results, b: Results): number {
  const n = a.totalCents.length;
  if (b.totalCents.length !== n) return Math.min(n, b.totalCents.length);
  for (let i = 0; i < n; i++) {
    if (a.totalCents[i] !== b.totalCents[i] || a.gradeBefore[i] !== b.gradeBefore[i] || a.grade[i] !== b.grade[i] || a.rewardCents[i] !== b.rewardCents[i]) return i;
  }
  return -1;
}

/** Serialises results (the KPL reference is handed to the other engines' processes this way). */
export function encodeResults(r: Results): Buffer {
  const n = r.totalCents.length;
  const head = Buffer.alloc(8);
  head.writeUInt32LE(n, 0);
  return Buffer.concat([head, Buffer.from(r.totalCents.buffer, r.totalCents.byteOffset, n * 8), Buffer.from(r.rewardCents.buffer, r.rewardCents.byteOffset, n * 8), Buffer.from(r.gradeBefore), Buffer.from(r.grade)]);
}

export function decodeResults(b: Buffer): Results {
  const n = b.readUInt32LE(0);
  const copy = (from: number, bytes: number) => {
    const out = new Uint8Array(bytes);
    out.set(b.subarray(from, from + bytes));
    return out.buffer;
  };
  let at = 8;
  const totalCents = new Float64Array(copy(at, n * 8));
  at += n * 8;
  const rewardCents = new Float64Array(copy(at, n * 8));
  at += n * 8;
  const gradeBefore = new Uint8Array(copy(at, n));
  at += n;
  const grade = new Uint8Array(copy(at, n));
  return { totalCents, gradeBefore, grade, rewardCents };
}

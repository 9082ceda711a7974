/**
 * Drawing random choices through fast-check's `gen()` so that a failing case shrinks: every
 * choice shrinks towards its first option, every count towards its minimum and every chance
 * towards "no" — a shrunk policy loses its optional features one by one and its data its rows.
 */
import fc from 'fast-check';

export class Draw {
  constructor(private readonly g: fc.GeneratorValue) {}

  /** A whole number in [min, max] (shrinks to min). */
  int(min: number, max: number): number {
    return max <= min ? min : this.g(fc.integer, { min, max });
  }

  /** True with probability p (shrinks to false). */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.int(0, 999) >= 1000 - Math.round(p * 1000);
  }

  /** One of the options (shrinks to the first). */
  pick<T>(options: readonly T[]): T {
    if (!options.length) throw new Error('pick from nothing');
    return options[this.int(0, options.length - 1)]!;
  }

  /** One of the options, each with a relative weight (shrinks to the first). */
  weighted<T>(options: readonly (readonly [number, T])[]): T {
    const sum = options.reduce((s, [w]) => s + w, 0);
    let x = this.int(0, sum - 1);
    for (const [w, v] of options) {
      if (x < w) return v;
      x -= w;
    }
    return options[options.length - 1]![1];
  }

  /** A few distinct options, in their listed order. */
  subset<T>(options: readonly T[], min: number, max: number): T[] {
    const n = this.int(Math.min(min, options.length), Math.min(max, options.length));
    const pool = [...options.keys()];
    const chosen: number[] = [];
    for (let i = 0; i < n; i++) chosen.push(pool.splice(this.int(0, pool.length - 1), 1)[0]!);
    return chosen.sort((a, b) => a - b).map((i) => options[i]!);
  }

  /** `total` split into `parts` whole numbers ≥ 0 that add up to it exactly. */
  partition(total: number, parts: number): number[] {
    if (parts === 1) return [total];
    const cuts = Array.from({ length: parts - 1 }, () => this.int(0, total)).sort((a, b) => a - b);
    const out: number[] = [];
    let prev = 0;
    for (const c of cuts) {
      out.push(c - prev);
      prev = c;
    }
    out.push(total - prev);
    return out;
  }
}

/**
 * Cohort steps over columns: forced distribution, ranking and pool allocation, with the same
 * results as src/evaluator's (distribution.ts, evaluation.ts rank/allocate, allocate.ts).
 * Keys are compared exactly when both are exact scaled integers; float keys whose error bounds
 * overlap are compared by their exact values from the interpreter (rare: near-ties only).
 */
import type { Distribution } from '../plan/schema.ts';
import type { Value } from '../data/value.ts';
import { Decimal, ZERO } from '../numeric/decimal.ts';
import { allocateLargestRemainder } from '../evaluator/allocate.ts';
import { distributeGroup, type QuotaGroup, type QuotaSteps } from '../semantics/distribution.ts';
import { compareRanked, compareValues, keyOrder, type RankKeys } from '../semantics/ranking.ts';
import type { PoolReport } from '../semantics/pool-report.ts';
import { cmpFloat, fmtNorm, LIM, POW10, U } from '../numeric/scaled.ts';
import { NeedsExactRun } from './oracle.ts';
import { phrase } from '../diagnostics/phrases.ts';

/** A per-person key: a numeric slot (scaled integer or float with error), or text. */
export type Key =
  | {
      readonly kind: 'num';
      readonly D: number;
      readonly n: Float64Array;
      readonly x: Float64Array;
      readonly e: Float64Array;
      readonly exact: (i: number) => Value;
      /** True when two people have equal inputs for the key (so equal exact values). */
      readonly sameInputs?: (a: number, b: number) => boolean;
    }
  | { readonly kind: 'str'; readonly s: readonly (string | null)[] }
  | { readonly kind: 'bool'; readonly b: Uint8Array };

export function isMissing(k: Key, i: number): boolean {
  // An exact-only key has no float arrays (x empty): missing is n NaN.
  if (k.kind === 'num') return k.n[i] !== k.n[i] && (k.x.length === 0 || k.x[i] !== k.x[i]);
  if (k.kind === 'str') return k.s[i] === null || k.s[i] === undefined;
  return k.b[i] === 2;
}

/** Ascending comparison of two present key values. */
export function compareKey(k: Key, a: number, b: number): number {
  if (k.kind === 'str') return compareValues(k.s[a]!, k.s[b]!);
  if (k.kind === 'bool') return compareValues(k.b[a] === 1, k.b[b] === 1);
  const na = k.n[a]!;
  const nb = k.n[b]!;
  if (na === na && nb === nb) return na < nb ? -1 : na > nb ? 1 : 0;
  const p = POW10[Math.max(k.D, 0)]!;
  const fa = na === na ? na / p : k.x[a]!;
  const ea = na === na ? (k.D === 0 ? 0 : U * Math.abs(fa)) : k.e[a]!;
  const fb = nb === nb ? nb / p : k.x[b]!;
  const eb = nb === nb ? (k.D === 0 ? 0 : U * Math.abs(fb)) : k.e[b]!;
  const c = cmpFloat(fa, ea, fb, eb);
  if (c === c) return c;
  if (k.sameInputs?.(a, b)) return 0;
  return compareValues(k.exact(a), k.exact(b));
}

/** The exact decimal of a numeric key for one person (null when missing). */
export function decimalOf(k: Extract<Key, { kind: 'num' }>, i: number): Decimal | null {
  const n = k.n[i]!;
  if (n === n) return new Decimal(fmtNorm(n, k.D));
  if (k.x.length === 0 || k.x[i] !== k.x[i]) return null;
  const v = k.exact(i);
  return v instanceof Decimal ? v : null;
}

export interface DistributionResult {
  /** Final grade of each person (null for people not evaluated). */
  readonly grade: (string | null)[];
  /** Rank in the last quota ranking the person took part in (NaN: none). */
  readonly qrank: Float64Array;
}

/**
 * The forced distribution (its rules: src/semantics/distribution.ts). `gradeOrder`: the plan's
 * grades, best first; `ok`: people evaluated; `per`: each person's group (undefined: in no
 * group); `gradeBefore`: grade from the bands after vetoes; `keys`/`desc`: the tie-break chain;
 * `counted` (with `among`): 1 for the people the distribution counts, the others are in no group.
 */
export function distribute(d: Distribution | undefined, gradeOrder: readonly string[], n: number, ok: Uint8Array, per: readonly (string | null | undefined)[] | undefined, gradeBefore: readonly (string | null)[], keys: readonly Key[], desc: readonly boolean[], needRanks = true, known?: Groups, counted?: Uint8Array): DistributionResult {
  const names: string[] = [];
  const codeOf = new Map<string, number>();
  const code = (g: string): number => {
    let c = codeOf.get(g);
    if (c === undefined) {
      c = names.length;
      names.push(g);
      codeOf.set(g, c);
    }
    return c;
  };
  const current = new Int32Array(n).fill(-1);
  let lastName: string | null = null;
  let lastCode = -1;
  for (let i = 0; i < n; i++) {
    if (!ok[i]) continue;
    const g = gradeBefore[i]!;
    // Grade names are few and usually repeat: skip the map when it is the previous one.
    if (g !== lastName) {
      lastName = g;
      lastCode = code(g);
    }
    current[i] = lastCode;
  }
  const qrank = new Float64Array(n).fill(NaN);
  if (d) {
    const groups = known ?? groupsOf(n, d.per ? per! : undefined);
    const first = keys[0];
    const firstDesc = desc[0] ?? false;
    // The order is src/semantics/ranking.ts's; keys are read from the columns. A key exact for
    // both people compares as integers (no missing value is exact), else compareKey.
    const rankKeys: RankKeys<number> = {
      count: keys.length,
      desc,
      missing: (i, k) => isMissing(keys[k]!, i),
      compare: (a, b, k) => {
        const key = keys[k]!;
        if (key.kind === 'num') {
          const na = key.n[a]!;
          const nb = key.n[b]!;
          if (na === na && nb === nb) return na < nb ? -1 : na > nb ? 1 : 0;
        }
        return compareKey(key, a, b);
      },
      position: (i) => i,
    };
    // The usual first key, a number exact for both people, compared inline.
    const fn = first?.kind === 'num' ? first.n : undefined;
    const compare = (a: number, b: number): number => {
      if (fn !== undefined) {
        const na = fn[a]!;
        const nb = fn[b]!;
        if (na === na && nb === nb) return na !== nb ? keyOrder(na < nb ? -1 : 1, firstDesc) : compareRanked(rankKeys, a, b, 1);
      }
      return compareRanked(rankKeys, a, b);
    };
    const steps: QuotaSteps<number> = {
      rank: (people) => {
        people.sort(compare);
      },
      place: (i, r, _of, _rule, _at, to) => {
        qrank[i] = r;
        if (to !== undefined) current[i] = code(to);
      },
    };
    for (let gi = 0; gi < groups.count; gi++) {
      const listed = groups.members(gi);
      const members = counted ? listed.filter((i) => counted[i] === 1) : listed;
      const view: QuotaGroup<number> = {
        headcount: members.length,
        count: (g) => {
          const c = code(g);
          let have = 0;
          for (const i of members) if (ok[i] && current[i] === c) have++;
          return have;
        },
        at: (g) => {
          const c = code(g);
          return members.filter((i) => ok[i] && current[i] === c);
        },
        assessed: () => members.filter((i) => ok[i]),
        gradeOf: (i) => names[current[i]!]!,
      };
      distributeGroup(d, gradeOrder, view, steps, needRanks);
    }
  }
  const grade: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) grade[i] = current[i]! >= 0 ? names[current[i]!]! : null;
  return { grade, qrank };
}

/**
 * People by group (key text; undefined / null: in no group), groups in order of first
 * appearance, people in input order: a counting sort into one array, no array per group.
 */
export interface Groups {
  readonly count: number;
  members(g: number): number[];
}

export function groupsOf(n: number, per: readonly (string | null | undefined)[] | undefined): Groups {
  const gid = new Int32Array(n).fill(-1);
  const ids = new Map<string, number>();
  const sizes: number[] = [];
  let last: string | null | undefined = undefined;
  let lastId = -1;
  for (let i = 0; i < n; i++) {
    const g = per ? per[i] : '';
    if (g === undefined || g === null) continue;
    if (g !== last) {
      last = g;
      let id = ids.get(g);
      if (id === undefined) {
        id = sizes.length;
        ids.set(g, id);
        sizes.push(0);
      }
      lastId = id;
    }
    gid[i] = lastId;
    sizes[lastId]!++;
  }
  const start = new Int32Array(sizes.length + 1);
  for (let k = 0; k < sizes.length; k++) start[k + 1] = start[k]! + sizes[k]!;
  const order = new Int32Array(start[sizes.length]!);
  const fill = start.slice(0, sizes.length);
  for (let i = 0; i < n; i++) {
    const g = gid[i]!;
    if (g >= 0) order[fill[g]!++] = i;
  }
  return { count: sizes.length, members: (g) => Array.from(order.subarray(start[g]!, start[g + 1]!)) };
}

/** Competition ranking (1, 2, 2, 4) of a numeric key within groups. */
export function rank(n: number, ok: Uint8Array, value: Key, within: readonly (string | null)[] | undefined, desc: boolean): Float64Array {
  const out = new Float64Array(n).fill(NaN);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    if (!ok[i] || isMissing(value, i)) continue;
    const g = within ? (within[i] ?? '') : '';
    const list = groups.get(g);
    if (list) list.push(i);
    else groups.set(g, [i]);
  }
  for (const list of groups.values()) {
    const sorted = list.slice().sort((a, b) => (desc ? compareKey(value, b, a) : compareKey(value, a, b)));
    sorted.forEach((i, k) => {
      out[i] = k > 0 && compareKey(value, sorted[k - 1]!, i) === 0 ? out[sorted[k - 1]!]! : k + 1;
    });
  }
  return out;
}

export interface AllocationResult {
  /** Each person's share as a scaled integer at `decimals` (NaN: none). */
  readonly shares: Float64Array;
  readonly exactShares: Map<number, Decimal>;
  readonly pools: PoolReport[];
}

/**
 * Shares of each group's pool in proportion to the weights, to the unit of `decimals`, by the
 * largest-remainder method (ties: the lower key, then input order), as allocate.ts does.
 * `excluded`: by group, the people who could not be assessed (named in the group's report).
 */
export function allocate(n: number, ok: Uint8Array, per: readonly (string | null)[], pool: Extract<Key, { kind: 'num' }>, by: Extract<Key, { kind: 'num' }>, keys: readonly (string | undefined)[], decimals: number, lookupPools?: { keys: Iterable<[string, number]>; pool: (row: number) => Decimal | null }, excluded?: ReadonlyMap<string, readonly string[]>, compareKeys: (a: string, b: string) => number = (a, b) => (a < b ? -1 : a > b ? 1 : 0)): AllocationResult {
  const shares = new Float64Array(n).fill(NaN);
  const exactShares = new Map<number, Decimal>();
  const pools: PoolReport[] = [];
  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    if (!ok[i]) continue;
    const g = per[i];
    if (g === null || g === undefined || isMissing(pool, i) || isMissing(by, i)) throw new NeedsExactRun('a pool, group or weight is missing');
    const list = groups.get(g);
    if (list) list.push(i);
    else groups.set(g, [i]);
  }
  const unit = new Decimal(10).pow(-decimals);
  for (const [g, members] of groups) {
    const first = members[0]!;
    for (const m of members) if (compareKey(pool, first, m) !== 0) throw new NeedsExactRun('pools differ within a group');
    const poolDec = decimalOf(pool, first)!;
    const fast = fastShares(pool, by, members, keys, decimals, compareKeys);
    let unallocated: Decimal;
    let totalZero: boolean;
    if (fast) {
      members.forEach((m, k) => (shares[m] = fast.units[k]!));
      totalZero = fast.rawZero;
      unallocated = fast.clampedZero ? poolDec : poolDec.minus(new Decimal(fmtNorm(fast.poolUnits, decimals)));
    } else {
      const weights = members.map((m) => decimalOf(by, m)!);
      const r = allocateLargestRemainder(poolDec, weights.map((w) => Decimal.max(w, ZERO)), decimals, members.map((m) => keys[m]!), compareKeys);
      members.forEach((m, k) => {
        const s = r.shares[k]!;
        const scaled = s.div(unit);
        if (scaled.abs().lt(LIM)) shares[m] = scaled.toNumber();
        else exactShares.set(m, s);
      });
      unallocated = r.unallocated;
      totalZero = weights.reduce((a, w) => a.plus(w), ZERO).isZero();
    }
    const left = excluded?.get(g);
    pools.push({ group: g, pool: poolDec, allocated: poolDec.minus(unallocated), unallocated, ...(totalZero ? { reason: phrase('allWeightsZero') } : {}), ...(left ? { excluded: left } : {}) });
  }
  if (lookupPools) {
    for (const [key, row] of lookupPools.keys) {
      if (groups.has(key)) continue;
      const v = lookupPools.pool(row);
      if (v) pools.push({ group: key, pool: v, allocated: ZERO, unallocated: v, reason: phrase('nobodyInGroup') });
    }
  }
  return { shares, exactShares, pools };
}

/**
 * Largest remainder in doubles, when every quantity is an exact integer below 2^53:
 * share_i = floor(P·W_i·10^(d−Dp) / T) units, remainders compared as integers.
 */
function fastShares(pool: Extract<Key, { kind: 'num' }>, by: Extract<Key, { kind: 'num' }>, members: readonly number[], keys: readonly (string | undefined)[], d: number, compareKeys: (a: string, b: string) => number): { units: number[]; poolUnits: number; clampedZero: boolean; rawZero: boolean } | undefined {
  const P = pool.n[members[0]!]!;
  if (P !== P || pool.D < 0 || by.D < 0) return undefined;
  const W: number[] = [];
  let T = 0;
  let raw = 0;
  for (const m of members) {
    const w = by.n[m]!;
    if (w !== w) return undefined;
    const c = w > 0 ? w : 0;
    W.push(c);
    T += c;
    raw += w;
    if (!(T < LIM && Math.abs(raw) < LIM)) return undefined;
  }
  const Dp = pool.D;
  let poolUnits: number;
  if (d >= Dp) {
    poolUnits = P * POW10[d - Dp]!;
    if (!(Math.abs(poolUnits) < LIM)) return undefined;
  } else poolUnits = floorDiv(P, POW10[Dp - d]!);
  if (T === 0) return { units: members.map(() => 0), poolUnits, clampedZero: true, rawZero: raw === 0 };
  const scaleUp = d >= Dp ? POW10[d - Dp]! : 1;
  const Den = d >= Dp ? T : T * POW10[Dp - d]!;
  if (!(Den < LIM)) return undefined;
  const q: number[] = [];
  const r: number[] = [];
  let sum = 0;
  for (const w of W) {
    const num = P * w * scaleUp;
    if (!(Math.abs(num) < LIM)) return undefined;
    const f = floorDiv(num, Den);
    q.push(f);
    r.push(num - f * Den);
    sum += f;
  }
  const left = poolUnits - sum;
  const m = members.length;
  if (left >= m) for (let k = 0; k < m; k++) q[k] = q[k]! + 1;
  else if (left > 0) {
    // The `left` largest remainders get a unit (ties: the lower key, then input order) — found
    // with a numeric sort of the remainders and a threshold, not a comparator sort of everyone.
    const sorted = Float64Array.from(r).sort();
    const thr = sorted[m - left]!;
    let above = 0;
    for (let k = 0; k < m; k++) {
      if (r[k]! > thr) {
        q[k] = q[k]! + 1;
        above++;
      }
    }
    const ties: number[] = [];
    for (let k = 0; k < m; k++) if (r[k] === thr) ties.push(k);
    ties.sort((a, b) => compareKeys(keys[members[a]!]!, keys[members[b]!]!) || a - b);
    for (let t = 0; t < left - above; t++) q[ties[t]!] = q[ties[t]!]! + 1;
  }
  return { units: q, poolUnits, clampedZero: false, rawZero: raw === 0 };
}

/** floor(a / b) for integers below 2^53, b > 0, exactly. */
function floorDiv(a: number, b: number): number {
  let f = Math.floor(a / b);
  let rem = a - f * b;
  if (rem < 0) {
    f -= 1;
    rem += b;
  } else if (rem >= b) f += 1;
  return f;
}

/**
 * Forced distribution (强制分布): per group, quotas per grade. People past an `at most` quota move
 * to the next grade in ranking order; an `at least` quota pulls the lowest-ranked people of the
 * grade above down. Ranking uses the policy's tie-break chain; equal keys keep input order.
 */
import type { Distribution, QuotaRule } from '../plan/schema.ts';
import type { Value } from '../data/value.ts';
import { keyText } from '../data/key-text.ts';
import { Decimal, cmpExact } from '../numeric/decimal.ts';
import { evalExpr } from './eval-expr.ts';
import type { Evaluation } from './evaluation.ts';
import type { Person } from './person.ts';

export function runDistribution(ev: Evaluation, d: Distribution): void {
  // Headcount counts everyone listed in the group, including people who could not be assessed.
  const groups = new Map<string, Person[]>();
  for (const p of ev.people) {
    let g: string | undefined = '';
    if (d.per) {
      try {
        g = keyText(evalExpr(ev, p, d.per));
      } catch {
        g = undefined;
      }
    }
    if (g === undefined) continue;
    const list = groups.get(g) ?? [];
    list.push(p);
    groups.set(g, list);
  }
  const keyCache = new Map<Person, Value[]>();
  const keys = (p: Person): Value[] => {
    let k = keyCache.get(p);
    if (!k) {
      const chain = d.tieBreak.length ? d.tieBreak : [{ expr: { k: 'ref' as const, ref: 'total' as const, name: 'total' }, desc: true, text: 'total desc' }];
      k = chain.map((t) => ev.attempt(p, () => evalExpr(ev, p, t.expr)) ?? null);
      keyCache.set(p, k);
    }
    return k;
  };
  const compare = (a: Person, b: Person): number => {
    const ka = keys(a);
    const kb = keys(b);
    const chain = d.tieBreak.length ? d.tieBreak : [{ desc: true }];
    for (let i = 0; i < chain.length; i++) {
      const x = ka[i] ?? null;
      const y = kb[i] ?? null;
      // A missing key ranks last whichever the direction.
      if (x === null || y === null) {
        if (x !== y) return x === null ? 1 : -1;
        continue;
      }
      const c = compareValues(x, y);
      if (c !== 0) return chain[i]!.desc ? -c : c;
    }
    return a.index - b.index;
  };
  // Coverage: which tie-break key decided the order of two neighbours in a ranking.
  const decided = ev.recorder
    ? (ranked: readonly Person[]): void => {
        for (let i = 1; i < ranked.length; i++) {
          const ka = keys(ranked[i - 1]!);
          const kb = keys(ranked[i]!);
          const k = d.tieBreak.findIndex((_, j) => compareValues(ka[j] ?? null, kb[j] ?? null) !== 0);
          if (k >= 0) ev.recorder!.hit(undefined, d.tieBreak[k]!, 0, { a: ranked[i - 1]!.key, b: ranked[i]!.key });
        }
      }
    : undefined;
  for (const [group, members] of groups) {
    for (const rule of d.rules) {
      const outcome = applyRule(rule, group, members, compare, decided, ev.plan.grades.map((b) => b.grade));
      if (outcome >= 0) ev.recorder?.hit(undefined, rule, outcome, { group });
    }
  }
}

/** The quota of a rule for a group of `headcount` people: share × headcount, rounded as stated, within min/max. */
export function quotaOf(rule: QuotaRule, headcount: number): number {
  const raw = new Decimal(headcount).times(rule.share);
  let q = (rule.rounding === 'floor' ? raw.floor() : rule.rounding === 'ceil' ? raw.ceil() : raw.toDecimalPlaces(0, Decimal.ROUND_HALF_UP)).toNumber();
  if (rule.min !== undefined) q = Math.max(q, rule.min);
  if (rule.max !== undefined) q = Math.min(q, rule.max);
  return Math.min(q, headcount);
}

/** Applies one quota rule to one group: 1 it moved somebody, 0 the quota held, -1 nobody concerned. */
function applyRule(rule: QuotaRule, group: string, members: Person[], compare: (a: Person, b: Person) => number, decided: ((ranked: readonly Person[]) => void) | undefined, gradeOrder: readonly string[]): number {
  const quota = quotaOf(rule, members.length);
  const ok = members.filter((p) => p.ok);
  const text = `${rule.grade} ${rule.kind === 'at_most' ? 'at most' : 'at least'} ${new Decimal(rule.share).times(100).toFixed()}% (${rule.rounding}${rule.min !== undefined ? `, min ${rule.min}` : ''}${rule.max !== undefined ? `, max ${rule.max}` : ''})`;
  if (rule.kind === 'at_most') {
    const candidates = ok.filter((p) => p.grade === rule.grade).sort(compare);
    decided?.(candidates);
    candidates.forEach((p, i) => {
      const moved = i >= quota;
      p.distribution.push({ group, headcount: members.length, grade: rule.grade, quota, rank: i + 1, candidates: candidates.length, rule: text, ...(moved ? { movedTo: rule.to } : {}) });
      if (moved) p.grade = rule.to;
    });
    return candidates.length === 0 ? -1 : candidates.length > quota ? 1 : 0;
  } else {
    const have = ok.filter((p) => p.grade === rule.grade).length;
    const need = quota - have;
    if (need <= 0) return 0;
    const donors = ok.filter((p) => p.grade === rule.to).sort(compare);
    decided?.(donors);
    // Taking from a better grade moves its lowest-ranked people down; from a worse grade, its best up.
    const promote = gradeOrder.indexOf(rule.to) > gradeOrder.indexOf(rule.grade);
    donors.forEach((p, i) => {
      const moved = promote ? i < need : i >= donors.length - need;
      p.distribution.push({ group, headcount: members.length, grade: rule.to, quota, rank: i + 1, candidates: donors.length, rule: text, ...(moved ? { movedTo: rule.grade } : {}) });
      if (moved) p.grade = rule.grade;
    });
    return donors.length > 0 ? 1 : -1;
  }
}

/** Total order over values: missing last; numbers, then booleans, then text by code point. */
export function compareValues(a: Value, b: Value): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (a instanceof Decimal && b instanceof Decimal) return cmpExact(a, b);
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

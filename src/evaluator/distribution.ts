/**
 * Forced distribution (强制分布) in the interpreter: groups people, ranks them with values, and
 * records each placement for explanations and coverage. What the rules decide, in what order,
 * and how people are ranked is src/semantics (distribution.ts, ranking.ts, quota.ts), shared with
 * the fast engine.
 */
import type { Distribution, QuotaRule } from '../plan/schema.ts';
import type { Value } from '../data/value.ts';
import { keyText } from '../data/key-text.ts';
import { Decimal } from '../numeric/decimal.ts';
import { distributeGroup, quotaRuleText, type QuotaGroup } from '../semantics/distribution.ts';
import { quotaOf } from '../semantics/quota.ts';
import { compareRanked, compareValues, rankingChain, type RankKeys } from '../semantics/ranking.ts';
import { evalExpr } from './eval-expr.ts';
import type { Evaluation } from './evaluation.ts';
import type { Person } from './person.ts';

export function runDistribution(ev: Evaluation, d: Distribution): void {
  // Headcount counts everyone listed in the group, including people who could not be assessed
  // (their group is read when it can be), but not those exempt (not assessed, README 3.9 `exempt`). For a
  // person being assessed, a group that cannot be computed is their evaluation failing; a missing
  // group value puts them in no group.
  const groups = new Map<string, Person[]>();
  // `among`: only people for whom the condition is true are in their group (semantics/distribution.ts).
  const among = d.among?.expr;
  const counted = (p: Person): boolean => {
    if (!among) return true;
    if (p.ok) return ev.attempt(p, () => evalExpr(ev, p, among)) === true;
    try {
      return evalExpr(ev, p, among) === true;
    } catch {
      return false;
    }
  };
  for (const p of ev.people) {
    if (p.exempt !== undefined) continue;
    let g: string | undefined = '';
    if (d.per) {
      if (p.ok) g = keyText(ev.attempt(p, () => evalExpr(ev, p, d.per!)) ?? null);
      else {
        try {
          g = keyText(evalExpr(ev, p, d.per));
        } catch {
          g = undefined;
        }
      }
    }
    if (g === undefined) continue;
    const isCounted = counted(p);
    if (d.among) ev.recorder?.hit(p, d.among, isCounted ? 1 : 0);
    if (!isCounted) {
      p.distributionLeftOut = { kind: 'ineligible' };
      continue;
    }
    const list = groups.get(g) ?? [];
    list.push(p);
    groups.set(g, list);
  }
  const chain = rankingChain(d);
  const keyCache = new Map<Person, Value[]>();
  const keys = (p: Person): Value[] => {
    let k = keyCache.get(p);
    if (!k) {
      k = chain.map((t) => ev.attempt(p, () => evalExpr(ev, p, t.expr)) ?? null);
      keyCache.set(p, k);
    }
    return k;
  };
  const rankKeys: RankKeys<Person> = {
    count: chain.length,
    desc: chain.map((t) => t.desc),
    missing: (p, k) => keys(p)[k] === null,
    compare: (a, b, k) => compareValues(keys(a)[k]!, keys(b)[k]!),
    position: (p) => p.index,
  };
  const compare = (a: Person, b: Person): number => compareRanked(rankKeys, a, b);
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
  // Every ranking key is read before any rule counts anybody: a person whose key cannot be
  // computed is an error row, neither counted at a grade nor ranked.
  for (const members of groups.values()) for (const p of members) if (p.ok) keys(p);
  const gradeOrder = ev.plan.grades.map((b) => b.grade);
  for (const [group, members] of groups) {
    const view: QuotaGroup<Person> = {
      headcount: members.length,
      count: (grade) => members.reduce((n, p) => (p.ok && p.grade === grade ? n + 1 : n), 0),
      at: (grade) => members.filter((p) => p.ok && p.grade === grade),
      assessed: () => members.filter((p) => p.ok),
      gradeOf: (p) => p.grade!,
    };
    const distributed = distributeGroup(
      d,
      gradeOrder,
      view,
      {
        rank: (people) => {
          people.sort(compare);
          decided?.(people);
        },
        place: (p, rank, of, rule, at, to) => {
          p.distribution.push({ group, headcount: members.length, grade: at, quota: quotaOf(rule, members.length), rank, candidates: of, rule: quotaRuleText(rule), ...(to !== undefined ? { movedTo: to } : {}) });
          if (to !== undefined) p.grade = to;
        },
      },
      true,
      (rule, outcome) => {
        if (outcome >= 0) ev.recorder?.hit(undefined, rule, outcome, { group });
      },
    );
    if (d.minGroupSize !== undefined) ev.recorder?.hit(undefined, d, distributed ? 1 : 0, { group });
    if (!distributed) for (const p of members) p.distributionLeftOut = { kind: 'smallGroup', group, headcount: members.length };
  }
}


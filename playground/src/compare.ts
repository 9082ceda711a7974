/**
 * The change preview: a pinned baseline's results against the current ones, person by person
 * (matched by key), with the grade transitions, the distribution and the reward totals before
 * and after. Pure data in, data out.
 */
import type { PersonSummary, Summary } from './protocol.ts';
import { sub, sum } from './decimal-text.ts';

export interface PersonDelta {
  readonly key: string;
  readonly name?: string;
  readonly before?: PersonSummary;
  readonly after?: PersonSummary;
  readonly dTotal: string | null;
  readonly dReward: string | null;
  readonly gradeChanged: boolean;
  /** +1 moved to a better grade, −1 to a worse one (by band order), 0 unchanged or not comparable. */
  readonly direction: -1 | 0 | 1;
  readonly statusChanged: boolean;
  /** Top-level indicators whose points moved for this person, biggest move first. */
  readonly movers: { id: string; delta: number }[];
}

export interface Comparison {
  readonly people: PersonDelta[];
  readonly grades: string[];
  /** transitions[from][to] = count, over people present in both. */
  readonly transitions: Record<string, Record<string, number>>;
  readonly distribution: { grade: string; before: number; after: number }[];
  readonly gradeChanges: number;
  readonly up: number;
  readonly down: number;
  readonly totalChanges: number;
  readonly rewardBefore: string;
  readonly rewardAfter: string;
  readonly rewardDelta: string;
  readonly added: number;
  readonly removed: number;
  readonly byGroup: { group: string; before: string; after: string; delta: string; changed: number }[];
  /**
   * Mean points each top-level indicator adds to the weighted score, before and after, over the
   * people assessed in both runs: where the totals moved.
   */
  readonly byIndicator: { id: string; title?: string; before: number | null; after: number | null; delta: number }[];
}

export const ERROR_GRADE = '⚠';

const gradeOf = (p: PersonSummary | undefined): string | null => (p ? (p.status === 'error' ? ERROR_GRADE : p.grade) : null);

export function compareSummaries(base: Summary, cur: Summary, groupColumn?: string): Comparison {
  const grades = [...cur.grades.map((g) => g.grade)];
  for (const g of base.grades) if (!grades.includes(g.grade)) grades.push(g.grade);
  const rank = new Map(grades.map((g, i) => [g, i]));
  const before = new Map(base.people.map((p) => [p.key, p]));
  const seen = new Set<string>();
  const people: PersonDelta[] = [];
  const transitions: Record<string, Record<string, number>> = {};
  let added = 0;
  // Indicators matched by id across the two policies.
  const ids = [...cur.top.map((x) => x.id)];
  for (const x of base.top) if (!ids.includes(x.id)) ids.push(x.id);
  const ci = new Map(cur.top.map((x, i) => [x.id, i]));
  const bi = new Map(base.top.map((x, i) => [x.id, i]));
  const pointsOf = (p: PersonSummary | undefined, idx: Map<string, number>, id: string): number | null => {
    const i = idx.get(id);
    const v = i === undefined ? undefined : p?.points?.[i];
    return v === null || v === undefined ? null : Number(v);
  };
  const sums = ids.map(() => ({ b: 0, a: 0, nb: 0, na: 0 }));
  for (const a of cur.people) {
    const b = before.get(a.key);
    seen.add(a.key);
    if (!b) added++;
    const movers: { id: string; delta: number }[] = [];
    if (b && a.status === 'ok' && b.status === 'ok') {
      ids.forEach((id, k) => {
        const pb = pointsOf(b, bi, id);
        const pa = pointsOf(a, ci, id);
        const s = sums[k]!;
        if (pb !== null) (s.b += pb), s.nb++;
        if (pa !== null) (s.a += pa), s.na++;
        const d = (pa ?? 0) - (pb ?? 0);
        if (Math.abs(d) > 1e-9) movers.push({ id, delta: d });
      });
      movers.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
    }
    people.push(delta(a.key, b, a, rank, movers));
  }
  let removed = 0;
  for (const b of base.people) {
    if (seen.has(b.key)) continue;
    removed++;
    people.push(delta(b.key, b, undefined, rank, []));
  }
  const titles = new Map([...base.top, ...cur.top].map((x) => [x.id, x.title]));
  const byIndicator = ids.map((id, k) => {
    const s = sums[k]!;
    const b = s.nb ? s.b / s.nb : null;
    const a = s.na ? s.a / s.na : null;
    const title = titles.get(id);
    return { id, ...(title ? { title } : {}), before: b, after: a, delta: (a ?? 0) - (b ?? 0) };
  });
  for (const d of people) {
    if (!d.before || !d.after) continue;
    const f = gradeOf(d.before) ?? '—';
    const t = gradeOf(d.after) ?? '—';
    (transitions[f] ??= {})[t] = (transitions[f]?.[t] ?? 0) + 1;
  }
  const count = (s: Summary, g: string) => s.people.filter((p) => p.status === 'ok' && p.grade === g).length;
  const distribution = grades.map((g) => ({ grade: g, before: count(base, g), after: count(cur, g) }));
  const errBefore = base.people.filter((p) => p.status === 'error').length;
  const errAfter = cur.people.filter((p) => p.status === 'error').length;
  if (errBefore || errAfter) distribution.push({ grade: ERROR_GRADE, before: errBefore, after: errAfter });
  const rewardBefore = sum(base.people.map((p) => p.reward));
  const rewardAfter = sum(cur.people.map((p) => p.reward));

  const byGroup: Comparison['byGroup'] = [];
  if (groupColumn) {
    const gi = cur.groupColumns.indexOf(groupColumn);
    const bi = base.groupColumns.indexOf(groupColumn);
    const groups = new Map<string, { b: (string | null)[]; a: (string | null)[]; changed: number }>();
    const slot = (g: string) => {
      let x = groups.get(g);
      if (!x) groups.set(g, (x = { b: [], a: [], changed: 0 }));
      return x;
    };
    for (const d of people) {
      const g = (d.after && gi >= 0 ? d.after.groups[gi] : undefined) ?? (d.before && bi >= 0 ? d.before.groups[bi] : undefined) ?? '';
      const x = slot(g);
      x.b.push(d.before?.reward ?? null);
      x.a.push(d.after?.reward ?? null);
      if (d.gradeChanged) x.changed++;
    }
    for (const [group, x] of groups) {
      const b = sum(x.b);
      const a = sum(x.a);
      byGroup.push({ group, before: b, after: a, delta: sub(a, b) ?? '0', changed: x.changed });
    }
  }

  return {
    people,
    grades,
    transitions,
    distribution,
    gradeChanges: people.filter((d) => d.gradeChanged).length,
    up: people.filter((d) => d.direction > 0).length,
    down: people.filter((d) => d.direction < 0).length,
    totalChanges: people.filter((d) => d.dTotal !== null && !/^-?0*(\.0*)?$/.test(d.dTotal)).length,
    rewardBefore,
    rewardAfter,
    rewardDelta: sub(rewardAfter, rewardBefore) ?? '0',
    added,
    removed,
    byGroup,
    byIndicator,
  };
}

function delta(key: string, b: PersonSummary | undefined, a: PersonSummary | undefined, rank: Map<string, number>, movers: PersonDelta['movers']): PersonDelta {
  const gb = gradeOf(b);
  const ga = gradeOf(a);
  const gradeChanged = b !== undefined && a !== undefined && gb !== ga;
  let direction: -1 | 0 | 1 = 0;
  if (gradeChanged && gb !== null && ga !== null && rank.has(gb) && rank.has(ga)) direction = rank.get(ga)! < rank.get(gb)! ? 1 : -1;
  const name = a?.name ?? b?.name;
  return {
    key,
    ...(name !== undefined ? { name } : {}),
    ...(b ? { before: b } : {}),
    ...(a ? { after: a } : {}),
    dTotal: sub(a?.total, b?.total),
    dReward: sub(a?.reward, b?.reward),
    gradeChanged,
    direction,
    statusChanged: b !== undefined && a !== undefined && a.status !== b.status,
    movers,
  };
}

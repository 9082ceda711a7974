/**
 * The change preview: a pinned baseline's results against the current ones, person by person
 * (matched by key), with the grade transitions, the distribution and the reward totals before
 * and after. Pure data in, data out. Who changed, the deltas, grade moves, the distribution and
 * the reward totals come from KPL's one impact comparison (`compareOutcomes`, the one `kpl diff`
 * uses); this module only adapts the worker's summaries to it and adds the view's per-indicator
 * attribution and transition matrix.
 */
import { compareOutcomes, Decimal, type ImpactEntry, type ImpactSide } from '../../src/index.ts';
import type { PersonSummary, Summary } from './protocol.ts';

export interface PersonDelta {
  readonly key: string;
  readonly name?: string;
  readonly before?: PersonSummary;
  readonly after?: PersonSummary;
  readonly dTotal: string | null;
  readonly dReward: string | null;
  /** A move between two grades (falling into or out of ⚠ is a status change). */
  readonly gradeChanged: boolean;
  /** +1 moved to a better grade, −1 to a worse one (by band order), 0 unchanged or not comparable. */
  readonly direction: -1 | 0 | 1;
  readonly statusChanged: boolean;
  /** Top-level indicators whose points moved for this person, biggest move first. */
  readonly movers: { id: string; delta: number }[];
  /** How the person's standing moved, beyond their grade: what a reviewer must see first. */
  readonly move?: StatusMove;
}

/**
 * Status moves, in the order the change preview lists them: dropped out of assessment (their data
 * row cannot be read), hit an evaluation error, assessed again, capped or lifted by a quota (their
 * grade before the distribution differs from the final one now, and did not before), no longer
 * moved by a quota, and — same grade — a different share of a reward pool.
 */
export const STATUS_MOVES = ['notAssessed', 'error', 'assessedAgain', 'capped', 'lifted', 'quotaReleased', 'poolShare'] as const;
export type StatusMove = (typeof STATUS_MOVES)[number];

export interface Comparison {
  readonly people: PersonDelta[];
  readonly grades: string[];
  /** transitions[from][to] = count, over people present in both (⚠: cannot be assessed). */
  readonly transitions: Record<string, Record<string, number>>;
  readonly distribution: { grade: string; before: number; after: number }[];
  readonly gradeChanges: number;
  /** People per status move, and how many moved status at all. */
  readonly statusMoves: Record<StatusMove, number>;
  readonly statusChanges: number;
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

const gradeOf = (p: PersonSummary | undefined): string | null => (p ? (p.status === 'error' ? ERROR_GRADE : p.status === 'not_assessed' ? null : p.grade) : null);
const dec = (v: string | null | undefined): Decimal | undefined => (v === null || v === undefined || v === '' ? undefined : new Decimal(v));
const text = (d: Decimal | undefined): string | null => (d === undefined ? null : d.toFixed());

/** A summary as one side of the impact comparison; the group of a person is their `groupColumn` value. */
function sideOf(s: Summary, groupColumn: string | undefined): ImpactSide {
  const gi = groupColumn === undefined ? -1 : s.groupColumns.indexOf(groupColumn);
  const people = new Map<string, ImpactEntry>();
  for (const p of s.people) {
    const group = gi >= 0 ? (p.groups[gi] ?? '') : groupColumn !== undefined ? '' : undefined;
    const total = dec(p.total);
    const reward = dec(p.reward);
    const outcome =
      p.status === 'error'
        ? { status: 'error' as const, ...(group !== undefined ? { group } : {}) }
        : p.status === 'not_assessed'
          ? { status: 'not_assessed' as const, ...(p.exempt !== undefined ? { reason: p.exempt } : {}), ...(group !== undefined ? { group } : {}) }
          : { status: 'ok' as const, ...(total ? { total } : {}), ...(p.grade ? { grade: p.grade } : {}), ...(reward ? { reward } : {}), ...(group !== undefined ? { group } : {}) };
    people.set(p.key, { outcome, ...(p.name !== undefined ? { name: p.name } : {}) });
  }
  return { people, grades: s.grades.map((g) => g.grade), hasReward: s.hasReward };
}

export function compareSummaries(base: Summary, cur: Summary, groupColumn?: string): Comparison {
  const impact = compareOutcomes(sideOf(base, groupColumn), sideOf(cur, groupColumn), groupColumn);
  const changes = new Map(impact.changed.map((c) => [c.key, c]));
  const grades = impact.grades.filter((g) => g !== 'error');
  const before = new Map(base.people.map((p) => [p.key, p]));
  const after = new Map(cur.people.map((p) => [p.key, p]));
  const keys = [...after.keys(), ...[...before.keys()].filter((k) => !after.has(k))];

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

  const people: PersonDelta[] = keys.map((key) => {
    const b = before.get(key);
    const a = after.get(key);
    const c = changes.get(key);
    const movers: { id: string; delta: number }[] = [];
    if (b && a && a.status === 'ok' && b.status === 'ok') {
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
    // An unchanged person (not in impact.changed) with a total and reward on both sides moved by 0.
    const unchanged = (x: string | null | undefined, y: string | null | undefined) => (c === undefined && dec(x) && dec(y) ? '0' : null);
    const name = a?.name ?? b?.name;
    return {
      key,
      ...(name !== undefined ? { name } : {}),
      ...(b ? { before: b } : {}),
      ...(a ? { after: a } : {}),
      dTotal: text(c?.deltaTotal) ?? unchanged(b?.total, a?.total),
      dReward: text(c?.deltaReward) ?? unchanged(b?.reward, a?.reward),
      gradeChanged: c?.gradeChanged ?? false,
      direction: c?.direction ?? 0,
      statusChanged: (c?.statusChanged ?? false) && !!b && !!a,
      movers,
      ...(b && a ? moveOf(b, a, impact.grades, cur.pools.length > 0 || base.pools.length > 0) : {}),
    };
  });
  const statusMoves = Object.fromEntries(STATUS_MOVES.map((m) => [m, 0])) as Record<StatusMove, number>;
  for (const d of people) if (d.move) statusMoves[d.move]++;

  const titles = new Map([...base.top, ...cur.top].map((x) => [x.id, x.title]));
  const byIndicator = ids.map((id, k) => {
    const s = sums[k]!;
    const b = s.nb ? s.b / s.nb : null;
    const a = s.na ? s.a / s.na : null;
    const title = titles.get(id);
    return { id, ...(title ? { title } : {}), before: b, after: a, delta: (a ?? 0) - (b ?? 0) };
  });
  const transitions: Record<string, Record<string, number>> = {};
  for (const d of people) {
    if (!d.before || !d.after) continue;
    const f = gradeOf(d.before) ?? '—';
    const t = gradeOf(d.after) ?? '—';
    (transitions[f] ??= {})[t] = (transitions[f]?.[t] ?? 0) + 1;
  }
  const label = (g: string) => (g === 'error' ? ERROR_GRADE : g);
  const distribution = impact.grades.map((g) => ({ grade: label(g), before: impact.before[g] ?? 0, after: impact.after[g] ?? 0 }));
  const rb = impact.reward?.before ?? new Decimal(0);
  const ra = impact.reward?.after ?? new Decimal(0);
  const byGroup: Comparison['byGroup'] = (impact.reward?.groups ?? []).map((g) => {
    const changed = people.filter((d) => d.gradeChanged && groupOf(d, cur, base, groupColumn!) === g.group).length;
    return { group: g.group, before: g.before.toFixed(), after: g.after.toFixed(), delta: g.after.minus(g.before).toFixed(), changed };
  });

  return {
    people,
    grades,
    transitions,
    distribution,
    gradeChanges: impact.changed.filter((c) => c.gradeChanged).length,
    statusMoves,
    statusChanges: people.filter((d) => d.move).length,
    up: impact.changed.filter((c) => c.direction > 0).length,
    down: impact.changed.filter((c) => c.direction < 0).length,
    totalChanges: impact.changed.filter((c) => c.deltaTotal !== undefined && !c.deltaTotal.isZero()).length,
    rewardBefore: rb.toFixed(),
    rewardAfter: ra.toFixed(),
    rewardDelta: ra.minus(rb).toFixed(),
    added: impact.added,
    removed: impact.removed,
    byGroup,
    byIndicator,
  };
}

/** The person's group: their current `groupColumn` value, else their baseline one. */
function groupOf(d: PersonDelta, cur: Summary, base: Summary, groupColumn: string): string {
  const gi = cur.groupColumns.indexOf(groupColumn);
  const bi = base.groupColumns.indexOf(groupColumn);
  return (d.after && gi >= 0 ? d.after.groups[gi] : undefined) ?? (d.before && bi >= 0 ? d.before.groups[bi] : undefined) ?? '';
}

/** Moved by a quota: `capped` to a worse grade than the band gave, `lifted` to a better one. */
function quotaMove(p: PersonSummary, grades: readonly string[]): 'capped' | 'lifted' | undefined {
  if (p.status !== 'ok' || p.grade === null || p.gradeBefore === null || p.grade === p.gradeBefore) return undefined;
  return grades.indexOf(p.grade) > grades.indexOf(p.gradeBefore) ? 'capped' : 'lifted';
}

function moveOf(b: PersonSummary, a: PersonSummary, grades: readonly string[], pools: boolean): { move?: StatusMove } {
  if (b.status === 'ok' && a.status === 'error') return { move: a.errorKind === 'data' ? 'notAssessed' : 'error' };
  if (b.status === 'error' && a.status === 'ok') return { move: 'assessedAgain' };
  if (b.status !== 'ok' || a.status !== 'ok') return {};
  const qb = quotaMove(b, grades);
  const qa = quotaMove(a, grades);
  if (qa !== qb) return { move: qa ?? 'quotaReleased' };
  if (pools && a.grade === b.grade && (a.reward ?? '') !== (b.reward ?? '') && dec(a.reward) && dec(b.reward) && !dec(a.reward)!.eq(dec(b.reward)!)) return { move: 'poolShare' };
  return {};
}

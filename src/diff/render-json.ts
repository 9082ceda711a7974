/** `kpl diff --format json`: the whole report, numbers as exact decimal strings. */
import type { DiffReport } from './report.ts';
import type { Outcome } from './impact.ts';
import { num } from './impact.ts';

const outcome = (o: Outcome | undefined) =>
  o
    ? {
        status: o.status,
        ...(o.total ? { total: num(o.total) } : {}),
        ...(o.grade !== undefined ? { grade: o.grade } : {}),
        ...(o.reward ? { reward: num(o.reward) } : {}),
        ...(o.group !== undefined ? { group: o.group } : {}),
        ...(o.error ? { error: o.error } : {}),
        ...(o.reason ? { reason: o.reason } : {}),
      }
    : null;

export function renderJson(r: DiffReport): string {
  const i = r.impact;
  const json = {
    old: r.old,
    new: r.new,
    policyChanges: r.changes,
    ...(i
      ? {
          impact: {
            data: r.data,
            people: i.people,
            changed: i.changed.length,
            changes: i.changed.map((c) => ({
              key: c.key,
              ...(c.name ? { name: c.name } : {}),
              old: outcome(c.old),
              new: outcome(c.new),
              deltaTotal: c.deltaTotal ? num(c.deltaTotal) : null,
              deltaReward: c.deltaReward ? num(c.deltaReward) : null,
              gradeChanged: c.gradeChanged,
              statusChanged: c.statusChanged,
            })),
            gradeChanges: i.changed.filter((c) => c.gradeChanged).map((c) => ({ key: c.key, from: c.old!.grade, to: c.new!.grade })),
            transitions: i.transitions,
            distribution: { grades: i.grades, before: i.before, after: i.after },
            ...(i.reward
              ? {
                  reward: {
                    before: num(i.reward.before),
                    after: num(i.reward.after),
                    delta: num(i.reward.after.minus(i.reward.before)),
                    ...(i.reward.groupBy ? { groupBy: i.reward.groupBy } : {}),
                    ...(i.reward.groups ? { groups: i.reward.groups.map((g) => ({ group: g.group, before: num(g.before), after: num(g.after), delta: num(g.after.minus(g.before)) })) } : {}),
                  },
                }
              : {}),
            statusChanges: i.changed.filter((c) => c.statusChanged).map((c) => ({ key: c.key, from: c.old?.status ?? 'absent', to: c.new?.status ?? 'absent', ...(c.new?.error ?? c.new?.reason ?? c.old?.error ?? c.old?.reason ? { reason: c.new?.error ?? c.new?.reason ?? c.old?.error ?? c.old?.reason } : {}) })),
          },
        }
      : {}),
  };
  return JSON.stringify(json, null, 2) + '\n';
}

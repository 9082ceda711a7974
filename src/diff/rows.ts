/** The tables of a diff report as rows of text, shared by the terminal and Markdown renderers. */
import type { DiffReport } from './report.ts';
import type { PersonChange } from './impact.ts';
import { num, signed } from './impact.ts';

export const CHANGE_HEADER = ['section', 'subject', 'change', 'aspect', 'old', 'new'];

export function changeRows(r: DiffReport): string[][] {
  return r.changes.map((c) => [c.section, c.subject, c.change, c.aspect ?? '', c.old ?? '', c.new ?? '']);
}

const arrow = (a: string, b: string) => (a === b ? a : `${a || '—'} → ${b || '—'}`);

export function peopleHeader(r: DiffReport): string[] {
  const i = r.impact!;
  const anyName = i.changed.some((c) => c.name);
  const anyStatus = i.changed.some((c) => c.statusChanged);
  const reward = !!i.reward;
  return ['id', ...(anyName ? ['name'] : []), 'total before', 'total after', 'Δ total', 'grade', ...(reward ? ['reward before', 'reward after', 'Δ reward'] : []), ...(anyStatus ? ['status'] : [])];
}

export function personRow(r: DiffReport, c: PersonChange): string[] {
  const i = r.impact!;
  const anyName = i.changed.some((x) => x.name);
  const anyStatus = i.changed.some((x) => x.statusChanged);
  return [
    c.key,
    ...(anyName ? [c.name ?? ''] : []),
    num(c.old?.total),
    num(c.new?.total),
    signed(c.deltaTotal),
    arrow(c.old?.grade ?? '', c.new?.grade ?? ''),
    ...(i.reward ? [num(c.old?.reward), num(c.new?.reward), signed(c.deltaReward)] : []),
    ...(anyStatus ? [arrow(c.old?.status ?? 'absent', c.new?.status ?? 'absent')] : []),
  ];
}

export function distributionRows(r: DiffReport): string[][] {
  const i = r.impact!;
  return i.grades.map((g) => {
    const b = i.before[g] ?? 0;
    const a = i.after[g] ?? 0;
    return [g, String(b), String(a), a - b > 0 ? `+${a - b}` : String(a - b)];
  });
}

export function transitionLines(r: DiffReport): string[] {
  const i = r.impact!;
  return i.transitions.map((t) => {
    const who = i.changed.filter((c) => c.gradeChanged && c.old!.grade === t.from && c.new!.grade === t.to).map((c) => c.key);
    return `${t.from} → ${t.to}: ${t.count} (${who.join(', ')})`;
  });
}

export function rewardGroupRows(r: DiffReport): string[][] {
  return (r.impact?.reward?.groups ?? []).map((g) => [g.group, num(g.before), num(g.after), signed(g.after.minus(g.before))]);
}

export function statusLines(r: DiffReport): string[] {
  return r.impact!.changed
    .filter((c) => c.statusChanged)
    .map((c) => {
      const why = c.new?.status === 'error' ? c.new.error : c.new?.status === 'not_assessed' ? c.new.reason : c.old?.status === 'error' ? `was: ${c.old.error}` : c.old?.status === 'not_assessed' ? `was: ${c.old.reason}` : undefined;
      return `${c.key}: ${c.old?.status ?? 'absent'} → ${c.new?.status ?? 'absent'}${why ? ` (${why})` : ''}`;
    });
}

export function versionLine(v: DiffReport['old']): string {
  return `${v.label} (${v.name}${v.version ? ` ${v.version}` : ''})`;
}

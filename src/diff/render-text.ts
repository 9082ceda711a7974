/** `kpl diff` for the terminal: aligned tables. */
import { textTable } from '../diagnostics/text-table.ts';
import type { DiffReport } from './report.ts';
import { num, signed } from './impact.ts';
import { CHANGE_HEADER, changeRows, distributionRows, peopleHeader, personRow, rewardGroupRows, statusLines, transitionLines, versionLine } from './rows.ts';

export function renderText(r: DiffReport): string {
  const out: string[] = [];
  out.push(`old: ${versionLine(r.old)}`, `new: ${versionLine(r.new)}`, '');
  if (!r.changes.length) out.push('Policy changes: none (the two versions are the same policy)');
  else out.push(`Policy changes (${r.changes.length}):`, '', textTable(CHANGE_HEADER, changeRows(r)));
  const i = r.impact;
  if (!i) return out.join('\n') + '\n';
  out.push('', `Impact on ${i.people} ${i.people === 1 ? 'person' : 'people'} (${r.data.join(', ')}): ${i.changed.length} ${i.changed.length === 1 ? 'result changes' : 'results change'}`);
  if (i.changed.length) out.push('', textTable(peopleHeader(r), i.changed.map((c) => personRow(r, c))));
  const moves = transitionLines(r);
  out.push('', `Grade changes (${i.changed.filter((c) => c.gradeChanged).length}):${moves.length ? '' : ' none'}`);
  for (const l of moves) out.push(`  ${l}`);
  if (i.grades.length) out.push('', 'Grade distribution:', '', textTable(['grade', 'before', 'after', 'Δ'], distributionRows(r)));
  if (i.reward) {
    out.push('', `Reward total: ${num(i.reward.before)} → ${num(i.reward.after)} (Δ ${signed(i.reward.after.minus(i.reward.before))})`);
    const groups = rewardGroupRows(r);
    if (groups.length) out.push('', `Reward per ${i.reward.groupBy}:`, '', textTable([i.reward.groupBy ?? 'group', 'before', 'after', 'Δ'], groups));
  }
  const status = statusLines(r);
  out.push('', `Status changes:${status.length ? '' : ' none'}`);
  for (const l of status) out.push(`  ${l}`);
  return out.join('\n') + '\n';
}

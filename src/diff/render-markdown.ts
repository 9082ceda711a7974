/** `kpl diff --format markdown`: the report as GitHub-flavoured Markdown, to paste into a PR. */
import type { DiffReport } from './report.ts';
import { num, signed } from './impact.ts';
import { CHANGE_HEADER, changeRows, distributionRows, peopleHeader, personRow, rewardGroupRows, statusLines, transitionLines, versionLine } from './rows.ts';

/** A table cell: pipes escaped, line breaks removed. */
function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** Policy text in a code span (so `*` and `_` stay literal). */
function code(s: string): string {
  if (!s) return '';
  const fence = s.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${s}${fence.length > 1 ? ' ' : ''}${fence}`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[], right: readonly number[] = []): string {
  const align = header.map((_, i) => (right.includes(i) ? '---:' : '---'));
  return [`| ${header.map(cell).join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

export function renderMarkdown(r: DiffReport): string {
  const out: string[] = [];
  out.push(`## Policy diff`, '', `- old: ${code(versionLine(r.old))}`, `- new: ${code(versionLine(r.new))}`, '');
  out.push(`### Policy changes (${r.changes.length})`, '');
  if (!r.changes.length) out.push('None: the two versions are the same policy.');
  else {
    const rows = changeRows(r).map(([section, subject, change, aspect, o, n]) => [section!, code(subject!), change!, aspect!, code(o!), code(n!)]);
    out.push(table(CHANGE_HEADER.map(capital), rows));
  }
  const i = r.impact;
  if (i) {
    out.push('', `### Impact on ${i.people} ${i.people === 1 ? 'person' : 'people'}: ${i.changed.length} ${i.changed.length === 1 ? 'result changes' : 'results change'}`, '');
    out.push(`Data: ${r.data.map(code).join(', ')}`, '');
    if (i.changed.length) {
      const header = peopleHeader(r);
      const right = header.map((h, k) => (/total|reward/.test(h) ? k : -1)).filter((k) => k >= 0);
      out.push(table(header.map(capital), i.changed.map((c) => personRow(r, c)), right));
    } else out.push('Nobody’s result changes.');
    const moves = transitionLines(r);
    out.push('', `#### Grade changes (${i.changed.filter((c) => c.gradeChanged).length})`, '');
    out.push(moves.length ? moves.map((l) => `- ${l}`).join('\n') : 'None.');
    if (i.grades.length) out.push('', '#### Grade distribution', '', table(['Grade', 'Before', 'After', 'Δ'], distributionRows(r), [1, 2, 3]));
    if (i.reward) {
      out.push('', '#### Reward', '', `Total: ${num(i.reward.before)} → ${num(i.reward.after)} (Δ ${signed(i.reward.after.minus(i.reward.before))})`);
      const groups = rewardGroupRows(r);
      if (groups.length) out.push('', table([capital(i.reward.groupBy ?? 'group'), 'Before', 'After', 'Δ'], groups, [1, 2, 3]));
    }
    const status = statusLines(r);
    out.push('', '#### Status changes', '', status.length ? status.map((l) => `- ${l}`).join('\n') : 'None.');
  }
  return out.join('\n') + '\n';
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

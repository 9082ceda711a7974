/** Grade distribution with the quota targets marked, and reward totals by unit. */
import type { App } from '../app.ts';
import type { Summary } from '../protocol.ts';
import { fill, h } from '../dom.ts';
import { t } from '../i18n.ts';
import { gradeChart, type QuotaMark } from './charts.ts';
import { group, round, sum, sub, signed } from '../decimal-text.ts';

export function quotaMarks(summary: Summary): QuotaMark[] {
  const n = summary.people.filter((p) => p.status === 'ok').length;
  return summary.quotas.map((q) => {
    const pct = `${Number((Number(q.share) * 100).toFixed(2))}%`;
    return { grade: q.grade, count: Number(q.share) * n, kind: q.kind, share: pct, label: t(q.kind === 'at_most' ? 'quotaAtMost' : 'quotaAtLeast', { g: q.grade, s: pct }) };
  });
}

export function gradeBars(summary: Summary, baseline?: Summary) {
  const grades = summary.grades.map((g) => g.grade);
  return grades.map((g) => ({
    grade: g,
    count: summary.people.filter((p) => p.status === 'ok' && p.grade === g).length,
    ...(baseline ? { baseline: baseline.people.filter((p) => p.status === 'ok' && p.grade === g).length } : {}),
  }));
}

export interface UnitRow {
  readonly unit: string;
  readonly people: number;
  readonly total: string;
}

export function rewardsByUnit(summary: Summary, column: string | undefined): UnitRow[] {
  const gi = column ? summary.groupColumns.indexOf(column) : -1;
  const groups = new Map<string, (string | null)[]>();
  for (const p of summary.people) {
    const g = gi >= 0 ? (p.groups[gi] ?? '') : '';
    const list = groups.get(g) ?? [];
    list.push(p.reward);
    groups.set(g, list);
  }
  return [...groups].map(([unit, rewards]) => ({ unit, people: rewards.length, total: sum(rewards) }));
}

export function groupSelect(app: App, summary: Summary, onChange: () => void): HTMLElement | null {
  if (!summary.groupColumns.length) return null;
  return h(
    'label',
    { class: 'group-by' },
    t('groupBy'),
    ' ',
    h(
      'select',
      { id: 'group-select', onchange: (e: Event) => { app.groupBy = (e.target as HTMLSelectElement).value; onChange(); } },
      summary.groupColumns.map((c) => h('option', { value: c, ...(app.groupBy === c ? { selected: true } : {}) }, c)),
    ),
  );
}

export function renderDistribution(app: App, el: HTMLElement): void {
  const summary = app.good?.summary;
  if (!summary) {
    fill(el, h('div', { class: 'empty-state' }, t('noResults')));
    return;
  }
  const ok = summary.people.filter((p) => p.status === 'ok').length;
  const units = rewardsByUnit(summary, app.groupBy);
  const grand = sum(summary.people.map((p) => p.reward));
  fill(
    el,
    h(
      'section',
      { class: 'card' },
      h('h3', null, t('gradeDistribution')),
      summary.grades.length ? gradeChart(gradeBars(summary), quotaMarks(summary), ok) : h('p', { class: 'muted' }, '—'),
      summary.quotas.length
        ? h('p', { class: 'legend' }, h('span', { class: 'legend-quota' }, '┄ '), t('quotaTarget'), '：', summary.quotas.map((q) => `${q.grade} ${q.kind === 'at_most' ? '≤' : '≥'} ${Number((Number(q.share) * 100).toFixed(2))}% → ${q.to}`).join('；'), summary.quotaPer ? ` · ${t('quotaPer', { p: summary.quotaPer })}` : '')
        : null,
    ),
    h(
      'section',
      { class: 'card' },
      h('div', { class: 'card-head' }, h('h3', null, t('rewardByUnit')), groupSelect(app, summary, () => renderDistribution(app, el))),
      summary.hasReward
        ? h(
            'table',
            { class: 'plain', id: 'reward-units' },
            h('thead', null, h('tr', null, h('th', null, app.groupBy ?? t('unit')), h('th', { class: 'num' }, t('headcount')), h('th', { class: 'num' }, t('rewardTotal')), h('th', { class: 'num' }, t('rewardMean')), h('th', null, ''))),
            h(
              'tbody',
              null,
              units.map((u) => {
                const share = Number(grand) ? Number(u.total) / Number(grand) : 0;
                return h(
                  'tr',
                  null,
                  h('td', null, u.unit || '—'),
                  h('td', { class: 'num' }, String(u.people)),
                  h('td', { class: 'num' }, group(round(u.total, 2))),
                  h('td', { class: 'num' }, u.people ? group((Number(u.total) / u.people).toFixed(2)) : ''),
                  h('td', { class: 'bar-cell' }, h('span', { class: 'hbar', style: { width: `${(share * 100).toFixed(1)}%` } })),
                );
              }),
            ),
            h('tfoot', null, h('tr', null, h('th', null, t('all')), h('th', { class: 'num' }, String(summary.people.length)), h('th', { class: 'num', id: 'reward-grand-total' }, group(round(grand, 2))), h('th', { class: 'num' }, summary.people.length ? group((Number(grand) / summary.people.length).toFixed(2)) : ''), h('th', null, ''))),
          )
        : h('p', { class: 'muted' }, t('noReward')),
    ),
    summary.pools.length
      ? h(
          'section',
          { class: 'card' },
          h('h3', null, t('pools')),
          h(
            'table',
            { class: 'plain' },
            h('thead', null, h('tr', null, h('th', null, t('unit')), h('th', { class: 'num' }, t('pool')), h('th', { class: 'num' }, t('allocated')), h('th', { class: 'num' }, t('unallocated')))),
            h('tbody', null, summary.pools.map((p) => h('tr', null, h('td', null, p.group), h('td', { class: 'num' }, group(p.pool)), h('td', { class: 'num' }, group(p.allocated)), h('td', { class: `num${Number(p.unallocated) ? ' warn' : ''}` }, group(p.unallocated))))),
          ),
        )
      : null,
  );
  void sub;
  void signed;
}

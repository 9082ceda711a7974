/**
 * The change preview: the results of the pinned baseline policy and of the current policy on the
 * same data, side by side — who changed grade and by how much, the grade transitions, the
 * distribution and the reward totals before and after, and a diff of the policy text.
 */
import * as monaco from 'monaco-editor/editor';
import type { App } from '../app.ts';
import type { Summary } from '../protocol.ts';
import { ERROR_GRADE, STATUS_MOVES, type Comparison, type PersonDelta, type StatusMove } from '../compare.ts';
import { fill, h } from '../dom.ts';
import { lang, t } from '../i18n.ts';
import { gradeChart, gradeColor } from './charts.ts';
import { gradeBars, groupSelect, quotaMarks } from './distribution.ts';
import { group, round, sign, signed } from '../decimal-text.ts';
import { LANGUAGE_ID } from '../language.ts';

interface DiffParts {
  stats: HTMLElement;
  diffHead: HTMLElement;
  diffHost: HTMLElement;
  editor?: monaco.editor.IStandaloneDiffEditor;
  original?: monaco.editor.ITextModel;
  sideBySide: boolean;
}
const parts = new WeakMap<HTMLElement, DiffParts>();

function ensureParts(el: HTMLElement): DiffParts {
  let p = parts.get(el);
  if (!p) {
    p = { stats: h('div', { class: 'change-stats' }), diffHead: h('div', { class: 'card-head diff-head' }), diffHost: h('div', { class: 'diff-host', id: 'policy-diff' }), sideBySide: true };
    el.replaceChildren(p.stats, h('section', { class: 'card diff-card' }, p.diffHead, p.diffHost));
    parts.set(el, p);
  }
  return p;
}

export function renderChange(app: App, el: HTMLElement): void {
  const p = ensureParts(el);
  const b = app.baseline;
  const diffCard = p.diffHost.parentElement!;
  if (!b) {
    diffCard.hidden = true;
    fill(
      p.stats,
      h('div', { class: 'empty-state' }, h('p', null, t('changeIntro')), h('button', { class: 'btn primary', id: 'btn-pin-inline', onclick: () => app.pin() }, t('pin'))),
    );
    return;
  }
  diffCard.hidden = false;
  renderDiff(app, p, b.source);
  const good = app.good;
  const stale = good !== undefined && app.result !== undefined && app.result.summary === undefined;
  const when = new Date(b.at).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
  const head = h(
    'div',
    { class: 'toolbar baseline-bar' },
    h('span', { class: 'baseline-label' }, b.label === 'example' ? t('pinnedExample', { t: when }) : t('pinnedMoment', { t: when })),
    h('div', { class: 'spacer' }),
    h('button', { class: 'btn small', id: 'btn-repin', onclick: () => app.pin() }, t('repin')),
    h('button', { class: 'btn small', id: 'btn-revert', onclick: () => app.revertToBaseline() }, t('revert')),
    h('button', { class: 'btn small', id: 'btn-unpin', onclick: () => app.unpin() }, t('unpin')),
  );
  if (!good) {
    fill(p.stats, head, h('div', { class: 'empty-state' }, t('noResults')));
    return;
  }
  if (good.baselineError) {
    fill(p.stats, head, h('div', { class: 'banner error' }, t('baselineBroken', { m: good.baselineError })));
    return;
  }
  if (!good.baseline) {
    fill(p.stats, head, h('div', { class: 'empty-state' }, '…'));
    return;
  }
  const cmp = app.comparison()!;
  fill(p.stats, head, stale ? h('div', { class: 'banner warn' }, t('resultsStale')) : null, statsView(app, el, cmp, good.baseline, good.summary));
}

function renderDiff(app: App, p: DiffParts, baselineSource: string): void {
  fill(
    p.diffHead,
    h('h3', null, t('policyDiff')),
    h('button', { class: 'btn small', onclick: () => { p.sideBySide = !p.sideBySide; p.editor?.updateOptions({ renderSideBySide: p.sideBySide }); } }, t('inlineDiff')),
  );
  if (!p.editor) {
    p.original = monaco.editor.createModel(baselineSource, LANGUAGE_ID, monaco.Uri.parse('file:///baseline.kpl'));
    p.editor = monaco.editor.createDiffEditor(p.diffHost, {
      automaticLayout: true,
      renderSideBySide: true,
      originalAriaLabel: t('before'),
      modifiedAriaLabel: t('after'),
      originalEditable: false,
      readOnly: false,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 13,
      renderOverviewRuler: false,
      useInlineViewWhenSpaceIsLimited: true,
      // Show the changed lines with a little context; unchanged stretches fold away.
      hideUnchangedRegions: { enabled: true, contextLineCount: 2, minimumLineCount: 3, revealLineCount: 10 },
      unicodeHighlight: { ambiguousCharacters: false },
      theme: 'kpl-light',
    });
    p.editor.setModel({ original: p.original, modified: app.model });
    p.editor.getOriginalEditor().updateOptions({ ariaLabel: t('before') });
    p.editor.getModifiedEditor().updateOptions({ ariaLabel: t('after') });
    // As tall as the diff (the tab scrolls, not a box inside it): every changed line is on the page.
    const fit = () => {
      const h = Math.max(p.editor!.getOriginalEditor().getContentHeight(), p.editor!.getModifiedEditor().getContentHeight());
      p.diffHost.style.height = `${Math.min(Math.max(h + 2, 120), 20000)}px`;
    };
    p.editor.getModifiedEditor().onDidContentSizeChange(fit);
    p.editor.getOriginalEditor().onDidContentSizeChange(fit);
    p.editor.onDidUpdateDiff(fit);
    fit();
  } else if (p.original && p.original.getValue() !== baselineSource) {
    p.original.setValue(baselineSource);
  }
}

function kpiCard(label: string, value: string | HTMLElement, sub: string | HTMLElement | null, id: string, cls = ''): HTMLElement {
  return h('div', { class: `kpi-card ${cls}`, id }, h('div', { class: 'kpi-label' }, label), h('div', { class: 'kpi-value' }, value), sub ? h('div', { class: 'kpi-sub' }, sub) : null);
}

const MOVE_LABEL = {
  notAssessed: 'moveNotAssessed',
  error: 'moveError',
  assessedAgain: 'moveAssessedAgain',
  capped: 'moveCapped',
  lifted: 'moveLifted',
  quotaReleased: 'moveQuotaReleased',
  poolShare: 'movePoolShare',
} as const satisfies Record<StatusMove, Parameters<typeof t>[0]>;
const MOVE_SHORT = {
  notAssessed: 'shortNotAssessed',
  error: 'shortError',
  assessedAgain: 'shortAssessedAgain',
  capped: 'shortCapped',
  lifted: 'shortLifted',
  quotaReleased: 'shortQuotaReleased',
  poolShare: 'shortPoolShare',
} as const satisfies Record<StatusMove, Parameters<typeof t>[0]>;

function pctChange(before: string, after: string): string {
  const b = Number(before);
  const a = Number(after);
  if (!b) return '';
  const p = ((a - b) / Math.abs(b)) * 100;
  return `${p >= 0 ? '+' : ''}${p.toFixed(2)}%`;
}

function gradeRank(cmp: Comparison, g: string | null): number {
  return g === null ? -1 : cmp.grades.indexOf(g);
}

function statsView(app: App, el: HTMLElement, cmp: Comparison, base: Summary, cur: Summary): HTMLElement {
  const rerender = () => renderChange(app, el);
  const deltaR = cmp.rewardDelta;
  // The headline: who moved status first (they are who a reviewer must see), then grade moves.
  const moves = STATUS_MOVES.filter((m) => cmp.statusMoves[m] > 0);
  const headline = h(
    'p',
    { class: `change-headline${cmp.statusChanges ? ' has-status' : ''}`, id: 'change-headline', role: 'status' },
    h('strong', null, t('statusMoved', { n: cmp.statusChanges })),
    moves.length ? [lang() === 'zh' ? '（' : ' (', moves.map((m, i) => [i ? (lang() === 'zh' ? '，' : ', ') : '', h('span', { class: `move-${m}`, dataset: { move: m } }, t(MOVE_LABEL[m], { n: cmp.statusMoves[m] }))]), lang() === 'zh' ? '）' : ')'] : null,
    ' · ',
    t('gradeUp', { n: cmp.up }),
    ' · ',
    t('gradeDown', { n: cmp.down }),
    ' · ',
    `${t('totalChanged')} ${cmp.totalChanges}`,
  );
  const cards = h(
    'div',
    { class: 'kpi-row' },
    kpiCard(t('statusChangedCard'), String(cmp.statusChanges), moves.length ? h('span', null, moves.map((m, i) => [i ? ' · ' : '', t(MOVE_LABEL[m], { n: cmp.statusMoves[m] })])) : t('statusNone'), 'kpi-status-changes', cmp.statusChanges ? 'highlight warn' : ''),
    kpiCard(t('gradeChanged'), String(cmp.gradeChanges), h('span', null, h('span', { class: 'up' }, `▲ ${t('gradeUp', { n: cmp.up })}`), ' · ', h('span', { class: 'down' }, `▼ ${t('gradeDown', { n: cmp.down })}`)), 'kpi-grade-changes', cmp.gradeChanges ? 'highlight' : ''),
    kpiCard(t('totalChanged'), String(cmp.totalChanges), t('people', { n: cur.people.length }), 'kpi-total-changes'),
    cur.hasReward || base.hasReward
      ? kpiCard(
          t('rewardBeforeAfter'),
          h('span', null, group(round(cmp.rewardBefore, 2)), h('span', { class: 'arrow' }, ' → '), group(round(cmp.rewardAfter, 2))),
          h('span', { class: sign(deltaR) > 0 ? 'up' : sign(deltaR) < 0 ? 'down' : 'muted' }, `${signed(group(round(deltaR, 2)))} (${pctChange(cmp.rewardBefore, cmp.rewardAfter) || '0%'})`),
          'kpi-reward-change',
        )
      : null,
    cmp.added || cmp.removed ? kpiCard('±', `${cmp.added}/${cmp.removed}`, t('peopleAddedRemoved', { a: cmp.added, r: cmp.removed }), 'kpi-added') : null,
  );

  // Distribution before/after, with the current quota targets.
  const bars = gradeBars(cur, base);
  const errB = base.people.filter((p) => p.status === 'error').length;
  const errA = cur.people.filter((p) => p.status === 'error').length;
  const distCard = h(
    'section',
    { class: 'card' },
    h('h3', null, t('distributionBeforeAfter')),
    gradeChart(bars, quotaMarks(cur), cur.people.filter((p) => p.status === 'ok').length),
    h('p', { class: 'legend' }, h('span', { class: 'swatch baseline' }), ` ${t('baselineBars')}  `, h('span', { class: 'swatch current' }), ` ${t('currentBars')}`, errA || errB ? `  · ${ERROR_GRADE} ${errB} → ${errA}` : ''),
  );

  // Transition matrix: rows baseline grade, columns current grade.
  const grades = [...cmp.grades, ...(Object.keys(cmp.transitions).includes(ERROR_GRADE) || Object.values(cmp.transitions).some((r) => ERROR_GRADE in r) ? [ERROR_GRADE] : [])];
  const f = app.compareFilter;
  const matrix = h(
    'table',
    { class: 'matrix', id: 'transition-matrix' },
    h('thead', null, h('tr', null, h('th', { class: 'corner' }, `${t('before')} \\ ${t('after')}`), grades.map((g, i) => h('th', { style: { '--c': gradeColor(i) } }, g)))),
    h(
      'tbody',
      null,
      grades.map((from) =>
        h(
          'tr',
          null,
          h('th', null, from),
          grades.map((to) => {
            const n = cmp.transitions[from]?.[to] ?? 0;
            const diag = from === to;
            const better = !diag && gradeRank(cmp, to) >= 0 && gradeRank(cmp, from) >= 0 && gradeRank(cmp, to) < gradeRank(cmp, from);
            const active = f.from === from && f.to === to;
            return h(
              'td',
              {
                class: `${diag ? 'diag' : n ? (better ? 'up' : 'down') : 'zero'}${active ? ' active' : ''}`,
                dataset: { from, to },
                title: `${from} → ${to}: ${n}`,
                ...(n && !diag
                  ? {
                      onclick: () => {
                        app.compareFilter = active ? { ...f, from: undefined, to: undefined } as typeof f : { ...f, from, to };
                        rerender();
                      },
                    }
                  : {}),
              },
              n ? String(n) : '·',
            );
          }),
        ),
      ),
    ),
  );
  const transitions = h('section', { class: 'card' }, h('h3', null, t('transitions')), matrix);

  // Rewards by unit before/after.
  const units = cur.hasReward || base.hasReward
    ? h(
        'section',
        { class: 'card' },
        h('div', { class: 'card-head' }, h('h3', null, t('rewardByUnitChange')), groupSelect(app, cur, rerender)),
        h(
          'table',
          { class: 'plain', id: 'reward-units-change', tabindex: 0 },
          h('thead', null, h('tr', null, h('th', null, app.groupBy ?? t('unit')), h('th', { class: 'num' }, t('before')), h('th', { class: 'num' }, t('after')), h('th', { class: 'num' }, t('delta')), h('th', { class: 'num' }, t('gradeChanged')))),
          h(
            'tbody',
            null,
            cmp.byGroup.map((g) =>
              h('tr', null, h('td', null, g.group || '—'), h('td', { class: 'num' }, group(round(g.before, 2))), h('td', { class: 'num' }, group(round(g.after, 2))), h('td', { class: `num ${sign(g.delta) > 0 ? 'up' : sign(g.delta) < 0 ? 'down' : 'muted'}` }, signed(group(round(g.delta, 2)))), h('td', { class: 'num' }, g.changed ? String(g.changed) : '')),
            ),
          ),
          h('tfoot', null, h('tr', null, h('th', null, t('all')), h('th', { class: 'num', id: 'reward-before' }, group(round(cmp.rewardBefore, 2))), h('th', { class: 'num', id: 'reward-after' }, group(round(cmp.rewardAfter, 2))), h('th', { class: `num ${sign(deltaR) > 0 ? 'up' : sign(deltaR) < 0 ? 'down' : 'muted'}` }, signed(group(round(deltaR, 2)))), h('th', { class: 'num' }, String(cmp.gradeChanges)))),
        ),
      )
    : null;

  // Where the totals moved: mean points per top-level indicator, before and after.
  const maxAbs = Math.max(1e-9, ...cmp.byIndicator.map((x) => Math.abs(x.delta)));
  const attribution = cmp.byIndicator.length
    ? h(
        'section',
        { class: 'card' },
        h('h3', null, t('byIndicatorTitle')),
        h('p', { class: 'hint' }, t('byIndicatorHint')),
        h(
          'table',
          { class: 'plain', id: 'indicator-attribution', tabindex: 0 },
          h('thead', null, h('tr', null, h('th', null, t('colIndicator')), h('th', { class: 'num' }, t('before')), h('th', { class: 'num' }, t('after')), h('th', { class: 'num' }, 'Δ'), h('th', { class: 'diverging-head' }, ''))),
          h(
            'tbody',
            null,
            cmp.byIndicator.map((x) => {
              const w = (Math.abs(x.delta) / maxAbs) * 50;
              const cls = x.delta > 1e-9 ? 'up' : x.delta < -1e-9 ? 'down' : 'muted';
              return h(
                'tr',
                { dataset: { indicator: x.id } },
                h('td', null, x.id, x.title ? h('span', { class: 'muted' }, ` ${x.title}`) : null),
                h('td', { class: 'num muted' }, x.before === null ? '—' : x.before.toFixed(2)),
                h('td', { class: 'num' }, x.after === null ? '—' : x.after.toFixed(2)),
                h('td', { class: `num ${cls}` }, Math.abs(x.delta) < 0.005 ? '0' : `${x.delta > 0 ? '+' : ''}${x.delta.toFixed(2)}`),
                h('td', { class: 'diverging' }, h('span', { class: `dbar ${cls}`, style: { width: `${w.toFixed(1)}%`, ...(x.delta >= 0 ? { left: '50%' } : { right: '50%' }) } })),
              );
            }),
          ),
        ),
      )
    : null;

  // Per person.
  let rows = cmp.people;
  if (f.from !== undefined && f.to !== undefined) rows = rows.filter((d) => gradeLabel(d.before) === f.from && gradeLabel(d.after) === f.to);
  else if (f.gradeOnly) rows = rows.filter((d) => d.move !== undefined || d.gradeChanged || !d.before || !d.after);
  else if (f.onlyChanged) rows = rows.filter((d) => changed(d));
  const moveRank = (d: PersonDelta) => (d.move ? STATUS_MOVES.indexOf(d.move) : STATUS_MOVES.length);
  rows = [...rows].sort((a, b) => moveRank(a) - moveRank(b) || Number(b.gradeChanged) - Number(a.gradeChanged) || Math.abs(Number(b.dTotal ?? 0)) - Math.abs(Number(a.dTotal ?? 0)) || a.key.localeCompare(b.key));
  const shown = rows.slice(0, 300);
  const personTable = h(
    'section',
    { class: 'card' },
    h(
      'div',
      { class: 'card-head' },
      h('h3', null, t('changedPeople')),
      h(
        'div',
        { class: 'filters' },
        f.from !== undefined ? h('span', { class: 'chip active' }, t('filteredTransition', { a: f.from, b: f.to ?? '' }), ' ', h('button', { class: 'link', onclick: () => { app.compareFilter = { onlyChanged: f.onlyChanged, gradeOnly: f.gradeOnly }; rerender(); } }, t('clearFilter'))) : null,
        h('label', null, h('input', { type: 'checkbox', id: 'only-changed', ...(f.onlyChanged ? { checked: true } : {}), onchange: (e: Event) => { app.compareFilter = { ...f, onlyChanged: (e.target as HTMLInputElement).checked }; rerender(); } }), ' ', t('onlyChanges')),
        h('label', null, h('input', { type: 'checkbox', id: 'only-grade', ...(f.gradeOnly ? { checked: true } : {}), onchange: (e: Event) => { app.compareFilter = { ...f, gradeOnly: (e.target as HTMLInputElement).checked }; rerender(); } }), ' ', t('onlyGradeChanges')),
      ),
    ),
    rows.length === 0
      ? h('p', { class: 'muted', id: 'no-change' }, t('noChange'))
      : h(
          'div',
          { class: 'table-wrap', tabindex: 0 },
          h(
            'table',
            { class: 'results changes', id: 'change-table' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', null, t('keyCol')),
                h('th', null, t('nameCol')),
                h('th', null, t('statusCol')),
                h('th', { class: 'num' }, `${t('total')} ${t('before')}`),
                h('th', { class: 'num' }, `${t('total')} ${t('after')}`),
                h('th', { class: 'num' }, 'Δ'),
                h('th', null, t('finalGrade')),
                h('th', null, t('movers')),
                cur.hasReward || base.hasReward ? [h('th', { class: 'num' }, `${t('reward')} ${t('before')}`), h('th', { class: 'num' }, `${t('reward')} ${t('after')}`), h('th', { class: 'num' }, 'Δ')] : null,
              ),
            ),
            h(
              'tbody',
              null,
              shown.map((d) =>
                h(
                  'tr',
                  { class: `${d.move ? `status-move ${d.move} ` : ''}${d.gradeChanged ? (d.direction > 0 ? 'grade-up' : d.direction < 0 ? 'grade-down' : 'grade-changed') : ''}`, dataset: { key: d.key, ...(d.move ? { move: d.move } : {}) }, tabindex: 0, onclick: () => app.select(d.key, 'explain'), onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === 'Enter') app.select(d.key, 'explain'); } },
                  h('td', null, d.key),
                  h('td', null, d.name ?? ''),
                  h('td', { class: 'move' }, d.move ? h('span', { class: 'chip warn' }, t(MOVE_SHORT[d.move])) : ''),
                  h('td', { class: 'num muted' }, d.before?.total ?? '—'),
                  h('td', { class: 'num' }, d.after?.total ?? '—'),
                  h('td', { class: `num ${sign(d.dTotal) > 0 ? 'up' : sign(d.dTotal) < 0 ? 'down' : 'muted'}` }, d.dTotal !== null ? signed(round(d.dTotal, 4)) : ''),
                  h('td', { class: 'grade-move' }, gradeLabel(d.before) ?? '—', d.gradeChanged ? h('span', { class: d.direction > 0 ? 'up' : 'down' }, d.direction > 0 ? ' ▲ ' : d.direction < 0 ? ' ▼ ' : ' → ') : ' = ', gradeLabel(d.after) ?? '—'),
                  h(
                    'td',
                    { class: 'movers', title: d.movers.map((m) => `${m.id} ${m.delta > 0 ? '+' : ''}${m.delta.toFixed(4)}`).join('\n') },
                    d.movers.slice(0, 2).map((m, i) => [i ? '，' : '', m.id, ' ', h('span', { class: m.delta > 0 ? 'up' : 'down' }, `${m.delta > 0 ? '+' : ''}${m.delta.toFixed(2)}`)]),
                  ),
                  cur.hasReward || base.hasReward
                    ? [
                        h('td', { class: 'num muted' }, d.before?.reward ?? '—'),
                        h('td', { class: 'num' }, d.after?.reward ?? '—'),
                        h('td', { class: `num ${sign(d.dReward) > 0 ? 'up' : sign(d.dReward) < 0 ? 'down' : 'muted'}` }, d.dReward !== null ? signed(group(round(d.dReward, 2))) : ''),
                      ]
                    : null,
                ),
              ),
            ),
          ),
          rows.length > shown.length ? h('p', { class: 'muted' }, t('rowsShown', { a: shown.length, b: rows.length })) : null,
        ),
  );

  return h('div', { class: 'change' }, headline, cards, h('div', { class: 'two-col' }, distCard, transitions), attribution, personTable, units);
}

function gradeLabel(p: PersonDelta['before']): string | null {
  if (!p) return null;
  return p.status === 'error' ? ERROR_GRADE : p.grade;
}

function changed(d: PersonDelta): boolean {
  if (!d.before || !d.after) return true;
  return d.move !== undefined || d.gradeChanged || d.statusChanged || sign(d.dTotal) !== 0 || sign(d.dReward) !== 0;
}

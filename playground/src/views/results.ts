/** The results table: every output column, sortable, with indicator scores per level on demand. */
import type { App, Level } from '../app.ts';
import type { PersonSummary, Summary } from '../protocol.ts';
import { fill, h } from '../dom.ts';
import { lang, t } from '../i18n.ts';
import { findExample } from '../examples.ts';
import { parseCsv } from '../csv.ts';
import { gradeColor } from './charts.ts';

type SortKey = { kind: 'out'; j: number } | { kind: 'name' } | { kind: 'score'; i: number };

function sortKey(summary: Summary, col: string): SortKey | undefined {
  if (col === '@name') return { kind: 'name' };
  if (col.startsWith('@score:')) return { kind: 'score', i: Number(col.slice(7)) };
  const j = summary.columns.indexOf(col);
  return j >= 0 ? { kind: 'out', j } : undefined;
}

function valueOf(p: PersonSummary, k: SortKey): string | null {
  if (k.kind === 'name') return p.name ?? null;
  if (k.kind === 'score') return p.scores?.[k.i] ?? null;
  return p.cells[k.j] ?? null;
}

export function compareValues(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null || a === '') return 1;
  if (b === null || b === '') return -1;
  const x = Number(a);
  const y = Number(b);
  if (!Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  return a.localeCompare(b, 'zh-CN');
}

export function sortedPeople(app: App, summary: Summary): PersonSummary[] {
  let people = summary.people;
  const f = app.filter.trim().toLowerCase();
  if (f) people = people.filter((p) => p.key.toLowerCase().includes(f) || (p.name ?? '').toLowerCase().includes(f) || p.cells.some((c) => c !== null && c.toLowerCase() === f) || (p.grade ?? '').toLowerCase() === f);
  const sk = app.sort ? sortKey(summary, app.sort.col) : undefined;
  if (sk && app.sort) {
    const dir = app.sort.dir;
    people = [...people].sort((a, b) => {
      const va = valueOf(a, sk);
      const vb = valueOf(b, sk);
      if (va === null || va === '' || vb === null || vb === '') return compareValues(va, vb);
      return dir * compareValues(va, vb);
    });
  }
  return people;
}

/** Differences between the results and an expected.csv: the number of rows that differ. */
export function expectedDiff(summary: Summary, expected: string): number {
  const rows = parseCsv(expected);
  const header = rows[0] ?? [];
  if (header.join('\u0000') !== summary.columns.join('\u0000')) return Math.max(1, summary.people.length);
  let diff = Math.abs(rows.length - 1 - summary.people.length);
  summary.people.forEach((p, i) => {
    const r = rows[i + 1];
    if (!r || r.some((v, j) => v !== (p.cells[j] ?? ''))) diff++;
  });
  return diff;
}

export function renderResults(app: App, el: HTMLElement): void {
  const summary = app.good?.summary;
  const stale = app.good !== undefined && app.result !== undefined && app.result.summary === undefined;
  if (!summary) {
    fill(el, h('div', { class: 'empty-state' }, t('noResults')));
    return;
  }
  const people = sortedPeople(app, summary);
  const shown = people.slice(0, app.pageSize);
  const gradeIdx = new Map(summary.grades.map((g, i) => [g.grade, i]));
  const hasName = summary.people.some((p) => p.name !== undefined);
  const errors = summary.people.filter((p) => p.status === 'error');
  const exempt = summary.people.filter((p) => p.status === 'not_assessed');
  // The note column: an error row's message, or why a person is not assessed.
  const notes = errors.length + exempt.length > 0;
  const note = (p: PersonSummary): string => (p.exempt !== undefined ? p.exempt : p.error ? (lang() === 'zh' ? p.error.zh : p.error.en) : '');
  const inds = summary.indicators ?? [];
  const indCols = inds.map((ind, i) => ({ ind, i })).filter(({ ind }) => app.level === 'all' || (app.level === 'top' && ind.depth === 0));
  const gradeCol = summary.columns.indexOf('grade');

  const th = (col: string, label: string, cls: string, title?: string) => {
    const active = app.sort?.col === col;
    return h(
      'th',
      {
        class: `${cls}${active ? ' sorted' : ''}`,
        dataset: { col },
        title: title ?? label,
        'aria-sort': active ? (app.sort!.dir === 1 ? 'ascending' : 'descending') : 'none',
      },
      h(
        'button',
        {
          class: 'th-sort',
          onclick: () => {
            if (!active) app.sort = { col, dir: 1 };
            else if (app.sort!.dir === 1) app.sort = { col, dir: -1 };
            else app.sort = undefined;
            renderResults(app, el);
            el.querySelector<HTMLElement>(`th[data-col="${CSS.escape(col)}"] button`)?.focus();
          },
        },
        label,
      ),
      h('span', { class: 'sort-mark' }, active ? (app.sort!.dir === 1 ? ' ▲' : ' ▼') : ''),
    );
  };

  const ex = findExample(app.exampleId);
  const dataIsExample = ex?.expected !== undefined && Object.values(app.data).every((d) => d.origin === 'example');
  let expectedBadge: HTMLElement | null = null;
  if (ex?.expected && dataIsExample && app.model.getValue() === ex.source) {
    const n = expectedDiff(summary, ex.expected);
    expectedBadge = h('span', { class: `chip ${n === 0 ? 'ok' : 'warn'}`, id: 'expected-badge' }, n === 0 ? `✓ ${t('expectedMatch')}` : `≠ ${t('expectedDiffer', { n })}`);
  }

  const counts = summary.grades.map((g, i) => {
    const n = summary.people.filter((p) => p.status === 'ok' && p.grade === g.grade).length;
    return h('span', { class: 'chip grade-chip', style: { '--c': gradeColor(i) }, title: g.band }, h('b', null, g.grade), ` ${n}`);
  });

  const outdated = app.outdated();
  fill(
    el,
    outdated ? h('div', { class: 'banner warn', id: 'results-outdated', role: 'status' }, t('resultsStopped')) : null,
    stale ? h('div', { class: 'banner warn' }, t('resultsStale')) : null,
    summary.dataUnusable ? h('div', { class: 'banner error' }, t('dataUnusable')) : null,
    h(
      'div',
      { class: 'toolbar' },
      h('strong', { class: 'policy-name' }, summary.policyName, summary.policyVersion ? h('span', { class: 'muted' }, ` v${summary.policyVersion}`) : null),
      h('span', { class: 'chip' }, t('people', { n: summary.people.length })),
      counts,
      errors.length ? h('span', { class: 'chip error' }, `⚠ ${errors.length} ${t('statusError')}`) : null,
      exempt.length ? h('span', { class: 'chip not-assessed' }, `${exempt.length} ${t('statusNotAssessed')}`) : null,
      expectedBadge,
      h('div', { class: 'spacer' }),
      h('input', {
        class: 'filter',
        type: 'search',
        placeholder: t('filter'),
        value: app.filter,
        oninput: (e: Event) => {
          app.filter = (e.target as HTMLInputElement).value;
          const pos = (e.target as HTMLInputElement).selectionStart;
          renderResults(app, el);
          const inp = el.querySelector<HTMLInputElement>('input.filter');
          inp?.focus();
          if (pos !== null) inp?.setSelectionRange(pos, pos);
        },
      }),
      h(
        'label',
        { class: 'level' },
        t('indicatorScores'),
        ' ',
        h(
          'select',
          { id: 'level-select', onchange: (e: Event) => app.setLevel((e.target as HTMLSelectElement).value as Level) },
          (['none', 'top', 'all'] as Level[]).map((l) => h('option', { value: l, ...(app.level === l ? { selected: true } : {}) }, t(l === 'none' ? 'levelNone' : l === 'top' ? 'levelTop' : 'levelAll'))),
        ),
      ),
    ),
    h(
      'div',
      { class: 'table-wrap', tabindex: 0 },
      h(
        'table',
        { class: `results${outdated ? ' outdated' : ''}`, id: 'results-table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            hasName ? th('@name', t('nameCol'), 'input-col', t('inputCol')) : null,
            summary.columns.map((c, j) => th(c, c, `out-col${summary.numeric[j] ? ' num' : ''}`, `${t('outputCol')} ${c}`)),
            notes ? h('th', { class: 'note-col' }, t('colMessage')) : null,
            indCols.map(({ ind, i }) => th(`@score:${i}`, ind.id, `score-col depth-${ind.depth} num`, `${ind.id}${ind.title ? ` “${ind.title}”` : ''}`)),
          ),
        ),
        h(
          'tbody',
          null,
          shown.map((p) =>
            h(
              'tr',
              {
                class: `${p.status === 'error' ? 'error' : p.status === 'not_assessed' ? 'not-assessed' : ''}${p.key === app.selectedKey ? ' selected' : ''}`,
                dataset: { key: p.key },
                title: t('clickRow'),
                tabindex: 0,
                onclick: () => app.select(p.key, 'explain'),
                onkeydown: (e: Event) => rowKey(app, e as KeyboardEvent, p.key),
              },
              hasName ? h('td', { class: 'input-col' }, p.name ?? '') : null,
              p.cells.map((c, j) => {
                const isGrade = j === gradeCol && c !== null && gradeIdx.has(c);
                return h('td', { class: `out${summary.numeric[j] ? ' num' : ''}`, dataset: { col: summary.columns[j]! } }, isGrade ? h('span', { class: 'grade-pill', style: { '--c': gradeColor(gradeIdx.get(c!)!) } }, c!) : (c ?? ''));
              }),
              notes ? h('td', { class: 'note', title: note(p) }, note(p)) : null,
              indCols.map(({ i }) => h('td', { class: 'score num' }, p.scores?.[i] ?? (p.status === 'ok' ? t('notApplicable') : ''))),
            ),
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'table-foot' },
      t('rowsShown', { a: shown.length, b: people.length }),
      people.length > shown.length
        ? h('button', { class: 'btn small', onclick: () => { app.pageSize += 500; renderResults(app, el); } }, t('showMore'))
        : null,
    ),
  );
}

/** Enter or Space opens the explanation; the arrow keys move between the rows. */
function rowKey(app: App, e: KeyboardEvent, key: string): void {
  const tr = e.currentTarget as HTMLElement;
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    app.select(key, 'explain');
  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    ((e.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling) as HTMLElement | null)?.focus();
  }
}

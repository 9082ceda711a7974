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

  const row = (p: PersonSummary, i: number): HTMLTableRowElement =>
    h(
      'tr',
      {
        class: `${p.status === 'error' ? 'error' : p.status === 'not_assessed' ? 'not-assessed' : ''}${p.key === app.selectedKey ? ' selected' : ''}`,
        dataset: { key: p.key, index: String(i) },
        'aria-rowindex': i + 2,
        title: t('clickRow'),
        tabindex: 0,
        onclick: () => app.select(p.key, 'explain'),
        onkeydown: (e: Event) => rowKey(app, el, e as KeyboardEvent, p.key, i),
      },
      hasName ? h('td', { class: 'input-col' }, p.name ?? '') : null,
      p.cells.map((c, j) => {
        const isGrade = j === gradeCol && c !== null && gradeIdx.has(c);
        return h('td', { class: `out${summary.numeric[j] ? ' num' : ''}`, dataset: { col: summary.columns[j]! } }, isGrade ? h('span', { class: 'grade-pill', style: { '--c': gradeColor(gradeIdx.get(c!)!) } }, c!) : (c ?? ''));
      }),
      notes ? h('td', { class: 'note', title: note(p) }, note(p)) : null,
      indCols.map(({ i: k }) => h('td', { class: 'score num' }, p.scores?.[k] ?? (p.status === 'ok' ? t('notApplicable') : ''))),
    );
  const tbody = h('tbody');
  const cols = (hasName ? 1 : 0) + summary.columns.length + (notes ? 1 : 0) + indCols.length;
  // The rows in view a moment ago are very likely in view still (a new result of the same
  // population): painted at once, without measuring, and checked at the next frame.
  const prev = windows.get(el);
  const n = people.length;
  const first = n <= ALL_ROWS_UP_TO ? 0 : Math.min(prev && prev.last > 0 ? prev.first : 0, Math.max(0, n - 2 * MARGIN));
  const last = n <= ALL_ROWS_UP_TO ? n : Math.min(n, Math.max(first + 2 * MARGIN, prev && prev.last > 0 ? prev.last : first + 4 * MARGIN));
  windows.set(el, { people, row, tbody, cols, rowH: prev?.rowH ?? 31, first: -1, last: -1 });

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
        { class: `results${outdated ? ' outdated' : ''}`, id: 'results-table', 'aria-rowcount': people.length + 1 },
        h(
          'thead',
          null,
          h(
            'tr',
            { 'aria-rowindex': 1 },
            hasName ? th('@name', t('nameCol'), 'input-col', t('inputCol')) : null,
            summary.columns.map((c, j) => th(c, c, `out-col${summary.numeric[j] ? ' num' : ''}`, `${t('outputCol')} ${c}`)),
            notes ? h('th', { class: 'note-col' }, t('colMessage')) : null,
            indCols.map(({ ind, i }) => th(`@score:${i}`, ind.id, `score-col depth-${ind.depth} num`, `${ind.id}${ind.title ? ` “${ind.title}”` : ''}`)),
          ),
        ),
        tbody,
      ),
    ),
    people.length < summary.people.length ? h('div', { class: 'table-foot' }, t('rowsShown', { a: people.length, b: summary.people.length })) : null,
  );
  paintRows(el, [first, last]);
  if (n > ALL_ROWS_UP_TO) requestAnimationFrame(() => paintRows(el));
}

/**
 * Up to this many rows the table holds them all; above, only the rows in view and a margin are in
 * the DOM, between two spacer rows of the height of the rest (10,000 rows would cost the page
 * hundreds of milliseconds on every result). Rows stay focusable; the arrow keys, Page Up/Down,
 * Home and End move between all rows, bringing each into view.
 */
export const ALL_ROWS_UP_TO = 120;
const MARGIN = 12;

interface RowWindow {
  readonly people: PersonSummary[];
  readonly row: (p: PersonSummary, i: number) => HTMLTableRowElement;
  readonly tbody: HTMLTableSectionElement;
  readonly cols: number;
  rowH: number;
  first: number;
  last: number;
}
const windows = new WeakMap<HTMLElement, RowWindow>();
let painting: HTMLElement | undefined;

/** The part of the window the table's scroll container shows (the tab area on a desktop, the page on a phone). */
function viewOf(el: HTMLElement): { top: number; bottom: number; host: HTMLElement | null } {
  const host = el.closest<HTMLElement>('.tab-bodies');
  const scrolls = host !== null && host.scrollHeight > host.clientHeight + 1;
  const r = scrolls ? host.getBoundingClientRect() : { top: 0, bottom: window.innerHeight };
  return { top: Math.max(0, r.top), bottom: Math.min(window.innerHeight, r.bottom), host: scrolls ? host : null };
}

function spacer(w: RowWindow, rows: number): HTMLTableRowElement | null {
  return rows > 0 ? h('tr', { class: 'spacer', 'aria-hidden': 'true' }, h('td', { colspan: w.cols, style: { height: `${rows * w.rowH}px` } })) : null;
}

/**
 * Puts the rows in view into the table: rows `range` as given, else measured (reading the layout:
 * done at a frame or after a scroll, when the layout is up to date anyway).
 */
function paintRows(el: HTMLElement, range?: [number, number], force = false): void {
  const w = windows.get(el);
  if (!w || el.hidden || !el.isConnected) return;
  const n = w.people.length;
  let [from, to] = range ?? [0, n];
  if (!range && n > ALL_ROWS_UP_TO) {
    // One line per row: the spacers use the measured height.
    const h0 = w.tbody.querySelector('tr[data-index]')?.getBoundingClientRect().height;
    if (h0 && Math.abs(h0 - w.rowH) > 0.5) {
      w.rowH = h0;
      force = true;
    }
    const view = viewOf(el);
    const top = w.tbody.getBoundingClientRect().top;
    from = Math.min(n, Math.max(0, Math.floor((view.top - top) / w.rowH) - MARGIN));
    to = Math.min(n, Math.max(from + 2 * MARGIN, Math.ceil((view.bottom - top) / w.rowH) + MARGIN));
  }
  // The focused row stays in the table (and keeps the focus) while it is near the view.
  const focused = (document.activeElement as HTMLElement | null)?.closest?.('tr[data-index]');
  const again = focused && w.tbody.contains(focused) ? Number((focused as HTMLElement).dataset['index']) : undefined;
  if (again !== undefined && again >= from - 4 * MARGIN && again < to + 4 * MARGIN) {
    from = Math.min(from, again);
    to = Math.max(to, again + 1);
  }
  if (!force && from === w.first && to === w.last) return;
  w.first = from;
  w.last = to;
  const rows: HTMLTableRowElement[] = [];
  for (let i = from; i < to; i++) rows.push(w.row(w.people[i]!, i));
  fill(w.tbody, spacer(w, from), rows, spacer(w, n - to));
  if (again !== undefined) w.tbody.querySelector<HTMLElement>(`tr[data-index="${again}"]`)?.focus({ preventScroll: true });
}

// One listener for every scroll (the tab area's or the page's) and resize: the visible results table repaints its rows.
for (const type of ['scroll', 'resize'] as const) {
  window.addEventListener(
    type,
    () => {
      if (painting) return;
      painting = document.querySelector<HTMLElement>('.tab-results') ?? undefined;
      requestAnimationFrame(() => {
        if (painting) paintRows(painting);
        painting = undefined;
      });
    },
    { capture: true, passive: true },
  );
}

/** Shows row `i` (scrolling it into view, painting it if needed) and gives it the focus. */
function focusRow(el: HTMLElement, i: number): void {
  const w = windows.get(el);
  if (!w) return;
  const j = Math.max(0, Math.min(w.people.length - 1, i));
  if (j < w.first || j >= w.last) {
    const view = viewOf(el);
    const y = w.tbody.getBoundingClientRect().top + j * w.rowH - (view.top + view.bottom) / 2;
    if (view.host) view.host.scrollTop += y;
    else window.scrollBy(0, y);
    paintRows(el, undefined, true);
  }
  w.tbody.querySelector<HTMLElement>(`tr[data-index="${j}"]`)?.focus();
}

/** Enter or Space opens the explanation; the arrow keys, Page Up/Down, Home and End move between the rows. */
function rowKey(app: App, el: HTMLElement, e: KeyboardEvent, key: string, i: number): void {
  const w = windows.get(el);
  const page = w ? Math.max(1, Math.floor((viewOf(el).bottom - viewOf(el).top) / w.rowH) - 1) : 10;
  const to: Record<string, number> = { ArrowDown: i + 1, ArrowUp: i - 1, PageDown: i + page, PageUp: i - page, Home: 0, End: (w?.people.length ?? 1) - 1 };
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    app.select(key, 'explain');
  } else if (to[e.key] !== undefined) {
    e.preventDefault();
    focusRow(el, to[e.key]!);
  }
}

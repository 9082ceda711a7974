/** The data tab: one CSV per declared input table (upload, paste, restore), and the data problems by row and column. */
import type { App } from '../app.ts';
import type { Diag, TableSym } from '../protocol.ts';
import { fill, h } from '../dom.ts';
import { lang, t } from '../i18n.ts';
import { findExample } from '../examples.ts';
import { fromPasted, parseCsv } from '../csv.ts';
import { decodeText, formatOf } from '../../../src/index.ts';
import type { DataSlot } from '../share.ts';

/** The first rows of a data file, as a table (text only). */
function preview(slot: DataSlot): HTMLElement | null {
  if (formatOf(slot.fileName) !== 'csv') return null;
  const head = decodeText(slot.fileName, slot.bytes.subarray(0, 8192)).text ?? new TextDecoder().decode(slot.bytes.subarray(0, 8192));
  const rows = parseCsv(head.split('\n').slice(0, 7).join('\n'));
  if (rows.length < 1) return null;
  return h(
    'details',
    { class: 'data-preview', open: true },
    h('summary', null, t('previewRows', { n: Math.min(5, Math.max(0, rows.length - 1)) })),
    h(
      'div',
      { class: 'table-wrap', tabindex: 0 },
      h('table', { class: 'plain small' }, h('thead', null, h('tr', null, rows[0]!.map((c) => h('th', null, c)))), h('tbody', null, rows.slice(1, 6).map((r) => h('tr', null, r.map((c) => h('td', null, c)))))),
    ),
  );
}

const editing = new Map<string, string>();
let generateN = 10000;

function roleLabel(tb: TableSym): string {
  if (tb.role === 'population') return t('rolepopulation');
  if (tb.role === 'related') return t('roleRelated', { by: tb.by ?? '' });
  return t('roleLookup');
}

export function renderData(app: App, el: HTMLElement): void {
  const tables = app.symbols?.tables ?? [];
  const info = new Map((app.good?.summary.tables ?? []).map((x) => [x.name, x]));
  const ex = findExample(app.exampleId);
  const diags = (app.good?.summary.diagnostics ?? []).filter((d) => d.data || d.code.startsWith('KPL3'));
  const groups = groupDiagnostics(diags);
  const dec = new TextDecoder();

  const cards = tables.map((tb) => {
    const slot = app.data[tb.name];
    const ti = info.get(tb.name);
    const fileInput = h('input', {
      type: 'file',
      accept: '.csv,.json,.xlsx,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      class: 'file-input',
      dataset: { table: tb.name },
      onchange: async (e: Event) => {
        const file = (e.target as HTMLInputElement).files?.[0];
        if (!file) return;
        const bytes = new Uint8Array(await file.arrayBuffer());
        app.setData(tb.name, { fileName: file.name, bytes, origin: 'upload' });
      },
    });
    const isEditing = editing.has(tb.name);
    return h(
      'section',
      { class: 'card data-card', dataset: { table: tb.name } },
      h(
        'div',
        { class: 'card-head' },
        h('h3', null, tb.name, ' ', h('span', { class: 'muted small' }, roleLabel(tb))),
        h(
          'div',
          { class: 'actions' },
          h('label', { class: 'btn small' }, '⬆ ', t('upload'), fileInput),
          h('button', { class: 'btn small', dataset: { action: 'edit' }, onclick: () => { if (isEditing) editing.delete(tb.name); else editing.set(tb.name, slot ? (decodeText(slot.fileName, slot.bytes).text ?? dec.decode(slot.bytes)) : tb.columns.map((c) => c.name).join(',') + '\n'); renderData(app, el); } }, '✎ ', t('paste')),
          ex?.data[tb.name] ? h('button', { class: 'btn small', onclick: () => { editing.delete(tb.name); app.restoreExampleData(tb.name); } }, '↺ ', t('restoreExample')) : null,
        ),
      ),
      h(
        'p',
        { class: 'data-status' },
        slot
          ? [h('span', { class: 'chip' }, slot.fileName), ' ', h('span', { class: 'muted' }, t(`origin_${slot.origin}` as 'origin_example')), ti ? [' · ', t('rows', { n: ti.rows })] : null, ti?.errorRows ? h('span', { class: 'chip error' }, t('errorRows', { n: ti.errorRows })) : null]
          : h('span', { class: 'chip error' }, t('noData')),
      ),
      h('p', { class: 'columns' }, h('span', { class: 'muted' }, `${t('columnsDeclared')}: `), tb.columns.map((c) => h('span', { class: 'col-chip', title: `${c.type}${c.constraint ? ' ' + c.constraint : ''}${c.description ? ' — ' + c.description : ''}` }, c.name, h('span', { class: 'muted' }, `:${c.type}${c.optional ? '?' : ''}`)))),
      slot && !isEditing ? preview(slot) : null,
      isEditing
        ? h(
            'div',
            { class: 'editor-box' },
            h('p', { class: 'hint', id: `paste-hint-${tb.name}` }, t('pasteHint')),
            h('textarea', { class: 'csv-text', dataset: { table: tb.name }, spellcheck: 'false', rows: 12, 'aria-label': `${tb.name} CSV`, 'aria-describedby': `paste-hint-${tb.name}`, oninput: (e: Event) => editing.set(tb.name, (e.target as HTMLTextAreaElement).value) }, editing.get(tb.name) ?? ''),
            h(
              'div',
              { class: 'actions' },
              h('button', { class: 'btn primary small', dataset: { action: 'apply' }, onclick: () => { const text = fromPasted(editing.get(tb.name) ?? ''); editing.delete(tb.name); app.setData(tb.name, { fileName: `${tb.name}.csv`, bytes: new TextEncoder().encode(text), origin: 'paste' }); } }, t('apply')),
              h('button', { class: 'btn small', onclick: () => { editing.delete(tb.name); renderData(app, el); } }, t('cancel')),
            ),
          )
        : null,
    );
  });

  fill(
    el,
    h('p', { class: 'hint' }, t('dataIntro')),
    tables.length ? null : h('div', { class: 'empty-state' }, t('noTables')),
    cards,
    h(
      'section',
      { class: 'card' },
      h('h3', null, t('dataErrors'), groups.length ? h('span', { class: 'badge warn' }, String(groups.length)) : null),
      groups.length === 0
        ? h('p', { class: 'muted' }, t('noDataErrors'))
        : h(
            'div',
            { class: 'table-wrap', tabindex: 0 },
            h(
              'table',
              { class: 'plain', id: 'data-errors' },
              h('thead', null, h('tr', null, h('th', null, t('colTable')), h('th', { class: 'num' }, t('colRow')), h('th', null, t('colColumn')), h('th', null, t('colCode')), h('th', null, t('colMessage')))),
              h('tbody', null, groups.slice(0, 500).map((g) => errorRow(app, el, g))),
            ),
            groups.length > 500 ? h('p', { class: 'muted' }, t('rowsShown', { a: 500, b: groups.length })) : null,
          ),
    ),
    tables.some((tb) => tb.role === 'population' && app.data[tb.name])
      ? h(
          'section',
          { class: 'card' },
          h(
            'div',
            { class: 'toolbar' },
            t('generate'),
            ' ',
            h('input', { type: 'number', id: 'generate-n', 'aria-label': t('generate'), min: 1, max: 200000, value: generateN, oninput: (e: Event) => { generateN = Number((e.target as HTMLInputElement).value) || 10000; } }),
            ' ',
            t('generateGo'),
            ' ',
            h('button', { class: 'btn small', id: 'btn-generate', onclick: () => app.generate(generateN) }, '▶'),
          ),
        )
      : null,
  );
}

/** One problem repeated on many rows (a missing column is reported on every row): one entry, with its rows. */
interface DiagGroup {
  readonly d: Diag;
  readonly lines: number[];
}

export function groupDiagnostics(diags: readonly Diag[]): DiagGroup[] {
  const out = new Map<string, { d: Diag; lines: number[] }>();
  for (const d of diags) {
    const k = [d.code, d.data?.table ?? d.data?.file ?? '', d.data?.column ?? '', d.en].join('\u0000');
    const g = out.get(k);
    if (g) g.lines.push(d.data?.line ?? 0);
    else out.set(k, { d, lines: [d.data?.line ?? 0] });
  }
  return [...out.values()];
}

/** `2–57` style ranges of line numbers. */
function linesText(lines: number[]): string {
  const s = [...new Set(lines)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length; i++) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    parts.push(j > i ? `${s[i]}–${s[j]}` : String(s[i]));
    i = j;
  }
  return parts.length > 6 ? `${parts.slice(0, 6).join(', ')}, …` : parts.join(', ');
}

function errorRow(app: App, el: HTMLElement, g: DiagGroup): HTMLElement {
  const d = g.d;
  const loc = d.data;
  return h(
    'tr',
    {
      class: d.severity,
      dataset: { table: loc?.table ?? '', line: String(loc?.line ?? ''), rows: String(g.lines.length) },
      tabindex: 0,
      onkeydown: (e: Event) => {
        if ((e as KeyboardEvent).key === 'Enter') (e.currentTarget as HTMLElement).click();
      },
      onclick: () => {
        // Open the table's text with the offending line selected.
        if (!loc?.table || !app.data[loc.table]) return;
        const text = new TextDecoder().decode(app.data[loc.table]!.bytes);
        editing.set(loc.table, text);
        renderData(app, el);
        const ta = el.querySelector<HTMLTextAreaElement>(`textarea[data-table="${CSS.escape(loc.table)}"]`);
        if (!ta) return;
        const lines = text.split('\n');
        const start = lines.slice(0, loc.line - 1).reduce((a, l) => a + l.length + 1, 0);
        ta.focus();
        ta.setSelectionRange(start, start + (lines[loc.line - 1]?.length ?? 0));
        ta.scrollTop = Math.max(0, (loc.line - 3) * 18);
      },
    },
    h('td', null, loc?.table ?? loc?.file ?? ''),
    h('td', { class: 'num' }, loc ? (g.lines.length > 1 ? linesText(g.lines) : String(loc.line)) : ''),
    h('td', null, loc?.column ?? (loc && loc.col > 1 ? `#${loc.col}` : '')),
    h('td', { class: 'code' }, d.code),
    h('td', null, lang() === 'zh' ? d.zh : d.en, g.lines.length > 1 ? h('span', { class: 'muted' }, ` ${t('onRows', { n: g.lines.length })}`) : null),
  );
}

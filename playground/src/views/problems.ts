/** The Problems list under the editor: the editor's markers, clickable, as the TS playground's Errors tab. */
import * as monaco from 'monaco-editor/editor';
import type { App } from '../app.ts';
import { MARKER_OWNER } from '../language.ts';
import { fill, h } from '../dom.ts';
import { t } from '../i18n.ts';

export function renderProblems(app: App, el: HTMLElement): void {
  const markers = monaco.editor.getModelMarkers({ owner: MARKER_OWNER, resource: app.model.uri }).filter((m) => m.severity !== monaco.MarkerSeverity.Hint);
  const errors = markers.filter((m) => m.severity === monaco.MarkerSeverity.Error).length;
  const warnings = markers.filter((m) => m.severity === monaco.MarkerSeverity.Warning).length;
  const open = el.dataset['open'] !== 'false';
  // Data problems are listed on the Data tab; here they are counted, so "no problems" is never said while there are some.
  const dataProblems = app.dataProblemCount();
  const toggle = () => {
    el.dataset['open'] = String(!open);
    renderProblems(app, el);
    el.querySelector<HTMLElement>('.problems-head')?.focus();
  };
  fill(
    el,
    h(
      'div',
      { class: 'problems-head', role: 'button', tabindex: 0, 'aria-expanded': String(open), onclick: toggle, onkeydown: (e: Event) => { const k = (e as KeyboardEvent).key; if (k === 'Enter' || k === ' ') { e.preventDefault(); toggle(); } } },
      h('span', { class: 'chev', 'aria-hidden': 'true' }, open ? '▾' : '▸'),
      h('strong', null, t('problems')),
      h('span', { class: `count${errors ? ' has-errors' : ''}` }, errors ? `✖ ${errors}` : dataProblems ? '' : '✔'),
      warnings ? h('span', { class: 'count warn' }, `⚠ ${warnings}`) : null,
      dataProblems ? h('span', { class: 'count warn', id: 'data-problem-count' }, `▦ ${dataProblems}`) : null,
    ),
    open
      ? h(
          'ul',
          { class: 'problems-list' },
          markers.length === 0 && dataProblems
            ? h('li', { class: 'empty data-problems' }, t('policyOkDataProblems', { n: dataProblems }), ' ', h('button', { class: 'link', id: 'btn-data-problems', onclick: () => app.setTab('data') }, t('openDataTab')))
            : markers.length === 0
            ? h('li', { class: 'empty' }, t('noProblems'))
            : markers.map((m) =>
                h(
                  'li',
                  {
                    class: `problem ${m.severity === monaco.MarkerSeverity.Error ? 'error' : m.severity === monaco.MarkerSeverity.Warning ? 'warning' : 'info'}`,
                    dataset: { line: String(m.startLineNumber), code: String(m.code ?? '') },
                    tabindex: 0,
                    onkeydown: (e: Event) => {
                      if ((e as KeyboardEvent).key === 'Enter') (e.currentTarget as HTMLElement).click();
                    },
                    onclick: () => {
                      app.editor.revealLineInCenter(m.startLineNumber);
                      app.editor.setSelection(new monaco.Range(m.startLineNumber, m.startColumn, m.endLineNumber, m.endColumn));
                      app.editor.focus();
                    },
                  },
                  h('span', { class: 'sev' }, m.severity === monaco.MarkerSeverity.Error ? '✖' : m.severity === monaco.MarkerSeverity.Warning ? '⚠' : 'ℹ'),
                  h('span', { class: 'msg' }, m.message),
                  h('span', { class: 'code' }, String(m.code ?? '')),
                  h('span', { class: 'loc' }, t('lineCol', { l: m.startLineNumber, c: m.startColumn })),
                ),
              ),
        )
      : null,
  );
}

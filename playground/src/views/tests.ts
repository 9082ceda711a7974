/**
 * The Tests tab: the policy's `.kpltest` tables in an editor of their own, run in the worker with
 * every analysis (as `kpl test --coverage`): failing rows as markers on the test text, the cases
 * passed, and the decision coverage, shown in the policy editor's gutter while this tab is open.
 */
import * as monaco from 'monaco-editor/editor';
import type { App } from '../app.ts';
import { fill, h } from '../dom.ts';
import { t } from '../i18n.ts';

const TEST_MARKERS = 'kpltest';
interface Parts {
  summary: HTMLElement;
  host: HTMLElement;
  editor?: monaco.editor.IStandaloneCodeEditor;
  model?: monaco.editor.ITextModel;
}
const parts = new WeakMap<HTMLElement, Parts>();

export function renderTests(app: App, el: HTMLElement): void {
  let p = parts.get(el);
  if (!p) {
    p = { summary: h('div', { class: 'tests-summary', id: 'tests-summary', role: 'status' }), host: h('div', { class: 'tests-host', id: 'tests-editor' }) };
    el.replaceChildren(h('p', { class: 'hint' }, t('testsIntro')), p.summary, h('section', { class: 'card' }, h('h3', null, t('testsFile')), p.host));
    parts.set(el, p);
  }
  if (!p.editor) {
    p.model = monaco.editor.createModel(app.testsText ?? '', 'plaintext', monaco.Uri.parse('file:///policy.kpltest'));
    p.editor = monaco.editor.create(p.host, { model: p.model, automaticLayout: true, minimap: { enabled: false }, fontSize: 13, scrollBeyondLastLine: false, glyphMargin: true, unicodeHighlight: { ambiguousCharacters: false }, theme: 'kpl-light', ariaLabel: t('testsFile') });
    const model = p.model;
    model.onDidChangeContent(() => app.setTests(model.getValue()));
  } else if (p.model && p.model.getValue() !== (app.testsText ?? '')) {
    p.model.setValue(app.testsText ?? '');
  }
  const r = app.analysis?.tests;
  if (app.testsText === undefined) {
    fill(p.summary, h('p', { class: 'muted' }, t('testsNone')));
  } else if (!r) {
    fill(p.summary, h('p', { class: 'muted' }, app.analysis?.compiled === false ? t('testsNeedPolicy') : '…'));
  } else {
    const failedCases = r.cases.filter((c) => !c.passed).length;
    fill(
      p.summary,
      h(
        'div',
        { class: 'toolbar' },
        h('span', { class: `chip ${r.passed ? 'ok' : 'error'}`, id: 'tests-status' }, r.passed ? `✓ ${t('testsPassed')}` : `✗ ${t('testsFailed', { n: failedCases })}`),
        h('span', { class: 'chip' }, t('testsCounts', { c: r.cases.length, r: r.rows })),
        r.coverage ? h('span', { class: 'chip', id: 'tests-coverage' }, t('testsCoverage', { p: r.coverage.percent.toFixed(1), a: r.coverage.covered, b: r.coverage.total })) : null,
      ),
      r.failures.length
        ? h('ul', { class: 'tests-failures' }, r.failures.slice(0, 50).map((f) => h('li', { tabindex: 0, onclick: () => p.editor?.revealLineInCenter(f.line) }, t('lineCol', { l: f.line, c: f.col }), ': ', f.message)))
        : null,
      h('p', { class: 'legend' }, h('span', { class: 'swatch cov-hit-swatch' }), ` ${t('covHit')}  `, h('span', { class: 'swatch cov-miss-swatch' }), ` ${t('covMiss')}`),
    );
  }
  if (p.model) {
    monaco.editor.setModelMarkers(
      p.model,
      TEST_MARKERS,
      (r?.failures ?? []).map((f) => ({ severity: monaco.MarkerSeverity.Error, message: f.message, startLineNumber: f.line, startColumn: Math.max(1, f.col), endLineNumber: f.line, endColumn: p.model!.getLineMaxColumn(Math.min(f.line, p.model!.getLineCount())) })),
    );
  }
}

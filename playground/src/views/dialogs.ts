/** The examples gallery and the share dialog. */
import type { App } from '../app.ts';
import { h } from '../dom.ts';
import { t } from '../i18n.ts';
import { EXAMPLES } from '../examples.ts';
import { FORMAT_VERSION } from '../share.ts';

function dialog(id: string, ...children: (HTMLElement | null)[]): HTMLDialogElement {
  document.getElementById(id)?.remove();
  const d = h('dialog', { id, class: 'dialog' }, ...children);
  d.addEventListener('close', () => d.remove());
  document.body.append(d);
  d.showModal();
  return d;
}

export function openGallery(app: App): void {
  const d: HTMLDialogElement = dialog(
    'gallery',
    h('div', { class: 'dialog-head' }, h('h2', null, t('examplesTitle')), h('button', { class: 'btn small', onclick: () => d.close() }, '×')),
    h('p', { class: 'hint' }, t('examplesHint')),
    h(
      'div',
      { class: 'gallery' },
      EXAMPLES.map((ex) =>
        h(
          'article',
          { class: `example-card${ex.id === app.exampleId ? ' current' : ''}`, dataset: { example: ex.id } },
          h('h3', null, ex.title),
          h('p', { class: 'muted' }, ex.description),
          h('p', { class: 'meta' }, h('span', { class: 'chip' }, t('people', { n: ex.people })), ' ', h('span', { class: 'chip' }, t('tablesList', { t: Object.keys(ex.data).join(', ') })), ' ', h('code', null, `${ex.id}.kpl`)),
          h('button', { class: 'btn primary', dataset: { load: ex.id }, onclick: () => { app.loadExample(ex); d.close(); } }, t('load')),
        ),
      ),
    ),
  );
}

export function openShare(app: App): void {
  let withData = false;
  let withBaseline = true;
  const out = h('textarea', { class: 'share-link', id: 'share-link', readonly: true, rows: 4 });
  const size = h('span', { class: 'muted' });
  const update = () => {
    out.value = app.shareLink(withData, withBaseline);
    size.textContent = t('shareSize', { n: out.value.length });
  };
  const copied = h('span', { class: 'muted' });
  const d: HTMLDialogElement = dialog(
    'share',
    h('div', { class: 'dialog-head' }, h('h2', null, t('shareTitle')), h('button', { class: 'btn small', onclick: () => d.close() }, '×')),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'share-data', onchange: (e: Event) => { withData = (e.target as HTMLInputElement).checked; update(); } }), ' ', t('shareIncludeData')),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'share-baseline', checked: true, onchange: (e: Event) => { withBaseline = (e.target as HTMLInputElement).checked; update(); } }), ' ', t('shareIncludeBaseline')),
    h('p', { class: 'hint' }, t('shareNoDataNote')),
    out,
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          class: 'btn primary',
          id: 'btn-copy',
          onclick: async () => {
            out.select();
            try {
              await navigator.clipboard.writeText(out.value);
            } catch {
              document.execCommand?.('copy');
            }
            copied.textContent = t('copied');
          },
        },
        t('copy'),
      ),
      copied,
      h('span', { class: 'spacer' }),
      size,
      h('span', { class: 'muted' }, ` · ${t('shareVersions', { f: FORMAT_VERSION, c: app.compilerVersion })}`),
    ),
  );
  update();
}

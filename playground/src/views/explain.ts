/**
 * One person's result explained: the waterfall of contributions, each indicator's rule and
 * weights, band, quota rank and reward, with the policy lines behind each number highlighted.
 */
import type { App } from '../app.ts';
import type { Explanation, SrcRange } from '../protocol.ts';
import { fill, h } from '../dom.ts';
import { lang, t } from '../i18n.ts';
import { waterfall, type WaterfallStep } from './charts.ts';

export function renderExplain(app: App, el: HTMLElement): void {
  const summary = app.good?.summary;
  if (!summary) {
    fill(el, h('div', { class: 'empty-state' }, t('noResults')));
    app.clearSourceHighlights();
    return;
  }
  const listId = 'people-list';
  const picker = h(
    'div',
    { class: 'toolbar' },
    h('label', { for: 'person-input' }, t('choosePerson'), ' '),
    h('input', {
      id: 'person-input',
      list: listId,
      value: app.selectedKey ?? '',
      placeholder: summary.people[0]?.key ?? '',
      onchange: (e: Event) => {
        const v = (e.target as HTMLInputElement).value.trim();
        const hit = summary.people.find((p) => p.key === v || p.name === v || `${p.key} ${p.name ?? ''}`.trim() === v);
        if (hit) app.select(hit.key);
      },
    }),
    h('datalist', { id: listId }, summary.people.slice(0, 2000).map((p) => h('option', { value: p.key }, p.name ?? ''))),
    h('button', { class: 'btn small', onclick: () => step(app, summary.people.map((p) => p.key), -1) }, '◀'),
    h('button', { class: 'btn small', onclick: () => step(app, summary.people.map((p) => p.key), 1) }, '▶'),
  );
  const x = app.explanation;
  if (!app.selectedKey || !x || !x.found || x.key !== app.selectedKey) {
    fill(el, picker, h('div', { class: 'empty-state' }, app.selectedKey ? '…' : t('explainHint')));
    app.clearSourceHighlights();
    return;
  }
  fill(el, picker, explanationView(app, x));
}

function step(app: App, keys: string[], d: number): void {
  const i = app.selectedKey ? keys.indexOf(app.selectedKey) : -1;
  const next = keys[Math.min(keys.length - 1, Math.max(0, i + d))];
  if (next) app.select(next);
}

function srcAttrs(app: App, at: SrcRange | undefined) {
  if (!at) return {};
  return {
    class: 'has-src',
    title: lang() === 'zh' ? '点击跳转到方案中的这一行' : 'Click to jump to this line of the policy',
    onclick: () => app.focusSource(at, true),
    onmouseenter: () => app.focusSource(at),
    onmouseleave: () => app.focusSource(undefined),
  };
}

function explanationView(app: App, x: Explanation): HTMLElement {
  const zh = lang() === 'zh';
  const ranges: SrcRange[] = [];
  const push = (r: SrcRange | undefined) => r && ranges.push(r);
  x.indicators.forEach((n) => push(n.at));
  x.adjustments.forEach((a) => push(a.at));
  push(x.totalAt);
  push(x.veto?.at);
  push(x.band?.at);
  x.distribution.forEach((d) => push(d.at));
  push(x.rewardAt);
  app.highlightSources(ranges);

  const base = app.good?.baseline?.people.find((p) => p.key === x.key);
  const head = h(
    'div',
    { class: 'person-head' },
    h('h3', null, x.key, x.name ? h('span', { class: 'person-name' }, ` ${x.name}`) : null),
    x.status === 'ok'
      ? h(
          'div',
          { class: 'person-kpis' },
          kpi(t('total'), x.total ?? '—', 'kpi-total'),
          kpi(t('finalGrade'), x.grade ?? '—', 'kpi-grade'),
          x.reward !== undefined ? kpi(t('reward'), x.reward, 'kpi-reward') : null,
        )
      : null,
    base ? h('p', { class: 'muted baseline-line' }, t('baselineValue', { t: base.total ?? '—', g: base.status === 'error' ? '⚠' : (base.grade ?? '—'), r: base.reward ?? '—' })) : null,
  );
  if (x.status === 'error') {
    return h('div', { class: 'explain' }, head, h('div', { class: 'banner error' }, t('notEvaluated'), x.error ? (zh ? x.error.zh : x.error.en) : ''), inputsView(x), cliText(app, x));
  }

  // Waterfall: top-level contributions → weighted, adjustments, formula effects, veto → total.
  const steps: WaterfallStep[] = [];
  const top = x.indicators.filter((n) => n.depth === 0);
  for (const n of top) {
    if (n.contribution === null) continue;
    steps.push({ label: n.id, value: Number(n.contribution), kind: 'add', title: `${n.id}: ${n.score} × ${n.effWeight} = ${n.contribution}`, ...(n.at ? hover(app, n.at) : {}) });
  }
  if (x.weighted !== undefined) steps.push({ label: t('weighted'), value: Number(x.weighted), kind: 'total' });
  let running = x.weighted !== undefined ? Number(x.weighted) : top.reduce((a, n) => a + Number(n.contribution ?? 0), 0);
  for (const a of x.adjustments) {
    if (a.value === null) continue;
    steps.push({ label: a.name, value: Number(a.value), kind: 'add', title: `${a.name} = ${a.text ?? ''} → ${a.value}`, ...(a.at ? hover(app, a.at) : {}) });
    running += Number(a.value);
  }
  const before = x.totalBeforeVeto !== undefined ? Number(x.totalBeforeVeto) : x.total !== undefined ? Number(x.total) : undefined;
  if (before !== undefined && Math.abs(before - running) > 1e-9) {
    steps.push({ label: t('formula'), value: before - running, kind: 'add', title: x.totalText ?? '', ...(x.totalAt ? hover(app, x.totalAt) : {}) });
  }
  if (x.veto && x.total !== undefined && before !== undefined && Number(x.total) !== before) {
    steps.push({ label: `${t('veto')}: ${x.veto.text}`, value: Number(x.total) - before, kind: 'add', ...(x.veto.at ? hover(app, x.veto.at) : {}) });
  }
  if (x.total !== undefined) steps.push({ label: t('total'), value: Number(x.total), kind: 'total', title: x.totalText ?? '', ...(x.totalAt ? hover(app, x.totalAt) : {}) });

  const tree = h(
    'table',
    { class: 'plain indicators', id: 'explain-indicators' },
    h('thead', null, h('tr', null, h('th', null, t('colIndicator')), h('th', { class: 'num' }, t('colScore')), h('th', { class: 'num' }, t('colWeight')), h('th', { class: 'num' }, t('colEffWeight')), h('th', { class: 'num' }, t('colContribution')), h('th', { class: 'num' }, t('colPoints')), h('th', null, t('colRule')))),
    h(
      'tbody',
      null,
      x.indicators.map((n) =>
        h(
          'tr',
          { ...srcAttrs(app, n.at), dataset: { indicator: n.id } },
          h('td', { style: { 'padding-left': `${0.5 + n.depth * 1.2}em` } }, n.id, n.title ? h('span', { class: 'muted' }, ` ${n.title}`) : null),
          h('td', { class: 'num' }, n.score ?? t('notApplicable')),
          h('td', { class: 'num' }, n.weight),
          h('td', { class: `num${n.effWeight !== n.weight ? ' renorm' : ''}`, title: n.effWeight !== n.weight ? t('renormalised') : '' }, n.effWeight),
          h('td', { class: 'num' }, n.contribution ?? '—'),
          h('td', { class: 'num strong' }, n.points ?? '—'),
          h('td', { class: 'rule' }, h('code', null, n.rule ?? ''), n.note ? h('div', { class: 'muted small' }, n.note) : null),
        ),
      ),
    ),
  );

  const chain = h(
    'ol',
    { class: 'chain' },
    x.weighted !== undefined ? h('li', null, h('b', null, t('weighted')), ' = ', x.weighted) : null,
    x.adjustments.map((a) => h('li', srcAttrs(app, a.at), h('b', null, `${t('adjustments')} ${a.name}`), ' = ', a.value ?? '—', a.text ? h('code', null, `  ${a.text}`) : null)),
    x.lets.map((l) => h('li', srcAttrs(app, l.at), h('b', null, l.name), ' = ', l.value ?? '—', l.text ? h('code', null, `  ${l.text}`) : null)),
    x.total !== undefined ? h('li', srcAttrs(app, x.totalAt), h('b', null, t('total')), ' = ', x.veto ? (x.totalBeforeVeto ?? x.total) : x.total, x.totalText ? h('code', null, `  ${x.totalText}`) : null) : null,
    x.veto ? h('li', { ...srcAttrs(app, x.veto.at), class: `veto${x.veto.at ? ' has-src' : ''}` }, h('b', null, t('veto')), ': ', x.veto.text, x.total !== undefined && x.totalBeforeVeto !== undefined && x.total !== x.totalBeforeVeto ? ` → ${x.total}` : '') : null,
    x.band ? h('li', srcAttrs(app, x.band.at), h('b', null, t('band')), ': ', x.band.grade, ' ', h('code', null, x.band.text)) : null,
    x.gradeBefore && x.gradeBefore !== x.band?.grade ? h('li', null, h('b', null, t('gradeBefore')), ': ', x.gradeBefore) : null,
    x.distribution.map((d) =>
      h(
        'li',
        { ...srcAttrs(app, d.at), class: `${d.at ? 'has-src ' : ''}${d.movedTo !== undefined ? 'moved' : ''}` },
        h('b', null, t('distribution')),
        ': ',
        d.group ? `${d.group}${lang() === 'zh' ? '：' : ': '}` : '',
        t('distributionFact', { rule: d.rule, n: d.headcount, q: d.quota, r: d.rank, c: d.candidates }),
        ' → ',
        d.movedTo !== undefined ? t('movedTo', { g: d.movedTo }) : t('kept'),
      ),
    ),
    x.grade ? h('li', null, h('b', null, t('finalGrade')), ': ', h('span', { class: 'grade-pill' }, x.grade)) : null,
    x.reward !== undefined ? h('li', srcAttrs(app, x.rewardAt), h('b', null, t('reward')), ' = ', x.reward, x.rewardText ? h('code', null, `  ${x.rewardText}`) : null) : null,
    x.allocation ? h('li', null, h('b', null, t('allocation')), ': ', t('allocationFact', { g: x.allocation.group, p: x.allocation.pool, w: x.allocation.weight, tw: x.allocation.totalWeight, s: x.allocation.share })) : null,
  );

  return h(
    'div',
    { class: 'explain' },
    head,
    h('p', { class: 'hint' }, t('sourceLines')),
    h('section', { class: 'card' }, h('h4', null, t('waterfall')), waterfall(steps)),
    baselineCard(app, x.key),
    h('section', { class: 'card' }, chain),
    h('section', { class: 'card' }, h('h4', null, t('indicatorTree')), h('div', { class: 'table-wrap', tabindex: 0 }, tree)),
    inputsView(x),
    cliText(app, x),
  );
}

/** With a baseline pinned: this person's points per top-level indicator, total, grade and reward, before and after. */
function baselineCard(app: App, key: string): HTMLElement | null {
  const good = app.good;
  const b = good?.baseline?.people.find((p) => p.key === key);
  const a = good?.summary.people.find((p) => p.key === key);
  if (!good?.baseline || !a || !b) return null;
  const ids = [...good.summary.top.map((x) => x.id)];
  for (const x of good.baseline.top) if (!ids.includes(x.id)) ids.push(x.id);
  const pt = (p: typeof a, top: { id: string }[], id: string): number | null => {
    const i = top.findIndex((x) => x.id === id);
    const v = i < 0 ? undefined : p.points?.[i];
    return v === null || v === undefined ? null : Number(v);
  };
  const row = (label: string, before: string, after: string, d: number | null) =>
    h('tr', null, h('td', null, label), h('td', { class: 'num muted' }, before), h('td', { class: 'num' }, after), h('td', { class: `num ${d === null || Math.abs(d) < 1e-9 ? 'muted' : d > 0 ? 'up' : 'down'}` }, d === null ? '' : Math.abs(d) < 1e-9 ? '0' : `${d > 0 ? '+' : ''}${Number(d.toFixed(4))}`));
  const num = (s: string | null) => (s === null ? null : Number(s));
  return h(
    'section',
    { class: 'card', id: 'explain-baseline' },
    h('h4', null, t('vsBaseline')),
    h(
      'table',
      { class: 'plain' },
      h('thead', null, h('tr', null, h('th', null, ''), h('th', { class: 'num' }, t('before')), h('th', { class: 'num' }, t('after')), h('th', { class: 'num' }, 'Δ'))),
      h(
        'tbody',
        null,
        ids.map((id) => {
          const pb = pt(b, good.baseline!.top, id);
          const pa = pt(a, good.summary.top, id);
          return row(id, pb === null ? '—' : String(Number(pb.toFixed(4))), pa === null ? '—' : String(Number(pa.toFixed(4))), pa === null && pb === null ? null : (pa ?? 0) - (pb ?? 0));
        }),
        row(t('total'), b.total ?? '—', a.total ?? '—', num(a.total) !== null && num(b.total) !== null ? num(a.total)! - num(b.total)! : null),
        h('tr', null, h('td', null, t('finalGrade')), h('td', { class: 'num muted' }, b.status === 'error' ? '⚠' : (b.grade ?? '—')), h('td', { class: 'num' }, a.status === 'error' ? '⚠' : (a.grade ?? '—')), h('td', null, '')),
        a.reward !== null || b.reward !== null ? row(t('reward'), b.reward ?? '—', a.reward ?? '—', num(a.reward) !== null && num(b.reward) !== null ? num(a.reward)! - num(b.reward)! : null) : null,
      ),
    ),
  );
}

function hover(app: App, at: SrcRange): Pick<WaterfallStep, 'onClick' | 'onHover'> {
  return { onClick: () => app.focusSource(at, true), onHover: (on) => app.focusSource(on ? at : undefined) };
}

function kpi(label: string, value: string, id: string): HTMLElement {
  return h('div', { class: 'kpi', id }, h('div', { class: 'kpi-label' }, label), h('div', { class: 'kpi-value' }, value));
}

function inputsView(x: Explanation): HTMLElement {
  return h(
    'details',
    { class: 'card' },
    h('summary', null, t('inputs')),
    h('table', { class: 'plain small' }, h('tbody', null, x.inputs.map((i) => h('tr', null, h('th', null, i.name), h('td', null, i.value), h('td', { class: 'muted' }, i.description ?? ''))))),
    x.related.length ? h('p', { class: 'muted' }, x.related.map((r) => t('relatedRows', { t: r.table, n: r.rows })).join(' · ')) : null,
  );
}

function cliText(app: App, x: Explanation): HTMLElement {
  const d = h(
    'details',
    { class: 'card', id: 'cli-report', ...(app.reportOpen ? { open: true } : {}) },
    h('summary', null, t('cliText')),
    // Only a report in the page's language (after a switch, the old one is not shown while the new one is made).
    x.text !== undefined && x.textLang === lang() ? h('pre', { class: 'cli-text', id: 'cli-text', lang: lang() === 'zh' ? 'zh-CN' : 'en' }, x.text) : h('p', { class: 'muted' }, '…'),
  );
  d.addEventListener('toggle', () => {
    if (d.open === app.reportOpen) return;
    app.reportOpen = d.open;
    if (d.open && (x.text === undefined || x.textLang !== lang())) app.requestExplain();
  });
  return d;
}

/** Plain SVG charts (no chart library): grade distribution with quota targets, and a waterfall. */
import { s } from '../dom.ts';
import { t } from '../i18n.ts';

export interface GradeBar {
  readonly grade: string;
  readonly count: number;
  readonly baseline?: number;
}

export interface QuotaMark {
  readonly grade: string;
  /** Target count over the whole population. */
  readonly count: number;
  readonly label: string;
  /** The share as written, `15%`. */
  readonly share: string;
  readonly kind: 'at_most' | 'at_least';
}

const PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];
export function gradeColor(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

export function gradeChart(bars: GradeBar[], quotas: QuotaMark[], total: number, baselineTotal?: number): SVGSVGElement {
  const W = Math.max(360, 90 * bars.length + 60);
  const H = 230;
  const top = 24;
  const bottom = 46;
  const left = 40;
  const plotH = H - top - bottom;
  const slot = (W - left - 10) / Math.max(1, bars.length);
  const raw = Math.max(1, ...bars.map((b) => Math.max(b.count, b.baseline ?? 0)), ...quotas.map((q) => q.count));
  const step = niceStep(raw / 4);
  const max = Math.ceil(raw / step) * step;
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const hasBase = bars.some((b) => b.baseline !== undefined);
  const svg = s('svg', { class: 'chart grade-chart', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': t('gradeDistribution') });
  // axis and grid
  for (let v = 0; v <= max; v += step) {
    svg.append(s('line', { x1: left, x2: W - 10, y1: y(v), y2: y(v), class: 'grid' }), s('text', { x: left - 6, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, String(v)));
  }
  bars.forEach((b, i) => {
    const x0 = left + i * slot;
    const bw = hasBase ? slot * 0.32 : slot * 0.55;
    const cx = x0 + slot / 2;
    const g = s('g', { class: 'bar-group', dataset: { grade: b.grade } });
    if (hasBase) {
      const bx = cx - bw - 2;
      const bv = b.baseline ?? 0;
      g.append(
        s('rect', { x: bx, y: y(bv), width: bw, height: Math.max(0, top + plotH - y(bv)), class: 'bar baseline' }, s('title', null, `${t('baselineBars')} ${b.grade}: ${bv}`)),
        s('text', { x: bx + bw / 2, y: y(bv) - 4, class: 'bar-label muted', 'text-anchor': 'middle' }, String(bv)),
      );
    }
    const ax = hasBase ? cx + 2 : cx - bw / 2;
    const pctText = total ? ` (${((b.count / total) * 100).toFixed(1)}%)` : '';
    g.append(
      s('rect', { x: ax, y: y(b.count), width: bw, height: Math.max(0, top + plotH - y(b.count)), class: 'bar current', fill: gradeColor(i) }, s('title', null, `${b.grade}: ${b.count}${pctText}`)),
      s('text', { x: ax + bw / 2, y: y(b.count) - 4, class: 'bar-label', 'text-anchor': 'middle' }, String(b.count)),
      s('text', { x: cx, y: H - bottom + 16, class: 'axis-label', 'text-anchor': 'middle' }, b.grade),
      s('text', { x: cx, y: H - bottom + 31, class: 'tick', 'text-anchor': 'middle' }, total ? `${((b.count / total) * 100).toFixed(1)}%` : ''),
    );
    for (const q of quotas.filter((x) => x.grade === b.grade)) {
      const qy = y(q.count);
      g.append(
        s('line', { x1: x0 + 4, x2: x0 + slot - 4, y1: qy, y2: qy, class: `quota ${q.kind}` }),
        s('text', { x: x0 + 4, y: qy - 4, class: 'quota-label', 'text-anchor': 'start' }, `${q.kind === 'at_most' ? '≤' : '≥'} ${q.share}`, s('title', null, q.label)),
      );
    }
    svg.append(g);
  });
  void baselineTotal;
  return svg;
}

/** 1, 2 or 5 × a power of ten, at least `x` (and at least 1: counts are whole). */
export function niceStep(x: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(1, x)));
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return Math.max(1, m * p);
  return 10 * p;
}

export interface WaterfallStep {
  readonly label: string;
  /** Signed change, or the absolute value for a `total` step. */
  readonly value: number;
  readonly kind: 'add' | 'total';
  readonly title?: string;
  readonly onClick?: () => void;
  readonly onHover?: (on: boolean) => void;
}

export function waterfall(steps: WaterfallStep[]): SVGSVGElement {
  const rowH = 26;
  const labelW = 190;
  const W = 640;
  const plotW = W - labelW - 80;
  const H = steps.length * rowH + 24;
  let run = 0;
  const spans = steps.map((st) => {
    if (st.kind === 'total') {
      run = st.value;
      return { a: 0, b: st.value };
    }
    const a = run;
    run += st.value;
    return { a, b: run };
  });
  const lo = Math.min(0, ...spans.map((x) => Math.min(x.a, x.b)));
  const hi = Math.max(1, ...spans.map((x) => Math.max(x.a, x.b)));
  const x = (v: number) => labelW + ((v - lo) / (hi - lo)) * plotW;
  const svg = s('svg', { class: 'chart waterfall', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': t('waterfall') });
  svg.append(s('line', { x1: x(0), x2: x(0), y1: 4, y2: H - 16, class: 'zero' }));
  steps.forEach((st, i) => {
    const { a, b } = spans[i]!;
    const y0 = 8 + i * rowH;
    const cls = st.kind === 'total' ? 'total' : st.value >= 0 ? 'up' : 'down';
    const g = s('g', { class: `wf-step ${cls}${st.onClick ? ' clickable' : ''}`, ...(st.onClick ? { onclick: st.onClick } : {}) });
    if (st.onHover) {
      g.addEventListener('mouseenter', () => st.onHover!(true));
      g.addEventListener('mouseleave', () => st.onHover!(false));
    }
    const label = st.label.length > 16 ? st.label.slice(0, 15) + '…' : st.label;
    g.append(
      s('text', { x: labelW - 8, y: y0 + 15, class: 'wf-label', 'text-anchor': 'end' }, label),
      s('rect', { x: Math.min(x(a), x(b)), y: y0 + 2, width: Math.max(1.5, Math.abs(x(b) - x(a))), height: rowH - 8, class: `wf-bar ${cls}` }, s('title', null, st.title ?? `${st.label}: ${st.value}`)),
      s('text', { x: Math.max(x(a), x(b)) + 6, y: y0 + 15, class: 'wf-value' }, st.kind === 'total' ? fmt(st.value) : `${st.value >= 0 ? '+' : ''}${fmt(st.value)}`),
    );
    if (i < steps.length - 1 && steps[i + 1]!.kind === 'add') {
      g.append(s('line', { x1: x(b), x2: x(b), y1: y0 + rowH - 6, y2: y0 + rowH + 2, class: 'wf-link' }));
    }
    svg.append(g);
  });
  return svg;
}

function fmt(v: number): string {
  return Number(v.toFixed(4)).toString();
}

/** The ranges of `kpl lint --ranges`: as an aligned text table and as JSON. */
import { textTable } from '../diagnostics/text-table.ts';
import * as M from '../numeric/interval-math.ts';
import type { Interval } from '../numeric/interval-math.ts';
import type { RangeReport } from './lint.ts';

export function rangesText(file: string, r: RangeReport): string {
  const rows: string[][] = r.indicators.map((i) => [
    '  '.repeat(i.depth) + i.id,
    i.weight,
    i.effectiveWeight ?? '—',
    M.show(i.range) + (i.maybeMissing ? ' or dropped' : ''),
    i.swing.isFinite() ? M.fmt(i.swing, 'ceil') : '—',
  ]);
  rows.push(['weighted', '', '', M.show(r.weighted), '']);
  for (const a of r.adjustments) rows.push([`adjust ${a.name}`, '', '', M.show(a.range), '']);
  if (!sameInterval(r.totalBeforeVeto, r.total)) rows.push(['total before vetoes', '', '', M.show(r.totalBeforeVeto), '']);
  rows.push(['total', '', '', M.show(r.total), '']);
  const out = [`${file}: ranges over the declared input ranges`, '', textTable(['indicator', 'weight', 'effective', 'range', 'moves total ≤'], rows)];
  if (r.bands.length) {
    out.push('');
    out.push(
      textTable(
        ['grade', 'band', 'totals reaching it', 'grade given'],
        r.bands.map((b) => [b.grade, M.show(b.band), M.isEmpty(b.reachable) ? 'none' : M.show(b.reachable), b.gradeReachable ? 'yes' : 'never']),
      ),
    );
  }
  if (r.narrowestBand) out.push('', `narrowest band: ${r.narrowestBand.grade}, ${M.fmt(r.narrowestBand.width)} points`);
  return out.join('\n');
}

function sameInterval(a: Interval, b: Interval): boolean {
  return M.show(a) === M.show(b);
}

const iv = (i: Interval) => ({ min: i.lo.v ? M.fmt(i.lo.v, 'floor') : null, max: i.hi.v ? M.fmt(i.hi.v, 'ceil') : null, text: M.show(i) });

export function rangesJson(r: RangeReport) {
  return {
    indicators: r.indicators.map((i) => ({
      id: i.id,
      depth: i.depth,
      weight: i.weight,
      ...(i.effectiveWeight ? { effectiveWeight: i.effectiveWeight } : {}),
      range: iv(i.range),
      maybeMissing: i.maybeMissing,
      swing: i.swing.isFinite() ? M.fmt(i.swing, 'ceil') : null,
    })),
    weighted: iv(r.weighted),
    adjustments: r.adjustments.map((a) => ({ name: a.name, range: iv(a.range) })),
    totalBeforeVeto: iv(r.totalBeforeVeto),
    total: iv(r.total),
    bands: r.bands.map((b) => ({ grade: b.grade, band: iv(b.band), reachable: M.isEmpty(b.reachable) ? null : iv(b.reachable), gradeReachable: b.gradeReachable })),
    ...(r.narrowestBand ? { narrowestBand: { grade: r.narrowestBand.grade, width: M.fmt(r.narrowestBand.width) } } : {}),
  };
}

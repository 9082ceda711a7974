/**
 * `kpl lint`: findings of the range analysis as warnings (KPL25xx), and the ranges themselves.
 *
 *  KPL2501 a grade nobody can get: its band lies outside the total's range, and no veto or
 *          forced-distribution rule gives it either;
 *  KPL2502 a band that never matches, although a veto or the distribution can still give the grade;
 *  KPL2503 a steps row that can never match given the range of its value;
 *  KPL2504 an interpolate breakpoint (or `below`/`above` row) that is never used;
 *  KPL2505 a min/max/clamp bound that never takes effect; KPL2506 one that always does;
 *  KPL2507 an indicator whose weight is too small to matter (see `negligible` below).
 *
 * Every finding is sound: the ranges contain every value that can occur, so "never" means never.
 */
import type { Band, Indicator, Plan } from '../plan/schema.ts';
import { Decimal } from '../numeric/decimal.ts';
import { diag, list, phrase, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { pct } from '../diff/expr-text.ts';
import * as M from '../numeric/interval-math.ts';
import type { Interval } from '../numeric/interval-math.ts';
import { RangeAnalysis, type Finding } from './ranges.ts';
import { Dependents, Sensitivity } from './sensitivity.ts';

export interface LintOptions {
  /**
   * An indicator is reported as too small to matter when the most it can move the total is less
   * than this fraction of the narrowest reachable grade band. Default 0.1 (a tenth).
   */
  readonly minSwing?: Decimal | number | string;
}

export interface IndicatorRange {
  readonly id: string;
  readonly depth: number;
  /** Own weight as written: `30%`, or `by role { … }`. */
  readonly weight: string;
  /** Effective weight in the total (product of fixed weights), when fixed. */
  readonly effectiveWeight?: string;
  readonly range: Interval;
  /** The indicator may be not applicable (dropped). */
  readonly maybeMissing: boolean;
  /** Most this indicator alone can move the total (Infinity when no bound is known). */
  readonly swing: Decimal;
}

export interface BandRange {
  readonly grade: string;
  readonly band: Interval;
  /** The part of the band the total can reach (empty when none). */
  readonly reachable: Interval;
  /** The grade can be given at all (by its band, a veto or the distribution). */
  readonly gradeReachable: boolean;
}

export interface RangeReport {
  readonly indicators: IndicatorRange[];
  readonly weighted: Interval;
  readonly adjustments: { readonly name: string; readonly range: Interval }[];
  readonly totalBeforeVeto: Interval;
  readonly total: Interval;
  readonly bands: BandRange[];
  /** Width of the narrowest reachable band, used for KPL2507. */
  readonly narrowestBand?: { readonly grade: string; readonly width: Decimal };
}

export interface LintResult {
  readonly diagnostics: Diagnostic[];
  readonly ranges: RangeReport;
}

export function bandInterval(b: Band): Interval {
  return {
    lo: b.low ? { v: new Decimal(b.low.value), closed: b.low.inclusive } : { closed: false },
    hi: b.high ? { v: new Decimal(b.high.value), closed: b.high.inclusive } : { closed: false },
  };
}

export function lintPlan(plan: Plan, options: LintOptions = {}): LintResult {
  const ra = new RangeAnalysis(plan);
  ra.run();
  const findings: Finding[] = [...ra.findings];
  const total = M.intersect(M.ALL, ra.total().iv ?? M.ALL);
  const bands = gradeFindings(plan, total, findings);
  const narrowest = narrowestBand(bands);
  const minSwing = new Decimal(options.minSwing ?? '0.1');
  const indicators: IndicatorRange[] = [];
  const dependents = new Dependents(plan);
  const walk = (nodes: readonly Indicator[], depth: number, quiet: boolean) => {
    for (const n of nodes) {
      const r = ra.indicator(n.id);
      const range = r.iv ?? M.ALL;
      const s = new Sensitivity(ra, n.id, dependents).total();
      const w = M.width(range);
      const swing = s.k.isFinite() && s.j.isFinite() && w.isFinite() ? s.k.times(w).plus(s.j) : new Decimal(Infinity);
      indicators.push({ id: n.id, depth, weight: weightText(n), ...(n.effectiveWeight ? { effectiveWeight: pct(n.effectiveWeight) } : {}), range, maybeMissing: r.maybeNull, swing });
      let flagged = false;
      if (!quiet && narrowest && swing.isFinite() && swing.lt(narrowest.width.times(minSwing))) {
        flagged = true;
        findings.push({
          code: 'KPL2507',
          args: { name: n.id, swing: M.fmt(swing, 'ceil'), share: pct(minSwing.toFixed()), grade: narrowest.grade, width: M.fmt(narrowest.width) },
          ...(n.at ? { at: n.at } : {}),
          help: phrase('weightTooSmall', { range: M.show(range), swing: M.fmt(swing, 'ceil') }),
        });
      }
      walk(n.children, depth + 1, quiet || flagged);
    }
  };
  walk(plan.indicators, 0, false);
  const ranges: RangeReport = {
    indicators,
    weighted: ra.weighted().iv ?? M.ALL,
    adjustments: plan.adjustments.map((a) => ({ name: a.name, range: ra.eval({ k: 'ref', ref: 'adjust', name: a.name }, { refine: new Map() }).iv ?? M.ALL })),
    totalBeforeVeto: ra.totalBeforeVeto().iv ?? M.ALL,
    total,
    bands,
    ...(narrowest ? { narrowestBand: narrowest } : {}),
  };
  const diagnostics = findings.map((f) => {
    const span = f.span ?? (f.at ? { file: f.at.file, start: f.at.start, end: f.at.end } : undefined);
    return diag(f.code, f.args, span, f.help ? { help: f.help } : {});
  });
  return { diagnostics: sortDiagnostics(diagnostics), ranges };
}

function weightText(n: Indicator): string {
  if (n.weight.k === 'fixed') return pct(n.weight.value);
  return `by ${n.weight.col} { ${n.weight.values.map((v) => `${v.key}: ${pct(v.value)}`).join('; ')} }`;
}

/** Which bands the total can reach, which grades can be given at all; KPL2501/KPL2502. */
function gradeFindings(plan: Plan, total: Interval, findings: Finding[]): BandRange[] {
  if (!plan.grades.length) return [];
  const explicit = plan.grades.filter((b) => !b.otherwise);
  const reach = new Map<string, Interval[]>();
  for (const b of plan.grades) {
    if (b.otherwise) {
      // What the other bands leave of the total's range.
      reach.set(b.grade, explicit.reduce((rest, x) => M.subtractAll(rest, bandInterval(x)), [total]));
    } else {
      const r = M.intersect(bandInterval(b), total);
      reach.set(b.grade, M.isEmpty(r) ? [] : [r]);
    }
  }
  // Grades given other than by a band: vetoes, and the forced distribution moving people.
  const given = new Set(plan.grades.filter((b) => reach.get(b.grade)!.length).map((b) => b.grade));
  for (const v of plan.vetoes) if (v.effect.k !== 'total') given.add(v.effect.grade);
  for (let changed = true; changed; ) {
    changed = false;
    for (const q of plan.distribution?.rules ?? []) {
      const [from, to] = q.kind === 'at_most' ? [q.grade, q.to] : [q.to, q.grade];
      if (given.has(from) && !given.has(to)) {
        given.add(to);
        changed = true;
      }
    }
  }
  const out: BandRange[] = [];
  for (const b of plan.grades) {
    const parts = reach.get(b.grade)!;
    const band = b.otherwise ? M.ALL : bandInterval(b);
    const reachable = parts.length ? parts.reduce((x, y) => M.hull(x, y)) : M.between(new Decimal(1), new Decimal(0));
    out.push({ grade: b.grade, band, reachable, gradeReachable: given.has(b.grade) });
    if (parts.length) continue;
    const bandText = b.otherwise ? 'otherwise' : M.show(band);
    const side = entirelyBelow(total, band) ? phrase('highestTotal', { value: M.fmt(M.hi(total), 'ceil') }) : entirelyBelow(band, total) ? phrase('lowestTotal', { value: M.fmt(M.lo(total), 'floor') }) : phrase('otherBandsTake');
    const via = [
      ...plan.vetoes.filter((v) => v.effect.k !== 'total' && v.effect.grade === b.grade).map((v) => phrase('theVeto', { text: v.text ?? 'veto' })),
      ...(plan.distribution?.rules ?? []).filter((q) => (q.kind === 'at_most' ? q.to : q.grade) === b.grade).map((q) => phrase('distributionRuleFor', { grade: q.grade })),
    ];
    if (given.has(b.grade)) {
      findings.push({ code: 'KPL2502', args: { grade: b.grade, band: bandText, range: M.show(total) }, ...(b.at ? { at: b.at } : {}), help: phrase('gradeGivenOnlyBy', { side, grade: b.grade, via: via.length ? list(via, 'and') : phrase('vetoOrDistribution') }) });
    } else {
      const quotas = (plan.distribution?.rules ?? []).filter((q) => q.grade === b.grade);
      
      findings.push({ code: 'KPL2501', args: { grade: b.grade, band: bandText, range: M.show(total) }, ...(b.at ? { at: b.at } : {}), help: quotas.length ? phrase('twoHints', { a: side, b: phrase('quotaNeverApplies') }) : side });
    }
  }
  return out;
}

/** Every value of `a` is below every value of `b`. */
function entirelyBelow(a: Interval, b: Interval): boolean {
  if (!a.hi.v || !b.lo.v) return false;
  const c = a.hi.v.cmp(b.lo.v);
  return c < 0 || (c === 0 && !(a.hi.closed && b.lo.closed));
}

/** The narrowest band the total can reach, by the width of the reachable part (ignoring points). */
function narrowestBand(bands: readonly BandRange[]): { grade: string; width: Decimal } | undefined {
  const reachable = bands.filter((b) => !M.isEmpty(b.reachable));
  if (reachable.length < 2) return undefined;
  let best: { grade: string; width: Decimal } | undefined;
  for (const b of reachable) {
    const w = M.width(b.reachable);
    if (!w.isFinite() || w.isZero()) continue;
    if (!best || w.lt(best.width)) best = { grade: b.grade, width: w };
  }
  return best;
}

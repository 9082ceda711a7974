/**
 * Grades: bands (proved to cover the total's range with no gap and no overlap), vetoes, and the
 * forced distribution (quotas, tie-break chain, where people past a quota go).
 */
import type * as A from '../ast/nodes.ts';
import type { Band, Distribution, QuotaRule, Veto, Bound } from '../plan/schema.ts';
import type { CheckContext } from './context.ts';
import { suggest } from './context.ts';
import { checkExpr, expectTy, signedValue } from './check-expr.ts';
import * as I from '../numeric/interval.ts';
import { list, phrase } from '../diagnostics/diagnostic.ts';

/**
 * Resolves `grade by SCALE` or inline bands; returns plan bands best first. `wholeTotal`: the total
 * is a count, so only its whole numbers need a band (README 3.10: the values the total can take).
 */
export function checkGrades(ctx: CheckContext, grade: A.GradeDecl | undefined, scales: readonly A.ScaleDecl[], totalRange: I.Interval, wholeTotal: boolean): Band[] {
  const scaleMap = new Map<string, A.ScaleDecl>();
  for (const s of scales) {
    if (scaleMap.has(s.name.text)) ctx.error('KPL2002', { name: s.name.text }, s.name.span);
    scaleMap.set(s.name.text, s);
  }
  if (!grade) return [];
  let bands = grade.bands;
  if (grade.scale) {
    const s = scaleMap.get(grade.scale.text);
    if (!s) {
      const hint = suggest(grade.scale.text, scaleMap.keys());
      ctx.error('KPL2001', { name: grade.scale.text }, grade.scale.span, hint ? { help: phrase('didYouMean', { name: hint }) } : {});
      return [];
    }
    bands = s.bands;
  }
  return lowerBands(ctx, bands ?? [], totalRange, wholeTotal);
}

const bound = (v: I.End): Bound | undefined => (v.v ? { value: v.v.toFixed(), inclusive: v.closed } : undefined);

function lowerBands(ctx: CheckContext, bands: readonly A.BandDecl[], totalRange: I.Interval, wholeTotal: boolean): Band[] {
  const out: Band[] = [];
  const intervals: { name: string; iv: I.Interval; span: A.BandDecl['span'] }[] = [];
  const seen = new Set<string>();
  // Shorthand `>= 80` reaches up to where the next band above it (by value) starts.
  const lowerBounds = bands.flatMap((b) =>
    b.bound.kind === 'Compare' && (b.bound.op === '>=' || b.bound.op === '>') ? [{ v: signedValue(b.bound.value), closed: b.bound.op === '>=' }]
    : b.bound.kind === 'Interval' ? [{ v: signedValue(b.bound.low), closed: b.bound.lowInclusive }] : []);
  // Sorted once (stable: the first written wins a tie), searched per band: linear-logarithmic, so
  // thousands of bands check quickly.
  const sortedLower = [...lowerBounds].sort((a, b) => a.v.cmp(b.v));
  const firstAtLeast = (v: ReturnType<typeof signedValue>, strict: boolean): number => {
    let lo = 0;
    let hi = sortedLower.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = sortedLower[mid]!.v.cmp(v);
      if (c < 0 || (strict && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // The lowest lower bound above `v` (at `v` itself only an open one above a closed `>= v`).
  const ceilingAbove = (v: ReturnType<typeof signedValue>, closed: boolean): I.End => {
    if (closed) {
      for (let i = firstAtLeast(v, false); i < sortedLower.length && sortedLower[i]!.v.eq(v); i++) {
        if (!sortedLower[i]!.closed) return { v: sortedLower[i]!.v, closed: true };
      }
    }
    const j = firstAtLeast(v, true);
    if (j >= sortedLower.length) return { closed: false };
    return { v: sortedLower[j]!.v, closed: !sortedLower[j]!.closed };
  };
  bands.forEach((b, i) => {
    if (seen.has(b.name.text)) ctx.error('KPL2002', { name: b.name.text }, b.name.span);
    seen.add(b.name.text);
    let iv: I.Interval | undefined;
    const k = b.bound;
    if (k.kind === 'Otherwise') {
      if (i !== bands.length - 1) ctx.error('KPL2029', {}, k.span);
    } else if (k.kind === 'Interval') {
      const lo = signedValue(k.low);
      const hi = signedValue(k.high);
      if (lo.gt(hi)) ctx.error('KPL2028', { low: lo.toFixed(), high: hi.toFixed() }, k.span);
      iv = I.between(lo, hi, k.lowInclusive, k.highInclusive);
    } else {
      const v = signedValue(k.value);
      if (k.op === '>=' || k.op === '>') iv = { lo: { v, closed: k.op === '>=' }, hi: ceilingAbove(v, k.op === '>=') };
      else iv = { lo: { closed: false }, hi: { v, closed: k.op === '<=' } };
    }
    if (iv) intervals.push({ name: b.name.text, iv, span: b.span });
    const at = ctx.ref(b.span);
    const lo = iv ? bound(iv.lo) : undefined;
    const hi = iv ? bound(iv.hi) : undefined;
    out.push({ grade: b.name.text, ...(b.title ? { title: b.title.value } : {}), ...(lo ? { low: lo } : {}), ...(hi ? { high: hi } : {}), otherwise: k.kind === 'Otherwise', ...(at ? { at } : {}) });
  });
  // Overlaps: every pair, found by a sweep over the bands sorted by their lower end (an interval
  // can meet only those starting before it ends), reported in the order written.
  const byLow = intervals.map((_, i) => i).sort((a, b) => lowCmp(intervals[a]!.iv.lo, intervals[b]!.iv.lo) || a - b);
  const pairs: [number, number][] = [];
  for (let x = 0; x < byLow.length; x++) {
    const a = intervals[byLow[x]!]!.iv;
    for (let y = x + 1; y < byLow.length; y++) {
      const b = intervals[byLow[y]!]!.iv;
      if (a.hi.v && b.lo.v && b.lo.v.gt(a.hi.v)) break;
      if (!I.isEmpty(I.intersect(a, b))) pairs.push(byLow[x]! < byLow[y]! ? [byLow[x]!, byLow[y]!] : [byLow[y]!, byLow[x]!]);
    }
  }
  pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  for (const [i, j] of pairs) {
    const x = I.intersect(intervals[i]!.iv, intervals[j]!.iv);
    ctx.error('KPL2005', { a: intervals[i]!.name, b: intervals[j]!.name, value: I.sample(x).toFixed() }, intervals[j]!.span);
  }
  // Gaps within the range the total can take.
  if (!out.some((b) => b.otherwise)) {
    let remaining = I.reachable([totalRange], wholeTotal);
    for (const { iv } of intervals) remaining = I.reachable(I.subtractAll(remaining, iv), wholeTotal);
    if (remaining.length) ctx.error('KPL2004', { value: I.sample(remaining[0]!).toFixed() }, bands[0]?.span, { help: phrase('bandsMustCover', { range: I.describe(totalRange) }) });
  }
  ctx.grades = out.map((b) => b.grade);
  return out;
}

/** Lower ends in order: -∞ first. */
function lowCmp(a: I.End, b: I.End): number {
  if (!a.v) return b.v ? -1 : 0;
  if (!b.v) return 1;
  return a.v.cmp(b.v);
}

function gradeRef(ctx: CheckContext, n: A.Name): string {
  if (ctx.grades.length && !ctx.grades.includes(n.text)) {
    const hint = suggest(n.text, ctx.grades);
    ctx.error('KPL2016', { name: n.text }, n.span, { help: hint ? phrase('didYouMean', { name: hint }) : phrase('theGradesAre', { grades: list(ctx.grades) }) });
  }
  return n.text;
}

export function checkVetoes(ctx: CheckContext, vetoes: readonly A.VetoDecl[], hasGrades: boolean): Veto[] {
  return vetoes.map((v) => {
    const when = checkExpr(v.when, { ctx, where: 'a veto' });
    expectTy(ctx, when, 'bool', phrase('vetoCondition'), v.when.span);
    const at = ctx.ref(v.span);
    let effect: Veto['effect'];
    if (v.effect.kind === 'Total') {
      const t = checkExpr(v.effect.value, { ctx, where: 'a veto' });
      expectTy(ctx, t, 'num', phrase('vetoedTotal'), v.effect.value.span);
      effect = { k: 'total', value: t.expr };
    } else {
      if (!hasGrades) ctx.error('KPL2021', { what: phrase('vetoSettingGrade') }, v.effect.span);
      effect = { k: v.effect.kind === 'Cap' ? 'cap' : 'grade', grade: gradeRef(ctx, v.effect.grade) };
    }
    return { when: when.expr, ...(v.reason ? { text: v.reason.value } : { text: ctx.text(v.when.span) }), effect, ...(at ? { at } : {}) };
  });
}

const ROUNDINGS = { floor: 'floor', ceil: 'ceil', round: 'round', 向下取整: 'floor', 向上取整: 'ceil', 四舍五入: 'round' } as const;

export function checkDistribution(ctx: CheckContext, d: A.DistributeDecl | undefined): Distribution | undefined {
  if (!d) return undefined;
  if (!ctx.grades.length) {
    ctx.error('KPL2021', { what: '`distribute`' }, d.span);
    return undefined;
  }
  const per = d.per ? checkExpr(d.per, { ctx, where: 'a distribution group' }) : undefined;
  const among = d.among.flatMap((a, i) => {
    if (i > 0) ctx.error('KPL2002', { name: a.word.text }, a.word.span);
    // `仅限 不少于8人的组` written without spaces is one name, read as a condition: say how to write it.
    if (a.cond.kind === 'Name' && /^不少于\s*\d/.test(a.cond.name)) {
      ctx.error('KPL2075', { value: `\`${a.cond.name}\`` }, a.cond.span, { help: phrase('smallestGroupSpaces') });
      return [];
    }
    const t = checkExpr(a.cond, { ctx, where: 'the eligibility of a distribution' });
    expectTy(ctx, t, 'bool', phrase('amongCondition', { word: a.word.text }), a.cond.span);
    return [{ expr: t.expr, text: ctx.text(a.cond.span) }];
  })[0];
  const minGroupSize = d.minGroup.map((m, i) => {
    if (i > 0) ctx.error('KPL2002', { name: ctx.text(m.span) }, m.span);
    const n = signedValue(m.size);
    if (m.size.percent || !n.isInteger() || n.lt(1)) ctx.error('KPL2075', { value: ctx.text(m.size.span) }, m.size.span);
    return n.isInteger() && n.gte(1) && !m.size.percent ? n.toNumber() : undefined;
  })[0];
  const rules: QuotaRule[] = d.quotas.map((q) => {
    const grade = gradeRef(ctx, q.grade);
    const share = signedValue(q.share);
    if (!q.share.percent || share.lt(0) || share.gt(1)) ctx.error('KPL2022', { value: ctx.text(q.share.span) }, q.share.span);
    // An upper quota never exceeds its share; a lower one and a top/bottom share are guaranteed (rounded up).
    let rounding: QuotaRule['rounding'] = q.kind === 'at_most' ? 'floor' : 'ceil';
    let min: number | undefined;
    let max: number | undefined;
    for (const o of q.options) {
      const r = ROUNDINGS[o.name.text as keyof typeof ROUNDINGS];
      if (r && !o.value) rounding = r;
      else if ((o.name.text === 'min' || o.name.text === '最少') && o.value && !o.value.percent && signedValue(o.value).isInteger()) min = signedValue(o.value).toNumber();
      else if ((o.name.text === 'max' || o.name.text === '最多') && o.value && !o.value.percent && signedValue(o.value).isInteger()) max = signedValue(o.value).toNumber();
      else ctx.error('KPL2038', { value: ctx.text(o.name.span) }, o.name.span, { help: phrase('quotaOptions') });
    }
    const at = ctx.ref(q.span);
    const limits = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    if (min !== undefined && max !== undefined && min > max) ctx.error('KPL2028', { low: String(min), high: String(max) }, q.span);
    if (q.kind === 'top' || q.kind === 'bottom') return { grade, kind: q.kind, share: share.toFixed(), rounding, ...limits, to: grade, ...(at ? { at } : {}) };
    const idx = ctx.grades.indexOf(grade);
    const neighbour = q.kind === 'at_most' ? ctx.grades[idx + 1] : ctx.grades[idx - 1];
    const to = q.target ? gradeRef(ctx, q.target) : neighbour;
    if (!to) ctx.error('KPL2033', { reason: phrase(q.kind === 'at_most' ? 'lowestGradeQuota' : 'bestGradeQuota', { grade }) }, q.span);
    return { grade, kind: q.kind, share: share.toFixed(), rounding, ...limits, to: to ?? grade, ...(at ? { at } : {}) };
  });
  const tieBreak = d.order.map((o) => {
    const t = checkExpr(o.expr, { ctx, where: 'a tie-break' });
    return { expr: t.expr, desc: o.desc, text: ctx.text(o.span) };
  });
  const key = ctx.population?.key;
  const last = d.order[d.order.length - 1];
  if (key && last && !(last.expr.kind === 'Name' && last.expr.name === key)) ctx.error('KPL2023', { key }, last?.span ?? d.span);
  const at = ctx.ref(d.span);
  return { ...(per ? { per: per.expr } : {}), ...(among ? { among } : {}), ...(minGroupSize !== undefined ? { minGroupSize } : {}), rules, tieBreak, ...(at ? { at } : {}) };
}

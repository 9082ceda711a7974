/**
 * Rule coverage (`kpl test --coverage`): which decisions of a policy the tests exercised.
 * Counted in rules and rows, never in source lines (formatting cannot move it):
 *
 * - indicators: each steps row (otherwise included), each interpolation segment (below and
 *   above included), each lookup entry (otherwise included), both branches of every `if`, each
 *   argument of min/max that gave the result (a bound hit or not), the three outcomes of clamp,
 *   ratio's zero-divisor case, default's fallback, each group of a group_mean present and absent
 *   and the trimmed and untrimmed means, each weight variant, and "not applicable" where a rule
 *   can be missing;
 * - adjustments, lets and the total: the same for their expressions;
 * - bands: each grade band reached by a total;
 * - vetoes: each veto fired (and the branches of its condition);
 * - distribution: each quota rule both within quota and moving somebody, and each tie-break key
 *   deciding a ranking;
 * - reward: the branches of the reward rule, and a pool shared and a pool left unallocated.
 *
 * The probes are found by walking the plan; the evaluator reports decisions through the optional
 * recorder (src/evaluator/recorder.ts), which costs nothing when coverage is off.
 */
import type { Expr, Indicator, Plan, SourceRef } from '../plan/schema.ts';
import type { EvalRecorder } from '../evaluator/recorder.ts';
import type { Person } from '../evaluator/person.ts';
import { findBuiltin } from '../builtins/registry.ts';
import { blockItems, oneLine, sourceText, type BlockItem } from '../explain/source-text.ts';
import { children } from '../plan/walk.ts';

export { children };
import { Decimal } from '../numeric/decimal.ts';
import { lintPlan } from '../lint/lint.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';

export type ProbeCategory = 'indicators' | 'adjustments' | 'total' | 'bands' | 'vetoes' | 'distribution' | 'reward';
export const CATEGORIES: readonly ProbeCategory[] = ['indicators', 'adjustments', 'total', 'bands', 'vetoes', 'distribution', 'reward'];

export interface Probe {
  readonly id: number;
  readonly category: ProbeCategory;
  /** The element the probe belongs to: an indicator id, an adjustment or let name, `total`, `reward`, a grade… */
  readonly owner: string;
  /** What has to happen, in the author's words. */
  readonly label: string;
  readonly file?: string;
  readonly line?: number;
}

export class CoverageModel {
  readonly probes: Probe[] = [];
  /**
   * Probes no input can reach, proven by the range analysis of `kpl lint` from the declared
   * input ranges (e.g. the `0` of `clamp(x, 0, 120)` when x ≥ 0): excluded from the percentage
   * and listed apart, with the lint code that proves it.
   */
  readonly unreachable = new Map<number, string>();
  private readonly sites = new Map<object, Map<number, Probe>>();

  constructor(readonly plan: Plan) {
    new Walker(plan, this).run();
    try {
      markUnreachable(this, lintPlan(plan).diagnostics);
    } catch {
      // Without the range analysis every probe simply counts.
    }
  }

  add(site: object, branch: number, category: ProbeCategory, owner: string, label: string, at?: { file: string; line: number }): void {
    let m = this.sites.get(site);
    if (!m) this.sites.set(site, (m = new Map()));
    if (m.has(branch)) return;
    const probe: Probe = { id: this.probes.length, category, owner, label, ...(at ? { file: at.file, line: at.line } : {}) };
    m.set(branch, probe);
    this.probes.push(probe);
  }

  has(site: object): boolean {
    return this.sites.has(site);
  }

  probe(site: object, branch: number): Probe | undefined {
    return this.sites.get(site)?.get(branch);
  }
}

/** Collects the probes hit; one recorder may serve many evaluations of the same plan. */
export class CoverageRecorder implements EvalRecorder {
  readonly covered = new Set<number>();
  constructor(readonly model: CoverageModel) {}
  hit(_p: Person | undefined, site: object, branch: number): void {
    const probe = this.model.probe(site, branch);
    if (probe) this.covered.add(probe.id);
  }
}

export interface CategoryCoverage {
  readonly category: ProbeCategory;
  readonly covered: number;
  readonly total: number;
}

export interface CoverageReport {
  readonly covered: number;
  /** Probes counted: every probe but the unreachable ones. */
  readonly total: number;
  /** Percentage, 100 when there is nothing to cover. */
  readonly percent: number;
  readonly categories: CategoryCoverage[];
  readonly missed: Probe[];
  /** Unreachable probes (excluded), each with the lint code that proves it. */
  readonly excluded: (Probe & { readonly reason: string })[];
}

export function coverageReport(model: CoverageModel, covered: ReadonlySet<number>): CoverageReport {
  const counted = model.probes.filter((p) => !model.unreachable.has(p.id) || covered.has(p.id));
  const categories = CATEGORIES.map((category) => {
    const ps = counted.filter((p) => p.category === category);
    return { category, covered: ps.filter((p) => covered.has(p.id)).length, total: ps.length };
  }).filter((c) => c.total > 0);
  const total = counted.length;
  const n = counted.filter((p) => covered.has(p.id)).length;
  const order = (a: Probe, b: Probe) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || a.id - b.id;
  const missed = counted.filter((p) => !covered.has(p.id)).sort(order);
  const excluded = model.probes.filter((p) => model.unreachable.has(p.id) && !covered.has(p.id)).sort(order).map((p) => ({ ...p, reason: model.unreachable.get(p.id)! }));
  return { covered: n, total, percent: total === 0 ? 100 : (100 * n) / total, categories, missed, excluded };
}

/** Marks the probes that `kpl lint`'s range analysis proves unreachable. */
function markUnreachable(model: CoverageModel, ds: readonly Diagnostic[]): void {
  const plan = model.plan;
  const exprs: Expr[] = [];
  const walk = (e: Expr) => {
    exprs.push(e);
    children(e).forEach(walk);
  };
  const walkInd = (n: Indicator) => {
    if (n.rule) walk(n.rule);
    n.children.forEach(walkInd);
  };
  plan.indicators.forEach(walkInd);
  for (const x of [...plan.lets, ...plan.adjustments, ...(plan.total ? [plan.total] : []), ...(plan.reward ? [plan.reward] : [])]) walk(x.expr);
  for (const v of plan.vetoes) walk(v.when);
  const sameSpan = (at: SourceRef | undefined, d: Diagnostic) => !!at && !!d.span && at.file === d.span.file && at.start === d.span.start && at.end === d.span.end;
  const within = (at: SourceRef | undefined, d: Diagnostic) => !!at && !!d.span && at.file === d.span.file && at.start <= d.span.start && d.span.end <= at.end;
  const mark = (site: object, branch: number, d: Diagnostic) => {
    const p = model.probe(site, branch);
    if (p && !model.unreachable.has(p.id)) model.unreachable.set(p.id, `${d.code} ${d.message}`);
  };
  const squash = (t: string) => t.replace(/\s+/g, ' ').trim();
  for (const d of ds) {
    switch (d.code) {
      case 'KPL2505': {
        // A bound (or the value) of min/max/clamp never decides the result.
        for (const e of exprs) {
          if (e.k !== 'call') continue;
          const i = e.args.findIndex((a) => sameSpan(a.at, d));
          if (i < 0) continue;
          const decidedBy = findBuiltin(e.fn)?.decidedBy;
          if (decidedBy) mark(e, decidedBy(i), d);
        }
        break;
      }
      case 'KPL2506': {
        // A bound of min/max/clamp always decides the result: the other outcomes never happen.
        const cap = squash(String(d.args['cap'] ?? ''));
        for (const e of exprs) {
          if (e.k !== 'call' || !sameSpan(e.at, d)) continue;
          const b = findBuiltin(e.fn);
          const texts = e.args.map((a) => squash(oneLine(sourceText(plan, a.at) ?? '')));
          const i = texts.indexOf(cap);
          if (i < 0 || !b?.decidedBy || !b.outcomes) continue;
          // The capping argument always decides: every other outcome never happens.
          const taken = b.decidedBy(i);
          b.outcomes('', texts.map((text) => ({ text, literal: false }))).forEach((_, j) => j !== taken && mark(e, j, d));
        }
        break;
      }
      case 'KPL2503': {
        for (const e of exprs) {
          if (e.k !== 'steps' || !within(e.at, d)) continue;
          const items = blockItems(plan, e.at);
          const row = squash(String(d.args['row'] ?? ''));
          const i = items?.findIndex((it) => squash(it.text) === row) ?? -1;
          if (i >= 0) mark(e, i, d);
        }
        break;
      }
      case 'KPL2504': {
        for (const e of exprs) {
          if (e.k !== 'interp' || !sameSpan(e.at, d) && !within(e.at, d)) continue;
          const point = squash(String(d.args['point'] ?? ''));
          const items = blockItems(plan, e.at) ?? [];
          const labelled = (t: string) => /^(below|above|低于|高于)\s*:/.test(t);
          const n = e.points.length;
          if (/^(below|低于)(\s*:|$)/.test(point)) mark(e, 0, d);
          else if (/^(above|高于)(\s*:|$)/.test(point)) mark(e, n, d);
          else {
            const k = items.filter((it) => !labelled(it.text)).findIndex((it) => squash(it.text) === point);
            if (k < 0) continue;
            // A breakpoint never used: neither segment next to it is ever reached.
            if (k > 0) mark(e, k, d);
            if (k + 1 < n) mark(e, k + 1, d);
            if (k === n - 1 && !e.above) mark(e, n, d);
          }
        }
        break;
      }
      case 'KPL2501':
      case 'KPL2502': {
        const b = plan.grades.find((g) => g.grade === d.args['grade']);
        if (b) mark(b, 0, d);
        break;
      }
      default:
        break;
    }
  }
}

/** 57.14 → "57.1%", 100 → "100.0%", never rounding a shortfall up to 100. */
export function percentText(p: number): string {
  const t = Math.floor(p * 10) / 10;
  return `${t.toFixed(1)}%`;
}

// ── finding the probes ───────────────────────────────────────────────────

interface Ctx {
  readonly category: ProbeCategory;
  readonly owner: string;
}

const q = (s: string) => '`' + s + '`';

class Walker {
  private readonly indicatorsById = new Map<string, Indicator>();
  private readonly optional = new Set<string>();

  constructor(
    private readonly plan: Plan,
    private readonly model: CoverageModel,
  ) {
    const walk = (n: Indicator) => {
      this.indicatorsById.set(n.id, n);
      n.children.forEach(walk);
    };
    plan.indicators.forEach(walk);
    for (const t of plan.inputs) if (t.role !== 'related') for (const c of t.columns) if (c.optional) this.optional.add(`${t.role === 'population' ? '' : t.name + '.'}${c.name}`);
  }

  run(): void {
    const plan = this.plan;
    const ind = (n: Indicator) => {
      const ctx: Ctx = { category: 'indicators', owner: n.id };
      if (n.weight.k === 'by') {
        const w = n.weight;
        w.values.forEach((v, i) => this.add(w, i, ctx, `weight variant ${q(`${w.col} = ${v.key}`)} (${pct(v.value)})`, n.at));
      }
      if (n.rule) {
        this.expr(n.rule, ctx);
        if (this.mayBeMissing(n.rule, new Set())) {
          const what = n.missing === 'drop' ? 'dropped, sibling weights re-normalised' : n.missing === 'zero' ? 'scored 0' : 'the person cannot be assessed';
          this.add(n, 0, ctx, `not applicable (a value it needs is missing) → ${what}`, n.at);
        }
      }
      n.children.forEach(ind);
    };
    plan.indicators.forEach(ind);
    for (const l of plan.lets) this.expr(l.expr, { category: 'adjustments', owner: l.name });
    for (const a of plan.adjustments) this.expr(a.expr, { category: 'adjustments', owner: a.name });
    if (plan.total) this.expr(plan.total.expr, { category: 'total', owner: 'total' });
    for (const b of plan.grades) {
      const text = oneLine(sourceText(plan, b.at) ?? `${b.grade}`);
      this.add(b, 0, { category: 'bands', owner: b.grade }, `band ${q(text)} reached`, b.at);
    }
    for (const v of plan.vetoes) {
      const ctx: Ctx = { category: 'vetoes', owner: v.text ?? 'veto' };
      this.add(v, 0, ctx, `veto ${q(v.text ?? oneLine(sourceText(plan, v.at) ?? 'veto'))} fired`, v.at);
      this.expr(v.when, ctx);
      if (v.effect.k === 'total') this.expr(v.effect.value, ctx);
    }
    const d = plan.distribution;
    if (d) {
      if (d.among) {
        const ctx: Ctx = { category: 'distribution', owner: 'among' };
        const at = d.among.expr.at ?? d.at;
        this.add(d.among, 0, ctx, `among ${q(d.among.text)} left somebody out`, at);
        this.add(d.among, 1, ctx, `among ${q(d.among.text)} counted somebody`, at);
        this.expr(d.among.expr, ctx);
      }
      if (d.minGroupSize !== undefined) {
        const ctx: Ctx = { category: 'distribution', owner: 'only groups of at least' };
        this.add(d, 0, ctx, `a group smaller than ${d.minGroupSize} was left undistributed`, d.at);
        this.add(d, 1, ctx, `a group of at least ${d.minGroupSize} was distributed`, d.at);
      }
      for (const r of d.rules) {
        const ctx: Ctx = { category: 'distribution', owner: r.grade };
        const text = oneLine(sourceText(plan, r.at) ?? `${r.grade} ${r.kind}`);
        if (r.kind === 'top' || r.kind === 'bottom') {
          this.add(r, 0, ctx, `share ${q(text)}: everybody in it had the grade already`, r.at);
          this.add(r, 1, ctx, `share ${q(text)} gave ${r.grade} to someone`, r.at);
        } else if (r.kind === 'at_most') {
          this.add(r, 0, ctx, `quota ${q(text)} held (nobody moved)`, r.at);
          this.add(r, 1, ctx, `quota ${q(text)} exceeded (someone moved to ${r.to})`, r.at);
        } else {
          this.add(r, 0, ctx, `quota ${q(text)} already met`, r.at);
          this.add(r, 1, ctx, `quota ${q(text)} short (someone moved from ${r.to})`, r.at);
        }
      }
      d.tieBreak.forEach((t, i) => {
        const at = t.expr.at ?? d.at;
        this.add(t, 0, { category: 'distribution', owner: 'order by' }, `${i === 0 ? 'ranking key' : 'tie-break key'} ${q(t.text)} decided the order of two people`, at);
      });
    }
    if (plan.reward) this.expr(plan.reward.expr, { category: 'reward', owner: 'reward' });
    for (const o of plan.outputs) this.expr(o.expr, { category: 'total', owner: o.name });
  }

  private add(site: object, branch: number, ctx: Ctx, label: string, at?: SourceRef | { file: string; line: number }): void {
    this.model.add(site, branch, ctx.category, ctx.owner, label, at ? { file: at.file, line: at.line } : undefined);
  }

  private text(e: Expr): string {
    return oneLine(sourceText(this.plan, e.at) ?? e.k);
  }

  private expr(e: Expr, ctx: Ctx): void {
    if (this.model.has(e)) return;
    switch (e.k) {
      case 'steps': {
        const items = this.items(e.at, e.rows.length + (e.otherwise ? 1 : 0));
        e.rows.forEach((r, i) => this.add(e, i, ctx, `steps row ${q(items?.[i]?.text ?? `${r.op} ${r.bound}: ${this.text(r.value)}`)}`, line(e.at, items?.[i] ?? r.value.at)));
        if (e.otherwise) {
          const it = items?.[e.rows.length];
          this.add(e, e.rows.length, ctx, `steps row ${q(it?.text ?? `otherwise: ${this.text(e.otherwise)}`)}`, line(e.at, it ?? e.otherwise.at));
        }
        break;
      }
      case 'interp': {
        const all = blockItems(this.plan, e.at);
        const isLabel = (it: BlockItem, names: string[]) => names.includes(it.key);
        const belowIt = all?.find((it) => isLabel(it, ['below', '低于']));
        const aboveIt = all?.find((it) => isLabel(it, ['above', '高于']));
        let pts = all?.filter((it) => !isLabel(it, ['below', '低于', 'above', '高于']));
        if (pts && pts.length !== e.points.length) pts = undefined;
        const ptText = (i: number) => pts?.[i]?.text ?? `${e.points[i]![0]}: ${e.points[i]![1]}`;
        const n = e.points.length;
        this.add(e, 0, ctx, `interpolate below the first breakpoint ${q(belowIt?.text ?? `below: ${this.text(e.below)}`)}`, line(e.at, belowIt));
        for (let i = 1; i < n; i++) this.add(e, i, ctx, `interpolate between ${q(ptText(i - 1))} and ${q(ptText(i))}`, line(e.at, pts?.[i]));
        this.add(e, n, ctx, `interpolate above the last breakpoint ${q(aboveIt?.text ?? ptText(n - 1))}`, line(e.at, aboveIt ?? pts?.[n - 1]));
        break;
      }
      case 'map': {
        const items = this.items(e.at, e.entries.length + (e.otherwise ? 1 : 0));
        e.entries.forEach((en, i) => this.add(e, i, ctx, `lookup entry ${q(items?.[i]?.text ?? `${en.key}: ${this.text(en.value)}`)}`, line(e.at, items?.[i] ?? en.value.at)));
        if (e.otherwise) {
          const it = items?.[e.entries.length];
          this.add(e, e.entries.length, ctx, `lookup entry ${q(it?.text ?? `otherwise: ${this.text(e.otherwise)}`)}`, line(e.at, it ?? e.otherwise.at));
        }
        break;
      }
      case 'if':
        this.add(e, 0, ctx, `${q('if ' + this.text(e.c))} true → ${q(this.text(e.t))}`, e.t.at ?? e.at);
        this.add(e, 1, ctx, `${q('if ' + this.text(e.c))} false → ${q(this.text(e.e))}`, e.e.at ?? e.at);
        break;
      case 'call': {
        // The outcomes of a plain built-in, from its record (src/builtins/<name>.ts).
        const outcomes = findBuiltin(e.fn)?.outcomes?.(this.text(e), e.args.map((a) => ({ text: this.text(a), literal: a.k === 'num' })));
        outcomes?.forEach((text, i) => this.add(e, i, ctx, text, e.at));
        break;
      }
      case 'grouped': {
        const items = blockItems(this.plan, e.at);
        for (const w of e.weights) {
          const it = items?.find((x) => x.key === w.key);
          this.add(w, 1, ctx, `group ${q(w.key)} rated`, line(e.at, it));
          this.add(w, 0, ctx, `group ${q(w.key)} absent → its weight re-normalised away`, line(e.at, it));
        }
        if (e.trim) {
          this.add(e, 0, ctx, `a group with fewer than ${e.trim.from} values: plain mean`, e.at);
          this.add(e, 1, ctx, `a group with ${e.trim.from} or more values: ${e.trim.n} highest and lowest dropped`, e.at);
        }
        break;
      }
      case 'allocate':
        this.add(e, 0, ctx, `${q('allocate')}: a pool shared among its members`, e.at);
        this.add(e, 1, ctx, `${q('allocate')}: every weight of a group zero → pool left unallocated`, e.at);
        break;
      default:
        break;
    }
    for (const c of children(e)) this.expr(c, ctx);
  }

  /** The rows of a block, when their number is as expected. */
  private items(at: SourceRef | undefined, n: number): BlockItem[] | undefined {
    const items = blockItems(this.plan, at);
    return items && items.length === n ? items : undefined;
  }

  /** Whether a rule can be missing (not applicable) for some person: a static over-approximation. */
  private mayBeMissing(e: Expr, seen: Set<string>): boolean {
    switch (e.k) {
      case 'col':
        return this.optional.has(e.col);
      case 'lookup':
        return this.optional.has(`${e.table}.${e.col}`) || this.mayBeMissing(e.key, seen);
      case 'grouped':
        return true;
      case 'agg':
        return e.fn !== 'count' && e.fn !== 'sum';
      case 'ref': {
        if (e.ref === 'let' && !seen.has('let:' + e.name)) {
          seen.add('let:' + e.name);
          const l = this.plan.lets.find((x) => x.name === e.name);
          return l ? this.mayBeMissing(l.expr, seen) : false;
        }
        if (e.ref === 'indicator' && !seen.has('ind:' + e.name)) {
          seen.add('ind:' + e.name);
          const n = this.indicatorsById.get(e.name);
          return !!n && n.missing === 'drop' && !!n.rule && this.mayBeMissing(n.rule, seen);
        }
        return false;
      }
      case 'call': {
        // Strict: missing when an argument is; otherwise only through the arguments the record names.
        const b = findBuiltin(e.fn);
        if (b && !b.strict) return (b.missingFrom ?? []).some((i) => e.args[i] !== undefined && this.mayBeMissing(e.args[i]!, seen));
        return e.args.some((a) => this.mayBeMissing(a, seen));
      }
      case 'steps':
        return children(e).some((c) => this.mayBeMissing(c, seen));
      default:
        return children(e).some((c) => this.mayBeMissing(c, seen));
    }
  }
}

function line(at: SourceRef | undefined, item: { line: number } | SourceRef | undefined): { file: string; line: number } | undefined {
  if (!at) return undefined;
  return { file: at.file, line: item ? item.line : at.line };
}

function pct(v: string): string {
  return `${new Decimal(v).times(100).toFixed()}%`;
}

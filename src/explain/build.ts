/**
 * The appeal-ready explanation of one person's result (kpi-domain §1.5): the inputs, every rule
 * applied in the author's words with the decision it took, the weights and contributions with
 * re-normalisation spelled out, adjustments, the total and its rounding, vetoes, the grade band
 * with its bounds, the forced-distribution rank with the quota arithmetic and the tie-break keys
 * with their values, and the reward arithmetic.
 *
 * Built from what a traced evaluation recorded (trace.ts) and the facts the evaluator keeps per
 * person; every number shown is computed by the evaluator itself.
 */
import type { Expr, Indicator, Plan, QuotaRule, SourceRef } from '../plan/schema.ts';
import type { Evaluation } from '../evaluator/evaluation.ts';
import type { DistributionFact, Person } from '../evaluator/person.ts';
import type { Value } from '../data/value.ts';
import { keyText } from '../data/key-text.ts';
import { Decimal, ZERO, ONE, printNumber } from '../numeric/decimal.ts';
import { findBuiltin } from '../builtins/registry.ts';
import { diag, localize } from '../diagnostics/diagnostic.ts';
import { children } from '../plan/walk.ts';
import { quotaRuleText } from '../semantics/distribution.ts';
import { Arithmetic, fmtPercent, fmtRounded, fmtValue, roundingOf, valueOf } from './arithmetic.ts';
import { blockItems, oneLine, sourceText, type BlockItem } from './source-text.ts';
import type { Block, Doc, Section } from './doc.ts';
import type { TraceEvent, TraceRecorder } from './trace.ts';
import { words, type Lang, type Words } from './i18n.ts';

type Grouped = Extract<Expr, { k: 'grouped' }>;
type Allocate = Extract<Expr, { k: 'allocate' }>;

export function buildExplanation(ev: Evaluation, p: Person, trace: TraceRecorder, lang: Lang): Doc {
  return new Builder(ev, p, trace, words(lang), lang).build();
}

class Builder {
  private readonly plan: Plan;
  private readonly ar: Arithmetic;

  constructor(
    private readonly ev: Evaluation,
    private readonly p: Person,
    private readonly trace: TraceRecorder,
    private readonly W: Words,
    private readonly lang: Lang,
  ) {
    this.plan = ev.plan;
    this.ar = new Arithmetic(ev, p);
  }

  build(): Doc {
    const { plan, p, W } = this;
    const pop = plan.inputs.find((t) => t.role === 'population')!;
    const nameCol = pop.columns.find((c) => c.name === 'name' || c.description === '姓名' || c.name === '姓名');
    const name = nameCol ? p.row.raw[nameCol.name]?.trim() : undefined;
    const lead = [W.policy(plan.policy.name, plan.policy.version, plan.policy.period), W.hash(plan.hash.slice(0, 16))];
    const sections: Section[] = [this.inputs()];
    if (p.notAssessed) {
      lead.push(W.result([W.exempt(p.exempt!)]));
      sections.push(this.exemptions());
      return { title: W.title(`${p.key}${name ? ' ' + name : ''}`), lead, sections, result: { status: 'not_assessed' } };
    }
    if (!p.ok) {
      lead.push(W.result([W.notAssessed]));
      sections.push({ title: W.sProblem, blocks: [{ k: 'para', text: W.problem(this.problem()) }] });
      for (const s of [this.lets(), this.indicators()]) if (s.blocks.length) sections.push(s);
      return { title: W.title(`${p.key}${name ? ' ' + name : ''}`), lead, sections, result: { status: 'error' } };
    }
    const grade = p.grade ?? p.gradeBefore;
    lead.push(W.result([`${W.total} ${this.shown('total')}`, ...(grade ? [`${W.grade} ${grade}`] : []), ...(plan.reward ? [`${W.reward} ${this.shown('reward')}`] : [])]));
    const lets = this.lets();
    if (lets.blocks.length) sections.push(lets);
    sections.push(this.indicators(), this.weights());
    if (plan.adjustments.length) sections.push(this.adjustments());
    if (plan.total) sections.push(this.total());
    if (plan.vetoes.length) sections.push(this.vetoes());
    if (plan.grades.length) sections.push(this.band());
    if (plan.distribution) sections.push(this.distribution());
    if (plan.reward) sections.push(this.reward());
    sections.push(this.result());
    const result = {
      status: 'ok' as const,
      total: this.shown('total'),
      ...(plan.grades.length && p.gradeBefore ? { gradeBefore: p.gradeBefore } : {}),
      ...(grade ? { grade } : {}),
      ...(plan.reward ? { reward: this.shown('reward') } : {}),
    };
    return { title: W.title(`${p.key}${name ? ' ' + name : ''}`), lead, sections, result };
  }

  // ── helpers ────────────────────────────────────────────────────────────

  private memo(key: string): Value | undefined {
    return this.p.memo.get(key);
  }

  /** The total or reward as the results show it: with the decimals of its rounding. */
  private shown(key: 'total' | 'reward'): string {
    const v = this.memo(key);
    const named = key === 'total' ? this.plan.total : this.plan.reward;
    if (!(v instanceof Decimal) || !named) return fmtValue(v);
    return printNumber(v, named.decimals);
  }

  private src(e: { at?: SourceRef | undefined } | undefined): string {
    return e?.at ? oneLine(sourceText(this.plan, e.at) ?? '') : '';
  }

  private loc(at: SourceRef | undefined): string {
    return at ? this.W.at(at.file, at.line) : '';
  }

  private ruleLines(text: string): string[] {
    const lines = text.split('\n');
    const rest = lines.slice(1).filter((l) => l.trim());
    const indent = rest.length ? Math.min(...rest.map((l) => l.length - l.trimStart().length)) : 0;
    return [lines[0]!, ...lines.slice(1).map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))].map((l) => l.trimEnd());
  }

  /** Every node of an expression tree, group-weight entries included. */
  private sites(e: Expr): Set<object> {
    const out = new Set<object>();
    const walk = (x: Expr) => {
      out.add(x);
      if (x.k === 'grouped') for (const w of x.weights) out.add(w);
      children(x).forEach(walk);
    };
    walk(e);
    return out;
  }

  private find<K extends Expr['k']>(e: Expr, k: K): Extract<Expr, { k: K }>[] {
    const out: Extract<Expr, { k: K }>[] = [];
    const walk = (x: Expr) => {
      if (x.k === k) out.push(x as Extract<Expr, { k: K }>);
      children(x).forEach(walk);
    };
    walk(e);
    return out;
  }

  /**
   * The decisions taken inside an expression, one line each, followed by `tail` (the
   * computation and the result); group means add a table and their weighted mean.
   */
  private decisions(e: Expr, tail: string[]): Block[] {
    const items: string[] = [];
    for (const evt of this.trace.at(this.sites(e))) {
      const line = this.decision(evt);
      if (line) items.push(line);
    }
    const tables: Block[] = [];
    const after: string[] = [];
    for (const g of this.find(e, 'grouped')) {
      const r = this.grouped(g);
      if (r) {
        tables.push(r.table);
        if (r.calc) after.push(r.calc);
      }
    }
    if (!tables.length) return items.length + tail.length ? [{ k: 'list', items: [...items, ...tail] }] : [];
    const blocks: Block[] = [];
    if (items.length) blocks.push({ k: 'list', items });
    blocks.push(...tables);
    if (after.length + tail.length) blocks.push({ k: 'list', items: [...after, ...tail] });
    return blocks;
  }

  private items(at: SourceRef | undefined, n: number): BlockItem[] | undefined {
    const items = blockItems(this.plan, at);
    return items && items.length === n ? items : undefined;
  }

  private decision(evt: TraceEvent): string | undefined {
    const W = this.W;
    const site = evt.site as Expr;
    const d = (evt.detail ?? {}) as { x?: Decimal; key?: string; args?: Value[]; value?: Value; bounds?: Value[] };
    // A node the checker made (a table with computed bounds, lowered) has no words of the author's.
    if (!site.at) return undefined;
    switch (site.k) {
      case 'ordered': {
        const rows = (blockItems(this.plan, site.at) ?? []).filter((it) => !['below', '低于', 'above', '高于', 'otherwise', '否则'].includes(it.key));
        const keys = rows.length === site.bounds.length ? rows.map((it) => it.key.replace(/^(>=|<=|>|<|=)\s*/, '')) : [];
        const list = (d.bounds ?? []).map((v, i) => (keys[i] && keys[i] !== fmtValue(v) ? `\`${keys[i]}\` = ${fmtValue(v)}` : fmtValue(v))).join(', ');
        return W.boundsFor(list, evt.branch === 0);
      }
      case 'steps': {
        const items = this.items(site.at, site.rows.length + (site.otherwise ? 1 : 0));
        const row = items?.[evt.branch]?.text ?? (evt.branch < site.rows.length ? `${site.rows[evt.branch]!.op} ${site.rows[evt.branch]!.bound}: ${this.src(site.rows[evt.branch]!.value)}` : `otherwise: ${this.src(site.otherwise)}`);
        return W.stepsRow(this.src(site.x), fmtValue(d.x), row);
      }
      case 'interp':
        return this.interp(site, evt.branch, d.x!);
      case 'map': {
        const items = this.items(site.at, site.entries.length + (site.otherwise ? 1 : 0));
        const row = items?.[evt.branch]?.text ?? (evt.branch < site.entries.length ? `${site.entries[evt.branch]!.key}: ${this.src(site.entries[evt.branch]!.value)}` : `otherwise: ${this.src(site.otherwise)}`);
        return W.mapEntry(this.src(site.key), d.key ?? '', row);
      }
      case 'if':
        return evt.branch === 0 ? W.ifTrue(this.src(site.c), this.src(site.t)) : W.ifFalse(this.src(site.c), this.src(site.e));
      case 'call': {
        // The line of a plain built-in's branch, from its record (src/builtins/<name>.ts).
        const args = site.args.map((a, i) => ({ text: this.src(a), literal: a.k === 'num', value: fmtValue(d.args?.[i]) }));
        return findBuiltin(site.fn)?.explain?.(this.lang, evt.branch, this.src(site), args);
      }
      default:
        return undefined;
    }
  }

  private interp(e: Extract<Expr, { k: 'interp' }>, branch: number, x: Decimal): string {
    const W = this.W;
    const all = blockItems(this.plan, e.at) ?? [];
    const isLabel = (it: BlockItem, names: string[]) => names.includes(it.key);
    let pts: (BlockItem | undefined)[] = all.filter((it) => !isLabel(it, ['below', '低于', 'above', '高于']));
    if (pts.length !== e.points.length) pts = [];
    const pt = (i: number) => pts[i]?.text ?? `${e.points[i]![0]}: ${e.points[i]![1]}`;
    const xText = this.src(e.x);
    const xv = fmtValue(x);
    const n = e.points.length;
    if (branch === 0) {
      const below = all.find((it) => isLabel(it, ['below', '低于']));
      return W.interpBelow(xText, xv, below?.text ?? `below: ${this.src(e.below)}`, fmtValue(valueOf(this.ev, this.p, e.below)));
    }
    if (branch === n) {
      const above = all.find((it) => isLabel(it, ['above', '高于']));
      const y = e.above ? valueOf(this.ev, this.p, e.above) : new Decimal(e.points[n - 1]![1]);
      return W.interpAbove(xText, xv, above?.text ?? pt(n - 1), fmtValue(y));
    }
    const [xa, ya] = e.points[branch - 1]!.map((s) => new Decimal(s)) as [Decimal, Decimal];
    const [xb, yb] = e.points[branch]!.map((s) => new Decimal(s)) as [Decimal, Decimal];
    if (x.eq(xb)) return `${W.interpAt(xText, xv, pt(branch))} → ${fmtValue(yb)}`;
    if (x.eq(xa)) return `${W.interpAt(xText, xv, pt(branch - 1))} → ${fmtValue(ya)}`;
    const y = ya.plus(yb.minus(ya).times(x.minus(xa)).div(xb.minus(xa)));
    const f = fmtValue;
    const calc = `${f(ya)} + (${f(yb)} − ${f(ya)}) × (${xv} − ${f(xa)}) ÷ (${f(xb)} − ${f(xa)}) = ${f(y)}`;
    return W.interpBetween(xText, xv, pt(branch - 1), pt(branch), calc);
  }

  private grouped(e: Grouped): { table: Block; calc?: string } | undefined {
    const W = this.W;
    const rows: string[][] = [];
    const parts: string[] = [];
    let sumW = ZERO;
    let sum = ZERO;
    let any = false;
    for (const w of e.weights) {
      const evt = this.trace.first(w);
      if (!evt) continue;
      any = true;
      const d = evt.detail as { values: Decimal[]; used?: Decimal[]; mean?: Decimal };
      const sorted = [...d.values].sort((a, b) => a.cmp(b));
      const wd = new Decimal(w.weight);
      if (evt.branch === 0) {
        rows.push([w.key, sorted.map(fmtValue).join(', ') || '—', W.absentGroup, '', fmtPercent(wd)]);
        continue;
      }
      const trimmed = d.used!.length < d.values.length;
      rows.push([w.key, sorted.map(fmtValue).join(', '), `${d.used!.map(fmtValue).join(', ')}${trimmed ? ` (${W.trimmed((d.values.length - d.used!.length) / 2)})` : ''}`, fmtValue(d.mean), fmtPercent(wd)]);
      parts.push(`${fmtValue(d.mean)} × ${fmtPercent(wd)}`);
      sum = sum.plus(d.mean!.times(wd));
      sumW = sumW.plus(wd);
    }
    if (!any) return undefined;
    const table: Block = { k: 'table', header: [W.group, W.ratings, W.used, W.mean, W.weight], rows, right: [false, false, false, true, true] };
    if (sumW.isZero()) return { table };
    const calc = sumW.eq(ONE) ? `${parts.join(' + ')} = ${fmtValue(sum)}` : `(${parts.join(' + ')}) ÷ ${fmtPercent(sumW)} = ${fmtValue(sum.div(sumW))}`;
    return { table, calc: W.groupedCalc(calc) };
  }

  private problem(): string {
    const p = this.p;
    if (p.row.errors.length) {
      return p.row.errors.map((d) => `${d.dataLocation ? `${d.dataLocation.file}:${d.dataLocation.line}:${d.dataLocation.col}: ` : ''}${d.code} ${localize(d, this.lang)}`).join('; ');
    }
    if (p.error) {
      const d = diag(p.error.code, p.error.args);
      return `${d.code} ${localize(d, this.lang)}${p.error.at ? ` (${this.loc(p.error.at)})` : ''}`;
    }
    return '?';
  }

  // ── sections ───────────────────────────────────────────────────────────

  private inputs(): Section {
    const { plan, p, W, ev } = this;
    const pop = plan.inputs.find((t) => t.role === 'population')!;
    const blocks: Block[] = [
      { k: 'table', header: [W.column, W.description, W.value], rows: pop.columns.map((c) => [c.name, c.description ?? '', (p.row.raw[c.name] ?? '').trim() || '—']) },
    ];
    for (const t of plan.inputs) {
      if (t.role !== 'related') continue;
      const rows = p.related.get(t.name) ?? [];
      const cols = t.columns.filter((c) => c.name !== t.by);
      blocks.push({ k: 'sub', title: W.relatedRows(t.name, rows.length), blocks: rows.length ? [{ k: 'table', header: cols.map((c) => c.name), rows: rows.map((r) => cols.map((c) => (r.raw[c.name] ?? '').trim() || '—')) }] : [] });
    }
    for (const c of pop.columns) {
      if (!c.references) continue;
      const key = keyText(p.row.values[c.name]);
      const t = plan.inputs.find((x) => x.name === c.references);
      const row = key === undefined ? undefined : ev.lookupRow(c.references, key);
      if (!t || !row || key === undefined) continue;
      blocks.push({ k: 'sub', title: W.lookupRow(t.name, key), blocks: [{ k: 'table', header: t.columns.map((x) => x.name), rows: [t.columns.map((x) => (row.raw[x.name] ?? '').trim() || '—')] }] });
    }
    return { title: W.sInputs, blocks };
  }

  private indicators(): Section {
    const { plan, p, W } = this;
    const blocks: Block[] = [];
    const walk = (n: Indicator) => {
      if (n.rule) {
        const fact = p.indicators.get(n.id);
        const sub: Block[] = [{ k: 'para', text: W.ruleAt(this.loc(n.at)) }, { k: 'code', lines: this.ruleLines(`${n.id} = ${n.ruleText ?? this.src(n.rule)}`) }];
        const items: string[] = [];
        if (fact && fact.score !== null) {
          const chain = this.ar.chain(n.rule);
          if (chain) items.push(chain.text);
          items.push(W.score(fmtValue(fact.score)));
        } else if (fact) {
          items.push(W.notApplicable(n.missing === 'drop' ? W.naDrop : n.missing === 'zero' ? W.naZero : W.naError) + (fact.score === null ? '' : ` → ${fmtValue(fact.score)}`));
        } else if (this.trace.first(n)) {
          items.push(W.notApplicable(W.naError));
        }
        sub.push(...this.decisions(n.rule, items));
        if (fact || this.trace.first(n) || p.ok) blocks.push({ k: 'sub', title: `${n.id}${n.title ? ` “${n.title}”` : ''}`, blocks: sub });
      }
      n.children.forEach(walk);
    };
    plan.indicators.forEach(walk);
    return { title: W.sIndicators, blocks };
  }

  /** The `let` definitions this person's result used, each with its rule and arithmetic. */
  private lets(): Section {
    const { plan, p, W } = this;
    const blocks: Block[] = [];
    for (const l of plan.lets) {
      if (!p.memo.has('let:' + l.name)) continue;
      blocks.push({ k: 'sub', title: l.name, blocks: this.named(l.name, l.text ?? this.src(l.expr), l.expr, l.at, p.memo.get('let:' + l.name)) });
    }
    return { title: W.sLets, blocks };
  }

  private named(name: string, text: string, e: Expr, at: SourceRef | undefined, value: Value | undefined): Block[] {
    const W = this.W;
    const blocks: Block[] = [{ k: 'para', text: W.ruleAt(this.loc(at)) }, { k: 'code', lines: this.ruleLines(`${name} = ${text}`) }];
    const items: string[] = [];
    const chain = this.ar.chain(e);
    if (chain) items.push(chain.text);
    const r = roundingOf(e);
    if (r) items.push(W.rounding(r.places, r.mode));
    items.push(W.valueIs(name, fmtRounded(value, e)));
    blocks.push(...this.decisions(e, items));
    return blocks;
  }

  private weights(): Section {
    const { plan, p, W } = this;
    const rows: string[][] = [];
    const notes: string[] = [];
    const walk = (nodes: readonly Indicator[], depth: number, parentEff: Decimal) => {
      const facts = nodes.map((n) => p.indicators.get(n.id));
      const applicable = facts.reduce((a, f) => (f && f.score !== null ? a.plus(f.weight) : a), ZERO);
      const na = nodes.filter((_, i) => facts[i] && facts[i]!.score === null);
      if (na.length && !applicable.isZero()) {
        const parts = nodes
          .filter((_, i) => facts[i] && facts[i]!.score !== null)
          .map((n) => `${n.id} ${fmtPercent(p.indicators.get(n.id)!.weight)} ÷ ${fmtPercent(applicable)} = ${fmtPercent(p.indicators.get(n.id)!.weight.div(applicable))}`);
        notes.push(W.renorm(na.map((n) => n.id).join('、'), parts.join('; ')));
      }
      nodes.forEach((n, i) => {
        const f = facts[i];
        if (!f) return;
        let weightText = fmtPercent(f.weight);
        if (n.weight.k === 'by') {
          const evt = this.trace.first(n.weight);
          const key = (evt?.detail as { key?: string } | undefined)?.key;
          weightText += ` (${W.variant(n.weight.col, key ?? '—')})`;
        }
        const indent = '· '.repeat(depth);
        if (f.score === null) {
          rows.push([indent + n.id, W.na, weightText, '—', '—', '—']);
          return;
        }
        const applied = applicable.isZero() ? ZERO : f.weight.div(applicable);
        const eff = parentEff.times(applied);
        rows.push([indent + n.id, fmtValue(f.score), weightText, fmtPercent(applied), fmtPercent(eff), fmtValue(f.score.times(eff))]);
        walk(n.children, depth + 1, eff);
      });
    };
    walk(plan.indicators, 0, ONE);
    const blocks: Block[] = [{ k: 'table', header: [W.indicator, W.scoreCol, W.weightCol, W.appliedCol, W.effectiveCol, W.contributionCol], rows, right: [false, true, false, true, true, true] }];
    const items: string[] = [...notes];
    const top = plan.indicators.map((n) => p.indicators.get(n.id)).filter((f) => f && f.score !== null);
    const applicable = top.reduce((a, f) => a.plus(f!.weight), ZERO);
    if (!applicable.isZero()) {
      const parts = top.map((f) => fmtValue(f!.score!.times(f!.weight).div(applicable)));
      items.push(W.weightedSum(`${parts.join(' + ')} = ${fmtValue(this.memo('weighted'))}`));
    }
    items.push(W.effectiveNote);
    blocks.push({ k: 'list', items });
    return { title: W.sWeights, blocks };
  }

  private adjustments(): Section {
    const blocks: Block[] = [];
    for (const a of this.plan.adjustments) {
      blocks.push({ k: 'sub', title: a.name, blocks: this.named(a.name, a.text ?? this.src(a.expr), a.expr, a.at, this.memo('adjust:' + a.name)) });
    }
    return { title: this.W.sAdjust, blocks };
  }

  private total(): Section {
    const { plan, p, W } = this;
    const t = plan.total!;
    const blocks = this.named('total', t.text ?? this.src(t.expr), t.expr, t.at, p.totalBeforeVeto ?? this.memo('total'));
    if (p.totalBeforeVeto && !p.totalBeforeVeto.eq(this.memo('total') as Decimal)) {
      blocks.push({ k: 'list', items: [W.totalBeforeVeto(fmtValue(p.totalBeforeVeto)), `${p.veto}: ${W.effTotal(this.shown('total'))}`] });
    }
    return { title: W.sTotal, blocks };
  }

  /** The `exempt` rules tried, in order, up to the one that holds (README 3.9). */
  private exemptions(): Section {
    const { plan, W } = this;
    const rules = plan.exemptions ?? [];
    const held = rules.findIndex((x) => this.trace.first(x));
    const items = rules.slice(0, held + 1).map((x, i) => {
      const when = `${this.src(x.when)}${this.condValue(x.when)}`;
      return i === held ? `${W.exemptHeld(x.reason, when)} (${this.loc(x.at)})` : W.exemptNot(x.reason, when);
    });
    return { title: W.sExempt, blocks: [{ k: 'para', text: W.exemptMeaning }, { k: 'list', items }] };
  }

  private vetoes(): Section {
    const { plan, W } = this;
    const items = plan.vetoes.map((v) => {
      const name = v.text ?? this.src(v);
      const when = this.src(v.when);
      if (!this.trace.first(v)) return W.vetoNot(name, `${when}${this.condValue(v.when)}`);
      const effect = v.effect.k === 'grade' ? W.effGrade(v.effect.grade) : v.effect.k === 'cap' ? W.effCap(v.effect.grade) : W.effTotal(this.shown('total'));
      return W.vetoFired(name, `${when}${this.condValue(v.when)}`, effect) + ` (${this.loc(v.at)})`;
    });
    return { title: W.sVeto, blocks: [{ k: 'list', items }] };
  }

  /** ` (= value)` for a condition that is a bare column or reference, else ''. */
  private condValue(e: Expr): string {
    const v = valueOf(this.ev, this.p, e);
    if (e.k === 'col' || e.k === 'ref') return ` = ${fmtValue(v)}`;
    return '';
  }

  private band(): Section {
    const { plan, p, W } = this;
    const range = (b: Plan['grades'][number]): string => {
      if (b.otherwise) return W.otherwise;
      const lo = b.low ? `${b.low.inclusive ? '[' : '('}${b.low.value}` : '(−∞';
      const hi = b.high ? `${b.high.value}${b.high.inclusive ? ']' : ')'}` : '+∞)';
      return `${lo}, ${hi}`;
    };
    const rows = plan.grades.map((b) => [b.grade, b.title ?? '', range(b), b.grade === p.band ? W.you : '']);
    const blocks: Block[] = [{ k: 'table', header: [W.bandGrade, W.bandTitle, W.bandRange, ''], rows }];
    const band = plan.grades.find((b) => b.grade === p.band);
    const items: string[] = [];
    if (band) items.push(W.inBand(this.shown('total'), range(band), `${band.grade}${band.title ? ` “${band.title}”` : ''}`) + ` (${this.loc(band.at)})`);
    if (p.gradeBefore && p.gradeBefore !== p.band) items.push(W.vetoGrade(p.gradeBefore));
    blocks.push({ k: 'list', items });
    return { title: W.sBand, blocks };
  }

  private ruleOf(f: DistributionFact): QuotaRule | undefined {
    return this.plan.distribution?.rules.find((r) => f.rule === quotaRuleText(r));
  }

  private distribution(): Section {
    const { plan, p, W, ev } = this;
    const d = plan.distribution!;
    // Left as they were: `among` does not count them, or their group is below the smallest size.
    const out = p.distributionLeftOut;
    if (out) {
      const text = out.kind === 'ineligible' ? W.notCounted(d.among!.text, this.condValue(d.among!.expr).replace(/^ = /, '')) : W.smallGroup(out.group, out.headcount, d.minGroupSize!);
      return { title: W.sDistribution, blocks: [{ k: 'para', text }] };
    }
    if (!p.distribution.length) {
      // Rules that bring people into this grade from others (`B at most 10% -> 待改进`) are not its quota.
      const g = p.gradeBefore;
      const into = d.rules.filter((r) => (r.kind === 'at_most' ? r.to : r.grade) === g).map((r) => this.src(r));
      return { title: W.sDistribution, blocks: [{ k: 'para', text: g && into.length ? W.noQuotaInto(g, into) : W.noQuota(g ?? '—') }] };
    }
    const blocks: Block[] = [];
    for (const f of p.distribution) {
      const rule = this.ruleOf(f);
      const sub: Block[] = [];
      const items: string[] = [];
      items.push(d.per ? W.groupIs(this.src(d.per), f.group, f.headcount) : W.wholeCohort(f.headcount));
      if (d.among) items.push(W.countedAmong(d.among.text));
      if (d.minGroupSize !== undefined) items.push(W.bigEnough(f.headcount, d.minGroupSize));
      if (rule) items.push(W.quotaCalc(quotaCalc(rule, f.headcount, f.quota)));
      const chain = d.tieBreak.length ? d.tieBreak : [];
      if (chain.length) items.push(W.orderBy(chain.map((t) => t.text).join(', ')));
      sub.push({ k: 'list', items });
      // The ranking the quota was applied to.
      const ranked = ev.people
        // top/bottom rank everyone, whatever their grade; a grade's quota ranks that grade.
        .map((q) => ({ q, g: q.distribution.find((x) => x.group === f.group && x.rule === f.rule && (rule?.kind === 'top' || rule?.kind === 'bottom' || x.grade === f.grade)) }))
        .filter((x): x is { q: Person; g: DistributionFact } => !!x.g)
        .sort((a, b) => a.g.rank - b.g.rank);
      const keysOf = (q: Person) => chain.map((t) => valueOf(ev, q, t.expr));
      // A key that is the total shows as the results show it (90.50, not 90.5).
      const fmtKey = (i: number, v: Value | undefined) => {
        const t = chain[i]!.expr;
        return t.k === 'ref' && t.ref === 'total' && plan.total ? fmtRounded(v, plan.total.expr) : fmtValue(v);
      };
      const show = window(ranked.length, f.quota, f.rank);
      const rows: string[][] = [];
      let last = -1;
      for (const i of show) {
        if (last >= 0 && i > last + 1) rows.push(['…', '', ...chain.map(() => ''), '']);
        last = i;
        const { q, g } = ranked[i]!;
        rows.push([String(g.rank), `${q.key}${q === p ? ` ${W.you}` : ''}`, ...keysOf(q).map((v, k) => fmtKey(k, v)), g.movedTo ? W.movedTo(g.movedTo) : W.kept(g.grade)]);
      }
      sub.push({ k: 'table', header: [W.rank, W.who, ...chain.map((t) => t.text), W.outcome], rows, right: [true, false, ...chain.map(() => true), false] });
      const outcome = f.movedTo ? W.rankedMoved(f.rank, f.candidates, f.grade, f.quota, f.movedTo) : W.rankedKept(f.rank, f.candidates, f.grade, f.quota);
      const tail: string[] = [outcome];
      // Ties with the neighbours: which key decided.
      const mine = keysOf(p);
      for (const j of [f.rank - 2, f.rank]) {
        const other = ranked[j];
        if (!other || chain.length < 2) continue;
        const theirs = keysOf(other.q);
        const k = chain.findIndex((_, i) => !sameValue(mine[i], theirs[i]));
        if (k <= 0) continue;
        const tied = chain.slice(0, k).map((t, i) => `${t.text} (${fmtKey(i, mine[i])})`).join(', ');
        const a = j < f.rank - 1 ? theirs : mine;
        const b = j < f.rank - 1 ? mine : theirs;
        tail.push(W.tie(other.q.key, tied, `${chain[k]!.text}: ${fmtKey(k, a[k])} / ${fmtKey(k, b[k])}`));
      }
      sub.push({ k: 'list', items: tail });
      blocks.push({ k: 'sub', title: W.distTitle(f.group, rule ? this.src(rule) || f.rule : f.rule), blocks: sub });
    }
    return { title: W.sDistribution, blocks };
  }

  private reward(): Section {
    const { plan, p, W, ev } = this;
    const r = plan.reward!;
    const blocks: Block[] = [{ k: 'para', text: W.ruleAt(this.loc(r.at)) }, { k: 'code', lines: this.ruleLines(`reward = ${r.text ?? this.src(r.expr)}`) }];
    const allocs = this.find(r.expr, 'allocate');
    if (!allocs.length) {
      const items: string[] = [];
      const chain = this.ar.chain(r.expr);
      if (chain) items.push(chain.text);
      const rd = roundingOf(r.expr);
      if (rd) items.push(W.rounding(rd.places, rd.mode));
      items.push(W.valueIs('reward', this.shown('reward')));
      blocks.push(...this.decisions(r.expr, items));
      return { title: W.sReward, blocks };
    }
    const e = allocs[0]! as Allocate;
    const a = p.allocation;
    if (!a) {
      blocks.push(...this.decisions(e.by, []));
      return { title: W.sReward, blocks };
    }
    const items: string[] = [W.allocPool(a.group, a.pool.toFixed(2))];
    const wChain = this.ar.chain(e.by);
    items.push(W.allocWeight(wChain ? wChain.text : fmtValue(a.weight)));
    const members = ev.people.filter((q) => q.allocation && q.allocation.group === a.group);
    const positive = (w: Decimal) => Decimal.max(w, ZERO);
    const sum = members.reduce((s, q) => s.plus(positive(q.allocation!.weight)), ZERO);
    if (sum.isZero()) items.push(W.allocZero);
    else {
      const unit = new Decimal(10).pow(-e.decimals);
      const exact = a.pool.times(positive(a.weight)).div(sum);
      const down = exact.div(unit).floor().times(unit);
      items.push(W.allocShare(a.pool.toFixed(2), fmtValue(positive(a.weight)), fmtValue(sum), fmtValue(exact)));
      items.push(W.allocCents(down.toFixed(e.decimals), a.share.gt(down), a.share.toFixed(e.decimals)));
    }
    blocks.push(...this.decisions(e.by, items));
    const rows = members.map((q) => {
      const al = q.allocation!;
      const ex = sum.isZero() ? ZERO : al.pool.times(positive(al.weight)).div(sum);
      return [`${q.key}${q === p ? ` ${W.you}` : ''}`, fmtValue(al.weight), fmtValue(ex), al.share.toFixed(e.decimals)];
    });
    blocks.push({ k: 'sub', title: `${W.members} ${a.group}`, blocks: [{ k: 'table', header: [W.who, W.weight, W.exactShare, W.share], rows, right: [false, true, true, true] }] });
    return { title: W.sReward, blocks };
  }

  private result(): Section {
    const { plan, p, W } = this;
    const items: string[] = [W.finalTotal(this.shown('total'))];
    if (plan.distribution && p.gradeBefore) items.push(W.gradeBefore(p.gradeBefore));
    if (plan.grades.length) items.push(W.finalGrade(p.grade ?? p.gradeBefore ?? '—'));
    if (plan.reward) items.push(W.finalReward(this.shown('reward')));
    return { title: W.sResult, blocks: [{ k: 'list', items }] };
  }
}

function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (a instanceof Decimal && b instanceof Decimal) return a.eq(b);
  return a === b;
}

/** The quota arithmetic: `floor(11 × 20%) = floor(2.2) = 2, min 1 → 2`. */
function quotaCalc(rule: QuotaRule, headcount: number, quota: number): string {
  const raw = new Decimal(headcount).times(rule.share);
  const q0 = rule.rounding === 'floor' ? raw.floor() : rule.rounding === 'ceil' ? raw.ceil() : raw.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  let s = `${rule.rounding}(${headcount} × ${fmtPercent(new Decimal(rule.share))}) = ${rule.rounding}(${fmtValue(raw)}) = ${q0.toFixed()}`;
  if (rule.min !== undefined && q0.lt(rule.min)) s += `, min ${rule.min} → ${Math.min(rule.min, headcount)}`;
  if (rule.max !== undefined && q0.gt(rule.max)) s += `, max ${rule.max} → ${rule.max}`;
  if (!q0.eq(quota) && !s.endsWith(`→ ${quota}`)) s += ` → ${quota}`;
  return s;
}

/** Indexes of a ranking worth showing: the top, around the quota line, around the person. */
function window(n: number, quota: number, rank: number): number[] {
  if (n <= 15) return [...Array(n).keys()];
  const set = new Set<number>();
  const add = (a: number, b: number) => {
    for (let i = Math.max(0, a); i <= Math.min(n - 1, b); i++) set.add(i);
  };
  add(0, 2);
  add(quota - 2, quota + 1);
  add(rank - 3, rank + 1);
  return [...set].sort((a, b) => a - b);
}

/**
 * The indicator tree: weights (fixed or by variant) summing to exactly 100% among siblings,
 * effective weights, one scoring rule per leaf, and the not-applicable (`missing`) rule that every
 * indicator which can lack a value must state.
 */
import type * as A from '../ast/nodes.ts';
import type { Indicator, Missing, Weight, Expr as PExpr } from '../plan/schema.ts';
import { Decimal, ONE, ZERO } from '../numeric/decimal.ts';
import type { CheckContext } from './context.ts';
import { checkExpr, literalNumber, MISSING_LITERAL, signedValue, tableAsValue } from './check-expr.ts';
import { describeTy, type Typed } from './types.ts';
import * as I from '../numeric/interval.ts';
import { dict } from '../source/dict.ts';
import { list, phrase, type Phrase } from '../diagnostics/diagnostic.ts';

const MISSING: Record<string, Missing> = dict({ drop: 'drop', 剔除: 'drop', zero: 'zero', 零分: 'zero', error: 'error', 报错: 'error' });

interface Pending {
  decl: A.IndicatorDecl;
  node: Indicator;
  inherited?: Missing;
}

/** Registers every indicator as a name, then checks the tree. Returns the plan's indicator roots. */
export function checkIndicators(ctx: CheckContext, roots: readonly A.IndicatorDecl[]): Indicator[] {
  const all: Pending[] = [];
  /** Indicators whose name is taken: reported by `define`, but their rules are still checked. */
  const duplicates = new Set<Pending>();
  const build = (d: A.IndicatorDecl, inherited: Missing | undefined, pathWeight: Decimal | undefined): Indicator => {
    const stated = d.missing ? MISSING[d.missing.text] : undefined;
    if (d.missing && !stated) ctx.error('KPL2015', { name: 'missing', expected: list(['`drop`', '`zero`', '`error`'], 'or'), got: `\`${d.missing.text}\`` }, d.missing.span);
    const weight = checkWeight(ctx, d);
    const eff = pathWeight && weight.k === 'fixed' ? pathWeight.times(literalNumber(weight.value, false)) : undefined;
    const at = ctx.ref(d.span);
    const node: Indicator = {
      id: d.name.text,
      ...(d.title ? { title: d.title.value } : {}),
      ...(d.description ? { description: d.description.value } : {}),
      ...(d.unit ? { unit: d.unit.value } : {}),
      weight,
      ...(eff ? { effectiveWeight: eff.toFixed() } : {}),
      missing: stated ?? inherited ?? 'error',
      children: [],
      ...(at ? { at } : {}),
    };
    const pending: Pending = { decl: d, node, ...(stated ?? inherited ? { inherited: stated ?? inherited } : {}) };
    all.push(pending);
    if (ctx.defs.has(d.name.text)) duplicates.add(pending);
    ctx.define({ kind: 'indicator', name: d.name.text, span: d.name.span, check: checkLater(ctx, pending) });
    node.children = d.children.map((c) => build(c, stated ?? inherited, eff));
    if (d.children.length && d.rule) ctx.error('KPL2044', { what: phrase('aScoringRule'), where: phrase('onParentIndicator') }, d.rule.span);
    if (!d.children.length && !d.rule) ctx.error('KPL2013', { name: d.name.text }, d.name.span);
    checkSiblingWeights(ctx, d.name.text, d.children, d.span);
    return node;
  };
  const nodes = roots.map((r) => build(r, undefined, new Decimal(1)));
  checkSiblingWeights(ctx, 'the policy', roots, roots[0]?.span);
  for (const p of all) {
    if (duplicates.has(p)) checkOne(ctx, p);
    else ctx.resolve(p.decl.name.text, p.decl.name.span);
  }
  return nodes;
}

function checkWeight(ctx: CheckContext, d: A.IndicatorDecl): Weight {
  const w = d.weight;
  if (!w) {
    ctx.error('KPL2015', { name: d.name.text, expected: phrase('aWeight'), got: 'none' }, d.name.span);
    return { k: 'fixed', value: '0' };
  }
  if (w.kind === 'Fixed') return { k: 'fixed', value: weightPct(ctx, w.value) };
  const pop = ctx.population;
  const col = pop?.columns.find((c) => c.name === w.column.text);
  if (!col) ctx.error('KPL2001', { name: w.column.text }, w.column.span);
  else if (col.type !== 'category') ctx.error('KPL2031', { name: w.column.text, found: col.type }, w.column.span);
  else {
    ctx.usedColumns.add(`${pop!.name}.${col.name}`);
    for (const r of w.rows) if (!col.values!.includes(r.key.text)) ctx.error('KPL2018', { key: r.key.text, name: `${pop!.name}.${col.name}` }, r.key.span, { help: phrase('possibleValues', { values: list(col.values!) }) });
    for (const v of col.values!) if (!w.rows.some((r) => r.key.text === v)) ctx.error('KPL2017', { value: v, name: `${pop!.name}.${col.name}` }, w.span);
    // Every value present, all with one weight: a fixed weight says the same (KPL2040, a warning).
    const covered = col.values!.every((v) => w.rows.some((r) => r.key.text === v)) && w.rows.every((r) => col.values!.includes(r.key.text));
    const first = w.rows[0];
    if (covered && first && w.rows.every((r) => signedValue(r.value).eq(signedValue(first.value)))) {
      const pct = (first.value.negative ? '-' : '') + first.value.text + (first.value.percent ? '%' : '');
      ctx.error('KPL2040', { name: w.column.text }, w.span, { help: phrase('writeWeight', { pct }) });
    }
  }
  return { k: 'by', col: w.column.text, values: w.rows.map((r) => ({ key: r.key.text, value: weightPct(ctx, r.value) })) };
}

/** A weight's value as plan text; KPL2024 unless it is a percentage from 0% to 100%. */
function weightPct(ctx: CheckContext, n: A.SignedNumber): string {
  const v = signedValue(n);
  if (!n.percent || v.lt(ZERO) || v.gt(ONE)) ctx.error('KPL2024', { value: (n.negative ? '-' : '') + n.text + (n.percent ? '%' : '') }, n.span);
  return v.toFixed();
}

/** Siblings' weights sum to exactly 100%, for every variant of a `weight by` column. */
function checkSiblingWeights(ctx: CheckContext, parent: string, siblings: readonly A.IndicatorDecl[], span: A.IndicatorDecl['span'] | undefined): void {
  if (!siblings.length) return;
  const variants = new Set<string>();
  let byColumn: string | undefined;
  for (const s of siblings) {
    if (s.weight?.kind === 'By') {
      if (byColumn && byColumn !== s.weight.column.text) {
        ctx.error('KPL2044', { what: `\`weight by ${s.weight.column.text}\``, where: phrase('besideWeightBy', { column: byColumn }) }, s.weight.span);
        return;
      }
      byColumn = s.weight.column.text;
      for (const r of s.weight.rows) variants.add(r.key.text);
    }
  }
  const sumFor = (variant: string | undefined): Decimal =>
    siblings.reduce((acc, s) => {
      const w = s.weight;
      if (!w) return acc;
      if (w.kind === 'Fixed') return acc.plus(signedValue(w.value));
      const row = w.rows.find((r) => r.key.text === variant);
      return row ? acc.plus(signedValue(row.value)) : acc;
    }, new Decimal(0));
  const where = siblings[0]!.span;
  const report = (sum: Decimal, variant?: string) =>
    ctx.error('KPL2003', { parent: variant ? phrase('parentWhenVariant', { parent, column: byColumn!, variant }) : parent, sum: formatPct(sum) }, span && parent !== 'the policy' ? where : where, {
      help: phrase('theWeightsAre', { weights: list(siblings.map((s) => `${s.name.text} ${s.weight ? weightText(s.weight, variant) : '?'}`)) }),
    });
  if (variants.size === 0) {
    const sum = sumFor(undefined);
    if (!sum.eq(1)) report(sum);
  } else {
    for (const v of variants) {
      const sum = sumFor(v);
      if (!sum.eq(1)) report(sum, v);
    }
  }
}

function weightText(w: A.WeightSpec, variant: string | undefined): string {
  const n = w.kind === 'Fixed' ? w.value : w.rows.find((r) => r.key.text === variant)?.value;
  return n ? formatPct(signedValue(n)) : '0%';
}

function formatPct(v: Decimal): string {
  return v.times(100).toFixed() + '%';
}

/** A closure made outside an object literal: under tsx (esbuild keepNames) `check: () => …` costs a naming call per indicator. */
function checkLater(ctx: CheckContext, p: Pending): () => Typed<PExpr> {
  return () => checkOne(ctx, p);
}

function checkOne(ctx: CheckContext, p: Pending): Typed<PExpr> {
  const { decl, node } = p;
  const ref: PExpr = { k: 'ref', ref: 'indicator', name: node.id };
  if (decl.rule) {
    const t = checkExpr(decl.rule, { ctx, where: 'an indicator rule' });
    node.rule = t.expr;
    node.ruleText = ctx.text(decl.rule.span);
    if (t.ty.t !== 'num' && t.ty.t !== 'unknown' && !tableAsValue(ctx, t.ty, decl.rule.span)) {
      ctx.error('KPL2008', { what: phrase('scoreOf', { name: node.id }), expected: 'a number', found: describeTy(t.ty) }, decl.rule.span);
    }
    if (t.missingFrom.length && !p.inherited) {
      ctx.error('KPL2012', { name: node.id, why: missingWhy(t.missingFrom[0]!) }, decl.name.span, {
        help: phrase('addMissingRule'),
      });
    }
    const range = t.ty.t === 'num' ? t.ty.range : I.ALL;
    const canBeMissing = t.missingFrom.length > 0 && node.missing === 'drop';
    return { expr: ref, ty: { t: 'num', unit: 'number', range }, missingFrom: canBeMissing ? [node.id] : [] };
  }
  // A group: the weighted mean of its children.
  let range: I.Interval | undefined;
  let allMissing = decl.children.length > 0;
  for (const c of decl.children) {
    const ct = ctx.resolve(c.name.text, c.name.span);
    const r = ct?.ty.t === 'num' ? ct.ty.range : I.ALL;
    range = range ? I.hull(range, r) : r;
    if (!ct?.missingFrom.length) allMissing = false;
  }
  return { expr: ref, ty: { t: 'num', unit: 'number', range: range ?? I.ALL }, missingFrom: allMissing && node.missing === 'drop' ? [node.id] : [] };
}

/** Range of the weighted sum of the root indicators (hull of the children's ranges). */
export function weightedRange(ctx: CheckContext, roots: readonly A.IndicatorDecl[]): I.Interval {
  let range: I.Interval | undefined;
  for (const r of roots) {
    const t = ctx.defs.get(r.name.text)?.result;
    const rr = t?.ty.t === 'num' ? t.ty.range : I.ALL;
    range = range ? I.hull(range, rr) : rr;
  }
  return range ?? I.ALL;
}

/** Why a value can be missing, for KPL2012: an optional input it reads, or the literal `missing`. */
function missingWhy(from: string): Phrase {
  return from === MISSING_LITERAL ? phrase('givesMissingLiteral') : phrase('readsOptional', { input: from });
}

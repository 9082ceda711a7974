/**
 * Stage 2 entry point: the ASTs of a policy and its imports → the checked evaluation plan.
 * Every check reports into one diagnostics list; the plan is returned only when there is no error.
 */
import type * as A from '../ast/nodes.ts';
import type { Plan, Named, Expr as PExpr, Unit } from '../plan/schema.ts';
import { PLAN_VERSION } from '../plan/version.ts';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SourceFile } from '../source/span.ts';
import { CheckContext } from './context.ts';
import { addUnit, checkExpr, expectTy, mergeMissing, printedDecimals } from './check-expr.ts';
import { checkInputs } from './check-inputs.ts';
import { checkIndicators, weightedRange } from './check-indicators.ts';
import { checkGrades, checkVetoes, checkDistribution } from './check-grades.ts';
import { checkOutputs } from './check-outputs.ts';
import { checkExemptions, checkExemptionsReadOwnValues } from './check-exempt.ts';
import { describeTy, type Ty, type Typed } from './types.ts';
import * as I from '../numeric/interval.ts';
import { Decimal } from '../numeric/decimal.ts';
import { withLazyHash } from './plan-hash.ts';
import { phrase, relatedNote } from '../diagnostics/diagnostic.ts';

export const COMPILER_VERSION = 'kpl 0.1.0';

export interface CheckResult {
  readonly plan?: Plan;
  readonly diagnostics: Diagnostic[];
}

type ItemOf<K extends A.Item['kind']> = Extract<A.Item, { kind: K }>;

/** Checks a policy given as its files (the main file first, then everything it imports). */
export function checkPolicy(sources: readonly SourceFile[], asts: readonly A.PolicyFile[]): CheckResult {
  const ctx = new CheckContext();
  for (const s of sources) ctx.files.set(s.name, s);
  const items = asts.flatMap((a) => a.items);
  const all = <K extends A.Item['kind']>(k: K): ItemOf<K>[] => items.filter((i): i is ItemOf<K> => i.kind === k);
  const single = <K extends A.Item['kind']>(k: K, word: string): ItemOf<K> | undefined => {
    const xs = all(k);
    for (const extra of xs.slice(1)) ctx.error('KPL2002', { name: word }, extra.span);
    return xs[0];
  };

  const header = single('Policy', 'policy');
  const period = single('Period', 'period');
  const inputs = checkInputs(ctx, all('Input'));

  // Names usable in formulas: lets and adjustments (checked on first use, in any order).
  const lets: Named[] = [];
  for (const l of all('Let')) {
    ctx.define({
      kind: 'let',
      name: l.name.text,
      span: l.name.span,
      check: () => {
        const t = checkExpr(l.value, { ctx, where: `\`${l.name.text}\`` });
        lets.push(named(ctx, l.name.text, t, l.value, l.span));
        return { ...t, expr: { k: 'ref', ref: 'let', name: l.name.text } };
      },
    });
  }
  const adjustments: Named[] = [];
  const adjustTyped: Typed<PExpr>[] = [];
  /** The adjust declarations in the order their values were checked (parallel to adjustTyped). */
  const adjustDecls: ItemOf<'Adjust'>[] = [];
  for (const a of all('Adjust')) {
    ctx.define({
      kind: 'adjust',
      name: a.name.text,
      span: a.name.span,
      check: () => {
        const t = checkExpr(a.value, { ctx, where: 'an adjustment' });
        expectTy(ctx, t, 'num', phrase('adjustmentNamed', { name: a.name.text }), a.value.span);
        adjustments.push(named(ctx, a.name.text, t, a.value, a.span));
        adjustTyped.push(t);
        adjustDecls.push(a);
        return { ...t, expr: { k: 'ref', ref: 'adjust', name: a.name.text } };
      },
    });
  }

  const roots = all('Indicator');
  const totalDecl = single('Total', 'total');
  const rewardDecl = single('Reward', 'reward');
  const gradeDecl = single('Grade', 'grade');
  ctx.gradesDeclared = gradeDecl !== undefined;
  let total: Named | undefined;
  let reward: Named | undefined;

  const builtin = (name: string, ref: Extract<PExpr, { k: 'ref' }>['ref'], check: () => { ty: Ty; missingFrom?: string[] }) =>
    ctx.define({
      kind: 'builtin',
      name,
      check: () => {
        const r = check();
        return { expr: { k: 'ref', ref, name }, ty: r.ty, missingFrom: r.missingFrom ?? [] };
      },
    });
  builtin('weighted', 'weighted', () => {
    if (!roots.length) ctx.error('KPL2036', {}, totalDecl?.span);
    for (const r of roots) ctx.resolve(r.name.text, r.name.span);
    return { ty: { t: 'num', unit: 'number', range: weightedRange(ctx, roots) } };
  });
  builtin('adjustments', 'adjustments', () => {
    for (const a of all('Adjust')) ctx.resolve(a.name.text, a.name.span);
    let range: I.Interval = I.point(new Decimal(0));
    // The sum has the adjustments' unit (README 3.7: `adjustments` is their sum): money deductions
    // sum to money, which cannot then be added to the weighted score (KPL2009 where it is).
    let unit: Unit | 'literal' = 'literal';
    let conflict = false;
    for (const [i, t] of adjustTyped.entries()) {
      if (t.ty.t !== 'num') {
        range = I.ALL;
        continue;
      }
      range = I.add(range, t.ty.range);
      const u: Unit | 'literal' | undefined = conflict ? undefined : addUnit(unit, t.ty.unit);
      if (u === undefined && !conflict) {
        conflict = true;
        const first = adjustTyped.findIndex((x) => x.ty.t === 'num' && x.ty.unit !== 'literal');
        const at = adjustDecls[i]?.value.span;
        ctx.error('KPL2009', { op: 'add', left: describeTy({ t: 'num', unit, range: I.ALL }), right: describeTy(t.ty) }, at, {
          help: phrase('adjustmentsOneUnit'),
          ...(first >= 0 && adjustDecls[first] ? { related: [relatedNote(adjustDecls[first]!.value.span, 'firstAdjustmentHere')] } : {}),
        });
      } else if (u !== undefined) unit = u;
    }
    const ty: Ty = conflict ? { t: 'unknown' } : { t: 'num', unit: unit === 'literal' ? 'number' : unit, range };
    return { ty, missingFrom: mergeMissing(...adjustTyped) };
  });
  builtin('total', 'total', () => {
    if (!totalDecl && all('Adjust').length) {
      // The default total adds the adjustments to the weighted score: money adjustments cannot be.
      // Reported at the adjustment that brings the unit, since `weighted + adjustments` is written nowhere.
      const here = roots[0]?.span ?? { file: '', start: 0, end: 0 };
      const w = ctx.resolve('weighted', here);
      const adj = ctx.resolve('adjustments', here);
      if (w?.ty.t === 'num' && adj?.ty.t === 'num' && !addUnit(w.ty.unit, adj.ty.unit)) {
        const i = adjustTyped.findIndex((x) => x.ty.t === 'num' && !addUnit('number', x.ty.unit));
        ctx.error('KPL2009', { op: 'add', left: describeTy(w.ty), right: describeTy(adj.ty) }, adjustDecls[i]?.value.span ?? here, {
          help: phrase('adjustmentsArePoints'),
        });
        return { ty: { t: 'unknown' } };
      }
    }
    const value: A.Expr = totalDecl?.value ?? defaultTotal(totalDecl?.span ?? roots[0]?.span ?? { file: '', start: 0, end: 0 });
    const t = checkExpr(value, { ctx, where: 'the total', ...(totalDecl ? {} : { builtinsFirst: true }) });
    expectTy(ctx, t, 'num', 'the total', value.span);
    total = { ...named(ctx, 'total', t, value, totalDecl?.span ?? value.span), ...(totalDecl ? {} : { text: 'weighted + adjustments' }) };
    return { ty: t.ty, missingFrom: [...t.missingFrom] };
  });
  const gradeTy = (): { ty: Ty } => {
    ctx.resolve('total', gradeDecl?.span ?? { file: '', start: 0, end: 0 });
    return { ty: { t: 'grade' } };
  };
  builtin('grade_before', 'grade_before', gradeTy);
  builtin('grade', 'grade', gradeTy);
  builtin('quota_rank', 'quota_rank', () => ({ ty: { t: 'num', unit: 'count', range: I.ALL }, missingFrom: ['quota'] }));
  builtin('status', 'status', () => ({ ty: { t: 'text' } }));
  const exemptDecls = all('Exempt');
  builtin('reason', 'reason', () => {
    if (!exemptDecls.length) ctx.error('KPL2039', { section: 'exempt', reason: phrase('reasonNeedsExempt') }, undefined);
    return { ty: { t: 'text' } };
  });
  builtin('reward', 'reward', () => {
    if (!rewardDecl) {
      ctx.error('KPL2039', { section: 'reward', reason: phrase('outputNeedsReward') }, undefined);
      return { ty: { t: 'unknown' } };
    }
    const t = checkExpr(rewardDecl.value, { ctx, where: 'reward' });
    expectTy(ctx, t, 'num', 'the reward', rewardDecl.value.span);
    reward = named(ctx, 'reward', t, rewardDecl.value, rewardDecl.span);
    return { ty: t.ty, missingFrom: [...t.missingFrom] };
  });

  const indicators = checkIndicators(ctx, roots);
  const totalTyped = ctx.resolve('total', totalDecl?.span ?? { file: '', start: 0, end: 0 })!;
  const totalRange = totalTyped.ty.t === 'num' ? totalTyped.ty.range : I.ALL;
  const grades = checkGrades(ctx, gradeDecl, all('Scale'), totalRange, totalTyped.ty.t === 'num' && totalTyped.ty.unit === 'count');
  const vetoes = checkVetoes(ctx, all('Veto'), grades.length > 0);
  const exemptions = checkExemptions(ctx, exemptDecls);
  const distribution = checkDistribution(ctx, single('Distribute', 'distribute'));
  if (rewardDecl) ctx.resolve('reward', rewardDecl.span);
  for (const a of all('Adjust')) ctx.resolve(a.name.text, a.name.span);
  for (const l of all('Let')) ctx.resolve(l.name.text, l.name.span);
  const outputDecls = all('Output');
  const outputs = outputDecls.length ? checkOutputs(ctx, outputDecls) : defaultOutputs(ctx, grades.length > 0, !!rewardDecl, exemptions.length > 0);
  checkExemptionsReadOwnValues(ctx, exemptions, { lets, adjustments, indicators, ...(total ? { total } : {}), vetoes });

  // Unused input columns are worth a warning: a typo, or data the policy forgot.
  for (const t of inputs) {
    for (const c of t.columns) {
      // Text columns are often descriptive (names, departments); data that scores must be used.
      if (c.type === 'text') continue;
      if (!ctx.usedColumns.has(`${t.name}.${c.name}`) && !(t.role === 'population' && outputs.some((o) => o.expr.k === 'col' && o.expr.col === c.name))) {
        ctx.error('KPL2011', { name: `${t.name}.${c.name}` }, spanOf(ctx, t.name, c.name));
      }
    }
  }

  if (hasErrors(ctx.diagnostics)) return { diagnostics: ctx.diagnostics };
  const body = {
    planVersion: PLAN_VERSION,
    compiler: COMPILER_VERSION,
    policy: {
      name: header?.name.value ?? sources[0]?.name ?? 'policy',
      ...(header?.version ? { version: header.version.value } : {}),
      ...(period ? { period: period.period.text } : {}),
    },
    hash: '',
    inputs,
    lets: sortByName(lets, all('Let').map((l) => l.name.text)),
    indicators,
    adjustments: sortByName(adjustments, all('Adjust').map((a) => a.name.text)),
    ...(total ? { total } : {}),
    vetoes,
    ...(exemptions.length ? { exemptions: exemptions.map((x) => x.plan) } : {}),
    grades,
    ...(distribution ? { distribution } : {}),
    ...(reward ? { reward } : {}),
    outputs,
    sources: sources.map((s) => ({ name: s.name, text: s.text })),
  } satisfies Plan;
  return { plan: withLazyHash(body), diagnostics: ctx.diagnostics };
}

function named(ctx: CheckContext, name: string, t: Typed<PExpr>, value: A.Expr, span: A.Expr['span']): Named {
  const at = ctx.ref(span);
  // The printed scale travels with the value, so every reader (outputs, explain) prints it alike.
  const decimals = printedDecimals(t.ty);
  return { name, expr: t.expr, text: ctx.text(value.span), ...(at ? { at } : {}), ...(decimals !== undefined ? { decimals } : {}) };
}

function sortByName(xs: Named[], order: string[]): Named[] {
  const first = new Map<string, Named>();
  for (const x of xs) if (!first.has(x.name)) first.set(x.name, x);
  return order.map((n) => first.get(n)).filter((x): x is Named => !!x);
}

/** Without a `total` declaration the total is the weighted score plus adjustments. */
function defaultTotal(span: A.Expr['span']): A.Expr {
  return { kind: 'Binary', op: '+', left: { kind: 'Name', name: 'weighted', span }, right: { kind: 'Name', name: 'adjustments', span }, opSpan: span, span };
}

function defaultOutputs(ctx: CheckContext, grades: boolean, reward: boolean, exempt: boolean) {
  // An undeclared key is reported already (KPL2026): the default output leaves it out, no cascade.
  const pop = ctx.population;
  const key = pop?.key !== undefined && pop.columns.some((c) => c.name === pop.key) ? pop.key : undefined;
  const names = [...(key ? [key] : []), 'status', ...(exempt ? ['reason'] : []), 'total', ...(grades ? ['grade'] : []), ...(reward ? ['reward'] : [])];
  const span = { file: '', start: 0, end: 0 };
  return checkOutputs(ctx, [{ kind: 'Output', items: names.map((n) => ({ name: { text: n, span }, span })), span }]);
}

function spanOf(ctx: CheckContext, table: string, column: string) {
  const at = ctx.tables.get(table)?.columns.find((c) => c.name === column)?.at;
  return at ? { file: at.file, start: at.start, end: at.end } : undefined;
}

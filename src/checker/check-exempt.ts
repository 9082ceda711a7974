/**
 * `exempt "reason" when CONDITION` (README 3.9 `exempt`): who is not assessed, and why. The condition is
 * decided before anything else of the person, so it may read the person's own values (columns,
 * tables, lets, indicators, the total) but nothing decided after or across people: not the grade,
 * the reward, a rank, a pool share or the status (KPL2081). Every rule states its reason (KPL2080).
 */
import type * as A from '../ast/nodes.ts';
import type { Expr, Exemption, Indicator, Named, Veto } from '../plan/schema.ts';
import type { CheckContext } from './context.ts';
import { checkExpr, expectTy } from './check-expr.ts';
import { children } from '../plan/walk.ts';
import { phrase } from '../diagnostics/phrases.ts';

/** The checked exemptions, before the later-value check (which needs every named value's plan). */
export interface CheckedExemption {
  readonly decl: A.ExemptDecl;
  readonly plan: Exemption;
}

export function checkExemptions(ctx: CheckContext, decls: readonly A.ExemptDecl[]): CheckedExemption[] {
  return decls.map((d) => {
    const when = checkExpr(d.when, { ctx, where: 'an exemption' });
    expectTy(ctx, when, 'bool', phrase('exemptCondition'), d.when.span);
    const reason = d.reason?.value.trim() ?? '';
    if (!reason) ctx.error('KPL2080', {}, d.reason?.span ?? d.span, { help: phrase('exemptNeedsReason') });
    const at = ctx.ref(d.span);
    return { decl: d, plan: { when: when.expr, reason, ...(at ? { at } : {}) } };
  });
}

/** What the person's own values are made of, for following names to what they read. */
export interface NamedValues {
  readonly lets: readonly Named[];
  readonly adjustments: readonly Named[];
  readonly indicators: readonly Indicator[];
  readonly total?: Named;
  readonly vetoes: readonly Veto[];
}

/** KPL2081 for each exemption whose condition reads, directly or through named values, a value decided after it. */
export function checkExemptionsReadOwnValues(ctx: CheckContext, exemptions: readonly CheckedExemption[], values: NamedValues): void {
  if (!exemptions.length) return;
  const lets = new Map(values.lets.map((l) => [l.name, l.expr]));
  const adjusts = new Map(values.adjustments.map((a) => [a.name, a.expr]));
  const indicators = new Map<string, Indicator>();
  const walk = (n: Indicator): void => {
    indicators.set(n.id, n);
    n.children.forEach(walk);
  };
  values.indicators.forEach(walk);
  const totalParts = [...(values.total ? [values.total.expr] : []), ...values.vetoes.flatMap((v) => (v.effect.k === 'total' ? [v.when, v.effect.value] : []))];
  /** The named values an expression reads (to follow), or the later value it uses (to report). */
  const later = (e: Expr, seen: Set<string>): string | undefined => {
    const follow = (key: string, exprs: readonly Expr[]): string | undefined => {
      if (seen.has(key)) return undefined;
      seen.add(key);
      for (const x of exprs) {
        const found = later(x, seen);
        if (found) return found;
      }
      return undefined;
    };
    if (e.k === 'rank') return 'rank';
    if (e.k === 'allocate') return 'allocate';
    if (e.k === 'ref') {
      switch (e.ref) {
        case 'grade':
        case 'grade_before':
        case 'quota_rank':
        case 'reward':
        case 'status':
        case 'reason':
          return e.ref;
        case 'let':
          return follow('let:' + e.name, [lets.get(e.name)!].filter(Boolean));
        case 'adjust':
          return follow('adjust:' + e.name, [adjusts.get(e.name)!].filter(Boolean));
        case 'indicator': {
          const ind = indicators.get(e.name);
          return follow('ind:' + e.name, ind ? ruleParts(ind) : []);
        }
        case 'weighted':
          return follow('weighted', values.indicators.flatMap(ruleParts));
        case 'adjustments':
          return follow('adjustments', [...adjusts.values()]);
        case 'total':
          return follow('total', totalParts);
      }
    }
    for (const c of children(e)) {
      const found = later(c, seen);
      if (found) return found;
    }
    return undefined;
  };
  for (const x of exemptions) {
    const found = later(x.plan.when, new Set());
    if (found) ctx.error('KPL2081', { name: found }, x.decl.when.span, { help: phrase('exemptReadsOwnValues') });
  }
}

/** The rules an indicator's score is computed from (its own, or its sub-indicators'). */
function ruleParts(n: Indicator): Expr[] {
  return n.rule ? [n.rule] : n.children.flatMap(ruleParts);
}

/**
 * Table bounds computed from the person's values (README 3.6): `progressive(x) { 0: 1%;
 * 目标 * 120%: 2% }`, `steps(x) { >= 目标: 100; … }`, `interpolate(x) { below: 0; 目标 * 80%: 60; … }`.
 * A bound written as a number is checked now; a computed one is typed like `x` here and checked in
 * order per person at run time: the table is lowered to plain plan nodes (slices, `if` chains, the
 * straight-line formula) wrapped in an `ordered` node, so every engine runs the one check.
 */
import type * as A from '../ast/nodes.ts';
import type { Expr as PExpr, SourceRef } from '../plan/schema.ts';
import { Decimal } from '../numeric/decimal.ts';
import type { CheckContext } from './context.ts';
import { checkExpr, signedValue, addUnit, type Scope } from './check-expr.ts';
import { describeTy, type Typed } from './types.ts';
import { phrase } from '../diagnostics/diagnostic.ts';

/** A row's bound: `lit` when written as a number, else the typed expression. */
export interface Bound {
  readonly lit?: Decimal;
  readonly expr: PExpr;
  readonly typed?: Typed<PExpr>;
  readonly span: A.RowKey['span'];
}

/**
 * The bound of a breakpoint or bracket row (`70:`, `目标 * 120%:`, `目标:` — a bare name is read as
 * a value here), or undefined for a key that is none (a string, `true`, `otherwise`).
 */
export function pointBound(s: Scope, key: A.RowKey, x: Typed<PExpr>): Bound | undefined {
  if (key.kind === 'Point') return literal(signedValue(key.value), key.span);
  if (key.kind === 'PointExpr') return computed(s, key.bound, x);
  if (key.kind === 'Label' && !/^["“]/.test(s.ctx.text(key.span)) && key.text !== 'true' && key.text !== 'false') {
    return computed(s, { kind: 'Name', name: key.text, span: key.span }, x);
  }
  return undefined;
}

/** The bound of a steps row (`>= 20:`, `>= 目标 * 120%:`). */
export function compareBound(s: Scope, key: A.RowKey & { kind: 'Compare' | 'CompareExpr' }, x: Typed<PExpr>): Bound {
  return key.kind === 'Compare' ? literal(signedValue(key.value), key.span) : computed(s, key.bound, x);
}

function literal(v: Decimal, span: A.RowKey['span']): Bound {
  return { lit: v, expr: { k: 'num', v: v.toFixed() }, span };
}

/** A computed bound: a number of the unit of `x` (a plain number goes with any). */
function computed(s: Scope, e: A.Expr, x: Typed<PExpr>): Bound {
  const ctx = s.ctx;
  const t = checkExpr(e, s);
  if (t.ty.t !== 'num' && t.ty.t !== 'unknown') {
    ctx.error('KPL2008', { what: phrase('aBound'), expected: 'a number', found: describeTy(t.ty) }, e.span);
  } else if (t.ty.t === 'num' && x.ty.t === 'num' && !addUnit(x.ty.unit, t.ty.unit)) {
    ctx.error('KPL2009', { op: 'compare', left: describeTy(x.ty), right: describeTy(t.ty) }, e.span);
  }
  return { expr: t.expr, typed: t, span: e.span };
}

/** Literal bounds in the order written must increase (`down`: decrease); KPL2006 / KPL2007 otherwise. */
export function checkLiteralOrder(ctx: CheckContext, bounds: readonly Bound[], dir: 'up' | 'down'): void {
  let prev: Decimal | undefined;
  for (const b of bounds) {
    if (!b.lit) continue;
    if (prev && (dir === 'up' ? !b.lit.gt(prev) : !b.lit.lt(prev))) {
      if (dir === 'up') ctx.error('KPL2006', { x: b.lit.toFixed(), prev: prev.toFixed() }, b.span);
      else ctx.error('KPL2007', {}, b.span);
    }
    prev = b.lit;
  }
}

export const anyComputed = (bounds: readonly Bound[]): boolean => bounds.some((b) => !b.lit);

/** `e`, evaluated once the person's bounds are known to be in order (else the person's KPL4007). */
export function ordered(bounds: readonly Bound[], dir: 'up' | 'down', e: PExpr, at: SourceRef | undefined): PExpr {
  return { k: 'ordered', bounds: bounds.map((b) => b.expr), dir, e, ...(at ? { at } : {}) };
}

const c = (v: Decimal): PExpr => ({ k: 'num', v: v.toFixed() });
const bin = (op: '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '=', l: PExpr, r: PExpr): PExpr => ({ k: 'bin', op, l, r });

/** progressive: the sum of each rate times the part of `x` between its threshold and the next. */
export function progressiveSum(x: PExpr, brackets: readonly { bound: PExpr; rate: Decimal }[]): PExpr {
  const zero = new Decimal(0);
  // next − t, folded when both are numbers written out
  const width = (next: PExpr, t: PExpr): PExpr => (next.k === 'num' && t.k === 'num' ? c(new Decimal(next.v).minus(t.v)) : bin('-', next, t));
  let sum: PExpr | undefined;
  brackets.forEach(({ bound, rate }, i) => {
    const next = brackets[i + 1]?.bound;
    // slice = clamp(x - t, 0, next - t) (unbounded above for the last bracket)
    let slice: PExpr = { k: 'call', fn: 'max', args: [bin('-', x, bound), c(zero)] };
    if (next) slice = { k: 'call', fn: 'min', args: [slice, width(next, bound)] };
    const term = bin('*', slice, c(rate));
    sum = sum ? bin('+', sum, term) : term;
  });
  return sum ?? c(zero);
}

/** steps with computed bounds: the rows as an `if` chain, first match wins. */
export function stepsChain(x: PExpr, rows: readonly { op: '>=' | '>' | '<=' | '<' | '='; bound: PExpr; value: PExpr }[], otherwise: PExpr): PExpr {
  return rows.reduceRight<PExpr>((rest, r) => ({ k: 'if', c: bin(r.op, x, r.bound), t: r.value, e: rest }), otherwise);
}

/**
 * interpolate with computed breakpoints: below the first, `below`; up to each next breakpoint, the
 * straight line `ya + (yb − ya) × (x − xa) ÷ (xb − xa)` (the interpreter's `interp` arithmetic);
 * above the last, `above` or the last `y`.
 */
export function interpolateChain(x: PExpr, points: readonly { x: PExpr; y: Decimal }[], below: PExpr, above: PExpr | undefined): PExpr {
  const last = points[points.length - 1]!;
  let rest: PExpr = above ?? c(last.y);
  for (let i = points.length - 1; i >= 1; i--) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const line = bin('+', c(a.y), bin('/', bin('*', c(b.y.minus(a.y)), bin('-', x, a.x)), bin('-', b.x, a.x)));
    rest = { k: 'if', c: bin('<=', x, b.x), t: line, e: rest };
  }
  return { k: 'if', c: bin('<', x, points[0]!.x), t: below, e: rest };
}

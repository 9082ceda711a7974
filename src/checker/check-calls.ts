/**
 * Function calls: plain built-ins from the registry, and the special forms with a table block or
 * a cohort (interpolate, steps, lookup, group_mean, aggregates, rank, allocate, progressive).
 * Names, parameters, argument kinds, result rules and declared ranges come from each built-in's
 * record (src/builtins/<name>.ts); only the special forms' lowering to plan nodes lives here.
 */
import type * as A from '../ast/nodes.ts';
import type { Expr as PExpr } from '../plan/schema.ts';
import { Decimal } from '../numeric/decimal.ts';
import { ROUNDING_MODES, allNames, findBuiltin, findSpecial, type ArgKind, type Builtin, type Param } from '../builtins/registry.ts';
import { UNKNOWN, errorTyped, suggest, type CheckContext } from './context.ts';
import { checkExpr, expectTy, joinTy, joinScale, mergeMissing, signedValue, addUnit, divUnit, type Scope } from './check-expr.ts';
import { describeTy, type Ty, type Typed } from './types.ts';
import { anyComputed, checkLiteralOrder, compareBound, interpolateChain, ordered, pointBound, progressiveSum, stepsChain, type Bound } from './computed-bounds.ts';
import * as I from '../numeric/interval.ts';
import { list, phrase, type Phrase } from '../diagnostics/diagnostic.ts';

const num = (unit: 'number' | 'percent' | 'money' | 'count' | 'literal', range: I.Interval = I.ALL, decimals?: number): Ty => ({
  t: 'num',
  unit,
  range,
  ...(decimals !== undefined ? { decimals } : {}),
});

export function checkCall(e: A.Call, s: Scope): Typed<PExpr> {
  const ctx = s.ctx;
  const name = e.callee.text;
  const special = findSpecial(name)?.name;
  const b = findBuiltin(name);
  // min/max of one related-table column (and an optional `where`) is an aggregate (the record's `aggregate`).
  const where = paramsOf('count')[1]!;
  const overRows = e.args.length === 1 || (e.args.length === 2 && [where.name, ...(where.aliases ?? [])].includes(e.args[1]!.name?.text ?? ''));
  if (b?.aggregate && overRows) return checkAggregate(e, s, b.aggregate);
  if (special) return checkSpecial(special, e, s);
  if (!b) {
    const all = allNames();
    const hint = suggest(name, all);
    ctx.error('KPL2014', { name }, e.callee.span, hint ? { help: phrase('didYouMean', { name: hint }) } : {});
    for (const a of e.args) checkExpr(a.value, s);
    return errorTyped();
  }
  if (e.table) ctx.error('KPL2044', { what: phrase('aTableBlock'), where: phrase('afterCall', { name }) }, e.table[0]?.span ?? e.span);
  return checkBuiltin(b, e, s);
}

/** Matches positional and named arguments to parameters; reports what does not fit. */
function bindArgs(ctx: CheckContext, e: A.Call, params: readonly Param[], variadic = false): (A.Expr | undefined)[] | undefined {
  const out: (A.Expr | undefined)[] = [];
  let ok = true;
  let pos = 0;
  for (const a of e.args) {
    if (a.name) {
      const i = params.findIndex((p) => p.name === a.name!.text || p.aliases?.includes(a.name!.text));
      if (i < 0) {
        ctx.error('KPL2015', { name: e.callee.text, expected: phrase('parameters', { names: list(params.map((p) => '`' + p.name + '`')) }), got: `\`${a.name.text}\`` }, a.name.span);
        ok = false;
        continue;
      }
      out[i] = a.value;
    } else {
      if (pos >= params.length && !variadic) {
        ctx.error('KPL2015', { name: e.callee.text, expected: phrase(params.length === 1 ? 'oneArgument' : 'nArguments', { n: params.length }), got: String(e.args.length) }, a.span);
        ok = false;
        continue;
      }
      out[pos++] = a.value;
    }
  }
  params.forEach((p, i) => {
    if (!out[i] && !p.optional) {
      ctx.error('KPL2015', { name: e.callee.text, expected: phrase('argumentNamed', { name: p.name }), got: 'none' }, e.span);
      ok = false;
    }
  });
  return ok ? out : undefined;
}

function checkBuiltin(b: Builtin, e: A.Call, s: Scope): Typed<PExpr> {
  const ctx = s.ctx;
  const at = ctx.ref(e.span);
  const bound = bindArgs(ctx, e, b.params, b.variadic);
  if (!bound) {
    for (const a of e.args) checkExpr(a.value, s);
    return errorTyped();
  }
  const args: Typed<PExpr>[] = [];
  const kinds: ArgKind[] = [];
  bound.forEach((a, i) => {
    if (!a) return;
    const kind = b.params[Math.min(i, b.params.length - 1)]!.kind;
    kinds.push(kind);
    if (kind === 'mode-const') {
      const mode = a.kind === 'Name' ? a.name : a.kind === 'String' ? a.value : '';
      if (!(ROUNDING_MODES as readonly string[]).includes(mode)) ctx.error('KPL2015', { name: b.name, expected: phrase('aMode', { modes: list(ROUNDING_MODES.map((m) => `\`${m}\``)) }), got: `\`${ctx.text(a.span)}\`` }, a.span);
      args.push({ expr: { k: 'str', v: mode }, ty: { t: 'text' }, missingFrom: [] });
      return;
    }
    const t = checkExpr(a, s);
    if (kind === 'num') expectTy(ctx, t, 'num', phrase('argumentNOf', { n: i + 1, name: b.name }), a.span);
    if (kind === 'int-const') {
      const v = t.expr.k === 'num' ? new Decimal(t.expr.v) : undefined;
      if (!v || !v.isInteger() || v.lt(0) || v.gt(10)) ctx.error('KPL2034', { value: ctx.text(a.span) }, a.span);
    }
    args.push(t);
  });
  const missing = b.strict ? mergeMissing(...args) : (b.missingFrom ?? []).flatMap((i) => args[i]?.missingFrom ?? []);
  let ty: Ty;
  const numKinds = kinds.filter((_, i) => args[i]!.ty.t === 'num');
  const numArgs = args.filter((a) => a.ty.t === 'num');
  const declared = (ranges: I.Interval[]): I.Interval => (b.range ? b.range(ranges) : I.ALL);
  if (b.result === 'bool') ty = { t: 'bool' };
  else if (b.result === 'quotient') {
    const [a0, a1, z] = args;
    if (a0?.ty.t === 'num' && a1?.ty.t === 'num') {
      // ratio(a, b, zero) is a ÷ b: the units of `/` (README 3.5).
      const q = divUnit(a0.ty.unit, a1.ty.unit);
      const unit = q === 'literal' ? 'number' : q;
      if (!unit) {
        ctx.error('KPL2009', { op: phrase('takeOf', { name: b.name }), left: describeTy(a0.ty), right: describeTy(a1.ty) }, e.span);
        ty = UNKNOWN;
      } else ty = num(unit, z?.ty.t === 'num' ? declared([a0.ty.range, a1.ty.range, z.ty.range]) : I.ALL);
    } else ty = UNKNOWN;
  } else if ('unit' in b.result) ty = num(b.result.unit, declared(numArgs.map(numRange)));
  else {
    const first = args[b.result.sameAs];
    ty = first?.ty ?? UNKNOWN;
    if (ty.t === 'num') {
      // Units of all numeric arguments must agree (min(money, percent) is a mistake).
      let unit: ReturnType<typeof addUnit> = ty.unit;
      for (const [j, a] of numArgs.entries()) {
        // A whole-number constant (round's decimals) has no unit to agree with.
        // The argument joined with the result (default's fallback) is checked once, by the join.
        if (j === 0 || a.ty.t !== 'num' || numKinds[j] === 'int-const' || (b.joinWith !== undefined && args[b.joinWith] === a)) continue;
        const u = addUnit(unit!, a.ty.unit);
        if (!u) {
          ctx.error('KPL2009', { op: phrase('takeOf', { name: b.name }), left: describeTy(ty), right: describeTy(a.ty) }, e.span);
          break;
        }
        unit = u;
      }
      const places = b.decimalsArg !== undefined ? args[b.decimalsArg]?.expr : undefined;
      ty = num(unit ?? 'number', declared(numArgs.map(numRange)), places?.k === 'num' ? Number(places.v) : undefined);
      // min/max/clamp/abs give one of their arguments: it prints at their common scale (README 3.13).
      if (b.decimalsArg === undefined) ty = { ...ty, ...foldScale(numArgs.filter((a, j) => numKinds[j] !== 'int-const' && !(b.joinWith !== undefined && args[b.joinWith] === a)).map((a) => a.ty)) };
    }
    if (b.joinWith !== undefined && args[b.joinWith]) ty = joinTy(ctx, ty, args[b.joinWith]!.ty, e.span);
  }
  return { expr: { k: 'call', fn: b.name, args: args.map((a) => a.expr), ...(at ? { at } : {}) }, ty, missingFrom: missing };
}

/** The common printed scale of values one of which is the result (joinScale over all of them). */
function foldScale(tys: readonly Ty[]): { decimals?: number; mixedScale?: true } {
  let acc: Ty | undefined;
  for (const t of tys) {
    if (t.t !== 'num') return {};
    acc = acc?.t === 'num' ? { ...t, range: I.hull(acc.range, t.range), decimals: undefined, mixedScale: undefined, ...joinScale(acc, t) } : t;
  }
  return acc?.t === 'num' ? { ...(acc.decimals !== undefined ? { decimals: acc.decimals } : {}), ...(acc.mixedScale ? { mixedScale: true as const } : {}) } : {};
}

// ── special forms ────────────────────────────────────────────────────────
/** How each special form (src/builtins/<name>.ts with `kind: 'special'`) is checked and lowered. */
const SPECIAL_CHECKERS: Record<string, (e: A.Call, s: Scope) => Typed<PExpr>> = {
  interpolate: (e, s) => checkInterpolate(e, s),
  steps: (e, s) => checkSteps(e, s),
  lookup: (e, s) => checkLookup(e, s),
  progressive: (e, s) => checkProgressive(e, s),
  group_mean: (e, s) => checkGroupMean(e, s),
  count: (e, s) => checkAggregate(e, s, 'count'),
  sum: (e, s) => checkAggregate(e, s, 'sum'),
  mean: (e, s) => checkAggregate(e, s, 'mean'),
  rank: (e, s) => checkRank(e, s),
  allocate: (e, s) => checkAllocate(e, s),
};

/** The special forms the checker lowers (the registry test checks that every record has one). */
export const CHECKED_SPECIAL_FORMS: readonly string[] = Object.keys(SPECIAL_CHECKERS);

function checkSpecial(form: string, e: A.Call, s: Scope): Typed<PExpr> {
  return (Object.hasOwn(SPECIAL_CHECKERS, form) ? SPECIAL_CHECKERS[form]!(e, s) : undefined) ?? errorTyped();
}

/** The named parameters of a special form, from its record. */
function paramsOf(form: string): readonly Param[] {
  return findSpecial(form)!.params;
}

function needTable(ctx: CheckContext, e: A.Call, what: Phrase): readonly A.TableRow[] | undefined {
  if (!e.table) {
    ctx.error('KPL2015', { name: e.callee.text, expected: phrase('tableBlockOf', { what }), got: 'none' }, e.span);
    return undefined;
  }
  return e.table;
}

function oneArg(ctx: CheckContext, e: A.Call, s: Scope): Typed<PExpr> | undefined {
  if (e.args.length !== 1 || e.args[0]!.name) {
    ctx.error('KPL2015', { name: e.callee.text, expected: phrase('oneArgument'), got: String(e.args.length) }, e.span);
    for (const a of e.args) checkExpr(a.value, s);
    return undefined;
  }
  return checkExpr(e.args[0]!.value, s);
}

function checkInterpolate(e: A.Call, s: Scope): Typed<PExpr> {
  const ctx = s.ctx;
  const x = oneArg(ctx, e, s);
  const rows = needTable(ctx, e, phrase('interpolateTable'));
  if (!x || !rows) return errorTyped();
  expectTy(ctx, x, 'num', phrase('valueOf', { name: e.callee.text }), e.args[0]!.span);
  const points: { bound: Bound; y: Decimal }[] = [];
  let below: Typed<PExpr> | undefined;
  let above: Typed<PExpr> | undefined;
  let range: I.Interval | undefined;
  for (const r of rows) {
    if (r.key.kind === 'Label' && (r.key.text === 'below' || r.key.text === '低于')) {
      below = checkExpr(r.value, s);
      range = range ? I.hull(range, numRange(below)) : numRange(below);
      continue;
    }
    if (r.key.kind === 'Label' && (r.key.text === 'above' || r.key.text === '高于')) {
      above = checkExpr(r.value, s);
      range = range ? I.hull(range, numRange(above)) : numRange(above);
      continue;
    }
    const bound = pointBound(s, r.key, x);
    if (!bound) {
      ctx.error('KPL2044', { what: `\`${ctx.text(r.key.span)}\``, where: phrase('asInterpolateRow') }, r.key.span);
      continue;
    }
    const yv = constNumber(ctx, r.value);
    if (!yv) continue;
    points.push({ bound, y: yv });
    range = range ? I.hull(range, I.point(yv)) : I.point(yv);
  }
  const bounds = points.map((p) => p.bound);
  checkLiteralOrder(ctx, bounds, 'up');
  if (points.length < 2) ctx.error('KPL2037', { what: '`interpolate`', min: phrase('nBreakpoints', { n: 2 }) }, e.span);
  if (!below) {
    ctx.error('KPL2015', { name: e.callee.text, expected: phrase('belowRow'), got: 'none' }, e.span);
    return errorTyped();
  }
  const at = ctx.ref(e.span);
  const missingFrom = mergeMissing(x, below, ...(above ? [above] : []), ...bounds.flatMap((b) => (b.typed ? [b.typed] : [])));
  const ty = num('number', range ?? I.ALL);
  if (anyComputed(bounds) && points.length >= 2) {
    const chain = interpolateChain(x.expr, points.map((p) => ({ x: p.bound.expr, y: p.y })), below.expr, above?.expr);
    return { expr: ordered(bounds, 'up', chain, at), ty, missingFrom };
  }
  const literal: [string, string][] = points.map((p) => [p.bound.lit!.toFixed(), p.y.toFixed()]);
  return {
    expr: { k: 'interp', x: x.expr, points: literal, below: below.expr, ...(above ? { above: above.expr } : {}), ...(at ? { at } : {}) },
    ty,
    missingFrom,
  };
}

function numRange(t: Typed<PExpr>): I.Interval {
  return t.ty.t === 'num' ? t.ty.range : I.ALL;
}

function constNumber(ctx: CheckContext, e: A.Expr, quiet = false): Decimal | undefined {
  let neg = false;
  let x = e;
  if (x.kind === 'Unary' && x.op === '-') {
    neg = true;
    x = x.operand;
  }
  if (x.kind === 'Number' || x.kind === 'Percent' || x.kind === 'Money') {
    const v = new Decimal(x.text).div(x.kind === 'Percent' ? 100 : 1);
    return neg ? v.neg() : v;
  }
  if (!quiet) ctx.error('KPL2008', { what: phrase('aBreakpointValue'), expected: phrase('aNumberWrittenOut'), found: `\`${ctx.text(e.span)}\`` }, e.span);
  return undefined;
}

function rowInterval(op: '>=' | '>' | '<=' | '<' | '=', v: Decimal): I.Interval {
  switch (op) {
    case '>=':
      return { lo: { v, closed: true }, hi: { closed: false } };
    case '>':
      return { lo: { v, closed: false }, hi: { closed: false } };
    case '<=':
      return { lo: { closed: false }, hi: { v, closed: true } };
    case '<':
      return { lo: { closed: false }, hi: { v, closed: false } };
    case '=':
      return I.point(v);
  }
}

function checkSteps(e: A.Call, s: Scope): Typed<PExpr> {
  const ctx = s.ctx;
  const x = oneArg(ctx, e, s);
  const rows = needTable(ctx, e, phrase('stepsTable'));
  if (!x || !rows) return errorTyped();
  expectTy(ctx, x, 'num', phrase('valueOf', { name: e.callee.text }), e.args[0]!.span);
  const domain = x.ty.t === 'num' ? x.ty.range : I.ALL;
  // A count (an integer column, count(…)) takes whole numbers only: `>= 5` and `<= 4` leave no gap.
  const whole = x.ty.t === 'num' && x.ty.unit === 'count';
  const live = (ivs: I.Interval[]): I.Interval[] => I.reachable(ivs, whole);
  let remaining: I.Interval[] = live([domain]);
  const out: { op: '>=' | '>' | '<=' | '<' | '='; bound: Bound; value: PExpr; key: A.RowKey }[] = [];
  let otherwise: Typed<PExpr> | undefined;
  const values: Typed<PExpr>[] = [];
  let ty: Ty | undefined;
  const computedRows = rows.some((r) => r.key.kind === 'CompareExpr');
  rows.forEach((r, i) => {
    const v = checkExpr(r.value, s);
    values.push(v);
    ty = ty ? joinTy(ctx, ty, v.ty, r.value.span) : v.ty;
    if (r.key.kind === 'Otherwise') {
      if (i !== rows.length - 1) ctx.error('KPL2029', {}, r.key.span);
      if (remaining.length === 0) ctx.error('KPL2007', {}, r.key.span);
      otherwise = v;
      remaining = [];
      return;
    }
    if (r.key.kind !== 'Compare' && r.key.kind !== 'CompareExpr') {
      ctx.error('KPL2044', { what: `\`${ctx.text(r.key.span)}\``, where: phrase('asStepsRow') }, r.key.span);
      return;
    }
    const bound = compareBound(s, r.key, x);
    // A computed row's values are the person's; only rows written as numbers cover values for sure.
    if (bound.lit) {
      const iv = rowInterval(r.key.op, bound.lit!);
      if (!computedRows && live(remaining.map((rem) => I.intersect(rem, iv))).length === 0) ctx.error('KPL2007', {}, r.key.span);
      remaining = live(I.subtractAll(remaining, iv));
    }
    out.push({ op: r.key.op, bound, value: v.expr, key: r.key });
  });
  const at = ctx.ref(e.span);
  const missingFrom = mergeMissing(x, ...values, ...out.flatMap((r) => (r.bound.typed ? [r.bound.typed] : [])));
  if (computedRows) return computedSteps(ctx, e, x, out, otherwise ?? (remaining.length ? undefined : 'covered'), ty ?? UNKNOWN, missingFrom);
  if (!otherwise && remaining.length > 0) ctx.error('KPL2042', { value: I.sample(remaining[0]!).toFixed() }, e.span);
  return {
    expr: { k: 'steps', x: x.expr, rows: out.map((r) => ({ op: r.op, bound: r.bound.lit!.toFixed(), value: r.value })), ...(otherwise ? { otherwise: otherwise.expr } : {}), ...(at ? { at } : {}) },
    ty: ty ?? UNKNOWN,
    missingFrom,
  };
}

/**
 * steps with a computed bound: rows compare in one direction (`>=`/`>` bounds decreasing,
 * `<=`/`<` increasing, checked per person) and an `otherwise` row catches the rest.
 */
function computedSteps(
  ctx: CheckContext,
  e: A.Call,
  x: Typed<PExpr>,
  rows: readonly { op: '>=' | '>' | '<=' | '<' | '='; bound: Bound; value: PExpr; key: A.RowKey }[],
  otherwise: Typed<PExpr> | 'covered' | undefined,
  ty: Ty,
  missingFrom: string[],
): Typed<PExpr> {
  const down = rows[0]?.op === '>=' || rows[0]?.op === '>';
  const wrong = rows.find((r) => (down ? r.op !== '>=' && r.op !== '>' : r.op !== '<=' && r.op !== '<'));
  if (wrong) ctx.error('KPL2044', { what: `\`${ctx.text(wrong.key.span)}\``, where: phrase('oneDirection') }, wrong.key.span);
  if (!otherwise) ctx.error('KPL2042', { value: phrase('outsideComputedBounds', { x: ctx.text(e.args[0]!.span) }) }, e.span);
  if (wrong || !otherwise) return { expr: { k: 'num', v: '0' }, ty: UNKNOWN, missingFrom };
  const bounds = rows.map((r) => r.bound);
  checkLiteralOrder(ctx, bounds, down ? 'down' : 'up');
  // Rows written as numbers cover every value (KPL2042 did not fire): the last row is the last resort.
  const rest = otherwise === 'covered' ? rows[rows.length - 1]!.value : otherwise.expr;
  const chain = stepsChain(x.expr, rows.map((r) => ({ op: r.op, bound: r.bound.expr, value: r.value })), rest);
  return { expr: ordered(bounds, down ? 'down' : 'up', chain, ctx.ref(e.span)), ty, missingFrom };
}

function checkLookup(e: A.Call, s: Scope): Typed<PExpr> {
  const ctx = s.ctx;
  const x = oneArg(ctx, e, s);
  const rows = needTable(ctx, e, phrase('lookupTable'));
  if (!x || !rows) return errorTyped();
  const possible = x.ty.t === 'category' ? x.ty.values : x.ty.t === 'grade' ? ctx.grades : x.ty.t === 'bool' ? ['true', 'false'] : undefined;
  const what = x.ty.t === 'category' ? x.ty.source : x.ty.t === 'grade' ? 'grade' : ctx.text(e.args[0]!.span);
  if (x.ty.t === 'num') ctx.error('KPL2008', { what: phrase('keyOf', { name: e.callee.text }), expected: phrase('aCategoryGradeOrText'), found: describeTy(x.ty) }, e.args[0]!.span);
  const entries: { key: string; value: PExpr }[] = [];
  let otherwise: Typed<PExpr> | undefined;
  const values: Typed<PExpr>[] = [];
  let ty: Ty | undefined;
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const v = checkExpr(r.value, s);
    values.push(v);
    ty = ty ? joinTy(ctx, ty, v.ty, r.value.span) : v.ty;
    if (r.key.kind === 'Otherwise') {
      if (i !== rows.length - 1) ctx.error('KPL2029', {}, r.key.span);
      otherwise = v;
      return;
    }
    const key = r.key.kind === 'Label' ? r.key.text : r.key.kind === 'Point' ? signedValue(r.key.value).toFixed() : ctx.text(r.key.span);
    if (seen.has(key)) ctx.error('KPL2002', { name: key }, r.key.span);
    seen.add(key);
    if (possible && possible.length && !possible.includes(key)) {
      const hint = suggest(key, possible);
      if (x.ty.t === 'grade') ctx.error('KPL2016', { name: key }, r.key.span, { help: hint ? phrase('didYouMean', { name: hint }) : phrase('theGradesAre', { grades: list(possible) }) });
      else ctx.error('KPL2018', { key, name: what }, r.key.span, { help: phrase('possibleValues', { values: list(possible) }) });
    }
    entries.push({ key, value: v.expr });
  });
  if (!otherwise) {
    if (possible) {
      for (const p of possible) if (!seen.has(p)) ctx.error('KPL2017', { value: p, name: what }, e.span);
    } else if (x.ty.t !== 'unknown') ctx.error('KPL2017', { value: phrase('anyOtherValue'), name: what }, e.span);
  }
  const at = ctx.ref(e.span);
  return {
    expr: { k: 'map', key: x.expr, entries, ...(otherwise ? { otherwise: otherwise.expr } : {}), ...(at ? { at } : {}) },
    ty: ty ?? UNKNOWN,
    missingFrom: mergeMissing(x, ...values),
  };
}

/** progressive(x) { 0: 1%; 100000: 2% } — bracket rates, lowered to sums of clamped slices. */
function checkProgressive(e: A.Call, s: Scope): Typed<PExpr> {
  const ctx = s.ctx;
  const x = oneArg(ctx, e, s);
  const rows = needTable(ctx, e, phrase('progressiveTable'));
  if (!x || !rows) return errorTyped();
  expectTy(ctx, x, 'num', phrase('valueOf', { name: e.callee.text }), e.args[0]!.span);
  const brackets: { bound: PExpr; rate: Decimal }[] = [];
  const bounds: Bound[] = [];
  for (const r of rows) {
    const bound = pointBound(s, r.key, x);
    if (!bound) {
      ctx.error('KPL2044', { what: `\`${ctx.text(r.key.span)}\``, where: phrase('asBracket') }, r.key.span);
      continue;
    }
    const rate = constNumber(ctx, r.value);
    if (!rate) continue;
    bounds.push(bound);
    brackets.push({ bound: bound.expr, rate });
  }
  checkLiteralOrder(ctx, bounds, 'up');
  if (brackets.length < 1) ctx.error('KPL2037', { what: '`progressive`', min: phrase('nBrackets', { n: 1 }) }, e.span);
  const sum = progressiveSum(x.expr, brackets);
  const unit = x.ty.t === 'num' && x.ty.unit === 'money' ? 'money' : 'number';
  const computedBounds = bounds.flatMap((b) => (b.typed ? [b.typed] : []));
  return {
    expr: anyComputed(bounds) ? ordered(bounds, 'up', sum, ctx.ref(e.span)) : sum,
    ty: num(unit),
    missingFrom: mergeMissing(x, ...computedBounds),
  };
}

/** The related table read by an expression over rows (`ratings.score` → ratings). */
function rowsTableOf(ctx: CheckContext, e: A.Expr): string | undefined {
  if (e.kind === 'Name') return ctx.tables.get(e.name)?.role === 'related' ? e.name : undefined;
  if (e.kind === 'Member') return rowsTableOf(ctx, e.object);
  for (const child of childExprs(e)) {
    const t = rowsTableOf(ctx, child);
    if (t) return t;
  }
  return undefined;
}

function childExprs(e: A.Expr): A.Expr[] {
  switch (e.kind) {
    case 'Binary':
      return [e.left, e.right];
    case 'Unary':
      return [e.operand];
    case 'If':
      return [e.cond, e.then, e.else];
    case 'Call':
      return e.args.map((a) => a.value);
    case 'Index':
      return [e.object, e.index];
    case 'Member':
      return [e.object];
    default:
      return [];
  }
}

function checkAggregate(e: A.Call, s: Scope, fn: 'count' | 'sum' | 'mean' | 'min' | 'max'): Typed<PExpr> {
  const ctx = s.ctx;
  // min/max over rows take the parameters of the other aggregates.
  const bound = bindArgs(ctx, e, paramsOf(fn === 'min' || fn === 'max' ? 'count' : fn));
  if (!bound) return errorTyped();
  const valueAst = bound[0]!;
  const table = rowsTableOf(ctx, valueAst);
  if (!table) {
    // Typed anyway, so the names it uses count as used (no KPL2011 besides this error).
    if (!(valueAst.kind === 'Name' && ctx.tables.has(valueAst.name))) checkExpr(valueAst, s);
    ctx.error('KPL2008', { what: phrase('argumentOf', { name: e.callee.text }), expected: phrase('relatedRows'), found: `\`${ctx.text(valueAst.span)}\`` }, valueAst.span);
    return errorTyped();
  }
  const inner: Scope = { ...s, rows: table };
  const at = ctx.ref(e.span);
  const where = bound[1] ? checkExpr(bound[1], inner) : undefined;
  if (where) expectTy(ctx, where, 'bool', '`where`', bound[1]!.span);
  if (fn === 'count') {
    if (valueAst.kind !== 'Name') checkExpr(valueAst, inner);
    return {
      expr: { k: 'agg', fn, table, ...(where ? { where: where.expr } : {}), ...(at ? { at } : {}) },
      ty: num('count', { lo: { v: new Decimal(0), closed: true }, hi: { closed: false } }),
      missingFrom: [],
    };
  }
  const v = checkExpr(valueAst, inner);
  expectTy(ctx, v, 'num', phrase('valueOf', { name: e.callee.text }), valueAst.span);
  const ty = v.ty.t === 'num' ? num(v.ty.unit === 'literal' ? 'number' : v.ty.unit, fn === 'sum' ? I.ALL : v.ty.range) : UNKNOWN;
  return {
    expr: { k: 'agg', fn, table, value: v.expr, ...(where ? { where: where.expr } : {}), ...(at ? { at } : {}) },
    ty,
    // A mean/min/max over no rows has no value.
    missingFrom: fn === 'sum' ? [] : [`${table} (no rows)`],
  };
}

function checkGroupMean(e: A.Call, s: Scope): Typed<PExpr> {
  const ctx = s.ctx;
  const bound = bindArgs(ctx, e, paramsOf('group_mean'));
  const rows = needTable(ctx, e, phrase('groupMeanTable'));
  if (!bound || !rows) return errorTyped();
  const table = rowsTableOf(ctx, bound[0]!);
  if (!table) {
    ctx.error('KPL2008', { what: phrase('valueOf', { name: 'group_mean' }), expected: phrase('relatedColumn'), found: `\`${ctx.text(bound[0]!.span)}\`` }, bound[0]!.span);
    return errorTyped();
  }
  const inner: Scope = { ...s, rows: table };
  const value = checkExpr(bound[0]!, inner);
  expectTy(ctx, value, 'num', phrase('valueOf', { name: 'group_mean' }), bound[0]!.span);
  const group = checkExpr(bound[1]!, inner);
  const intArg = (a: A.Expr | undefined, dflt: number): number => {
    if (!a) return dflt;
    const v = constNumber(ctx, a, true);
    if (!v || !v.isInteger() || v.lt(0)) {
      ctx.error('KPL2008', { what: `\`${ctx.text(a.span)}\``, expected: 'a whole number', found: 'something else' }, a.span);
      return dflt;
    }
    return v.toNumber();
  };
  const trim = intArg(bound[2], 0);
  const trimFrom = intArg(bound[3], trim * 2 + 1);
  const minCount = intArg(bound[4], 1);
  if (trim > 0 && trimFrom <= trim * 2) ctx.error('KPL2033', { reason: phrase('trimNeedsMore', { trim, min: trim * 2 }) }, bound[3]?.span ?? e.span);
  const possible = group.ty.t === 'category' ? group.ty.values : undefined;
  const weights: { key: string; weight: string }[] = [];
  let total = new Decimal(0);
  for (const r of rows) {
    if (r.key.kind !== 'Label') {
      ctx.error('KPL2044', { what: `\`${ctx.text(r.key.span)}\``, where: phrase('asGroupRow') }, r.key.span);
      continue;
    }
    if (possible && !possible.includes(r.key.text)) ctx.error('KPL2018', { key: r.key.text, name: (group.ty as { source: string }).source }, r.key.span, { help: phrase('possibleValues', { values: list(possible) }) });
    const w = constNumber(ctx, r.value);
    if (!w) continue;
    // A group weight is a percentage from 0% to 100%, as an indicator weight (README 3.6): `0.5` is not one.
    const written = r.value.kind === 'Unary' ? r.value.operand : r.value;
    if (written.kind !== 'Percent' || w.lt(0) || w.gt(1)) ctx.error('KPL2024', { value: ctx.text(r.value.span) }, r.value.span);
    total = total.plus(w);
    weights.push({ key: r.key.text, weight: w.toFixed() });
  }
  if (!total.eq(1)) ctx.error('KPL2003', { parent: 'group_mean', sum: total.times(100).toFixed() + '%' }, e.span);
  const at = ctx.ref(e.span);
  return {
    expr: { k: 'grouped', table, value: value.expr, group: group.expr, weights, ...(trim > 0 ? { trim: { n: trim, from: trimFrom } } : {}), minCount, ...(at ? { at } : {}) },
    ty: num('number', value.ty.t === 'num' ? value.ty.range : I.ALL),
    missingFrom: [`${table} (no rows)`],
  };
}

function checkRank(e: A.Call, s: Scope): Typed<PExpr> {
  const ctx = s.ctx;
  const bound = bindArgs(ctx, e, paramsOf('rank'));
  if (!bound) return errorTyped();
  const v = checkExpr(bound[0]!, s);
  expectTy(ctx, v, 'num', phrase('valueOf', { name: 'rank' }), bound[0]!.span);
  const within = bound[1] ? checkExpr(bound[1], s) : undefined;
  const orderAst = bound[2];
  const order = orderAst?.kind === 'Name' ? orderAst.name : orderAst?.kind === 'String' ? orderAst.value : 'desc';
  if (orderAst && !['asc', 'desc', '升序', '降序'].includes(order)) ctx.error('KPL2015', { name: 'rank', expected: list(['`order: desc`', '`order: asc`'], 'or'), got: `\`${ctx.text(orderAst.span)}\`` }, orderAst.span);
  const at = ctx.ref(e.span);
  return {
    expr: { k: 'rank', value: v.expr, desc: !(order === 'asc' || order === '升序'), ...(within ? { within: within.expr } : {}), ...(at ? { at } : {}) },
    ty: num('count', { lo: { v: new Decimal(1), closed: true }, hi: { closed: false } }),
    missingFrom: v.missingFrom,
  };
}

function checkAllocate(e: A.Call, s: Scope): Typed<PExpr> {
  const ctx = s.ctx;
  const bound = bindArgs(ctx, e, paramsOf('allocate'));
  if (!bound) return errorTyped();
  if (s.where !== 'reward') ctx.error('KPL2044', { what: '`allocate`', where: phrase('allocateOnlyInReward', { where: s.where }) }, e.span);
  const pool = checkExpr(bound[0]!, s);
  expectTy(ctx, pool, 'num', phrase('thePool'), bound[0]!.span);
  const by = checkExpr(bound[1]!, s);
  expectTy(ctx, by, 'num', phrase('theAllocationWeight'), bound[1]!.span);
  const per = checkExpr(bound[2]!, s);
  let decimals = 2;
  if (bound[3]) {
    const v = constNumber(ctx, bound[3]);
    if (v && v.isInteger() && v.gte(0) && v.lte(10)) decimals = v.toNumber();
    else ctx.error('KPL2034', { value: ctx.text(bound[3].span) }, bound[3].span);
  }
  const at = ctx.ref(e.span);
  return {
    expr: { k: 'allocate', pool: pool.expr, by: by.expr, per: per.expr, decimals, ...(at ? { at } : {}) },
    ty: num('money', { lo: { v: new Decimal(0), closed: true }, hi: { closed: false } }, decimals),
    missingFrom: mergeMissing(pool, by, per),
  };
}

/**
 * Expressions: resolves names, checks types and units, tracks value ranges and "maybe missing",
 * and lowers each AST expression to its plan form in the same walk.
 */
import { VALUE_ALIASES } from '../plan/value-names.ts';
import type * as A from '../ast/nodes.ts';
import type { Expr as PExpr, SourceRef, Unit } from '../plan/schema.ts';
import { Decimal, ZERO } from '../numeric/decimal.ts';
import { CheckContext, UNKNOWN, errorTyped, suggest } from './context.ts';
import { describeTy, type Ty, type Typed } from './types.ts';
import * as I from '../numeric/interval.ts';
import { checkCall } from './check-calls.ts';
import { findBuiltin } from '../builtins/registry.ts';
import { list, phrase, type DiagArg, type Phrase } from '../diagnostics/diagnostic.ts';

/** Where an expression is checked: aggregates open a related table's rows. */
export interface Scope {
  readonly ctx: CheckContext;
  /** The related table whose rows are in scope (inside count/sum/mean/group_mean). */
  readonly rows?: string;
  /** What the expression is part of, for "not allowed" messages. */
  readonly where: string;
  /**
   * Bare names of built-in values (`weighted`, `adjustments`) mean the built-in even where a
   * population column has the same name: set for the default total, `weighted + adjustments`,
   * which names the built-ins, not whatever the author called a column (README 3.8).
   */
  readonly builtinsFirst?: boolean;
}

/**
 * Values of literals by text (one map per sign and `%`): a large policy repeats a few constants
 * thousands of times, and Decimals are immutable.
 */
const literals = [new Map<string, Decimal>(), new Map<string, Decimal>(), new Map<string, Decimal>(), new Map<string, Decimal>()];

export function literalNumber(text: string, percent: boolean, negative = false): Decimal {
  const cache = literals[(negative ? 2 : 0) + (percent ? 1 : 0)]!;
  let v = cache.get(text);
  if (v === undefined) {
    v = new Decimal(text);
    if (percent) v = v.div(100);
    if (negative) v = v.neg();
    if (cache.size >= 10_000) cache.clear();
    cache.set(text, v);
  }
  return v;
}

export function signedValue(n: A.SignedNumber): Decimal {
  return literalNumber(n.text, n.percent, n.negative);
}

const numTy = (unit: Unit | 'literal', range: I.Interval = I.ALL, decimals?: number): Ty => ({ t: 'num', unit, range, ...(decimals !== undefined ? { decimals } : {}) });

/** `{ at }` when there is a position, to spread last into a plan node. */
function located(at: SourceRef | undefined): { at?: SourceRef } {
  return at ? { at } : {};
}

function typed(expr: PExpr, ty: Ty, missingFrom: readonly string[] = []): Typed<PExpr> {
  return { expr, ty, missingFrom };
}

export function mergeMissing(...xs: Typed<unknown>[]): string[] {
  // Most values can never be missing: no set needed.
  if (xs.every((x) => x.missingFrom.length === 0)) return [];
  return [...new Set(xs.flatMap((x) => x.missingFrom))];
}

export function checkExpr(e: A.Expr, s: Scope): Typed<PExpr> {
  const ctx = s.ctx;
  // Each case finds its node's position itself: names, members, binaries and calls do it in their
  // own functions, so computing it here for every node did it twice.
  switch (e.kind) {
    case 'Number': {
      const v = literalNumber(e.text, false);
      return typed({ k: 'num', v: v.toFixed(), ...located(ctx.ref(e.span)) }, numTy('literal', I.point(v)));
    }
    case 'Percent': {
      const v = literalNumber(e.text, true);
      return typed({ k: 'num', v: v.toFixed(), ...located(ctx.ref(e.span)) }, numTy('percent', I.point(v)));
    }
    case 'Money': {
      // An amount written out is money, not a plain literal: `新渠道数 * 500 元` is money.
      const v = literalNumber(e.text, false);
      return typed({ k: 'num', v: v.toFixed(), ...located(ctx.ref(e.span)) }, numTy('money', I.point(v)));
    }
    case 'String':
      return typed({ k: 'str', v: e.value, ...located(ctx.ref(e.span)) }, { t: 'text' });
    case 'Bool':
      return typed({ k: 'bool', v: e.value, ...located(ctx.ref(e.span)) }, { t: 'bool' });
    case 'Name':
      return checkName(e, s);
    case 'Member':
      return checkMember(e, s);
    case 'Index':
      return checkIndex(e, s);
    case 'Unary': {
      const x = checkExpr(e.operand, s);
      if (e.op === 'not') {
        expectTy(ctx, x, 'bool', phrase('operandOf', { op: 'not' }), e.operand.span);
        return typed({ k: 'un', op: 'not', e: x.expr, ...located(ctx.ref(e.span)) }, { t: 'bool' }, x.missingFrom);
      }
      expectTy(ctx, x, 'num', phrase('operandOf', { op: '-' }), e.operand.span);
      const ty = x.ty.t === 'num' ? numTy(x.ty.unit, I.neg(x.ty.range)) : UNKNOWN;
      return typed({ k: 'un', op: 'neg', e: x.expr, ...located(ctx.ref(e.span)) }, ty, x.missingFrom);
    }
    case 'Binary':
      return checkBinary(e, s);
    case 'If': {
      const c = checkExpr(e.cond, s);
      expectTy(ctx, c, 'bool', phrase('conditionOfIf'), e.cond.span);
      const a = checkExpr(e.then, s);
      const b = checkExpr(e.else, s);
      const aTable = tableAsValue(ctx, a.ty, e.then.span);
      const bTable = tableAsValue(ctx, b.ty, e.else.span);
      const ty = aTable || bTable ? UNKNOWN : joinTy(ctx, a.ty, b.ty, e.span);
      return typed({ k: 'if', c: c.expr, t: a.expr, e: b.expr, ...located(ctx.ref(e.span)) }, ty, mergeMissing(c, a, b));
    }
    case 'Call':
      return checkCall(e, s);
    case 'Error':
      return errorTyped();
  }
}

/**
 * KPL2030 when `ty` is a table or a table's row rather than a value — a bare related table
 * (`ratings + 1`), a lookup table (`teams`) or a lookup row without its column (`teams[team]`):
 * README 3.3/3.5 allow them only as `count(ratings)`, `ratings.col` in an aggregate and
 * `teams[key].col`. Returns whether it reported.
 */
export function tableAsValue(ctx: CheckContext, ty: Ty, span: A.Expr['span']): boolean {
  const text = ctx.text(span);
  if (ty.t === 'rows') {
    ctx.error('KPL2030', { reason: phrase('relatedTableNotValue', { text, table: ty.table }) }, span);
    return true;
  }
  if (ty.t === 'lookup') {
    ctx.error('KPL2030', { reason: phrase('tableNotValue', { text, table: ty.table }) }, span);
    return true;
  }
  if (ty.t === 'lookupRow') {
    ctx.error('KPL2030', { reason: phrase('rowNotValue', { text, table: ty.table }) }, span);
    return true;
  }
  return false;
}

/** Reports unless `x` has the wanted type family. */
export function expectTy(ctx: CheckContext, x: Typed<unknown>, want: 'num' | 'bool', what: DiagArg, span: A.Expr['span']): void {
  if (x.ty.t === 'unknown' || x.ty.t === want) return;
  if (tableAsValue(ctx, x.ty, span)) return;
  ctx.error('KPL2008', { what, expected: want === 'num' ? 'a number' : 'true/false', found: describeTy(x.ty) }, span);
}

/** The common type of two branches (if/else, lookup values). */
export function joinTy(ctx: CheckContext, a: Ty, b: Ty, span: A.Expr['span']): Ty {
  if (a.t === 'unknown') return b;
  if (b.t === 'unknown') return a;
  if (a.t === 'num' && b.t === 'num') {
    // Compatible units as for `+` and comparisons (README 3.5): a count and a number join as a number.
    const unit = addUnit(a.unit, b.unit);
    if (!unit) {
      ctx.error('KPL2009', { op: 'mix', left: describeTy(a), right: describeTy(b) }, span);
      return UNKNOWN;
    }
    return { ...numTy(unit, I.hull(a.range, b.range)), ...joinScale(a, b) };
  }
  if (a.t === b.t) return a;
  if ((a.t === 'text' || a.t === 'category') && (b.t === 'text' || b.t === 'category')) return { t: 'text' };
  ctx.error('KPL2008', { what: phrase('bothBranches'), expected: describeTy(a), found: describeTy(b) }, span);
  return UNKNOWN;
}

/**
 * The printed scale of a value that is one of `a` or `b` (README 3.13): the branches' common
 * `round` scale, a constant branch (`0`, `500 元`) printing at the other's; rounded and
 * unrounded branches together have none (`mixedScale`, reported at an output, KPL2071).
 */
export function joinScale(a: Ty & { t: 'num' }, b: Ty & { t: 'num' }): { decimals?: number; mixedScale?: true } {
  const sa = scaleOf(a);
  const sb = scaleOf(b);
  if (a.mixedScale || b.mixedScale) return { mixedScale: true };
  if (sa === undefined && sb === undefined) return {};
  // An unrounded value with a constant prints unscaled; with a rounded one, the scale depends on the branch.
  if (sa === undefined) return sb!.constant ? {} : { mixedScale: true };
  if (sb === undefined) return sa.constant ? {} : { mixedScale: true };
  if (sa.constant && sb.constant) return {};
  const d = sa.constant ? sb.d : sb.constant ? sa.d : sa.d === sb.d ? sa.d : undefined;
  if (d === undefined || (sa.constant && sa.d > d) || (sb.constant && sb.d > d)) return { mixedScale: true };
  return { decimals: d };
}

/**
 * The decimals a computed value prints with (outputs, explain): its rounding's; money always to the
 * cent or finer (README 3.13).
 */
export function printedDecimals(t: Ty): number | undefined {
  if (t.t !== 'num') return undefined;
  return t.unit === 'money' ? Math.max(t.decimals ?? 2, 2) : t.decimals;
}

/** The scale a value prints at: its rounding's, or a constant's own decimals. */
function scaleOf(t: Ty & { t: 'num' }): { d: number; constant: boolean } | undefined {
  if (t.decimals !== undefined) return { d: t.decimals, constant: false };
  const lo = t.range.lo;
  const hi = t.range.hi;
  const constant = lo.v !== undefined && hi.v !== undefined && lo.closed && hi.closed && lo.v.eq(hi.v) && (t.unit === 'literal' || t.unit === 'money');
  return constant ? { d: lo.v!.decimalPlaces(), constant: true } : undefined;
}

/** Chinese names of the computed values (总分 is also a keyword, so it arrives here as a name). */
export { VALUE_ALIASES };

/** The spellings of the literal `missing` (a value that is not there, README 3.5). */
const MISSING_WORDS = new Set(['missing', '不适用']);
/** What a value made missing by the literal `missing` is missing from (KPL2012 says so). */
export const MISSING_LITERAL = '(missing)';

function checkName(e0: A.NameRef, s: Scope): Typed<PExpr> {
  const ctx = s.ctx;
  const canonical = VALUE_ALIASES[e0.name];
  const pop = ctx.population;
  const e = canonical && !pop?.columns.some((c) => c.name === e0.name) ? { ...e0, name: canonical } : e0;
  const at = ctx.ref(e.span);
  if ((e.name === 'grade' || e.name === 'grade_before') && !ctx.gradesDeclared && !pop?.columns.some((c) => c.name === e.name)) {
    ctx.error('KPL2021', { what: `\`${e0.name}\`` }, e.span);
    return errorTyped();
  }
  const col = s.builtinsFirst && ctx.defs.get(e.name)?.kind === 'builtin' ? undefined : pop?.columns.find((c) => c.name === e.name);
  if (col) {
    ctx.usedColumns.add(`${pop!.name}.${col.name}`);
    return typed({ k: 'col', col: col.name, ...(at ? { at } : {}) }, colTy(ctx, col, pop!.name), col.optional ? [col.name] : []);
  }
  const table = ctx.tables.get(e.name);
  if (table && table.role === 'related') return typed({ k: 'str', v: table.name }, { t: 'rows', table: table.name });
  if (table && table.role === 'lookup') return typed({ k: 'str', v: table.name }, { t: 'lookup', table: table.name });
  if (MISSING_WORDS.has(e.name) && !ctx.defs.has(e.name)) {
    // Unknown type: it takes the type of whatever it is combined with (`if … then missing else x`).
    return typed({ k: 'missing', ...(at ? { at } : {}) }, UNKNOWN, [MISSING_LITERAL]);
  }
  const def = ctx.resolve(e.name, e.span);
  if (def) {
    const d = ctx.defs.get(e.name)!;
    const ref = d.kind === 'builtin' ? (def.expr as Extract<PExpr, { k: 'ref' }>).ref : (d.kind as 'let' | 'indicator' | 'adjust');
    const expr: PExpr = { k: 'ref', ref, name: e.name, ...(at ? { at } : {}) };
    return typed(expr, def.ty, def.missingFrom);
  }
  const candidates = [...ctx.defs.keys(), ...(pop?.columns.map((c) => c.name) ?? []), ...ctx.tables.keys()];
  const hint = suggest(e.name, candidates);
  // The column meant is not "unused": warning about it too would repeat this error.
  if (hint && pop?.columns.some((c) => c.name === hint)) ctx.usedColumns.add(`${pop.name}.${hint}`);
  ctx.error('KPL2001', { name: e.name }, e.span, hint ? { help: phrase('didYouMean', { name: hint }) } : {});
  return errorTyped();
}

/** Column types by column object (made afresh by each check): a column is read thousands of times. */
const columnTypes = new WeakMap<object, Ty>();

/** A column's type; unknown when its declared type is not a KPL type (already reported). */
function colTy(ctx: CheckContext, col: Parameters<typeof columnTy>[0], table: string): Ty {
  let ty = columnTypes.get(col);
  if (!ty) columnTypes.set(col, (ty = ctx.untyped.has(`${table}.${col.name}`) ? UNKNOWN : columnTy(col, table)));
  return ty;
}

export function columnTy(col: { type: string; values?: string[]; min?: { value: string; inclusive: boolean }; max?: { value: string; inclusive: boolean }; name: string }, table: string): Ty {
  const range: I.Interval = {
    lo: col.min ? { v: literalNumber(col.min.value, false), closed: col.min.inclusive } : { closed: false },
    hi: col.max ? { v: literalNumber(col.max.value, false), closed: col.max.inclusive } : { closed: false },
  };
  switch (col.type) {
    case 'number':
      return numTy('number', range);
    case 'integer':
      return numTy('count', range);
    case 'percent':
      return numTy('percent', range);
    case 'money':
      return numTy('money', range);
    case 'bool':
      return { t: 'bool' };
    case 'category':
      return { t: 'category', values: col.values ?? [], source: `${table}.${col.name}` };
    case 'date':
      return { t: 'date' };
    default:
      return { t: 'text' };
  }
}

function checkMember(e: A.Member, s: Scope): Typed<PExpr> {
  const ctx = s.ctx;
  const at = ctx.ref(e.span);
  const obj = checkExpr(e.object, s);
  if (obj.ty.t === 'unknown') return errorTyped();
  if (obj.ty.t === 'rows') {
    const table = ctx.tables.get(obj.ty.table)!;
    const col = table.columns.find((c) => c.name === e.member.text);
    if (!col) return unknownColumn(ctx, e.member, table.name, table.columns.map((c) => c.name));
    ctx.usedColumns.add(`${table.name}.${col.name}`);
    if (s.rows !== table.name) {
      ctx.error('KPL2030', { reason: phrase('manyValuesPerPerson', { name: `${table.name}.${col.name}` }) }, e.span);
      return errorTyped();
    }
    return typed({ k: 'rowcol', col: col.name, ...(at ? { at } : {}) }, colTy(ctx, col, table.name), col.optional ? [`${table.name}.${col.name}`] : []);
  }
  if (obj.ty.t === 'lookupRow') {
    const table = ctx.tables.get(obj.ty.table)!;
    const col = table.columns.find((c) => c.name === e.member.text);
    if (!col) return unknownColumn(ctx, e.member, table.name, table.columns.map((c) => c.name));
    ctx.usedColumns.add(`${table.name}.${col.name}`);
    const key = (obj.expr as Extract<PExpr, { k: 'lookup' }>).key;
    return typed({ k: 'lookup', table: table.name, key, col: col.name, ...(at ? { at } : {}) }, colTy(ctx, col, table.name), [...obj.missingFrom, ...(col.optional ? [`${table.name}.${col.name}`] : [])]);
  }
  if (obj.ty.t === 'lookup') {
    ctx.error('KPL2030', { reason: phrase('pickRowFirst', { table: obj.ty.table, member: e.member.text }) }, e.span);
    return errorTyped();
  }
  ctx.error('KPL2008', { what: `\`${ctx.text(e.object.span)}\``, expected: 'a table', found: describeTy(obj.ty) }, e.object.span);
  return errorTyped();
}

function unknownColumn(ctx: CheckContext, name: A.Name, table: string, columns: string[]): Typed<PExpr> {
  const hint = suggest(name.text, columns);
  if (hint) ctx.usedColumns.add(`${table}.${hint}`);
  ctx.error('KPL2001', { name: `${table}.${name.text}` }, name.span, hint ? { help: phrase('didYouMean', { name: hint }) } : {});
  return errorTyped();
}

function checkIndex(e: A.Index, s: Scope): Typed<PExpr> {
  const ctx = s.ctx;
  const obj = checkExpr(e.object, s);
  const key = checkExpr(e.index, s);
  if (obj.ty.t === 'unknown') return errorTyped();
  if (obj.ty.t !== 'lookup') {
    ctx.error('KPL2008', { what: `\`${ctx.text(e.object.span)}\``, expected: phrase('aLookupTable'), found: describeTy(obj.ty) }, e.object.span);
    return errorTyped();
  }
  return typed({ k: 'lookup', table: obj.ty.table, key: key.expr, col: '' }, { t: 'lookupRow', table: obj.ty.table }, key.missingFrom);
}

// ── binary operators ─────────────────────────────────────────────────────
const OP_WORDS: Record<string, string> = { '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide', '<': 'compare', '<=': 'compare', '>': 'compare', '>=': 'compare', '=': 'compare', '!=': 'compare' };

function checkBinary(e: A.Binary, s: Scope): Typed<PExpr> {
  const ctx = s.ctx;
  const at = ctx.ref(e.span);
  const l = checkExpr(e.left, s);
  const r = checkExpr(e.right, s);
  const missing = mergeMissing(l, r);
  const node: PExpr = { k: 'bin', op: e.op, l: l.expr, r: r.expr, ...(at ? { at } : {}) };
  // A table is no operand of anything (KPL2030); reported once, the operation is then unknown.
  const lTable = tableAsValue(ctx, l.ty, e.left.span);
  const rTable = tableAsValue(ctx, r.ty, e.right.span);
  if (lTable || rTable) return typed(node, e.op.match(/[<>=]|and|or/) ? { t: 'bool' } : UNKNOWN, missing);
  if (e.op === 'and' || e.op === 'or') {
    expectTy(ctx, l, 'bool', phrase('leftSideOf', { op: e.op }), e.left.span);
    expectTy(ctx, r, 'bool', phrase('rightSideOf', { op: e.op }), e.right.span);
    return typed(node, { t: 'bool' }, missing);
  }
  if (e.op === '=' || e.op === '!=') return typed(node, checkEquality(ctx, e, l, r), missing);
  if (l.ty.t === 'unknown' || r.ty.t === 'unknown') return typed(node, e.op.match(/[<>]/) ? { t: 'bool' } : UNKNOWN, missing);
  if (l.ty.t !== 'num' || r.ty.t !== 'num') {
    const bad = l.ty.t !== 'num' ? e.left : e.right;
    const badTy = l.ty.t !== 'num' ? l.ty : r.ty;
    ctx.error('KPL2008', { what: `\`${ctx.text(bad.span)}\``, expected: 'a number', found: describeTy(badTy) }, bad.span);
    return typed(node, e.op.match(/[<>]/) ? { t: 'bool' } : UNKNOWN, missing);
  }
  const lu = l.ty.unit;
  const ru = r.ty.unit;
  const lr = l.ty.range;
  const rr = r.ty.range;
  switch (e.op) {
    case '+':
    case '-': {
      const unit = addUnit(lu, ru);
      if (!unit) return unitMismatch(ctx, e, l.ty, r.ty, node, missing);
      return typed(node, numTy(unit, e.op === '+' ? I.add(lr, rr) : I.sub(lr, rr)), missing);
    }
    case '*': {
      const unit = mulUnit(lu, ru);
      if (!unit) return unitMismatch(ctx, e, l.ty, r.ty, node, missing);
      return typed(node, numTy(unit, I.mul(lr, rr)), missing);
    }
    case '/': {
      const unit = divUnit(lu, ru);
      if (!unit) return unitMismatch(ctx, e, l.ty, r.ty, node, missing);
      if (I.contains(rr, ZERO)) {
        ctx.error('KPL2010', { expr: ctx.text(e.right.span) }, e.right.span, {
          help: phrase('useRatioOrRange', { left: ctx.text(e.left.span), right: ctx.text(e.right.span) }),
        });
      }
      return typed(node, numTy(unit, I.div(lr, rr)), missing);
    }
    default: {
      if (!addUnit(lu, ru)) return unitMismatch(ctx, e, l.ty, r.ty, node, missing);
      return typed(node, { t: 'bool' }, missing);
    }
  }
}

/** KPL2009 for operands whose units do not combine. */
function unitMismatch(ctx: CheckContext, e: A.Binary, lt: Ty & { t: 'num' }, rt: Ty & { t: 'num' }, node: PExpr, missing: string[]): Typed<PExpr> {
  const money = lt.unit === 'money' || rt.unit === 'money';
  const percent = lt.unit === 'percent' || rt.unit === 'percent';
  ctx.error('KPL2009', { op: OP_WORDS[e.op]!, left: describeTy(lt), right: describeTy(rt) }, e.opSpan, {
    help:
      money && percent
        ? phrase('percentOfAmount', { example: `${ctx.text(e.left.span)} * ${ctx.text(e.right.span)}` })
        : percent
          ? phrase('writePercentages')
          : moneyHelp(ctx, e, lt, rt),
  });
  return typed(node, e.op.match(/[<>]/) ? { t: 'bool' } : UNKNOWN, missing);
}

/**
 * What to write when money meets a count or a number: an amount is written as money (`500 元`),
 * so a count times it is money; `x * 500` next to money names the rewrite itself.
 */
function moneyHelp(ctx: CheckContext, e: A.Binary, lt: Ty & { t: 'num' }, rt: Ty & { t: 'num' }): Phrase {
  if (lt.unit === 'money' && rt.unit === 'money') return phrase('moneyTimesMoney');
  if (e.op === '/' && rt.unit === 'money') return phrase('divideByMoney', { left: ctx.text(e.left.span), ty: describeTy(lt) });
  if (lt.unit !== 'money' && rt.unit !== 'money') return phrase('convertOneSide');
  const other = lt.unit === 'money' ? e.right : e.left;
  const amounts = amountLiterals(other);
  if (amounts.length) {
    // The plain numbers that stand for amounts, written as money: `min(新渠道数 * 500 元, 2000 元)`.
    const text = ctx.text(other.span);
    let fixed = '';
    let at = other.span.start;
    for (const n of amounts) {
      fixed += text.slice(at - other.span.start, n.span.end - other.span.start) + ' 元';
      at = n.span.end;
    }
    fixed += text.slice(at - other.span.start);
    return phrase('amountsAsMoney', { fixed });
  }
  return phrase('amountWritten', { name: ctx.text(other.span), ty: describeTy(lt.unit === 'money' ? rt : lt) });
}

/** The number literals of `e` that stand for amounts: operands of + - * (one side of *), min/max/clamp and if branches. */
function amountLiterals(e: A.Expr): A.NumberLit[] {
  switch (e.kind) {
    case 'Number':
      return [e];
    case 'Unary':
      return e.op === '-' ? amountLiterals(e.operand) : [];
    case 'Binary':
      // In a product the literal is the amount per unit (`新渠道数 * 500`).
      if (e.op === '*') return e.right.kind === 'Number' ? [e.right] : e.left.kind === 'Number' ? [e.left] : [];
      return e.op === '+' || e.op === '-' ? [...amountLiterals(e.left), ...amountLiterals(e.right)] : [];
    case 'If':
      return [...amountLiterals(e.then), ...amountLiterals(e.else)];
    case 'Call': {
      // A call that gives one of its arguments (min, max, clamp): each may be an amount.
      const b = findBuiltin(e.callee.text);
      return b && typeof b.result === 'object' && 'sameAs' in b.result && b.decimalsArg === undefined ? e.args.flatMap((a) => amountLiterals(a.value)) : [];
    }
    default:
      return [];
  }
}

function checkEquality(ctx: CheckContext, e: A.Binary, l: Typed<PExpr>, r: Typed<PExpr>): Ty {
  const [a, b] = [l.ty, r.ty];
  if (a.t === 'unknown' || b.t === 'unknown') return { t: 'bool' };
  if (a.t === 'num' && b.t === 'num') {
    if (!addUnit(a.unit, b.unit)) ctx.error('KPL2009', { op: 'compare', left: describeTy(a), right: describeTy(b) }, e.opSpan);
    return { t: 'bool' };
  }
  const checkValue = (cat: Ty, lit: Typed<PExpr>, litNode: A.Expr) => {
    if (lit.expr.k !== 'str') return;
    const v = lit.expr.v;
    if (cat.t === 'category' && !cat.values.includes(v)) ctx.error('KPL2018', { key: v, name: cat.source }, litNode.span, { help: phrase('possibleValues', { values: list(cat.values) }) });
    if (cat.t === 'grade' && ctx.grades.length && !ctx.grades.includes(v)) ctx.error('KPL2016', { name: v }, litNode.span);
  };
  const textual = (t: Ty) => t.t === 'text' || t.t === 'category' || t.t === 'grade';
  if (textual(a) && textual(b)) {
    checkValue(a, r, e.right);
    checkValue(b, l, e.left);
    return { t: 'bool' };
  }
  if (a.t === b.t && (a.t === 'bool' || a.t === 'date')) return { t: 'bool' };
  ctx.error('KPL2009', { op: 'compare', left: describeTy(a), right: describeTy(b) }, e.opSpan);
  return { t: 'bool' };
}

type U = Unit | 'literal';
/** Unit of a sum or difference (also what comparisons require); undefined = mismatch. */
export function addUnit(a: U, b: U): U | undefined {
  if (a === 'literal') return b;
  if (b === 'literal') return a;
  if (a === b) return a;
  if ((a === 'count' && b === 'number') || (a === 'number' && b === 'count')) return 'number';
  return undefined;
}
function mulUnit(a: U, b: U): U | undefined {
  // A fraction scaled by a plain number becomes points: retention_rate * 100.
  if ((a === 'percent' && b === 'literal') || (a === 'literal' && b === 'percent')) return 'number';
  if (a === 'literal') return b;
  if (b === 'literal') return a;
  if (a === 'money' && b === 'money') return undefined;
  if (a === 'money' || b === 'money') return 'money';
  if (a === 'percent' && b === 'percent') return 'percent';
  if (a === 'count' && b === 'count') return 'count';
  return 'number';
}
export function divUnit(a: U, b: U): U | undefined {
  if (b === 'literal') return a === 'count' ? 'number' : a;
  if (a === 'money') return b === 'money' ? 'number' : 'money';
  if (b === 'money') return undefined;
  return a === 'literal' ? 'number' : a === 'percent' && b !== 'percent' ? 'percent' : 'number';
}

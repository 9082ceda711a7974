/**
 * Evaluates one plan expression for one person (and, inside aggregates, one related row).
 * Missing values (null) propagate through arithmetic and comparisons; the indicator's
 * `missing` rule decides what they mean. Numbers are exact decimals.
 */
import type { Expr } from '../plan/schema.ts';
import type { Value } from '../data/value.ts';
import type { Row } from '../data/table.ts';
import { Decimal, ZERO, cmpExact } from '../numeric/decimal.ts';
import { findBuiltin } from '../builtins/registry.ts';
import { keyText } from '../data/key-text.ts';
import type { Person } from './person.ts';
import { EvalError } from './eval-error.ts';
import type { EvalRecorder } from './recorder.ts';
import { phrase } from '../diagnostics/phrases.ts';

/** What expression evaluation needs from the evaluation as a whole. */
export interface Env {
  ref(p: Person, e: Extract<Expr, { k: 'ref' }>): Value;
  lookupRow(table: string, key: string): Row | undefined;
  rank(p: Person, e: Extract<Expr, { k: 'rank' }>): Value;
  allocate(p: Person, e: Extract<Expr, { k: 'allocate' }>): Value;
  describe(e: Expr): string;
  /** Optional instrumentation (coverage, explanations); absent in plain evaluations. */
  readonly recorder?: EvalRecorder | undefined;
}

const constants = new WeakMap<object, Decimal>();
/** The decimal value of a constant in the plan, parsed once per plan node. */
function constant(node: object, text: string): Decimal {
  let d = constants.get(node);
  if (!d) {
    d = new Decimal(text);
    constants.set(node, d);
  }
  return d;
}

const dec = (v: Value): Decimal => v as Decimal;

export function evalExpr(env: Env, p: Person, e: Expr, row?: Row): Value {
  switch (e.k) {
    case 'num':
      return constant(e, e.v);
    case 'missing':
      return null;
    case 'bool':
      return e.v;
    case 'str':
      return e.v;
    case 'col':
      return p.row.values[e.col] ?? null;
    case 'rowcol':
      return row ? (row.values[e.col] ?? null) : null;
    case 'lookup': {
      const k = keyText(evalExpr(env, p, e.key, row));
      if (k === undefined) return null;
      const r = env.lookupRow(e.table, k);
      if (!r) throw new EvalError('KPL3006', { table: e.table, key: k }, e.at);
      return r.values[e.col] ?? null;
    }
    case 'ref':
      return env.ref(p, e);
    case 'un': {
      const v = evalExpr(env, p, e.e, row);
      if (v === null) return null;
      return e.op === 'neg' ? dec(v).neg() : !v;
    }
    case 'bin':
      return evalBinary(env, p, e, row);
    case 'if': {
      const c = evalExpr(env, p, e.c, row);
      if (c === null) return null;
      env.recorder?.hit(p, e, c ? 0 : 1);
      return evalExpr(env, p, c ? e.t : e.e, row);
    }
    case 'call': {
      const b = findBuiltin(e.fn)!;
      const args = e.args.map((a) => evalExpr(env, p, a, row));
      if (b.strict && args.some((a) => a === null)) return null;
      const v = b.impl(args);
      if (env.recorder) {
        const branch = b.branch?.(args, v);
        if (branch !== undefined) env.recorder.hit(p, e, branch, { args, value: v });
      }
      return v;
    }
    case 'interp': {
      const x = evalExpr(env, p, e.x, row);
      if (x === null) return null;
      return interpolate(env, p, e, dec(x), row);
    }
    case 'steps': {
      const x = evalExpr(env, p, e.x, row);
      if (x === null) return null;
      const xv = dec(x);
      for (const r of e.rows) {
        const c = cmpExact(xv, constant(r, r.bound));
        const hit = r.op === '>=' ? c >= 0 : r.op === '>' ? c > 0 : r.op === '<=' ? c <= 0 : r.op === '<' ? c < 0 : c === 0;
        if (hit) {
          env.recorder?.hit(p, e, e.rows.indexOf(r), { x: xv });
          return evalExpr(env, p, r.value, row);
        }
      }
      if (e.otherwise) env.recorder?.hit(p, e, e.rows.length, { x: xv });
      return e.otherwise ? evalExpr(env, p, e.otherwise, row) : null;
    }
    case 'map': {
      const k = keyText(evalExpr(env, p, e.key, row));
      if (k === undefined) return null;
      const hit = e.entries.find((x) => x.key === k);
      if (hit) {
        env.recorder?.hit(p, e, e.entries.indexOf(hit), { key: k });
        return evalExpr(env, p, hit.value, row);
      }
      if (e.otherwise) {
        env.recorder?.hit(p, e, e.entries.length, { key: k });
        return evalExpr(env, p, e.otherwise, row);
      }
      throw new EvalError('KPL4001', { name: env.describe(e), reason: phrase('noEntryFor', { key: k }) }, e.at);
    }
    case 'agg':
      return aggregate(env, p, e);
    case 'grouped':
      return groupedMean(env, p, e);
    case 'rank':
      return env.rank(p, e);
    case 'allocate':
      return env.allocate(p, e);
    case 'ordered': {
      const bounds = e.bounds.map((b) => evalExpr(env, p, b, row));
      if (bounds.some((b) => b === null)) return null;
      const out = boundsOutOfOrder(bounds as Decimal[], e.dir);
      env.recorder?.hit(p, e, out === undefined ? 0 : 1, { bounds });
      if (out !== undefined) {
        const shown = bounds.map((b) => dec(b).toFixed()).join(', ');
        throw new EvalError('KPL4007', { name: env.describe(e).replace(/\s+/g, ' '), bounds: `\`${shown}\``, rule: phrase(e.dir === 'up' ? 'boundsIncrease' : 'boundsDecrease') }, e.at);
      }
      return evalExpr(env, p, e.e, row);
    }
  }
}

/** The index of the first bound not strictly after the one before it (in `dir`), if any. */
export function boundsOutOfOrder(bounds: readonly Decimal[], dir: 'up' | 'down'): number | undefined {
  for (let i = 1; i < bounds.length; i++) {
    const c = cmpExact(bounds[i]!, bounds[i - 1]!);
    if (dir === 'up' ? c <= 0 : c >= 0) return i;
  }
  return undefined;
}

function evalBinary(env: Env, p: Person, e: Extract<Expr, { k: 'bin' }>, row?: Row): Value {
  const l = evalExpr(env, p, e.l, row);
  if (e.op === 'and' && l === false) return false;
  if (e.op === 'or' && l === true) return true;
  const r = evalExpr(env, p, e.r, row);
  if (e.op === 'and' || e.op === 'or') return l === null || r === null ? null : e.op === 'and' ? (l as boolean) && (r as boolean) : (l as boolean) || (r as boolean);
  if (l === null || r === null) return null;
  if (e.op === '=' || e.op === '!=') {
    const eq = l instanceof Decimal && r instanceof Decimal ? cmpExact(l, r) === 0 : l === r;
    return e.op === '=' ? eq : !eq;
  }
  const a = dec(l);
  const b = dec(r);
  switch (e.op) {
    case '+':
      return a.plus(b);
    case '-':
      return a.minus(b);
    case '*':
      return a.times(b);
    case '/':
      if (b.isZero()) throw new EvalError('KPL4005', { expr: env.describe(e) }, e.at);
      return a.div(b);
    case '<':
      return cmpExact(a, b) < 0;
    case '<=':
      return cmpExact(a, b) <= 0;
    case '>':
      return cmpExact(a, b) > 0;
    case '>=':
      return cmpExact(a, b) >= 0;
  }
}

function interpolate(env: Env, p: Person, e: Extract<Expr, { k: 'interp' }>, x: Decimal, row?: Row): Value {
  const pts = e.points;
  const x0 = constant(pts[0]!, pts[0]![0]);
  if (cmpExact(x, x0) < 0) {
    env.recorder?.hit(p, e, 0, { x });
    return evalExpr(env, p, e.below, row);
  }
  for (let i = 1; i < pts.length; i++) {
    const xa = constant(pts[i - 1]!, pts[i - 1]![0]);
    const xb = constant(pts[i]!, pts[i]![0]);
    if (cmpExact(x, xb) <= 0) {
      env.recorder?.hit(p, e, i, { x });
      const ya = new Decimal(pts[i - 1]![1]);
      const yb = new Decimal(pts[i]![1]);
      if (cmpExact(x, xb) === 0) return yb;
      return ya.plus(yb.minus(ya).times(x.minus(xa)).div(xb.minus(xa)));
    }
  }
  env.recorder?.hit(p, e, pts.length, { x });
  return e.above ? evalExpr(env, p, e.above, row) : new Decimal(pts[pts.length - 1]![1]);
}

function rowsOf(p: Person, table: string): Row[] {
  return p.related.get(table) ?? [];
}

function aggregate(env: Env, p: Person, e: Extract<Expr, { k: 'agg' }>): Value {
  let rows = rowsOf(p, e.table);
  if (e.where) rows = rows.filter((r) => evalExpr(env, p, e.where!, r) === true);
  if (e.fn === 'count') return new Decimal(rows.length);
  const values = rows.map((r) => evalExpr(env, p, e.value!, r)).filter((v): v is Decimal => v !== null);
  if (e.fn === 'sum') return values.reduce((a, v) => a.plus(v), ZERO);
  if (!values.length) return null;
  if (e.fn === 'mean') return values.reduce((a, v) => a.plus(v), ZERO).div(values.length);
  return e.fn === 'min' ? Decimal.min(...values) : Decimal.max(...values);
}

/** Weighted mean of group means (trimmed when large enough); absent groups drop out, weights re-normalised. */
function groupedMean(env: Env, p: Person, e: Extract<Expr, { k: 'grouped' }>): Value {
  const byGroup = new Map<string, Decimal[]>();
  for (const r of rowsOf(p, e.table)) {
    const g = keyText(evalExpr(env, p, e.group, r));
    const v = evalExpr(env, p, e.value, r);
    if (g === undefined || v === null) continue;
    const list = byGroup.get(g) ?? [];
    list.push(v as Decimal);
    byGroup.set(g, list);
  }
  let sum = ZERO;
  let weight = ZERO;
  for (const w of e.weights) {
    const vals = byGroup.get(w.key);
    if (!vals || vals.length < e.minCount) {
      env.recorder?.hit(p, w, 0, { values: vals ?? [] });
      continue;
    }
    let used = [...vals].sort((a, b) => a.cmp(b));
    const trimmed = !!e.trim && used.length >= e.trim.from;
    if (trimmed) used = used.slice(e.trim!.n, used.length - e.trim!.n);
    const mean = used.reduce((a, v) => a.plus(v), ZERO).div(used.length);
    const wd = constant(w, w.weight);
    if (env.recorder) {
      env.recorder.hit(p, w, 1, { values: vals, used, mean });
      env.recorder.hit(p, e, trimmed ? 1 : 0, { group: w.key });
    }
    sum = sum.plus(mean.times(wd));
    weight = weight.plus(wd);
  }
  if (weight.isZero()) return null;
  return weight.eq(1) ? sum : sum.div(weight);
}

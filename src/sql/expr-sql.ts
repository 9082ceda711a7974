/**
 * One plan expression as SQL, for one person (and, inside an aggregate, one related row): its
 * value and the code of the evaluation error it raises (src/evaluator/eval-expr.ts is the
 * specification, line by line). Missing values are SQL NULLs and propagate as the interpreter's
 * nulls do; a value that fails (a map without the entry, a division by zero, a lookup of an absent
 * key) gives its error code in `err`, taken only where the interpreter would evaluate it.
 */
import type { Expr, SourceRef } from '../plan/schema.ts';
import { DECISION_SCALE, type Dialect } from './dialect.ts';
import { refuse } from './refusal.ts';
import { lit, q, str } from './sql-text.ts';
import { findBuiltin } from '../builtins/registry.ts';
import type { SqlKind, SqlOps } from '../builtins/types.ts';

export type Kind = SqlKind;

export interface Sql {
  readonly v: string;
  /** SQL giving the error code (text) of the evaluation error, or NULL; absent: cannot fail. */
  readonly err?: string;
  readonly kind: Kind;
}

/** What an expression needs from where it is compiled. */
export interface ExprScope {
  readonly d: Dialect;
  /** A person's input column. */
  col(name: string): Sql;
  /** A named value (let, indicator, total, …) or a cohort result. */
  ref(e: Extract<Expr, { k: 'ref' }>): Sql;
  /** A cohort node (rank, allocate) computed in its own step. */
  cohort(e: Extract<Expr, { k: 'rank' } | { k: 'allocate' }>): Sql;
  /** The population key text of the person (for related rows). */
  readonly personKey: string;
  /** Puts a value in a column computed before this one, so that it is written once; returns the column. */
  hoist(sql: string): string;
  /** Relation of an input table, its column types. */
  table(name: string): { rel: string; type(col: string): Kind };
}

/** Row context inside an aggregate: the related row's alias. */
interface RowCtx {
  readonly alias: string;
  readonly table: string;
}

/** The first error of several evaluated one after the other. */
export function firstErr(...errs: (string | undefined)[]): string | undefined {
  const list = errs.filter((e): e is string => e !== undefined);
  if (list.length === 0) return undefined;
  return list.length === 1 ? list[0] : `COALESCE(${list.join(', ')})`;
}

/** An error only when `when` holds (the part is evaluated then). */
export function errWhen(when: string, err: string | undefined): string | undefined {
  return err === undefined ? undefined : `CASE WHEN ${when} THEN ${err} END`;
}

/** The value as decisions see it (dialect.ts: rounded to the decision scale). */
export function decided(s: Dialect, x: string): string {
  return `round(${x}, ${DECISION_SCALE})`;
}

/** The canonical key text of a value (src/data/key-text.ts). */
export function keyTextSql(d: Dialect, x: Sql): string {
  if (x.kind === 'text') return x.v;
  if (x.kind === 'bool') return d.boolKey(x.v);
  return d.numKey(x.v);
}

function num(x: Sql, what: string, at?: SourceRef): string {
  if (x.kind !== 'num') refuse(`\`${what}\``, 'a number was expected', '此处应为数值', at);
  return x.v;
}

const cmpOps = new Set(['<', '<=', '>', '>=']);

export function exprSql(s: ExprScope, e: Expr, row?: RowCtx): Sql {
  const d = s.d;
  const sub = (x: Expr) => exprSql(s, x, row);
  const hoist = (v: string) => (row ? v : s.hoist(v));
  switch (e.k) {
    case 'num':
      return { v: d.num(e.v), kind: 'num' };
    case 'missing':
      // Its SQL type would be the other branch's; not inferred yet.
      return refuse('`missing`', 'the `missing` literal is not compiled to SQL yet', '`missing` 字面量尚未编译为 SQL', e.at);
    case 'bool':
      return { v: e.v ? 'TRUE' : 'FALSE', kind: 'bool' };
    case 'str':
      return { v: str(e.v), kind: 'text' };
    case 'col':
      return s.col(e.col);
    case 'rowcol': {
      if (!row) return { v: 'NULL', kind: 'num' };
      return { v: `${row.alias}.${q(e.col)}`, kind: s.table(row.table).type(e.col) };
    }
    case 'lookup': {
      const key = sub(e.key);
      const t = s.table(e.table);
      const k = hoist(keyTextSql(d, key));
      const found = `(SELECT ${q(e.col)} FROM ${t.rel} t WHERE t.kpl_ok AND t.kpl_key = ${k})`;
      const missing = `${k} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${t.rel} t WHERE t.kpl_ok AND t.kpl_key = ${k})`;
      return { v: found, err: firstErr(key.err, `CASE WHEN ${missing} THEN 'KPL3006' END`), kind: t.type(e.col) };
    }
    case 'ref':
      if (row) refuse('`' + e.name + '`', 'a named value inside an aggregate', '聚合中使用了命名值', e.at);
      return s.ref(e);
    case 'un': {
      const x = sub(e.e);
      return { v: e.op === 'neg' ? `(-${x.v})` : `(NOT ${x.v})`, ...(x.err ? { err: x.err } : {}), kind: x.kind };
    }
    case 'bin':
      return binSql(s, e, sub, hoist);
    case 'if': {
      const c = sub(e.c);
      const t = sub(e.t);
      const f = sub(e.e);
      const err = firstErr(c.err, t.err || f.err ? `CASE WHEN ${c.v} THEN ${t.err ?? 'NULL'} WHEN NOT ${c.v} THEN ${f.err ?? 'NULL'} END` : undefined);
      return { v: `CASE WHEN ${c.v} THEN ${t.v} WHEN NOT ${c.v} THEN ${f.v} END`, ...(err ? { err } : {}), kind: t.kind };
    }
    case 'call':
      return callSql(s, e, sub, hoist);
    case 'interp':
      return interpSql(s, e, sub, hoist);
    case 'steps': {
      const x = sub(e.x);
      const xv = hoist(decided(d, num(x, 'steps', e.at)));
      const arms = e.rows.map((r) => ({ when: `${xv} ${r.op} ${d.num(r.bound)}`, val: sub(r.value) }));
      const other = e.otherwise ? sub(e.otherwise) : undefined;
      const v = `CASE WHEN ${xv} IS NULL THEN NULL ${arms.map((a) => `WHEN ${a.when} THEN ${a.val.v}`).join(' ')}${other ? ` ELSE ${other.v}` : ''} END`;
      const errArms = [...arms.filter((a) => a.val.err).map((a) => `WHEN ${a.when} THEN ${a.val.err}`)];
      const anyErr = errArms.length || other?.err;
      const err = firstErr(x.err, anyErr ? `CASE ${arms.map((a) => `WHEN ${a.when} THEN ${a.val.err ?? 'NULL'}`).join(' ')}${other?.err ? ` WHEN ${xv} IS NOT NULL THEN ${other.err}` : ''} END` : undefined);
      return { v, ...(err ? { err } : {}), kind: arms[0]?.val.kind ?? other?.kind ?? 'num' };
    }
    case 'map': {
      const k = sub(e.key);
      const kt = hoist(keyTextSql(d, k));
      const arms = e.entries.map((x) => ({ when: `${kt} = ${str(x.key)}`, val: sub(x.value) }));
      const other = e.otherwise ? sub(e.otherwise) : undefined;
      const v = `CASE WHEN ${kt} IS NULL THEN NULL ${arms.map((a) => `WHEN ${a.when} THEN ${a.val.v}`).join(' ')}${other ? ` ELSE ${other.v}` : ''} END`;
      const noEntry = other ? (other.err ?? 'NULL') : `'KPL4001'`;
      const err = firstErr(k.err, `CASE WHEN ${kt} IS NULL THEN NULL ${arms.map((a) => `WHEN ${a.when} THEN ${a.val.err ?? 'NULL'}`).join(' ')} ELSE ${noEntry} END`);
      return { v, err: err!, kind: arms[0]?.val.kind ?? other?.kind ?? 'num' };
    }
    case 'agg':
      return aggSql(s, e);
    case 'grouped':
      return groupedSql(s, e, hoist);
    case 'rank':
    case 'allocate':
      if (row) refuse(`\`${e.k}\``, 'a cohort value inside an aggregate', '聚合中使用了群体计算', e.at);
      return s.cohort(e);
    case 'ordered': {
      // The person's bounds in order, else the person's KPL4007; a missing bound, a missing value.
      const parts = e.bounds.map(sub);
      const bs = parts.map((b) => hoist(decided(d, num(b, 'ordered', e.at))));
      const body = sub(e.e);
      const present = bs.map((b) => `${b} IS NOT NULL`).join(' AND ');
      const inOrder = bs.slice(1).map((b, i) => `${b} ${e.dir === 'up' ? '>' : '<'} ${bs[i]}`).join(' AND ') || 'TRUE';
      const err = firstErr(...parts.map((b) => b.err), `CASE WHEN ${present} AND NOT (${inOrder}) THEN 'KPL4007' END`, errWhen(`${present} AND ${inOrder}`, body.err));
      return { v: `CASE WHEN ${present} AND ${inOrder} THEN ${body.v} END`, ...(err ? { err } : {}), kind: body.kind };
    }
  }
  // A plan node added to the language after this compiler: refused by name, never guessed at.
  const k = (e as { k: string; at?: SourceRef }).k;
  return refuse(`\`${k}\``, 'a construct the SQL compiler does not know', 'SQL 编译器不认识的构造', (e as { at?: SourceRef }).at);
}

function binSql(s: ExprScope, e: Extract<Expr, { k: 'bin' }>, sub: (x: Expr) => Sql, hoist: (v: string) => string): Sql {
  const d = s.d;
  const l = sub(e.l);
  const r = sub(e.r);
  if (e.op === 'and' || e.op === 'or') {
    // The interpreter's and/or: a false (true) left side decides; otherwise any missing side is missing.
    const stop = e.op === 'and' ? 'FALSE' : 'TRUE';
    const v = `CASE WHEN ${l.v} = ${stop} THEN ${stop} WHEN ${l.v} IS NULL OR ${r.v} IS NULL THEN NULL ELSE ${r.v} END`;
    const err = firstErr(l.err, errWhen(`${l.v} IS NULL OR ${l.v} <> ${stop}`, r.err));
    return { v, ...(err ? { err } : {}), kind: 'bool' };
  }
  const err0 = firstErr(l.err, r.err);
  if (e.op === '=' || e.op === '!=') {
    const op = e.op === '=' ? '=' : '<>';
    const v = l.kind === 'num' && r.kind === 'num' ? `${decided(d, l.v)} ${op} ${decided(d, r.v)}` : l.kind === 'text' ? `${d.text(l.v)} ${op} ${d.text(r.v)}` : `${l.v} ${op} ${r.v}`;
    return { v: `(${v})`, ...(err0 ? { err: err0 } : {}), kind: 'bool' };
  }
  if (cmpOps.has(e.op)) {
    const v = l.kind === 'num' ? `${decided(d, l.v)} ${e.op} ${decided(d, r.v)}` : l.kind === 'text' ? `${d.text(l.v)} ${e.op} ${d.text(r.v)}` : `${l.v} ${e.op} ${r.v}`;
    return { v: `(${v})`, ...(err0 ? { err: err0 } : {}), kind: 'bool' };
  }
  const a = num(l, e.op, e.at);
  const b = num(r, e.op, e.at);
  switch (e.op) {
    case '+':
      return { v: `(${a} + ${b})`, ...(err0 ? { err: err0 } : {}), kind: 'num' };
    case '-':
      return { v: `(${a} - ${b})`, ...(err0 ? { err: err0 } : {}), kind: 'num' };
    case '*':
      return { v: d.mul(a, b), ...(err0 ? { err: err0 } : {}), kind: 'num' };
    default: {
      // '/': a zero divisor is the person's error KPL4005 (when both sides have values).
      const A = hoist(a);
      const B = hoist(b);
      const err = firstErr(err0, `CASE WHEN ${A} IS NOT NULL AND ${B} = 0 THEN 'KPL4005' END`);
      return { v: `CASE WHEN ${B} <> 0 THEN ${d.div(A, B)} END`, err: err!, kind: 'num' };
    }
  }
}

function strictNull(args: readonly Sql[], v: string): string {
  return args.length ? `CASE WHEN ${args.map((a) => `${a.v} IS NULL`).join(' OR ')} THEN NULL ELSE ${v} END` : v;
}

function callSql(s: ExprScope, e: Extract<Expr, { k: 'call' }>, sub: (x: Expr) => Sql, hoist: (v: string) => string): Sql {
  const d = s.d;
  const args = e.args.map(sub);
  const err = firstErr(...args.map((a) => a.err));
  const n = (i: number) => num(args[i]!, e.fn, e.at);
  const record = findBuiltin(e.fn);
  if (!record) return refuse(`\`${e.fn}\``, 'this function has no SQL form yet', '此函数尚无 SQL 形式', e.at);
  // The record's `sql` composes these primitives (one record per built-in, src/builtins/<name>.ts).
  const ops: SqlOps = {
    count: args.length,
    arg: (i) => args[i]!,
    num: n,
    strict: (v) => strictNull(args, v),
    hoist,
    lit: (text) => d.num(text),
    mul: (a, b) => d.mul(a, b),
    div: (a, b) => d.div(a, b),
    round: (x, placesArg, modeArg) => {
      const places = e.args[placesArg];
      if (!places || places.k !== 'num' || !/^\d+$/.test(places.v)) refuse(`\`${e.fn}\``, 'rounding to a computed number of places', '舍入位数不是常数', e.at);
      const modeExpr = e.args[modeArg];
      const mode = modeExpr ? (modeExpr.k === 'str' ? modeExpr.v : undefined) : 'half_up';
      return d.fix(roundSql(d, hoist(decided(d, n(x))), Number(places.v), mode, e.at));
    },
  };
  const out = record.sql(ops);
  return { v: out.v, ...(err ? { err } : {}), kind: out.kind ?? 'num' };
}

/** x (already decided) rounded to p places in a rounding mode (src/numeric/decimal.ts roundTo). */
function roundSql(d: Dialect, x: string, p: number, mode: string | undefined, at?: SourceRef): string {
  const scale = '1' + '0'.repeat(p);
  const unit = p === 0 ? '1' : `0.${'0'.repeat(p - 1)}1`;
  const whole = (f: string) => `CAST(${f} AS DECIMAL(38,0)) * ${unit}`;
  switch (mode) {
    case 'half_up':
      return d.roundHalfUp(x, p);
    case 'half_even':
      return d.roundHalfEven(x, p);
    case 'down':
      return whole(`trunc(${x} * ${scale})`);
    case 'up':
      return whole(`sign(${x}) * ceil(abs(${x}) * ${scale})`);
    case 'floor':
      return whole(`floor(${x} * ${scale})`);
    case 'ceil':
      return whole(`ceil(${x} * ${scale})`);
    default:
      return refuse('`round`', 'an unknown rounding mode', '未知的舍入方式', at);
  }
}

function interpSql(s: ExprScope, e: Extract<Expr, { k: 'interp' }>, sub: (x: Expr) => Sql, hoist: (v: string) => string): Sql {
  const d = s.d;
  const x = sub(e.x);
  const raw = hoist(num(x, 'interpolate', e.at));
  const xv = hoist(decided(d, raw));
  const below = sub(e.below);
  const above = e.above ? sub(e.above) : undefined;
  const pts = e.points;
  const arms: string[] = [`WHEN ${xv} < ${d.num(pts[0]![0])} THEN ${below.v}`];
  for (let i = 1; i < pts.length; i++) {
    const [xa, ya] = pts[i - 1]!;
    const [xb, yb] = pts[i]!;
    arms.push(`WHEN ${xv} = ${d.num(xb)} THEN ${d.num(yb)}`);
    // ya + (yb − ya)·(x − xa) ÷ (xb − xa), as the interpreter computes it.
    const slope = d.div(d.mul(`${d.num(yb)} - ${d.num(ya)}`, `${raw} - ${d.num(xa)}`), `${d.num(xb)} - ${d.num(xa)}`);
    arms.push(`WHEN ${xv} < ${d.num(xb)} THEN ${d.num(ya)} + ${slope}`);
  }
  const last = above ? above.v : d.num(pts[pts.length - 1]![1]);
  const v = `CASE ${arms.join(' ')} ELSE ${last} END`;
  const errs = below.err || above?.err ? `CASE WHEN ${xv} < ${d.num(pts[0]![0])} THEN ${below.err ?? 'NULL'} WHEN ${xv} > ${d.num(pts[pts.length - 1]![0])} THEN ${above?.err ?? 'NULL'} END` : undefined;
  const err = firstErr(x.err, errs);
  return { v: `CASE WHEN ${raw} IS NULL THEN NULL ELSE ${v} END`, ...(err ? { err } : {}), kind: 'num' };
}

function relatedWhere(s: ExprScope, table: string, alias: string, extra?: string): string {
  return `${alias}.kpl_ok AND ${alias}.kpl_key = ${s.personKey}${extra ? ` AND ${extra}` : ''}`;
}

function aggSql(s: ExprScope, e: Extract<Expr, { k: 'agg' }>): Sql {
  const d = s.d;
  const t = s.table(e.table);
  const row = { alias: 'r', table: e.table };
  const where = e.where ? exprSql(s, e.where, row) : undefined;
  const value = e.value ? exprSql(s, e.value, row) : undefined;
  if (where?.err || value?.err) refuse(`\`${e.fn}\``, 'a value that can fail inside an aggregate', '聚合中的值可能出错', e.at);
  const cond = relatedWhere(s, e.table, 'r', where ? `(${where.v}) = TRUE` : undefined);
  const from = `FROM ${t.rel} r WHERE ${cond}`;
  if (e.fn === 'count') return { v: `(SELECT ${d.fix('count(*)')} ${from})`, kind: 'num' };
  const v = num(value!, e.fn, e.at);
  switch (e.fn) {
    case 'sum':
      return { v: `(SELECT COALESCE(sum(${v}), ${d.num('0')}) ${from})`, kind: 'num' };
    case 'mean':
      return { v: `(SELECT CASE WHEN count(${v}) > 0 THEN ${d.div(`sum(${v})`, d.fix(`count(${v})`))} END ${from})`, kind: 'num' };
    default:
      return { v: `(SELECT ${e.fn}(${v}) ${from})`, kind: 'num' };
  }
}

function groupedSql(s: ExprScope, e: Extract<Expr, { k: 'grouped' }>, hoist: (v: string) => string): Sql {
  const d = s.d;
  const t = s.table(e.table);
  const row = { alias: 'r', table: e.table };
  const g = exprSql(s, e.group, row);
  const value = exprSql(s, e.value, row);
  if (g.err || value.err) refuse('`group_mean`', 'a value that can fail inside an aggregate', '聚合中的值可能出错', e.at);
  const means = e.weights.map((w) => {
    // The group's values in order; trimmed (n lowest and n highest dropped) when there are enough.
    const inner = `SELECT ${value.v} AS v, row_number() OVER (ORDER BY ${value.v}) AS i, count(*) OVER () AS n FROM ${t.rel} r WHERE ${relatedWhere(s, e.table, 'r', `${keyTextSql(d, g)} = ${str(w.key)} AND ${value.v} IS NOT NULL`)}`;
    const kept = e.trim ? `WHERE NOT (n >= ${e.trim.from} AND (i <= ${e.trim.n} OR i > n - ${e.trim.n}))` : '';
    const mean = `(SELECT CASE WHEN COALESCE(max(n), 0) < ${Math.max(e.minCount, 1)} THEN NULL ELSE ${d.div('sum(v)', d.fix('count(*)'))} END FROM (${inner}) g ${kept})`;
    return { m: hoist(mean), w: d.num(w.weight) };
  });
  const sum = means.map((x) => `COALESCE(${d.mul(x.m, x.w)}, ${d.num('0')})`).join(' + ');
  const weight = means.map((x) => `CASE WHEN ${x.m} IS NULL THEN ${d.num('0')} ELSE ${x.w} END`).join(' + ');
  const W = hoist(weight);
  const S = hoist(sum);
  return { v: `CASE WHEN ${W} = 0 THEN NULL WHEN ${W} = 1 THEN ${S} ELSE ${d.div(S, W)} END`, kind: 'num' };
}

export { lit };

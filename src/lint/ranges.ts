/**
 * Range analysis of a checked plan: from the declared input ranges (`in [0, 5]`, `>= 0`) to the
 * range of every expression, indicator, the weighted score, the adjustments and the total.
 *
 * Every range is a superset of the values that can occur (sound), so whatever it proves can
 * never happen indeed never happens; a range may be wider than the true one (an expression that
 * uses the same input twice, like `x - x`, is not recognised as 0).
 *
 * More precise than the checker's ranges where it matters for findings:
 *  - a group's score is the weighted mean of its children, bounded per variant of `weight by` and
 *    per set of children that may be dropped (`missing drop`, weights re-normalised);
 *  - `if` branches, `steps` rows and `interpolate` segments see their value narrowed by the
 *    condition that selects them (`if sla_rate < 80% then 0 else sla_rate * 100` is in [80, 100]
 *    on the `else` side);
 *  - products and quotients keep unbounded ends (`-1 * x` with x ≥ 0 is ≤ 0), `round` moves the
 *    ends, vetoes that set the total widen it.
 *
 * The walk also records findings: rows and breakpoints that can never be used, and min/max/clamp
 * bounds that never or always take effect. Grade-level findings are in lint.ts.
 */
import type { Expr, Indicator, Plan, SourceRef, Weight, Column } from '../plan/schema.ts';
import { Decimal } from '../numeric/decimal.ts';
import { findBuiltin } from '../builtins/registry.ts';
import type { Code } from '../diagnostics/codes.ts';
import { phrase, type DiagArgs, type Phrase } from '../diagnostics/diagnostic.ts';
import { canonical, display, sourceText } from '../diff/expr-text.ts';
import * as M from '../numeric/interval-math.ts';
import type { Interval } from '../numeric/interval-math.ts';

/** The range of a value: its interval when numeric, and whether it can be missing. */
export interface Range {
  readonly iv?: Interval;
  readonly maybeNull: boolean;
}

export interface Finding {
  readonly code: Code;
  readonly args: DiagArgs;
  readonly at?: SourceRef;
  /** A narrower location inside the source (a steps row), as offsets. */
  readonly span?: { readonly file: string; readonly start: number; readonly end: number };
  readonly help?: Phrase;
}

interface Scope {
  /** The related table whose rows are in scope (inside aggregates). */
  readonly rows?: string;
  /** Narrowed ranges of expressions (by canonical text) on the current branch. */
  readonly refine: ReadonlyMap<string, Interval>;
}

const TOP: Scope = { refine: new Map() };
const ZERO = new Decimal(0);
const NUM = (iv: Interval, maybeNull = false): Range => ({ iv, maybeNull });
const NONNUM = (maybeNull = false): Range => ({ maybeNull });
const ivOf = (r: Range): Interval => r.iv ?? M.ALL;

export function columnRange(c: Column): Interval {
  return {
    lo: c.min ? { v: new Decimal(c.min.value), closed: c.min.inclusive } : { closed: false },
    hi: c.max ? { v: new Decimal(c.max.value), closed: c.max.inclusive } : { closed: false },
  };
}

function rowInterval(op: '>=' | '>' | '<=' | '<' | '=', v: Decimal): Interval {
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
      return M.point(v);
  }
}

/** Weight of an indicator for one variant (`undefined` = fixed weights only). */
export function weightFor(w: Weight, variant: string | undefined): Decimal {
  if (w.k === 'fixed') return new Decimal(w.value);
  const hit = w.values.find((x) => x.key === variant);
  return hit ? new Decimal(hit.value) : ZERO;
}

/** The variants a set of sibling weights distinguishes (`[undefined]` when all are fixed). */
export function variantsOf(nodes: readonly Indicator[]): (string | undefined)[] {
  const keys = new Set<string>();
  for (const n of nodes) if (n.weight.k === 'by') for (const v of n.weight.values) keys.add(v.key);
  return keys.size ? [...keys] : [undefined];
}

export class RangeAnalysis {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();
  private readonly named = new Map<string, Range | 'busy'>();
  private readonly columns = new Map<string, Column>();
  readonly nodes = new Map<string, { node: Indicator; parent?: Indicator }>();
  private readonly lets = new Map<string, Expr>();
  private readonly adjusts = new Map<string, Expr>();
  private readonly population: string;

  constructor(readonly plan: Plan) {
    for (const t of plan.inputs) for (const c of t.columns) this.columns.set(`${t.name}.${c.name}`, c);
    this.population = plan.inputs.find((t) => t.role === 'population')?.name ?? '';
    const walk = (n: Indicator, parent?: Indicator) => {
      this.nodes.set(n.id, { node: n, ...(parent ? { parent } : {}) });
      n.children.forEach((c) => walk(c, n));
    };
    plan.indicators.forEach((n) => walk(n));
    for (const l of plan.lets) this.lets.set(l.name, l.expr);
    for (const a of plan.adjustments) this.adjusts.set(a.name, a.expr);
  }

  /** Walks every expression of the plan once, so that all findings are recorded. */
  run(): void {
    for (const n of this.nodes.keys()) this.indicator(n);
    this.weighted();
    for (const l of this.plan.lets) this.ref('let', l.name);
    for (const a of this.plan.adjustments) this.ref('adjust', a.name);
    this.total();
    for (const v of this.plan.vetoes) this.eval(v.when, TOP);
    if (this.plan.reward) this.ref('reward', 'reward');
    if (this.plan.distribution?.per) this.eval(this.plan.distribution.per, TOP);
    if (this.plan.distribution?.among) this.eval(this.plan.distribution.among.expr, TOP);
    for (const t of this.plan.distribution?.tieBreak ?? []) this.eval(t.expr, TOP);
    for (const o of this.plan.outputs) this.eval(o.expr, TOP);
  }

  // ── named values ───────────────────────────────────────────────────────
  private memo(key: string, f: () => Range): Range {
    const m = this.named.get(key);
    if (m === 'busy') return NUM(M.ALL, true);
    if (m) return m;
    this.named.set(key, 'busy');
    const r = f();
    this.named.set(key, r);
    return r;
  }

  /** An indicator's score range (after its `missing` rule). */
  indicator(id: string): Range {
    return this.memo('ind:' + id, () => {
      const { node } = this.nodes.get(id)!;
      let r = node.rule ? this.eval(node.rule, TOP) : this.group(node.children);
      if (r.maybeNull) {
        if (node.missing === 'zero') r = NUM(M.hull(ivOf(r), M.point(ZERO)));
        else if (node.missing === 'error') r = NUM(ivOf(r));
      }
      return r;
    });
  }

  /** The weighted score of the root indicators. A missing weighted score is an error, not a value. */
  weighted(): Range {
    return this.memo('weighted', () => NUM(ivOf(this.group(this.plan.indicators))));
  }

  /**
   * Range of the re-normalised weighted mean of sibling indicators: for each variant of the
   * weights and each set of children that may be missing (dropped), Σ wᵢ·scoreᵢ / Σ wᵢ.
   */
  private group(children: readonly Indicator[]): Range {
    const rs = children.map((c) => this.indicator(c.id));
    const droppable = children.map((_, i) => i).filter((i) => rs[i]!.maybeNull);
    if (droppable.length > 12) return { iv: rs.map(ivOf).reduce((a, b) => M.hull(a, b)), maybeNull: true };
    let out: Interval | undefined;
    let maybeNull = false;
    for (const variant of variantsOf(children)) {
      const w = children.map((c) => weightFor(c.weight, variant));
      for (let mask = 0; mask < 1 << droppable.length; mask++) {
        const present = new Set(children.map((_, i) => i).filter((i) => !rs[i]!.maybeNull));
        droppable.forEach((i, b) => {
          if (mask & (1 << b)) present.add(i);
        });
        let W = ZERO;
        let l = ZERO;
        let h = ZERO;
        for (const i of present) {
          const wi = w[i]!;
          W = W.plus(wi);
          if (wi.isZero()) continue;
          const iv = ivOf(rs[i]!);
          l = l.plus(M.lo(iv).times(wi));
          h = h.plus(M.hi(iv).times(wi));
        }
        if (W.isZero()) {
          maybeNull = true;
          continue;
        }
        const iv = M.fromEnds(l.div(W), h.div(W));
        out = out ? M.hull(out, iv) : iv;
      }
    }
    return { iv: out ?? M.ALL, maybeNull };
  }

  /**
   * Upper bound of the share of `child` in its parent's weighted mean: its weight over its own
   * weight plus the weights of siblings that are always present, for the worst variant.
   */
  shareBound(child: Indicator, siblings: readonly Indicator[]): Decimal {
    // Σ of the siblings' weights per variant, once per group (not once per child: a group of
    // 4,000 indicators would be quadratic): denom = w + Σ(others that cannot be missing).
    let sums = this.shareSums.get(siblings);
    if (!sums) {
      sums = new Map();
      for (const variant of variantsOf(siblings)) {
        let sum = ZERO;
        for (const s of siblings) if (!this.indicator(s.id).maybeNull) sum = sum.plus(weightFor(s.weight, variant));
        sums.set(variant, sum);
      }
      this.shareSums.set(siblings, sums);
    }
    let best = ZERO;
    for (const [variant, sum] of sums) {
      const w = weightFor(child.weight, variant);
      if (w.isZero()) continue;
      const denom = this.indicator(child.id).maybeNull ? sum.plus(w) : sum;
      best = Decimal.max(best, w.div(denom));
    }
    return best;
  }
  private readonly shareSums = new Map<readonly Indicator[], Map<string | undefined, Decimal>>();

  adjustments(): Range {
    return this.memo('adjustments', () => {
      let iv = M.point(ZERO);
      let maybeNull = false;
      for (const a of this.plan.adjustments) {
        const r = this.ref('adjust', a.name);
        iv = M.add(iv, ivOf(r));
        maybeNull ||= r.maybeNull;
      }
      return NUM(iv, maybeNull);
    });
  }

  /** The total before vetoes that set it. */
  totalBeforeVeto(): Range {
    return this.memo('total-before-veto', () => {
      const t = this.plan.total;
      const r = t ? this.eval(t.expr, TOP) : NUM(M.add(ivOf(this.weighted()), ivOf(this.adjustments())));
      return NUM(ivOf(r));
    });
  }

  /** The total after vetoes (a `then total X` veto replaces it). */
  total(): Range {
    return this.memo('total', () => {
      let iv = ivOf(this.totalBeforeVeto());
      for (const v of this.plan.vetoes) if (v.effect.k === 'total') iv = M.hull(iv, ivOf(this.eval(v.effect.value, TOP)));
      return NUM(iv);
    });
  }

  private ref(kind: 'let' | 'adjust' | 'reward', name: string): Range {
    if (kind === 'reward') return this.memo('reward', () => (this.plan.reward ? this.eval(this.plan.reward.expr, TOP) : NUM(M.ALL)));
    const e = (kind === 'let' ? this.lets : this.adjusts).get(name);
    return this.memo(`${kind}:${name}`, () => (e ? this.eval(e, TOP) : NUM(M.ALL, true)));
  }

  // ── expressions ────────────────────────────────────────────────────────
  eval(e: Expr, s: Scope): Range {
    const r = this.raw(e, s);
    if (s.refine.size && r.iv) {
      const narrowed = s.refine.get(canonical(e));
      if (narrowed) return { ...r, iv: M.intersect(r.iv, narrowed) };
    }
    return r;
  }

  private raw(e: Expr, s: Scope): Range {
    switch (e.k) {
      case 'num':
        return NUM(M.point(new Decimal(e.v)));
      case 'missing':
        return NONNUM(true);
      case 'bool':
      case 'str':
        return NONNUM();
      case 'col':
        return this.column(this.population, e.col);
      case 'rowcol':
        return s.rows ? this.column(s.rows, e.col) : NUM(M.ALL, true);
      case 'lookup': {
        const k = this.eval(e.key, s);
        const c = this.column(e.table, e.col);
        return { ...c, maybeNull: c.maybeNull || k.maybeNull };
      }
      case 'ref':
        switch (e.ref) {
          case 'let':
          case 'adjust':
            return this.ref(e.ref, e.name);
          case 'indicator':
            return this.indicator(e.name);
          case 'weighted':
            return this.weighted();
          case 'adjustments':
            return this.adjustments();
          case 'total':
            return this.total();
          case 'reward':
            return this.ref('reward', 'reward');
          case 'quota_rank':
            return NUM(M.fromEnds(new Decimal(1), new Decimal(Infinity)), true);
          default:
            return NONNUM();
        }
      case 'un': {
        const x = this.eval(e.e, s);
        return e.op === 'neg' ? { iv: M.neg(ivOf(x)), maybeNull: x.maybeNull } : NONNUM(x.maybeNull);
      }
      case 'bin':
        return this.binary(e, s);
      case 'if':
        return this.conditional(e, s);
      case 'call':
        return this.call(e, s);
      case 'interp':
        return this.interpolate(e, s);
      case 'steps':
        return this.steps(e, s);
      case 'ordered': {
        const body = this.eval(e.e, s);
        return { ...body, maybeNull: body.maybeNull || e.bounds.some((b) => this.eval(b, s).maybeNull) };
      }
      case 'map': {
        const k = this.eval(e.key, s);
        let iv: Interval | undefined;
        let maybeNull = k.maybeNull;
        for (const v of [...e.entries.map((x) => x.value), ...(e.otherwise ? [e.otherwise] : [])]) {
          const r = this.eval(v, s);
          if (r.iv) iv = iv ? M.hull(iv, r.iv) : r.iv;
          maybeNull ||= r.maybeNull;
        }
        return { ...(iv ? { iv } : {}), maybeNull };
      }
      case 'agg': {
        const inner: Scope = { rows: e.table, refine: new Map() };
        if (e.where) this.eval(e.where, inner);
        if (e.fn === 'count') return NUM(M.fromEnds(ZERO, new Decimal(Infinity)));
        const v = ivOf(this.eval(e.value!, inner));
        if (e.fn === 'sum') {
          if (M.lo(v).gte(0)) return NUM(M.fromEnds(ZERO, M.hi(v).isZero() ? ZERO : new Decimal(Infinity)));
          if (M.hi(v).lte(0)) return NUM(M.fromEnds(M.lo(v).isZero() ? ZERO : new Decimal(-Infinity), ZERO));
          return NUM(M.ALL);
        }
        return NUM(v, true);
      }
      case 'grouped': {
        const inner: Scope = { rows: e.table, refine: new Map() };
        this.eval(e.group, inner);
        return NUM(ivOf(this.eval(e.value, inner)), true);
      }
      case 'rank': {
        const v = this.eval(e.value, s);
        if (e.within) this.eval(e.within, s);
        return NUM(M.fromEnds(new Decimal(1), new Decimal(Infinity)), v.maybeNull);
      }
      case 'allocate': {
        const pool = this.eval(e.pool, s);
        const by = this.eval(e.by, s);
        const per = this.eval(e.per, s);
        const p = ivOf(pool);
        const iv = M.lo(p).gte(0) ? M.fromEnds(ZERO, M.hi(p)) : M.ALL;
        return NUM(iv, pool.maybeNull || by.maybeNull || per.maybeNull);
      }
    }
  }

  private column(table: string, col: string): Range {
    const c = this.columns.get(`${table}.${col}`);
    if (!c) return NUM(M.ALL, true);
    const numeric = ['number', 'integer', 'percent', 'money'].includes(c.type);
    return numeric ? NUM(columnRange(c), c.optional) : NONNUM(c.optional);
  }

  private binary(e: Extract<Expr, { k: 'bin' }>, s: Scope): Range {
    const l = this.eval(e.l, s);
    const r = this.eval(e.r, s);
    const maybeNull = l.maybeNull || r.maybeNull;
    const a = ivOf(l);
    const b = ivOf(r);
    switch (e.op) {
      case '+':
        return NUM(M.add(a, b), maybeNull);
      case '-':
        return NUM(M.sub(a, b), maybeNull);
      case '*':
        return NUM(M.mul(a, b), maybeNull);
      case '/':
        return NUM(M.div(a, b), maybeNull);
      default:
        return NONNUM(maybeNull);
    }
  }

  /** Narrowings implied by a condition being true (`positive`) or false; [] when none is known. */
  private narrowings(c: Expr, positive: boolean, s: Scope): { expr: Expr; iv: Interval }[] {
    if (c.k === 'un' && c.op === 'not') return this.narrowings(c.e, !positive, s);
    if (c.k !== 'bin') return [];
    if (c.op === 'and') return positive ? [...this.narrowings(c.l, true, s), ...this.narrowings(c.r, true, s)] : [];
    if (c.op === 'or') return positive ? [] : [...this.narrowings(c.l, false, s), ...this.narrowings(c.r, false, s)];
    if (!['<', '<=', '>', '>=', '=', '!='].includes(c.op)) return [];
    const constant = (x: Expr): Decimal | undefined => {
      const iv = this.eval(x, s).iv;
      return iv && M.isPoint(iv) ? iv.lo.v : undefined;
    };
    const flip: Record<string, '<' | '<=' | '>' | '>=' | '=' | '!='> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', '!=': '!=' };
    const negate: Record<string, '<' | '<=' | '>' | '>=' | '=' | '!='> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<', '=': '!=', '!=': '=' };
    let subject: Expr;
    let op = c.op as '<' | '<=' | '>' | '>=' | '=' | '!=';
    let v = constant(c.r);
    if (v) subject = c.l;
    else {
      v = constant(c.l);
      if (!v) return [];
      subject = c.r;
      op = flip[op]!;
    }
    if (!positive) op = negate[op]!;
    if (op === '!=') return [];
    return [{ expr: subject, iv: rowInterval(op, v) }];
  }

  /** The scope of a branch selected by narrowings, or undefined when the branch can never run. */
  private narrowed(s: Scope, ns: readonly { expr: Expr; iv: Interval }[]): Scope | undefined {
    if (!ns.length) return s;
    const refine = new Map(s.refine);
    for (const n of ns) {
      const key = canonical(n.expr);
      const cur = this.eval(n.expr, { ...s, refine }).iv ?? M.ALL;
      const iv = M.intersect(cur, n.iv);
      if (M.isEmpty(iv)) return undefined;
      refine.set(key, iv);
    }
    return { ...s, refine };
  }

  private conditional(e: Extract<Expr, { k: 'if' }>, s: Scope): Range {
    const c = this.eval(e.c, s);
    const st = this.narrowed(s, this.narrowings(e.c, true, s));
    const se = this.narrowed(s, this.narrowings(e.c, false, s));
    const t = st ? this.eval(e.t, st) : undefined;
    const f = se ? this.eval(e.e, se) : undefined;
    const parts = [t, f].filter((x): x is Range => !!x);
    const ivs = parts.map((x) => x.iv).filter((x): x is Interval => !!x);
    const iv = ivs.length ? ivs.reduce((a, b) => M.hull(a, b)) : undefined;
    return { ...(iv ? { iv } : {}), maybeNull: c.maybeNull || parts.some((x) => x.maybeNull) };
  }

  /** A plain built-in: its record's interval rule (src/builtins/<name>.ts `lint`). */
  private call(e: Extract<Expr, { k: 'call' }>, s: Scope): Range {
    const args = e.args.map((a) => this.eval(a, s));
    const b = findBuiltin(e.fn);
    if (!b) return NUM(M.ALL, args.some((a) => a.maybeNull));
    const lintArgs = e.args.map((expr, i) => ({ expr, range: args[i]!, iv: ivOf(args[i]!) }));
    const cap = (loser: number, winner: number) => this.capFinding(e, e.args[loser]!, lintArgs[loser]!.iv, e.args[winner]!, lintArgs[winner]!.iv);
    return b.lint(lintArgs, cap);
  }

  private interpolate(e: Extract<Expr, { k: 'interp' }>, s: Scope): Range {
    const x = this.eval(e.x, s);
    const X = ivOf(x);
    const pts = e.points.map(([a, b]) => [new Decimal(a), new Decimal(b)] as const);
    const n = pts.length;
    let iv: Interval | undefined;
    let maybeNull = x.maybeNull;
    const take = (r: Range | undefined) => {
      if (!r) return;
      if (r.iv) iv = iv ? M.hull(iv, r.iv) : r.iv;
      maybeNull ||= r.maybeNull;
    };
    // below: x < x0
    const x0 = pts[0]![0];
    const belowScope = this.narrowed(s, [{ expr: e.x, iv: rowInterval('<', x0) }]);
    if (belowScope) take(this.eval(e.below, belowScope));
    else this.unused(e, 'below', x, s);
    // segments: [x0, x1], (x1, x2], …
    const segHit: boolean[] = [];
    for (let k = 1; k < n; k++) {
      const [xa, ya] = pts[k - 1]!;
      const [xb, yb] = pts[k]!;
      const seg = M.between(xa, xb, k === 1, true);
      const part = M.intersect(X, seg);
      segHit[k] = !M.isEmpty(part);
      if (!segHit[k]) continue;
      const f = (v: Decimal) => ya.plus(yb.minus(ya).times(v.minus(xa)).div(xb.minus(xa)));
      const a = f(M.lo(part).isFinite() ? M.lo(part) : xa);
      const b = f(M.hi(part).isFinite() ? M.hi(part) : xb);
      take(NUM(M.fromEnds(Decimal.min(a, b), Decimal.max(a, b))));
    }
    // above: x > x_last
    const xl = pts[n - 1]![0];
    const aboveScope = this.narrowed(s, [{ expr: e.x, iv: rowInterval('>', xl) }]);
    if (aboveScope) take(e.above ? this.eval(e.above, aboveScope) : NUM(M.point(pts[n - 1]![1])));
    else if (e.above) this.unused(e, 'above', x, s);
    // A breakpoint is used when x reaches one of the segments next to it (or, for the last one
    // without an `above` row, the values past it).
    for (let k = 0; k < n; k++) {
      const used = !!segHit[k] || !!segHit[k + 1] || (k === n - 1 && !e.above && !!aboveScope);
      if (!used) this.unused(e, k, x, s);
    }
    return { iv: iv ?? M.ALL, maybeNull };
  }

  /** Reports an `interpolate` row (`below`, `above` or the index of a breakpoint) that is never used. */
  private unused(e: Extract<Expr, { k: 'interp' }>, which: 'below' | 'above' | number, x: Range, s: Scope): void {
    const rows = this.blockRows(e.at);
    const labelled = (r: { text: string }) => /^(below|above|低于|高于)\s*[:：]/.test(r.text);
    const points = rows.filter((r) => !labelled(r));
    const row =
      typeof which === 'number'
        ? points.length === e.points.length ? points[which] : undefined
        : rows.find((r) => r.text.startsWith(which) || r.text.startsWith(which === 'below' ? '低于' : '高于'));
    const point = row?.text ?? (typeof which === 'number' ? `${e.points[which]![0]}: ${e.points[which]![1]}` : which);
    const span = row && e.at ? { span: { file: e.at.file, start: row.start, end: row.end } } : {};
    this.report({ code: 'KPL2504', args: { point, value: display(this.plan, e.x), range: M.show(this.eval(e.x, s).iv ?? ivOf(x)) }, ...(e.at ? { at: e.at } : {}), ...span }, String(which));
  }

  /** The rows of a call's table block in the source (`{ below: 0; 70: 40 }`), with their offsets. */
  private blockRows(at: SourceRef | undefined): { text: string; start: number; end: number }[] {
    const text = at ? this.plan.sources.find((x) => x.name === at.file)?.text : undefined;
    if (!at || text === undefined) return [];
    const open = text.indexOf('{', at.start);
    if (open < 0 || open >= at.end) return [];
    const rows: { text: string; start: number; end: number }[] = [];
    let start = open + 1;
    const flush = (end: number) => {
      const raw = text.slice(start, end);
      const lead = raw.length - raw.trimStart().length;
      const body = raw.replace(/#.*$/s, '').trim();
      if (body) rows.push({ text: body, start: start + lead, end: start + lead + body.length });
    };
    for (let i = open + 1; i < at.end; i++) {
      const ch = text[i]!;
      if (ch === ';' || ch === '\n' || ch === '}') {
        flush(i);
        start = i + 1;
        if (ch === '}') break;
      }
    }
    return rows;
  }

  private steps(e: Extract<Expr, { k: 'steps' }>, s: Scope): Range {
    const x = this.eval(e.x, s);
    const X = ivOf(x);
    let remaining: Interval[] = [X];
    let iv: Interval | undefined;
    let maybeNull = x.maybeNull;
    const take = (r: Range) => {
      if (r.iv) iv = iv ? M.hull(iv, r.iv) : r.iv;
      maybeNull ||= r.maybeNull;
    };
    const rows: { text: string; value: Expr; hit: Interval[] }[] = [];
    for (const r of e.rows) {
      const cond = rowInterval(r.op, new Decimal(r.bound));
      const hit = remaining.map((x2) => M.intersect(x2, cond)).filter((x2) => !M.isEmpty(x2));
      remaining = M.subtractAll(remaining, cond);
      rows.push({ text: `${r.op} ${r.bound}: ${display(this.plan, r.value)}`, value: r.value, hit });
    }
    if (e.otherwise) rows.push({ text: `otherwise: ${display(this.plan, e.otherwise)}`, value: e.otherwise, hit: remaining });
    else if (remaining.length) maybeNull = true;
    for (const row of rows) {
      if (!row.hit.length) {
        const where = this.rowSpan(row.value);
        const text = where.span ? this.plan.sources.find((x) => x.name === where.span!.file)!.text.slice(where.span.start, where.span.end) : row.text;
        this.report({ code: 'KPL2503', args: { row: text.replace(/\s+/g, ' '), value: display(this.plan, e.x), range: M.show(X) }, ...(e.at ? { at: e.at } : {}), ...where }, row.text);
        continue;
      }
      const sc = this.narrowed(s, [{ expr: e.x, iv: row.hit.reduce((a, b) => M.hull(a, b)) }]);
      take(this.eval(row.value, sc ?? s));
    }
    return { iv: iv ?? M.ALL, maybeNull };
  }

  /** The source span of a whole table row (`>= 20: 100`) from the span of its value. */
  private rowSpan(value: Expr): { span?: { file: string; start: number; end: number } } {
    const at = value.at;
    const text = at ? this.plan.sources.find((x) => x.name === at.file)?.text : undefined;
    if (!at || text === undefined) return {};
    let i = at.start;
    while (i > 0 && !'\n;{'.includes(text[i - 1]!)) i--;
    while (i < at.start && /\s/.test(text[i]!)) i++;
    return { span: { file: at.file, start: i, end: at.end } };
  }

  // ── caps ──────────────────────────────────────────────────────────────
  /** `loser` never decides the result of the call because `winner` always does. */
  private capFinding(call: Expr, loser: Expr, loserIv: Interval, winner: Expr, winnerIv: Interval): void {
    // A call without a source place is the compiler's (progressive's brackets are max(x - bound, 0)):
    // nothing the author wrote to point at or to remove.
    if (!call.at) return;
    const callText = display(this.plan, call);
    const constLoser = M.isPoint(loserIv);
    const constWinner = M.isPoint(winnerIv);
    if (constWinner && !constLoser) {
      // min(x, 5) with x ≥ 10: always 5.
      this.report({ code: 'KPL2506', args: { call: callText, cap: display(this.plan, winner), value: display(this.plan, loser), range: M.show(loserIv) }, ...(call.at ? { at: call.at } : {}) }, 'always');
      return;
    }
    const help = !constLoser ? phrase('alwaysIn', { value: display(this.plan, loser), range: M.show(loserIv) }) : undefined;
    this.report(
      { code: 'KPL2505', args: { cap: display(this.plan, loser), call: callText, value: display(this.plan, winner), range: M.show(winnerIv) }, ...(loser.at ?? call.at ? { at: loser.at ?? call.at } : {}), ...(help ? { help } : {}) },
      canonical(loser),
    );
  }

  report(f: Finding, discriminator: string): void {
    const key = `${f.code}@${f.at?.file}:${f.at?.start}:${f.at?.end}:${discriminator}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.findings.push(f);
  }

  /** Text of an expression for messages. */
  text(e: Expr): string {
    return display(this.plan, e);
  }

  source(at: SourceRef | undefined): string | undefined {
    return sourceText(this.plan, at);
  }
}

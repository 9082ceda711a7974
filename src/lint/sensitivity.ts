/**
 * How far one indicator can move the total on its own: a bound `k·Δ + j` on the change of the
 * total when only that indicator's score changes by Δ (everything else held fixed). `k` bounds
 * the slope (through weights, shares after re-normalisation, sums, products by constants, min,
 * max, clamp, interpolation), `j` bounds the jumps (rounding, an interpolation's `below`/`above`
 * values). Anything the bound cannot follow — the indicator inside a condition, a steps table, a
 * product of two quantities that both depend on it — gives Infinity, and no finding.
 */
import type { Expr, Indicator } from '../plan/schema.ts';
import { Decimal } from '../numeric/decimal.ts';
import * as M from '../numeric/interval-math.ts';
import type { RangeAnalysis } from './ranges.ts';
import { findBuiltin, type SensOps } from '../builtins/registry.ts';
import { children } from '../plan/walk.ts';

export interface Sens {
  readonly k: Decimal;
  readonly j: Decimal;
}

const ZERO = new Decimal(0);
const INF = new Decimal(Infinity);
const NONE: Sens = { k: ZERO, j: ZERO };
const UNKNOWN: Sens = { k: INF, j: INF };
const isNone = (s: Sens) => s.k.isZero() && s.j.isZero();
const plus = (a: Sens, b: Sens): Sens => ({ k: a.k.plus(b.k), j: a.j.plus(b.j) });
const most = (a: Sens, b: Sens): Sens => ({ k: Decimal.max(a.k, b.k), j: Decimal.max(a.j, b.j) });
/** a × f, with 0 × ∞ = 0 (no dependence stays none, a zero weight removes any dependence). */
const times = (x: Decimal, f: Decimal): Decimal => (x.isZero() || f.isZero() ? ZERO : x.times(f));
const scale = (a: Sens, f: Decimal): Sens => ({ k: times(a.k, f), j: times(a.j, f) });

/**
 * Which named values (`ind:ID`, `let:NAME`, `adjust:NAME`, `weighted`, `adjustments`) read which,
 * reversed: for one target, only the values that depend on it can move with it. Built once per
 * plan, so the sensitivity of every indicator costs the size of its dependents, not of the plan
 * (`kpl check` on 4,000 sibling indicators is linear).
 */
export class Dependents {
  private readonly readers = new Map<string, string[]>();
  /** Position of each indicator among its siblings, to add shares in the order written. */
  readonly position = new Map<string, number>();

  constructor(plan: RangeAnalysis['plan']) {
    const edge = (read: string, reader: string): void => {
      const list = this.readers.get(read);
      if (list) list.push(reader);
      else this.readers.set(read, [reader]);
    };
    const refsOf = (e: Expr, reader: string): void => {
      const stack: Expr[] = [e];
      while (stack.length) {
        const x = stack.pop()!;
        if (x.k === 'ref') {
          if (x.ref === 'indicator') edge('ind:' + x.name, reader);
          else if (x.ref === 'let' || x.ref === 'adjust') edge(`${x.ref}:${x.name}`, reader);
          else if (x.ref === 'weighted' || x.ref === 'adjustments') edge(x.ref, reader);
        }
        stack.push(...children(x));
      }
    };
    const tree = (nodes: readonly Indicator[], parent: string): void => {
      nodes.forEach((n, i) => {
        this.position.set(n.id, i);
        edge('ind:' + n.id, parent);
        if (n.rule) refsOf(n.rule, 'ind:' + n.id);
        tree(n.children, 'ind:' + n.id);
      });
    };
    tree(plan.indicators, 'weighted');
    for (const l of plan.lets) refsOf(l.expr, 'let:' + l.name);
    for (const a of plan.adjustments) {
      refsOf(a.expr, 'adjust:' + a.name);
      edge('adjust:' + a.name, 'adjustments');
    }
  }

  /** Every named value that reads `key`, directly or not, and `key` itself. */
  of(key: string): Set<string> {
    const seen = new Set<string>([key]);
    const todo = [key];
    while (todo.length) for (const r of this.readers.get(todo.pop()!) ?? []) if (!seen.has(r)) (seen.add(r), todo.push(r));
    return seen;
  }
}

export class Sensitivity {
  private readonly memo = new Map<string, Sens>();
  /** The named values that can move with the target (all, when not given). */
  private readonly affected: Set<string> | undefined;

  constructor(
    private readonly ra: RangeAnalysis,
    private readonly target: string,
    private readonly dependents?: Dependents,
  ) {
    this.affected = dependents?.of('ind:' + target);
  }

  /** Sensitivity of the total (after vetoes) to the target indicator. */
  total(): Sens {
    const plan = this.ra.plan;
    let s = plan.total ? this.expr(plan.total.expr) : plus(this.named('weighted'), this.named('adjustments'));
    for (const v of plan.vetoes) {
      if (!isNone(this.expr(v.when))) return UNKNOWN;
      if (v.effect.k === 'total') s = most(s, this.expr(v.effect.value));
    }
    return s;
  }

  private named(key: string): Sens {
    // A value that does not read the target, even indirectly, does not move with it.
    if (this.affected && !this.affected.has(key)) return NONE;
    const m = this.memo.get(key);
    if (m) return m;
    this.memo.set(key, UNKNOWN); // a cycle: give up
    let r: Sens;
    const plan = this.ra.plan;
    if (key === 'weighted') r = this.group(plan.indicators);
    else if (key === 'adjustments') r = plan.adjustments.reduce((a, x) => plus(a, this.named('adjust:' + x.name)), NONE);
    else if (key.startsWith('ind:')) r = this.indicator(this.ra.nodes.get(key.slice(4))!.node);
    else if (key.startsWith('let:')) r = this.exprOf(plan.lets.find((l) => l.name === key.slice(4))?.expr);
    else if (key.startsWith('adjust:')) r = this.exprOf(plan.adjustments.find((a) => a.name === key.slice(7))?.expr);
    else r = UNKNOWN;
    this.memo.set(key, r);
    return r;
  }

  private exprOf(e: Expr | undefined): Sens {
    return e ? this.expr(e) : UNKNOWN;
  }

  private indicator(n: Indicator): Sens {
    if (n.id === this.target) return { k: new Decimal(1), j: ZERO };
    if (n.rule) return this.expr(n.rule);
    return this.group(n.children);
  }

  /** A weighted mean moves by at most Σ shareᵢ · (movement of childᵢ). */
  private group(siblings: readonly Indicator[]): Sens {
    let children = siblings;
    if (this.affected && this.dependents && siblings.length > 8) {
      // Only the children that move with the target, in the order written.
      const moving: Indicator[] = [];
      for (const key of this.affected) {
        if (!key.startsWith('ind:')) continue;
        const n = this.ra.nodes.get(key.slice(4));
        if (n && siblings[this.dependents.position.get(n.node.id)!] === n.node) moving.push(n.node);
      }
      moving.sort((a, b) => this.dependents!.position.get(a.id)! - this.dependents!.position.get(b.id)!);
      children = moving;
    }
    return children.reduce((acc, c) => {
      const s = this.named('ind:' + c.id);
      // The share among all the siblings (not only those that move): their weights are the denominator.
      return isNone(s) ? acc : plus(acc, scale(s, this.ra.shareBound(c, siblings)));
    }, NONE);
  }

  private range(e: Expr) {
    return this.ra.eval(e, { refine: new Map() }).iv ?? M.ALL;
  }

  expr(e: Expr): Sens {
    switch (e.k) {
      case 'num':
      case 'missing':
      case 'bool':
      case 'str':
      case 'col':
      case 'rowcol':
        return NONE;
      case 'lookup':
        return isNone(this.expr(e.key)) ? NONE : UNKNOWN;
      case 'ref':
        switch (e.ref) {
          case 'indicator':
            return this.named('ind:' + e.name);
          case 'let':
          case 'adjust':
            return this.named(`${e.ref}:${e.name}`);
          case 'weighted':
          case 'adjustments':
            return this.named(e.ref);
          case 'total':
            return this.total();
          default:
            // grade, reward, rank in the distribution: they follow the total.
            return UNKNOWN;
        }
      case 'un':
        return e.op === 'neg' ? this.expr(e.e) : isNone(this.expr(e.e)) ? NONE : UNKNOWN;
      case 'bin': {
        const l = this.expr(e.l);
        const r = this.expr(e.r);
        switch (e.op) {
          case '+':
          case '-':
            return plus(l, r);
          case '*':
            if (isNone(l)) return scale(r, M.maxAbs(this.range(e.l)));
            if (isNone(r)) return scale(l, M.maxAbs(this.range(e.r)));
            return UNKNOWN;
          case '/': {
            if (!isNone(r)) return UNKNOWN;
            return scale(l, M.maxAbs(M.reciprocal(this.range(e.r))));
          }
          default:
            // A comparison jumps from false to true: no bound.
            return isNone(l) && isNone(r) ? NONE : UNKNOWN;
        }
      }
      case 'if':
        if (!isNone(this.expr(e.c))) return UNKNOWN;
        return most(this.expr(e.t), this.expr(e.e));
      case 'call':
        return this.call(e);
      case 'interp': {
        const x = this.expr(e.x);
        const below = this.expr(e.below);
        const above = e.above ? this.expr(e.above) : NONE;
        if (!isNone(below) || !isNone(above)) return UNKNOWN;
        if (isNone(x)) return NONE;
        const pts = e.points.map(([a, b]) => [new Decimal(a), new Decimal(b)] as const);
        let slope = ZERO;
        for (let i = 1; i < pts.length; i++) slope = Decimal.max(slope, pts[i]![1].minus(pts[i - 1]![1]).div(pts[i]![0].minus(pts[i - 1]![0])).abs());
        // Leaving the table at either end can jump to the `below`/`above` value.
        const y0 = pts[0]![1];
        const yl = pts[pts.length - 1]![1];
        const b = this.range(e.below);
        let jump = Decimal.max(M.hi(b).minus(y0).abs(), M.lo(b).minus(y0).abs());
        if (e.above) {
          const a = this.range(e.above);
          jump = jump.plus(Decimal.max(M.hi(a).minus(yl).abs(), M.lo(a).minus(yl).abs()));
        }
        return { k: times(x.k, slope), j: times(x.j, slope).plus(jump) };
      }
      case 'steps':
      case 'map':
      case 'agg':
      case 'grouped':
      case 'rank':
      case 'allocate': {
        const parts: Expr[] =
          e.k === 'steps' ? [e.x, ...e.rows.map((r) => r.value), ...(e.otherwise ? [e.otherwise] : [])]
          : e.k === 'map' ? [e.key, ...e.entries.map((r) => r.value), ...(e.otherwise ? [e.otherwise] : [])]
          : e.k === 'rank' ? [e.value, ...(e.within ? [e.within] : [])]
          : e.k === 'allocate' ? [e.pool, e.by, e.per]
          : [];
        return parts.every((p) => isNone(this.expr(p))) ? NONE : UNKNOWN;
      }
      case 'ordered':
        // The table itself reads its bounds; they only decide whether the person has a value.
        return e.bounds.every((b) => isNone(this.expr(b))) ? this.expr(e.e) : UNKNOWN;
    }
  }

  /** A plain built-in: its record's sensitivity rule (src/builtins/<name>.ts). */
  private call(e: Extract<Expr, { k: 'call' }>): Sens {
    const args = e.args.map((a) => this.expr(a));
    if (args.every(isNone)) return NONE;
    const b = findBuiltin(e.fn);
    return b ? b.sensitivity(this.ops, args, e.args) : UNKNOWN;
  }

  private readonly ops: SensOps<Sens> = {
    none: NONE,
    unknown: UNKNOWN,
    isNone,
    most,
    plus,
    scale,
    jump: (s, j) => ({ k: s.k, j: s.j.plus(j) }),
    range: (x) => this.range(x),
  };
}

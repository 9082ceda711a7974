/**
 * Arithmetic spelled out for one person: an expression with every value filled in
 * (`round(base_bonus * lookup(grade) {…}, 2)` → `11723.65 × 0.7 = 8206.555 → 8206.56`).
 * Sub-expressions are evaluated with the evaluator itself (memoised values are reused), so the
 * numbers shown are the numbers used.
 */
import type { Expr } from '../plan/schema.ts';
import type { Value } from '../data/value.ts';
import { Decimal } from '../numeric/decimal.ts';
import { evalExpr } from '../evaluator/eval-expr.ts';
import type { Evaluation } from '../evaluator/evaluation.ts';
import type { Person } from '../evaluator/person.ts';
import { findBuiltin } from '../builtins/registry.ts';
import { keyText } from '../data/key-text.ts';
import { oneLine, sourceText } from './source-text.ts';

/** A value for reading: exact up to 6 decimal places, else 6 places and `…`. Missing is `—`. */
export function fmtValue(v: Value | undefined): string {
  if (v === null || v === undefined) return '—';
  if (v instanceof Decimal) {
    const exact = v.toFixed();
    if (v.decimalPlaces() <= 6) return clean(exact);
    return clean(v.toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed()) + '…';
  }
  return String(v);
}

function clean(s: string): string {
  return s === '-0' ? '0' : s;
}

/** A fraction as a percentage: 0.25 → 25%, 0.4285714… → 42.857143…%. */
export function fmtPercent(v: Decimal): string {
  return fmtValue(v.times(100)) + '%';
}

/** Evaluates a sub-expression for the person; undefined when it cannot be evaluated. */
export function valueOf(ev: Evaluation, p: Person, e: Expr): Value | undefined {
  try {
    return evalExpr(ev, p, e);
  } catch {
    return undefined;
  }
}

const PREC: Record<string, number> = { or: 1, and: 2, '<': 3, '<=': 3, '>': 3, '>=': 3, '=': 3, '!=': 3, '+': 4, '-': 4, '*': 5, '/': 5 };
const SHOW: Record<string, string> = { '*': '×', '/': '÷', '-': '−', '<=': '≤', '>=': '≥', '!=': '≠' };

export class Arithmetic {
  constructor(
    private readonly ev: Evaluation,
    private readonly p: Person,
  ) {}

  /** The expression with values filled in. */
  fill(e: Expr): string {
    return this.go(e, 0);
  }

  private text(e: Expr): string {
    return oneLine(sourceText(this.ev.plan, e.at) ?? e.k);
  }

  private leaf(e: Expr): string {
    if (e.k === 'col') {
      const raw = this.p.row.raw[e.col];
      if (raw !== undefined && raw.trim() !== '') return raw.trim();
    }
    return fmtValue(valueOf(this.ev, this.p, e));
  }

  private go(e: Expr, outer: number): string {
    switch (e.k) {
      case 'num':
        // A constant the checker made (a bracket's width) has no source text: its value.
        return e.at ? this.text(e) : fmtValue(new Decimal(e.v));
      case 'bin': {
        const prec = PREC[e.op]!;
        const l = this.go(e.l, prec);
        // Right operands of − and ÷ need brackets at equal precedence.
        const r = this.go(e.r, e.op === '-' || e.op === '/' ? prec + 1 : prec);
        const s = `${l} ${SHOW[e.op] ?? e.op} ${r}`;
        return prec < outer ? `(${s})` : s;
      }
      case 'un':
        return e.op === 'neg' ? `−${this.go(e.e, 6)}` : `not ${this.go(e.e, 6)}`;
      case 'call': {
        const b = findBuiltin(e.fn);
        if (!b || b.shownAsValue) return this.leaf(e);
        return `${b.name}(${e.args.map((a) => this.go(a, 0)).join(', ')})`;
      }
      case 'map': {
        // A lookup that gives a number written in the table shows it as written (1.0, not 1).
        const k = valueOf(this.ev, this.p, e.key);
        const key = keyText(k ?? null);
        const hit = key === undefined ? undefined : (e.entries.find((x) => x.key === key)?.value ?? e.otherwise);
        if (hit && hit.k === 'num') return this.text(hit);
        return this.leaf(e);
      }
      default: {
        const t = this.leaf(e);
        // A negative value inside an operation gets brackets: 3 + (-15).
        return outer > 0 && t.startsWith('-') ? `(${t})` : t;
      }
    }
  }

  /**
   * The computation of an expression as a chain: `filled = value`, and for a rounding at the
   * top `filled = unrounded → rounded`. Undefined when there is nothing to compute (a bare value).
   */
  chain(e: Expr): { text: string; value: Value | undefined } | undefined {
    // A table with computed bounds: the table's own computation (its bounds are listed apart).
    if (e.k === 'ordered') return valueOf(this.ev, this.p, e) === null ? undefined : this.chain(e.e);
    const value = valueOf(this.ev, this.p, e);
    const b = e.k === 'call' ? findBuiltin(e.fn) : undefined;
    if (e.k === 'call' && b?.decimalsArg !== undefined) {
      const inner = e.args[0]!;
      const iv = valueOf(this.ev, this.p, inner);
      const filled = this.fill(inner);
      const head = filled === fmtValue(iv) ? filled : `${filled} = ${fmtValue(iv)}`;
      return { text: `${head} → ${fmtRounded(value, e)}`, value };
    }
    if (!isComputed(e)) return undefined;
    const filled = this.fill(e);
    if (filled === fmtValue(value)) return undefined;
    return { text: `${filled} = ${fmtValue(value)}`, value };
  }
}

/** True for expressions whose value comes from arithmetic or a built-in function. */
function isComputed(e: Expr): boolean {
  return e.k === 'bin' || e.k === 'un' || (e.k === 'call' && findBuiltin(e.fn)?.shownAsValue !== true);
}

/** A value computed by `e`: with the decimals of `e`'s rounding when `e` is a `round(x, n)`. */
export function fmtRounded(v: Value | undefined, e: Expr): string {
  const r = roundingOf(e);
  if (r && v instanceof Decimal && /^\d+$/.test(r.places)) return v.toFixed(Number(r.places));
  return fmtValue(v);
}

/** The number of decimal places and rounding mode of a top-level `round(x, n[, mode])`. */
export function roundingOf(e: Expr): { places: string; mode: string } | undefined {
  const b = e.k === 'call' ? findBuiltin(e.fn) : undefined;
  if (e.k !== 'call' || b?.decimalsArg === undefined) return undefined;
  const n = e.args[b.decimalsArg];
  const m = e.args[b.decimalsArg + 1];
  return { places: n && n.k === 'num' ? n.v : '?', mode: m && m.k === 'str' ? m.v : 'half_up' };
}

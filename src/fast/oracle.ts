/**
 * The exact interpreter (src/evaluator), run for the few people the fast code could not settle:
 * a decision within the float error bound, an evaluation error, a data row in error. It evaluates
 * a small population made of just those people (their related rows, the whole lookup tables), so
 * what it computes is what the full exact run computes for them: every per-person value depends
 * only on the person's own data, and cohort results (grades after the forced distribution, ranks,
 * allocated shares) are injected from the fast engine's cohort steps.
 */
import type { Expr, Plan } from '../plan/schema.ts';
import type { LoadedData, Row, Table } from '../data/table.ts';
import type { Value } from '../data/value.ts';
import { Decimal } from '../numeric/decimal.ts';
import { Evaluation } from '../evaluator/evaluation.ts';
import { EvalError } from '../evaluator/eval-error.ts';
import { evalExpr } from '../evaluator/eval-expr.ts';
import type { Person } from '../evaluator/person.ts';
import { rowOfColumns, type FastData, type FastTable } from '../columnar/columns.ts';
import { dict } from '../source/dict.ts';

/** Cohort results to inject, by global person index. */
export interface Injection {
  readonly grade?: (i: number) => string | undefined;
  readonly qrank?: (i: number) => number | undefined;
  readonly ranks?: ReadonlyMap<object, (i: number) => Decimal | null>;
  readonly allocs?: ReadonlyMap<object, (i: number) => Decimal | null>;
}

/** Raised when the exact interpreter finds an evaluation error the fast engine cannot place in a cohort run. */
export class NeedsExactRun extends Error {}

class InjectedEvaluation extends Evaluation {
  index = new Map<Person, number>();
  injection: Injection = {};

  override distribute(): void {
    if (!this.injection.grade) super.distribute();
  }

  override rank(p: Person, e: Extract<Expr, { k: 'rank' }>): Value {
    const f = this.injection.ranks?.get(e);
    if (!f) return super.rank(p, e);
    if (!p.ok) throw p.error ?? new EvalError('KPL4002', { key: p.key });
    return f(this.index.get(p)!);
  }

  override allocate(p: Person, e: Extract<Expr, { k: 'allocate' }>): Value {
    const f = this.injection.allocs?.get(e);
    if (!f) return super.allocate(p, e);
    if (!p.ok) throw p.error ?? new EvalError('KPL4002', { key: p.key });
    return f(this.index.get(p)!);
  }
}

export class Oracle {
  private readonly tableRows = new Map<string, Row[]>();
  private readonly single = new Map<number, { ev: InjectedEvaluation; p: Person }>();
  /** People evaluated exactly so far (for statistics). */
  evaluated = 0;

  constructor(
    readonly plan: Plan,
    readonly data: FastData,
    private readonly injection: Injection = {},
  ) {}

  withInjection(injection: Injection): Oracle {
    return new Oracle(this.plan, this.data, injection);
  }

  /** A row of a table as src/data would have loaded it (the original row when there is one). */
  rowOf(t: FastTable, i: number): Row {
    return rowOfColumns(t, i);
  }

  private allRows(t: FastTable): Row[] {
    let rows = this.tableRows.get(t.input.name);
    if (!rows) {
      rows = t.rows ? [...t.rows] : Array.from({ length: t.size }, (_, i) => this.rowOf(t, i));
      this.tableRows.set(t.input.name, rows);
    }
    return rows;
  }

  /** Loaded data holding only the given people (in input order) and what they refer to. */
  miniData(persons: readonly number[]): LoadedData {
    const tables: Record<string, Table> = dict();
    for (const [name, t] of this.data.tables) {
      let rows: Row[];
      if (t === this.data.population) rows = persons.map((i) => this.rowOf(t, i));
      else if (t.input.role === 'lookup') rows = this.allRows(t);
      else {
        const index = this.data.related.get(name)!;
        const seen = new Set<string>();
        const picked: number[] = [];
        for (const i of persons) {
          const k = this.data.population.keys[i]!;
          if (seen.has(k)) continue;
          seen.add(k);
          const list = index.get(k);
          if (list) for (const r of list) picked.push(r);
        }
        picked.sort((a, b) => a - b);
        rows = picked.map((r) => this.rowOf(t, r));
      }
      tables[name] = { name, role: t.input.role, file: t.file, columns: t.input.columns.map((c) => c.name), rows, complete: true };
    }
    return { tables, diagnostics: [] };
  }

  /** An exact evaluation of the given people, cohort results injected. */
  evaluation(persons: readonly number[]): { ev: InjectedEvaluation; people: Person[] } {
    const data = this.miniData(persons);
    const ev = new InjectedEvaluation(this.plan, data);
    ev.injection = this.injection;
    ev.people.forEach((p, k) => {
      ev.index.set(p, persons[k]!);
      const g = this.injection.grade?.(persons[k]!);
      if (g !== undefined && p.ok) p.grade = g;
      const q = this.injection.qrank?.(persons[k]!);
      if (q !== undefined) p.distribution = [{ group: '', headcount: 0, grade: '', quota: 0, rank: q, candidates: 0, rule: '' }];
    });
    this.evaluated += persons.length;
    return { ev, people: ev.people };
  }

  /**
   * Forgets the memoised evaluations of `value`: call it when a cohort step has set the grades
   * (an evaluation takes a person's injected grade when it is made, so one made before the
   * distribution would go on reading the grade before it — in a reward weight, say).
   */
  gradesChanged(): void {
    this.single.clear();
  }

  /** The exact value of an expression for one person (memoised evaluation per person). */
  value(i: number, e: Expr): Value {
    let s = this.single.get(i);
    if (!s) {
      const { ev, people } = this.evaluation([i]);
      s = { ev, p: people[0]! };
      this.single.set(i, s);
    }
    try {
      return evalExprOf(s.ev, s.p, e);
    } catch (err) {
      if (err instanceof EvalError) throw new NeedsExactRun(`evaluation error for ${s.p.key}`);
      throw err;
    }
  }
}

function evalExprOf(ev: Evaluation, p: Person, e: Expr): Value {
  return evalExpr(ev, p, e);
}

/**
 * The evaluation of a plan over loaded data: people in input order, their named values computed
 * on demand and memoised, and the cohort steps (forced distribution, ranking, pool allocation)
 * computed once for everybody when first needed.
 */
import type { Expr, Indicator, Plan } from '../plan/schema.ts';
import type { LoadedData, Row, Table } from '../data/table.ts';
import type { Value } from '../data/value.ts';
import { groupRelated } from '../data/group-related.ts';
import { keyText } from '../data/key-text.ts';
import { Decimal, ZERO, ONE, cmpExact } from '../numeric/decimal.ts';
import { Person } from './person.ts';
import { EvalError } from './eval-error.ts';
import { evalExpr, type Env } from './eval-expr.ts';
import { runDistribution } from './distribution.ts';
import { allocateLargestRemainder } from './allocate.ts';
import type { EvalRecorder } from './recorder.ts';
import type { PoolReport } from '../semantics/pool-report.ts';
import { firstTotalVeto, gradeAfterVetoes, gradeVetoes, totalVetoes, type GradeVeto, type TotalVeto } from '../semantics/veto.ts';
import { assessment, type AssessedValue } from '../semantics/assessment.ts';
import { children } from '../plan/walk.ts';
import { keyComparator } from '../semantics/key-order.ts';
import { phrase } from '../diagnostics/phrases.ts';

type Ref = Extract<Expr, { k: 'ref' }>;

export type { PoolReport };

/**
 * Thrown while people's own values are evaluated before the cohort steps (assessAll) when a value
 * needs a cohort result (a rank, the distribution's grade, a pool share): that part waits. Never
 * escapes assessAll.
 */
class CohortPending extends Error {}

export class Evaluation implements Env {
  readonly people: Person[];
  readonly byKey = new Map<string, Person>();
  private readonly lookups = new Map<string, Map<string, Row>>();
  private readonly indicatorById = new Map<string, { node: Indicator; parent?: Indicator }>();
  private distributed = false;
  private readonly ranks = new WeakMap<object, Map<Person, Decimal>>();
  private readonly allocations = new WeakMap<object, Map<Person, Decimal>>();
  readonly pools: PoolReport[] = [];
  private readonly lets = new Map<string, Expr>();
  private readonly adjusts = new Map<string, Expr>();
  private readonly totalVetoes: TotalVeto[];
  private readonly gradeVetoes: GradeVeto[];
  /** Set while people's own values are evaluated with cohort results held back (assessAll). */
  private deferCohorts = false;
  private parts?: ((p: Person) => Value)[];

  constructor(
    readonly plan: Plan,
    readonly data: LoadedData,
    /** Optional instrumentation (coverage, explanations); see recorder.ts. */
    public recorder?: EvalRecorder,
  ) {
    const pop = plan.inputs.find((t) => t.role === 'population')!;
    const table = data.tables[pop.name]!;
    this.people = table.rows.map((row, i) => new Person(i, row, row.key ?? keyText(row.values[pop.key!]) ?? `#${i + 1}`));
    for (const p of this.people) if (!this.byKey.has(p.key)) this.byKey.set(p.key, p);
    for (const t of plan.inputs) {
      const data = this.data.tables[t.name];
      if (!data) continue;
      if (t.role === 'related') {
        const groups = groupRelated(data, t.by!);
        for (const p of this.people) p.related.set(t.name, groups.get(p.key) ?? []);
      } else if (t.role === 'lookup') this.lookups.set(t.name, indexRows(data));
    }
    const walk = (n: Indicator, parent?: Indicator) => {
      this.indicatorById.set(n.id, { node: n, ...(parent ? { parent } : {}) });
      n.children.forEach((c) => walk(c, n));
    };
    plan.indicators.forEach((n) => walk(n));
    for (const l of plan.lets) this.lets.set(l.name, l.expr);
    for (const a of plan.adjustments) this.adjusts.set(a.name, a.expr);
    this.totalVetoes = totalVetoes(plan);
    this.gradeVetoes = gradeVetoes(plan);
  }

  lookupRow(table: string, key: string): Row | undefined {
    return this.lookups.get(table)?.get(key);
  }

  describe(e: Expr): string {
    const at = 'at' in e ? e.at : undefined;
    if (!at) return e.k;
    const src = this.plan.sources.find((s) => s.name === at.file);
    return src ? src.text.slice(at.start, at.end) : e.k;
  }

  /** Runs `f` for a person; an evaluation error marks the person and yields undefined. */
  attempt<T>(p: Person, f: () => T): T | undefined {
    if (!p.ok) return undefined;
    try {
      return f();
    } catch (err) {
      if (err instanceof EvalError) {
        p.error = err;
        return undefined;
      }
      throw err;
    }
  }

  /**
   * Evaluates every person's assessment (src/semantics/assessment.ts), whatever the outputs read,
   * so a person's status never depends on the columns written. First each person's own values —
   * every indicator, then the weighted score, the total and the grade before the distribution — part
   * by part with cohort results held back (a part that needs a rank waits), so that everybody whose
   * own evaluation fails is an error row before a ranking, distribution or pool counts them; then
   * all of them again with the cohort results; then the distribution's grade and the reward.
   */
  assessAll(): void {
    this.decideExemptions();
    for (const p of this.people) this.assessOwn(p);
    const { individual, cohort } = assessment(this.plan);
    for (const p of this.people) this.attempt(p, () => this.ownParts(individual).forEach((part) => part(p)));
    for (const ref of cohort) for (const p of this.people) this.attempt(p, () => this.ref(p, { k: 'ref', ref, name: ref }));
    // Every pool is shared and reported, even when nobody could be assessed (then nobody asked
    // for a share): a lookup pool nobody belongs to is still KPL4003 (README 3.6 allocate).
    if (this.plan.reward) {
      const visit = (e: Expr): void => {
        if (e.k === 'allocate' && !this.allocations.has(e)) {
          const shares = new Map<Person, Decimal>();
          this.allocations.set(e, shares);
          this.allocateAll(e, shares);
        }
        children(e).forEach(visit);
      };
      visit(this.plan.reward.expr);
    }
  }

  /**
   * Who is not assessed (README 3.9 `exempt`): the exemptions are tried in the order written, before
   * anything else of the person is evaluated; the first whose condition is true gives the reason.
   * A missing condition does not exempt; a condition that fails makes the person an error row.
   * An exempt person is left out of everything after: no value, no ranking, quota or pool.
   */
  private decideExemptions(): void {
    const rules = this.plan.exemptions ?? [];
    if (!rules.length) return;
    for (const p of this.people) {
      this.attempt(p, () => {
        const hit = rules.find((x) => evalExpr(this, p, x.when) === true);
        if (hit) {
          this.recorder?.hit(p, hit, 0);
          p.exempt = hit.reason;
        }
      });
    }
  }

  /**
   * A person's own values (every indicator, the weighted score, the total, the grade before the
   * distribution), part by part, with cohort results held back: a part that needs one waits. A
   * failure makes the person an error row (p.error).
   */
  assessOwn(p: Person): void {
    const parts = this.ownParts(assessment(this.plan).individual);
    this.deferCohorts = true;
    try {
      for (const part of parts) {
        if (!p.ok) break;
        try {
          this.attempt(p, () => part(p));
        } catch (err) {
          if (!(err instanceof CohortPending)) throw err;
        }
      }
    } finally {
      this.deferCohorts = false;
    }
  }

  private ownParts(individual: readonly AssessedValue[]): ((p: Person) => Value)[] {
    if (this.parts) return this.parts;
    const parts: ((p: Person) => Value)[] = [];
    for (const id of this.indicatorById.keys()) parts.push((p) => this.indicator(p, id));
    for (const ref of individual) parts.push((p) => this.ref(p, { k: 'ref', ref, name: ref }));
    return (this.parts = parts);
  }

  private memo(p: Person, key: string, f: () => Value): Value {
    if (p.memo.has(key)) return p.memo.get(key)!;
    const v = f();
    p.memo.set(key, v);
    return v;
  }

  ref(p: Person, e: Ref): Value {
    switch (e.ref) {
      case 'let':
        return this.memo(p, 'let:' + e.name, () => evalExpr(this, p, this.lets.get(e.name)!));
      case 'adjust':
        return this.memo(p, 'adjust:' + e.name, () => evalExpr(this, p, this.adjusts.get(e.name)!));
      case 'indicator':
        return this.indicator(p, e.name);
      case 'weighted':
        return this.memo(p, 'weighted', () => this.weightedOf(p, this.plan.indicators, 'weighted'));
      case 'adjustments':
        return this.memo(p, 'adjustments', () => {
          let s = ZERO;
          for (const a of this.plan.adjustments) {
            const v = this.ref(p, { k: 'ref', ref: 'adjust', name: a.name });
            if (v === null) return null;
            s = s.plus(v as Decimal);
          }
          return s;
        });
      case 'total':
        return this.total(p);
      case 'grade_before':
        return this.gradeBefore(p);
      case 'grade':
        if (this.deferCohorts) throw new CohortPending();
        this.distribute();
        if (!p.ok) throw p.error ?? new EvalError('KPL4002', { key: p.key });
        return p.grade ?? this.gradeBefore(p);
      case 'quota_rank':
        if (this.deferCohorts) throw new CohortPending();
        this.distribute();
        return p.distribution.length ? new Decimal(p.distribution[p.distribution.length - 1]!.rank) : null;
      case 'reward':
        return this.memo(p, 'reward', () => {
          const v = evalExpr(this, p, this.plan.reward!.expr);
          if (v === null) throw new EvalError('KPL4001', { name: 'reward', reason: phrase('valueMissing') }, this.plan.reward!.at);
          return v;
        });
      case 'status':
        return p.ok ? 'ok' : 'error';
      case 'reason':
        // Only people who are assessed have values computed: they have no exemption reason.
        return p.exempt ?? null;
    }
  }

  /** An indicator's score: its rule, or the re-normalised weighted mean of its applicable children. */
  indicator(p: Person, id: string): Value {
    const key = 'ind:' + id;
    if (p.memo.has(key)) return p.memo.get(key)!;
    const { node } = this.indicatorById.get(id)!;
    let score: Value;
    let note: string | undefined;
    if (node.rule) score = evalExpr(this, p, node.rule);
    else score = this.weightedOf(p, node.children, id);
    if (score === null) {
      this.recorder?.hit(p, node, 0);
      if (node.missing === 'zero') {
        score = ZERO;
        note = 'not applicable: scored 0';
      } else if (node.missing === 'error') {
        throw new EvalError('KPL4001', { name: id, reason: phrase('notApplicableMissingError') }, node.at);
      } else note = 'not applicable: dropped, sibling weights re-normalised';
    }
    p.memo.set(key, score);
    p.indicators.set(id, { score: score as Decimal | null, weight: this.weightOf(p, node), ...(note ? { note } : {}) });
    return score;
  }

  weightOf(p: Person, n: Indicator): Decimal {
    const w = n.weight;
    if (w.k === 'fixed') return new Decimal(w.value);
    const v = keyText(p.row.values[w.col]);
    const hit = w.values.find((x) => x.key === v);
    this.recorder?.hit(p, w, hit ? w.values.indexOf(hit) : w.values.length, { key: v });
    return hit ? new Decimal(hit.value) : ZERO;
  }

  private weightedOf(p: Person, nodes: readonly Indicator[], owner: string): Value {
    let sum = ZERO;
    let weight = ZERO;
    for (const c of nodes) {
      const s = this.indicator(p, c.id);
      if (s === null) continue;
      const w = this.weightOf(p, c);
      sum = sum.plus((s as Decimal).times(w));
      weight = weight.plus(w);
    }
    if (weight.isZero()) {
      if (owner === 'weighted') throw new EvalError('KPL4001', { name: 'weighted', reason: phrase('noIndicatorApplies') });
      return null;
    }
    return weight.eq(ONE) ? sum : sum.div(weight);
  }

  total(p: Person): Value {
    return this.memo(p, 'total', () => {
      let t = evalExpr(this, p, this.plan.total!.expr);
      if (t === null) throw new EvalError('KPL4001', { name: 'total', reason: phrase('valueMissing') }, this.plan.total!.at);
      p.totalBeforeVeto = t as Decimal;
      // Inside a veto's `total = …`, `total` means the total before the veto (until it is decided).
      p.memo.set('total', t);
      try {
        const vetoes = this.totalVetoes;
        const k = firstTotalVeto(vetoes.length, (j) => evalExpr(this, p, vetoes[j]!.when) === true);
        if (k >= 0) {
          const v = vetoes[k]!;
          t = evalExpr(this, p, v.effect.value);
          // A vetoed total that is missing is a missing total (README 3.5): the person is an error row.
          if (t === null) throw new EvalError('KPL4001', { name: 'total', reason: v.text ? phrase('vetoMadeMissing', { text: v.text }) : phrase('aVetoMadeMissing') }, v.at);
          this.recorder?.hit(p, v, 0);
          p.veto = v.text ?? 'veto';
        }
      } catch (err) {
        p.memo.delete('total');
        throw err;
      }
      return t;
    });
  }

  /** The grade from the bands, after vetoes, before the forced distribution. */
  gradeBefore(p: Person): Value {
    return this.memo(p, 'grade_before', () => {
      const t = this.total(p) as Decimal;
      const band = this.plan.grades.find((b) => inBand(b, t)) ?? this.plan.grades.find((b) => b.otherwise);
      if (!band) throw new EvalError('KPL4001', { name: 'grade', reason: phrase('noBandContains', { total: t.toFixed() }) });
      p.band = band.grade;
      this.recorder?.hit(p, band, 0, { total: t });
      // Which grade the vetoes that hold give is decided in src/semantics/veto.ts.
      const order = this.plan.grades.map((b) => b.grade);
      const vetoes = this.gradeVetoes;
      const applied: string[] = [];
      const g = order[
        gradeAfterVetoes(vetoes, this.plan.grades.indexOf(band), (k) => {
          const v = vetoes[k]!.veto;
          if (evalExpr(this, p, v.when) !== true) return false;
          this.recorder?.hit(p, v, 0);
          applied.push(v.text ?? 'veto');
          return true;
        })
      ]!;
      if (applied.length) p.veto = [p.veto, ...applied].filter(Boolean).join('; ');
      p.gradeBefore = g;
      return g;
    });
  }

  /** Runs the forced distribution for everybody, once. */
  distribute(): void {
    if (this.distributed) return;
    this.distributed = true;
    for (const p of this.people) this.attempt(p, () => this.gradeBefore(p));
    for (const p of this.people) if (p.ok) p.grade = p.gradeBefore;
    if (this.plan.distribution) runDistribution(this, this.plan.distribution);
  }

  /** A rank (README 3.6): over the people who could be evaluated — error rows are not ranked. */
  rank(p: Person, e: Extract<Expr, { k: 'rank' }>): Value {
    if (this.deferCohorts) throw new CohortPending();
    let ranks = this.ranks.get(e);
    if (!ranks) {
      ranks = new Map();
      this.ranks.set(e, ranks);
      const groups = new Map<string, { p: Person; v: Decimal }[]>();
      for (const q of this.people) {
        const v = this.attempt(q, () => evalExpr(this, q, e.value));
        if (v === undefined || v === null) continue;
        const g = e.within ? (keyText(this.attempt(q, () => evalExpr(this, q, e.within!)) ?? null) ?? '') : '';
        const list = groups.get(g) ?? [];
        list.push({ p: q, v: v as Decimal });
        groups.set(g, list);
      }
      for (const list of groups.values()) {
        const sorted = [...list].sort((a, b) => (e.desc ? cmpExact(b.v, a.v) : cmpExact(a.v, b.v)));
        // Competition ranking: equal values share a rank (1, 2, 2, 4).
        sorted.forEach((x, i) => ranks!.set(x.p, new Decimal(i > 0 && cmpExact(sorted[i - 1]!.v, x.v) === 0 ? ranks!.get(sorted[i - 1]!.p)!.toNumber() : i + 1)));
      }
    }
    if (!p.ok) throw p.error ?? new EvalError('KPL4002', { key: p.key });
    return ranks.get(p) ?? null;
  }

  allocate(p: Person, e: Extract<Expr, { k: 'allocate' }>): Value {
    if (this.deferCohorts) throw new CohortPending();
    let shares = this.allocations.get(e);
    if (!shares) {
      shares = new Map();
      this.allocations.set(e, shares);
      this.allocateAll(e, shares);
    }
    if (!p.ok) throw p.error ?? new EvalError('KPL4002', { key: p.key });
    return shares.get(p) ?? null;
  }

  /** The group key of a person in error, when it can still be read; undefined otherwise. */
  private groupKeyOf(p: Person, per: Expr): string | undefined {
    try {
      return keyText(evalExpr(this, p, per));
    } catch {
      return undefined;
    }
  }

  private allocateAll(e: Extract<Expr, { k: 'allocate' }>, shares: Map<Person, Decimal>): void {
    const groups = new Map<string, { p: Person; w: Decimal; pool: Decimal }[]>();
    const excluded = new Map<string, string[]>();
    for (const q of this.people) {
      // Someone not assessed is not in a pool at all (README 3.9 `exempt`).
      if (q.exempt !== undefined) continue;
      const r = this.attempt(q, () => {
        const g = keyText(evalExpr(this, q, e.per));
        const pool = evalExpr(this, q, e.pool);
        const w = evalExpr(this, q, e.by);
        if (g === undefined || pool === null || w === null) throw new EvalError('KPL4001', { name: 'reward', reason: phrase('poolGroupWeightMissing') }, e.at);
        return { g, pool: pool as Decimal, w: w as Decimal };
      });
      if (!r) {
        // Someone who could not be assessed takes no share; the group's report names them.
        const g = this.groupKeyOf(q, e.per);
        if (g !== undefined) excluded.set(g, [...(excluded.get(g) ?? []), q.key]);
        continue;
      }
      const list = groups.get(r.g) ?? [];
      list.push({ p: q, w: r.w, pool: r.pool });
      groups.set(r.g, list);
    }
    for (const [g, members] of groups) {
      const pool = members[0]!.pool;
      const odd = members.find((m) => !m.pool.eq(pool));
      if (odd) {
        for (const m of members) m.p.error = new EvalError('KPL4004', { group: g, a: pool.toFixed(), b: odd.pool.toFixed() }, e.at);
        continue;
      }
      const r = allocateLargestRemainder(pool, members.map((m) => Decimal.max(m.w, ZERO)), e.decimals, members.map((m) => m.p.key), keyComparator(this.plan));
      const totalWeight = members.reduce((a, m) => a.plus(m.w), ZERO);
      this.recorder?.hit(undefined, e, members.some((m) => m.w.gt(0)) ? 0 : 1, { group: g });
      members.forEach((m, i) => {
        shares.set(m.p, r.shares[i]!);
        m.p.allocation = { group: g, pool, weight: m.w, totalWeight, share: r.shares[i]! };
      });
      const left = excluded.get(g);
      this.pools.push({ group: g, pool, allocated: pool.minus(r.unallocated), unallocated: r.unallocated, ...(totalWeight.isZero() ? { reason: phrase('allWeightsZero') } : {}), ...(left ? { excluded: left } : {}) });
    }
    // Pools of lookup rows nobody belongs to are reported too, so no money disappears silently.
    if (e.pool.k === 'lookup') {
      const table = e.pool.table;
      for (const [key, row] of this.lookups.get(table) ?? []) {
        if (groups.has(key)) continue;
        const v = row.values[e.pool.col];
        if (v instanceof Decimal) this.pools.push({ group: key, pool: v, allocated: ZERO, unallocated: v, reason: phrase('nobodyInGroup') });
      }
    }
  }
}

function indexRows(t: Table): Map<string, Row> {
  const m = new Map<string, Row>();
  for (const r of t.rows) if (r.key !== undefined && r.errors.length === 0 && !m.has(r.key)) m.set(r.key, r);
  return m;
}

function inBand(b: Plan['grades'][number], t: Decimal): boolean {
  if (b.otherwise) return false;
  if (b.low) {
    const c = cmpExact(t, new Decimal(b.low.value));
    if (c < 0 || (c === 0 && !b.low.inclusive)) return false;
  }
  if (b.high) {
    const c = cmpExact(t, new Decimal(b.high.value));
    if (c > 0 || (c === 0 && !b.high.inclusive)) return false;
  }
  return true;
}

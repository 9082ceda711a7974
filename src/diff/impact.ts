/**
 * What a policy change does to people: both versions evaluated on the same data, person by
 * person (matched by key): the change of total, grade and reward, who moves between grades, the
 * grade distribution before and after, the reward total (per group when the policy has one) and
 * whose status changes (assessed ↔ cannot be assessed).
 */
import type { Expr, Plan } from '../plan/schema.ts';
import type { LoadedData } from '../data/table.ts';
import { evaluate } from '../evaluator/evaluate.ts';
import type { Evaluation } from '../evaluator/evaluation.ts';
import type { Person } from '../evaluator/person.ts';
import { evalExpr } from '../evaluator/eval-expr.ts';
import { keyText } from '../data/key-text.ts';
import { Decimal, formatDecimal } from '../numeric/decimal.ts';
import { diag } from '../diagnostics/diagnostic.ts';
import { display } from './expr-text.ts';

export interface Outcome {
  readonly status: 'ok' | 'error';
  readonly total?: Decimal;
  readonly grade?: string;
  readonly reward?: Decimal;
  /** The person's group (`distribute per unit`, `allocate(…, per: team)`). */
  readonly group?: string;
  /** Why the person could not be assessed. */
  readonly error?: string;
}

export interface PersonChange {
  readonly key: string;
  readonly name?: string;
  readonly old?: Outcome;
  readonly new?: Outcome;
  readonly deltaTotal?: Decimal;
  readonly deltaReward?: Decimal;
  readonly gradeChanged: boolean;
  readonly statusChanged: boolean;
}

export interface GroupReward {
  readonly group: string;
  readonly before: Decimal;
  readonly after: Decimal;
}

export interface Impact {
  /** People in either evaluation. */
  readonly people: number;
  /** People whose total, grade, reward or status changes, by |Δtotal| (largest first), then key. */
  readonly changed: PersonChange[];
  /** Moves between grades, counted (`A → B: 2`), best grades first. */
  readonly transitions: { readonly from: string; readonly to: string; readonly count: number }[];
  /** Grades in order (best first), `error` last when someone cannot be assessed. */
  readonly grades: string[];
  readonly before: Record<string, number>;
  readonly after: Record<string, number>;
  readonly reward?: { readonly before: Decimal; readonly after: Decimal; readonly groupBy?: string; readonly groups?: GroupReward[] };
}

const ref = (r: Extract<Expr, { k: 'ref' }>['ref']): Extract<Expr, { k: 'ref' }> => ({ k: 'ref', ref: r, name: r });

/** The grouping of a policy: its forced distribution's `per`, else its reward pool's `per`. */
export function groupExpr(plan: Plan): Expr | undefined {
  if (plan.distribution?.per) return plan.distribution.per;
  return plan.reward ? findAllocate(plan.reward.expr)?.per : undefined;
}

/** The first `allocate` inside an expression (its operands, table rows and entries included). */
function findAllocate(e: unknown): Extract<Expr, { k: 'allocate' }> | undefined {
  if (!e || typeof e !== 'object') return undefined;
  if (Array.isArray(e)) {
    for (const x of e) {
      const hit = findAllocate(x);
      if (hit) return hit;
    }
    return undefined;
  }
  if ((e as Expr).k === 'allocate') return e as Extract<Expr, { k: 'allocate' }>;
  for (const [k, v] of Object.entries(e)) {
    if (k === 'at') continue;
    const hit = findAllocate(v);
    if (hit) return hit;
  }
  return undefined;
}

function outcomes(plan: Plan, data: LoadedData): Map<string, { outcome: Outcome; person: Person }> {
  const r = evaluate(plan, data);
  const ev = r.evaluation;
  const group = groupExpr(plan);
  const out = new Map<string, { outcome: Outcome; person: Person }>();
  for (const pr of r.people) {
    const p = pr.person;
    const g = group ? ev.attempt(p, () => keyText(evalExpr(ev, p, group))) : undefined;
    if (pr.status !== 'ok' || !p.ok) {
      out.set(pr.key, { outcome: { status: 'error', error: reason(p), ...(g ? { group: g } : {}) }, person: p });
      continue;
    }
    const num = (v: unknown) => (v instanceof Decimal ? v : undefined);
    const total = num(read(ev, p, 'total'));
    const grade = plan.grades.length ? read(ev, p, 'grade') : undefined;
    const reward = plan.reward ? num(read(ev, p, 'reward')) : undefined;
    const outcome: Outcome = p.ok
      ? { status: 'ok', ...(total ? { total } : {}), ...(typeof grade === 'string' ? { grade } : {}), ...(reward ? { reward } : {}), ...(g ? { group: g } : {}) }
      : { status: 'error', error: reason(p), ...(g ? { group: g } : {}) };
    out.set(pr.key, { outcome, person: p });
  }
  return out;
}

function read(ev: Evaluation, p: Person, r: 'total' | 'grade' | 'reward') {
  return ev.attempt(p, () => ev.ref(p, ref(r)));
}

function reason(p: Person): string {
  const rowError = p.row.errors[0];
  if (rowError) return rowError.message;
  if (p.error) return diag(p.error.code, p.error.args).message;
  return 'cannot be assessed';
}

function nameOf(person: Person | undefined): string | undefined {
  if (!person) return undefined;
  for (const c of ['name', '姓名']) {
    const v = person.row.raw[c];
    if (v) return v;
  }
  return undefined;
}

export function impactOf(oldPlan: Plan, oldData: LoadedData, newPlan: Plan, newData: LoadedData): Impact {
  const a = outcomes(oldPlan, oldData);
  const b = outcomes(newPlan, newData);
  const keys = [...b.keys(), ...[...a.keys()].filter((k) => !b.has(k))];
  const changed: PersonChange[] = [];
  for (const key of keys) {
    const x = a.get(key)?.outcome;
    const y = b.get(key)?.outcome;
    const deltaTotal = x?.total && y?.total ? y.total.minus(x.total) : undefined;
    const deltaReward = x?.reward && y?.reward ? y.reward.minus(x.reward) : undefined;
    const gradeChanged = (x?.grade ?? '') !== (y?.grade ?? '') && !!x?.grade && !!y?.grade;
    const statusChanged = (x?.status ?? 'absent') !== (y?.status ?? 'absent');
    const totalChanged = deltaTotal ? !deltaTotal.isZero() : !!x?.total !== !!y?.total;
    const rewardChanged = deltaReward ? !deltaReward.isZero() : !!x?.reward !== !!y?.reward;
    if (!(totalChanged || rewardChanged || gradeChanged || statusChanged || (x?.grade ?? '') !== (y?.grade ?? ''))) continue;
    const name = nameOf(b.get(key)?.person ?? a.get(key)?.person);
    changed.push({
      key,
      ...(name ? { name } : {}),
      ...(x ? { old: x } : {}),
      ...(y ? { new: y } : {}),
      ...(deltaTotal ? { deltaTotal } : {}),
      ...(deltaReward ? { deltaReward } : {}),
      gradeChanged,
      statusChanged,
    });
  }
  const order = new Map(keys.map((k, i) => [k, i]));
  changed.sort((p, q) => {
    const dp = p.deltaTotal?.abs() ?? new Decimal(-1);
    const dq = q.deltaTotal?.abs() ?? new Decimal(-1);
    const c = dq.cmp(dp);
    return c !== 0 ? c : order.get(p.key)! - order.get(q.key)!;
  });

  const grades = [...newPlan.grades.map((g) => g.grade)];
  for (const g of oldPlan.grades) if (!grades.includes(g.grade)) grades.push(g.grade);
  const count = (m: Map<string, { outcome: Outcome }>) => {
    const c: Record<string, number> = Object.fromEntries(grades.map((g) => [g, 0]));
    for (const { outcome } of m.values()) {
      const k = outcome.status === 'error' ? 'error' : (outcome.grade ?? '');
      if (k) c[k] = (c[k] ?? 0) + 1;
    }
    return c;
  };
  const before = count(a);
  const after = count(b);
  if ((before['error'] ?? 0) + (after['error'] ?? 0) > 0) {
    grades.push('error');
    before['error'] ??= 0;
    after['error'] ??= 0;
  }
  const rank = (g: string) => (grades.indexOf(g) < 0 ? grades.length : grades.indexOf(g));
  const tmap = new Map<string, { from: string; to: string; count: number }>();
  for (const c of changed) {
    if (!c.gradeChanged) continue;
    const k = `${c.old!.grade}\u0000${c.new!.grade}`;
    const t = tmap.get(k) ?? { from: c.old!.grade!, to: c.new!.grade!, count: 0 };
    t.count++;
    tmap.set(k, t);
  }
  const transitions = [...tmap.values()].sort((p, q) => rank(p.from) - rank(q.from) || rank(p.to) - rank(q.to));

  const hasReward = !!oldPlan.reward || !!newPlan.reward;
  let reward: Impact['reward'];
  if (hasReward) {
    const sum = (m: Map<string, { outcome: Outcome }>) => [...m.values()].reduce((s, { outcome }) => (outcome.reward ? s.plus(outcome.reward) : s), new Decimal(0));
    const g = groupExpr(newPlan) ?? groupExpr(oldPlan);
    let groups: GroupReward[] | undefined;
    if (g) {
      const gm = new Map<string, { before: Decimal; after: Decimal }>();
      const add = (m: Map<string, { outcome: Outcome }>, side: 'before' | 'after') => {
        for (const { outcome } of m.values()) {
          if (outcome.group === undefined) continue;
          const e = gm.get(outcome.group) ?? { before: new Decimal(0), after: new Decimal(0) };
          if (outcome.reward) e[side] = e[side].plus(outcome.reward);
          gm.set(outcome.group, e);
        }
      };
      add(a, 'before');
      add(b, 'after');
      groups = [...gm.entries()].map(([group, v]) => ({ group, ...v })).sort((p, q) => (p.group < q.group ? -1 : p.group > q.group ? 1 : 0));
    }
    const groupBy = g ? display(groupExpr(newPlan) ? newPlan : oldPlan, g) : undefined;
    reward = { before: sum(a), after: sum(b), ...(groupBy ? { groupBy } : {}), ...(groups ? { groups } : {}) };
  }
  return { people: keys.length, changed, transitions, grades, before, after, ...(reward ? { reward } : {}) };
}

/** A decimal for display: at most 10 places, no exponent. */
export function num(d: Decimal | undefined): string {
  return d === undefined ? '' : formatDecimal(d.toDecimalPlaces(10));
}

/** A signed change: `+1.5`, `-0.25`, `0`. */
export function signed(d: Decimal | undefined): string {
  if (d === undefined) return '';
  const s = num(d);
  return d.gt(0) ? '+' + s : s;
}

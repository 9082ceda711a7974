/**
 * What a policy change does to people: both versions evaluated on the same data, person by
 * person (matched by key): the change of total, grade and reward, who moves between grades, the
 * grade distribution before and after, the reward total (per group when the policy has one) and
 * whose status changes (assessed ↔ cannot be assessed).
 */
import type { Expr, PersonStatus, Plan } from '../plan/schema.ts';
import type { LoadedData } from '../data/table.ts';
import { evaluate } from '../evaluator/evaluate.ts';
import type { Evaluation } from '../evaluator/evaluation.ts';
import type { Person } from '../evaluator/person.ts';
import { evalExpr } from '../evaluator/eval-expr.ts';
import { keyText } from '../data/key-text.ts';
import { Decimal, formatDecimal } from '../numeric/decimal.ts';
import { diag } from '../diagnostics/diagnostic.ts';
import { display } from './expr-text.ts';
import { dictFrom } from '../source/dict.ts';

export interface Outcome {
  readonly status: PersonStatus;
  readonly total?: Decimal;
  readonly grade?: string;
  readonly reward?: Decimal;
  /** The person's group (`distribute per unit`, `allocate(…, per: team)`). */
  readonly group?: string;
  /** Why the person could not be assessed. */
  readonly error?: string;
  /** Why the person is not assessed (status `not_assessed`: the reason of the `exempt` rule that holds). */
  readonly reason?: string;
}

export interface PersonChange {
  readonly key: string;
  readonly name?: string;
  readonly old?: Outcome;
  readonly new?: Outcome;
  readonly deltaTotal?: Decimal;
  readonly deltaReward?: Decimal;
  /** A move between two grades (not into or out of `cannot be assessed`). */
  readonly gradeChanged: boolean;
  /** +1 moved to a better grade, −1 to a worse one (by band order), 0 no grade change. */
  readonly direction: -1 | 0 | 1;
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
  /** People only in the new evaluation, and only in the old one. */
  readonly added: number;
  readonly removed: number;
  /** People whose total, grade, reward or status changes, by |Δtotal| (largest first), then key. */
  readonly changed: PersonChange[];
  /** Moves between grades, counted (`A → B: 2`), best grades first. */
  readonly transitions: { readonly from: string; readonly to: string; readonly count: number }[];
  /** Grades in order (best first), then `not_assessed` and `error` when someone is not assessed or cannot be. */
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

/** One person's outcome in one version, with the name shown for them. */
export interface Entry {
  readonly outcome: Outcome;
  readonly name?: string;
}

/** One version's outcomes, by person key, with its grades (best first) and whether it has a reward. */
export interface Side {
  readonly people: ReadonlyMap<string, Entry>;
  readonly grades: readonly string[];
  readonly hasReward: boolean;
}

/** The outcomes of a policy on its data, evaluated by the interpreter. */
export function sideOf(plan: Plan, data: LoadedData): Side {
  const r = evaluate(plan, data);
  const ev = r.evaluation;
  const group = groupExpr(plan);
  const out = new Map<string, Entry>();
  for (const pr of r.people) {
    const p = pr.person;
    const g = group ? ev.attempt(p, () => keyText(evalExpr(ev, p, group))) : undefined;
    const name = nameOf(p);
    const named = name ? { name } : {};
    if (pr.status === 'not_assessed') {
      out.set(pr.key, { outcome: { status: 'not_assessed', reason: p.exempt!, ...(g ? { group: g } : {}) }, ...named });
      continue;
    }
    if (pr.status !== 'ok' || !p.ok) {
      out.set(pr.key, { outcome: { status: 'error', error: reason(p), ...(g ? { group: g } : {}) }, ...named });
      continue;
    }
    const num = (v: unknown) => (v instanceof Decimal ? v : undefined);
    const total = num(read(ev, p, 'total'));
    const grade = plan.grades.length ? read(ev, p, 'grade') : undefined;
    const reward = plan.reward ? num(read(ev, p, 'reward')) : undefined;
    const outcome: Outcome = p.ok
      ? { status: 'ok', ...(total ? { total } : {}), ...(typeof grade === 'string' ? { grade } : {}), ...(reward ? { reward } : {}), ...(g ? { group: g } : {}) }
      : { status: 'error', error: reason(p), ...(g ? { group: g } : {}) };
    out.set(pr.key, { outcome, ...named });
  }
  return { people: out, grades: plan.grades.map((g) => g.grade), hasReward: !!plan.reward };
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

function nameOf(person: Person): string | undefined {
  for (const c of ['name', '姓名']) {
    const v = person.row.raw[c];
    if (v) return v;
  }
  return undefined;
}

/** The impact of a policy change: both versions evaluated on their data, then compared. */
export function impactOf(oldPlan: Plan, oldData: LoadedData, newPlan: Plan, newData: LoadedData): Impact {
  const g = groupExpr(newPlan) ?? groupExpr(oldPlan);
  const groupBy = g ? display(groupExpr(newPlan) ? newPlan : oldPlan, g) : undefined;
  return compareOutcomes(sideOf(oldPlan, oldData), sideOf(newPlan, newData), groupBy);
}

/**
 * The one comparison of two versions' outcomes (used by `kpl diff` and the playground's change
 * preview). People are matched by key; a grade change is a move between two grades (falling into
 * or out of `cannot be assessed` is a status change); rewards are summed per `outcome.group` when
 * `groupBy` names the grouping.
 */
export function compareOutcomes(a: Side, b: Side, groupBy?: string): Impact {
  const keys = [...b.people.keys(), ...[...a.people.keys()].filter((k) => !b.people.has(k))];
  const grades = [...b.grades];
  for (const g of a.grades) if (!grades.includes(g)) grades.push(g);
  const bandRank = new Map(grades.map((g, i) => [g, i]));
  const changed: PersonChange[] = [];
  for (const key of keys) {
    const x = a.people.get(key)?.outcome;
    const y = b.people.get(key)?.outcome;
    const deltaTotal = x?.total && y?.total ? y.total.minus(x.total) : undefined;
    const deltaReward = x?.reward && y?.reward ? y.reward.minus(x.reward) : undefined;
    const gradeChanged = (x?.grade ?? '') !== (y?.grade ?? '') && !!x?.grade && !!y?.grade;
    const statusChanged = (x?.status ?? 'absent') !== (y?.status ?? 'absent');
    const totalChanged = deltaTotal ? !deltaTotal.isZero() : !!x?.total !== !!y?.total;
    const rewardChanged = deltaReward ? !deltaReward.isZero() : !!x?.reward !== !!y?.reward;
    if (!(totalChanged || rewardChanged || gradeChanged || statusChanged || (x?.grade ?? '') !== (y?.grade ?? ''))) continue;
    const rb = x?.grade === undefined ? undefined : bandRank.get(x.grade);
    const ra = y?.grade === undefined ? undefined : bandRank.get(y.grade);
    const direction = gradeChanged && rb !== undefined && ra !== undefined ? (ra < rb ? 1 : -1) : 0;
    const name = b.people.get(key)?.name ?? a.people.get(key)?.name;
    changed.push({
      key,
      ...(name ? { name } : {}),
      ...(x ? { old: x } : {}),
      ...(y ? { new: y } : {}),
      ...(deltaTotal ? { deltaTotal } : {}),
      ...(deltaReward ? { deltaReward } : {}),
      gradeChanged,
      direction,
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

  const count = (m: Side) => {
    const c: Record<string, number> = dictFrom(grades.map((g) => [g, 0] as const));
    for (const { outcome } of m.people.values()) {
      const k = outcome.status === 'ok' ? (outcome.grade ?? '') : outcome.status;
      if (k) c[k] = (c[k] ?? 0) + 1;
    }
    return c;
  };
  const before = count(a);
  const after = count(b);
  // People not assessed, then those who cannot be assessed, after the grades.
  for (const s of ['not_assessed', 'error'] as const) {
    if ((before[s] ?? 0) + (after[s] ?? 0) === 0) continue;
    grades.push(s);
    before[s] ??= 0;
    after[s] ??= 0;
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

  let reward: Impact['reward'];
  if (a.hasReward || b.hasReward) {
    const sum = (m: Side) => [...m.people.values()].reduce((s, { outcome }) => (outcome.reward ? s.plus(outcome.reward) : s), new Decimal(0));
    let groups: GroupReward[] | undefined;
    if (groupBy !== undefined) {
      const gm = new Map<string, { before: Decimal; after: Decimal }>();
      const add = (m: Side, side: 'before' | 'after') => {
        for (const { outcome } of m.people.values()) {
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
    reward = { before: sum(a), after: sum(b), ...(groupBy !== undefined ? { groupBy } : {}), ...(groups ? { groups } : {}) };
  }
  const added = keys.filter((k) => !a.people.has(k)).length;
  const removed = keys.filter((k) => !b.people.has(k)).length;
  return { people: keys.length, added, removed, changed, transitions, grades, before, after, ...(reward ? { reward } : {}) };
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

/**
 * What changed between two versions of a policy, compared on the checked plans rather than on
 * the text: a reformatted or re-commented policy has no changes; a changed weight is reported
 * with the effective weights it moves; a changed rule is narrowed to the smallest part that
 * changed (one breakpoint, one steps row, one lookup value) and shown in the author's words.
 *
 * Indicators are matched by name. A removed and an added indicator with the same rule (or, for
 * groups, the same sub-indicators) are reported as a rename, and references to the old name in
 * other rules do not count as changes.
 */
import type { Band, Bound, Column, Expr, Indicator, InputTable, Plan, QuotaRule, SourceRef, Veto, Weight } from '../plan/schema.ts';
import { canonical, display, pct } from './expr-text.ts';

export type Section = 'policy' | 'input' | 'indicator' | 'let' | 'adjustment' | 'total' | 'grade' | 'veto' | 'exempt' | 'distribution' | 'reward' | 'output';

export interface PolicyChange {
  readonly section: Section;
  /** What changed: an indicator, a column (`employees.sales`), a grade, a veto… */
  readonly subject: string;
  readonly change: 'added' | 'removed' | 'renamed' | 'changed';
  /** Which aspect of the subject: weight, effective weight, rule, row `>= 15`, band, range… */
  readonly aspect?: string;
  readonly old?: string;
  readonly new?: string;
  /** Where in the new policy (the old one for removals). */
  readonly at?: { readonly file: string; readonly line: number };
}

interface Side {
  readonly plan: Plan;
  /** Renames applied to this side's references (old name → new name); empty on the new side. */
  readonly renames: ReadonlyMap<string, string>;
}

const loc = (at: SourceRef | undefined) => (at ? { at: { file: at.file, line: at.line } } : {});

export function diffPolicies(oldPlan: Plan, newPlan: Plan): PolicyChange[] {
  const out: PolicyChange[] = [];
  const renames = matchRenames(oldPlan, newPlan);
  const a: Side = { plan: oldPlan, renames };
  const b: Side = { plan: newPlan, renames: new Map() };
  meta(oldPlan, newPlan, out);
  inputs(oldPlan, newPlan, out);
  indicators(a, b, out);
  namedList('let', oldPlan.lets, newPlan.lets, a, b, out);
  namedList('adjustment', oldPlan.adjustments, newPlan.adjustments, a, b, out);
  single('total', 'total', oldPlan.total?.expr, newPlan.total?.expr, a, b, newPlan.total?.at ?? oldPlan.total?.at, out);
  grades(oldPlan, newPlan, out);
  vetoes(a, b, out);
  exemptions(a, b, out);
  distribution(a, b, out);
  single('reward', 'reward', oldPlan.reward?.expr, newPlan.reward?.expr, a, b, newPlan.reward?.at ?? oldPlan.reward?.at, out);
  outputs(a, b, out);
  return out;
}

function meta(a: Plan, b: Plan, out: PolicyChange[]): void {
  // Without a `policy "…"` header the name is the file's: not a name that can change.
  const field = (p: Plan, k: 'name' | 'version' | 'period') => (k === 'name' && p.policy.name === p.sources[0]?.name ? undefined : p.policy[k]);
  for (const k of ['name', 'version', 'period'] as const) {
    if (field(a, k) !== field(b, k)) out.push({ section: 'policy', subject: k, change: 'changed', ...opt('old', field(a, k)), ...opt('new', field(b, k)) });
  }
}

const opt = <K extends 'old' | 'new'>(k: K, v: string | undefined): Partial<Record<K, string>> => (v === undefined ? {} : ({ [k]: v } as Record<K, string>));

// ── inputs ───────────────────────────────────────────────────────────────
export function boundText(c: { min?: Bound; max?: Bound }): string {
  if (!c.min && !c.max) return 'any';
  if (c.min && c.max) return `${c.min.inclusive ? '[' : '('}${c.min.value}, ${c.max.value}${c.max.inclusive ? ']' : ')'}`;
  if (c.min) return `${c.min.inclusive ? '>=' : '>'} ${c.min.value}`;
  return `${c.max!.inclusive ? '<=' : '<'} ${c.max!.value}`;
}

function columnType(c: Column): string {
  return c.type === 'category' ? `category { ${(c.values ?? []).join(', ')} }` : c.type;
}

function inputs(a: Plan, b: Plan, out: PolicyChange[]): void {
  const byName = (p: Plan) => new Map(p.inputs.map((t) => [t.name, t]));
  const ta = byName(a);
  const tb = byName(b);
  for (const [name, t] of ta) if (!tb.has(name)) out.push({ section: 'input', subject: name, change: 'removed', old: tableText(t), ...loc(t.at) });
  for (const [name, t] of tb) {
    const o = ta.get(name);
    if (!o) {
      out.push({ section: 'input', subject: name, change: 'added', new: tableText(t), ...loc(t.at) });
      continue;
    }
    if (tableText(o) !== tableText(t)) out.push({ section: 'input', subject: name, change: 'changed', aspect: 'table', old: tableText(o), new: tableText(t), ...loc(t.at) });
    const ca = new Map(o.columns.map((c) => [c.name, c]));
    const cb = new Map(t.columns.map((c) => [c.name, c]));
    for (const [cn, c] of ca) if (!cb.has(cn)) out.push({ section: 'input', subject: `${name}.${cn}`, change: 'removed', old: columnType(c), ...loc(c.at) });
    for (const [cn, c] of cb) {
      const p = ca.get(cn);
      const subject = `${name}.${cn}`;
      if (!p) {
        out.push({ section: 'input', subject, change: 'added', new: `${columnType(c)}${c.optional ? ' optional' : ''}`, ...loc(c.at) });
        continue;
      }
      const aspects: [string, string, string][] = [
        ['type', columnType(p), columnType(c)],
        ['range', boundText(p), boundText(c)],
        ['optional', String(p.optional), String(c.optional)],
        ['references', p.references ?? '—', c.references ?? '—'],
        ['description', p.description ?? '—', c.description ?? '—'],
      ];
      for (const [aspect, x, y] of aspects) if (x !== y) out.push({ section: 'input', subject, change: 'changed', aspect, old: x, new: y, ...loc(c.at) });
    }
  }
}

function tableText(t: InputTable): string {
  return `${t.role}${t.key ? ` key ${t.key}` : ''}${t.by ? ` by ${t.by}` : ''}`;
}

// ── indicators ───────────────────────────────────────────────────────────
interface Node {
  readonly node: Indicator;
  readonly parent?: string;
}

function flatten(p: Plan): Map<string, Node> {
  const m = new Map<string, Node>();
  const walk = (n: Indicator, parent?: string) => {
    m.set(n.id, { node: n, ...(parent ? { parent } : {}) });
    n.children.forEach((c) => walk(c, n.id));
  };
  p.indicators.forEach((n) => walk(n));
  return m;
}

/** Identity of an indicator apart from its name: its rule, or its sub-indicators' names. */
function signature(n: Indicator): string {
  return n.rule ? 'rule:' + canonical(n.rule) : 'group:' + n.children.map((c) => c.id).join(',');
}

/** Removed/added indicator pairs with the same rule (or children), one-to-one, in order. */
function matchRenames(a: Plan, b: Plan): Map<string, string> {
  const fa = flatten(a);
  const fb = flatten(b);
  const removed = [...fa.values()].filter((x) => !fb.has(x.node.id));
  const added = [...fb.values()].filter((x) => !fa.has(x.node.id));
  const renames = new Map<string, string>();
  const taken = new Set<string>();
  // Leaves first: a group's signature names its children, which may be renamed too.
  for (const pass of ['leaf', 'group'] as const) {
    for (const r of removed) {
      if ((pass === 'leaf') !== !!r.node.rule) continue;
      const sig = pass === 'group' ? 'group:' + r.node.children.map((c) => renames.get(c.id) ?? c.id).join(',') : signature(r.node);
      const candidates = added.filter((x) => !taken.has(x.node.id) && signature(x.node) === sig);
      const pick = candidates.find((x) => (x.parent ?? '') === (renames.get(r.parent ?? '') ?? r.parent ?? '')) ?? candidates[0];
      if (!pick) continue;
      renames.set(r.node.id, pick.node.id);
      taken.add(pick.node.id);
    }
  }
  return renames;
}

export function weightText(w: Weight): string {
  if (w.k === 'fixed') return pct(w.value);
  return `by ${w.col} { ${w.values.map((v) => `${v.key}: ${pct(v.value)}`).join('; ')} }`;
}

function indicators(a: Side, b: Side, out: PolicyChange[]): void {
  const fa = flatten(a.plan);
  const fb = flatten(b.plan);
  const back = new Map([...a.renames].map(([o, n]) => [n, o]));
  for (const [id, x] of fa) {
    if (fb.has(id) || a.renames.has(id)) continue;
    out.push({ section: 'indicator', subject: id, change: 'removed', old: describeIndicator(a.plan, x.node), ...loc(x.node.at) });
  }
  for (const [id, y] of fb) {
    const oldId = back.get(id) ?? id;
    const x = fa.get(oldId);
    if (!x) {
      out.push({ section: 'indicator', subject: id, change: 'added', new: describeIndicator(b.plan, y.node), ...loc(y.node.at) });
      continue;
    }
    const at = loc(y.node.at);
    if (oldId !== id) out.push({ section: 'indicator', subject: id, change: 'renamed', old: oldId, new: id, aspect: y.node.rule ? 'same rule' : 'same sub-indicators', ...at });
    const ch = (aspect: string, o: string, n: string) => {
      if (o !== n) out.push({ section: 'indicator', subject: id, change: 'changed', aspect, old: o, new: n, ...at });
    };
    const parentOld = x.parent ? (a.renames.get(x.parent) ?? x.parent) : '(top level)';
    ch('parent', parentOld, y.parent ?? '(top level)');
    ch('weight', weightText(x.node.weight), weightText(y.node.weight));
    ch('effective weight', x.node.effectiveWeight ? pct(x.node.effectiveWeight) : 'varies', y.node.effectiveWeight ? pct(y.node.effectiveWeight) : 'varies');
    ch('missing', x.node.missing, y.node.missing);
    ch('title', x.node.title ?? '—', y.node.title ?? '—');
    if (x.node.rule && y.node.rule) exprChanges('indicator', id, 'rule', x.node.rule, y.node.rule, a, b, y.node.at, out);
    else if (!!x.node.rule !== !!y.node.rule) ch('rule', x.node.rule ? display(a.plan, x.node.rule) : 'sub-indicators', y.node.rule ? display(b.plan, y.node.rule) : 'sub-indicators');
  }
}

function describeIndicator(p: Plan, n: Indicator): string {
  const w = `weight ${weightText(n.weight)}${n.effectiveWeight ? ` (effective ${pct(n.effectiveWeight)})` : ''}`;
  return n.rule ? `${w} = ${display(p, n.rule)}` : `${w}, ${n.children.length} sub-indicator${n.children.length === 1 ? '' : 's'}`;
}

// ── expressions ──────────────────────────────────────────────────────────
const same = (x: Expr, y: Expr, a: Side, b: Side) => canonical(x, { renames: a.renames }) === canonical(y, { renames: b.renames });

/**
 * The smallest parts in which two expressions differ: whole tables are compared row by row,
 * and an operator or call with exactly one differing operand is narrowed to that operand.
 */
function exprChanges(section: Section, subject: string, aspect: string, x: Expr, y: Expr, a: Side, b: Side, at: SourceRef | undefined, out: PolicyChange[]): void {
  if (same(x, y, a, b)) return;
  const push = (asp: string, o?: string, n?: string): void => void out.push({ section, subject, change: 'changed', aspect: asp, ...opt('old', o), ...opt('new', n), ...loc(at) });
  const whole = (): void => {
    push(aspect, display(a.plan, x), display(b.plan, y));
  };
  const inner = (asp: string, p: Expr | undefined, q: Expr | undefined) => {
    if (p && q) exprChanges(section, subject, asp, p, q, a, b, at, out);
    else if (p || q) push(asp, p ? display(a.plan, p) : undefined, q ? display(b.plan, q) : undefined);
  };
  if (x.k === 'interp' && y.k === 'interp' && same(x.x, y.x, a, b)) {
    const name = `${aspect}: interpolate(${display(b.plan, y.x)})`;
    inner(`${name} below`, x.below, y.below);
    inner(`${name} above`, x.above, y.above);
    const pa = new Map(x.points);
    const pb = new Map(y.points);
    const xs = [...new Set([...pa.keys(), ...pb.keys()])].sort((p, q) => Number(p) - Number(q));
    for (const px of xs) if (pa.get(px) !== pb.get(px)) push(`${name} breakpoint ${px}`, pa.get(px), pb.get(px));
    return;
  }
  if (x.k === 'steps' && y.k === 'steps' && same(x.x, y.x, a, b)) {
    const name = `${aspect}: steps(${display(b.plan, y.x)})`;
    const key = (r: { op: string; bound: string }) => `${r.op} ${r.bound}`;
    const ra = new Map(x.rows.map((r) => [key(r), r.value]));
    const rb = new Map(y.rows.map((r) => [key(r), r.value]));
    for (const r of x.rows) if (!rb.has(key(r))) push(`${name} row ${key(r)}`, display(a.plan, r.value), undefined);
    for (const r of y.rows) inner(`${name} row ${key(r)}`, ra.get(key(r)), r.value);
    inner(`${name} otherwise`, x.otherwise, y.otherwise);
    const order = (s: Extract<Expr, { k: 'steps' }>) => s.rows.map(key).filter((k) => ra.has(k) && rb.has(k)).join(' | ');
    if (order(x) !== order(y)) push(`${name} row order`, x.rows.map(key).join(' | '), y.rows.map(key).join(' | '));
    return;
  }
  if (x.k === 'map' && y.k === 'map' && same(x.key, y.key, a, b)) {
    const name = `${aspect}: lookup(${display(b.plan, y.key)})`;
    const ea = new Map(x.entries.map((r) => [r.key, r.value]));
    const eb = new Map(y.entries.map((r) => [r.key, r.value]));
    for (const r of x.entries) if (!eb.has(r.key)) push(`${name} ${r.key}`, display(a.plan, r.value), undefined);
    for (const r of y.entries) inner(`${name} ${r.key}`, ea.get(r.key), r.value);
    inner(`${name} otherwise`, x.otherwise, y.otherwise);
    return;
  }
  const kids = (e: Expr): Expr[] | undefined => {
    switch (e.k) {
      case 'bin':
        return [e.l, e.r];
      case 'un':
        return [e.e];
      case 'if':
        return [e.c, e.t, e.e];
      case 'call':
        return e.args;
      default:
        return undefined;
    }
  };
  const headSame =
    x.k === y.k &&
    ((x.k === 'bin' && y.k === 'bin' && x.op === y.op) ||
      (x.k === 'un' && y.k === 'un' && x.op === y.op) ||
      (x.k === 'call' && y.k === 'call' && x.fn === y.fn && x.args.length === y.args.length) ||
      x.k === 'if');
  const kx = kids(x);
  const ky = kids(y);
  if (headSame && kx && ky && kx.length === ky.length) {
    const differing = kx.map((_, i) => i).filter((i) => !same(kx[i]!, ky[i]!, a, b));
    if (differing.length === 1) {
      const i = differing[0]!;
      // Keep the context readable: a changed constant is shown in its call or operation.
      const px = kx[i]!;
      const py = ky[i]!;
      if ((px.k === 'num' || px.k === 'str' || px.k === 'bool') && (py.k === 'num' || py.k === 'str' || py.k === 'bool')) return whole();
      return exprChanges(section, subject, aspect, px, py, a, b, at, out);
    }
  }
  whole();
}

function namedList(section: 'let' | 'adjustment', xs: Plan['lets'], ys: Plan['lets'], a: Side, b: Side, out: PolicyChange[]): void {
  const ma = new Map(xs.map((n) => [n.name, n]));
  const mb = new Map(ys.map((n) => [n.name, n]));
  for (const [name, n] of ma) if (!mb.has(name)) out.push({ section, subject: name, change: 'removed', old: display(a.plan, n.expr), ...loc(n.at) });
  for (const [name, n] of mb) {
    const o = ma.get(name);
    if (!o) out.push({ section, subject: name, change: 'added', new: display(b.plan, n.expr), ...loc(n.at) });
    else exprChanges(section, name, 'rule', o.expr, n.expr, a, b, n.at, out);
  }
}

function single(section: Section, subject: string, x: Expr | undefined, y: Expr | undefined, a: Side, b: Side, at: SourceRef | undefined, out: PolicyChange[]): void {
  if (x && y) exprChanges(section, subject, 'rule', x, y, a, b, at, out);
  else if (x) out.push({ section, subject, change: 'removed', old: display(a.plan, x), ...loc(at) });
  else if (y) out.push({ section, subject, change: 'added', new: display(b.plan, y), ...loc(at) });
}

// ── grades, vetoes, distribution, outputs ───────────────────────────────
export function bandText(g: Band): string {
  if (g.otherwise) return 'otherwise';
  const lo = g.low ? `${g.low.inclusive ? '[' : '('}${g.low.value}` : '(-∞';
  const hi = g.high ? `${g.high.value}${g.high.inclusive ? ']' : ')'}` : '∞)';
  return `${lo}, ${hi}`;
}

function grades(a: Plan, b: Plan, out: PolicyChange[]): void {
  const ga = new Map(a.grades.map((g) => [g.grade, g]));
  const gb = new Map(b.grades.map((g) => [g.grade, g]));
  for (const [name, g] of ga) if (!gb.has(name)) out.push({ section: 'grade', subject: name, change: 'removed', old: bandText(g), ...loc(g.at) });
  for (const [name, g] of gb) {
    const o = ga.get(name);
    if (!o) {
      out.push({ section: 'grade', subject: name, change: 'added', new: bandText(g), ...loc(g.at) });
      continue;
    }
    if (bandText(o) !== bandText(g)) out.push({ section: 'grade', subject: name, change: 'changed', aspect: 'band', old: bandText(o), new: bandText(g), ...loc(g.at) });
    if ((o.title ?? '') !== (g.title ?? '')) out.push({ section: 'grade', subject: name, change: 'changed', aspect: 'title', old: o.title ?? '—', new: g.title ?? '—', ...loc(g.at) });
  }
  const order = (p: Plan) => p.grades.map((g) => g.grade).filter((g) => ga.has(g) && gb.has(g)).join(' > ');
  if (order(a) !== order(b)) out.push({ section: 'grade', subject: 'order', change: 'changed', old: a.grades.map((g) => g.grade).join(' > '), new: b.grades.map((g) => g.grade).join(' > ') });
}

function vetoEffect(v: Veto, p: Plan): string {
  return v.effect.k === 'total' ? `total = ${display(p, v.effect.value)}` : `${v.effect.k === 'cap' ? 'grade at most' : 'grade'} ${v.effect.grade}`;
}

function vetoes(a: Side, b: Side, out: PolicyChange[]): void {
  const xs = a.plan.vetoes;
  const ys = b.plan.vetoes;
  const name = (v: Veto, i: number) => v.text ?? `#${i + 1}`;
  const used = new Set<number>();
  // Match by stated reason, then by condition, then by position.
  const match = (v: Veto, i: number): number => {
    let j = ys.findIndex((w, k) => !used.has(k) && w.text !== undefined && w.text === v.text);
    if (j < 0) j = ys.findIndex((w, k) => !used.has(k) && same(v.when, w.when, a, b));
    if (j < 0 && i < ys.length && !used.has(i) && !xs.some((w) => w.text === ys[i]!.text && w !== v)) j = i;
    return j;
  };
  xs.forEach((v, i) => {
    const j = match(v, i);
    if (j < 0) {
      out.push({ section: 'veto', subject: name(v, i), change: 'removed', old: `when ${display(a.plan, v.when)} then ${vetoEffect(v, a.plan)}`, ...loc(v.at) });
      return;
    }
    used.add(j);
    const w = ys[j]!;
    const subject = name(w, j);
    if (name(v, i) !== subject) out.push({ section: 'veto', subject, change: 'changed', aspect: 'reason', old: name(v, i), new: subject, ...loc(w.at) });
    exprChanges('veto', subject, 'condition', v.when, w.when, a, b, w.at, out);
    const ea = vetoEffect(v, a.plan);
    const eb = vetoEffect(w, b.plan);
    if (v.effect.k === 'total' && w.effect.k === 'total') exprChanges('veto', subject, 'total', v.effect.value, w.effect.value, a, b, w.at, out);
    else if (ea !== eb) out.push({ section: 'veto', subject, change: 'changed', aspect: 'effect', old: ea, new: eb, ...loc(w.at) });
  });
  ys.forEach((w, j) => {
    if (!used.has(j)) out.push({ section: 'veto', subject: name(w, j), change: 'added', new: `when ${display(b.plan, w.when)} then ${vetoEffect(w, b.plan)}`, ...loc(w.at) });
  });
}

/** `exempt` rules, matched by reason, then by condition (README 3.9). */
function exemptions(a: Side, b: Side, out: PolicyChange[]): void {
  const xs = a.plan.exemptions ?? [];
  const ys = b.plan.exemptions ?? [];
  const used = new Set<number>();
  xs.forEach((x) => {
    let j = ys.findIndex((y, k) => !used.has(k) && y.reason === x.reason);
    if (j < 0) j = ys.findIndex((y, k) => !used.has(k) && same(x.when, y.when, a, b));
    if (j < 0) {
      out.push({ section: 'exempt', subject: x.reason, change: 'removed', old: `when ${display(a.plan, x.when)}`, ...loc(x.at) });
      return;
    }
    used.add(j);
    const y = ys[j]!;
    if (x.reason !== y.reason) out.push({ section: 'exempt', subject: y.reason, change: 'changed', aspect: 'reason', old: x.reason, new: y.reason, ...loc(y.at) });
    exprChanges('exempt', y.reason, 'condition', x.when, y.when, a, b, y.at, out);
  });
  ys.forEach((y, j) => {
    if (!used.has(j)) out.push({ section: 'exempt', subject: y.reason, change: 'added', new: `when ${display(b.plan, y.when)}`, ...loc(y.at) });
  });
}

export function quotaText(q: QuotaRule): string {
  if (q.kind === 'top' || q.kind === 'bottom') return `${q.kind} ${pct(q.share)} ${q.rounding}${q.min !== undefined ? `, min ${q.min}` : ''}${q.max !== undefined ? `, max ${q.max}` : ''} -> ${q.grade}`;
  return `${q.kind === 'at_most' ? 'at most' : 'at least'} ${pct(q.share)} ${q.rounding}${q.min !== undefined ? `, min ${q.min}` : ''}${q.max !== undefined ? `, max ${q.max}` : ''} ${q.kind === 'at_most' ? '->' : 'from'} ${q.to}`;
}

function distribution(a: Side, b: Side, out: PolicyChange[]): void {
  const x = a.plan.distribution;
  const y = b.plan.distribution;
  const at = y?.at ?? x?.at;
  if (!x && !y) return;
  if (!x || !y) {
    const text = (d: NonNullable<Plan['distribution']>, p: Plan) => `${d.per ? `per ${display(p, d.per)}: ` : ''}${d.rules.map((q) => `${q.grade} ${quotaText(q)}`).join('; ')}`;
    out.push({ section: 'distribution', subject: 'distribute', change: x ? 'removed' : 'added', ...(x ? { old: text(x, a.plan) } : { new: text(y!, b.plan) }), ...loc(at) });
    return;
  }
  if (x.per || y.per) {
    if (!x.per || !y.per) out.push({ section: 'distribution', subject: 'distribute', change: 'changed', aspect: 'per', old: x.per ? display(a.plan, x.per) : '(everyone)', new: y.per ? display(b.plan, y.per) : '(everyone)', ...loc(at) });
    else exprChanges('distribution', 'distribute', 'per', x.per, y.per, a, b, at, out);
  }
  // Who is counted (`among`) and the smallest group distributed.
  if (x.among || y.among) {
    if (!x.among || !y.among) out.push({ section: 'distribution', subject: 'distribute', change: 'changed', aspect: 'among', old: x.among ? display(a.plan, x.among.expr) : '(everyone)', new: y.among ? display(b.plan, y.among.expr) : '(everyone)', ...loc(at) });
    else exprChanges('distribution', 'distribute', 'among', x.among.expr, y.among.expr, a, b, at, out);
  }
  const smallest = (d: NonNullable<Plan['distribution']>) => (d.minGroupSize !== undefined ? `only groups of at least ${d.minGroupSize}` : '(groups of any size)');
  if (smallest(x) !== smallest(y)) out.push({ section: 'distribution', subject: 'distribute', change: 'changed', aspect: 'smallest group', old: smallest(x), new: smallest(y), ...loc(at) });
  const key = (q: QuotaRule) => `${q.grade} ${q.kind}`;
  const qa = new Map(x.rules.map((q) => [key(q), q]));
  const qb = new Map(y.rules.map((q) => [key(q), q]));
  for (const [k, q] of qa) if (!qb.has(k)) out.push({ section: 'distribution', subject: `quota ${q.grade}`, change: 'removed', old: quotaText(q), ...loc(q.at) });
  for (const [k, q] of qb) {
    const o = qa.get(k);
    if (!o) out.push({ section: 'distribution', subject: `quota ${q.grade}`, change: 'added', new: quotaText(q), ...loc(q.at) });
    else if (quotaText(o) !== quotaText(q)) out.push({ section: 'distribution', subject: `quota ${q.grade}`, change: 'changed', old: quotaText(o), new: quotaText(q), ...loc(q.at) });
  }
  const order = (d: NonNullable<Plan['distribution']>, s: Side) => d.tieBreak.map((t) => `${canonical(t.expr, { renames: s.renames })} ${t.desc ? 'desc' : 'asc'}`).join(', ');
  if (order(x, a) !== order(y, b)) out.push({ section: 'distribution', subject: 'order by', change: 'changed', old: x.tieBreak.map((t) => t.text).join(', '), new: y.tieBreak.map((t) => t.text).join(', '), ...loc(at) });
}

function outputs(a: Side, b: Side, out: PolicyChange[]): void {
  const oa = new Map(a.plan.outputs.map((o) => [o.name, o]));
  const ob = new Map(b.plan.outputs.map((o) => [o.name, o]));
  for (const [name, o] of oa) if (!ob.has(name)) out.push({ section: 'output', subject: name, change: 'removed', old: display(a.plan, o.expr) });
  for (const [name, o] of ob) {
    const p = oa.get(name);
    if (!p) out.push({ section: 'output', subject: name, change: 'added', new: display(b.plan, o.expr) });
    else {
      exprChanges('output', name, 'value', p.expr, o.expr, a, b, undefined, out);
      if ((p.decimals ?? -1) !== (o.decimals ?? -1)) out.push({ section: 'output', subject: name, change: 'changed', aspect: 'decimals', old: String(p.decimals ?? '—'), new: String(o.decimals ?? '—') });
    }
  }
  const order = (p: Plan) => p.outputs.map((o) => o.name).filter((n) => oa.has(n) && ob.has(n)).join(', ');
  if (order(a.plan) !== order(b.plan)) out.push({ section: 'output', subject: 'columns', change: 'changed', aspect: 'order', old: a.plan.outputs.map((o) => o.name).join(', '), new: b.plan.outputs.map((o) => o.name).join(', ') });
}

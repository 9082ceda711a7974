/**
 * The fast evaluation engine: runs a checked plan over columnar data with generated code, and
 * gives the same results, byte for byte, as the exact interpreter (src/evaluator).
 *
 * A plan without cohort steps is one generated loop over people that writes the output cells.
 * A plan with cohort steps (forced distribution, rank, allocate) runs one loop per step computing
 * the step's per-person inputs, then the step itself over the columns, then the output loop.
 * People the generated code could not settle are evaluated by the interpreter (oracle.ts).
 */
import type { Distribution, Expr, Plan } from '../plan/schema.ts';
import type { Value } from '../data/value.ts';
import type { Cell } from '../evaluator/evaluate.ts';
import { evaluate } from '../evaluator/evaluate.ts';
import { EvalError } from '../evaluator/eval-error.ts';
import { evalExpr } from '../evaluator/eval-expr.ts';
import type { PoolReport } from '../semantics/pool-report.ts';
import type { Person } from '../evaluator/person.ts';
import { keyText } from '../data/key-text.ts';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { Decimal, formatDecimal } from '../numeric/decimal.ts';
import type { FastData, FastTable, NumColumn } from '../columnar/columns.ts';
import { allocate, distribute, groupsOf, rank, type Groups, type Key } from './cohort.ts';
import { generateStage, Unsupported, type SlotShape, type StageCode, type StageEnv, type Target } from './gen.ts';
import { fmtNorm, fmtPadded, LIM, POW10, RUNTIME, siteCounts, U } from '../numeric/scaled.ts';
import { NeedsExactRun, Oracle, type Injection } from './oracle.ts';
import { inputColumns, planInfo, type PlanInfo, type Step } from './plan-info.ts';
import { poolWarnings } from '../semantics/pool-report.ts';
import { rankingChain } from '../semantics/ranking.ts';
import { gradeVetoes, maskedGradeVetoes } from '../semantics/veto.ts';
import { assessment, assessmentRefs } from '../semantics/assessment.ts';
import { keyComparator } from '../semantics/key-order.ts';

export { Unsupported } from './gen.ts';
export { NeedsExactRun } from './oracle.ts';

type KernelFn = (C: unknown[], O: unknown[], i0: number, i1: number, bail: Uint8Array, off: number) => void;

interface Kernel {
  readonly code: StageCode;
  readonly fn: KernelFn;
}

export interface FastStats {
  /** People evaluated. */
  readonly people: number;
  /** People the interpreter evaluated (undecidable in floats, evaluation errors, data errors). */
  readonly exact: number;
  /** Generated-code compilations in this run (0 when every kernel came from the cache). */
  readonly compiled: number;
  /** Why people went to the interpreter: reason → count. */
  readonly bails: Record<string, number>;
  /** Keys of the first few people the interpreter evaluated (for diagnosing the fast engine). */
  readonly sample: string[];
}

/**
 * Output rows of a slice of people, cell (i, j) at [i - offset]: text in `cells[j]`, or for a
 * numeric column the integer `nums[j]` at scale `scales[j]` (NaN: empty), printed with exactly
 * `places[j]` decimals, or normalised when that is undefined. `override` rows take precedence.
 */
export interface FastRows {
  readonly columns: string[];
  /** Output columns whose cells are numbers. */
  readonly numeric: boolean[];
  readonly cells: (string | null)[][];
  readonly nums: (Float64Array | undefined)[];
  readonly scales: (Uint8Array | undefined)[];
  readonly places: (number | undefined)[];
  readonly offset: number;
  readonly override: ReadonlyMap<number, Cell[]>;
}

export interface FastResult extends FastRows {
  readonly size: number;
  readonly keys: readonly (string | undefined)[];
  readonly lines: Int32Array;
  /** 0 evaluated, 1 error. */
  readonly status: Uint8Array;
  readonly diagnostics: Diagnostic[];
  readonly pools: PoolReport[];
  readonly stats: FastStats;
}

/** The output cell of person i, column j, as the interpreter's evaluate() gives it. */
export function cellAt(r: FastRows, i: number, j: number): Cell {
  const o = r.override.get(i);
  if (o) return o[j] ?? null;
  const nums = r.nums[j];
  if (nums) {
    const n = nums[i - r.offset]!;
    if (n !== n) return null;
    const d = r.scales[j]![i - r.offset]!;
    const p = r.places[j];
    return { number: p === undefined ? fmtNorm(n, d) : fmtPadded(n, d, p) };
  }
  const s = r.cells[j]![i - r.offset];
  return s === null || s === undefined ? null : s;
}

export interface RunOptions {
  /** Called now and then with the number of people done. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Takes the output rows slice by slice (people [i0, i1)), instead of keeping them in the
   * result: the result's `cells` are then empty.
   */
  readonly onRows?: (rows: FastRows, i0: number, i1: number) => void;
}

/**
 * Compiled kernels by plan content (positions and source text left out) and data shape: a plan
 * compiled again from the same text, or an edit undone, reuses its kernels — already optimised by
 * the JIT. A few recent plans are kept.
 */
const kernelCache = new Map<string, Map<string, Kernel>>();
const contentKeys = new WeakMap<Plan, string>();
let compiledCount = 0;

function contentKey(plan: Plan): string {
  let k = contentKeys.get(plan);
  if (k === undefined) {
    // Fields copied by name: a spread would read `hash`, which is computed when first read (withLazyHash).
    const content: Record<string, unknown> = {};
    for (const key of Object.keys(plan)) if (key !== 'hash' && key !== 'sources' && key !== 'compiler') content[key] = plan[key as keyof Plan];
    k = JSON.stringify(content, (key, v) => (key === 'at' ? undefined : v));
    contentKeys.set(plan, k);
  }
  return k;
}

function compileKernel(plan: Plan, signature: string, make: () => StageCode): Kernel {
  const ck = contentKey(plan);
  let m = kernelCache.get(ck);
  if (m) {
    // Most recently used last.
    kernelCache.delete(ck);
    kernelCache.set(ck, m);
  } else {
    if (kernelCache.size >= 16) kernelCache.delete(kernelCache.keys().next().value!);
    kernelCache.set(ck, (m = new Map()));
  }
  let k = m.get(signature);
  if (!k) {
    let code: StageCode;
    try {
      code = make();
    } catch (e) {
      // A gap in the generator must not cost a user their results: the interpreter runs instead.
      if (e instanceof Unsupported) throw e;
      throw new Unsupported(`code generation failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from plan nodes only; see emit.ts `seal`
    let fn: KernelFn;
    try {
      const factory = new Function('R', 'K', `'use strict';\n${code.source}`) as (R: unknown, K: readonly string[]) => KernelFn;
      fn = factory(RUNTIME, code.strings);
    } catch (e) {
      // Code too deep for the JavaScript parser (thousands of bands, steps or vetoes nest as
      // conditionals): the fast engine declines and the interpreter runs, with the same results.
      throw new Unsupported(`generated code too deep to compile (${e instanceof Error ? e.message : String(e)})`);
    }
    k = { code, fn };
    m.set(signature, k);
    compiledCount++;
  }
  return k;
}

/** The generated sources compiled for a plan so far (for tests and for looking at what runs). */
export function generatedSources(plan: Plan): string[] {
  return [...(kernelCache.get(contentKey(plan))?.values() ?? [])].map((k) => k.code.source);
}

const SLICE = 1 << 16;

/** Arrays of the run: columns, indexes, cohort results and slots, by the keys generated code asks for. */
class Arrays {
  readonly values = new Map<string, unknown>();
  constructor(
    private readonly plan: Plan,
    private readonly data: FastData,
  ) {}

  get(key: string): unknown {
    const known = this.values.get(key);
    if (known !== undefined) return known;
    const [kind, a, b] = splitKey(key);
    switch (kind) {
      case 'col':
        return this.data.tables.get(a!)!.columns.get(b!)!.data;
      case 'keys':
        return this.data.tables.get(a!)!.keys;
      case 'rel':
        return this.data.related.get(a!);
      case 'lookup':
        return this.data.lookups.get(a!);
      case 'gradeNames':
        return this.plan.grades.map((g) => g.grade);
      case 'gradeVetoes':
        return maskedGradeVetoes(gradeVetoes(this.plan));
    }
    throw new Error(`fast engine: no array for ${key}`);
  }
}

/** `col:TABLE:COL` → parts; table and column names may contain `:`, so the column is everything after the table. */
function splitKey(key: string): [string, string?, string?] {
  const i = key.indexOf(':');
  if (i < 0) return [key];
  const kind = key.slice(0, i);
  const rest = key.slice(i + 1);
  if (kind !== 'col') return [kind, rest];
  // col keys are built as `col:${table}:${col}` with the table name length-prefixed.
  const j = rest.indexOf(':');
  const len = Number(rest.slice(0, j));
  return [kind, rest.slice(j + 1, j + 1 + len), rest.slice(j + 2 + len)];
}

interface SlotStore {
  shape: SlotShape;
  n?: Float64Array;
  x?: Float64Array;
  e?: Float64Array;
  s?: (string | null)[];
  b?: Uint8Array;
}

/**
 * Evaluates a plan over columnar data. Throws Unsupported when the plan needs a feature the fast
 * engine does not have, NeedsExactRun when the exact interpreter must evaluate the whole run (an
 * evaluation error in a policy with cohort steps); callers then use src/evaluator.
 */
export function runFast(plan: Plan, data: FastData, options: RunOptions = {}): FastResult {
  const info = planInfo(plan);
  const compiledBefore = compiledCount;
  const pop = data.population;
  const n = pop.size;
  const ok = new Uint8Array(n);
  for (let i = 0; i < n; i++) ok[i] = pop.bad?.[i] ? 0 : 1;
  const arrays = new Arrays(plan, data);
  const slots = new Map<string, SlotStore>();
  const cohorts = new Set<string>();
  const rankInj = new Map<object, (i: number) => Decimal | null>();
  const allocInj = new Map<object, (i: number) => Decimal | null>();
  const injection: { -readonly [K in keyof Injection]: Injection[K] } = { ranks: rankInj, allocs: allocInj };
  const oracle = new Oracle(plan, data, injection);
  const pools: PoolReport[] = [];
  /** People whose evaluation failed in a way the exact run reports the same whatever the row order. */
  const errors = new Map<number, EvalError>();
  let exact = 0;
  let tieValues = 0;
  const sample: string[] = [];
  const total = n * (info.steps.length + 1);
  let done = 0;
  // KPL_FAST_TIMING=1: wall and CPU time of each phase on stderr (CPU time is steadier on a busy machine).
  const timing = typeof process !== 'undefined' && process.env?.['KPL_FAST_TIMING'] ? process : undefined;
  let tPhase = performance.now();
  let cPhase = timing?.cpuUsage();
  const phase = (label: string): void => {
    if (!timing) return;
    const c = timing.cpuUsage(cPhase);
    timing.stderr.write(`fast: ${label} ${(performance.now() - tPhase).toFixed(1)} ms (cpu ${((c.user + c.system) / 1000).toFixed(1)} ms)\n`);
    tPhase = performance.now();
    cPhase = timing.cpuUsage();
  };
  const progress = (k: number): void => {
    done += k;
    options.onProgress?.(done, total);
  };

  const sameInputsOf = (expr: Expr) => sameInputsFor(plan, data, expr);
  const env = (): StageEnv => ({
    population: info.population,
    column: (table, col) => {
      const t = data.tables.get(table);
      const c = t?.columns.get(col);
      if (!t || !c) return undefined;
      const optional = t.input.columns.find((x) => x.name === col)?.optional ?? true;
      return { kind: c.kind, scale: c.kind === 'num' ? c.scale : 0, optional, mag: c.kind === 'num' ? magBound(c) : 0 };
    },
    slots: new Map([...slots].filter(([k]) => k === 'total' || k === 'grade_before').map(([k, s]) => [k, s.shape])),
    cohorts: new Set(cohorts),
    rankId: info.rankId,
    allocId: info.allocId,
  });
  const signature = (stage: string, e: StageEnv): string => {
    const cols = [...data.tables.values()].map((t) => [t.input.name, [...t.columns].map(([c, v]) => [c, v.kind, v.kind === 'num' ? v.scale : 0, v.kind === 'num' ? magBound(v) : 0])]);
    return JSON.stringify([stage, cols, [...e.slots], [...e.cohorts].sort()]);
  };
  const bails: Record<string, number> = {};
  const run = (k: Kernel, outputs: Map<string, unknown>, bail: Uint8Array, from = 0, to = n): void => {
    const C = k.code.inputs.map((key) => arrays.get(key));
    const O = k.code.outputs.map((key) => outputs.get(key));
    const counts: number[] = [];
    siteCounts.current = counts;
    try {
      for (let i0 = from; i0 < to; i0 += SLICE) {
        const i1 = Math.min(to, i0 + SLICE);
        k.fn(C, O, i0, i1, bail, from);
        progress(i1 - i0);
      }
    } catch (e) {
      // Generated code nested too deep for the JavaScript stack (thousands of bands, steps or
      // vetoes): the fast engine declines and the interpreter runs, with the same results.
      if (e instanceof RangeError) throw new Unsupported(`generated code too deep to run (${e.message})`);
      throw e;
    } finally {
      siteCounts.current = undefined;
    }
    counts.forEach((c, site) => {
      if (!c) return;
      const why = k.code.sites[site]!;
      bails[why] = (bails[why] ?? 0) + c;
    });
  };
  const freshBail = (): Uint8Array => {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (!ok[i]) b[i] = 3;
    return b;
  };

  for (const step of info.steps) {
    const targets = stepTargets(plan, info, step);
    // Each person's own assessment, with the first step: whoever it fails for is an error row
    // before any cohort step, as in the exact run (when it reads no cohort result).
    if (step === info.steps[0] && info.ownAssessmentAlone) assessment(plan).individual.forEach((ref) => targets.push({ k: 'need', key: `own:${ref}`, expr: { k: 'ref', ref, name: ref } }));
    const e = env();
    const k = compileKernel(plan, signature(step.id, e), () => generateStage(plan, e, targets));
    const outputs = allocOutputs(k.code, n, scratchOf(data));
    const bail = freshBail();
    phase(`${step.id}: setup`);
    run(k, outputs, bail);
    phase(`${step.id}: kernel`);
    // Slots of this step, for cohort keys and later stages.
    const stepSlots = new Map<string, SlotStore>();
    for (const [key, shape0] of k.code.slotShapes) {
      const store: SlotStore = { shape: shape0 };
      if (shape0.kind === 'num') {
        store.n = outputs.get(`slot:${key}:n`) as Float64Array;
        // An exact-only slot has no float arrays until the interpreter needs one (see writeSlot).
        store.x = (outputs.get(`slot:${key}:x`) as Float64Array | undefined) ?? EMPTY_F64;
        store.e = (outputs.get(`slot:${key}:e`) as Float64Array | undefined) ?? EMPTY_F64;
      } else if (shape0.kind === 'bool') store.b = outputs.get(`slot:${key}`) as Uint8Array;
      else store.s = outputs.get(`slot:${key}`) as (string | null)[];
      stepSlots.set(key, store);
    }
    // People the generated code could not settle: the interpreter computes their inputs.
    const undecided: number[] = [];
    for (let i = 0; i < n; i++) if (bail[i] === 1) undecided.push(i);
    if (undecided.length) {
      exact += undecided.length;
      for (const i of undecided) if (sample.length < 20) sample.push(pop.keys[i]!);
      const { ev, people } = oracle.evaluation(undecided);
      people.forEach((p, idx) => {
        const i = undecided[idx]!;
        let failed: EvalError | undefined;
        for (const t of targets) {
          let v: Value | undefined;
          try {
            v = evalExpr(ev, p, t.expr);
          } catch (err) {
            if (!(err instanceof EvalError)) throw err;
            failed ??= err;
            continue;
          }
          if (t.k === 'need') continue;
          if (t.k === 'key') (outputs.get(`key:${t.key}`) as (string | null)[])[i] = v === undefined ? null : (keyText(v) ?? null);
          else writeSlot(stepSlots.get(t.key)!, i, v ?? null);
        }
        if (failed) {
          const err = personError(plan, info, step, oracle, i);
          if (!err) throw new NeedsExactRun(`${p.key}: ${failed.code}`);
          errors.set(i, err);
          ok[i] = 0;
        }
      });
    }
    phase(`${step.id}: interpreter for ${undecided.length}`);
    for (const [key, s] of stepSlots) {
      slots.set(key, s);
      if (s.n) {
        arrays.values.set(`slot:${key}:n`, s.n);
        arrays.values.set(`slot:${key}:x`, s.x);
        arrays.values.set(`slot:${key}:e`, s.e);
      } else arrays.values.set(`slot:${key}`, s.b ?? s.s);
    }
    const keyOut = (key: string): (string | null)[] | undefined => outputs.get(`key:${key}`) as (string | null)[] | undefined;
    const numKey = (slotKey: string, expr: Expr): Extract<Key, { kind: 'num' }> => {
      const s = stepSlots.get(slotKey) ?? slots.get(slotKey)!;
      if (s.shape.kind !== 'num') throw new Unsupported('a numeric key that is not a number');
      return { kind: 'num', D: s.shape.D, n: s.n!, x: s.x!, e: s.e!, exact: (i) => (tieValues++, oracle.value(i, expr)), ...sameInputsOf(expr) };
    };
    const anyKey = (slotKey: string, expr: Expr): Key => {
      const s = stepSlots.get(slotKey) ?? slots.get(slotKey)!;
      if (s.shape.kind === 'num') return numKey(slotKey, expr);
      if (s.shape.kind === 'bool') return { kind: 'bool', b: s.b! };
      return { kind: 'str', s: s.s! };
    };

    if (step.id === 'dist') {
      const d = plan.distribution;
      let per = keyOut('dist:per');
      if (d?.per && per) {
        // People not evaluated still count in their group's headcount.
        const bad: number[] = [];
        for (let i = 0; i < n; i++) if (!ok[i]) bad.push(i);
        if (bad.length) {
          const { ev, people } = oracle.evaluation(bad);
          people.forEach((p, idx) => {
            let g: string | undefined;
            try {
              g = keyText(evalExpr(ev, p, d.per!));
            } catch {
              g = undefined;
            }
            per![bad[idx]!] = g ?? null;
          });
        }
      } else per = undefined;
      const counted = d?.among ? countedOf(d.among.expr, (stepSlots.get('dist:among') ?? slots.get('dist:among'))!.b!, n, ok, oracle) : undefined;
      const chain = d ? rankingChain(d).map((t, j) => ({ key: isTotalRef(t.expr) && (plan.total || !d.tieBreak.length) ? 'total' : `dist:tie:${j}`, expr: t.expr, desc: t.desc })) : [];
      const keys = chain.map((c) => anyKey(c.key, c.expr));
      const gb = slots.get('grade_before')!.s!;
      const r = distribute(d, plan.grades.map((b) => b.grade), n, ok, per, gb, keys, chain.map((c) => c.desc), info.quotaRank, d ? columnGroups(d, data) : undefined, counted);
      phase(`distribution (${tieValues} exact tie values)`);
      arrays.values.set('grade', r.grade);
      arrays.values.set('qrank', r.qrank);
      cohorts.add('grade');
      cohorts.add('qrank');
      injection.grade = (i) => r.grade[i] ?? undefined;
      injection.qrank = (i) => (r.qrank[i] === r.qrank[i] ? r.qrank[i] : undefined);
      oracle.gradesChanged();
    } else if (step.id.startsWith('rank:')) {
      const id = Number(step.id.slice(5));
      const node = info.rankNodes[id]!;
      const r = rank(n, ok, numKey(`rank:${id}:v`, node.value), node.within ? keyOut(`rank:${id}:w`) : undefined, node.desc);
      arrays.values.set(`rank:${id}`, r);
      cohorts.add(`rank:${id}`);
      rankInj.set(node, (i) => (r[i] === r[i] ? new Decimal(r[i]!) : null));
    } else {
      const id = Number(step.id.slice(6));
      const node = info.allocNodes[id]!;
      const lookupPools =
        node.pool.k === 'lookup'
          ? (() => {
              const table = data.tables.get(node.pool.table)!;
              const col = node.pool.col;
              const index = data.lookups.get(node.pool.table)!;
              return { keys: index.entries(), pool: (row: number) => lookupDecimal(table, col, row) };
            })()
          : undefined;
      // People who could not be assessed share nothing; their group's pool report names them.
      const excluded = new Map<string, string[]>();
      const bad: number[] = [];
      for (let i = 0; i < n; i++) if (!ok[i]) bad.push(i);
      if (bad.length) {
        const { ev, people } = oracle.evaluation(bad);
        people.forEach((p, idx) => {
          let g: string | undefined;
          try {
            g = keyText(evalExpr(ev, p, node.per));
          } catch {
            g = undefined;
          }
          if (g !== undefined) excluded.set(g, [...(excluded.get(g) ?? []), pop.keys[bad[idx]!]!]);
        });
      }
      const r = allocate(n, ok, keyOut(`alloc:${id}:per`)!, numKey(`alloc:${id}:pool`, node.pool), numKey(`alloc:${id}:by`, node.by), pop.keys, node.decimals, lookupPools, excluded, keyComparator(plan));
      const shares = r.shares;
      for (const [i] of r.exactShares) shares[i] = NaN;
      arrays.values.set(`alloc:${id}`, shares);
      cohorts.add(`alloc:${id}`);
      allocInj.set(node, (i) => r.exactShares.get(i) ?? (shares[i] === shares[i] ? new Decimal(fmtNorm(shares[i]!, node.decimals)) : null));
      if (r.exactShares.size) throw new NeedsExactRun('an allocated share too large for doubles');
      pools.push(...r.pools);
      phase(`allocation ${id}`);
    }
  }

  // Output cells, slice by slice when a sink takes them (nothing per person is kept then).
  const cohortPlan = info.steps.length > 0;
  const cellTargets: Target[] = plan.outputs.map((o, j) => ({ k: 'cell', key: String(j), expr: o.expr, ...(o.decimals !== undefined ? { decimals: o.decimals } : {}) }));
  // The person's assessment, whatever the outputs read: a person it fails for goes to the interpreter.
  const assessed = assessmentRefs(plan);
  assessed.forEach((r, j) => cellTargets.push({ k: 'need', key: `assess:${j}`, expr: r }));
  const e = env();
  const k = compileKernel(plan, signature('cells', e), () => generateStage(plan, e, cellTargets));
  const numeric = plan.outputs.map((_, j) => k.code.cellKinds.get(String(j)) === 'num');
  const columns = plan.outputs.map((o) => o.name);
  const override = new Map<number, Cell[]>();
  const status = new Uint8Array(n);
  const diagnostics: Diagnostic[] = [];
  const bail = freshBail();
  const sliceSize = options.onRows ? SLICE : Math.max(n, 1);
  let cells: (string | null)[][] = plan.outputs.map(() => []);
  let nums: (Float64Array | undefined)[] = plan.outputs.map(() => undefined);
  let scales: (Uint8Array | undefined)[] = plan.outputs.map(() => undefined);
  const places = plan.outputs.map((o) => o.decimals);
  for (let i0 = 0; i0 < n; i0 += sliceSize) {
    const i1 = Math.min(n, i0 + sliceSize);
    const outputs = allocOutputs(k.code, i1 - i0);
    run(k, outputs, bail, i0, i1);
    cells = plan.outputs.map((_, j) => (outputs.get(`cell:${j}`) as (string | null)[] | undefined) ?? []);
    nums = plan.outputs.map((_, j) => outputs.get(`cell:${j}:n`) as Float64Array | undefined);
    scales = plan.outputs.map((_, j) => outputs.get(`cell:${j}:d`) as Uint8Array | undefined);
    const others: number[] = [];
    for (let i = i0; i < i1; i++) if (bail[i] !== 0) others.push(i);
    if (others.length) exact += finishOthers(others);
    if (options.onRows) {
      options.onRows({ columns, numeric, cells, nums, scales, places, offset: i0, override }, i0, i1);
      for (const i of others) override.delete(i);
    }
  }
  if (options.onRows) {
    cells = plan.outputs.map(() => []);
    nums = plan.outputs.map(() => undefined);
    scales = plan.outputs.map(() => undefined);
  }
  phase('outputs');

  function finishOthers(others: number[]): number {
    let undecidedCount = 0;
    for (const i of others) if (bail[i] === 1 && ++undecidedCount && sample.length < 20) sample.push(pop.keys[i]!);
    if (!cohortPlan) {
      // The interpreter's own evaluate() for these people: cells, status and diagnostics.
      const mini = oracle.miniData(others);
      const res = evaluate(plan, mini);
      res.people.forEach((p, idx) => {
        const i = others[idx]!;
        override.set(i, p.cells);
        if (p.status === 'error') status[i] = 1;
      });
      // The rows in error of the other tables are reported once, for the whole run, below.
      const otherRows = new Set<Diagnostic>();
      for (const t of Object.values(mini.tables)) if (t.name !== pop.input.name) for (const r of t.rows) for (const d of r.errors) otherRows.add(d);
      diagnostics.push(...res.diagnostics.filter((d) => !otherRows.has(d)));
      return undecidedCount;
    }
    const undecided = others.filter((i) => bail[i] === 1);
    if (undecided.length) {
      const { ev, people } = oracle.evaluation(undecided);
      people.forEach((p, idx) => {
        const row: Cell[] = [];
        try {
          for (const r of assessed) evalExpr(ev, p, r);
          for (const o of plan.outputs) row.push(cellOf(evalExpr(ev, p, o.expr), o.decimals));
        } catch (err) {
          if (err instanceof EvalError) throw new NeedsExactRun(`${p.key}: ${err.code}`);
          throw err;
        }
        override.set(undecided[idx]!, row);
      });
    }
    for (const i of others) {
      if (bail[i] !== 3) continue;
      status[i] = 1;
      override.set(i, errorCells(plan, oracle, pop, i));
      const err = errors.get(i);
      if (err) {
        const d = diag(err.code, err.args);
        diagnostics.push({ ...d, message: `${pop.keys[i]}: ${d.message}`, dataLocation: { file: pop.file, line: pop.lines[i]!, col: 1 } });
      } else diagnostics.push(...(pop.rows?.[i]?.errors ?? []));
    }
    return undecidedCount;
  }
  // Rows of other tables with errors are reported too; then pools left with money.
  if (data.source) {
    for (const t of Object.values(data.source.tables)) {
      if (t.name === pop.input.name) continue;
      for (const r of t.rows) diagnostics.push(...r.errors);
    }
  }
  diagnostics.push(...poolWarnings(pools));
  return {
    columns,
    numeric,
    nums,
    scales,
    places,
    offset: 0,
    size: n,
    keys: pop.keys,
    lines: pop.lines,
    cells,
    override,
    status,
    diagnostics,
    pools,
    stats: { people: n, exact, compiled: compiledCount - compiledBefore, bails, sample },
  };
}

/**
 * `among COND`: who the distribution counts (1) — COND true; people not evaluated too, their COND
 * read when it can be (semantics/distribution.ts).
 */
function countedOf(among: Expr, cond: Uint8Array, n: number, ok: Uint8Array, oracle: Oracle): Uint8Array {
  const counted = new Uint8Array(n);
  const bad: number[] = [];
  for (let i = 0; i < n; i++) {
    if (ok[i]) counted[i] = cond[i] === 1 ? 1 : 0;
    else bad.push(i);
  }
  if (bad.length) {
    const { ev, people } = oracle.evaluation(bad);
    people.forEach((p, idx) => {
      try {
        counted[bad[idx]!] = evalExpr(ev, p, among) === true ? 1 : 0;
      } catch {
        counted[bad[idx]!] = 0;
      }
    });
  }
  return counted;
}

/**
 * When a person's own assessment reads no cohort result, a person it fails for (a required
 * indicator not applicable, no band: src/semantics/assessment.ts) is an error row before any cohort
 * step in the exact run, with the first failure of that assessment — which depends on the person's
 * data alone, so a fresh evaluation of just them gives it. Such a person is left out of every
 * cohort step (still counted in a distribution's headcount) and reported. Anything else (a group,
 * ranking key or rank value that cannot be computed): undefined, and the exact interpreter runs.
 */
function personError(plan: Plan, info: PlanInfo, _step: Step, oracle: Oracle, i: number): EvalError | undefined {
  if (!info.ownAssessmentAlone) return undefined;
  const fresh = new Oracle(plan, oracle.data).evaluation([i]);
  const q = fresh.people[0]!;
  fresh.ev.assessOwn(q);
  return q.error;
}

/** For a key: whether two people have equal values in every column it reads (then equal exact values). */
function sameInputsFor(plan: Plan, data: FastData, expr: Expr): { sameInputs: (a: number, b: number) => boolean } | object {
  const cols = inputColumns(plan, expr);
  if (!cols) return {};
  const arrays = cols.map((c) => data.population.columns.get(c)?.data);
  if (arrays.some((a) => a === undefined)) return {};
  return {
    sameInputs: (a: number, b: number): boolean => {
      for (const arr of arrays) {
        const x = arr![a];
        const y = arr![b];
        if (x !== y && !(x !== x && y !== y)) return false;
      }
      return true;
    },
  };
}

/** A bound of |value| of a numeric column, rounded up to a power of two (so similar data shares code). */
function magBound(c: NumColumn): number {
  let m = c.maxAbs;
  if (m === undefined) {
    m = 0;
    for (let i = 0; i < c.data.length; i++) {
      const v = Math.abs(c.data[i]!);
      if (v > m) m = v;
    }
    (c as { maxAbs?: number }).maxAbs = m;
  }
  const real = m / POW10[c.scale]!;
  return real === 0 ? 0 : 2 ** Math.ceil(Math.log2(real));
}

function isTotalRef(e: Expr): boolean {
  return e.k === 'ref' && e.ref === 'total';
}

const TOTAL: Expr = { k: 'ref', ref: 'total', name: 'total' };
const GRADE_BEFORE: Expr = { k: 'ref', ref: 'grade_before', name: 'grade_before' };

function stepTargets(plan: Plan, info: PlanInfo, step: Step): Target[] {
  if (step.id === 'dist') {
    const d = plan.distribution;
    const t: Target[] = [{ k: 'slot', key: 'grade_before', expr: GRADE_BEFORE }];
    if (plan.total) t.push({ k: 'slot', key: 'total', expr: TOTAL });
    if (d?.per) t.push({ k: 'key', key: 'dist:per', expr: d.per });
    if (d?.among) t.push({ k: 'slot', key: 'dist:among', expr: d.among.expr });
    // A tie-break on the total reads the total's slot.
    d?.tieBreak.forEach((x, j) => {
      if (!isTotalRef(x.expr) || !plan.total) t.push({ k: 'slot', key: `dist:tie:${j}`, expr: x.expr });
    });
    return t;
  }
  if (step.id.startsWith('rank:')) {
    const id = Number(step.id.slice(5));
    const node = info.rankNodes[id]!;
    return [{ k: 'slot', key: `rank:${id}:v`, expr: node.value }, ...(node.within ? [{ k: 'key' as const, key: `rank:${id}:w`, expr: node.within }] : [])];
  }
  const id = Number(step.id.slice(6));
  const node = info.allocNodes[id]!;
  return [
    { k: 'key', key: `alloc:${id}:per`, expr: node.per },
    { k: 'slot', key: `alloc:${id}:pool`, expr: node.pool },
    { k: 'slot', key: `alloc:${id}:by`, expr: node.by },
  ];
}

/**
 * Arrays a run uses internally (slots of the cohort stages), kept with the data between runs:
 * re-evaluating the same people (the playground, a benchmark) then allocates no large arrays,
 * which keeps the garbage collector quiet. Output cells are never pooled (results keep them).
 */
const scratch = new WeakMap<FastData, Map<string, unknown>>();
/**
 * `distribute per <text column>`: the groups depend on the data alone, so they are made once per
 * data (every evaluation of the same data after an edit reuses them).
 */
function columnGroups(d: Distribution, data: FastData): Groups | undefined {
  if (d.per?.k !== 'col') return undefined;
  const col = data.population.columns.get(d.per.col);
  if (col?.kind !== 'str') return undefined;
  const key = `groups:${d.per.col}`;
  const cache = scratchOf(data);
  let g = cache.get(key) as Groups | undefined;
  if (!g) cache.set(key, (g = groupsOf(data.population.size, col.data)));
  return g;
}

function scratchOf(data: FastData): Map<string, unknown> {
  let m = scratch.get(data);
  if (!m) scratch.set(data, (m = new Map()));
  return m;
}

function allocOutputs(code: StageCode, n: number, pool?: Map<string, unknown>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const key of code.outputs) {
    const type = code.outputTypes.get(key);
    const poolKey = `${type}:${key}`;
    const known = pool?.get(poolKey) as { length: number; fill(v: unknown): unknown } | undefined;
    const fillWith = type === 'f64' ? (key.endsWith(':e') ? 0 : NaN) : type === 'u8' ? (key.startsWith('cell:') ? 0 : 2) : null;
    if (known && known.length === n) {
      known.fill(fillWith);
      out.set(key, known);
      continue;
    }
    const a = type === 'f64' ? new Float64Array(n).fill(fillWith as number) : type === 'u8' ? new Uint8Array(n).fill(fillWith as number) : new Array<string | null>(n).fill(null);
    pool?.set(poolKey, a);
    out.set(key, a);
  }
  return out;
}

const EMPTY_F64 = new Float64Array(0);

function writeSlot(s: SlotStore, i: number, v: Value): void {
  if (s.shape.kind === 'num') {
    const hasFloat = s.x!.length > 0;
    if (v === null || !(v instanceof Decimal)) {
      s.n![i] = NaN;
      if (hasFloat) {
        s.x![i] = NaN;
        s.e![i] = 0;
      }
      return;
    }
    const D = s.shape.D;
    if (D >= 0 && v.decimalPlaces() <= D) {
      const scaled = v.times(POW10[D]!);
      if (scaled.abs().lt(LIM)) {
        s.n![i] = scaled.toNumber();
        if (hasFloat) s.x![i] = NaN;
        return;
      }
    }
    if (!hasFloat) {
      // The slot becomes float-capable: readers generated from now on check x and e.
      const n = s.n!.length;
      s.x = new Float64Array(n).fill(NaN);
      s.e = new Float64Array(n);
      s.shape = { ...s.shape, inexact: true };
    }
    const x = v.toNumber();
    s.n![i] = NaN;
    s.x![i] = x;
    s.e![i] = 2 * U * Math.abs(x) + 1e-300;
  } else if (s.shape.kind === 'bool') s.b![i] = v === null ? 2 : v === true ? 1 : 0;
  else s.s![i] = v === null ? null : String(v);
}

function lookupDecimal(t: FastTable, col: string, row: number): Decimal | null {
  const c = t.columns.get(col);
  if (!c || c.kind !== 'num') return null;
  const v = c.data[row]!;
  return v !== v ? null : new Decimal(fmtNorm(v, c.scale));
}

/** A value as an output cell, as evaluate.ts writes it. */
export function cellOf(v: Value, decimals: number | undefined): Cell {
  if (v === null) return null;
  if (v instanceof Decimal) return { number: decimals !== undefined ? formatDecimal(v, decimals) : formatDecimal(v.toDecimalPlaces(10)) };
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v;
}

/** An error row keeps the columns that are plain input values (the id); the rest stays empty. */
function errorCells(plan: Plan, oracle: Oracle, pop: FastTable, i: number): Cell[] {
  const row = oracle.rowOf(pop, i);
  return plan.outputs.map((o): Cell => {
    if (o.expr.k === 'ref' && o.expr.ref === 'status') return 'error';
    if (o.expr.k === 'col') return row.raw[o.expr.col] ?? null;
    return null;
  });
}


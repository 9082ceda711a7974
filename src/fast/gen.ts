/**
 * Plan → specialised JavaScript for one stage of the fast engine: a loop over people that computes
 * named values and the stage's targets (cohort inputs, or output cells) from columnar data.
 *
 * Numbers: see src/numeric/scaled.ts. Every numeric node has a static scale D (−1: never exact) and is computed
 * exactly as a scaled integer when its inputs are exact and nothing overflows 2^53; otherwise as a
 * float with an error bound. A decision that the error bound cannot settle, and every evaluation
 * error (division by zero, a required value missing, no entry in a lookup), marks the person in
 * `bail`; such people are recomputed by the exact interpreter.
 *
 * Generated code never contains a name or a string from the policy or the data: columns, tables,
 * constants and text are reached by position in arrays passed in (see `seal`).
 */
import type { Band, Expr, Indicator, Plan } from '../plan/schema.ts';
import { gradeVetoes, MASK_VETOES, totalVetoes } from '../semantics/veto.ts';
import { children } from '../plan/walk.ts';
import { Decimal } from '../numeric/decimal.ts';
import { Emitter, seal } from './emit.ts';
import { intLit, MAX_SCALE, MODES, numLit, POW10, U } from '../numeric/scaled.ts';
import { Unsupported } from '../columnar/columns.ts';
import { findBuiltin, type FastOps } from '../builtins/registry.ts';

export { Unsupported };

export type ColKind = 'num' | 'bool' | 'str';
export interface ColShape {
  readonly kind: ColKind;
  /** Scale of a numeric column (max decimals of its cells). */
  readonly scale: number;
  /** Whether a cell may be empty (missing) in a valid row. */
  readonly optional: boolean;
  /** An upper bound of |value| over the column (Infinity: unknown). */
  readonly mag: number;
}

/** What the generator may read besides columns. */
export interface StageEnv {
  /** Column shapes, by table then column. */
  column(table: string, col: string): ColShape | undefined;
  readonly population: string;
  /** Named values already computed by an earlier stage (slot key → type and scale). */
  readonly slots: ReadonlyMap<string, SlotShape>;
  /** Cohort results available: 'grade', 'qrank', `rank:N`, `alloc:N`. */
  readonly cohorts: ReadonlySet<string>;
  /** Identity of rank / allocate nodes (their position in the plan walk). */
  readonly rankId: ReadonlyMap<object, number>;
  readonly allocId: ReadonlyMap<object, number>;
}

export interface SlotShape {
  readonly kind: ColKind;
  readonly D: number;
  readonly inexact: boolean;
  readonly mm: boolean;
  readonly mag: number;
}

/** A value to compute per person: stored as a slot, its key text, or an output cell. */
export type Target =
  | { readonly k: 'slot'; readonly key: string; readonly expr: Expr }
  | { readonly k: 'key'; readonly key: string; readonly expr: Expr }
  | { readonly k: 'cell'; readonly key: string; readonly expr: Expr; readonly decimals?: number }
  /** Computed (a failure hands the person to the interpreter) and not stored: the assessment. */
  | { readonly k: 'need'; readonly key: string; readonly expr: Expr };

export interface StageCode {
  /** JavaScript source of the factory body (after `seal`). */
  readonly source: string;
  /** What each entry of the input array C must hold. */
  readonly inputs: readonly string[];
  /** What each entry of the output array O receives, and its array type. */
  readonly outputs: readonly string[];
  readonly outputTypes: ReadonlyMap<string, 'f64' | 'u8' | 'any'>;
  /** Type of the value of each cell target. */
  readonly cellKinds: ReadonlyMap<string, ColKind>;
  /** Why each bail site hands a person to the interpreter (by site number). */
  readonly sites: readonly string[];
  /** Strings the code refers to by position. */
  readonly strings: readonly string[];
  /** The shape of every slot the stage writes. */
  readonly slotShapes: ReadonlyMap<string, SlotShape>;
  /** Lines of the person loop (all of it, split or not). */
  readonly bodyLines: number;
}

interface Const {
  readonly dec: Decimal;
  /** Exact scaled form, when representable. */
  readonly n?: number;
  readonly D: number;
  readonly x: number;
  readonly e: number;
}
/**
 * A number in generated code: locals (or literals) n (exact scaled integer, NaN when not exact or
 * missing), x and e (float and error bound, meaningful when n is NaN; x NaN too when missing).
 */
interface NumV {
  readonly t: 'num';
  /** Static scale of the exact form; -1 when never exact. */
  readonly D: number;
  /** Whether the value can be a float (x, e) at run time; when false, n is all there is. */
  readonly inx: boolean;
  /** Whether the value can be missing. */
  readonly mm: boolean;
  /** Upper bound of |value| (Infinity: unknown). */
  readonly mag: number;
  readonly n: string;
  readonly x: string;
  readonly e: string;
  readonly c?: Const;
}
interface BoolV {
  readonly t: 'bool';
  readonly v: string;
  readonly mm: boolean;
}
interface StrV {
  readonly t: 'str';
  readonly v: string;
  readonly mm: boolean;
}
type V = NumV | BoolV | StrV;

const LIMS = '9007199254740992';

function constOf(text: string | Decimal): Const {
  const dec = text instanceof Decimal ? text : new Decimal(text);
  const D = Math.max(0, dec.decimalPlaces());
  const x = dec.toNumber();
  const e = new Decimal(x).eq(dec) ? 0 : U * Math.abs(x);
  if (D <= MAX_SCALE) {
    const scaled = dec.times(new Decimal(10).pow(D));
    if (scaled.abs().lt(9007199254740992)) return { dec, n: scaled.toNumber(), D, x, e };
  }
  return { dec, D: -1, x, e };
}

/** Names that a plan refers to: where each named value's definition lives. */
interface PlanIndex {
  readonly lets: Map<string, Expr>;
  readonly adjusts: Map<string, Expr>;
  readonly indicators: Map<string, Indicator>;
}

function indexPlan(plan: Plan): PlanIndex {
  const indicators = new Map<string, Indicator>();
  const walk = (n: Indicator): void => {
    indicators.set(n.id, n);
    n.children.forEach(walk);
  };
  plan.indicators.forEach(walk);
  return {
    lets: new Map(plan.lets.map((l) => [l.name, l.expr])),
    adjusts: new Map(plan.adjustments.map((a) => [a.name, a.expr])),
    indicators,
  };
}

/** Direct sub-expressions evaluated with a person's data (not the inputs of rank and allocate, which are cohort steps). */
export function childrenOf(e: Expr): Expr[] {
  return e.k === 'rank' || e.k === 'allocate' ? [] : children(e);
}

/** Visits an expression and its sub-expressions, not entering cohort nodes (rank, allocate). */
export function walkExpr(e: Expr, f: (e: Expr) => void): void {
  f(e);
  for (const c of childrenOf(e)) walkExpr(c, f);
}

/** The named-value key a `ref` reads (undefined for grade, quota_rank, status: not per-person values). */
export function namedKey(e: Extract<Expr, { k: 'ref' }>): string | undefined {
  switch (e.ref) {
    case 'let':
      return 'let:' + e.name;
    case 'adjust':
      return 'adjust:' + e.name;
    case 'indicator':
      return 'ind:' + e.name;
    case 'weighted':
    case 'adjustments':
    case 'total':
    case 'grade_before':
    case 'reward':
      return e.ref;
    default:
      return undefined;
  }
}

/** Expressions a named value's definition evaluates (for dependency walks). */
export function namedExprs(plan: Plan, idx: { lets: Map<string, Expr>; adjusts: Map<string, Expr>; indicators: Map<string, Indicator> }, key: string): { exprs: Expr[]; named: string[] } {
  if (key.startsWith('let:')) return { exprs: [idx.lets.get(key.slice(4))!], named: [] };
  if (key.startsWith('adjust:')) return { exprs: [idx.adjusts.get(key.slice(7))!], named: [] };
  if (key.startsWith('ind:')) {
    const n = idx.indicators.get(key.slice(4))!;
    return n.rule ? { exprs: [n.rule], named: [] } : { exprs: [], named: n.children.map((c) => 'ind:' + c.id) };
  }
  switch (key) {
    case 'weighted':
      return { exprs: [], named: plan.indicators.map((c) => 'ind:' + c.id) };
    case 'adjustments':
      return { exprs: [], named: plan.adjustments.map((a) => 'adjust:' + a.name) };
    case 'total': {
      const exprs = [plan.total!.expr];
      for (const v of plan.vetoes) if (v.effect.k === 'total') exprs.push(v.when, v.effect.value);
      return { exprs, named: [] };
    }
    case 'grade_before': {
      const exprs: Expr[] = [];
      for (const v of plan.vetoes) if (v.effect.k !== 'total') exprs.push(v.when);
      return { exprs, named: ['total'] };
    }
    case 'reward':
      return { exprs: [plan.reward!.expr], named: [] };
  }
  throw new Unsupported(`unknown named value ${key}`);
}

export { indexPlan };

/** The input key of a column: the table name is length-prefixed so any names are unambiguous. */
export function colKey(table: string, col: string): string {
  return `col:${table.length}:${table}:${col}`;
}

/** Generates the code of one stage. Throws Unsupported for a plan feature the fast engine lacks. */
export function generateStage(plan: Plan, env: StageEnv, targets: readonly Target[]): StageCode {
  const inline = new Gen(plan, env, false).stage(targets);
  // A large policy: one function per named value, so V8 optimises each (it gives up on huge functions).
  if (inline.bodyLines > splitLines) return new Gen(plan, env, true).stage(targets);
  return inline;
}

/** Above this many lines in the person loop, the code is split into functions. */
let splitLines = 1500;

/** Changes the split threshold (tests use a small one to run small policies split); returns the old one. */
export function setSplitLines(n: number): number {
  const old = splitLines;
  splitLines = n;
  return old;
}
/** Named-value functions called per segment function. */
const SEGMENT = 48;

/** Whether n·10^D stays clear of 2^53 for every |value| ≤ mag (so exact integer arithmetic cannot overflow). */
function safe(D: number, mag: number): boolean {
  return D >= 0 && D <= MAX_SCALE && mag * POW10[D]! < 4503599627370496;
}

/** A number's integer at a wider scale, and the checks that it stays exact there. */
type Aligned = { src: string; checks: string[] };

const NUM_PROPS = (D: number, inx: boolean, mm: boolean, mag: number) => ({ t: 'num' as const, D, inx: inx || D < 0, mm, mag });

class Gen {
  private readonly em = new Emitter();
  private readonly inputs: string[] = [];
  private readonly inputNames = new Map<string, string>();
  private readonly outputs: string[] = [];
  private readonly outputNames = new Map<string, string>();
  private readonly outputTypes = new Map<string, 'f64' | 'u8' | 'any'>();
  private readonly cellKinds = new Map<string, ColKind>();
  private readonly strings: string[] = [];
  private readonly stringNames = new Map<string, string>();
  private readonly prelude: string[] = [];
  private readonly sites: string[] = [];
  private readonly named = new Map<string, V>();
  private readonly ensuring = new Set<string>();
  private readonly idx: PlanIndex;
  private readonly slotShapes = new Map<string, SlotShape>();
  /** Inside an aggregate: the related table and the local holding the row index. */
  private row?: { table: string; r: string };
  /** Split mode: named values computed by functions (in this order), passed through registers. */
  private readonly fns: string[][] = [];
  private readonly fnNames: string[] = [];
  private readonly regs = new Map<string, { r: number; v: V }>();
  private nregs = 0;

  constructor(
    private readonly plan: Plan,
    private readonly env: StageEnv,
    private readonly split: boolean,
  ) {
    this.idx = indexPlan(plan);
  }

  // ── registries ───────────────────────────────────────────────────────
  private input(key: string): string {
    let name = this.inputNames.get(key);
    if (!name) {
      name = this.em.id('c');
      this.inputNames.set(key, name);
      this.inputs.push(key);
    }
    return name;
  }

  private output(key: string, type: 'f64' | 'u8' | 'any'): string {
    let name = this.outputNames.get(key);
    if (!name) {
      name = this.em.id('q');
      this.outputNames.set(key, name);
      this.outputs.push(key);
      this.outputTypes.set(key, type);
    }
    return name;
  }

  private str(s: string): string {
    let name = this.stringNames.get(s);
    if (!name) {
      name = this.em.id('h');
      this.stringNames.set(s, name);
      this.strings.push(s);
    }
    return name;
  }

  /** Code that hands the person to the interpreter; `why` is kept for statistics (not in the code). */
  private bail(why: string): string {
    this.sites.push(why);
    return `{ bail[i] = 1; site(${intLit(this.sites.length - 1)}); return 1; }`;
  }

  // ── stage ────────────────────────────────────────────────────────────
  stage(targets: readonly Target[]): StageCode {
    const em = this.em;
    const [body] = em.capture(() => {
      // The person's code is a function of its own (bails return): V8 compiles a called function
      // after a few calls, where a loop in one long function waits for on-stack replacement —
      // which matters for the first thousand people after an edit.
      for (const t of targets) for (const k of this.depsOf(t.expr)) this.ensure(k);
      if (this.split) {
        // The named values the targets read, from the registers.
        for (const t of targets) for (const k of this.depsOf(t.expr)) if (this.regs.has(k)) this.named.set(k, this.loadReg(k));
      }
      for (const t of targets) this.target(t);
    });
    const lines: string[] = [];
    lines.push('const abs = Math.abs, floor = Math.floor, trunc = Math.trunc;');
    lines.push('const site = R.site, roundExact = R.roundExact, roundFloat = R.roundFloat, cmpFloat = R.cmpFloat, fmtNorm = R.fmtNorm, fmtPadded = R.fmtPadded, trimSum = R.trimSum, weightedSum = R.weightedSum, lcm = R.lcm;');
    this.strings.forEach((_, i) => lines.push(`const ${this.stringNames.get(this.strings[i]!)!} = K[${intLit(i)}];`));
    lines.push(...this.prelude);
    if (this.split) lines.push(`const RN = new Float64Array(${intLit(this.nregs)}), RX = new Float64Array(${intLit(this.nregs)}), RE = new Float64Array(${intLit(this.nregs)}), RS = new Array(${intLit(this.nregs)}).fill(null);`);
    // The person's functions are made once per kernel, not once per run: V8's optimised code for
    // a closure made per run can embed that run's arrays, and it is thrown away when a full
    // garbage collection frees them — every later run would start cold. The run's arrays are
    // handed over through variables of the kernel instead.
    const runVars = [...this.inputs.map((k) => this.inputNames.get(k)!), ...this.outputs.map((k) => this.outputNames.get(k)!), 'bail', 'off'];
    lines.push(`let ${runVars.join(', ')};`);
    let bodyLines = body.length;
    const calls: string[] = [];
    if (this.split) {
      this.fns.forEach((f, k) => {
        lines.push(`function ${this.fnNames[k]}(i) {`);
        for (const l of f) lines.push('  ' + l);
        lines.push('  return 0;');
        lines.push('}');
        bodyLines += f.length;
      });
      // Segments of calls, so no function is long.
      for (let k = 0; k < this.fnNames.length; k += SEGMENT) {
        const seg = this.em.id('f');
        lines.push(`function ${seg}(i) {`);
        for (const f of this.fnNames.slice(k, k + SEGMENT)) lines.push(`  if (${f}(i) !== 0) return 1;`);
        lines.push('  return 0;');
        lines.push('}');
        calls.push(`if (${seg}(i) !== 0) return 1;`);
      }
    }
    lines.push('function person(i) {');
    for (const c of calls) lines.push('  ' + c);
    for (const l of body) lines.push('  ' + l);
    lines.push('  return 0;');
    lines.push('}');
    lines.push('return function (C, O, i0, i1, B, F) {');
    this.inputs.forEach((k, i) => lines.push(`  ${this.inputNames.get(k)!} = C[${intLit(i)}];`));
    this.outputs.forEach((k, i) => lines.push(`  ${this.outputNames.get(k)!} = O[${intLit(i)}];`));
    lines.push('  bail = B; off = F;');
    lines.push('  for (let i = i0; i < i1; i++) if (B[i] === 0) person(i);');
    lines.push('};');
    return { source: seal(lines.join('\n')), sites: this.sites, inputs: this.inputs, outputs: this.outputs, outputTypes: this.outputTypes, cellKinds: this.cellKinds, strings: this.strings, slotShapes: this.slotShapes, bodyLines };
  }

  /** Split mode: a named value's function stores it in registers; readers load it into locals. */
  private storeReg(key: string, v: V): void {
    const r = this.nregs++;
    this.regs.set(key, { r, v });
    if (v.t === 'num') this.em.line(`RN[${intLit(r)}] = ${v.n}; RX[${intLit(r)}] = ${v.inx ? v.x : 'NaN'}; RE[${intLit(r)}] = ${v.inx ? v.e : '0'};`);
    else this.em.line(`RS[${intLit(r)}] = ${v.v};`);
  }

  private loadReg(key: string): V {
    const { r, v } = this.regs.get(key)!;
    const em = this.em;
    if (v.t === 'num') {
      const n = em.id('n');
      const x = em.id('x');
      const e = em.id('e');
      em.line(`const ${n} = RN[${intLit(r)}], ${x} = RX[${intLit(r)}], ${e} = RE[${intLit(r)}];`);
      const { c: _c, ...shape } = v;
      void _c;
      return { ...shape, n, x, e };
    }
    const s = em.id(v.t === 'bool' ? 'b' : 's');
    em.line(`const ${s} = RS[${intLit(r)}];`);
    return { ...v, v: s };
  }

  private target(t: Target): void {
    const em = this.em;
    const v = this.gen(t.expr);
    if (t.k === 'need') return;
    if (t.k === 'slot') {
      if (v.t === 'num') {
        const n = this.output(`slot:${t.key}:n`, 'f64');
        if (v.inx) {
          const x = this.output(`slot:${t.key}:x`, 'f64');
          const e = this.output(`slot:${t.key}:e`, 'f64');
          em.line(`${n}[i] = ${v.n}; ${x}[i] = ${v.x}; ${e}[i] = ${v.e};`);
        } else em.line(`${n}[i] = ${v.n};`);
        this.slotShapes.set(t.key, { kind: 'num', D: v.D, inexact: v.inx, mm: v.mm, mag: v.mag });
      } else if (v.t === 'bool') {
        const o = this.output(`slot:${t.key}`, 'u8');
        em.line(`${o}[i] = ${v.v} === null ? 2 : ${v.v} ? 1 : 0;`);
        this.slotShapes.set(t.key, { kind: 'bool', D: 0, inexact: false, mm: v.mm, mag: 0 });
      } else {
        const o = this.output(`slot:${t.key}`, 'any');
        em.line(`${o}[i] = ${v.v};`);
        this.slotShapes.set(t.key, { kind: 'str', D: 0, inexact: false, mm: v.mm, mag: 0 });
      }
      return;
    }
    if (t.k === 'key') {
      const o = this.output(`key:${t.key}`, 'any');
      em.line(`${o}[i] = ${this.keyText(v)};`);
      return;
    }
    this.cellKinds.set(t.key, v.t);
    // Cells are written relative to the slice (`off`), so output can be produced slice by slice.
    if (v.t === 'num') {
      this.numCell(v, t.decimals, this.output(`cell:${t.key}:n`, 'f64'), this.output(`cell:${t.key}:d`, 'u8'));
      return;
    }
    const o = this.output(`cell:${t.key}`, 'any');
    if (v.t === 'str') em.line(`${o}[i - off] = ${v.v};`);
    else em.line(`${o}[i - off] = ${v.v} === null ? null : ${v.v} ? ${this.str('true')} : ${this.str('false')};`);
  }

  /**
   * A number as the interpreter prints it — `decimals` places, or rounded to 10 places and
   * normalised — kept as an integer `n` at scale `d` (the writer makes the text): n NaN = empty.
   */
  private numCell(v: NumV, decimals: number | undefined, on: string, od: string): void {
    const em = this.em;
    const places = decimals ?? 10;
    const exactTo = (n: string, D: number): [string, number] => {
      if (D <= places) return [n, D];
      // Exactly half-way at the printed places: the interpreter prints its own 40-digit value,
      // which may lie on either side of the half when exact arithmetic took another path.
      em.line(`if (abs(${n}) % ${numLit(POW10[D - places]!)} === ${numLit(5 * POW10[D - places - 1]!)}) ${this.bail('output exactly at a half')}`);
      return [`roundExact(${n}, ${intLit(D)}, ${intLit(places)}, 0)`, places];
    };
    const put = (n: string, d: number | string): void => em.line(`${on}[i - off] = ${n}; ${od}[i - off] = ${typeof d === 'number' ? intLit(d) : d};`);
    const float = (x: string, e: string): void => {
      const q = em.id('t');
      em.line(`const ${q} = roundFloat(${x}, ${e}, ${intLit(places)}, 0);`);
      em.line(`if (${q} !== ${q}) ${this.bail('output rounding near a half')}`);
      put(q, places);
    };
    if (v.c) {
      if (v.c.n !== undefined) put(...exactTo(numLit(v.c.n), v.c.D));
      else float(numLit(v.c.x), numLit(v.c.e));
      return;
    }
    if (!v.inx) {
      put(...exactTo(v.n, v.D));
      return;
    }
    if (v.D >= 0) {
      em.open(`if (${v.n} === ${v.n})`);
      put(...exactTo(v.n, v.D));
      em.reopen(`} else if (${v.x} === ${v.x}) {`);
      float(v.x, v.e);
      em.close();
    } else {
      em.open(`if (${v.x} === ${v.x})`);
      float(v.x, v.e);
      em.close();
    }
  }

  // ── named values ─────────────────────────────────────────────────────
  /** Named values an expression reads (direct references). */
  private depsOf(e: Expr): string[] {
    const out: string[] = [];
    walkExpr(e, (x) => {
      if (x.k === 'ref') {
        const k = namedKey(x);
        if (k) out.push(k);
      }
    });
    return out;
  }

  private ensure(key: string): void {
    if (this.named.has(key) || this.regs.has(key)) return;
    const slot = this.env.slots.get(key);
    if (this.ensuring.has(key)) throw new Unsupported(`cyclic named value ${key}`);
    this.ensuring.add(key);
    const deps = new Set<string>();
    if (!slot) {
      const { exprs, named } = namedExprs(this.plan, this.idx, key);
      for (const k of named) deps.add(k);
      for (const x of exprs) for (const k of this.depsOf(x)) deps.add(k);
      for (const k of deps) this.ensure(k);
    }
    if (!this.split) this.named.set(key, slot ? this.readSlot(key, slot) : this.genNamed(key));
    else {
      // A function of its own: dependencies loaded from the registers, the value stored there.
      const [lines] = this.em.capture(() => {
        const saved = new Map(this.named);
        // A weighted node reads its children from the registers itself (weightedWide).
        const wide = key === 'weighted' || (key.startsWith('ind:') && !this.idx.indicators.get(key.slice(4))!.rule);
        if (!wide) for (const k of deps) this.named.set(k, this.loadReg(k));
        const v = slot ? this.readSlot(key, slot) : this.genNamed(key);
        this.storeReg(key, v);
        this.named.clear();
        for (const [k, x] of saved) this.named.set(k, x);
      });
      this.fns.push(lines);
      this.fnNames.push(this.em.id('f'));
    }
    this.ensuring.delete(key);
  }

  private readSlot(key: string, s: SlotShape): V {
    const em = this.em;
    if (s.kind === 'num') {
      const n = em.id('n');
      if (!s.inexact && s.D >= 0) {
        em.line(`const ${n} = ${this.input(`slot:${key}:n`)}[i];`);
        return { ...NUM_PROPS(s.D, false, s.mm, s.mag), n, x: 'NaN', e: '0' };
      }
      const x = em.id('x');
      const e = em.id('e');
      em.line(`const ${n} = ${this.input(`slot:${key}:n`)}[i], ${x} = ${this.input(`slot:${key}:x`)}[i], ${e} = ${this.input(`slot:${key}:e`)}[i];`);
      return { ...NUM_PROPS(s.D, s.inexact, s.mm, s.mag), n, x, e };
    }
    if (s.kind === 'bool') {
      const b = em.id('b');
      em.line(`const ${b} = ${this.input(`slot:${key}`)}[i];`);
      const v = em.id('b');
      em.line(`const ${v} = ${b} === 2 ? null : ${b} === 1;`);
      return { t: 'bool', v, mm: s.mm };
    }
    const v = em.id('s');
    em.line(`const ${v} = ${this.input(`slot:${key}`)}[i];`);
    return { t: 'str', v, mm: s.mm };
  }

  private genNamed(key: string): V {
    if (key.startsWith('let:')) return this.gen(this.idx.lets.get(key.slice(4))!);
    if (key.startsWith('adjust:')) return this.gen(this.idx.adjusts.get(key.slice(7))!);
    if (key.startsWith('ind:')) return this.indicator(this.idx.indicators.get(key.slice(4))!);
    switch (key) {
      case 'weighted':
        return this.weighted(this.plan.indicators, true);
      case 'adjustments':
        return this.adjustments();
      case 'total':
        return this.total();
      case 'grade_before':
        return this.gradeBefore();
      case 'reward':
        return this.required(this.gen(this.plan.reward!.expr), 'reward missing');
    }
    throw new Unsupported(`unknown named value ${key}`);
  }

  /** v, with a missing value handed to the interpreter (it is an evaluation error there). */
  private required(v: V, why: string): V {
    if (!v.mm) return v;
    this.em.line(`if (${this.missing(v)}) ${this.bail(why)}`);
    return { ...v, mm: false };
  }

  private indicator(node: Indicator): V {
    const score = node.rule ? this.gen(node.rule) : this.weighted(node.children, false);
    if (score.t !== 'num') throw new Unsupported('an indicator that is not a number');
    if (!score.mm) return score;
    if (node.missing === 'error') return this.required(score, 'indicator missing (missing error)');
    if (node.missing === 'zero') return this.choose(score, this.constNum('0'), []);
    return score;
  }

  /** The weighted mean of applicable indicators, weights re-normalised over them. */
  private weighted(nodes: readonly Indicator[], top: boolean): NumV {
    if (this.split || nodes.length > 8) return this.weightedWide(nodes, top);
    const em = this.em;
    const Dw = Math.max(0, ...nodes.map((c) => weightScale(c)));
    const weights = nodes.map((c) => this.weightOf(c, Dw));
    const scores = nodes.map((c) => this.named.get('ind:' + c.id) as NumV);
    const nonNegative = weights.every((w) => w.max >= 0 && w.min >= 0);
    const meanMag = nonNegative ? Math.max(0, ...scores.map((s) => s.mag)) : Infinity;
    const anyMissing = scores.some((s) => s.mm);
    const allFixed = weights.every((w) => w.c);
    if (!anyMissing && allFixed) {
      // Every child applies: a plain weighted sum, divided by a constant only if the weights do not add up to 1.
      let sum: NumV = this.constNum('0');
      scores.forEach((s, i) => (sum = this.add('+', sum, this.mul(s, this.constNum(weights[i]!.c!.dec.toFixed())))));
      const W = weights.reduce((a, w) => a.plus(w.c!.dec), new Decimal(0));
      if (W.eq(1)) return sum;
      if (W.isZero()) {
        if (top) em.line(this.bail('no indicator applies'));
        return { ...this.holder(-1, true, true, 0) };
      }
      return { ...this.div(sum, this.constNum(W.toFixed()), false), mag: meanMag };
    }
    // Some children may not apply (or weights vary by person): accumulate what applies.
    const terms = scores.map((s, i) => ({ D: s.D >= 0 ? s.D + Dw : -1, mag: s.mag * Math.max(Math.abs(weights[i]!.max), Math.abs(weights[i]!.min)) }));
    const Dacc = terms.every((t) => t.D >= 0) ? Math.max(0, ...terms.map((t) => t.D)) : -1;
    const accMag = terms.reduce((a, t) => a + t.mag, 0);
    const accInx = scores.some((s) => s.inx) || !safe(Dacc, accMag);
    const acc = this.holder(Dacc > MAX_SCALE ? -1 : Dacc, accInx, false, accMag);
    this.assign(acc, this.constNum('0'));
    const W = em.id('w');
    em.line(`let ${W} = 0;`);
    let partial = 0;
    nodes.forEach((_, i) => {
      const s = scores[i]!;
      if (s.mm) em.open(`if (!${this.missing(s)})`);
      const w = weights[i]!;
      const wv: NumV = w.c ? this.constNum(w.c.dec.toFixed()) : { ...NUM_PROPS(Dw, false, false, Math.max(Math.abs(w.max), Math.abs(w.min))), n: w.n, x: 'NaN', e: '0' };
      // The sum so far is bounded by the terms before this one.
      this.assign(acc, this.add('+', { ...acc, mm: false, mag: partial }, this.mul({ ...s, mm: false }, wv)));
      partial += terms[i]!.mag;
      em.line(`${W} += ${w.c ? numLit(w.c.n * POW10[Dw - w.c.D]!) : w.n};`);
      if (s.mm) em.close();
    });
    const wval: NumV = { ...NUM_PROPS(Dw, false, false, Infinity), n: W, x: 'NaN', e: '0' };
    const [ql, q] = em.capture(() => this.div({ ...acc, mm: false }, wval, false));
    // The scale of the weighted sum: a re-normalised mean keeps it when its extra digits are zeros.
    const res = this.holder(acc.D, true, !top, meanMag);
    em.open(`if (${W} === 0)`);
    if (top) em.line(this.bail('no indicator applies'));
    em.reopen(`} else if (${W} === ${numLit(POW10[Dw]!)}) {`);
    this.assign(res, acc);
    em.reopen('} else {');
    em.splice(ql);
    this.assign(res, q);
    em.close();
    return res;
  }

  /**
   * The weighted mean of many children through the runtime's weightedSum: compact code (the
   * children's values in registers, or copied into scratch arrays) instead of a long chain.
   */
  private weightedWide(nodes: readonly Indicator[], top: boolean): NumV {
    const em = this.em;
    const m = nodes.length;
    const Dw = Math.max(0, ...nodes.map((c) => weightScale(c)));
    const weights = nodes.map((c) => this.weightOf(c, Dw));
    const inRegs = this.split && nodes.every((c) => this.regs.has('ind:' + c.id));
    const shapes = nodes.map((c) => (inRegs ? this.regs.get('ind:' + c.id)!.v : this.named.get('ind:' + c.id)!) as NumV);
    const sd = shapes.map((v) => (v.c ? (v.c.n !== undefined ? v.c.D : -1) : v.D));
    let Dacc = Math.max(0, ...sd.filter((d) => d >= 0).map((d) => d + Dw));
    if (Dacc > MAX_SCALE) Dacc = -1;
    const nonNegative = weights.every((w) => w.max >= 0 && w.min >= 0);
    const meanMag = nonNegative ? Math.max(0, ...shapes.map((v) => v.mag)) : Infinity;
    const arr = (kind: string, values: readonly number[], lit: (v: number) => string): string => {
      const a = em.id('a');
      this.prelude.push(`const ${a} = new ${kind}([${values.map(lit).join(', ')}]);`);
      return a;
    };
    const kS = arr('Int8Array', sd, intLit);
    const kW = arr('Float64Array', weights.map((w) => (w.c ? w.c.n * POW10[Dw - w.c.D]! : 0)), numLit);
    weights.forEach((w, k) => {
      if (!w.c) em.line(`${kW}[${intLit(k)}] = ${w.n};`);
    });
    let src: [string, string, string, string];
    if (inRegs) src = ['RN', 'RX', 'RE', arr('Int32Array', nodes.map((c) => this.regs.get('ind:' + c.id)!.r), intLit)];
    else {
      const tN = arr('Float64Array', new Array<number>(m).fill(0), numLit);
      const tX = arr('Float64Array', new Array<number>(m).fill(0), numLit);
      const tE = arr('Float64Array', new Array<number>(m).fill(0), numLit);
      shapes.forEach((v, k) => {
        const K = intLit(k);
        if (v.c) em.line(`${tN}[${K}] = ${v.c.n !== undefined ? numLit(v.c.n) : 'NaN'}; ${tX}[${K}] = ${numLit(v.c.x)}; ${tE}[${K}] = ${numLit(v.c.e)};`);
        else em.line(`${tN}[${K}] = ${v.D >= 0 ? v.n : 'NaN'}; ${tX}[${K}] = ${v.inx ? v.x : 'NaN'}; ${tE}[${K}] = ${v.inx ? v.e : '0'};`);
      });
      src = [tN, tX, tE, arr('Int32Array', nodes.map((_, k) => k), intLit)];
    }
    const out = arr('Float64Array', [0, 0, 0, 0], numLit);
    em.line(`weightedSum(${src[0]}, ${src[1]}, ${src[2]}, ${src[3]}, ${kS}, ${kW}, ${intLit(Dw)}, ${intLit(Dacc)}, ${out});`);
    const n = em.id('n');
    const x = em.id('x');
    const e = em.id('e');
    const W = em.id('w');
    em.line(`const ${n} = ${out}[0], ${x} = ${out}[1], ${e} = ${out}[2], ${W} = ${out}[3];`);
    const acc: NumV = { ...NUM_PROPS(Dacc, true, false, Infinity), n, x, e };
    const wval: NumV = { ...NUM_PROPS(Dw, false, false, Infinity), n: W, x: 'NaN', e: '0' };
    const [ql, q] = em.capture(() => this.div(acc, wval, false));
    const res = this.holder(Dacc, true, !top, meanMag);
    em.open(`if (${W} === 0)`);
    if (top) em.line(this.bail('no indicator applies'));
    em.reopen(`} else if (${W} === ${numLit(POW10[Dw]!)}) {`);
    this.assign(res, acc);
    em.reopen('} else {');
    em.splice(ql);
    this.assign(res, q);
    em.close();
    return res;
  }

  /** A child's weight: a constant, or (scaled to Dw) the weight of the person's value of a category column, 0 when none. */
  private weightOf(node: Indicator, Dw: number): { c?: Const & { n: number }; n: string; min: number; max: number } {
    const w = node.weight;
    if (w.k === 'fixed') {
      const c = constOf(w.value);
      if (c.n === undefined) throw new Unsupported('a weight that is not exact');
      return { c: c as Const & { n: number }, n: numLit(c.n), min: c.x, max: c.x };
    }
    const col = this.column(this.env.population, w.col, 'i');
    const key = this.keyText(col);
    const n = this.em.id('n');
    this.em.line(`let ${n} = 0;`);
    let min = 0;
    let max = 0;
    w.values.forEach((x, j) => {
      const c = constOf(x.value);
      if (c.n === undefined) throw new Unsupported('a weight that is not exact');
      min = Math.min(min, c.x);
      max = Math.max(max, c.x);
      this.em.line(`${j === 0 ? '' : 'else '}if (${key} === ${this.str(x.key)}) ${n} = ${numLit(c.n * POW10[Dw - c.D]!)};`);
    });
    return { n, min, max };
  }

  private adjustments(): V {
    const vals = this.plan.adjustments.map((a) => this.named.get('adjust:' + a.name) as NumV);
    let acc: NumV = this.constNum('0');
    for (const v of vals) acc = this.add('+', acc, v);
    return acc;
  }

  private total(): V {
    const em = this.em;
    const t0 = this.required(this.gen(this.plan.total!.expr), 'total missing');
    if (t0.t !== 'num') throw new Unsupported('a total that is not a number');
    // The first `total =` veto that holds replaces the total, later conditions unevaluated
    // (src/semantics/veto.ts): an if / else chain in written order.
    const vetoes = totalVetoes(this.plan);
    if (!vetoes.length) return t0;
    const parts = vetoes.map((v) => {
      const [cl, c] = em.capture(() => this.asBool(this.gen(v.when)));
      const [vl, val] = em.capture(() => this.required(this.gen(v.effect.value), 'veto total missing'));
      if (val.t !== 'num') throw new Unsupported('a veto total that is not a number');
      return { cl, c, vl, val };
    });
    const res = this.holderFor([t0, ...parts.map((p) => p.val)], false) as NumV;
    const emitFrom = (k: number): void => {
      if (k === parts.length) {
        this.assign(res, t0);
        return;
      }
      const p = parts[k]!;
      em.splice(p.cl);
      em.open(`if (${p.c.v} === true)`);
      em.splice(p.vl);
      this.assign(res, p.val);
      em.reopen('} else {');
      emitFrom(k + 1);
      em.close();
    };
    emitFrom(0);
    return res;
  }

  private gradeBefore(): V {
    const em = this.em;
    const t = this.named.get('total') as NumV;
    const grades = this.plan.grades;
    const code = em.id('j');
    em.line(`let ${code} = -1;`);
    // The first band (in listed order) that contains the total; else the `otherwise` band.
    const bands = grades.flatMap((b, gi) => (b.otherwise ? [] : [{ gi, b }]));
    const emitBand = (k: number): void => {
      if (k >= bands.length) {
        const other = grades.findIndex((b) => b.otherwise);
        if (other >= 0) em.line(`${code} = ${intLit(other)};`);
        else em.line(this.bail('no grade band'));
        return;
      }
      const { gi, b } = bands[k]!;
      em.open(`if (${this.inBand(t, b)})`);
      em.line(`${code} = ${intLit(gi)};`);
      em.reopen('} else {');
      emitBand(k + 1);
      em.close();
    };
    emitBand(0);
    // Every grade veto's condition is evaluated; which grade the ones that hold give is decided
    // by src/semantics/veto.ts (the input `gradeVetoes`), from a bit mask of them.
    const vetoes = gradeVetoes(this.plan);
    if (vetoes.length > MASK_VETOES) throw new Unsupported(`more than ${MASK_VETOES} grade vetoes`);
    if (vetoes.length) {
      const mask = em.id('m');
      em.line(`let ${mask} = 0;`);
      vetoes.forEach((v, k) => {
        const c = this.asBool(this.gen(v.veto.when));
        em.line(`if (${c.v} === true) ${mask} |= ${intLit(2 ** k)};`);
      });
      em.line(`if (${mask} !== 0) ${code} = ${this.input('gradeVetoes')}(${code}, ${mask});`);
    }
    const s = em.id('s');
    em.line(`const ${s} = ${this.input('gradeNames')}[${code}];`);
    return { t: 'str', v: s, mm: false };
  }

  /** A boolean expression (source) testing that t lies in band b; bails when undecidable. */
  private inBand(t: NumV, b: Band): string {
    const conds: string[] = [];
    if (b.low) {
      const c = this.cmpNum(t, this.constNum(b.low.value));
      conds.push(b.low.inclusive ? `${c} >= 0` : `${c} > 0`);
    }
    if (b.high) {
      const c = this.cmpNum(t, this.constNum(b.high.value));
      conds.push(b.high.inclusive ? `${c} <= 0` : `${c} < 0`);
    }
    return conds.length ? conds.map((c) => `(${c})`).join(' && ') : 'true';
  }

  // ── expressions ──────────────────────────────────────────────────────
  private gen(e: Expr): V {
    switch (e.k) {
      case 'num':
        return this.constNum(e.v);
      case 'missing':
        // Its type is the other branch's: the exact interpreter runs such plans.
        throw new Unsupported('the `missing` literal');
      case 'bool':
        return { t: 'bool', v: e.v ? 'true' : 'false', mm: false };
      case 'str':
        return { t: 'str', v: this.str(e.v), mm: false };
      case 'col':
        return this.column(this.env.population, e.col, 'i');
      case 'rowcol': {
        if (!this.row) throw new Unsupported('a related-table column outside an aggregate');
        return this.column(this.row.table, e.col, this.row.r);
      }
      case 'lookup':
        return this.lookup(e);
      case 'ref':
        return this.ref(e);
      case 'un': {
        const v = this.gen(e.e);
        if (e.op === 'not') {
          const b = this.asBool(v);
          return this.boolLocal(b.mm ? `${b.v} === null ? null : !${b.v}` : `!${b.v}`, b.mm);
        }
        return this.neg(this.asNum(v));
      }
      case 'bin':
        return this.binary(e);
      case 'if':
        return this.ifExpr(e);
      case 'call':
        return this.call(e);
      case 'interp':
        return this.interp(e);
      case 'steps':
        return this.steps(e);
      case 'map':
        return this.map(e);
      case 'agg':
        return this.agg(e);
      case 'grouped':
        return this.grouped(e);
      case 'rank': {
        const id = this.env.rankId.get(e);
        if (id === undefined || !this.env.cohorts.has(`rank:${id}`)) throw new Unsupported('rank not available here');
        const n = this.em.id('n');
        this.em.line(`const ${n} = ${this.input(`rank:${id}`)}[i];`);
        return { ...NUM_PROPS(0, false, true, 2147483648), n, x: 'NaN', e: '0' };
      }
      case 'allocate': {
        const id = this.env.allocId.get(e);
        if (id === undefined || !this.env.cohorts.has(`alloc:${id}`)) throw new Unsupported('allocate not available here');
        const n = this.em.id('n');
        this.em.line(`const ${n} = ${this.input(`alloc:${id}`)}[i];`);
        return { ...NUM_PROPS(e.decimals, false, true, Infinity), n, x: 'NaN', e: '0' };
      }
      case 'ordered':
        return this.ordered(e);
    }
  }

  /** Bounds out of order make the person the interpreter's (its KPL4007); missing bounds, missing. */
  private ordered(e: Extract<Expr, { k: 'ordered' }>): V {
    const em = this.em;
    const bounds = e.bounds.map((b) => this.asNum(this.gen(b)));
    const maybe = bounds.filter((b) => b.mm);
    const [bodyCode, body] = em.capture(() => this.gen(e.e));
    const res = this.holderFor([body], maybe.length > 0 || body.mm);
    if (maybe.length) em.open(`if (!(${maybe.map((b) => this.missing(b)).join(' || ')}))`);
    for (let i = 1; i < bounds.length; i++) {
      const c = this.cmpNum({ ...bounds[i]!, mm: false }, { ...bounds[i - 1]!, mm: false });
      em.line(`if (${c} ${e.dir === 'up' ? '<=' : '>='} 0) ${this.bail('bounds out of order')}`);
    }
    em.splice(bodyCode);
    this.assign(res, body);
    if (maybe.length) em.close();
    return res;
  }

  /** `v` unless missing, else `f` (whose code is `fl`, run only then). */
  private choose(v: V, f: V, fl: readonly string[]): V {
    const em = this.em;
    if (!v.mm) return v;
    const res = this.holderFor([v, f], f.mm);
    em.open(`if (${this.missing(v)})`);
    em.splice(fl);
    this.assign(res, f);
    em.reopen('} else {');
    this.assign(res, v);
    em.close();
    return res;
  }

  private column(table: string, col: string, rowVar: string): V {
    const shape = this.env.column(table, col);
    if (!shape) throw new Unsupported(`column ${table}.${col} not loaded`);
    const data = this.input(colKey(table, col));
    const em = this.em;
    if (shape.kind === 'num') {
      const n = em.id('n');
      em.line(`const ${n} = ${data}[${rowVar}];`);
      return { ...NUM_PROPS(shape.scale, false, shape.optional, shape.mag), n, x: 'NaN', e: '0' };
    }
    if (shape.kind === 'bool') {
      const b = em.id('b');
      em.line(`const ${b} = ${data}[${rowVar}];`);
      return this.boolLocal(shape.optional ? `${b} === 2 ? null : ${b} === 1` : `${b} === 1`, shape.optional);
    }
    const s = em.id('s');
    em.line(`const ${s} = ${data}[${rowVar}];`);
    return { t: 'str', v: s, mm: shape.optional };
  }

  private lookup(e: Extract<Expr, { k: 'lookup' }>): V {
    const em = this.em;
    if (e.col === '') throw new Unsupported('a lookup row as a value');
    const kv = this.gen(e.key);
    const key = this.keyText(kv);
    const map = this.input(`lookup:${e.table}`);
    const r = em.id('r');
    em.line(`let ${r} = -1;`);
    em.open(`if (${key} !== null)`);
    em.line(`${r} = ${map}.get(${key});`);
    em.line(`if (${r} === undefined) ${this.bail('lookup key not found')}`);
    em.close();
    const shape = this.env.column(e.table, e.col);
    if (!shape) throw new Unsupported(`column ${e.table}.${e.col} not loaded`);
    const data = this.input(colKey(e.table, e.col));
    const mm = kv.mm || shape.optional;
    if (shape.kind === 'num') {
      const n = em.id('n');
      em.line(`const ${n} = ${r} < 0 ? NaN : ${data}[${r}];`);
      return { ...NUM_PROPS(shape.scale, false, mm, shape.mag), n, x: 'NaN', e: '0' };
    }
    if (shape.kind === 'bool') {
      const b = em.id('b');
      em.line(`const ${b} = ${r} < 0 ? 2 : ${data}[${r}];`);
      return this.boolLocal(`${b} === 2 ? null : ${b} === 1`, mm);
    }
    const s = em.id('s');
    em.line(`const ${s} = ${r} < 0 ? null : ${data}[${r}];`);
    return { t: 'str', v: s, mm };
  }

  private ref(e: Extract<Expr, { k: 'ref' }>): V {
    const key = namedKey(e);
    if (key) {
      const v = this.named.get(key);
      if (!v) throw new Unsupported(`named value ${key} not computed before use`);
      return v;
    }
    const em = this.em;
    switch (e.ref) {
      case 'status':
        return { t: 'str', v: this.str('ok'), mm: false };
      case 'grade': {
        if (!this.env.cohorts.has('grade')) throw new Unsupported('grade not available here');
        const s = em.id('s');
        em.line(`const ${s} = ${this.input('grade')}[i];`);
        return { t: 'str', v: s, mm: false };
      }
      case 'quota_rank': {
        if (!this.env.cohorts.has('qrank')) throw new Unsupported('quota rank not available here');
        const n = em.id('n');
        em.line(`const ${n} = ${this.input('qrank')}[i];`);
        return { ...NUM_PROPS(0, false, true, 2147483648), n, x: 'NaN', e: '0' };
      }
      default:
        throw new Unsupported(`reference ${e.ref}`);
    }
  }

  private binary(e: Extract<Expr, { k: 'bin' }>): V {
    const em = this.em;
    if (e.op === 'and' || e.op === 'or') {
      const l = this.asBool(this.gen(e.l));
      const res = em.id('b');
      const short = e.op === 'and' ? 'false' : 'true';
      em.line(`let ${res} = ${short};`);
      em.open(`if (${l.v} !== ${short})`);
      const r = this.asBool(this.gen(e.r));
      const op = e.op === 'and' ? '&&' : '||';
      const mm = l.mm || r.mm;
      em.line(`${res} = ${mm ? `${l.v} === null || ${r.v} === null ? null : ` : ''}${l.v} ${op} ${r.v};`);
      em.close();
      return { t: 'bool', v: res, mm };
    }
    const l = this.gen(e.l);
    const r = this.gen(e.r);
    switch (e.op) {
      case '+':
      case '-':
        return this.add(e.op, this.asNum(l), this.asNum(r));
      case '*':
        return this.mul(this.asNum(l), this.asNum(r));
      case '/':
        return this.div(this.asNum(l), this.asNum(r), true);
      default:
        return this.compare(e.op, l, r);
    }
  }

  private compare(op: '<' | '<=' | '>' | '>=' | '=' | '!=', l: V, r: V): BoolV {
    const em = this.em;
    const mm = l.mm || r.mm;
    if (l.t !== 'num' || r.t !== 'num') {
      if (op !== '=' && op !== '!=') throw new Unsupported('ordering of non-numbers');
      if (l.t === 'num' || r.t === 'num') {
        // A number never equals text or a boolean.
        return this.boolLocal(`${this.missing(l)} || ${this.missing(r)} ? null : ${op === '=' ? 'false' : 'true'}`, mm);
      }
      const test = `${l.v} ${op === '=' ? '===' : '!=='} ${r.v}`;
      return this.boolLocal(mm ? `${l.v} === null || ${r.v} === null ? null : ${test}` : test, mm);
    }
    const test = op === '=' ? '=== 0' : op === '!=' ? '!== 0' : `${op} 0`;
    if (!mm) {
      const c = this.cmpNum(l, r);
      return this.boolLocal(`${c} ${test}`, false);
    }
    const res = em.id('b');
    em.line(`let ${res} = null;`);
    em.open(`if (!(${this.missing(l)} || ${this.missing(r)}))`);
    const c = this.cmpNum(l, r);
    em.line(`${res} = ${c} ${test};`);
    em.close();
    return { t: 'bool', v: res, mm };
  }

  private ifExpr(e: Extract<Expr, { k: 'if' }>): V {
    const em = this.em;
    const c = this.asBool(this.gen(e.c));
    const [tl, t] = em.capture(() => this.gen(e.t));
    const [fl, f] = em.capture(() => this.gen(e.e));
    const res = this.holderFor([t, f], c.mm || t.mm || f.mm);
    em.open(`if (${c.v} === true)`);
    em.splice(tl);
    this.assign(res, t);
    em.reopen(c.mm ? `} else if (${c.v} === false) {` : '} else {');
    em.splice(fl);
    this.assign(res, f);
    em.close();
    return res;
  }

  /** A plain built-in: its record's generator (src/builtins/<name>.ts) over this generator's primitives. */
  private call(e: Extract<Expr, { k: 'call' }>): V {
    const b = findBuiltin(e.fn);
    if (!b) throw new Unsupported(`function ${e.fn}`);
    return b.fast(this.ops, e.args);
  }

  /** The primitives a built-in's `fast` generator composes (FastOps in src/builtins/types.ts). */
  private readonly ops: FastOps<V, NumV> = {
    gen: (e) => this.gen(e),
    asNum: (v) => this.asNum(v),
    missing: (v) => this.missing(v),
    boolLocal: (src, mm) => this.boolLocal(src, mm),
    constNum: (text) => this.constNum(text),
    choose: (v, f, fl) => this.choose(v, f, fl),
    add: (op, a, b) => this.add(op, a, b),
    mul: (a, b) => this.mul(a, b),
    div: (a, b, guard) => this.div(a, b, guard),
    ratio: (a, b, z) => this.ratio(a, b, z),
    abs: (a) => this.absV(a),
    minmax: (args, isMin) => this.minmaxAll(args, isMin),
    round: (x, places, mode) => this.round(x, places, mode),
    modes: MODES,
    maxScale: MAX_SCALE,
    capture: (f) => this.em.capture(f),
    splice: (lines) => this.em.splice(lines),
    open: (head) => this.em.open(head),
    close: () => this.em.close(),
    holder: (vs, mm) => this.holderFor(vs, mm),
    assign: (dst, src) => this.assign(dst, src),
    unsupported: (what) => {
      throw new Unsupported(what);
    },
  };

  private interp(e: Extract<Expr, { k: 'interp' }>): V {
    const em = this.em;
    const x = this.asNum(this.gen(e.x));
    const xv: NumV = { ...x, mm: false };
    const pts = e.points.map(([a, b]) => [constOf(a), constOf(b)] as const);
    const [bl, below] = em.capture(() => this.gen(e.below));
    const [al, above] = e.above ? em.capture(() => this.gen(e.above!)) : [[], this.constNum(pts[pts.length - 1]![1].dec.toFixed())];
    // Segment values, computed only in their branch: ya + (yb − ya)·(x − xa) / (xb − xa).
    const segs = pts.slice(1).map((_, k) => {
      const [xa, ya] = pts[k]!;
      const [xb, yb] = pts[k + 1]!;
      return em.capture(() => {
        const dy = yb.dec.minus(ya.dec);
        const dx = xb.dec.minus(xa.dec);
        const t = this.div(this.mul(this.constNum(dy.toFixed()), this.add('-', xv, this.constNum(xa.dec.toFixed()))), this.constNum(dx.toFixed()), true);
        const v = this.add('+', this.constNum(ya.dec.toFixed()), t);
        // Between two breakpoints the value stays between their values.
        return { ...v, mag: Math.max(Math.abs(ya.x), Math.abs(yb.x)) } as NumV;
      });
    });
    const ys = pts.map((p) => this.constNum(p[1].dec.toFixed()));
    const res = this.holderFor([below, above, ...segs.map((s) => s[1]), ...ys], x.mm || below.mm || above.mm) as NumV;
    if (x.mm) em.open(`if (!${this.missing(x)})`);
    const c0 = this.cmpNum(xv, this.constNum(pts[0]![0].dec.toFixed()));
    em.open(`if (${c0} < 0)`);
    em.splice(bl);
    this.assign(res, below);
    em.reopen('} else {');
    const emitSeg = (k: number): void => {
      if (k === segs.length) {
        em.splice(al);
        this.assign(res, above);
        return;
      }
      const cb = this.cmpNum(xv, this.constNum(pts[k + 1]![0].dec.toFixed()));
      em.open(`if (${cb} === 0)`);
      this.assign(res, ys[k + 1]!);
      em.reopen(`} else if (${cb} < 0) {`);
      em.splice(segs[k]![0]);
      this.assign(res, segs[k]![1]);
      em.reopen('} else {');
      emitSeg(k + 1);
      em.close();
    };
    emitSeg(0);
    em.close();
    if (x.mm) em.close();
    return res;
  }

  private steps(e: Extract<Expr, { k: 'steps' }>): V {
    const em = this.em;
    const x = this.asNum(this.gen(e.x));
    const xv: NumV = { ...x, mm: false };
    const rows = e.rows.map((r) => ({ r, code: em.capture(() => this.gen(r.value)) }));
    const other = e.otherwise ? em.capture(() => this.gen(e.otherwise!)) : undefined;
    const values = [...rows.map((r) => r.code[1]), ...(other ? [other[1]] : [])];
    const res = this.holderFor(values, x.mm || !other || values.some((v) => v.mm));
    if (x.mm) em.open(`if (!${this.missing(x)})`);
    const emitRow = (k: number): void => {
      if (k === rows.length) {
        if (other) {
          em.splice(other[0]);
          this.assign(res, other[1]);
        }
        return;
      }
      const { r, code } = rows[k]!;
      const c = this.cmpNum(xv, this.constNum(r.bound));
      const test = r.op === '=' ? '=== 0' : `${r.op} 0`;
      em.open(`if (${c} ${test})`);
      em.splice(code[0]);
      this.assign(res, code[1]);
      em.reopen('} else {');
      emitRow(k + 1);
      em.close();
    };
    emitRow(0);
    if (x.mm) em.close();
    return res;
  }

  private map(e: Extract<Expr, { k: 'map' }>): V {
    const em = this.em;
    const kv = this.gen(e.key);
    const key = this.keyText(kv);
    const entries = e.entries.map((x) => ({ key: x.key, code: em.capture(() => this.gen(x.value)) }));
    const other = e.otherwise ? em.capture(() => this.gen(e.otherwise!)) : undefined;
    const values = [...entries.map((x) => x.code[1]), ...(other ? [other[1]] : [])];
    const res = this.holderFor(values, kv.mm || values.some((v) => v.mm));
    if (kv.mm) em.open(`if (${key} !== null)`);
    // The first entry with the key wins (entries are searched in order).
    const seen = new Set<string>();
    let first = true;
    for (const x of entries) {
      if (seen.has(x.key)) continue;
      seen.add(x.key);
      if (first) em.open(`if (${key} === ${this.str(x.key)})`);
      else em.reopen(`} else if (${key} === ${this.str(x.key)}) {`);
      first = false;
      em.splice(x.code[0]);
      this.assign(res, x.code[1]);
    }
    if (first) em.open('');
    else em.reopen('} else {');
    if (other) {
      em.splice(other[0]);
      this.assign(res, other[1]);
    } else em.line(this.bail('no lookup entry'));
    em.close();
    if (kv.mm) em.close();
    return res;
  }

  private relRows(table: string): string {
    const keys = this.input(`keys:${this.env.population}`);
    const rel = this.input(`rel:${table}`);
    const list = this.em.id('a');
    this.em.line(`const ${list} = ${rel}.get(${keys}[i]);`);
    return list;
  }

  /** The shape of a per-row value of an aggregate, found by generating it once in a throwaway capture. */
  private probe(table: string, e: Expr): NumV {
    const saved = this.row;
    this.row = { table, r: 'i' };
    const [, v] = this.em.capture(() => this.asNum(this.gen(e)));
    this.row = saved;
    return v;
  }

  private agg(e: Extract<Expr, { k: 'agg' }>): V {
    const em = this.em;
    const list = this.relRows(e.table);
    const j = em.id('j');
    const r = em.id('r');
    const count = em.id('m');
    em.line(`let ${count} = 0;`);
    let acc: NumV | undefined;
    if (e.fn !== 'count') {
      const probe = this.probe(e.table, e.value!);
      if (e.fn === 'sum' || e.fn === 'mean') {
        acc = this.holder(probe.D, true, false, Infinity);
        this.assign(acc, this.constNum('0'));
      } else acc = this.holder(probe.D, probe.inx, true, probe.mag);
    }
    em.open(`if (${list} !== undefined) for (let ${j} = 0; ${j} < ${list}.length; ${j}++)`);
    em.line(`const ${r} = ${list}[${j}];`);
    const saved = this.row;
    this.row = { table: e.table, r };
    if (e.where) {
      const w = this.asBool(this.gen(e.where));
      em.line(`if (${w.v} !== true) continue;`);
    }
    if (e.fn === 'count') em.line(`${count}++;`);
    else {
      const v0 = this.asNum(this.gen(e.value!));
      if (v0.mm) em.line(`if (${this.missing(v0)}) continue;`);
      const v: NumV = { ...v0, mm: false };
      if (e.fn === 'sum' || e.fn === 'mean') this.assign(acc!, this.add('+', { ...acc!, mm: false }, v));
      else {
        em.open(`if (${count} === 0)`);
        this.assign(acc!, v);
        em.reopen('} else {');
        this.assign(acc!, this.minmaxAll([{ ...acc!, mm: false }, v], e.fn === 'min'));
        em.close();
      }
      em.line(`${count}++;`);
    }
    this.row = saved;
    em.close();
    const cnt: NumV = { ...NUM_PROPS(0, false, false, 2147483648), n: count, x: 'NaN', e: '0' };
    if (e.fn === 'count') return cnt;
    if (e.fn === 'sum') return acc!;
    if (e.fn === 'mean') {
      const [ql, q] = em.capture(() => this.div({ ...acc!, mm: false }, cnt, true));
      const res = this.holderFor([q], true) as NumV;
      em.open(`if (${count} > 0)`);
      em.splice(ql);
      this.assign(res, q);
      em.close();
      return { ...res, mag: this.probe(e.table, e.value!).mag };
    }
    return acc!;
  }

  /** Weighted mean of group means (trimmed when large enough); absent groups drop out. */
  private grouped(e: Extract<Expr, { k: 'grouped' }>): V {
    const em = this.em;
    const list = this.relRows(e.table);
    const arrays = e.weights.map(() => {
      const a = em.id('a');
      this.prelude.push(`const ${a} = [];`);
      return a;
    });
    for (const a of arrays) em.line(`${a}.length = 0;`);
    const j = em.id('j');
    const r = em.id('r');
    const probe = this.probe(e.table, e.value);
    if (probe.D < 0) throw new Unsupported('group_mean of values that are not exact');
    const Dv = probe.D;
    em.open(`if (${list} !== undefined) for (let ${j} = 0; ${j} < ${list}.length; ${j}++)`);
    em.line(`const ${r} = ${list}[${j}];`);
    const saved = this.row;
    this.row = { table: e.table, r };
    const gv = this.gen(e.group);
    const g = this.keyText(gv);
    const v = this.asNum(this.gen(e.value));
    if (gv.mm || v.mm) em.line(`if (${g} === null || ${this.missing(v)}) continue;`);
    if (v.inx) em.line(`if (${v.n} !== ${v.n}) ${this.bail('group_mean value not exact')}`);
    // The first weight entry with the group's key receives its values.
    const seen = new Map<string, number>();
    e.weights.forEach((w, k) => {
      if (!seen.has(w.key)) seen.set(w.key, k);
    });
    let first = true;
    for (const [key, k] of seen) {
      em.line(`${first ? '' : 'else '}if (${g} === ${this.str(key)}) ${arrays[k]}.push(${v.n});`);
      first = false;
    }
    this.row = saved;
    em.close();
    const wc = e.weights.map((w) => constOf(w.weight));
    const Dw = Math.max(0, ...wc.map((c) => c.D));
    // Σ meanₖ·wₖ / Σ wₖ over the groups present, computed as one fraction over the least common
    // multiple L of the counts — N / (L·W) with N = Σ sumₖ·wₖ·(L / countₖ) — so it stays exact
    // whenever the exact result terminates, even when each mean alone does not
    // (205/3 × 50% + 532/6 × 20% = 51.9).
    const L = em.id('n');
    const N = em.id('n');
    const W = em.id('w');
    em.line(`let ${L} = 1, ${N} = 0, ${W} = 0;`);
    const parts: { sum: string; cnt: string; w: number }[] = [];
    e.weights.forEach((w, k) => {
      const c = wc[k]!;
      if (c.n === undefined) throw new Unsupported('a group weight that is not exact');
      if (seen.get(w.key) !== k) return; // a repeated key: its values went to the first entry
      const a = arrays[k]!;
      const sum = em.id('n');
      const cnt = em.id('n');
      em.line(`let ${sum} = 0, ${cnt} = 0;`);
      em.open(`if (${a}.length >= ${intLit(e.minCount)})`);
      const trimmed = e.trim ? `${a}.length >= ${intLit(e.trim.from)}` : 'false';
      em.line(`${sum} = trimSum(${a}, ${trimmed} ? ${intLit(e.trim?.n ?? 0)} : 0);`);
      em.line(`${cnt} = ${a}.length - (${trimmed} ? ${intLit(2 * (e.trim?.n ?? 0))} : 0);`);
      em.line(`if (${sum} !== ${sum} || ${cnt} <= 0) ${this.bail('group_mean overflow')}`);
      const wInt = c.n * POW10[Dw - c.D]!;
      em.line(`${L} = lcm(${L}, ${cnt}); ${W} += ${numLit(wInt)};`);
      em.close();
      parts.push({ sum, cnt, w: wInt });
    });
    // Every term, their sum and the denominator must be exact integers (below 2^53).
    const M = em.id('n');
    em.line(`let ${M} = 0;`);
    for (const p of parts) em.line(`if (${p.cnt} > 0) { const t = ${p.sum} * ${numLit(p.w)} * (${L} / ${p.cnt}); ${N} += t; ${M} += abs(t); }`);
    // The denominator L·W at scale Dw (W = 10^Dw when every group is present).
    const den = em.id('n');
    em.line(`const ${den} = ${L} * ${W};`);
    em.line(`if (!(${M} < ${LIMS}) || !(${den} < ${LIMS})) ${this.bail('group_mean overflow')}`);
    const numer = { ...NUM_PROPS(Dv + Dw, false, false, Infinity), n: N, x: 'NaN', e: '0' };
    const res = this.holder(Dv + Dw + 4 > MAX_SCALE ? -1 : Dv + Dw + 4, true, true, probe.mag);
    em.open(`if (${W} !== 0)`);
    this.assign(res, this.div(numer, { ...NUM_PROPS(Dw, false, false, Infinity), n: den, x: 'NaN', e: '0' }, true));
    em.close();
    return res;
  }

  // ── typed helpers ────────────────────────────────────────────────────
  private asNum(v: V): NumV {
    if (v.t !== 'num') throw new Unsupported('a number was expected');
    return v;
  }

  private asBool(v: V): BoolV {
    if (v.t !== 'bool') throw new Unsupported('true/false was expected');
    return v;
  }

  private boolLocal(src: string, mm: boolean): BoolV {
    const b = this.em.id('b');
    this.em.line(`const ${b} = ${src};`);
    return { t: 'bool', v: b, mm };
  }

  private constNum(text: string): NumV {
    const c = constOf(text);
    if (c.n !== undefined) return { ...NUM_PROPS(c.D, false, false, Math.abs(c.x)), n: numLit(c.n), x: numLit(c.x), e: numLit(c.e), c };
    return { ...NUM_PROPS(-1, true, false, Math.abs(c.x)), n: 'NaN', x: numLit(c.x), e: numLit(c.e), c };
  }

  /** Source of a test that v is missing. */
  private missing(v: V): string {
    if (!v.mm) return 'false';
    if (v.t !== 'num') return `(${v.v} === null)`;
    if (v.D < 0) return `(${v.x} !== ${v.x})`;
    if (!v.inx) return `(${v.n} !== ${v.n})`;
    return `(${v.n} !== ${v.n} && ${v.x} !== ${v.x})`;
  }

  /** Source of a test that v (not missing) is in exact form. */
  private exact(v: NumV): string {
    if (v.c) return v.c.n !== undefined ? 'true' : 'false';
    if (v.D < 0) return 'false';
    if (!v.inx) return 'true';
    return `(${v.n} === ${v.n})`;
  }

  /** Float form (x, e) of a value, as sources; emits the conversion when needed. */
  private floatOf(v: NumV): [string, string] {
    if (v.c) return [numLit(v.c.x), numLit(v.c.e)];
    if (v.D < 0) return [v.x, v.e];
    const em = this.em;
    const f = em.id('f');
    const g = em.id('g');
    const conv = `${v.n} / ${numLit(POW10[v.D]!)}`;
    const err = (fx: string): string => (v.D === 0 ? '0' : `${numLit(U)} * abs(${fx})`);
    if (!v.inx) {
      em.line(`const ${f} = ${conv}, ${g} = ${err(f)};`);
      return [f, g];
    }
    em.line(`let ${f}, ${g};`);
    em.line(`if (${v.n} === ${v.n}) { ${f} = ${conv}; ${g} = ${err(f)}; } else { ${f} = ${v.x}; ${g} = ${v.e}; }`);
    return [f, g];
  }

  /** Declares result locals for a number. */
  private holder(D: number, inx: boolean, mm: boolean, mag: number): NumV {
    const em = this.em;
    const n = em.id('n');
    const props = NUM_PROPS(D > MAX_SCALE ? -1 : D, inx, mm, mag);
    if (!props.inx) {
      em.line(`let ${n} = NaN;`);
      return { ...props, n, x: 'NaN', e: '0' };
    }
    const x = em.id('x');
    const e = em.id('e');
    em.line(`let ${n} = NaN, ${x} = NaN, ${e} = 0;`);
    return { ...props, n, x, e };
  }

  /** A holder able to receive any of `vs` (branches of a choice), missing when `mm`. */
  private holderFor(vs: readonly V[], mm: boolean): V {
    const kinds = new Set(vs.map((v) => v.t));
    if (kinds.size > 1) throw new Unsupported('branches of different types');
    const t = vs[0]?.t ?? 'num';
    if (t !== 'num') {
      const v = this.em.id(t === 'bool' ? 'b' : 's');
      this.em.line(`let ${v} = null;`);
      return { t, v, mm } as BoolV | StrV;
    }
    const nums = vs as readonly NumV[];
    let D = 0;
    let never = false;
    for (const v of nums) {
      const d = v.c ? (v.c.n !== undefined ? v.c.D : -1) : v.D;
      if (d < 0) never = true;
      else D = Math.max(D, d);
    }
    if (D > MAX_SCALE) D = -1;
    const mag = Math.max(0, ...nums.map((v) => v.mag));
    const inx = never || D < 0 || nums.some((v) => v.inx || !safe(D, v.mag));
    return this.holder(D, inx, mm, mag);
  }

  /** Assigns src into the locals of dst (a holder), aligning the scale. */
  private assign(dst: V, src: V): void {
    const em = this.em;
    if (dst.t !== 'num' || src.t !== 'num') {
      if (dst.t !== src.t) throw new Unsupported('branches of different types');
      em.line(`${(dst as BoolV).v} = ${(src as BoolV).v};`);
      return;
    }
    const clearX = dst.inx ? ` ${dst.x} = NaN;` : '';
    if (src.c) {
      if (src.c.n !== undefined && dst.D >= src.c.D) {
        const scaled = src.c.n * POW10[dst.D - src.c.D]!;
        if (Math.abs(scaled) < 9007199254740992) {
          em.line(`${dst.n} = ${numLit(scaled)};${clearX}`);
          return;
        }
      }
      this.needFloat(dst);
      em.line(`${dst.n} = NaN; ${dst.x} = ${numLit(src.c.x)}; ${dst.e} = ${numLit(src.c.e)};`);
      return;
    }
    if (dst.D >= 0 && src.D >= 0 && src.D <= dst.D) {
      const p = POW10[dst.D - src.D]!;
      const exactPart = (): void => {
        if (p === 1) em.line(`${dst.n} = ${src.n};${clearX}`);
        else if (safe(dst.D, src.mag)) em.line(`${dst.n} = ${src.n} * ${numLit(p)};${clearX}`);
        else {
          this.needFloat(dst);
          em.line(`${dst.n} = ${src.n} * ${numLit(p)};${clearX}`);
          em.line(`if (!(abs(${dst.n}) < ${LIMS})) { ${dst.n} = NaN; ${dst.x} = ${src.n} / ${numLit(POW10[src.D]!)}; ${dst.e} = ${src.D === 0 ? '0' : `${numLit(U)} * abs(${dst.x})`}; }`);
        }
      };
      if (!src.inx) {
        exactPart();
        return;
      }
      this.needFloat(dst);
      em.open(`if (${src.n} === ${src.n})`);
      exactPart();
      em.close(`} else { ${dst.n} = NaN; ${dst.x} = ${src.x}; ${dst.e} = ${src.e}; }`);
      return;
    }
    this.needFloat(dst);
    if (dst.D >= 0 && src.D > dst.D) {
      // A finer scale than the holder's: exact when the extra digits are zeros.
      const p = numLit(POW10[src.D - dst.D]!);
      em.open(`if (${src.n} === ${src.n} && ${src.n} % ${p} === 0)`);
      em.line(`${dst.n} = ${src.n} / ${p}; ${dst.x} = NaN;`);
      em.reopen('} else {');
      const [x, e] = this.floatOf(src);
      em.line(`${dst.n} = NaN; ${dst.x} = ${x}; ${dst.e} = ${e};`);
      em.close();
      return;
    }
    const [x, e] = this.floatOf(src);
    em.line(`${dst.n} = NaN; ${dst.x} = ${x}; ${dst.e} = ${e};`);
  }

  private needFloat(dst: NumV): void {
    if (!dst.inx) throw new Error('fast engine: internal error: a float assigned to an exact-only value');
  }

  /** keyText of a value as source (string or null); bails on a number that is not exact. */
  private keyText(v: V): string {
    const em = this.em;
    if (v.t === 'str') return v.v;
    if (v.t === 'bool') {
      const s = em.id('s');
      em.line(`const ${s} = ${v.v} === null ? null : ${v.v} ? ${this.str('true')} : ${this.str('false')};`);
      return s;
    }
    const s = em.id('s');
    if (v.c) {
      if (v.c.n === undefined) throw new Unsupported('a key that is not exact');
      em.line(`const ${s} = fmtNorm(${numLit(v.c.n)}, ${intLit(v.c.D)});`);
      return s;
    }
    if (!v.inx) {
      em.line(`const ${s} = ${v.n} === ${v.n} ? fmtNorm(${v.n}, ${intLit(v.D)}) : null;`);
      return s;
    }
    em.line(`let ${s} = null;`);
    if (v.D >= 0) {
      em.open(`if (${v.n} === ${v.n})`);
      em.line(`${s} = fmtNorm(${v.n}, ${intLit(v.D)});`);
      em.close(`} else if (${v.x} === ${v.x}) ${this.bail('key of an inexact number')}`);
    } else em.line(`if (${v.x} === ${v.x}) ${this.bail('key of an inexact number')}`);
    return s;
  }

  // ── arithmetic ───────────────────────────────────────────────────────
  private fold(op: (a: Decimal, b: Decimal) => Decimal, a: NumV, b: NumV): NumV | undefined {
    if (!a.c || !b.c) return undefined;
    return this.constNum(op(a.c.dec, b.c.dec).toFixed());
  }

  /** The exact integer of v at scale D, as source, with the checks that it did not overflow. */
  private aligned(v: NumV, D: number): Aligned | undefined {
    const p = POW10[D - v.D]!;
    if (v.c) {
      if (v.c.n === undefined) return undefined;
      const s = v.c.n * p;
      return Math.abs(s) < 9007199254740992 ? { src: numLit(s), checks: [] } : undefined;
    }
    if (p === 1) return { src: v.n, checks: [] };
    if (safe(D, v.mag)) return { src: `${v.n} * ${numLit(p)}`, checks: [] };
    return { src: `${v.n} * ${numLit(p)}`, checks: [`abs(${v.n}) < ${numLit(Math.floor(9007199254740992 / p))}`] };
  }

  /**
   * A binary operation: exact integer code when both operands are exact (a single line when they
   * always are and the magnitudes rule out overflow), else floats with their error bound.
   */
  private binop(a: NumV, b: NumV, D: number, mag: number, exactSrc: (ta: string, tb: string) => string, exactCheck: boolean, floatCode: (res: NumV, fa: string, ea: string, fb: string, eb: string) => void): NumV {
    const em = this.em;
    const mm = a.mm || b.mm;
    if (D > MAX_SCALE) D = -1;
    const ta = D >= 0 ? this.aligned(a, D) : undefined;
    const tb = D >= 0 ? this.aligned(b, D) : undefined;
    const canExact = D >= 0 && ta !== undefined && tb !== undefined;
    const overflowFree = canExact && ta!.checks.length === 0 && tb!.checks.length === 0 && safe(D, mag);
    if (canExact && overflowFree && !a.inx && !b.inx) {
      const n = em.id('n');
      em.line(`const ${n} = ${exactSrc(ta!.src, tb!.src)};`);
      return { ...NUM_PROPS(D, false, mm, mag), n, x: 'NaN', e: '0' };
    }
    const res = this.holder(canExact ? D : -1, true, mm, mag);
    if (mm) em.open(`if (!(${this.missing(a)} || ${this.missing(b)}))`);
    if (canExact) {
      const conds = [this.exact(a), this.exact(b)].filter((c) => c !== 'true');
      if (conds.length) em.open(`if (${conds.join(' && ')})`);
      em.line(`${res.n} = ${exactSrc(ta!.src, tb!.src)};`);
      const checks = [...ta!.checks, ...tb!.checks, ...(overflowFree && !exactCheck ? [] : [`abs(${res.n}) < ${LIMS}`])];
      if (checks.length) em.line(`if (!(${checks.join(' && ')})) ${res.n} = NaN;`);
      if (conds.length) em.close();
      em.open(`if (${res.n} !== ${res.n})`);
    }
    const [fa, ea] = this.floatOf(a);
    const [fb, eb] = this.floatOf(b);
    floatCode(res, fa, ea, fb, eb);
    if (canExact) em.close();
    if (mm) em.close();
    return res;
  }

  private add(op: '+' | '-', a: NumV, b: NumV): NumV {
    const folded = this.fold((p, q) => (op === '+' ? p.plus(q) : p.minus(q)), a, b);
    if (folded) return folded;
    // x + 0, 0 + x, x − 0: x itself (exact zero changes neither value nor error).
    if (b.c?.dec.isZero()) return a;
    if (op === '+' && a.c?.dec.isZero()) return b;
    const D = a.D >= 0 && b.D >= 0 ? Math.max(a.D, b.D) : -1;
    return this.binop(a, b, D, a.mag + b.mag, (ta, tb) => `${ta} ${op} ${tb}`, false, (res, fa, ea, fb, eb) => {
      this.em.line(`${res.x} = ${fa} ${op} ${fb}; ${res.e} = ${ea} + ${eb} + ${numLit(U)} * abs(${res.x});`);
    });
  }

  private mul(a: NumV, b: NumV): NumV {
    const folded = this.fold((p, q) => p.times(q), a, b);
    if (folded) return folded;
    if (b.c?.dec.eq(1)) return a;
    if (a.c?.dec.eq(1)) return b;
    const D = a.D >= 0 && b.D >= 0 ? a.D + b.D : -1;
    // Products are not aligned: each operand keeps its own scale.
    const em = this.em;
    const mag = a.mag * b.mag;
    const mm = a.mm || b.mm;
    const an = a.c ? (a.c.n !== undefined ? numLit(a.c.n) : undefined) : a.D >= 0 ? a.n : undefined;
    const bn = b.c ? (b.c.n !== undefined ? numLit(b.c.n) : undefined) : b.D >= 0 ? b.n : undefined;
    const canExact = D >= 0 && D <= MAX_SCALE && an !== undefined && bn !== undefined;
    if (canExact && safe(D, mag) && !a.inx && !b.inx) {
      const n = em.id('n');
      em.line(`const ${n} = ${an} * ${bn};`);
      return { ...NUM_PROPS(D, false, mm, mag), n, x: 'NaN', e: '0' };
    }
    const res = this.holder(canExact ? D : -1, true, mm, mag);
    if (mm) em.open(`if (!(${this.missing(a)} || ${this.missing(b)}))`);
    if (canExact) {
      const conds = [this.exact(a), this.exact(b)].filter((c) => c !== 'true');
      if (conds.length) em.open(`if (${conds.join(' && ')})`);
      em.line(`${res.n} = ${an} * ${bn};`);
      if (!safe(D, mag)) em.line(`if (!(abs(${res.n}) < ${LIMS})) ${res.n} = NaN;`);
      if (conds.length) em.close();
      em.open(`if (${res.n} !== ${res.n})`);
    }
    const [fa, ea] = this.floatOf(a);
    const [fb, eb] = this.floatOf(b);
    em.line(`${res.x} = ${fa} * ${fb}; ${res.e} = abs(${fa}) * ${eb} + abs(${fb}) * ${ea} + ${ea} * ${eb} + ${numLit(U)} * abs(${res.x});`);
    if (canExact) em.close();
    if (mm) em.close();
    return res;
  }

  /**
   * a ÷ b. `guard`: a zero divisor is an evaluation error (the person goes to the interpreter);
   * without it the caller has excluded zero. The exact quotient is kept when it terminates
   * within the result's scale.
   */
  private div(a: NumV, b: NumV, guard: boolean): NumV {
    const em = this.em;
    if (b.c && b.c.n !== undefined) {
      if (b.c.dec.isZero()) {
        if (a.mm) em.line(`if (!${this.missing(a)}) ${this.bail('division by zero')}`);
        else em.line(this.bail('division by zero'));
        return this.holder(-1, true, true, 0);
      }
      // A divisor whose reciprocal terminates: multiply by the exact reciprocal.
      const recip = new Decimal(1).div(b.c.dec);
      if (recip.times(b.c.dec).eq(1) && recip.decimalPlaces() <= 8) return this.mul(a, this.constNum(recip.toFixed()));
      if (a.c) return this.constNum(a.c.dec.div(b.c.dec).toFixed());
    }
    let D = a.D >= 0 && b.D >= 0 ? Math.max(a.D, b.D) + 4 : -1;
    if (D > MAX_SCALE) D = a.D >= 0 && b.D >= 0 && Math.max(a.D, b.D) <= MAX_SCALE ? MAX_SCALE : -1;
    const mm = a.mm || b.mm;
    const mag = b.c ? a.mag / Math.abs(b.c.x) : Infinity;
    const res = this.holder(D, true, mm, mag);
    if (mm) em.open(`if (!(${this.missing(a)} || ${this.missing(b)}))`);
    const [fb, eb] = this.floatOf(b);
    if (guard && !b.c) {
      if (b.D >= 0 && !b.inx) em.line(`if (${b.n} === 0) ${this.bail('division by zero')}`);
      else if (b.D >= 0) em.line(`if (${b.n} === ${b.n} ? ${b.n} === 0 : abs(${fb}) <= 2 * ${eb}) ${this.bail('division by (near) zero')}`);
      else em.line(`if (abs(${fb}) <= 2 * ${eb}) ${this.bail('division by (near) zero')}`);
    }
    if (D >= 0) {
      const conds = [this.exact(a), this.exact(b)].filter((c) => c !== 'true');
      if (conds.length) em.open(`if (${conds.join(' && ')})`);
      const an = a.c ? numLit(a.c.n!) : a.n;
      const bn = b.c ? numLit(b.c.n!) : b.n;
      const s = b.D + D - a.D;
      const t = em.id('t');
      if (s >= 0) {
        const p = em.id('t');
        em.line(`const ${p} = ${an} * ${numLit(POW10[s]!)};`);
        em.open(`if (abs(${p}) < ${LIMS})`);
        em.line(`const ${t} = ${p} / ${bn};`);
        em.line(`if (${t} === trunc(${t}) && ${t} * ${bn} === ${p}) ${res.n} = ${t};`);
        em.close();
      } else {
        const q = em.id('t');
        em.line(`const ${q} = ${bn} * ${numLit(POW10[-s]!)};`);
        em.open(`if (abs(${q}) < ${LIMS})`);
        em.line(`const ${t} = ${an} / ${q};`);
        em.line(`if (${t} === trunc(${t}) && ${t} * ${q} === ${an}) ${res.n} = ${t};`);
        em.close();
      }
      if (conds.length) em.close();
      em.open(`if (${res.n} !== ${res.n})`);
    }
    const [fa, ea] = this.floatOf(a);
    if (!b.c) em.line(`if (abs(${fb}) <= ${eb}) ${this.bail('division by near zero')}`);
    em.line(`${res.x} = ${fa} / ${fb}; ${res.e} = (${ea} + abs(${res.x}) * ${eb}) / (abs(${fb}) - ${eb}) + ${numLit(U)} * abs(${res.x});`);
    if (D >= 0) em.close();
    if (mm) em.close();
    return res;
  }

  private ratio(a: NumV, b: NumV, z: NumV): NumV {
    const em = this.em;
    const mm = a.mm || b.mm || z.mm;
    const [ql, q] = em.capture(() => this.div({ ...a, mm: false }, { ...b, mm: false }, false));
    const res = this.holderFor([q, z], mm) as NumV;
    if (mm) em.open(`if (!(${this.missing(a)} || ${this.missing(b)} || ${this.missing(z)}))`);
    const isZero = em.id('b');
    if (b.c) em.line(`const ${isZero} = ${b.c.dec.isZero() ? 'true' : 'false'};`);
    else if (b.D >= 0 && !b.inx) em.line(`const ${isZero} = ${b.n} === 0;`);
    else {
      const [fb, eb] = this.floatOf(b);
      if (b.D >= 0) em.line(`const ${isZero} = ${b.n} === ${b.n} ? ${b.n} === 0 : (abs(${fb}) <= 2 * ${eb} ? null : false);`);
      else em.line(`const ${isZero} = abs(${fb}) <= 2 * ${eb} ? null : false;`);
      em.line(`if (${isZero} === null) ${this.bail('ratio divisor near zero')}`);
    }
    em.open(`if (${isZero})`);
    this.assign(res, z);
    em.reopen('} else {');
    em.splice(ql);
    this.assign(res, q);
    em.close();
    if (mm) em.close();
    return res;
  }

  private neg(a: NumV): NumV {
    if (a.c) return this.constNum(a.c.dec.neg().toFixed());
    const em = this.em;
    const n = em.id('n');
    if (!a.inx) {
      em.line(`const ${n} = -${a.n};`);
      return { ...a, n };
    }
    const x = em.id('x');
    em.line(`const ${n} = -${a.n}, ${x} = -${a.x};`);
    return { ...a, n, x };
  }

  private absV(a: NumV): NumV {
    if (a.c) return this.constNum(a.c.dec.abs().toFixed());
    const em = this.em;
    const n = em.id('n');
    if (!a.inx) {
      em.line(`const ${n} = abs(${a.n});`);
      return { ...a, n };
    }
    const x = em.id('x');
    em.line(`const ${n} = abs(${a.n}), ${x} = abs(${a.x});`);
    return { ...a, n, x };
  }

  /** Three-way comparison of two present numbers as a local (-1, 0, 1); bails when undecidable. */
  private cmpNum(a: NumV, b: NumV): string {
    const em = this.em;
    const c = em.id('m');
    if (a.c && b.c) {
      em.line(`const ${c} = ${numLit(a.c.dec.cmp(b.c.dec))};`);
      return c;
    }
    const D = a.D >= 0 && b.D >= 0 ? Math.max(a.D, b.D) : -1;
    const ta = D >= 0 ? this.aligned(a, D) : undefined;
    const tb = D >= 0 ? this.aligned(b, D) : undefined;
    if (ta && tb && !a.inx && !b.inx && ta.checks.length === 0 && tb.checks.length === 0) {
      em.line(`const ${c} = ${ta.src} < ${tb.src} ? -1 : ${ta.src} > ${tb.src} ? 1 : 0;`);
      return c;
    }
    this.compareInto(c, a, b, ta, tb, () => this.bail('comparison near a boundary'));
    return c;
  }

  /**
   * `let c` = the comparison of a and b (-1, 0, 1): of their aligned integers when both are exact,
   * else of their floats with error bounds; `undecided` is the statement run when the floats
   * cannot tell (it sees the floats and their errors).
   */
  private compareInto(c: string, a: NumV, b: NumV, ta: Aligned | undefined, tb: Aligned | undefined, undecided: (fa: string, ea: string, fb: string, eb: string) => string): void {
    const em = this.em;
    em.line(`let ${c} = NaN;`);
    if (ta && tb) {
      const conds = [this.exact(a), this.exact(b), ...ta.checks, ...tb.checks].filter((x) => x !== 'true');
      if (conds.length) em.open(`if (${conds.join(' && ')})`);
      em.line(`${c} = ${ta.src} < ${tb.src} ? -1 : ${ta.src} > ${tb.src} ? 1 : 0;`);
      if (conds.length) em.close();
    }
    em.open(`if (${c} !== ${c})`);
    const [fa, ea] = this.floatOf(a);
    const [fb, eb] = this.floatOf(b);
    em.line(`${c} = cmpFloat(${fa}, ${ea}, ${fb}, ${eb});`);
    em.line(`if (${c} !== ${c}) ${undecided(fa, ea, fb, eb)}`);
    em.close();
  }

  /** min / max of values, missing if any is missing (Decimal.min / max of strict arguments). */
  private minmaxAll(args: readonly NumV[], isMin: boolean): NumV {
    if (args.length === 1) return args[0]!;
    if (args.every((a) => a.c)) {
      const ds = args.map((a) => a.c!.dec);
      return this.constNum((isMin ? Decimal.min(...ds) : Decimal.max(...ds)).toFixed());
    }
    const mm = args.some((a) => a.mm);
    const plain = args.map((a) => ({ ...a, mm: false }));
    if (!mm) return plain.slice(1).reduce((acc, a) => this.minmax2(acc, a, isMin), plain[0]!);
    const em = this.em;
    const [vl, v] = em.capture(() => plain.slice(1).reduce((acc, a) => this.minmax2(acc, a, isMin), plain[0]!));
    const res = this.holderFor([v], true) as NumV;
    em.open(`if (!(${args.map((a) => this.missing(a)).join(' || ')}))`);
    em.splice(vl);
    this.assign(res, v);
    em.close();
    return res;
  }

  /** min / max of two present values; a near-tie of floats gives the float min/max with the larger error. */
  private minmax2(a: NumV, b: NumV, isMin: boolean): NumV {
    const em = this.em;
    const D = a.D >= 0 && b.D >= 0 ? Math.max(a.D, b.D) : -1;
    const ta = D >= 0 ? this.aligned(a, D) : undefined;
    const tb = D >= 0 ? this.aligned(b, D) : undefined;
    const mag = Math.max(a.mag, b.mag);
    if (ta && tb && !a.inx && !b.inx && ta.checks.length === 0 && tb.checks.length === 0) {
      const n = em.id('n');
      em.line(`const ${n} = ${ta.src} ${isMin ? '<=' : '>='} ${tb.src} ? ${ta.src} : ${tb.src};`);
      return { ...NUM_PROPS(D, false, false, mag), n, x: 'NaN', e: '0' };
    }
    const res = this.holderFor([a, b], false) as NumV;
    const c = em.id('m');
    this.compareInto(c, a, b, ta, tb, (fa, ea, fb, eb) => `{ ${res.n} = NaN; ${res.x} = ${isMin ? 'Math.min' : 'Math.max'}(${fa}, ${fb}); ${res.e} = Math.max(${ea}, ${eb}); }`);
    em.open(`if (${c} === ${c})`);
    em.open(`if (${c} ${isMin ? '<=' : '>='} 0)`);
    this.assign(res, a);
    em.reopen('} else {');
    this.assign(res, b);
    em.close();
    em.close();
    return res;
  }

  private round(x: NumV, d: number, mode: number): NumV {
    if (x.c && x.c.n !== undefined) {
      const r = x.c.dec.toDecimalPlaces(d, [Decimal.ROUND_HALF_UP, Decimal.ROUND_HALF_EVEN, Decimal.ROUND_DOWN, Decimal.ROUND_UP, Decimal.ROUND_FLOOR, Decimal.ROUND_CEIL][mode] as Parameters<Decimal['toDecimalPlaces']>[1]);
      return this.constNum(r.toFixed());
    }
    const em = this.em;
    const mag = x.mag + POW10[0]! / POW10[d]!;
    if (!x.inx && x.D >= 0) {
      const n = em.id('n');
      if (x.D > d) em.line(`const ${n} = roundExact(${x.n}, ${intLit(x.D)}, ${intLit(d)}, ${intLit(mode)});`);
      else if (safe(d, x.mag)) em.line(`const ${n} = ${x.n} * ${numLit(POW10[d - x.D]!)};`);
      else {
        em.line(`const ${n} = ${x.n} * ${numLit(POW10[d - x.D]!)};`);
        em.line(`if (!(abs(${n}) < ${LIMS}) && ${n} === ${n}) ${this.bail('rounded value too large')}`);
      }
      return { ...NUM_PROPS(d, false, x.mm, mag), n, x: 'NaN', e: '0' };
    }
    const n = em.id('n');
    em.line(`let ${n} = NaN;`);
    if (x.mm) em.open(`if (!${this.missing(x)})`);
    if (x.D >= 0) {
      em.open(`if (${this.exact(x)})`);
      if (x.D <= d) {
        em.line(`${n} = ${x.n} * ${numLit(POW10[d - x.D]!)};`);
        em.line(`if (!(abs(${n}) < ${LIMS})) ${this.bail('rounded value too large')}`);
      } else em.line(`${n} = roundExact(${x.n}, ${intLit(x.D)}, ${intLit(d)}, ${intLit(mode)});`);
      em.close();
      em.open(`if (${n} !== ${n})`);
    }
    const [fx, ex] = this.floatOf(x);
    em.line(`${n} = roundFloat(${fx}, ${ex}, ${intLit(d)}, ${intLit(mode)});`);
    em.line(`if (${n} !== ${n}) ${this.bail('rounding near a boundary')}`);
    if (x.D >= 0) em.close();
    if (x.mm) em.close();
    return { ...NUM_PROPS(d, false, x.mm, mag), n, x: 'NaN', e: '0' };
  }
}

/** Scale of an indicator's weight (the largest among its variants). */
function weightScale(node: Indicator): number {
  const w = node.weight;
  const values = w.k === 'fixed' ? [w.value] : w.values.map((x) => x.value);
  return Math.max(0, ...values.map((v) => constOf(v).D));
}

/**
 * Random well-typed KPL policies (README section 3), as source text plus what the data generator
 * needs to know about them: every column with its type, range and the numbers the policy compares
 * it with (breakpoints, step thresholds, band edges), so that data lands on the edges.
 *
 * The generator aims for policies that compile (see the compile rate the fuzz run logs); it does
 * not try to be clever about coverage proofs — bands end in `otherwise` or an open `< x` band,
 * step tables end in `otherwise`, divisions go through `ratio(…, zero: …)`.
 */
import Decimal from 'decimal.js';
import type { Draw } from './random.ts';

export type ColKind = 'number' | 'percent' | 'money' | 'integer' | 'bool' | 'category' | 'text';

export interface Column {
  readonly name: string;
  readonly kind: ColKind;
  /** Declared range (fractions for percent); absent: unbounded on that side. */
  readonly lo?: string;
  readonly hi?: string;
  readonly loOpen?: boolean;
  readonly hiOpen?: boolean;
  readonly values?: readonly string[];
  readonly optional: boolean;
  /** `-> TABLE`. */
  readonly ref?: string;
  /** Numbers the policy compares this column with. */
  readonly edges: string[];
}

export interface RelatedSpec {
  readonly name: string;
  readonly by: string;
  readonly group: Column;
  readonly score: Column;
  readonly extra?: Column;
}

export interface LookupSpec {
  readonly name: string;
  readonly key: string;
  readonly pool: Column;
  readonly coef?: Column;
}

export interface PolicySpec {
  readonly source: string;
  readonly population: string;
  readonly key: Column;
  readonly columns: readonly Column[];
  readonly related?: RelatedSpec;
  readonly lookup?: LookupSpec;
  /** Band edges of the total, to aim data at. */
  readonly bandEdges: readonly string[];
  /** The constructs the policy uses (coverage statistics). */
  readonly features: ReadonlySet<string>;
}

interface Expr {
  readonly text: string;
  /** May be missing (reads an optional column, a mean over no rows …). */
  readonly miss: boolean;
  /** Its unit: a plain literal adapts to either. */
  readonly unit: Unit;
}

type Unit = 'lit' | 'number' | 'count';
const compatible = (a: Unit, b: Unit): boolean => a === 'lit' || b === 'lit' || a === b;
const join = (a: Unit, b: Unit): Unit => (a === 'lit' ? b : b === 'lit' ? a : a === b ? a : 'number');

const D = (x: Decimal.Value): string => new Decimal(x).toFixed();

/** A decimal with up to `dp` places between lo and hi (given as hundredths etc.). */
function decimalIn(r: Draw, lo: number, hi: number, dp: number): string {
  const s = 10 ** dp;
  return D(new Decimal(r.int(Math.round(lo * s), Math.round(hi * s))).div(s));
}

class Builder {
  readonly features = new Set<string>();
  readonly columns: Column[] = [];
  readonly decls: string[] = [];
  readonly lets: { name: string; miss: boolean; kind: 'num' | 'count'; unit: Unit }[] = [];
  readonly adjusts: string[] = [];
  readonly indicators: { name: string; miss: boolean }[] = [];
  readonly zh: boolean;
  related?: RelatedSpec;
  lookup?: LookupSpec;
  category?: Column;
  team?: Column;
  grades: string[] = [];
  private n = 0;

  constructor(readonly r: Draw) {
    this.zh = r.chance(0.5);
  }

  feature(f: string): void {
    this.features.add(f);
  }

  fresh(en: string, zh: string): string {
    this.n++;
    return this.zh ? `${zh}${this.n}` : `${en}${this.n}`;
  }

  numericColumns(): Column[] {
    return this.columns.filter((c) => c.kind === 'number' || c.kind === 'percent' || c.kind === 'money' || c.kind === 'integer');
  }

  // ── columns ─────────────────────────────────────────────────────────────────────────────

  column(): Column {
    const r = this.r;
    const kind = r.weighted<ColKind>([
      [5, 'number'],
      [2, 'percent'],
      [2, 'integer'],
      [2, 'money'],
      [2, 'bool'],
    ]);
    const optional = r.chance(0.25);
    if (optional) this.feature('optional column');
    const name = this.fresh(
      { number: 'score', percent: 'rate', integer: 'cnt', money: 'amt', bool: 'flag', category: 'cat', text: 'txt' }[kind],
      { number: '得分', percent: '比率', integer: '次数', money: '金额', bool: '是否', category: '类别', text: '文本' }[kind],
    );
    let c: Column;
    switch (kind) {
      case 'number': {
        const shape = r.pick(['0-100', '0-120', 'ge0', 'signed', 'open']);
        this.feature(`number ${shape}`);
        if (shape === '0-100') c = { name, kind, lo: '0', hi: '100', optional, edges: [] };
        else if (shape === '0-120') c = { name, kind, lo: '0', hi: '120', hiOpen: r.chance(0.3), optional, edges: [] };
        else if (shape === 'ge0') c = { name, kind, lo: '0', optional, edges: [] };
        else if (shape === 'signed') c = { name, kind, lo: '-50', hi: '50', optional, edges: [] };
        else c = { name, kind, lo: '0', loOpen: true, hi: '10', optional, edges: [] };
        break;
      }
      case 'percent':
        c = { name, kind, lo: '0', hi: '1', optional, edges: [] };
        break;
      case 'integer':
        c = r.chance(0.5) ? { name, kind, lo: '0', optional, edges: [] } : { name, kind, lo: '0', hi: '30', optional, edges: [] };
        break;
      case 'money':
        c = r.chance(0.6) ? { name, kind, lo: '0', optional, edges: [] } : { name, kind, lo: '0', loOpen: true, optional, edges: [] };
        break;
      default:
        c = { name, kind, optional, edges: [] };
    }
    this.columns.push(c);
    return c;
  }

  declare(c: Column): string {
    const t = c.kind === 'category' ? `category { ${c.values!.join(', ')} }` : c.kind === 'integer' ? this.r.pick(['integer', 'count', '整数']) : c.kind;
    const parts = [t];
    const pct = c.kind === 'percent' && this.r.chance(0.5);
    const v = (x: string): string => (pct ? `${D(new Decimal(x).times(100))}%` : x);
    if (c.lo !== undefined && c.hi !== undefined) parts.push(`in ${c.loOpen ? '(' : '['}${v(c.lo)}, ${v(c.hi)}${c.hiOpen ? ')' : ']'}`);
    else if (c.lo !== undefined) parts.push(`${c.loOpen ? '>' : '>='} ${v(c.lo)}`);
    else if (c.hi !== undefined) parts.push(`${c.hiOpen ? '<' : '<='} ${v(c.hi)}`);
    if (c.optional) parts.push('optional');
    if (c.ref) parts.push(`-> ${c.ref}`);
    if (this.r.chance(0.15)) parts.push(`"${c.name} 说明"`);
    // the parts after the type come in any order
    if (parts.length > 2 && this.r.chance(0.2)) parts.splice(1, parts.length - 1, ...parts.slice(1).reverse());
    return `${c.name}: ${parts.join(' ')}`;
  }

  // ── scoring expressions (a number, roughly 0..100) ─────────────────────────────────────

  /** A number within the column's range, as the policy would write it. */
  constantIn(c: Column): string {
    const r = this.r;
    const lo = c.lo !== undefined ? Number(c.lo) : 0;
    const hi = c.hi !== undefined ? Number(c.hi) : c.kind === 'money' ? 20000 : c.kind === 'integer' ? 40 : 200;
    if (c.kind === 'integer') return String(r.int(lo, hi));
    if (c.kind === 'percent') return decimalIn(r, lo, hi, r.pick([2, 3]));
    return decimalIn(r, lo, hi, r.pick([0, 0, 1, 2]));
  }

  /** Strictly increasing constants in the column's range. */
  increasing(c: Column, n: number): string[] {
    const set = new Set<string>();
    for (let i = 0; i < n * 3 && set.size < n; i++) set.add(this.constantIn(c));
    return [...set].sort((a, b) => new Decimal(a).cmp(b));
  }

  /** A literal as written in a policy for a column's unit (percent: 80% or 0.8). */
  lit(c: Column, x: string): string {
    return c.kind === 'percent' && this.r.chance(0.6) ? `${D(new Decimal(x).times(100))}%` : x;
  }

  score(): string {
    return this.r.chance(0.25) ? decimalIn(this.r, 0, 100, 1) : String(this.r.int(0, 100));
  }

  /** A leaf's scoring rule. */
  rule(depth = 0): Expr {
    const r = this.r;
    const nums = this.numericColumns();
    const choices: [number, () => Expr][] = [];
    if (nums.length) choices.push([10, () => this.columnRule(r.pick(nums))]);
    const bools = this.columns.filter((c) => c.kind === 'bool');
    if (bools.length) choices.push([2, () => this.boolRule(r.pick(bools))]);
    if (this.category) choices.push([2, () => this.categoryRule(this.category!)]);
    if (this.related) choices.push([this.related && !this.features.has('aggregate') ? 20 : 4, () => this.aggregateRule(this.related!)]);
    if (this.lookup?.coef) choices.push([1, () => ({ text: `${this.lookup!.name}[${this.lookup!.key}].${this.lookup!.coef!.name} * 50`, miss: false, unit: 'number' })]);
    const lets = this.lets.filter((l) => l.kind === 'num');
    if (lets.length) choices.push([2, () => { const l = r.pick(lets); this.feature('let in rule'); return { text: l.name, miss: l.miss, unit: l.unit }; }]);
    if (depth < 1) {
      choices.push([2, () => {
        const a = this.rule(depth + 1);
        const b = this.rule(depth + 1);
        this.feature('combined rule');
        const w = r.int(1, 9);
        return r.chance(0.5)
          ? { text: `(${a.text} + ${b.text}) / 2`, miss: a.miss || b.miss, unit: 'number' }
          : { text: `0.${w} * (${a.text}) + 0.${10 - w} * (${b.text})`, miss: a.miss || b.miss, unit: join(a.unit, b.unit) };
      }]);
      choices.push([1, () => {
        const cond = this.condition();
        const a = this.rule(depth + 1);
        let b = this.rule(depth + 1);
        for (let i = 0; i < 3 && !compatible(a.unit, b.unit); i++) b = this.rule(depth + 1);
        if (!compatible(a.unit, b.unit)) b = { text: this.score(), miss: false, unit: 'lit' };
        this.feature('if-then-else');
        return { text: `if ${cond.text} then ${a.text} else ${b.text}`, miss: cond.miss || a.miss || b.miss, unit: join(a.unit, b.unit) };
      }]);
    }
    if (!choices.length) return { text: this.score(), miss: false, unit: 'lit' };
    const e = r.weighted(choices)();
    // optional inputs: say what missing means here, or leave it to the indicator's rule
    if (e.miss && r.chance(0.25)) {
      this.feature('default');
      return { text: `default(${e.text}, ${this.score()})`, miss: false, unit: e.unit };
    }
    return e;
  }

  columnRule(c: Column): Expr {
    const r = this.r;
    const miss = c.optional;
    const x = c.name;
    const cu: Unit = c.kind === 'integer' ? 'count' : 'number';
    const kinds: [number, string][] = [
      [3, 'interpolate'],
      [3, 'steps'],
      [1, 'clamp'],
      [1, 'minmax'],
      [1, 'closer'],
      [1, 'round'],
      [1, 'if'],
      [1, 'ratio'],
    ];
    if (c.kind === 'number' && c.lo === '0' && c.hi === '100') kinds.push([3, 'bare']);
    if (c.kind === 'percent') kinds.push([3, 'percent']);
    if (c.kind === 'integer') kinds.push([3, 'deduct']);
    const k = r.weighted(kinds);
    this.feature(k);
    switch (k) {
      case 'bare':
        c.edges.push('0', '100');
        return { text: x, miss, unit: 'number' };
      case 'percent': {
        const t = this.constantIn(c);
        c.edges.push(t);
        return r.pick([
          { text: `${x} * 100`, miss, unit: 'number' as Unit },
          { text: `min(${x} / ${this.lit(c, t === '0' ? '0.95' : t)}, 1) * 100`, miss, unit: 'number' as Unit },
          { text: `if ${x} < ${this.lit(c, t)} then 0 else ${x} * 100`, miss, unit: 'number' as Unit },
        ]);
      }
      case 'deduct': {
        const per = r.int(1, 10);
        return { text: `max(100 - ${per} * ${x}, 0)`, miss, unit: 'count' };
      }
      case 'interpolate': {
        const xs = this.increasing(c, r.int(2, 4));
        if (xs.length < 2) return { text: `clamp(${this.unitless(c)}, 0, 100)`, miss, unit: this.unitlessUnit(c) };
        c.edges.push(...xs);
        const down = r.chance(0.3);
        const ys = xs.map(() => Number(this.score())).sort((a, b) => (down ? b - a : a - b));
        const rows = [`below: ${r.pick(['0', String(ys[0]), this.score()])}`, ...xs.map((v, i) => `${this.lit(c, v)}: ${ys[i]}`)];
        if (r.chance(0.3)) {
          rows.push(`above: ${this.score()}`);
          this.feature('interpolate above');
        }
        return { text: `interpolate(${x}) { ${rows.join('; ')} }`, miss, unit: 'number' };
      }
      case 'steps': {
        const ts = this.increasing(c, r.int(1, 4)).filter((t) => t !== c.lo && t !== c.hi);
        if (!ts.length) ts.push(c.kind === 'percent' ? '0.5' : c.kind === 'integer' ? '1' : '5');
        c.edges.push(...ts);
        const op = r.pick(['>=', '>', '<=', '<']);
        const ordered = op.startsWith('>') ? [...ts].reverse() : ts;
        const rows = ordered.map((t) => `${op} ${this.lit(c, t)}: ${this.score()}`);
        if (r.chance(0.15) && c.kind === 'integer') {
          rows.unshift(`= ${r.int(0, 5)}: ${this.score()}`);
          this.feature('steps =');
        }
        rows.push(`otherwise: ${this.score()}`);
        return { text: `steps(${x}) { ${rows.join('; ')} }`, miss, unit: 'lit' };
      }
      case 'clamp': {
        const f = r.pick(['1', '1.2', '0.8', '2']);
        const unitless = this.unitless(c);
        return { text: `clamp(${unitless} * ${f}, 0, 100)`, miss, unit: this.unitlessUnit(c) };
      }
      case 'minmax': {
        const unitless = this.unitless(c);
        return r.chance(0.5) ? { text: `min(${unitless}, 100)`, miss, unit: this.unitlessUnit(c) } : { text: `max(${unitless}, 0, 10)`, miss, unit: this.unitlessUnit(c) };
      }
      case 'closer': {
        const t = this.constantIn(c);
        c.edges.push(t);
        const tol = c.kind === 'percent' ? this.lit(c, r.pick(['0.1', '0.25', '0.5'])) : c.kind === 'integer' ? String(r.int(1, 10)) : r.pick(['10', '25', '50', '0.5']);
        return { text: `closer(${x}, ${this.lit(c, t)}, ${tol})`, miss, unit: 'number' };
      }
      case 'round': {
        const mode = r.chance(0.4) ? `, ${r.pick(['half_up', 'half_even', 'down', 'up', 'floor', 'ceil'])}` : '';
        if (mode) this.feature('round mode');
        const unitless = this.unitless(c);
        return { text: `round(${unitless}, ${r.int(0, 3)}${mode})`, miss, unit: this.unitlessUnit(c) };
      }
      case 'if': {
        const t = this.constantIn(c);
        c.edges.push(t);
        return { text: `if ${x} ${r.pick(['>=', '>', '<', '<=', '=', '!='])} ${this.lit(c, t)} then ${this.score()} else ${this.score()}`, miss, unit: 'lit' };
      }
      default: {
        // ratio of two columns of the same unit
        const others = this.numericColumns().filter((o) => o.kind === c.kind && o !== c);
        const other = others.length ? r.pick(others) : c;
        return { text: `ratio(${x}, ${other.name}, zero: ${this.score()}) * ${r.pick(['100', '50', '10'])}`, miss: miss || other.optional, unit: 'number' };
      }
    }
  }

  /** The column as a plain number (percent × 100; money through a breakpoint table). */
  unitless(c: Column): string {
    if (c.kind === 'percent') return `${c.name} * 100`;
    if (c.kind === 'money') return `interpolate(${c.name}) { below: 0; 0: 0; ${this.r.pick(['1000', '10000', '99.99'])}: 100 }`;
    return c.name;
  }

  unitlessUnit(c: Column): Unit {
    return c.kind === 'integer' ? 'count' : 'number';
  }

  boolRule(c: Column): Expr {
    this.feature('bool rule');
    return this.r.chance(0.5)
      ? { text: `if ${c.name} then ${this.score()} else ${this.score()}`, miss: c.optional, unit: 'lit' }
      : { text: `lookup(${c.name}) { true: ${this.score()}; false: ${this.score()} }`, miss: c.optional, unit: 'lit' };
  }

  categoryRule(c: Column): Expr {
    const r = this.r;
    this.feature('lookup category');
    const listed = r.subset(c.values!, 1, c.values!.length);
    const rows = listed.map((v) => `${v}: ${this.score()}`);
    if (listed.length < c.values!.length || r.chance(0.3)) rows.push(`otherwise: ${this.score()}`);
    return { text: `lookup(${c.name}) { ${rows.join('; ')} }`, miss: c.optional, unit: 'lit' };
  }

  aggregateRule(t: RelatedSpec): Expr {
    const r = this.r;
    const s = `${t.name}.${t.score.name}`;
    const g = `${t.name}.${t.group.name}`;
    const where = (): string => `, where: ${g} ${r.pick(['=', '!='])} "${r.pick(t.group.values!)}"`;
    const k = r.weighted<string>([
      [2, 'mean'],
      [4, 'group_mean'],
      [1, 'count'],
      [1, 'sum'],
      [1, 'max'],
      [1, 'min'],
      [2, 'default mean'],
    ]);
    this.feature(k);
    this.feature('aggregate');
    switch (k) {
      case 'mean':
        return { text: `mean(${s}${r.chance(0.3) ? where() : ''})`, miss: true, unit: 'number' };
      case 'default mean':
        return { text: `default(mean(${s}${r.chance(0.3) ? where() : ''}), ${this.score()})`, miss: false, unit: 'number' };
      case 'count':
        return { text: `min(count(${t.name}${r.chance(0.4) ? where() : ''}) * ${r.int(5, 30)}, 100)`, miss: false, unit: 'count' };
      case 'sum':
        return { text: `min(sum(${s}${r.chance(0.4) ? where() : ''}) / ${r.pick(['3', '5', '10'])}, 100)`, miss: false, unit: 'number' };
      case 'max':
      case 'min':
        return { text: `${k}(${s})`, miss: true, unit: 'number' };
      default: {
        const groups = r.subset(t.group.values!, 1, t.group.values!.length);
        const ws = r.partition(100, groups.length);
        const opts: string[] = [];
        if (r.chance(0.6)) {
          const n = r.int(1, 2);
          opts.push(`trim: ${n}`);
          if (r.chance(0.5)) opts.push(`trim_from: ${r.int(2 * n + 1, 2 * n + 3)}`);
          this.feature('group_mean trim');
        }
        if (r.chance(0.3)) opts.push(`min_count: ${r.int(1, 3)}`);
        return { text: `group_mean(${s}, by: ${g}${opts.map((o) => `, ${o}`).join('')}) { ${groups.map((gr, i) => `${gr}: ${ws[i]}%`).join('; ')} }`, miss: true, unit: 'number' };
      }
    }
  }

  /** A true/false condition. */
  condition(): Expr {
    const r = this.r;
    const options: [number, () => Expr][] = [];
    const bools = this.columns.filter((c) => c.kind === 'bool');
    if (bools.length) options.push([3, () => { const b = r.pick(bools); return r.chance(0.3) ? { text: `not ${b.name}`, miss: b.optional, unit: 'lit' } : { text: b.name, miss: b.optional, unit: 'lit' }; }]);
    const nums = this.numericColumns();
    if (nums.length) {
      options.push([3, () => {
        const c = r.pick(nums);
        const t = this.constantIn(c);
        c.edges.push(t);
        return { text: `${c.name} ${r.pick(['>', '>=', '<', '<=', '=', '!='])} ${this.lit(c, t)}`, miss: c.optional, unit: 'lit' };
      }]);
    }
    const opt = this.columns.filter((c) => c.optional && c.kind !== 'text');
    if (opt.length) options.push([1, () => { this.feature('present'); return { text: `${r.chance(0.3) ? 'not ' : ''}present(${r.pick(opt).name})`, miss: false, unit: 'lit' }; }]);
    if (this.category) options.push([1, () => ({ text: `${this.category!.name} ${r.pick(['=', '!='])} "${r.pick(this.category!.values!)}"`, miss: this.category!.optional, unit: 'lit' })]);
    if (!options.length) return { text: 'true', miss: false, unit: 'lit' };
    const a = r.weighted(options)();
    if (r.chance(0.2)) {
      const b = r.weighted(options)();
      this.feature('and/or');
      return { text: `${a.text} ${r.pick(['and', 'or'])} ${b.text}`, miss: a.miss || b.miss, unit: 'lit' };
    }
    return a;
  }

  // ── indicator trees ─────────────────────────────────────────────────────────────────────

  /** Sibling weights adding up to 100% (per category value with `weight by`). */
  weights(n: number): string[] {
    const r = this.r;
    const byCat = this.category && !this.category.optional && n > 1 && r.chance(0.45) ? this.category : undefined;
    if (!byCat) {
      if (r.chance(0.2)) {
        // tenths of a percent: 12.5% + 87.5%
        this.feature('fractional weights');
        return r.partition(1000, n).map((w) => `weight ${D(new Decimal(w).div(10))}%`);
      }
      return r.partition(100, n).map((w) => `weight ${w}%`);
    }
    this.feature('weight by');
    const per = byCat.values!.map(() => r.partition(100, n));
    return Array.from({ length: n }, (_, i) => {
      const ws = per.map((p) => p[i]!);
      if (ws.every((w) => w === ws[0]) && r.chance(0.7)) return `weight ${ws[0]}%`;
      return `weight by ${byCat.name} { ${byCat.values!.map((v, j) => `${v}: ${ws[j]}%`).join('; ')} }`;
    });
  }

  indicatorTree(depth: number, maxDepth: number, indent: string, inherited: boolean): { lines: string[]; miss: boolean } {
    const r = this.r;
    const n = r.int(1, depth === 0 ? 3 : 3);
    const ws = this.weights(n);
    const lines: string[] = [];
    let allMiss = true;
    for (let i = 0; i < n; i++) {
      const name = this.fresh('ind', '指标');
      const title = r.chance(0.15) ? ` "${name} title"` : '';
      const group = depth + 1 < maxDepth && r.chance(0.4);
      if (group) {
        this.feature(`indicator depth ${depth + 2}`);
        const rule = r.chance(0.3) ? this.missingRule() : '';
        const sub = this.indicatorTree(depth + 1, maxDepth, indent + '  ', inherited || rule !== '');
        // a group whose children can all drop is itself missing: give it a rule then
        const groupRule = sub.miss && !rule && !inherited ? this.missingRule() : rule;
        lines.push(`${indent}indicator ${name}${title} ${ws[i]}${groupRule} {`, ...sub.lines, `${indent}}`);
        this.indicators.push({ name, miss: sub.miss && groupRule.includes('drop') });
        if (!(sub.miss && groupRule.includes('drop'))) allMiss = false;
      } else {
        const e = this.rule();
        let rule = '';
        if (e.miss && !inherited) rule = this.missingRule();
        else if (r.chance(0.1)) rule = this.missingRule();
        const doc = r.chance(0.1) ? ` description "说明" unit "分"` : '';
        lines.push(`${indent}indicator ${name}${title} ${ws[i]}${rule}${doc} = ${e.text}`);
        const leafMiss = e.miss && (rule.includes('drop') || (!rule && inherited));
        this.indicators.push({ name, miss: e.miss && !rule.includes('zero') });
        if (!leafMiss) allMiss = false;
      }
    }
    return { lines, miss: allMiss };
  }

  missingRule(): string {
    const m = this.r.weighted([
      [5, 'drop'],
      [3, 'zero'],
      [2, 'error'],
    ]);
    this.feature(`missing ${m}`);
    return ` missing ${m}`;
  }
}

const GRADE_SETS = [
  ['A', 'B', 'C', 'D', 'E'],
  ['优秀', '良好', '一般', '差', '不合格'],
  ['S', 'A', 'B', 'C', 'D'],
];

export function generatePolicy(r: Draw): PolicySpec {
  const b = new Builder(r);
  const population = r.pick(['people', 'employees', '员工']);
  const key: Column = { name: r.pick(['id', '工号']), kind: 'text', optional: false, edges: [] };
  const out: string[] = [];
  out.push(`policy "fuzz ${b.zh ? '考核' : 'policy'}" version "1"`);
  if (r.chance(0.2)) out.push(`period ${r.pick(['month', 'quarter', '年度'])}`);

  // inputs
  const nCols = r.int(1, 4);
  for (let i = 0; i < nCols; i++) b.column();
  if (r.chance(0.4)) {
    const values = r.pick([['县公司', '职能部门'], ['X', 'Y', 'Z'], ['north', 'south', 'east', 'west']]);
    const c: Column = { name: b.fresh('role', '类型'), kind: 'category', values, optional: r.chance(0.1), edges: [] };
    b.columns.push(c);
    b.category = c;
    b.feature('category column');
  }
  if (r.chance(0.3)) {
    const rel: RelatedSpec = {
      name: r.pick(['ratings', '评价']),
      by: 'ratee',
      group: { name: 'grp', kind: 'category', values: r.pick([['领导', '平级', '下级'], ['L', 'P', 'S']]), optional: false, edges: [] },
      score: { name: 'score', kind: 'number', lo: '0', hi: '100', optional: r.chance(0.15), edges: ['0', '100'] },
    };
    b.related = rel;
    b.feature('related table');
  }
  const allocateReward = r.chance(0.25);
  if (allocateReward || r.chance(0.15)) {
    const lk: LookupSpec = {
      name: 'teams',
      key: 'team',
      pool: { name: 'pool', kind: 'money', lo: '0', optional: false, edges: [] },
      ...(r.chance(0.4) ? { coef: { name: 'coef', kind: 'number' as const, lo: '0', hi: '2', optional: false, edges: ['1'] } } : {}),
    };
    b.lookup = lk;
    b.team = { name: 'team', kind: 'text', optional: false, ref: 'teams', edges: [] };
    b.columns.push(b.team);
    b.feature('lookup table');
  } else if (r.chance(0.3)) {
    b.team = { name: 'team', kind: 'text', optional: false, edges: [] };
    b.columns.push(b.team);
  }
  const base: Column | undefined = r.chance(0.4) ? { name: 'base', kind: 'money', lo: '0', optional: false, edges: ['1000', '5000'] } : undefined;
  if (base) b.columns.push(base);

  // lets before indicators so rules can read them
  const nLets = r.int(0, 2);
  for (let i = 0; i < nLets; i++) {
    const name = b.fresh('v', '定义');
    const e = b.rule(1);
    b.decls.push(`let ${name} = ${e.text}`);
    b.lets.push({ name, miss: e.miss, kind: 'num', unit: e.unit });
    b.feature('let');
  }

  const maxDepth = r.weighted([
    [3, 1],
    [3, 2],
    [1, 3],
  ]);
  const tree = b.indicatorTree(0, maxDepth, '', false);

  // adjustments
  const nAdj = r.int(0, 2);
  const ints = b.columns.filter((c) => c.kind === 'integer' && !c.optional);
  const bools = b.columns.filter((c) => c.kind === 'bool' && !c.optional);
  for (let i = 0; i < nAdj; i++) {
    const name = b.fresh('adj', '加减分');
    let e: string;
    if (ints.length && r.chance(0.6)) {
      const c = r.pick(ints);
      e = r.chance(0.5) ? `min(${c.name} * ${r.int(1, 3)}, ${r.int(3, 10)})` : `-min(${c.name} * ${r.int(1, 5)}, ${r.int(5, 20)})`;
    } else if (bools.length) e = `if ${r.pick(bools).name} then ${r.pick(['2', '-5', '1.5'])} else 0`;
    else e = r.pick(['1', '-2', '0.5']);
    b.decls.push(`adjust ${name}${r.chance(0.5) ? ` "${name} 说明"` : ''} = ${e}`);
    b.adjusts.push(name);
    b.feature('adjust');
  }

  // total
  const totalKind = r.weighted([
    [2, 'none'],
    [4, 'round'],
    [1, 'round max'],
    [1, 'round clamp'],
    [1, 'plain'],
  ]);
  const sum = b.adjusts.length && r.chance(0.7) ? r.pick(['weighted + adjustments', `weighted + ${b.adjusts[0]}`]) : 'weighted';
  const dp = r.pick([2, 2, 1, 0, 3]);
  let totalDp: number | undefined;
  if (totalKind !== 'none') {
    b.feature(`total ${totalKind}`);
    const mode = r.chance(0.15) ? `, ${r.pick(['half_even', 'down', 'ceil'])}` : '';
    const t =
      totalKind === 'round' ? `round(${sum}, ${dp}${mode})`
      : totalKind === 'round max' ? `round(max(${sum}, 0), ${dp})`
      : totalKind === 'round clamp' ? `round(clamp(${sum}, 0, 100), ${dp})`
      : sum;
    if (totalKind.startsWith('round')) totalDp = dp;
    b.decls.push(`total = ${t}`);
  }

  // grades
  const hasGrades = r.chance(0.8);
  const bandEdges: string[] = [];
  if (hasGrades) {
    const set = r.pick(GRADE_SETS);
    const k = r.int(2, 5);
    b.grades = set.slice(0, k);
    const ts = new Set<string>();
    while (ts.size < k - 1) ts.add(r.chance(0.8) ? String(r.int(30, 95)) : decimalIn(r, 30, 95, r.pick([1, 2])));
    const th = [...ts].sort((x, y) => new Decimal(y).cmp(x));
    bandEdges.push(...th);
    const bands: string[] = [];
    let prevOp = '>=';
    for (let i = 0; i < k; i++) {
      const g = b.grades[i]!;
      const title = r.chance(0.15) ? ` "${g}级"` : '';
      const colon = r.chance(0.2) ? ':' : '';
      let bound: string;
      if (i === k - 1) {
        if (r.chance(0.35)) {
          bound = r.pick(['otherwise', 'else']);
          b.feature('band otherwise');
        } else bound = prevOp === '>=' ? `< ${th[i - 1]}` : `<= ${th[i - 1]}`;
      } else if (i > 0 && r.chance(0.2)) {
        bound = prevOp === '>=' ? `[${th[i]}, ${th[i - 1]})` : `[${th[i]}, ${th[i - 1]}]`;
        prevOp = '>=';
        b.feature('band interval');
      } else {
        prevOp = r.chance(0.8) ? '>=' : '>';
        bound = `${prevOp} ${th[i]}`;
      }
      bands.push(`${g}${title}${colon} ${bound}`);
    }
    const sep = r.pick(['; ', '\n  ']);
    const body = sep === '; ' ? `{ ${bands.join('; ')} }` : `{\n  ${bands.join('\n  ')}\n}`;
    if (r.chance(0.4)) {
      b.decls.push(`scale 等级表1 ${body}`, 'grade by 等级表1');
      b.feature('scale');
    } else b.decls.push(`grade ${body}`);

    // vetoes
    const nVeto = r.int(0, 2);
    for (let i = 0; i < nVeto; i++) {
      const cond = b.condition();
      const kind = r.pick(['grade', 'at most', 'total']);
      b.feature(`veto ${kind}`);
      const action =
        kind === 'grade' ? `grade ${r.pick(b.grades)}`
        : kind === 'at most' ? `grade at most ${r.pick(b.grades)}`
        : `total = ${r.pick(['min(total, 59)', '0', `round(total * 0.9, ${totalDp ?? 2})`, 'min(weighted, 59.99)'])}`;
      b.decls.push(`veto${r.chance(0.6) ? ` "veto ${i}"` : ''} when ${cond.text} ${r.chance(0.2) ? '=>' : 'then'} ${action}`);
    }

    // forced distribution
    if (k >= 2 && r.chance(0.45)) {
      b.feature('distribute');
      const rules: string[] = [];
      const nRules = r.int(1, 2);
      for (let i = 0; i < nRules; i++) {
        const gi = r.int(0, k - 1);
        const g = b.grades[gi]!;
        const atMost = gi === k - 1 ? false : gi === 0 ? true : r.chance(0.6);
        const pct = r.pick([5, 10, 15, 20, 25, 30, 50, 12.5, 33.3]);
        const opts: string[] = [];
        if (r.chance(0.4)) opts.push(r.pick(['floor', 'ceil', 'round']));
        const mn = r.chance(0.3) ? r.int(0, 2) : undefined;
        if (mn !== undefined) opts.push(`min ${mn}`);
        if (r.chance(0.2)) opts.push(`max ${r.int(Math.max(1, mn ?? 0), 3)}`);
        const optText = opts.length ? ` ${opts.join(r.pick([' ', ', ']))}` : '';
        if (atMost) {
          const to = gi + 1 + r.int(0, k - gi - 2);
          const arrow = to !== gi + 1 || r.chance(0.4) ? ` -> ${b.grades[to]}` : '';
          rules.push(`${g} at most ${pct}%${optText}${arrow}`);
          b.feature('at most');
        } else {
          const from = r.int(0, gi - 1);
          const dir = from !== gi - 1 || r.chance(0.4) ? ` ${r.pick(['from', '->'])} ${b.grades[from]}` : '';
          rules.push(`${g} at least ${pct}%${optText}${dir}`);
          b.feature('at least');
        }
        if (opts.length) b.feature('quota options');
      }
      if (r.chance(0.7)) {
        const keys: string[] = [`total ${r.pick(['desc', 'desc', 'asc'])}`];
        if (r.chance(0.5) && b.indicators.length) keys.push(`${r.pick(b.indicators).name} ${r.pick(['desc', 'asc'])}`);
        const nums = b.numericColumns();
        if (r.chance(0.3) && nums.length) keys.push(`${r.pick(nums).name}${r.pick([' desc', ' asc', ''])}`);
        if (r.chance(0.6)) keys.push(`${key.name} ${r.pick(['asc', 'desc'])}`);
        rules.push(`order by ${keys.join(', ')}`);
        b.feature('order by');
      }
      let per = '';
      if (r.chance(0.5)) {
        const cands: string[] = [];
        if (b.category) cands.push(b.category.name);
        if (b.team) cands.push(b.team.name);
        if (b.category) cands.push(`lookup(${b.category.name}) { ${b.category.values![0]}: "g1"; otherwise: "g2" }`);
        if (cands.length) {
          per = ` per ${r.pick(cands)}`;
          b.feature('distribute per');
        }
      }
      b.decls.push(`distribute${per} {\n  ${rules.join('\n  ')}\n}`);
    }
  }

  // reward
  let hasReward = false;
  const rewardKinds: [number, string][] = [];
  if (hasGrades && base) rewardKinds.push([3, 'grade lookup']);
  if (base) rewardKinds.push([2, 'progressive'], [1, 'plain']);
  if (allocateReward && b.lookup) rewardKinds.unshift([6, 'allocate']);
  if (rewardKinds.length && r.chance(allocateReward ? 0.95 : 0.6)) {
    hasReward = true;
    const kind = r.weighted(rewardKinds);
    b.feature(`reward ${kind}`);
    const gradeLookup = (): string => {
      const listed = r.subset(b.grades, 1, b.grades.length);
      const rows = listed.map((g) => `${g}: ${r.pick(['1.3', '1.2', '1.0', '0.8', '0.7', '0.5', '0'])}`);
      if (listed.length < b.grades.length) rows.push(`otherwise: ${r.pick(['1', '0.5', '0'])}`);
      return `lookup(${r.chance(0.8) ? 'grade' : 'grade_before'}) { ${rows.join('; ')} }`;
    };
    if (kind === 'grade lookup') b.decls.push(`reward = round(${base!.name} * ${gradeLookup()}, 2)`);
    else if (kind === 'progressive') {
      const t1 = r.pick(['1000', '2000', '500']);
      const t2 = r.pick(['5000', '8000', '10000']);
      b.decls.push(`reward = round(progressive(${base!.name}) { 0: ${r.pick(['1%', '0.5%'])}; ${t1}: ${r.pick(['2%', '3%'])}; ${t2}: ${r.pick(['5%', '4.5%'])} }, 2)`);
      base!.edges.push(t1, t2);
    } else if (kind === 'plain') b.decls.push(`reward = ${base!.name} * ${r.pick(['0.1', '1.05', '0.333'])}`);
    else {
      const by = hasGrades && r.chance(0.5) ? `total * ${gradeLookup()}` : r.pick(['total', 'max(total, 0)', 'weighted']);
      const dec = r.chance(0.3) ? `, decimals: ${r.int(0, 3)}` : '';
      if (dec) b.feature('allocate decimals');
      b.decls.push(`reward = allocate(${b.lookup!.name}[${b.team!.name}].${b.lookup!.pool.name}, by: ${by}, per: ${b.team!.name}${dec})`);
    }
  }

  // lets after the total: ranks
  if (r.chance(0.3)) {
    const name = b.fresh('rk', '名次');
    const nums = b.numericColumns().filter((c) => !c.optional);
    const x = r.chance(0.6) || !nums.length ? 'total' : r.pick(nums).name;
    const within = r.chance(0.4) && (b.category || b.team) ? `, within: ${(b.category ?? b.team)!.name}` : '';
    const order = r.chance(0.3) ? `, order: ${r.pick(['asc', 'desc'])}` : '';
    b.decls.push(`let ${name} = rank(${x}${within}${order})`);
    b.lets.push({ name, miss: false, kind: 'count', unit: 'count' });
    b.feature('rank');
  }

  // output
  if (r.chance(0.85)) {
    const items: string[] = [key.name];
    if (r.chance(0.6)) items.push('status');
    items.push('total');
    if (hasGrades) {
      if (r.chance(0.3)) items.push(r.chance(0.5) ? 'grade_before' : 'before = grade_before');
      items.push('grade');
    }
    if (hasReward) items.push('reward');
    for (const ind of r.subset(b.indicators, 0, 3)) items.push(ind.name);
    for (const l of r.subset(b.lets, 0, 2)) items.push(l.name);
    for (const a of r.subset(b.adjusts, 0, 1)) items.push(a);
    if (r.chance(0.3)) items.push(`score = round(total, ${r.int(0, 2)})`);
    if (r.chance(0.15)) items.push('weighted');
    if (r.chance(0.1)) items.push('adjustments');
    if (r.chance(0.2) && b.features.has('distribute')) items.push('quota_rank');
    if (r.chance(0.2) && hasGrades) items.push(`top = grade = "${b.grades[0]}"`);
    const inputs = b.columns.filter((c) => c.kind !== 'text');
    for (const c of r.subset(inputs, 0, 2)) items.push(c.name);
    if (r.chance(0.1) && b.related) items.push(`n = count(${b.related.name})`);
    b.decls.push(`output ${items.join(r.chance(0.1) ? '、' : ', ')}`);
    b.feature('output');
  }

  // assemble: inputs first (columns as finally used), then the rest in an order that reads well
  const cols = [key, ...b.columns];
  const sep = r.chance(0.5) ? '\n  ' : '; ';
  const inner = cols.map((c) => b.declare(c)).join(sep);
  out.push(sep === '; ' ? `input ${population} key ${key.name} { ${inner} }` : `input ${population} key ${key.name} {\n  ${inner}\n}`);
  if (b.related) {
    const t = b.related;
    out.push(`input ${t.name} of ${population} by ${t.by} { ${t.by}: text; ${b.declare(t.group)}; ${b.declare(t.score)} }`);
  }
  if (b.lookup) {
    const t = b.lookup;
    out.push(`table ${t.name} key ${t.key} { ${t.key}: text; ${b.declare(t.pool)}${t.coef ? `; ${b.declare(t.coef)}` : ''} }`);
  }
  out.push(...tree.lines, ...b.decls);
  return {
    source: out.join('\n') + '\n',
    population,
    key,
    columns: b.columns,
    ...(b.related ? { related: b.related } : {}),
    ...(b.lookup ? { lookup: b.lookup } : {}),
    bandEdges,
    features: b.features,
  };
}

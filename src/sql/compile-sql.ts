/**
 * A checked plan as one SQL statement (README "When the data lives in a database"): a chain of
 * CTEs over the population, one per named value — named after the policy's indicators, with the
 * source line in a comment — each adding its value and, when it can fail, its error code; then the
 * cohort steps (forced distribution, rank, pool shares) with window functions; then the output
 * columns. The interpreter (src/evaluator) is the specification; what a dialect cannot express
 * exactly is refused (refusal.ts), never approximated.
 *
 * Every input table is read through a CTE `in_TABLE` with three bookkeeping columns: `kpl_row`
 * (input order), `kpl_ok` (the row passed the data loader's checks) and `kpl_key` (the canonical
 * key text: the population or lookup key, a related row's `by`). Prepared tables (the runtime
 * loads them, run-sql.ts) carry them; plain tables (`kpl sql --ddl`) get them in that CTE.
 */
import type { Distribution, Expr, Indicator, InputTable, Plan, QuotaRule, SourceRef } from '../plan/schema.ts';
import { children } from '../plan/walk.ts';
import { assessment } from '../semantics/assessment.ts';
import { rankingChain } from '../semantics/ranking.ts';
import { gradeVetoes, totalVetoes } from '../semantics/veto.ts';
import { DECISION_SCALE, type Dialect } from './dialect.ts';
import { decided, exprSql, firstErr, keyTextSql, type ExprScope, type Kind, type Sql } from './expr-sql.ts';
import { refuse, Refused } from './refusal.ts';
import { commentText, q, str } from './sql-text.ts';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';

export interface SqlOutput {
  readonly name: string;
  readonly kind: Kind;
  readonly decimals?: number;
  /** An input column shown on error rows too (evaluate.ts: error rows keep plain input values). */
  readonly inputCol?: string;
  readonly status?: boolean;
}

export interface CompiledSql {
  readonly sql: string;
  readonly outputs: SqlOutput[];
  /** Result columns besides the outputs: kpl_row, kpl_status ('ok' | 'error'), kpl_err (error code). */
  readonly dialect: Dialect['name'];
  /** The pools shared, in the order of their result columns (after the outputs: group, pool, weight, member, odd each, then the shares). */
  readonly allocations: Extract<Expr, { k: 'allocate' }>[];
}

export interface SqlOptions {
  /** Input tables carry kpl_row / kpl_ok / kpl_key already (loaded by the runtime). */
  readonly prepared?: boolean;
  /** Relation to read each input table from (default: its name). */
  readonly relations?: Readonly<Record<string, string>>;
}

export type SqlResult = { readonly ok: true; readonly compiled: CompiledSql } | { readonly ok: false; readonly diagnostic: Diagnostic };

/** Compiles a plan to one SQL statement, or the diagnostic of the construct it refuses. */
export function compileSql(plan: Plan, d: Dialect, options: SqlOptions = {}): SqlResult {
  try {
    return { ok: true, compiled: new SqlCompiler(plan, d, options).compile() };
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    const at = e.at;
    return {
      ok: false,
      diagnostic: diag('KPL5040', { dialect: d.title, what: e.what, why: e.why, whyZh: e.whyZh }, at ? { file: at.file, start: at.start, end: at.end } : undefined),
    };
  }
}

/** SQL type of a declared column. */
export function columnKind(type: InputTable['columns'][number]['type']): Kind {
  return type === 'bool' ? 'bool' : type === 'text' || type === 'category' || type === 'date' ? 'text' : 'num';
}

export function sqlType(d: Dialect, type: InputTable['columns'][number]['type']): string {
  const k = columnKind(type);
  return k === 'num' ? d.numType : k === 'bool' ? d.boolType : type === 'date' ? d.dateType : d.textType;
}

interface Step {
  /** The CTE's name. */
  readonly name: string;
  readonly comment: string;
  /** Columns it adds to the person rows. */
  readonly cols: [string, string][];
  /** A whole SELECT instead (cohort steps), reading `{prev}`. */
  readonly select?: string;
}

/** What a named value is as a column: the value and (when it can fail) its error column. */
interface Column {
  readonly v: string;
  readonly err?: string;
  readonly kind: Kind;
}

const P = 'p';
const WORK = 12;
const pow = (n: number): string => '1' + '0'.repeat(n);
/** A column the compiler adds (named apart from the input columns, whatever their names). */
const K = (name: string): string => q(`kpl:${name}`);

class SqlCompiler {
  private readonly steps: Step[] = [];
  private readonly done = new Map<string, Column>();
  private readonly visiting = new Set<string>();
  private readonly lets = new Map<string, Plan['lets'][number]>();
  private readonly adjusts = new Map<string, Plan['adjustments'][number]>();
  private readonly indicators = new Map<string, Indicator>();
  private readonly cohortIds = new Map<object, string>();
  private readonly pop: InputTable;
  /** Hoisted columns of the step being built, with their level (1 + the deepest hoisted column they read). */
  private pending: { name: string; sql: string; level: number }[] = [];
  private readonly levels = new Map<string, number>();
  private hoisted = 0;
  /** Set while an individual part (indicators, total, grade before distribution) is compiled. */
  private individual = false;
  /** Inside a `total =` veto, `total` is the total before vetoes. */
  private inTotalVeto = false;
  private readonly names = new Set<string>();
  /** The pool shares, for the pool reports (run-sql.ts reads their columns). */
  readonly allocations: { id: string; e: Extract<Expr, { k: 'allocate' }> }[] = [];

  constructor(
    private readonly plan: Plan,
    private readonly d: Dialect,
    private readonly options: SqlOptions,
  ) {
    this.pop = plan.inputs.find((t) => t.role === 'population')!;
    for (const l of plan.lets) this.lets.set(l.name, l);
    for (const a of plan.adjustments) this.adjusts.set(a.name, a);
    const walk = (n: Indicator) => {
      this.indicators.set(n.id, n);
      n.children.forEach(walk);
    };
    plan.indicators.forEach(walk);
  }

  compile(): CompiledSql {
    const d = this.d;
    // DuckDB matches names without regard to case: two columns differing only in case cannot both be read.
    for (const t of this.plan.inputs) {
      const seen = new Set(['kpl_row', 'kpl_ok', 'kpl_key']);
      for (const c of t.columns) {
        const k = c.name.toLowerCase();
        if (seen.has(k)) refuse(`\`${c.name}\``, 'two columns of one table whose names differ only in case, or a column named like a bookkeeping column', '同一表中有两列名称仅大小写不同，或列名与内部列同名', c.at);
        seen.add(k);
      }
    }
    if (!this.plan.total) refuse('`total`', 'a policy without a total', '方案没有总分', undefined);
    const exempt = this.plan.exemptions?.[0];
    if (exempt) refuse('`exempt`', 'people not assessed are not compiled to SQL yet', '不参评规则尚未编译为 SQL', exempt.at);
    // Individual parts in the interpreter's order (assessOwn): every indicator, then the rest.
    this.individual = true;
    for (const id of this.indicators.keys()) this.need(`ind:${id}`);
    const { individual, cohort } = assessment(this.plan);
    for (const a of individual) this.need(a);
    this.individual = false;
    this.need('own');
    for (const a of cohort) this.need(a);
    // Outputs.
    const outputs: SqlOutput[] = [];
    const outCols: [string, string][] = [];
    const outErrs: (string | undefined)[] = [];
    this.plan.outputs.forEach((o, i) => {
      const x = this.inStep(() => exprSql(this.scope(), o.expr));
      outCols.push([`out${i}`, x.v]);
      outErrs.push(x.err);
      outputs.push({
        name: o.name,
        kind: x.kind,
        ...(o.decimals !== undefined ? { decimals: o.decimals } : {}),
        ...(o.expr.k === 'col' ? { inputCol: o.expr.col } : {}),
        ...(o.expr.k === 'ref' && o.expr.ref === 'status' ? { status: true } : {}),
      });
    });
    const own = this.done.get('own')!;
    const later = firstErr(...cohort.map((a) => this.done.get(a)!.err), ...outErrs);
    this.push({ name: 'outputs', comment: 'output ' + this.plan.outputs.map((o) => o.name).join(', '), cols: outCols });
    const err = firstErr(`${P}.${K('own_err')}`, later);
    const status = `CASE WHEN ${P}.kpl_ok AND ${err ?? 'NULL'} IS NULL THEN 'ok' ELSE 'error' END`;
    void own;
    const lines: string[] = ['WITH'];
    const ctes: string[] = [];
    for (const t of this.plan.inputs) ctes.push(`-- input ${t.name}\n${q('in_' + t.name)} AS (\n  ${this.inputSelect(t)}\n)`);
    let prev = q('in_' + this.pop.name);
    for (const s of this.steps) {
      const body = s.select ? s.select.replace(/\{prev\}/g, prev) : `SELECT ${P}.*${s.cols.map(([n, v]) => `,\n    ${v} AS ${K(n)}`).join('')}\n  FROM ${prev} ${P}`;
      ctes.push(`-- ${commentText(s.comment)}\n${q(s.name)} ${d.cte} (\n  ${body}\n)`);
      prev = q(s.name);
    }
    lines.push(ctes.join(',\n'));
    const sel = [
      `${P}.kpl_row`,
      `${status} AS kpl_status`,
      `${err ? `CASE WHEN ${P}.kpl_ok THEN ${err} END` : 'NULL'} AS kpl_err`,
      ...outputs.map((o, i) => `${P}.${K(`out${i}`)} AS ${q(o.name)}`),
      // What the pool reports need (who shared which pool, with which weight).
      ...this.allocations.flatMap(({ id }) => ['g', 'pool', 'w', 'member', 'odd'].map((n) => `${P}.${K(`${id}!${n}`)} AS ${K(`${id}!${n}`)}`)),
      ...this.allocations.map(({ id }) => `${P}.${K(id)} AS ${K(id)}`),
    ];
    lines.push(`SELECT ${sel.join(',\n  ')}\nFROM ${prev} ${P}\nORDER BY ${P}.kpl_row`);
    return { sql: lines.join('\n'), outputs, dialect: this.d.name, allocations: this.allocations.map((a) => a.e) };
  }

  private inputSelect(t: InputTable): string {
    const rel = this.options.relations?.[t.name] ?? q(t.name);
    if (this.options.prepared) return `SELECT * FROM ${rel}`;
    const keyCol = t.role === 'related' ? t.by! : t.key!;
    const col = t.columns.find((c) => c.name === keyCol);
    if (!col) refuse(`\`${t.name}\``, 'a table without a key', '表没有键', t.at);
    const keyText = keyTextSql(this.d, { v: q(keyCol), kind: columnKind(col.type) });
    const order = t.role === 'population' ? q(keyCol) : `${q(keyCol)}`;
    return `SELECT row_number() OVER (ORDER BY ${order}) AS kpl_row, TRUE AS kpl_ok, ${keyText} AS kpl_key, * FROM ${rel}`;
  }

  private push(s: Step): void {
    let name = s.name;
    for (let i = 2; this.names.has(name); i++) name = `${s.name} ${i}`;
    this.names.add(name);
    this.steps.push({ ...s, name });
  }

  /**
   * Compiles within a step: the values it hoists go to steps of their own just before it (one
   * per level, since a column cannot read another one of the same SELECT in PostgreSQL).
   */
  private inStep<T>(f: () => T): T {
    const outer = this.pending;
    this.pending = [];
    try {
      return f();
    } finally {
      const mine = this.pending;
      this.pending = outer;
      const top = Math.max(0, ...mine.map((h) => h.level));
      for (let l = 1; l <= top; l++) {
        const cols = mine.filter((h) => h.level === l).map((h): [string, string] => [h.name, h.sql]);
        if (cols.length) this.push({ name: `intermediate ${cols[0]![0]}`, comment: 'intermediate values, each computed once', cols });
      }
    }
  }

  private scope(): ExprScope {
    const d = this.d;
    const self = this;
    return {
      d,
      personKey: `${P}.kpl_key`,
      col(name) {
        const c = self.pop.columns.find((x) => x.name === name);
        return { v: `${P}.${q(name)}`, kind: c ? columnKind(c.type) : 'num' };
      },
      ref: (e) => this.ref(e),
      cohort: (e) => this.cohortNode(e),
      hoist(sql) {
        if (/^p\."[^"]*"$/.test(sql) || /^-?[\d.]+(::[A-Za-z0-9(),]+)?$/.test(sql)) return sql;
        const name = `h${++self.hoisted}`;
        const reads = [...sql.matchAll(/p\."kpl:(h\d+)"/g)].map((m) => self.levels.get(m[1]!) ?? 0);
        const level = 1 + Math.max(0, ...reads);
        self.levels.set(name, level);
        self.pending.push({ name, sql, level });
        return `${P}.${K(name)}`;
      },
      table(name) {
        const t = self.plan.inputs.find((x) => x.name === name)!;
        return {
          rel: q('in_' + name),
          type: (col) => {
            const c = t.columns.find((x) => x.name === col);
            return c ? columnKind(c.type) : 'num';
          },
        };
      },
    };
  }

  private ref(e: Extract<Expr, { k: 'ref' }>): Sql {
    switch (e.ref) {
      case 'let':
        return this.col(this.need(`let:${e.name}`));
      case 'adjust':
        return this.col(this.need(`adjust:${e.name}`));
      case 'indicator':
        return this.col(this.need(`ind:${e.name}`));
      case 'weighted':
      case 'adjustments':
      case 'grade_before':
      case 'reward':
        return this.col(this.need(e.ref));
      case 'total':
        return this.col(this.need(this.inTotalVeto ? 'total_before' : 'total'));
      case 'grade':
        return this.col(this.need(this.plan.distribution ? 'grade' : 'grade_before'));
      case 'quota_rank':
        // Nobody takes part in a quota ranking without a distribution.
        return this.plan.distribution ? this.col(this.need('quota_rank')) : { v: `CAST(NULL AS ${this.d.numType})`, kind: 'num' };
      case 'status':
        return { v: `'ok'`, kind: 'text' };
      case 'reason':
        // Only a person not assessed has a reason, and plans with `exempt` are refused above.
        return { v: 'NULL', kind: 'text' };
    }
    return refuse(`\`${String((e as { ref: string }).ref)}\``, 'an unknown reference', '未知的引用', e.at);
  }

  private col(c: Column): Sql {
    return { v: c.v, ...(c.err ? { err: c.err } : {}), kind: c.kind };
  }

  /** Makes sure the named value has its step (after everything it needs); returns its column. */
  private need(id: string): Column {
    const have = this.done.get(id);
    if (have) return have;
    if (this.visiting.has(id)) refuse(`\`${id}\``, 'a value that depends on itself', '值依赖自身', undefined);
    const cohortId = id === 'grade' || id === 'quota_rank' || id === 'reward' || id.startsWith('rank#') || id.startsWith('alloc#');
    if (cohortId && this.individual) refuse(`\`${id.replace(/#.*/, '')}\``, 'a cohort result inside an indicator, the total or a grade before distribution', '指标、总分或分布前等级中使用了群体计算结果', undefined);
    this.visiting.add(id);
    try {
      const c = this.build(id);
      this.done.set(id, c);
      return c;
    } finally {
      this.visiting.delete(id);
    }
  }

  /** One named value as a step: `name` value column, `name!err` error column when it can fail. */
  private step(id: string, cteName: string, comment: string, f: () => Sql, post?: (x: Sql) => Sql): Column {
    const x0 = this.inStep(() => f());
    const x = post ? post(x0) : x0;
    const cols: [string, string][] = [[id, x.v]];
    if (x.err) cols.push([`${id}!err`, x.err]);
    this.push({ name: cteName, comment, cols });
    return { v: `${P}.${K(id)}`, ...(x.err ? { err: `${P}.${K(id + '!err')}` } : {}), kind: x.kind };
  }

  private where(at?: SourceRef, text?: string): string {
    if (!at) return text ?? '';
    const line = `${at.file}:${at.line}`;
    const src = this.plan.sources.find((s) => s.name === at.file);
    const snippet = src ? src.text.slice(at.start, at.end).split('\n')[0]! : '';
    return `${line}  ${text ?? snippet}`;
  }

  private build(id: string): Column {
    const d = this.d;
    const [kind, name] = id.includes(':') ? [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)] : [id, id];
    switch (kind) {
      case 'let': {
        const l = this.lets.get(name)!;
        return this.step(id, `let ${name}`, this.where(l.at), () => exprSql(this.scope(), l.expr));
      }
      case 'adjust': {
        const a = this.adjusts.get(name)!;
        return this.step(id, `adjust ${name}`, this.where(a.at), () => exprSql(this.scope(), a.expr));
      }
      case 'ind':
        return this.indicator(this.indicators.get(name)!);
      case 'weighted':
        return this.step(id, 'weighted', 'the weighted score of the top-level indicators', () => this.weightedOf(this.plan.indicators, true));
      case 'adjustments':
        return this.step(id, 'adjustments', 'the sum of the adjustments', () => {
          const parts = this.plan.adjustments.map((a) => this.ref({ k: 'ref', ref: 'adjust', name: a.name }));
          if (!parts.length) return { v: d.num('0'), kind: 'num' };
          const err = firstErr(...parts.map((p) => p.err));
          return { v: parts.map((p) => p.v).join(' + '), ...(err ? { err } : {}), kind: 'num' };
        });
      case 'total_before': {
        const t = this.plan.total!;
        return this.step(id, 'total before vetoes', this.where(t.at), () => exprSql(this.scope(), t.expr), (x) => ({ ...x, err: firstErr(x.err, `CASE WHEN ${x.v} IS NULL THEN 'KPL4001' END`)! }));
      }
      case 'total':
        return this.totalStep();
      case 'grade_before':
        return this.gradeBeforeStep();
      case 'own':
        return this.ownStep();
      case 'grade':
      case 'quota_rank':
        this.distributionSteps(this.plan.distribution!);
        return this.done.get(id)!;
      case 'reward': {
        const r = this.plan.reward!;
        return this.step(id, 'reward', this.where(r.at), () => exprSql(this.scope(), r.expr), (x) => ({ ...x, err: firstErr(x.err, `CASE WHEN ${x.v} IS NULL THEN 'KPL4001' END`)! }));
      }
    }
    return refuse(`\`${id}\``, 'a value the SQL compiler does not know', 'SQL 编译器不认识的值', undefined);
  }

  private indicator(n: Indicator): Column {
    const d = this.d;
    const id = `ind:${n.id}`;
    const comment = this.where(n.at, `indicator ${n.id}${n.ruleText ? ' = ' + n.ruleText : ''}`);
    return this.step(id, n.id, comment, () => (n.rule ? exprSql(this.scope(), n.rule) : this.weightedOf(n.children, false)), (x) => {
      if (n.missing === 'zero') return { ...x, v: `COALESCE(${x.v}, ${d.num('0')})` };
      if (n.missing === 'error') return { ...x, err: firstErr(x.err, `CASE WHEN ${x.v} IS NULL THEN 'KPL4001' END`)! };
      return x;
    });
  }

  private weightOf(n: Indicator): string {
    const w = n.weight;
    if (w.k === 'fixed') return this.d.num(w.value);
    const c = this.scope().col(w.col);
    const key = keyTextSql(this.d, c);
    return `CASE ${key} ${w.values.map((x) => `WHEN ${str(x.key)} THEN ${this.d.num(x.value)}`).join(' ')} ELSE ${this.d.num('0')} END`;
  }

  /** The re-normalised weighted mean of the applicable nodes (evaluation.ts weightedOf). */
  private weightedOf(nodes: readonly Indicator[], top: boolean): Sql {
    const d = this.d;
    const scope = this.scope();
    const parts = nodes.map((n) => ({ s: this.ref({ k: 'ref', ref: 'indicator', name: n.id }), w: this.weightOf(n) }));
    const err0 = firstErr(...parts.map((p) => p.s.err));
    const sum = scope.hoist(parts.map((p) => `COALESCE(${d.mul(p.s.v, p.w)}, ${d.num('0')})`).join(' + ') || d.num('0'));
    const weight = scope.hoist(parts.map((p) => `CASE WHEN ${p.s.v} IS NULL THEN ${d.num('0')} ELSE ${p.w} END`).join(' + ') || d.num('0'));
    const v = `CASE WHEN ${weight} = 0 THEN NULL WHEN ${weight} = 1 THEN ${sum} ELSE ${d.div(sum, weight)} END`;
    const err = top ? firstErr(err0, `CASE WHEN ${weight} = 0 THEN 'KPL4001' END`) : err0;
    return { v, ...(err ? { err } : {}), kind: 'num' };
  }

  private totalStep(): Column {
    const d = this.d;
    const before = this.need('total_before');
    const vetoes = totalVetoes(this.plan);
    if (!vetoes.length) return before;
    return this.step('total', 'total', 'total after the vetoes that replace it', () => {
      this.inTotalVeto = true;
      try {
        const arms = vetoes.map((v) => ({ when: exprSql(this.scope(), v.when), value: exprSql(this.scope(), v.effect.value) }));
        // The first veto whose condition holds replaces the total; later conditions are not evaluated.
        const v = `CASE ${arms.map((a) => `WHEN ${a.when.v} = TRUE THEN ${a.value.v}`).join(' ')} ELSE ${before.v} END`;
        const errs: string[] = [];
        let prior = 'TRUE';
        for (const a of arms) {
          if (a.when.err) errs.push(`CASE WHEN ${prior} THEN ${a.when.err} END`);
          errs.push(`CASE WHEN ${prior} AND ${a.when.v} = TRUE THEN ${a.value.err ? `COALESCE(${a.value.err}, CASE WHEN ${a.value.v} IS NULL THEN 'KPL4001' END)` : `CASE WHEN ${a.value.v} IS NULL THEN 'KPL4001' END`} END`);
          prior = `${prior} AND ${a.when.v} IS NOT TRUE`;
        }
        const err = firstErr(before.err, ...errs);
        return { v, ...(err ? { err } : {}), kind: 'num' };
      } finally {
        this.inTotalVeto = false;
      }
    });
  }

  private gradeBeforeStep(): Column {
    const d = this.d;
    const total = this.need('total');
    const grades = this.plan.grades;
    const t = decided(d, total.v);
    const bandOf = grades.map((b, i) => {
      if (b.otherwise) return undefined;
      const conds = [b.low ? `${t} ${b.low.inclusive ? '>=' : '>'} ${d.num(b.low.value)}` : undefined, b.high ? `${t} ${b.high.inclusive ? '<=' : '<'} ${d.num(b.high.value)}` : undefined].filter(Boolean);
      return `WHEN ${conds.join(' AND ') || 'TRUE'} THEN ${i}`;
    });
    const other = grades.findIndex((b) => b.otherwise);
    const arms = bandOf.filter(Boolean);
    const band = arms.length ? `CASE ${arms.join(' ')} ELSE ${other >= 0 ? other : 'NULL'} END` : `${other >= 0 ? other : 'NULL'}`;
    const vetoes = gradeVetoes(this.plan);
    return this.step('grade_before', 'grade before distribution', 'the grade from the bands, after the grade vetoes', () => {
      const scope = this.scope();
      const b = scope.hoist(band);
      const conds = vetoes.map((v) => ({ g: v, c: exprSql(scope, v.veto.when) }));
      const forced = conds.filter((x) => !x.g.cap);
      const caps = conds.filter((x) => x.g.cap);
      const greatest = (xs: typeof conds) => (xs.length ? `GREATEST(${xs.map((x) => `CASE WHEN ${x.c.v} = TRUE THEN ${x.g.grade} ELSE -1 END`).join(', ')})` : '-1');
      const f = scope.hoist(greatest(forced));
      const cap = scope.hoist(greatest(caps));
      const g = `CASE WHEN ${f} >= 0 THEN ${f} ELSE ${b} END`;
      const pos = `CASE WHEN ${b} IS NULL THEN NULL WHEN ${cap} > (${g}) THEN ${cap} ELSE ${g} END`;
      const name = `CASE ${pos} ${grades.map((x, i) => `WHEN ${i} THEN ${str(x.grade)}`).join(' ')} END`;
      const err = firstErr(total.err, `CASE WHEN ${b} IS NULL THEN 'KPL4001' END`, ...conds.map((x) => x.c.err));
      return { v: name, err: err!, kind: 'text' };
    });
  }

  /** The person's own assessment: data valid and no error in the individual parts. */
  private ownStep(): Column {
    const parts = [...[...this.indicators.keys()].map((i) => `ind:${i}`), ...assessment(this.plan).individual];
    const err = firstErr(...parts.map((p) => this.done.get(p)?.err));
    this.push({ name: 'assessed', comment: 'who could be assessed on their own (cohort steps count only them)', cols: [['own_err', err ?? 'CAST(NULL AS ' + this.d.textType + ')']] });
    return { v: `(${P}.kpl_ok AND ${P}.${K('own_err')} IS NULL)`, kind: 'bool' };
  }

  // ── cohort steps ─────────────────────────────────────────────────────────

  private cohortNode(e: Extract<Expr, { k: 'rank' } | { k: 'allocate' }>): Sql {
    if (this.individual) refuse(`\`${e.k}\``, 'a cohort result inside an indicator, the total or a grade before distribution', '指标、总分或分布前等级中使用了群体计算结果', e.at);
    let id = this.cohortIds.get(e);
    if (!id) {
      id = `${e.k === 'rank' ? 'rank' : 'alloc'}#${this.cohortIds.size + 1}`;
      this.cohortIds.set(e, id);
    }
    const have = this.done.get(id);
    if (have) return this.col(have);
    const c = e.k === 'rank' ? this.rankStep(id, e) : this.allocateStep(id, e);
    this.done.set(id, c);
    return this.col(c);
  }

  private rankStep(id: string, e: Extract<Expr, { k: 'rank' }>): Column {
    const d = this.d;
    const own = this.need('own');
    const scope = this.scope();
    const { v, within } = this.inStep(() => ({ v: exprSql(scope, e.value), within: e.within ? exprSql(scope, e.within) : undefined }));
    if (v.err || within?.err) refuse('`rank`', 'a ranked value that can fail', '参与排名的值可能出错', e.at);
    const vc = `${id}!v`;
    const gc = `${id}!g`;
    this.push({ name: `${id} values`, comment: this.where(e.at), cols: [[vc, `CASE WHEN ${own.v} THEN ${v.v} END`], [gc, within ? `COALESCE(${keyTextSql(d, within)}, '')` : `''`]] });
    const val = `${P}.${K(vc)}`;
    // Competition ranking (1, 2, 2, 4) of the assessed people with a value, per group.
    const rank = `CASE WHEN ${val} IS NOT NULL THEN ${d.fix(`rank() OVER (PARTITION BY ${P}.${K(gc)}, ${val} IS NULL ORDER BY ${decided(d, val)} ${e.desc ? 'DESC' : 'ASC'})`)} END`;
    this.push({ name: id, comment: this.where(e.at), cols: [[id, rank]] });
    return { v: `${P}.${K(id)}`, kind: 'num' };
  }

  /**
   * Pool shares (README 3.6 allocate; src/evaluator/allocate.ts): the assessed members of a group
   * share its pool in proportion to their weights, to the unit, by largest remainder — in integers
   * over a common denominator, leftover units to the largest remainders, ties to the lower key.
   */
  private allocateStep(id: string, e: Extract<Expr, { k: 'allocate' }>): Column {
    const d = this.d;
    if (e.decimals < 0) refuse('`allocate`', 'shares rounded to tens or more', '分配单位大于 1', e.at);
    const own = this.need('own');
    // The distribution's errors come first (cohort order: the grade, then the reward).
    const before = this.plan.distribution && this.plan.grades.length ? this.need('grade') : undefined;
    const assessed = before?.err ? `(${own.v} AND ${before.err} IS NULL)` : own.v;
    const scope = this.scope();
    const x = this.inStep(() => ({ g: exprSql(scope, e.per), pool: exprSql(scope, e.pool), w: exprSql(scope, e.by) }));
    const gKey = keyTextSql(d, x.g);
    const errs = firstErr(x.g.err, x.pool.err, x.w.err);
    const col = (n: string) => `${P}.${K(`${id}!${n}`)}`;
    this.push({
      name: `${id} members`,
      comment: this.where(e.at),
      cols: [
        [`${id}!g`, x.g.err ? `CASE WHEN ${x.g.err} IS NULL THEN ${gKey} END` : gKey],
        [`${id}!pool`, x.pool.v],
        [`${id}!w`, x.w.v],
        [`${id}!err`, `CASE WHEN ${assessed} THEN ${firstErr(errs, `CASE WHEN ${gKey} IS NULL OR ${x.pool.v} IS NULL OR ${x.w.v} IS NULL THEN 'KPL4001' END`)} END`],
      ],
    });
    const member = `(${assessed} AND ${col('err')} IS NULL)`;
    const g = `CASE WHEN ${member} THEN ${col('g')} END`;
    const S = WORK;
    const big = (v: string) => `CAST((${v}) * ${pow(S)} AS ${d.bigInt})`;
    this.push({
      name: `${id} groups`,
      comment: 'members of each pool, the pool the same for all of them, their weights (negative ones count 0)',
      cols: [
        [`${id}!member`, member],
        [`${id}!odd`, `CASE WHEN ${member} THEN min(CASE WHEN ${member} THEN ${col('pool')} END) OVER (PARTITION BY ${g}) <> max(CASE WHEN ${member} THEN ${col('pool')} END) OVER (PARTITION BY ${g}) END`],
        [`${id}!wsum`, `CASE WHEN ${member} THEN sum(CASE WHEN ${member} THEN ${big(`GREATEST(${col('w')}, 0)`)} END) OVER (PARTITION BY ${g}) END`],
      ],
    });
    const W = col('wsum');
    const num = `${big(col('pool'))} * ${big(`GREATEST(${col('w')}, 0)`)} * ${pow(e.decimals)}`;
    const den = `${W} * ${pow(S)}`;
    const floorDiv = (a: string, b: string) => `CASE WHEN (${a}) >= 0 THEN ${d.intDiv(a, b)} ELSE -${d.intDiv(`-(${a}) + (${b}) - 1`, b)} END`;
    this.push({
      name: `${id} floors`,
      comment: 'each share rounded down to the unit, and what is left over',
      cols: [
        [`${id}!floor`, `CASE WHEN ${col('member')} AND ${W} > 0 THEN ${floorDiv(num, den)} END`],
        [`${id}!units`, `CASE WHEN ${col('member')} AND ${W} > 0 THEN ${floorDiv(`${big(col('pool'))} * ${pow(e.decimals)}`, pow(S))} END`],
      ],
    });
    const fl = col('floor');
    const part = `PARTITION BY CASE WHEN ${col('member')} THEN ${col('g')} END`;
    this.push({
      name: `${id} remainders`,
      comment: 'leftover units go one each to the largest remainders; ties to the lower key',
      cols: [
        [`${id}!left`, `CASE WHEN ${fl} IS NOT NULL THEN ${col('units')} - sum(${fl}) OVER (${part}) END`],
        [`${id}!order`, `CASE WHEN ${fl} IS NOT NULL THEN row_number() OVER (${part} ORDER BY ${num} - ${fl} * ${den} DESC, ${this.keyOrder()}, ${P}.kpl_row) END`],
      ],
    });
    const unit = e.decimals === 0 ? '1' : `0.${'0'.repeat(e.decimals - 1)}1`;
    const share = `CASE WHEN NOT ${col('member')} OR ${col('odd')} THEN NULL WHEN ${W} = 0 THEN ${d.num('0')} ELSE ${d.fix(`CAST(${fl} + CASE WHEN ${col('order')} <= ${col('left')} THEN 1 ELSE 0 END AS DECIMAL(38,0)) * ${unit}`)} END`;
    this.push({ name: id, comment: 'the shares', cols: [[id, share]] });
    this.allocations.push({ id, e });
    return { v: `${P}.${K(id)}`, err: `COALESCE(${col('err')}, CASE WHEN ${col('odd')} THEN 'KPL4004' END)`, kind: 'num' };
  }

  /** The order of population keys (src/semantics/key-order.ts): numbers by value, text by code point. */
  private keyOrder(): string {
    const col = this.pop.columns.find((c) => c.name === this.pop.key);
    return col && columnKind(col.type) === 'num' ? `${P}.${q(col.name)} ASC` : `${this.d.text(`${P}.kpl_key`)} ASC`;
  }

  /** Forced distribution (README 3.11; src/semantics/distribution.ts): one step per quota rule. */
  private distributionSteps(dist: Distribution): void {
    const d = this.d;
    const before = this.need('grade_before');
    const own = this.need('own');
    const scope = this.scope();
    const chain = rankingChain(dist);
    const prepared = this.inStep(() => ({
      per: dist.per ? exprSql(scope, dist.per) : undefined,
      among: dist.among ? exprSql(scope, dist.among.expr) : undefined,
      keys: chain.map((k) => exprSql(scope, k.expr)),
    }));
    const { among } = prepared;
    const keyErr = firstErr(prepared.per?.err, among?.err, ...prepared.keys.map((k) => k.err));
    const cols: [string, string][] = [];
    // The group: everyone whose group value can be read (error rows too: quotas are shares of the
    // headcount) and, with `among`, whose condition is true.
    let group = dist.per ? (prepared.per!.err ? `CASE WHEN ${prepared.per!.err} IS NULL THEN ${keyTextSql(d, prepared.per!)} END` : keyTextSql(d, prepared.per!)) : `''`;
    if (among) group = `CASE ${among.err ? `WHEN ${among.err} IS NOT NULL THEN NULL ` : ''}WHEN ${among.v} THEN ${group} END`;
    cols.push(['dist!group', group]);
    prepared.keys.forEach((k, i) => cols.push([`dist!k${i}`, k.kind === 'num' ? decided(d, k.v) : k.kind === 'text' ? d.text(k.v) : k.v]));
    cols.push(['dist!err', keyErr ? `CASE WHEN ${own.v} THEN ${keyErr} END` : `CAST(NULL AS ${d.textType})`]);
    this.push({ name: 'distribution keys', comment: this.where(dist.at, 'distribute: the group and the ranking keys'), cols });
    let g = `${P}.${K('dist!group')}`;
    const ok = `(${own.v} AND ${P}.${K('dist!err')} IS NULL)`;
    this.push({
      name: 'distribution start',
      comment: 'grades before the distribution, of the people it ranks',
      cols: [
        ['dist!grade0', `CASE WHEN ${ok} THEN ${before.v} END`],
        ['dist!qr0', `CAST(NULL AS ${d.numType})`],
        ['dist!headcount', `CASE WHEN ${g} IS NOT NULL THEN count(*) OVER (PARTITION BY ${g}) END`],
      ],
    });
    if (dist.minGroupSize !== undefined) {
      // `only groups of at least N`: a smaller group is in no group for the quota steps (isDistributed).
      this.push({ name: 'distribution groups', comment: `only groups of at least ${dist.minGroupSize}`, cols: [['dist!dgroup', `CASE WHEN ${P}.${K('dist!headcount')} >= ${dist.minGroupSize} THEN ${g} END`]] });
      g = `${P}.${K('dist!dgroup')}`;
    }
    const order = [...chain.map((k, i) => `${P}.${K(`dist!k${i}`)} ${k.desc ? 'DESC' : 'ASC'} NULLS LAST`), `${P}.kpl_row`].join(', ');
    const gradeOrder = this.plan.grades.map((b) => b.grade);
    dist.rules.forEach((rule, i) => this.quotaStep(rule, i, g, order, gradeOrder));
    const last = dist.rules.length;
    const gradeCol = `${P}.${K(`dist!grade${last}`)}`;
    const qr = `${P}.${K(`dist!qr${last}`)}`;
    const err = firstErr(`${P}.${K('dist!err')}`);
    this.done.set('grade', { v: `COALESCE(${gradeCol}, ${before.v})`, ...(err ? { err } : {}), kind: 'text' });
    this.done.set('quota_rank', { v: qr, ...(err ? { err } : {}), kind: 'num' });
  }

  private quotaStep(rule: QuotaRule, i: number, g: string, order: string, gradeOrder: readonly string[]): void {
    if (rule.kind === 'top' || rule.kind === 'bottom') refuse(`\`${rule.kind}\``, 'a share of the ranking whatever the grade is not compiled to SQL yet', '不分等级的前/末位名额尚未编译为 SQL', rule.at);
    const d = this.d;
    const grade = `${P}.${K(`dist!grade${i}`)}`;
    const hc = `${P}.${K('dist!headcount')}`;
    // quota.ts: share × headcount rounded as stated, within min/max, never above the headcount.
    const raw = `(${hc} * ${rule.share})`;
    let quota = rule.rounding === 'floor' ? `floor(${raw})` : rule.rounding === 'ceil' ? `ceil(${raw})` : `round(${raw}, 0)`;
    if (rule.min !== undefined) quota = `GREATEST(${quota}, ${rule.min})`;
    if (rule.max !== undefined) quota = `LEAST(${quota}, ${rule.max})`;
    quota = `LEAST(${quota}, ${hc})`;
    const at = rule.kind === 'at_most' ? rule.grade : rule.to;
    const n = `sum(CASE WHEN ${grade} = ${str(rule.grade)} THEN 1 ELSE 0 END) OVER (PARTITION BY ${g})`;
    const pos = `row_number() OVER (PARTITION BY ${g}, ${grade} = ${str(at)} ORDER BY ${order})`;
    const donors = `sum(CASE WHEN ${grade} = ${str(at)} THEN 1 ELSE 0 END) OVER (PARTITION BY ${g})`;
    const text = `${rule.grade} ${rule.kind === 'at_most' ? 'at most' : 'at least'} ${rule.share} → ${rule.to}`;
    this.push({
      name: `quota ${i + 1} ranking`,
      comment: this.where(rule.at, text),
      cols: [
        [`q${i}!quota`, `CASE WHEN ${g} IS NOT NULL THEN ${quota} END`],
        [`q${i}!n`, `CASE WHEN ${g} IS NOT NULL THEN ${n} END`],
        [`q${i}!donors`, `CASE WHEN ${g} IS NOT NULL THEN ${donors} END`],
        [`q${i}!pos`, `CASE WHEN ${g} IS NOT NULL AND ${grade} = ${str(at)} THEN ${pos} END`],
      ],
    });
    const quotaC = `${P}.${K(`q${i}!quota`)}`;
    const nC = `${P}.${K(`q${i}!n`)}`;
    const posC = `${P}.${K(`q${i}!pos`)}`;
    const donC = `${P}.${K(`q${i}!donors`)}`;
    let moves: string;
    let placed: string;
    if (rule.kind === 'at_most') {
      placed = `${posC} IS NOT NULL`;
      moves = `${posC} > ${quotaC}`;
    } else {
      const need = `(${quotaC} - ${nC})`;
      const promote = gradeOrder.indexOf(rule.to) > gradeOrder.indexOf(rule.grade);
      placed = `${posC} IS NOT NULL AND ${need} > 0`;
      moves = promote ? `${posC} <= ${need}` : `${posC} > ${donC} - ${need}`;
    }
    this.push({
      name: `quota ${i + 1}`,
      comment: text,
      cols: [
        [`dist!grade${i + 1}`, `CASE WHEN ${placed} AND ${moves} THEN ${str(rule.kind === 'at_most' ? rule.to : rule.grade)} ELSE ${grade} END`],
        [`dist!qr${i + 1}`, `CASE WHEN ${placed} THEN ${d.fix(posC)} ELSE ${P}.${K(`dist!qr${i}`)} END`],
      ],
    });
  }
}

export { DECISION_SCALE, children };

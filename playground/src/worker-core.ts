/**
 * The compiler side of the playground: everything that touches KPL goes through `src/index.ts`,
 * the same entry point the CLI uses, so the browser and `kpl eval` give identical results.
 * Pure functions over plain data, run inside the web workers (and in unit tests under Node).
 */
import {
  builtinInfo,
  compile,
  COMPILER_VERSION,
  CoverageModel,
  CoverageRecorder,
  coverageReport,
  parseTests,
  runTests,
  Decimal,
  diag,
  evaluate,
  explainPerson,
  formatSource as formatWith,
  hasErrors,
  KEYWORDS,
  loadTables,
  decodeText,
  formatOf,
  resultsXlsx,
  localize,
  localizeHelp,
  monarchSpec,
  sortDiagnostics,
  symbolsOf as symbolsIn,
  writeCsv,
  quickFixes,
  referencesIn,
  type Fix,
  type Cell,
  type Diagnostic,
  type EvaluationResult,
  type LoadedData,
  type Plan,
  type PlanExpr,
  type PlanIndicator,
} from '../../src/index.ts';
import type {
  Analysis,
  DataFileMsg,
  Diag,
  ExplainNode,
  Explanation,
  PersonSummary,
  Ready,
  RunResult,
  SrcRange,
  Summary,
  Symbols,
  TableInfo,
  TestsResult,
} from './protocol.ts';
import { cellText, failureOf, fastPreview } from './fast-summary.ts';

export const POLICY_FILE = 'policy.kpl';

type Person = EvaluationResult['people'][number]['person'];
type Evaluation = EvaluationResult['evaluation'];

// ── language definition for the editor ─────────────────────────────────────────────────────
// Highlighting (generated from the lexer's tokens), built-in descriptions (from their records),
// symbols and formatting are the editor services of src/editor/, shared with `kpl lsp`.

export { IDENTIFIER_RULE, monarchSpec, builtinInfo } from '../../src/index.ts';

export function readyMessage(): Ready {
  return { kind: 'ready', compilerVersion: COMPILER_VERSION, monarch: monarchSpec(), keywords: Object.fromEntries(Object.entries(KEYWORDS).map(([k, v]) => [k, [...v]])), builtins: builtinInfo(), formatAvailable: true };
}

/** Runs `kpl fmt`'s engine (FORMAT HOOK: the one place the playground formats); `text` is absent when the policy cannot be formatted (syntax errors). */
export function formatSource(source: string): { text?: string; reason?: string } {
  return formatWith(POLICY_FILE, source);
}

/** Find References and Rename: every place naming the target (`referencesIn`, as `kpl lsp`). */
export function referencesOf(source: string, target: { name: string; table?: string }): { start: number; end: number }[] {
  return referencesIn(POLICY_FILE, source, target);
}

/** The quick fixes of each diagnostic (`quickFixes`, as `kpl lsp`). */
export function quickFixesFor(source: string, diagnostics: { code: string; start: number; end: number; help?: string }[], lang: 'zh' | 'en'): Fix[][] {
  return diagnostics.map((d) => quickFixes(POLICY_FILE, source, d, lang));
}

// ── diagnostics ────────────────────────────────────────────────────────────────────────────

export function toDiag(d: Diagnostic, files?: Map<string, FileMeta>): Diag {
  const base = { code: d.code, severity: d.severity, en: localize(d, 'en'), zh: localize(d, 'zh'), ...(d.help ? { help: d.help, helpZh: localizeHelp(d, 'zh') ?? d.help } : {}) };
  if (d.dataLocation) {
    const meta = files?.get(d.dataLocation.file);
    // Row-level diagnostics point at column 1 for want of a cell: name the column they are about (a
    // missing one), or none — never the first column's name.
    const named = typeof d.args['column'] === 'string' ? d.args['column'] : undefined;
    const column = named ?? (ROW_LEVEL.has(d.code) ? undefined : meta?.header[d.dataLocation.col - 1]);
    return {
      ...base,
      data: {
        file: d.dataLocation.file,
        line: d.dataLocation.line,
        col: d.dataLocation.col,
        ...(meta ? { table: meta.table } : {}),
        ...(column !== undefined && d.dataLocation.line > 1 ? { column } : {}),
      },
    };
  }
  if (d.span) return { ...base, start: d.span.start, end: d.span.end };
  return base;
}

/** Data diagnostics about a whole row or file, located at column 1. */
const ROW_LEVEL = new Set(['KPL3003', 'KPL3007', 'KPL3008', 'KPL3016', 'KPL3017', 'KPL3018', 'KPL3019', 'KPL3021', 'KPL3022', 'KPL3030', 'KPL3035']);

// ── analysis: diagnostics and symbols while typing ────────────────────────────────────────

export function analyze(version: number, source: string, tests?: string, lang: 'zh' | 'en' = 'zh'): Analysis {
  const t0 = performance.now();
  const r = compile(POLICY_FILE, source);
  const symbols = symbolsOf(source, r.plan);
  const ran = tests !== undefined && r.plan ? runPolicyTests(r.plan, tests, lang) : undefined;
  return { kind: 'analysis', version, diagnostics: r.diagnostics.map((d) => toDiag(d)), symbols, compiled: r.plan !== undefined, ms: performance.now() - t0, ...(ran ? { tests: ran } : {}) };
}

export const TESTS_FILE = 'policy.kpltest';

/** The `.kpltest` tables run on the compiled policy (`kpl test --coverage`): failures by line of the test text, and which policy lines' decisions the tests reach. */
export function runPolicyTests(plan: Plan, text: string, lang: 'zh' | 'en'): TestsResult {
  const parsed = parseTests(TESTS_FILE, text);
  const model = new CoverageModel(plan);
  const recorder = new CoverageRecorder(model);
  const result = runTests(plan, parsed.tests, { recorder, lang, explain: false });
  const zh = lang === 'zh';
  const failures: TestsResult['failures'] = [...parsed.problems, ...result.problems].map((p) => ({ line: p.line, col: p.col, message: p.message }));
  for (const c of result.cases) {
    for (const p of c.problems) failures.push({ line: p.line, col: p.col, message: p.message });
    for (const row of c.rows) for (const m of row.mismatches) failures.push({ line: m.line, col: m.col, message: zh ? `${row.name}：${m.column} 期望 ${m.expected}，实际 ${m.actual}` : `${row.name}: ${m.column} expected ${m.expected}, got ${m.actual}` });
    for (const p of c.pools) if (!p.passed) failures.push({ line: p.line, col: 1, message: p.message });
  }
  const report = coverageReport(model, recorder.covered);
  const lines = (hit: boolean) => [...new Set(model.probes.filter((p) => (p.file === undefined || p.file === POLICY_FILE) && p.line !== undefined && recorder.covered.has(p.id) === hit && !model.unreachable.has(p.id)).map((p) => p.line!))].sort((a, b) => a - b);
  const covered = lines(true);
  const missed = lines(false);
  return {
    cases: result.cases.map((c) => ({ name: c.name, line: c.line, passed: c.passed, rows: c.rows.length })),
    failures,
    rows: result.cases.reduce((a, c) => a + c.rows.length, 0),
    passed: result.passed && parsed.problems.length === 0,
    coverage: { percent: report.percent, covered: report.covered, total: report.total, coveredLines: covered, missedLines: missed.filter((l) => !covered.includes(l)) },
  };
}

/** Declarations read from the syntax tree (available even when the policy has errors). */
export function symbolsOf(source: string, plan?: Plan): Symbols {
  return symbolsIn(POLICY_FILE, source, plan);
}

// ── evaluation ───────────────────────────────────────────────────────────────────────────────

export interface FileMeta {
  readonly table: string;
  readonly header: string[];
}

/** The header fields of a CSV file (for naming the column of a data error). */
export function csvHeader(bytes: Uint8Array): string[] {
  // Decoded as the loader decodes it (UTF-8, UTF-16 or GB18030); a cut multi-byte character at the end is no matter.
  const text = decodeText('', bytes.subarray(0, Math.min(bytes.length, 65536))).text ?? new TextDecoder('utf-8').decode(bytes.subarray(0, 65536));
  const fields: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(cur.trim());
      cur = '';
    } else if (ch === '\n' || ch === '\r') break;
    else cur += ch;
  }
  fields.push(cur.trim());
  return fields;
}

/** Everything the evaluation worker keeps between runs. */
export class EvalSession {
  private files: DataFileMsg[] = [];
  private dataVersion = -1;
  private meta = new Map<string, FileMeta>();
  /** Loaded data by input schema (the baseline may declare other inputs than the current policy). */
  private loaded = new Map<string, LoadedData>();
  private baselineCache?: { source: string; dataVersion: number; withIndicators: boolean; summary?: Summary; error?: string };
  /**
   * The latest results, for the CSV download and explanations. `exact` is the interpreter's run,
   * made when the preview needed it or when an explanation is first asked for.
   */
  last?: { version: number; plan: Plan; data: LoadedData; columns: string[]; cells: () => Cell[][]; exact?: EvaluationResult };

  /** `exact`: always the interpreter (the tests compare the two previews). */
  engine: 'auto' | 'exact' = 'auto';

  hasData(dataVersion: number): boolean {
    return this.dataVersion === dataVersion;
  }

  setData(dataVersion: number, files: DataFileMsg[]): void {
    this.files = files;
    this.dataVersion = dataVersion;
    this.loaded.clear();
    this.meta = new Map(files.map((f) => [f.fileName, { table: f.table, header: formatOf(f.fileName) === 'csv' ? csvHeader(f.bytes) : [] }]));
  }

  private load(plan: Plan): { data: LoadedData; cached: boolean } {
    // Positions change with every edit; the schema without them decides whether data must be re-read.
    const key = JSON.stringify(plan.inputs, (k, v) => (k === 'at' || k === 'description' ? undefined : v));
    const hit = this.loaded.get(key);
    if (hit) return { data: hit, cached: true };
    const data = loadTables(plan.inputs, this.files.map((f) => ({ table: f.table, fileName: f.fileName, bytes: f.bytes })));
    if (this.loaded.size >= 3) this.loaded.delete(this.loaded.keys().next().value!);
    this.loaded.set(key, data);
    return { data, cached: false };
  }

  run(version: number, source: string, withIndicators: boolean, baseline?: string): RunResult {
    const t0 = performance.now();
    const c = compile(POLICY_FILE, source);
    const t1 = performance.now();
    const timing = { compileMs: t1 - t0, loadMs: 0, evalMs: 0, baselineMs: 0, totalMs: 0, dataCached: false };
    const diagnostics = c.diagnostics.map((d) => toDiag(d));
    if (!c.plan) {
      this.last = undefined;
      return { kind: 'result', version, dataVersion: this.dataVersion, diagnostics, timing: { ...timing, totalMs: performance.now() - t0 } };
    }
    const { data, cached } = this.load(c.plan);
    const t2 = performance.now();
    const { summary, results, reused } = this.summarizeCached(c.plan, data, withIndicators);
    const t3 = performance.now();
    this.last = results ? { version, plan: c.plan, data, ...results } : undefined;
    let baselineSummary: Summary | undefined;
    let baselineError: string | undefined;
    if (baseline !== undefined) {
      const b = this.baselineCache;
      if (b && b.source === baseline && b.dataVersion === this.dataVersion && b.withIndicators === withIndicators) {
        baselineSummary = b.summary;
        baselineError = b.error;
      } else {
        const bc = compile(POLICY_FILE, baseline);
        if (bc.plan) baselineSummary = this.summarize(bc.plan, this.load(bc.plan).data, withIndicators).summary;
        else baselineError = bc.diagnostics.filter((d) => d.severity === 'error').map((d) => localize(d, 'en')).join('; ');
        this.baselineCache = { source: baseline, dataVersion: this.dataVersion, withIndicators, ...(baselineSummary ? { summary: baselineSummary } : {}), ...(baselineError ? { error: baselineError } : {}) };
      }
    }
    const t4 = performance.now();
    return {
      kind: 'result',
      version,
      dataVersion: this.dataVersion,
      diagnostics,
      summary,
      ...(baselineSummary ? { baseline: baselineSummary } : {}),
      ...(baselineError ? { baselineError } : {}),
      timing: { compileMs: t1 - t0, loadMs: t2 - t1, evalMs: t3 - t2, baselineMs: t4 - t3, totalMs: t4 - t0, dataCached: cached, ...(reused ? { resultsCached: true } : {}), ...(results ? { engine: results.exact ? 'exact' : 'fast' } : {}) },
    };
  }

  /**
   * The last evaluation, by what decides its rows: the plan without its source positions and hash
   * (an edit in a comment, or one that only moves text, compiles to the same plan), the data and
   * the options. Such an edit re-uses the rows; the header (positions of grades, quotas) is new.
   */
  private evalCache?: { key: string; rows: Pick<Summary, 'numeric' | 'people' | 'pools' | 'diagnostics' | 'dataUnusable'>; results?: { columns: string[]; cells: () => Cell[][] } };

  private summarizeCached(plan: Plan, data: LoadedData, withIndicators: boolean): { summary: Summary; results?: { columns: string[]; cells: () => Cell[][]; exact?: EvaluationResult }; reused: boolean } {
    const key = `${this.dataVersion}\u0000${withIndicators}\u0000${this.engine}\u0000${planContentKey(plan)}`;
    const hit = this.evalCache;
    if (hit && hit.key === key) return { summary: { ...this.summaryBase(plan, data, withIndicators).base, ...hit.rows }, ...(hit.results ? { results: hit.results } : {}), reused: true };
    const { summary, results } = this.summarize(plan, data, withIndicators);
    const { numeric, people, pools, diagnostics, dataUnusable } = summary;
    // Diagnostics placed in the policy text move with it: such rows are not re-used.
    if (diagnostics.some((d) => d.start !== undefined)) this.evalCache = undefined;
    else this.evalCache = { key, rows: { numeric, people, pools, diagnostics, dataUnusable }, ...(results ? { results: { columns: results.columns, cells: results.cells } } : {}) };
    return { summary, ...(results ? { results } : {}), reused: false };
  }

  /** What the summary says about the policy and the tables, before any person's row. */
  private summaryBase(plan: Plan, data: LoadedData, withIndicators: boolean) {
    const pop = plan.inputs.find((t) => t.role === 'population')!;
    const nameCol = pop.columns.find((c) => /^(name|姓名|名字)$/i.test(c.name) || c.description === '姓名')?.name;
    const groupColumns = pop.columns.filter((c) => (c.type === 'text' || c.type === 'category') && c.name !== pop.key && c.name !== nameCol).map((c) => c.name);
    const tables: TableInfo[] = plan.inputs.map((t) => {
      const tb = data.tables[t.name];
      return {
        name: t.name,
        role: t.role,
        ...(tb?.file !== undefined ? { file: tb.file } : {}),
        rows: tb?.rows.length ?? 0,
        errorRows: tb?.rows.filter((r) => r.errors.length > 0).length ?? 0,
        columns: t.columns.map((c) => ({ name: c.name, type: c.type, optional: c.optional })),
      };
    });
    const indicators = withIndicators ? flatIndicators(plan.indicators) : undefined;
    const base = {
      policyName: plan.policy.name,
      ...(plan.policy.version ? { policyVersion: plan.policy.version } : {}),
      columns: plan.outputs.map((o) => o.name),
      grades: plan.grades.map((g) => ({ grade: g.grade, ...(g.title ? { title: g.title } : {}), band: bandText(g), ...range(g.at) })),
      // The chart draws a grade's quota line; a top/bottom share of the ranking has none.
      quotas: (plan.distribution?.rules ?? []).flatMap((r) => (r.kind === 'at_most' || r.kind === 'at_least' ? [{ grade: r.grade, kind: r.kind, share: r.share, to: r.to, ...range(r.at) }] : [])),
      ...(plan.distribution?.per ? { quotaPer: exprText(plan, plan.distribution.per) } : {}),
      groupColumns,
      ...defaultGroup(plan, groupColumns),
      hasReward: plan.reward !== undefined,
      top: plan.indicators.map((n) => ({ id: n.id, ...(n.title ? { title: n.title } : {}) })),
      tables,
      ...(indicators ? { indicators: indicators.map((n) => ({ id: n.node.id, ...(n.node.title ? { title: n.node.title } : {}), depth: n.depth })) } : {}),
    };
    return { base, nameCol, groupColumns, indicators };
  }

  summarize(plan: Plan, data: LoadedData, withIndicators: boolean): { summary: Summary; results?: { columns: string[]; cells: () => Cell[][]; exact?: EvaluationResult } } {
    const { base, nameCol, groupColumns, indicators } = this.summaryBase(plan, data, withIndicators);
    if (hasErrors(data.diagnostics)) {
      // The data set as a whole is unusable (a missing file or column): as `kpl eval`, only the
      // loader's own diagnostics — the rows' errors would follow from it (a KPL3003 on every row).
      return {
        summary: { ...base, numeric: base.columns.map(() => false), people: [], pools: [], diagnostics: sortDiagnostics([...data.diagnostics]).map((d) => toDiag(d, this.meta)), dataUnusable: true },
      };
    }
    const populationTable = data.tables[plan.inputs.find((t) => t.role === 'population')!.name]!;
    const population = populationTable.rows;
    const fast = this.engine === 'auto' ? fastPreview(plan, data, withIndicators) : undefined;
    const failures = fast?.result.people.map((p, i) => (p.status === 'ok' ? undefined : failureOf(fast.result, population[i]!, populationTable.file ?? populationTable.name)));
    if (fast && failures && fast.result.people.every((p, i) => population[i]?.key === p.key && (p.status === 'ok' || failures[i]))) {
      const r = fast.result;
      const own = base.columns.length;
      const totalCol = outputOf(plan, 'total');
      const rewardCol = outputOf(plan, 'reward');
      const people: PersonSummary[] = r.people.map((p, i) => {
        const cells = p.cells.map(cellText);
        const raw = population[i]!.raw;
        const ok = p.status === 'ok';
        const failure = failures[i];
        const slice = (from: number | undefined, count: number) => (from === undefined ? undefined : cells.slice(from, from + count));
        return {
          key: p.key,
          line: p.line,
          status: p.status,
          cells: cells.slice(0, own),
          ...(nameCol && raw[nameCol] !== undefined ? { name: raw[nameCol] } : {}),
          total: plan.total ? ((totalCol >= 0 ? cells[totalCol] : null) ?? cells[fast.at.total!]!) : null,
          grade: fast.at.grade !== undefined ? cells[fast.at.grade]! : null,
          gradeBefore: fast.at.gradeBefore !== undefined ? cells[fast.at.gradeBefore]! : null,
          reward: plan.reward ? ((rewardCol >= 0 ? cells[rewardCol] : null) ?? cells[fast.at.reward!]!) : null,
          groups: groupColumns.map((g) => raw[g] ?? ''),
          ...(indicators ? { scores: slice(fast.at.scores, indicators.length)! } : {}),
          ...(ok && fast.at.points !== undefined ? { points: slice(fast.at.points, plan.indicators.length)! } : {}),
          ...(failure ? { error: { en: localize(failure, 'en'), zh: localize(failure, 'zh') }, errorKind: population[i]!.errors.length ? ('data' as const) : ('eval' as const) } : {}),
        };
      });
      const summary: Summary = {
        ...base,
        numeric: base.columns.map((_, j) => r.people.some((p) => p.cells[j] !== null && typeof p.cells[j] === 'object')),
        people,
        pools: r.pools.map(poolInfo),
        diagnostics: sortDiagnostics([...data.diagnostics, ...r.diagnostics]).map((d) => toDiag(d, this.meta)),
        dataUnusable: false,
      };
      return { summary, results: { columns: base.columns, cells: () => r.people.map((p) => p.cells.slice(0, own)) } };
    }
    return this.summarizeExact(plan, data, base, nameCol, groupColumns, indicators);
  }

  /** The preview from the interpreter: when the fast engine cannot make it, or someone cannot be evaluated. */
  private summarizeExact(
    plan: Plan,
    data: LoadedData,
    base: Omit<Summary, 'numeric' | 'people' | 'pools' | 'diagnostics' | 'dataUnusable'>,
    nameCol: string | undefined,
    groupColumns: string[],
    indicators: { node: PlanIndicator; depth: number }[] | undefined,
  ): { summary: Summary; results: { columns: string[]; cells: () => Cell[][]; exact: EvaluationResult } } {
    const result = evaluate(plan, data);
    const ev = result.evaluation;
    const numeric = base.columns.map((_, j) => result.people.some((p) => p.cells[j] !== null && typeof p.cells[j] === 'object'));
    const evalDiags = result.diagnostics;
    // Totals and rewards read as the output columns print them (`44.60`, not `44.6`), when output.
    const totalCol = outputOf(plan, 'total');
    const rewardCol = outputOf(plan, 'reward');
    const people: PersonSummary[] = result.people.map((r) => {
      const p = r.person;
      const ok = r.status === 'ok';
      const value = (f: () => unknown): string | null => {
        if (!ok) return null;
        try {
          return show(f());
        } catch {
          return null;
        }
      };
      let error: { en: string; zh: string } | undefined;
      if (r.status === 'error') {
        const d = p.row.errors[0];
        if (d) error = { en: localize(d, 'en'), zh: localize(d, 'zh') };
        else if (p.error) {
          const e = diag(p.error.code, p.error.args);
          error = { en: localize(e, 'en'), zh: localize(e, 'zh') };
        }
      }
      return {
        key: r.key,
        line: r.line,
        status: r.status,
        cells: r.cells.map((c) => (c === null ? null : typeof c === 'string' ? c : c.number)),
        ...(nameCol && p.row.raw[nameCol] !== undefined ? { name: p.row.raw[nameCol] } : {}),
        total: plan.total ? (cellText(r.cells[totalCol]) ?? value(() => ev.total(p))) : null,
        grade: plan.grades.length ? value(() => ev.ref(p, { k: 'ref', ref: 'grade', name: 'grade' })) : null,
        gradeBefore: plan.grades.length ? value(() => ev.gradeBefore(p)) : null,
        reward: plan.reward ? (cellText(r.cells[rewardCol]) ?? value(() => ev.ref(p, { k: 'ref', ref: 'reward', name: 'reward' }))) : null,
        groups: groupColumns.map((g) => p.row.raw[g] ?? ''),
        ...(indicators ? { scores: indicators.map((n) => value(() => { const v = ev.indicator(p, n.node.id); return v instanceof Decimal ? trim(v) : v; })) } : {}),
        ...(ok ? { points: topPoints(p, plan.indicators) } : {}),
        ...(error ? { error, errorKind: p.row.errors.length ? ('data' as const) : ('eval' as const) } : {}),
        ...(r.status === 'not_assessed' ? { exempt: p.exempt! } : {}),
      };
    });
    const summary: Summary = {
      ...base,
      numeric,
      people,
      pools: result.pools.map(poolInfo),
      diagnostics: sortDiagnostics([...data.diagnostics, ...evalDiags]).map((d) => toDiag(d, this.meta)),
      dataUnusable: false,
    };
    return { summary, results: { columns: result.columns, cells: () => result.people.map((p) => p.cells), exact: result } };
  }

  /** The results as the CLI's `kpl eval --out` writes them (the same writeCsv). */
  csv(version: number): string | undefined {
    if (!this.last || this.last.version !== version) return undefined;
    return writeCsv(this.last.columns, this.last.cells());
  }

  /** The results as `kpl eval --out results.xlsx` writes them (the same resultsXlsx, from the interpreter's run). */
  xlsx(version: number): Uint8Array | undefined {
    if (!this.last || this.last.version !== version) return undefined;
    const { plan, data } = this.last;
    const result = (this.last.exact ??= evaluate(plan, data));
    const pop = plan.inputs.find((t) => t.role === 'population');
    return resultsXlsx(plan, result.columns, result.people, result.diagnostics, (pop && data.tables[pop.name]?.file) ?? '');
  }

  explain(version: number, key: string, report?: 'zh' | 'en'): Explanation {
    const empty: Explanation = { kind: 'explanation', version, key, found: false, inputs: [], related: [], indicators: [], adjustments: [], lets: [], distribution: [] };
    if (!this.last || this.last.version !== version) return empty;
    const { plan } = this.last;
    // Explanations come from the interpreter, run when first asked for (the preview may be the fast engine's).
    const result = (this.last.exact ??= evaluate(plan, this.last.data));
    const ev = result.evaluation;
    const p = ev.byKey.get(key);
    if (!p) return empty;
    const r = result.people.find((x) => x.person === p);
    const cellOf = (ref: string): string | undefined => {
      const j = plan.outputs.findIndex((o) => o.expr.k === 'ref' && o.expr.ref === ref);
      const c = j >= 0 ? r?.cells[j] : undefined;
      return c === undefined || c === null ? undefined : typeof c === 'string' ? c : c.number;
    };
    const x = explainStructured(version, plan, ev, p, report);
    // Show the total and the reward exactly as the results table prints them.
    const total = cellOf('total');
    const reward = cellOf('reward');
    return { ...x, ...(total !== undefined && x.total !== undefined ? { total } : {}), ...(reward !== undefined && x.reward !== undefined ? { reward } : {}) };
  }
}

/** A plan's content without where it came from: equal for two texts that differ only in comments, blank lines or layout. */
export function planContentKey(plan: Plan): string {
  // Key by key, so the lazily computed `hash` is never read (hashing costs as much as the key).
  const rec = plan as unknown as Record<string, unknown>;
  return JSON.stringify(
    Object.keys(rec).filter((k) => k !== 'hash' && k !== 'sources').map((k) => [k, rec[k]]),
    (k, v) => (k === 'at' ? undefined : v),
  );
}

/** The output column showing `ref` (total, reward) as the policy prints it, or -1. */
function outputOf(plan: Plan, ref: string): number {
  return plan.outputs.findIndex((o) => o.expr.k === 'ref' && o.expr.ref === ref);
}

function poolInfo(p: EvaluationResult['pools'][number]): Summary['pools'][number] {
  return { group: p.group, pool: p.pool.toFixed(2), allocated: p.allocated.toFixed(2), unallocated: p.unallocated.toFixed(2) };
}

function range(at: { start: number; end: number; file: string } | undefined): { start?: number; end?: number } {
  return at && at.file === POLICY_FILE ? { start: at.start, end: at.end } : {};
}
function srcRange(at: { start: number; end: number; file: string } | undefined): SrcRange | undefined {
  return at && at.file === POLICY_FILE ? { start: at.start, end: at.end } : undefined;
}

function show(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Decimal) return v.toDecimalPlaces(10).toFixed();
  return String(v);
}
function trim(d: Decimal, places = 4): string {
  return d.toDecimalPlaces(places).toFixed();
}

/** Score × effective weight of each top-level indicator, as recorded for the person (re-normalised when some do not apply). */
function topPoints(p: Person, nodes: readonly PlanIndicator[]): (string | null)[] {
  const facts = nodes.map((n) => p.indicators.get(n.id));
  const applicable = facts.reduce((a, f) => (f && f.score !== null ? a.plus(f.weight) : a), new Decimal(0));
  return facts.map((f) => {
    if (!f || f.score === null) return null;
    const eff = !applicable.isZero() && !applicable.eq(1) ? f.weight.div(applicable) : f.weight;
    return trim(f.score.times(eff));
  });
}

function flatIndicators(nodes: readonly PlanIndicator[], depth = 0, out: { node: PlanIndicator; depth: number }[] = []): { node: PlanIndicator; depth: number }[] {
  for (const n of nodes) {
    out.push({ node: n, depth });
    flatIndicators(n.children, depth + 1, out);
  }
  return out;
}

function exprText(plan: Plan, e: PlanExpr): string {
  const at = e.at;
  const src = at ? plan.sources.find((s) => s.name === at.file) : undefined;
  return src && at ? src.text.slice(at.start, at.end) : e.k === 'col' ? e.col : e.k;
}

function bandText(b: Plan['grades'][number]): string {
  if (b.otherwise) return 'otherwise';
  const lo = b.low ? `${b.low.inclusive ? '≥' : '>'} ${b.low.value}` : '';
  const hi = b.high ? `${b.high.inclusive ? '≤' : '<'} ${b.high.value}` : '';
  return [lo, hi].filter(Boolean).join(', ');
}

/** The column rewards are naturally summed by: the forced-distribution group, else the pool group. */
function defaultGroup(plan: Plan, groupColumns: string[]): { defaultGroup?: string } {
  const cols: string[] = [];
  const per = plan.distribution?.per;
  if (per?.k === 'col') cols.push(per.col);
  const visit = (e: unknown) => {
    if (!e || typeof e !== 'object') return;
    const x = e as PlanExpr;
    if (x.k === 'allocate' && x.per.k === 'col') cols.push(x.per.col);
    for (const v of Object.values(e)) if (v && typeof v === 'object') visit(v);
  };
  visit(plan.reward?.expr);
  const g = cols.find((c) => groupColumns.includes(c)) ?? groupColumns[0];
  return g ? { defaultGroup: g } : {};
}

function pct(w: Decimal): string {
  return w.times(100).toDecimalPlaces(2).toFixed() + '%';
}

function explainStructured(version: number, plan: Plan, ev: Evaluation, p: Person, report?: 'zh' | 'en'): Explanation {
  const pop = plan.inputs.find((t) => t.role === 'population')!;
  const nameCol = pop.columns.find((c) => /^(name|姓名|名字)$/i.test(c.name) || c.description === '姓名')?.name;
  const inputs = pop.columns.map((c) => ({ name: c.name, value: p.row.raw[c.name] ?? '—', ...(c.description ? { description: c.description } : {}) }));
  const related = [...p.related].map(([table, rows]) => ({ table, rows: rows.length }));
  const text = report ? explainPerson(ev, p, { lang: report }) : undefined;
  const ok = p.ok;
  let error: { en: string; zh: string } | undefined;
  if (!ok) {
    const d = p.row.errors[0] ?? (p.error ? diag(p.error.code, p.error.args) : undefined);
    if (d) error = { en: localize(d, 'en'), zh: localize(d, 'zh') };
  }
  const base = {
    kind: 'explanation' as const,
    version,
    key: p.key,
    found: true,
    ...(nameCol && p.row.raw[nameCol] ? { name: p.row.raw[nameCol] } : {}),
    status: ok ? ('ok' as const) : ('error' as const),
    ...(error ? { error } : {}),
    inputs,
    related,
    ...(text !== undefined ? { text, textLang: report } : {}),
  };
  if (!ok) return { ...base, indicators: [], adjustments: [], lets: [], distribution: [] };

  const indicators: ExplainNode[] = [];
  const walk = (nodes: readonly PlanIndicator[], depth: number, factor: Decimal) => {
    const applicable = nodes.reduce((a, n) => (p.indicators.get(n.id)?.score != null ? a.plus(p.indicators.get(n.id)!.weight) : a), new Decimal(0));
    for (const n of nodes) {
      const f = p.indicators.get(n.id);
      if (!f) continue;
      const w = f.weight;
      const eff = !applicable.isZero() && !applicable.eq(1) && f.score !== null ? w.div(applicable) : w;
      const contribution = f.score !== null ? f.score.times(eff) : null;
      indicators.push({
        id: n.id,
        ...(n.title ? { title: n.title } : {}),
        depth,
        score: f.score !== null ? trim(f.score) : null,
        weight: pct(w),
        effWeight: pct(eff),
        contribution: contribution ? trim(contribution) : null,
        points: contribution ? trim(contribution.times(factor)) : null,
        ...(f.note ? { note: f.note } : {}),
        ...(n.ruleText ? { rule: n.ruleText.replace(/\s*\n\s*/g, ' ') } : {}),
        ...(srcRange(n.at) ? { at: srcRange(n.at)! } : {}),
      });
      walk(n.children, depth + 1, factor.times(eff));
    }
  };
  walk(plan.indicators, 0, new Decimal(1));
  const memo = (k: string) => show(p.memo.get(k));
  const adjustments = plan.adjustments.map((a) => ({ name: a.name, value: memo('adjust:' + a.name), ...(a.text ? { text: a.text } : {}), ...(srcRange(a.at) ? { at: srcRange(a.at)! } : {}) }));
  const lets = plan.lets.filter((l) => p.memo.has('let:' + l.name)).map((l) => ({ name: l.name, value: memo('let:' + l.name), ...(l.text ? { text: l.text } : {}), ...(srcRange(l.at) ? { at: srcRange(l.at)! } : {}) }));
  const vetoDecl = p.veto ? plan.vetoes.find((v) => (v.text ?? 'veto') === p.veto) : undefined;
  const band = p.band ? plan.grades.find((b) => b.grade === p.band) : undefined;
  const distribution = p.distribution.map((d) => {
    const rule = plan.distribution?.rules.find((r) => r.grade === d.grade);
    return {
      group: d.group,
      rule: d.rule,
      headcount: d.headcount,
      quota: d.quota,
      rank: d.rank,
      candidates: d.candidates,
      ...(d.movedTo !== undefined ? { movedTo: d.movedTo } : {}),
      ...(srcRange(rule?.at) ? { at: srcRange(rule?.at)! } : {}),
    };
  });
  let grade: string | undefined;
  try {
    grade = show(ev.ref(p, { k: 'ref', ref: 'grade', name: 'grade' })) ?? undefined;
  } catch {
    grade = undefined;
  }
  let reward: string | undefined;
  if (plan.reward) {
    try {
      reward = show(ev.ref(p, { k: 'ref', ref: 'reward', name: 'reward' })) ?? undefined;
    } catch {
      reward = undefined;
    }
  }
  const a = p.allocation;
  return {
    ...base,
    indicators,
    ...(p.memo.has('weighted') ? { weighted: memo('weighted')! } : {}),
    adjustments,
    lets,
    ...(p.totalBeforeVeto ? { totalBeforeVeto: trim(p.totalBeforeVeto) } : {}),
    ...(p.memo.has('total') ? { total: memo('total')! } : {}),
    ...(plan.total?.text ? { totalText: plan.total.text } : {}),
    ...(srcRange(plan.total?.at) ? { totalAt: srcRange(plan.total?.at)! } : {}),
    ...(p.veto ? { veto: { text: p.veto, ...(srcRange(vetoDecl?.at) ? { at: srcRange(vetoDecl?.at)! } : {}) } } : {}),
    ...(band ? { band: { grade: band.grade, text: bandText(band) + (band.title ? ` (${band.title})` : ''), ...(srcRange(band.at) ? { at: srcRange(band.at)! } : {}) } } : {}),
    ...(p.gradeBefore ? { gradeBefore: p.gradeBefore } : {}),
    distribution,
    ...(grade ? { grade } : {}),
    ...(reward !== undefined ? { reward } : {}),
    ...(plan.reward?.text ? { rewardText: plan.reward.text } : {}),
    ...(srcRange(plan.reward?.at) ? { rewardAt: srcRange(plan.reward?.at)! } : {}),
    ...(a ? { allocation: { group: a.group, pool: a.pool.toFixed(2), weight: trim(a.weight), totalWeight: trim(a.totalWeight), share: a.share.toFixed(2) } } : {}),
  };
}

// ── what crosses to the page ─────────────────────────────────────────────────────────────────

/** Structural equality of plain data (strings, numbers, arrays, records). */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/**
 * The people of a result (10,000 of them cost the page ~100 ms to receive) and the baseline's
 * summary cross to the page once; while they stay the same, later results refer to them by id.
 * Ids start at a random number, so a restarted worker never refers to an old worker's parts.
 */
export class SentParts {
  private next = 1 + Math.floor(Math.random() * 1e9);
  private people?: { id: number; people: PersonSummary[]; pools: Summary['pools'] };
  private baseline?: { id: number; summary: Summary };

  /** `r` as sent: parts the page holds already replaced by their ids. `full`: send everything. */
  wire(r: RunResult, full = false): RunResult {
    if (full) {
      this.people = undefined;
      this.baseline = undefined;
    }
    let out: RunResult = r;
    if (r.summary) {
      const { people, pools } = r.summary;
      const held = this.people;
      if (held && (held.people === people || sameData(held.people, people)) && sameData(held.pools, pools)) out = { ...out, summary: { ...r.summary, people: [], pools: [] }, peopleRef: held.id };
      else {
        this.people = { id: this.next++, people, pools };
        out = { ...out, peopleId: this.people.id };
      }
    }
    if (r.baseline) {
      const held = this.baseline;
      if (held && (held.summary === r.baseline || sameData(held.summary, r.baseline))) {
        const { baseline: _, ...rest } = out;
        out = { ...rest, baselineRef: held.id };
      } else {
        this.baseline = { id: this.next++, summary: r.baseline };
        out = { ...out, baselineId: this.baseline.id };
      }
    }
    return out;
  }
}

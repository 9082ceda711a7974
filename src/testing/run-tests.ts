/**
 * Runs a parsed `.kpltest` file against a compiled plan. Each case is a whole small population:
 * its tables become data files (unspecified columns filled from `defaults`), go through the same
 * loader and evaluator as `kpl eval`, and every row's expectations are compared with the result.
 * Nothing here touches the file system, so the playground can run tests too.
 */
import type { Plan, InputTable } from '../plan/schema.ts';
import type { Value } from '../data/value.ts';
import { loadTables, type DataFile } from '../data/load-tables.ts';
import { evaluate, type EvaluationResult } from '../evaluator/evaluate.ts';
import type { Evaluation } from '../evaluator/evaluation.ts';
import type { Person } from '../evaluator/person.ts';
import type { EvalRecorder } from '../evaluator/recorder.ts';
import { Decimal, formatDecimal, parseDecimal, HUNDRED } from '../numeric/decimal.ts';
import { diag, localize, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { explainPerson } from '../explain/index.ts';
import type { Lang } from '../explain/i18n.ts';
import type { Cell, DefaultsBlock, TableBlock, TestFile, TestProblem } from './parse-tests.ts';
import { dict } from '../source/dict.ts';

export interface RunOptions {
  /** Coverage (or any other) instrumentation for every evaluation of the run. */
  readonly recorder?: EvalRecorder;
  /** Language of the explanations of failing rows (default en). */
  readonly lang?: Lang;
  /** Attach the explanation of the person to each failing row (default true). */
  readonly explain?: boolean;
  /** Run only the cases whose name contains this text. */
  readonly filter?: string;
}

export interface Mismatch {
  readonly column: string;
  readonly expected: string;
  readonly actual: string;
  readonly line: number;
  readonly col: number;
}

export interface RowResult {
  /** The person's key and the row's `# label`, if any. */
  readonly name: string;
  readonly key: string;
  readonly line: number;
  readonly passed: boolean;
  readonly mismatches: Mismatch[];
  /** The explanation of the person, for a failing row. */
  readonly explanation?: string;
}

export interface PoolResult {
  readonly group: string;
  readonly line: number;
  readonly passed: boolean;
  readonly message: string;
}

export interface CaseResult {
  readonly name: string;
  readonly line: number;
  readonly rows: RowResult[];
  readonly pools: PoolResult[];
  /** Problems that stopped the case (unknown columns, unusable data): the case fails. */
  readonly problems: TestProblem[];
  readonly passed: boolean;
}

export interface FileResult {
  readonly file: string;
  readonly cases: CaseResult[];
  /** Problems of the file as a whole (unknown tables in shared blocks…). */
  readonly problems: TestProblem[];
  readonly passed: boolean;
}

/** Names an expectation column may have besides the output columns and named values. */
const SPECIAL: Record<string, string> = {
  status: 'status', 状态: 'status',
  error: 'error', 错误: 'error',
  veto: 'veto', 否决: 'veto',
  band: 'band', 区间等级: 'band',
  total: 'total', 总分: 'total',
  grade: 'grade', 等级: 'grade',
  grade_before: 'grade_before', 分布前等级: 'grade_before',
  reward: 'reward', 奖励: 'reward',
  weighted: 'weighted', 加权得分: 'weighted',
  adjustments: 'adjustments',
  quota_rank: 'quota_rank',
};

const EMPTY = new Set(['-', '—', '–', '空']);

export function runTests(plan: Plan, tests: TestFile, options: RunOptions = {}): FileResult {
  const problems: TestProblem[] = [];
  const problem = (line: number, col: number, message: string) => problems.push({ file: tests.file, line, col, message });
  const tables = new Map(plan.inputs.map((t) => [t.name, t]));
  for (const t of tests.tables) checkTableName(t.table, t, tables, problem);
  for (const d of tests.defaults) checkDefaults(d, plan, tables, problem);
  const cases = tests.cases.filter((c) => !options.filter || c.name.includes(options.filter)).map((c) => runCase(plan, tests, c, options));
  return { file: tests.file, cases, problems, passed: problems.length === 0 && cases.every((c) => c.passed) };
}

function checkTableName(name: string | undefined, at: { line: number; col: number }, tables: Map<string, InputTable>, problem: (l: number, c: number, m: string) => void): boolean {
  if (name === undefined || tables.has(name)) return true;
  problem(at.line, at.col, `the policy has no input table \`${name}\`${hint(name, [...tables.keys()])}`);
  return false;
}

function checkDefaults(d: DefaultsBlock, plan: Plan, tables: Map<string, InputTable>, problem: (l: number, c: number, m: string) => void): void {
  const t = d.table === undefined ? plan.inputs.find((x) => x.role === 'population')! : tables.get(d.table);
  if (!checkTableName(d.table, d, tables, problem) || !t) return;
  const cols = t.columns.map((c) => c.name);
  for (const v of d.values) if (columnNamed(t, v.name) === undefined) problem(v.line, v.col, `\`${t.name}\` has no column \`${v.name}\`${hint(v.name, cols)}`);
}

/** The column a test table heading names: by its name, or by the data header it is read from (`from "…"`). */
function columnNamed(t: InputTable, text: string): string | undefined {
  return t.columns.find((c) => c.name === text)?.name ?? t.columns.find((c) => c.header === text)?.name;
}

function hint(name: string, options: readonly string[]): string {
  const best = options
    .map((o) => ({ o, d: distance(name.toLowerCase(), o.toLowerCase()) }))
    .filter((x) => x.d <= Math.max(1, Math.floor(name.length / 3)))
    .sort((a, b) => a.d - b.d)[0];
  return best ? `; did you mean \`${best.o}\`?` : options.length <= 12 ? ` (${options.join(', ')})` : '';
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

interface RowMeta {
  readonly line: number;
  readonly col: number;
  /** Column name → the cell it came from (for locating data errors). */
  readonly cells: Map<string, Cell>;
}

function runCase(plan: Plan, tests: TestFile, c: TestFile['cases'][number], options: RunOptions): CaseResult {
  const problems: TestProblem[] = [];
  const problem = (line: number, col: number, message: string) => problems.push({ file: tests.file, line, col, message });
  const tables = new Map(plan.inputs.map((t) => [t.name, t]));
  const pop = plan.inputs.find((t) => t.role === 'population')!;

  // Which blocks feed which table: the case's own, else the file's shared ones.
  const own = new Map<string, TableBlock[]>();
  for (const b of c.tables) {
    if (!checkTableName(b.table, b, tables, problem)) continue;
    const name = b.table ?? pop.name;
    own.set(name, [...(own.get(name) ?? []), b]);
  }
  for (const d of c.defaults) checkDefaults(d, plan, tables, problem);
  const shared = new Map<string, TableBlock[]>();
  for (const b of tests.tables) if (b.table !== undefined && tables.has(b.table)) shared.set(b.table, [...(shared.get(b.table) ?? []), b]);

  const names = expectationNames(plan);
  const files: DataFile[] = [];
  const meta = new Map<string, RowMeta[]>();
  const popRows: { block: TableBlock; row: TableBlock['rows'][number] }[] = [];
  for (const t of plan.inputs) {
    const blocks = own.get(t.name) ?? shared.get(t.name) ?? [];
    const defaults = new Map<string, string>();
    for (const d of [...tests.defaults, ...c.defaults]) {
      if ((d.table ?? pop.name) !== t.name) continue;
      for (const v of d.values) defaults.set(columnNamed(t, v.name) ?? v.name, v.value);
    }
    const cols = t.columns.map((x) => x.name);
    const headerOfName = (name: string): string => t.columns.find((x) => x.name === name)?.header ?? name;
    const records: Record<string, string>[] = [];
    const rowsMeta: RowMeta[] = [];
    for (const b of blocks) {
      const seen = new Set<string>();
      if (t.role !== 'population' && b.expects.length) problem(b.expects[0]!.line, b.expects[0]!.col, `expectations (right of \`||\`) belong to the table of people (\`${pop.name}\`), not to \`${t.name}\``);
      for (const h of b.inputs) {
        if (columnNamed(t, h.text) === undefined) problem(h.line, h.col, `\`${t.name}\` has no column \`${h.text}\`${hint(h.text, cols)}${names.has(h.text) || SPECIAL[h.text] ? ' (to check a result, put it right of `||`)' : ''}`);
        const named = columnNamed(t, h.text) ?? h.text;
        if (seen.has(named)) problem(h.line, h.col, `column \`${h.text}\` appears twice`);
        seen.add(named);
      }
      for (const h of b.expects) {
        if (!SPECIAL[h.text] && !names.has(h.text)) problem(h.line, h.col, `nothing called \`${h.text}\` can be checked${hint(h.text, [...names, 'status', 'error', 'veto', 'band', 'total', 'grade', 'grade_before', 'reward', 'weighted'])}`);
        if (seen.has('=' + h.text)) problem(h.line, h.col, `expectation \`${h.text}\` appears twice`);
        seen.add('=' + h.text);
      }
      b.rows.forEach((row, ri) => {
        const rec: Record<string, string> = dict();
        const cells = new Map<string, Cell>();
        for (const col of cols) {
          const k = b.inputs.findIndex((h) => (columnNamed(t, h.text) ?? h.text) === col);
          const cell = k >= 0 ? row.inputs[k] : undefined;
          if (cell) cells.set(col, cell);
          let v: string | undefined = cell && cell.text !== '' ? cell.text : defaults.get(col);
          if (v !== undefined && EMPTY.has(v)) v = '';
          if (v === undefined && t.role === 'population' && col === t.key) v = `r${records.length + 1}`;
          if (v !== undefined) rec[col] = v;
        }
        void ri;
        records.push(rec);
        rowsMeta.push({ line: row.line, col: row.col, cells });
        if (t.role === 'population') popRows.push({ block: b, row });
      });
    }
    meta.set(t.name, rowsMeta);
    files.push({ table: t.name, fileName: `${t.name}`, bytes: new TextEncoder().encode(JSON.stringify(records.map((r) => Object.fromEntries(cols.filter((k) => Object.hasOwn(r, k)).map((k) => [headerOfName(k), r[k]]))))), format: 'json' });
  }
  if (!popRows.length) problem(c.line, c.col, `case \`${c.name}\` has no people: add a table of \`${pop.name}\` rows`);
  if (problems.length) return { name: c.name, line: c.line, rows: [], pools: [], problems, passed: false };

  const data = loadTables(plan.inputs, files);
  // An empty table is a legitimate test population (nobody rated, no teams).
  const fileLevel = data.diagnostics.filter((d) => d.code !== 'KPL3018' && d.severity === 'error');
  for (const d of fileLevel) problem(c.line, c.col, `${d.code} ${d.message}`);
  if (problems.length) return { name: c.name, line: c.line, rows: [], pools: [], problems, passed: false };
  const dataFiltered = { ...data, diagnostics: data.diagnostics.filter((d) => d.code !== 'KPL3018') };

  const result = evaluate(plan, dataFiltered, options.recorder ? { recorder: options.recorder } : {});
  const ev = result.evaluation;
  const located = (d: Diagnostic): string => {
    const loc = d.dataLocation;
    const rows = loc ? meta.get(d.dataLocation!.file) : undefined;
    const m = loc && rows ? rows[loc.line - 1] : undefined;
    const where = m ? `${tests.file}:${m.line}` : '';
    return `${where ? where + ': ' : ''}${d.code} ${localize(d, options.lang ?? 'en')}`;
  };

  const rows: RowResult[] = popRows.map(({ block, row }, i) => {
    const pr = result.people[i]!;
    const p = pr.person;
    const mismatches: Mismatch[] = [];
    const expectsStatus = block.expects.some((h) => SPECIAL[h.text] === 'status' || SPECIAL[h.text] === 'error');
    block.expects.forEach((h, j) => {
      const cell = row.expects[j]!;
      if (cell.text === '') return;
      const actual = actualOf(h.text, ev, result, i, p, plan);
      const r = compare(cell.text, actual);
      if (!r.ok) mismatches.push({ column: h.text, expected: cell.text, actual: r.shown, line: cell.line, col: cell.col });
    });
    if (!p.ok && !expectsStatus) {
      const why = p.row.errors.length ? p.row.errors.map(located).join('; ') : p.error ? localize(diag(p.error.code, p.error.args), options.lang ?? 'en') : '';
      mismatches.unshift({ column: 'status', expected: 'ok', actual: `error: ${p.error && !p.row.errors.length ? `${p.error.code} ` : ''}${why}`, line: row.line, col: row.col });
    }
    const passed = mismatches.length === 0;
    const name = `${pr.key}${row.label ? ` ${row.label}` : ''}`;
    const explanation = !passed && options.explain !== false ? explainPerson(ev, p, { lang: options.lang ?? 'en' }) : undefined;
    return { name, key: pr.key, line: row.line, passed, mismatches, ...(explanation ? { explanation } : {}) };
  });

  const pools: PoolResult[] = c.pools.map((x) => {
    const pool = result.pools.find((q) => q.group === x.group);
    const want = parseDecimal(x.amount);
    if (!want) return { group: x.group, line: x.line, passed: false, message: `\`${x.amount}\` is not an amount` };
    if (!pool) {
      const passed = want.isZero();
      return { group: x.group, line: x.line, passed, message: passed ? 'no pool: nothing unallocated' : `there is no pool \`${x.group}\`${result.pools.length ? ` (pools: ${result.pools.map((q) => q.group).join(', ')})` : ''}` };
    }
    const passed = pool.unallocated.eq(want);
    return { group: x.group, line: x.line, passed, message: passed ? `unallocated ${pool.unallocated.toFixed(2)}` : `expected unallocated ${x.amount}, got ${pool.unallocated.toFixed(2)}` };
  });

  return { name: c.name, line: c.line, rows, pools, problems, passed: rows.every((r) => r.passed) && pools.every((p) => p.passed) };
}

/** Output columns, indicators, adjustments and lets: what an expectation column may name. */
function expectationNames(plan: Plan): Set<string> {
  const s = new Set<string>(plan.outputs.map((o) => o.name));
  const walk = (n: Plan['indicators'][number]) => {
    s.add(n.id);
    n.children.forEach(walk);
  };
  plan.indicators.forEach(walk);
  for (const a of plan.adjustments) s.add(a.name);
  for (const l of plan.lets) s.add(l.name);
  return s;
}

type Actual = Value | { readonly number: string } | undefined;

function actualOf(name: string, ev: Evaluation, result: EvaluationResult, i: number, p: Person, plan: Plan): Actual {
  const special = SPECIAL[name];
  if (special === 'status') return p.ok ? 'ok' : 'error';
  if (special === 'error') return p.row.errors[0]?.code ?? p.error?.code ?? null;
  const out = plan.outputs.findIndex((o) => o.name === name);
  // An output column is checked as the results show it (100.00, not 100).
  if (out >= 0 && special !== 'veto' && special !== 'band' && (p.ok || !special)) return result.people[i]!.cells[out] ?? null;
  if (!p.ok) return undefined;
  if (special === 'veto' || special === 'band') {
    if (plan.grades.length) ev.attempt(p, () => ev.gradeBefore(p));
    else if (plan.total) ev.attempt(p, () => ev.total(p));
    return special === 'veto' ? (p.veto ?? null) : (p.band ?? null);
  }
  if (special) {
    const ref = special as 'total' | 'grade' | 'grade_before' | 'reward' | 'weighted' | 'adjustments' | 'quota_rank';
    return ev.attempt(p, () => ev.ref(p, { k: 'ref', ref, name: ref }));
  }
  if (out >= 0) return result.people[i]!.cells[out] ?? null;
  if (plan.adjustments.some((a) => a.name === name)) return ev.attempt(p, () => ev.ref(p, { k: 'ref', ref: 'adjust', name }));
  if (plan.lets.some((l) => l.name === name)) return ev.attempt(p, () => ev.ref(p, { k: 'ref', ref: 'let', name }));
  return ev.attempt(p, () => ev.indicator(p, name));
}

const TRUE = new Set(['true', 'yes', '是', '真']);
const FALSE = new Set(['false', 'no', '否', '假']);

function number(text: string): Decimal | undefined {
  const t = text.trim();
  const pct = /^(.*?)\s*[%％]$/.exec(t);
  if (pct) return parseDecimal(pct[1]!)?.div(HUNDRED);
  return parseDecimal(t);
}

export function showValue(a: Actual): string {
  if (a === undefined) return '(not evaluated)';
  if (a === null || a === '') return '-';
  if (a instanceof Decimal) return formatDecimal(a.toDecimalPlaces(10));
  if (typeof a === 'object') return a.number;
  return String(a);
}

/** Compares an expected cell with an actual value. */
export function compare(expected: string, actual: Actual): { ok: boolean; shown: string } {
  const shown = showValue(actual);
  const e = expected.trim();
  if (EMPTY.has(e)) return { ok: actual === null || actual === '' || actual === undefined, shown: actual === undefined ? '-' : shown };
  if (actual === undefined) return { ok: false, shown };
  const num: Decimal | undefined = actual instanceof Decimal ? actual : actual !== null && typeof actual === 'object' ? parseDecimal(actual.number) : typeof actual === 'string' ? parseDecimal(actual) : undefined;
  const approx = /^[~≈]\s*(.+)$/.exec(e);
  if (approx) {
    const want = number(approx[1]!);
    if (!want || !num) return { ok: false, shown };
    const places = Math.max(0, (approx[1]!.replace(/[%％]$/, '').split('.')[1] ?? '').length + (/[%％]$/.test(approx[1]!) ? 2 : 0));
    return { ok: num.toDecimalPlaces(places, Decimal.ROUND_HALF_UP).eq(want), shown };
  }
  const want = number(e);
  if (want && num) return { ok: num.eq(want), shown };
  if (typeof actual === 'boolean') {
    const k = e.toLowerCase();
    return { ok: (actual && TRUE.has(k)) || (!actual && FALSE.has(k)), shown };
  }
  if (actual === null) return { ok: false, shown };
  return { ok: shown === e, shown };
}

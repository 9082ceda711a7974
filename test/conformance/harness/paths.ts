/**
 * Every path that computes results, run on one conformance case. Each gives the CSV bytes it
 * would write and its diagnostics as `SEVERITY CODE [FILE:LINE:COL]` lines, sorted; the runner
 * requires all of them to equal the case's expected files. A path added later (SQL, the language
 * server) is one more entry here.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { compile, evaluate, evaluateFast, loadTables, locate, positionAt, writeCsv, type Diagnostic, type Plan, type SourceFile, type SourceHost } from '../../../src/index.ts';
import { EvalSession } from '../../../playground/src/worker-core.ts';
import type { Diag } from '../../../playground/src/protocol.ts';
import { withDisagreements, type Stated } from './figures.ts';
import { toKplTest } from './kpltest.ts';
import { runKpl } from './capture.ts';
import { dataFilesOf, type CaseFile } from './case-file.ts';
import { sqlDeclines, sqlPath } from './sql-paths.ts';

export interface PathResult {
  /** The CSV written (undefined: none, the policy has errors). */
  readonly csv?: string;
  readonly diagnostics: string[];
  /** The exit status a command gave (API paths: the one the CLI documents for the same outcome). */
  readonly exit: number;
  /** Notes for a failure message (which engine ran, why it handed over). */
  readonly note?: string;
}

export type Path = (c: CaseFile) => PathResult;

/** Diagnostics in the case file's line format, sorted. */
export function diagnosticLines(ds: readonly Diagnostic[], files: ReadonlyMap<string, SourceFile>): string[] {
  return ds
    .map((d) => {
      const loc = locate(d, files);
      return `${d.severity} ${d.code}${loc ? ` ${loc.file}:${loc.line}:${loc.col}` : ''}`;
    })
    .sort();
}

/** The documented exit status for a set of diagnostics: 2 policy errors, 1 rows in error, else 0. */
export function exitFor(policyDiagnostics: readonly Diagnostic[], all: readonly Diagnostic[], rowErrors: boolean): number {
  if (policyDiagnostics.some((d) => d.severity === 'error')) return 2;
  return rowErrors || all.some((d) => d.severity === 'error') ? 1 : 0;
}

export const memoryHost = (c: CaseFile): SourceHost => ({
  readFile: (p) => c.files.get(p),
  resolve: (from, rel) => posix.normalize(posix.join(posix.dirname(from), rel)),
});

const enc = new TextEncoder();

function apiPath(engine: 'interpreter' | 'fast'): Path {
  return (c) => {
    const text = c.files.get('policy.kpl') ?? '';
    const compiled = compile('policy.kpl', text, memoryHost(c));
    const files = new Map<string, SourceFile>([['policy.kpl', { name: 'policy.kpl', text }]]);
    for (const s of compiled.plan?.sources ?? []) files.set(s.name, s);
    for (const [n, t] of c.files) if (n.endsWith('.kpl') && !files.has(n)) files.set(n, { name: n, text: t });
    if (!compiled.plan) return { diagnostics: diagnosticLines(compiled.diagnostics, files), exit: 2 };
    const plan = compiled.plan;
    const data = loadTables(
      plan.inputs,
      dataFilesOf(c).map((f) => ({ table: f.table, fileName: f.name, bytes: enc.encode(f.text) })),
    );
    if (data.diagnostics.some((d) => d.severity === 'error')) {
      const all = [...compiled.diagnostics, ...data.diagnostics];
      return { diagnostics: diagnosticLines(all, files), exit: 1 };
    }
    const r = engine === 'interpreter' ? evaluate(plan, data) : evaluateFast(plan, data);
    const all = [...compiled.diagnostics, ...data.diagnostics, ...r.diagnostics];
    const note = 'engine' in r ? `engine ${r.engine}${r.reason ? ` (${r.reason})` : ''}` : undefined;
    return {
      csv: writeCsv(r.columns, r.people.map((p) => p.cells)),
      diagnostics: diagnosticLines(all, files),
      exit: exitFor(compiled.diagnostics, all, r.people.some((p) => p.status === 'error')),
      ...(note ? { note } : {}),
    };
  };
}

/** Writes the case's files to a fresh directory and runs `fn` with it as the working directory. */
export function inCaseDir<T>(c: CaseFile, fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'kpl-case-'));
  const cwd = process.cwd();
  try {
    for (const [name, text] of c.files) {
      mkdirSync(join(dir, dirname(name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    process.chdir(dir);
    return fn(dir);
  } finally {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
}

export function dataArgs(c: CaseFile): string[] {
  return dataFilesOf(c).flatMap((f) => ['--data', `${f.table}=${f.name}`]);
}

/** JSON diagnostics as `kpl … --diagnostics json` prints them on stderr, in case-file lines. */
export function cliDiagnostics(err: string): string[] {
  const start = err.indexOf('[');
  if (start < 0) return [];
  const list = JSON.parse(err.slice(start)) as { severity: string; code: string; file?: string; line?: number; col?: number }[];
  return list.map((d) => `${d.severity} ${d.code}${d.file ? ` ${d.file}:${d.line}:${d.col}` : ''}`).sort();
}

function cliEval(engine: 'fast' | 'exact'): Path {
  return (c) =>
    inCaseDir(c, () => {
      const r = runKpl('eval', 'policy.kpl', ...dataArgs(c), '--format', 'csv', '--diagnostics', 'json', '--engine', engine);
      if (r.code === 64 || r.code === 70) throw new Error(`kpl eval exited ${r.code}: ${r.err}`);
      return { ...(r.out === '' ? {} : { csv: r.out }), diagnostics: cliDiagnostics(r.err), exit: r.code };
    });
}

const PATHS_BASE: Readonly<Record<string, Path>> = {
  interpreter: apiPath('interpreter'),
  'fast engine': apiPath('fast'),
  'kpl eval': cliEval('fast'),
  'kpl eval --engine exact': cliEval('exact'),
};

// ── paths that state figures: kpl explain, the playground ────────────────────────────────

function compiled(c: CaseFile): { plan?: Plan; keys: { key: string; ok: boolean }[] } {
  const r = compile('policy.kpl', c.files.get('policy.kpl') ?? '', memoryHost(c));
  if (!r.plan) return { keys: [] };
  const data = loadTables(r.plan.inputs, dataFilesOf(c).map((f) => ({ table: f.table, fileName: f.name, bytes: enc.encode(f.text) })));
  if (data.diagnostics.some((d) => d.severity === 'error')) return { plan: r.plan, keys: [] };
  return { plan: r.plan, keys: evaluate(r.plan, data).people.map((p) => ({ key: p.key, ok: p.status === 'ok' })) };
}

/**
 * `kpl explain` for every person: the total, grades, reward and status its report states must be
 * what `kpl eval` wrote in the person's row; diagnostics and exit status as `kpl explain` gives them.
 */
const explainPath: Path = (c) => {
  const written = PATHS_BASE['kpl eval']!(c);
  const { plan, keys } = compiled(c);
  if (!plan || written.csv === undefined || !keys.length) return written;
  return inCaseDir(c, () => {
    const stated: Stated[] = [];
    let diagnostics = written.diagnostics;
    let exit = 0;
    const seen = new Set<string>();
    for (const { key } of keys) {
      // `kpl explain ID` explains the person assessed under that key, the first row with it; a
      // later row with the same key is an error row of its own (KPL3005), reported by kpl eval.
      if (seen.has(key)) {
        stated.push({ key, figures: {} });
        continue;
      }
      seen.add(key);
      const r = runKpl('explain', 'policy.kpl', ...dataArgs(c), key, '--format', 'json', '--diagnostics', 'json');
      if (r.code === 64 || r.code === 70) throw new Error(`kpl explain ${key} exited ${r.code}: ${r.err}`);
      const j = JSON.parse(r.out) as { status: 'ok' | 'error' | 'not_assessed'; total?: string; grade?: string; gradeBefore?: string; reward?: string };
      const figures: Stated['figures'] = { status: j.status };
      if (j.status === 'ok') Object.assign(figures, { total: j.total, grade: j.grade, grade_before: j.gradeBefore, reward: j.reward });
      stated.push({ key, figures });
      diagnostics = cliDiagnostics(r.err);
      exit = Math.max(exit, r.code);
    }
    return { csv: withDisagreements(written.csv!, plan, stated, 'kpl explain'), diagnostics, exit: Math.max(exit, written.exit) };
  });
};

/**
 * The playground's compiler worker (run under Node): its CSV download, its diagnostics, and the
 * total, grades and reward its result table shows. The playground edits one file, so a policy
 * that imports another is outside it.
 */
const playgroundPath: Path = (c) => {
  const source = c.files.get('policy.kpl') ?? '';
  const files = new Map<string, SourceFile>([['policy.kpl', { name: 'policy.kpl', text: source }]]);
  const s = new EvalSession();
  s.setData(1, dataFilesOf(c).map((f) => ({ table: f.table, fileName: f.name, bytes: enc.encode(f.text) })));
  const r = s.run(1, source, true);
  const line = (d: Diag): string => {
    if (d.data) return `${d.severity} ${d.code} ${d.data.file}:${d.data.line}:${d.data.col}`;
    if (d.start !== undefined) {
      const p = positionAt(files.get('policy.kpl')!, d.start);
      return `${d.severity} ${d.code} policy.kpl:${p.line}:${p.col}`;
    }
    return `${d.severity} ${d.code}`;
  };
  const diagnostics = [...r.diagnostics, ...(r.summary?.diagnostics ?? [])].map(line).sort();
  const policyErrors = r.diagnostics.some((d) => d.severity === 'error');
  if (policyErrors || !r.summary || r.summary.dataUnusable) return { diagnostics, exit: policyErrors ? 2 : 1 };
  const csv = s.csv(1);
  const { plan } = compiled(c);
  const people = r.summary.people;
  const stated: Stated[] = people.map((p) => ({
    key: p.key,
    figures: p.status === 'ok' ? { status: 'ok', total: p.total, grade: p.grade, grade_before: p.gradeBefore, reward: p.reward } : { status: p.status },
  }));
  const exit = people.some((p) => p.status === 'error') || diagnostics.some((d) => d.startsWith('error ')) ? 1 : 0;
  return { ...(csv !== undefined ? { csv: plan ? withDisagreements(csv, plan, stated, 'the playground') : csv } : {}), diagnostics, exit };
};

/** `import` (`导入`) starting a line of a policy, outside a comment. */
const IMPORT = /^[ \t\u3000]*(import|导入)[ \t\u3000]*["“]/m;

/**
 * Why a path does not apply to a case (undefined: it applies). The playground edits one policy
 * in the browser and has no files around it: its compiler has no import host, so any case whose
 * policy imports (another file, or itself) is outside it.
 */
export function skipReason(path: string, c: CaseFile): string | undefined {
  // The SQL compiler declines a policy it cannot express exactly, naming the construct (KPL5040).
  if (path === 'sql duckdb') return sqlDeclines('duckdb', c);
  if (path === 'sql postgres') return sqlDeclines('postgres', c);
  if (path !== 'playground worker') return undefined;
  if ([...c.files.keys()].some((n) => n.endsWith('.kpl') && n !== 'policy.kpl')) return 'the case has several policy files; the playground edits one';
  if (IMPORT.test(c.files.get('policy.kpl') ?? '')) return 'the policy imports a file; the playground has no import host';
  return undefined;
}

/** Whether a path applies to a case (see skipReason). */
export function applies(path: string, c: CaseFile): boolean {
  return skipReason(path, c) === undefined;
}

export const PATHS: Readonly<Record<string, Path>> = {
  ...PATHS_BASE,
  'kpl explain': explainPath,
  'playground worker': playgroundPath,
  'sql duckdb': sqlPath('duckdb'),
  'sql postgres': sqlPath('postgres'),
};

// ── checks that are not a CSV: kpl test ──────────────────────────────────────────────────

/** `kpl test` on the case written as a test file: '' when it passes, else its report. */
export function kplTestCheck(c: CaseFile, expectedDiagnostics: readonly string[]): { skip: string } | { report: string } {
  const { plan, keys } = compiled(c);
  if (!plan) return { skip: 'the policy has errors' };
  const t = toKplTest(c, plan, expectedDiagnostics, keys.map((k) => k.ok));
  if ('skip' in t) return t;
  const withTest = { comment: c.comment, files: new Map([...c.files, ['policy.kpltest', t.text]]) };
  return inCaseDir(withTest, () => {
    const r = runKpl('test', 'policy.kpltest', '--show', 'failures');
    return { report: r.code === 0 ? '' : `kpl test exited ${r.code}\n${r.out}${r.err}\n--- the test file\n${t.text}` };
  });
}

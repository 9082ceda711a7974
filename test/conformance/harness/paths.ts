/**
 * Every path that computes results, run on one conformance case. Each gives the CSV bytes it
 * would write and its diagnostics as `SEVERITY CODE [FILE:LINE:COL]` lines, sorted; the runner
 * requires all of them to equal the case's expected files. A path added later (SQL, the language
 * server) is one more entry here.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { compile, evaluate, evaluateFast, loadTables, locate, writeCsv, type Diagnostic, type SourceFile, type SourceHost } from '../../../src/index.ts';
import { runKpl } from './capture.ts';
import { dataFilesOf, type CaseFile } from './case-file.ts';

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

export const PATHS: Readonly<Record<string, Path>> = {
  interpreter: apiPath('interpreter'),
  'fast engine': apiPath('fast'),
  'kpl eval': cliEval('fast'),
  'kpl eval --engine exact': cliEval('exact'),
};

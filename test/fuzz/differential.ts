/**
 * Differential property: a random policy and random data run on every engine path of the
 * conformance harness (test/conformance/harness/paths.ts); all must give the interpreter's CSV
 * bytes, diagnostics and exit status. Shared by the seeded test (differential.test.ts) and the
 * long runs of `npm run fuzz`.
 */
import fc from 'fast-check';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printCase, type CaseFile } from '../conformance/harness/case-file.ts';
import { PATHS, type PathResult } from '../conformance/harness/paths.ts';
import * as harness from '../conformance/harness/paths.ts';
import { generateData, type DataOptions } from './data-gen.ts';
import { generatePolicy, type PolicySpec } from './policy-gen.ts';
import { Draw } from './random.ts';

export const FOUND_DIR = fileURLToPath(new URL('../conformance/fuzz-found/', import.meta.url));

export interface Pair {
  readonly spec: PolicySpec;
  readonly case: CaseFile;
}

export function buildPair(g: fc.GeneratorValue, data: DataOptions = {}): Pair {
  const r = new Draw(g);
  const spec = generatePolicy(r);
  const files = new Map<string, string>([['policy.kpl', spec.source], ...generateData(r, spec, data)]);
  return { spec, case: { comment: '', files } };
}

/** The paths to compare: every path of the harness, or the named ones. */
export function choosePaths(names?: readonly string[]): string[] {
  const all = Object.keys(PATHS);
  if (!names) return all;
  const unknown = names.filter((n) => !all.includes(n));
  if (unknown.length) throw new Error(`unknown path(s) ${unknown.join(', ')}; the harness has ${all.join(', ')}`);
  return [...names];
}

/**
 * The default paths of a quick run: every path but those that cost a process or more per pair —
 * `kpl explain` (runs once per person) and the SQL paths (a database run per case; they are checked
 * on the whole corpus, and `npm run fuzz -- --paths "sql duckdb"` fuzzes them).
 */
export function quickPaths(): string[] {
  return Object.keys(PATHS).filter((n) => n !== 'kpl explain' && !n.startsWith('sql '));
}

/** Whether a harness path applies to a case (the harness may say so, e.g. the playground has no imports). */
function applies(path: string, c: CaseFile): boolean {
  const fn = (harness as { applies?: (p: string, c: CaseFile) => boolean }).applies;
  return fn ? fn(path, c) : true;
}

function run(path: string, c: CaseFile): PathResult {
  try {
    return PATHS[path]!(c);
  } catch (e) {
    const msg = e instanceof Error ? `${e.message}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(e);
    return { diagnostics: [`THREW ${msg.split('\n')[0]}`], exit: -1, note: `threw: ${msg}` };
  }
}

export interface Outcome {
  readonly compiled: boolean;
  readonly reference: PathResult;
  /** Path name → what differs from the interpreter ('' when all agree). */
  readonly diffs: ReadonlyMap<string, string>;
  /** What each differing path gave (diagnostics masked as compared). */
  readonly results: ReadonlyMap<string, PathResult>;
}

function describe(ref: PathResult, got: PathResult): string {
  const out: string[] = [];
  if (ref.csv !== got.csv) out.push(`csv differs:\n--- interpreter\n${ref.csv ?? '(no output)\n'}--- this path\n${got.csv ?? '(no output)\n'}`);
  const a = ref.diagnostics.join('\n');
  const b = got.diagnostics.join('\n');
  if (a !== b) out.push(`diagnostics differ:\n--- interpreter\n${a || '(none)'}\n--- this path\n${b || '(none)'}`);
  if (ref.exit !== got.exit) out.push(`exit ${got.exit}, interpreter ${ref.exit}`);
  if (out.length && got.note) out.push(got.note);
  return out.join('\n');
}

export interface CompareOptions {
  /** Diagnostic codes left out of the comparison on every path (to look past a known divergence). */
  readonly maskCodes?: readonly string[];
  /** Compare diagnostics as sets: a line given twice counts once (to look past duplicated reports). */
  readonly dedupe?: boolean;
}

function masked(r: PathResult, opts: CompareOptions): PathResult {
  const codes = opts.maskCodes ?? [];
  if (!codes.length && !opts.dedupe) return r;
  const kept = r.diagnostics.filter((d) => !codes.includes(d.split(' ')[1]!));
  return { ...r, diagnostics: opts.dedupe ? [...new Set(kept)] : kept };
}

/** Runs one case on the interpreter and the given paths. */
export function compare(c: CaseFile, paths: readonly string[], opts: CompareOptions = {}): Outcome {
  const reference = run('interpreter', c);
  const diffs = new Map<string, string>();
  const results = new Map<string, PathResult>();
  for (const p of paths) {
    if (p === 'interpreter' || !applies(p, c)) continue;
    const got = masked(run(p, c), opts);
    const d = describe(masked(reference, opts), got);
    if (d) {
      diffs.set(p, d);
      results.set(p, got);
    }
  }
  if (reference.note?.startsWith('threw')) diffs.set('interpreter', reference.note);
  return { compiled: reference.exit !== 2, reference: masked(reference, opts), diffs, results };
}

/** A one-line summary of what diverged: which paths, and in what (csv / diagnostics / exit). */
export function summary(o: Outcome): string {
  return [...o.diffs]
    .map(([p, d]) => {
      const what = [d.includes('csv differs') && 'csv', d.includes('diagnostics differ') && 'diagnostics', /^exit /m.test(d) && 'exit', d.includes('threw') && 'threw'].filter(Boolean).join('+');
      return `${p}: ${what}`;
    })
    .join('; ');
}

/**
 * The kind of a divergence, to tell one from another across runs: which paths differ in what, and
 * the diagnostics (severity and code) one side has and the other lacks.
 */
export function kindOf(o: Outcome): string {
  const codes = (r: PathResult): Map<string, number> => {
    const m = new Map<string, number>();
    for (const d of r.diagnostics) {
      const k = d.split(' ').slice(0, 2).join(' ');
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  };
  const ref = codes(o.reference);
  const lines = new Set<string>();
  for (const r of o.results.values()) {
    const got = codes(r);
    for (const k of new Set([...ref.keys(), ...got.keys()])) {
      const d = (got.get(k) ?? 0) - (ref.get(k) ?? 0);
      if (d) lines.add(`${d > 0 ? '+' : '-'}${k}${Math.abs(d) > 1 ? ` ×${Math.abs(d)}` : ''}`);
    }
  }
  return `${summary(o)}${lines.size ? ` [${[...lines].sort().join(', ')}]` : ''}`;
}

export interface Stats {
  pairs: number;
  compiled: number;
  features: Map<string, number>;
}

export const newStats = (): Stats => ({ pairs: 0, compiled: 0, features: new Map() });

export interface Failure {
  readonly pair: Pair;
  readonly outcome: Outcome;
}

/**
 * The property over random pairs. `onRun` sees every outcome (statistics); the last failing pair
 * it records is the shrunk counterexample once fast-check is done (shrinking keeps the last
 * failure it finds and goes on from it).
 */
export interface PropertyOptions extends CompareOptions {
  /** Stop shrinking this many ms after the first failure (the best counterexample so far is kept). */
  readonly shrinkBudgetMs?: number;
  readonly data?: DataOptions;
}

export function differentialProperty(paths: readonly string[], stats: Stats, sink: { last?: Failure; firstAt?: number }, opts: PropertyOptions = {}): fc.IPropertyWithHooks<[fc.GeneratorValue]> {
  return fc.property(fc.gen(), (g) => {
    // shrinking past its budget: every further candidate "passes", so fast-check stops there
    if (sink.firstAt !== undefined && opts.shrinkBudgetMs !== undefined && performance.now() - sink.firstAt > opts.shrinkBudgetMs) return true;
    const pair = buildPair(g, opts.data);
    const outcome = compare(pair.case, paths, opts);
    if (sink.firstAt === undefined) {
      stats.pairs++;
      if (outcome.compiled) stats.compiled++;
      for (const f of pair.spec.features) stats.features.set(f, (stats.features.get(f) ?? 0) + 1);
    }
    if (outcome.diffs.size) {
      sink.last = { pair, outcome };
      sink.firstAt ??= performance.now();
      return false;
    }
    return true;
  });
}

/**
 * Line-by-line reduction after fast-check's shrinking (which cannot drop a data row without
 * redrawing everything after it): drop every data row, then every policy line, that the
 * divergence does not need — it must stay of the same kind (kindOf).
 */
export function minimize(f: Failure, paths: readonly string[], opts: CompareOptions = {}, budgetMs = 30_000): Failure {
  const t0 = performance.now();
  const kind = kindOf(f.outcome);
  let files = new Map(f.pair.case.files);
  let outcome = f.outcome;
  const order = [...files.keys()].filter((n) => n !== 'policy.kpl').concat('policy.kpl');
  for (let changed = true; changed && performance.now() - t0 < budgetMs; ) {
    changed = false;
    for (const name of order) {
      const lines = files.get(name)!.replace(/\n$/, '').split('\n');
      // keep a CSV's header and at least one row
      for (let i = lines.length - 1; i >= (name === 'policy.kpl' ? 0 : 1) && performance.now() - t0 < budgetMs; i--) {
        if (name !== 'policy.kpl' && lines.length <= 2) break;
        const trial = [...lines.slice(0, i), ...lines.slice(i + 1)];
        const next = new Map(files).set(name, trial.join('\n') + '\n');
        const o = compare({ comment: '', files: next }, paths, opts);
        if (o.diffs.size && kindOf(o) === kind) {
          lines.splice(i, 1);
          files = next;
          outcome = o;
          changed = true;
        }
      }
    }
  }
  return { pair: { spec: f.pair.spec, case: { comment: '', files } }, outcome };
}

/** The interpreter's result as a case's expected files. */
export function expectedFiles(ref: PathResult): [string, string][] {
  const out: [string, string][] = [];
  if (ref.csv !== undefined) out.push(['expected.csv', ref.csv]);
  if (ref.diagnostics.length) out.push(['diagnostics', ref.diagnostics.join('\n') + '\n']);
  return out;
}

/** The failing pair as a conformance case, the interpreter's result as expected. */
export function failureCase(f: Failure, seed: number | string): CaseFile {
  const detail = [...f.outcome.diffs].map(([p, d]) => `${p}:\n${d}`).join('\n');
  const comment = [
    `# Fuzz-found divergence: ${summary(f.outcome)}.`,
    `# Found by test/fuzz (seed ${seed}), shrunk by fast-check; expected files are the interpreter's result.`,
    ...detail.split('\n').slice(0, 40).map((l) => `# | ${l}`),
  ].join('\n');
  const files = new Map<string, string>([...f.pair.case.files, ...expectedFiles(f.outcome.reference)]);
  return { comment, files };
}

/** Saves the failure as test/conformance/fuzz-found/NAME.kplcase; returns its path. */
export function saveFailure(f: Failure, seed: number | string, dir = FOUND_DIR): string {
  mkdirSync(dir, { recursive: true });
  const slug = summary(f.outcome)
    .replace(/kpl eval --engine exact/g, 'exact')
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 60);
  let name = `seed-${seed}-${slug}`;
  for (let i = 2; existsSync(join(dir, `${name}.kplcase`)); i++) name = `seed-${seed}-${slug}-${i}`;
  const file = join(dir, `${name}.kplcase`);
  writeFileSync(file, printCase(failureCase(f, seed)));
  return file;
}

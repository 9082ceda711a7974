/**
 * The SQL paths of the corpus (`sql duckdb`): the policy compiled to one SQL statement and run
 * inside the database (src/sql), over the data the data loader read. A case whose policy the SQL
 * compiler refuses is declined with the refusal's diagnostic (KPL5040 names the construct); every
 * other case must give the expected bytes, diagnostics and exit status.
 *
 * Starting the database side costs a process: a case asked runs with the corpus cases after it
 * in one batch (one child process); those cases then read the batch's answers.
 */
import { compile, loadTables, writeCsv, type Plan, type SourceFile } from '../../../src/index.ts';
import { prepareSql, runDbJobs, sqlSupport, type DialectName, type PreparedSql } from '../../../src/node.ts';
import { dataFilesOf, type CaseFile } from './case-file.ts';
import { caseFiles, loadCase } from './corpus.ts';
import { startPostgres, type PostgresServer } from '../../setup/postgres-server.ts';
import { diagnosticLines, exitFor, memoryHost, type Path, type PathResult } from './paths.ts';

const enc = new TextEncoder();

let server: PostgresServer | undefined;

/**
 * The PostgreSQL of the tests: the one the test setup started (KPL_TEST_POSTGRES), else a
 * temporary cluster started here and stopped when the process ends. Failing to start throws.
 */
function postgresUrl(): string {
  const url = process.env['KPL_TEST_POSTGRES'];
  if (url) return url;
  if (!server) {
    server = startPostgres();
    process.on('exit', () => server?.stop());
    process.env['KPL_TEST_POSTGRES'] = server.url;
  }
  return server.url;
}

const caseKey = (c: CaseFile): string => JSON.stringify([...c.files]);

interface Compiled {
  readonly plan?: Plan;
  readonly files: Map<string, SourceFile>;
  readonly diagnostics: ReturnType<typeof compile>['diagnostics'];
}

function compiled(c: CaseFile): Compiled {
  const text = c.files.get('policy.kpl') ?? '';
  const r = compile('policy.kpl', text, memoryHost(c));
  const files = new Map<string, SourceFile>([['policy.kpl', { name: 'policy.kpl', text }]]);
  for (const s of r.plan?.sources ?? []) files.set(s.name, s);
  for (const [n, t] of c.files) if (n.endsWith('.kpl') && !files.has(n)) files.set(n, { name: n, text: t });
  return { ...(r.plan ? { plan: r.plan } : {}), files, diagnostics: r.diagnostics };
}

/** Why the SQL compiler declines a case in a dialect (its KPL5040 message), or undefined. */
export function sqlDeclines(dialect: DialectName, c: CaseFile): string | undefined {
  const { plan } = compiled(c);
  if (!plan) return undefined;
  const d = sqlSupport(plan, dialect);
  if (d) return `declined: ${d.message}`;
  // Data outside the fixed-point range is refused when it is loaded, with the same diagnostic.
  const data = loadTables(plan.inputs, dataFilesOf(c).map((f) => ({ table: f.table, fileName: f.name, bytes: enc.encode(f.text) })));
  if (data.diagnostics.some((x) => x.severity === 'error')) return undefined;
  const p = prepareSql(plan, data, dialect);
  return p.ok ? undefined : `declined: ${p.diagnostic.message}`;
}

/** A case's work: its result without the database, or the prepared statement and its data. */
type Work = { readonly done: PathResult } | { readonly prepared: Extract<PreparedSql, { ok: true }>; readonly finish: (p: PreparedSql & { ok: true }, a: Parameters<Extract<PreparedSql, { ok: true }>['finish']>[0]) => PathResult };

function workOf(dialect: DialectName, c: CaseFile): Work {
  const comp = compiled(c);
  if (!comp.plan) return { done: { diagnostics: diagnosticLines(comp.diagnostics, comp.files), exit: 2 } };
  const plan = comp.plan;
  const data = loadTables(plan.inputs, dataFilesOf(c).map((f) => ({ table: f.table, fileName: f.name, bytes: enc.encode(f.text) })));
  if (data.diagnostics.some((d) => d.severity === 'error')) return { done: { diagnostics: diagnosticLines([...comp.diagnostics, ...data.diagnostics], comp.files), exit: 1 } };
  const prepared = prepareSql(plan, data, dialect, dialect === 'postgres' ? { db: postgresUrl() } : {});
  if (!prepared.ok) return { done: { diagnostics: diagnosticLines([...comp.diagnostics, prepared.diagnostic], comp.files), exit: 2, note: prepared.diagnostic.message } };
  return {
    prepared,
    finish: (p, answer) => {
      const r = p.finish(answer);
      if (!r.ok) return { diagnostics: diagnosticLines([...comp.diagnostics, r.diagnostic], comp.files), exit: 2, note: r.diagnostic.message };
      const all = [...comp.diagnostics, ...data.diagnostics, ...r.result.diagnostics];
      return {
        csv: writeCsv(r.result.columns, r.result.people.map((x) => x.cells)),
        diagnostics: diagnosticLines(all, comp.files),
        exit: exitFor(comp.diagnostics, all, r.result.people.some((x) => x.status === 'error')),
        note: `engine ${dialect}`,
      };
    },
  };
}

const answers = new Map<string, Map<string, PathResult>>();

/** Corpus cases in the order the runners take them (the batch after a case is the cases that come next). */
let corpus: CaseFile[] | undefined;

/** Cases answered per batch: one child process each, well inside a test's time limit. */
const BATCH = 80;

/** Runs `c` and the corpus cases after it not yet answered through the database, in one batch. */
function batch(dialect: DialectName, c: CaseFile): void {
  const known = answers.get(dialect) ?? new Map<string, PathResult>();
  answers.set(dialect, known);
  const todo = new Map<string, CaseFile>([[caseKey(c), c]]);
  // KPL_SQL_BATCH=one: only the case asked (checking a few cases by hand).
  if (process.env['KPL_SQL_BATCH'] !== 'one') {
    corpus ??= caseFiles().map((f) => loadCase(f).case);
    const at = corpus.findIndex((x) => caseKey(x) === caseKey(c));
    for (const other of at < 0 ? [] : corpus.slice(at + 1)) {
      if (todo.size >= BATCH) break;
      const k = caseKey(other);
      if (!known.has(k) && sqlDeclines(dialect, other) === undefined) todo.set(k, other);
    }
  }
  const works = [...todo].map(([k, x]) => ({ k, w: workOf(dialect, x) }));
  const jobs = works.flatMap(({ w }) => ('prepared' in w ? [w.prepared.job] : []));
  const results = runDbJobs(jobs);
  let i = 0;
  for (const { k, w } of works) known.set(k, 'done' in w ? w.done : w.finish(w.prepared, results[i++]!));
}

export function sqlPath(dialect: DialectName): Path {
  return (c) => {
    const k = caseKey(c);
    if (!answers.get(dialect)?.has(k)) batch(dialect, c);
    return answers.get(dialect)!.get(k)!;
  };
}

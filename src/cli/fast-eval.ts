/**
 * `kpl eval --engine fast` (the default): CSV files read straight into columns, the plan run by
 * the fast engine, results written as they are produced. Same bytes, diagnostics and exit status
 * as the exact path; whenever the fast path cannot be sure of that (a data problem to report, a
 * plan feature it lacks, an evaluation error in a policy with cohort steps) it hands over:
 * the data to src/data, the evaluation to src/evaluator.
 *
 * Memory: a policy without cohort steps streams — input read in blocks, output written per slice
 * of people, nothing per person kept. With cohort steps (quotas, rankings, pools) the columns the
 * policy reads are kept, never the text.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Args } from './args.ts';
import { langOf, oneOf } from './args.ts';
import { loadPlanOrPolicy, runInputs } from './io.ts';
import { dataFile, dataSpecs, type DataSpec } from './data-files.ts';
import { csvBom, resultTarget } from './result-target.ts';
import { guardOut, OutputFile, writeResult } from './output.ts';
import { noteRunFacts, noteRunInputs, rowCounts, type RowCounts } from './run-record.ts';
import { isXlsxOut, writeResultsXlsx } from './xlsx-out.ts';
import { readOtherTables } from './read-columns.ts';
import { printDiagnostics, hasErrors, EXIT } from './report.ts';
import { UsageError } from './usage-error.ts';
import { type Plan, type Diagnostic, type Cell, type PoolReport, loadTables, evaluateFast, usedColumns, Irregular, blockSize, readTable, cellAt, NeedsExactRun, runFast, Unsupported, type FastResult, ByteWriter, csvHeader, csvRowsInto, planInfo, type PlanInfo } from '../node.ts';

/** People per evaluated chunk when streaming (smaller in tests). */
const chunkSize = (): number => Number(process.env['KPL_FAST_CHUNK']) || 1 << 18;

/** What the results look like, whoever computed them (the render step needs no more). */
export interface Rendered {
  readonly columns: string[];
  readonly people: { readonly cells: Cell[] }[];
  readonly pools: PoolReport[];
}

/** How the last `kpl eval --engine fast` ran (for tests and KPL_FAST_DEBUG). */
export const lastRun: { path: 'columns' | 'src/data'; reason?: string } = { path: 'columns' };

export function fastEval(args: Args, renderText: (r: Rendered, format: 'csv' | 'json' | 'table') => string): number {
  const bom = csvBom(args);
  const render = (r: Rendered, format: 'csv' | 'json' | 'table'): string => (format === 'csv' ? bom : '') + renderText(r, format);
  const policy = args.positionals[0];
  if (!policy) throw new UsageError('missing POLICY.kpl');
  const lang = langOf(args);
  const diagFormat = oneOf(args, 'diagnostics', ['text', 'json'], 'text');
  const { out, format } = resultTarget(args);
  const loaded = loadPlanOrPolicy(policy);
  lastRun.path = 'src/data';
  lastRun.reason = 'the policy has errors';
  if (hasErrors(loaded.diagnostics) || !loaded.plan) {
    printDiagnostics(loaded.diagnostics, loaded.files, diagFormat, lang);
    return EXIT.policyErrors;
  }
  const plan = loaded.plan;
  const specs = dataSpecs(args, plan);
  if (out) guardOut(out, runInputs(policy, loaded, specs));
  noteRunInputs(policy, loaded, specs);
  const print = (ds: readonly Diagnostic[]): void => printDiagnostics([...loaded.diagnostics, ...ds], loaded.files, diagFormat, lang);
  const progress = Progress.start();
  try {
    let info: PlanInfo | undefined;
    try {
      info = planInfo(plan);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
    }
    if (info && !isXlsxOut(out)) {
      try {
        const r = fastCsv(plan, info, specs, format, out, progress, render, bom);
        lastRun.path = 'columns';
        delete lastRun.reason;
        noteRunFacts({ engine: 'fast', data: 'columns', rows: r.rows });
        print(r.diagnostics);
        if (r.text !== undefined) writeResult(out, r.text);
        else if (r.bytes !== undefined) writeResult(out, r.bytes);
        else if (r.file) r.file.commit();
        return r.failed ? EXIT.rowErrors : EXIT.ok;
      } catch (e) {
        if (!(e instanceof Irregular) && !(e instanceof NeedsExactRun) && !(e instanceof Unsupported)) throw e;
        if (process.env['KPL_FAST_DEBUG']) process.stderr.write(`kpl: fast path handed over: ${e.message}\n`);
        lastRun.reason = e.message;
      }
    } else lastRun.reason = info ? 'an .xlsx output' : 'unsupported plan';
    lastRun.path = 'src/data';
    // The data through src/data (exact diagnostics); the evaluation still fast when it can be.
    progress.done();
    // Standard input and pipes were read once, in dataSpecs: their bytes are used again here.
    const data = loadTables(plan.inputs, specs.map(dataFile));
    if (hasErrors(data.diagnostics)) {
      print(data.diagnostics);
      return EXIT.rowErrors;
    }
    const result = evaluateFast(plan, data);
    noteRunFacts({ engine: result.engine, data: 'src/data', ...(result.reason !== undefined ? { handedOver: result.reason } : {}), rows: rowCounts(result.people) });
    print([...data.diagnostics, ...result.diagnostics]);
    if (isXlsxOut(out)) writeResultsXlsx(out, plan, data, result);
    else writeResult(out, render(result, format));
    const failed = result.people.some((p) => p.status === 'error') || hasErrors(result.diagnostics);
    return failed ? EXIT.rowErrors : EXIT.ok;
  } finally {
    progress.done();
  }
}

interface FastOutcome {
  readonly diagnostics: Diagnostic[];
  readonly failed: boolean;
  readonly rows: RowCounts;
  /** The whole output, when it was built in memory. */
  readonly text?: string;
  readonly bytes?: Uint8Array;
  /** The output file written so far (its temporary file), to be committed to --out. */
  readonly file?: OutputFile;
}

function fastCsv(plan: Plan, info: PlanInfo, specs: readonly DataSpec[], format: 'csv' | 'json' | 'table', out: string | undefined, progress: Progress, render: (r: Rendered, format: 'csv' | 'json' | 'table') => string, bom: string): FastOutcome {
  const pop = plan.inputs.find((t) => t.role === 'population')!;
  // Columns printed as they are (an error row keeps them) need their cell text.
  const rawCols = new Set(plan.outputs.flatMap((o) => (o.expr.k === 'col' ? [o.expr.col] : [])));
  const { warnings, popReader, options, byTable, dataOf, popKeys, checkRelated, needKeys } = readOtherTables(plan, specs, usedColumns(plan, info.columns), rawCols);
  const stream = info.steps.length === 0 && format === 'csv';
  const fileDiags = (): Diagnostic[] => plan.inputs.flatMap((t) => (t.name === pop.name ? popReader.warnings : (warnings.get(t.name) ?? [])));

  const timing = process.env['KPL_FAST_TIMING'] ? (label: string, t0: number): void => void process.stderr.write(`fast: ${label} ${(performance.now() - t0).toFixed(1)} ms\n`) : undefined;
  if (!stream) {
    let t0 = performance.now();
    const population = readTable(popReader, byTable.get(pop.name)!.path, options(pop.name), (done, size) => progress.show('reading', done, size));
    timing?.('read CSV into columns', t0);
    t0 = performance.now();
    if (needKeys) for (const k of population.keys) popKeys.add(k!);
    checkRelated();
    const r = runFast(plan, dataOf(population), { onProgress: (done, total) => progress.show('evaluating', done, total) });
    progress.done();
    const result = { diagnostics: [...fileDiags(), ...r.diagnostics], failed: failedOf(r.status, r.diagnostics), rows: statusCounts(r.status, r.size) };
    if (format !== 'csv') return { ...result, text: render(renderable(r), format) };
    timing?.('evaluate (all stages)', t0);
    t0 = performance.now();
    const w = new ByteWriter(Math.max(1 << 16, r.size * 40));
    w.text(bom + csvHeader(r.columns));
    csvRowsInto(w, r, 0, r.size);
    timing?.('CSV text', t0);
    return { ...result, bytes: w.bytes() };
  }

  // Streaming: blocks in, chunks of people evaluated, rows out.
  const parts: Uint8Array[] = [];
  const file = out ? new OutputFile(out) : undefined;
  const w = new ByteWriter();
  const flush = (): void => {
    if (w.pos === 0) return;
    const bytes = w.bytes();
    if (file) file.write(bytes);
    else parts.push(bytes.slice());
    w.reset();
  };
  const diagnostics: Diagnostic[] = [];
  let failed = false;
  let headerDone = false;
  const rows = { in: 0, out: 0, reported: 0 };
  const evaluateChunk = (): void => {
    const population = popReader.take();
    if (population.size === 0) return;
    if (needKeys) for (const k of population.keys) popKeys.add(k!);
    const r = runFast(plan, dataOf(population), {
      onRows: (rows, i0, i1) => {
        if (!headerDone) {
          w.text(bom + csvHeader(rows.columns));
          headerDone = true;
        }
        csvRowsInto(w, rows, i0, i1);
        if (w.pos > 1 << 20) flush();
      },
    });
    diagnostics.push(...r.diagnostics);
    if (failedOf(r.status, r.diagnostics)) failed = true;
    const counts = statusCounts(r.status, r.size);
    rows.in += counts.in;
    rows.out += counts.out;
    rows.reported += counts.reported;
  };
  try {
    const path = byTable.get(pop.name)!.path;
    const inFd = openSync(path, 'r');
    try {
      const size = fstatSync(inFd).size;
      const buf = Buffer.allocUnsafe(Math.min(blockSize(), Math.max(size, 1)));
      let done = 0;
      for (;;) {
        const n = readSync(inFd, buf, 0, buf.length, null);
        if (n <= 0) break;
        popReader.push(buf.subarray(0, n));
        done += n;
        progress.show('evaluating', done, size);
        if (popReader.buffered >= chunkSize()) evaluateChunk();
      }
      popReader.end();
      evaluateChunk();
    } finally {
      closeSync(inFd);
    }
    checkRelated();
    if (!headerDone) w.text(bom + csvHeader(plan.outputs.map((o) => o.name)));
    flush();
    progress.done();
  } catch (e) {
    file?.abort();
    throw e;
  }
  return { diagnostics: [...fileDiags(), ...diagnostics], failed, rows, ...(file ? { file } : { text: parts.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8')).join('') }) };
}

/** Rows of a fast result: status 1 is a row in error. */
function statusCounts(status: Uint8Array, size: number): RowCounts {
  let reported = 0;
  for (let i = 0; i < size; i++) if (status[i]) reported++;
  return { in: size, out: size - reported, reported };
}

function failedOf(status: Uint8Array, ds: readonly Diagnostic[]): boolean {
  return status.includes(1) || hasErrors(ds);
}

/** A fast result in the shape the renderer takes. */
function renderable(r: FastResult): Rendered {
  const people = Array.from({ length: r.size }, (_, i) => ({ cells: r.columns.map((_, j) => cellAt(r, i, j)) }));
  return { columns: r.columns, people, pools: r.pools };
}

/** A progress line on stderr for long runs, when stderr is a terminal. */
class Progress {
  private last = 0;
  private shown = false;
  private readonly start = Date.now();

  static start(): Progress {
    return new Progress();
  }

  show(what: string, done: number, total: number): void {
    if (!process.stderr.isTTY || process.env['KPL_NO_PROGRESS']) return;
    const now = Date.now();
    if (now - this.last < 100 || now - this.start < 500) return;
    this.last = now;
    const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
    const width = 30;
    const bar = '#'.repeat(Math.round((pct / 100) * width)).padEnd(width, '.');
    process.stderr.write(`\r\x1b[Kkpl eval: ${what} [${bar}] ${pct}%`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
    this.shown = false;
  }
}

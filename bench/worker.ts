/**
 * One measurement in its own process (so its peak RSS is its own), started by bench/run.ts.
 * Prints one JSON line on stdout. Modes:
 *   throughput ENGINE N REF [write]  generate N people, prepare the engine's input, warm up,
 *                                    time repetitions, compare with the KPL reference REF
 *                                    (the KPL process writes REF when given `write`)
 *   csv N FILE                       write the generated CSV for `kpl eval`
 *   check-csv FILE REF               compare a `kpl eval` output CSV with REF
 *   compile LINES                    compile a generated policy of about LINES lines
 *   reeval N                         the playground's loop: edit → compile → evaluate N people
 */
import { readFileSync, writeFileSync, createWriteStream } from 'node:fs';
import { generate, csvBytes, csvRows, CSV_HEADER, floatColumns, type Dataset } from './generate.ts';
import { runCeiling } from './ceiling.ts';
import { compilePolicy, loadEmployees, runKpl, runKplFast, kplColumnsFromCsv, POLICY_TEXT, type KplColumns } from './engines/kpl.ts';
import { decodeResults, encodeResults, firstDifference, show, emptyResults, type Results } from './results-type.ts';
import { generatePolicy } from './policies.ts';
import { compile, evaluateFast, loadTables, type Plan, type LoadedData } from '../src/index.ts';

interface Engine<S> {
  name: string;
  version: string;
  inEngine: string;
  shared: string;
  exact: string;
  /** Larger populations are not run (verified on the warm-up people only). */
  maxN?: number;
  prepare(ds: Dataset): S | Promise<S>;
  run(state: S): Results | Promise<Results>;
}

const KPL_VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

async function engineNamed(name: string): Promise<Engine<unknown>> {
  switch (name) {
    case 'kpl':
      return {
        name: 'KPL',
        version: KPL_VERSION,
        inEngine: 'everything: the policy file as written (scoring, veto, forced distribution, reward); the fast engine `kpl eval` uses',
        shared: '—',
        exact: 'exact: scaled integers, floats with error bounds where a decision could differ, undecidable people recomputed in 40-digit decimals',
        prepare: (ds) => {
          const plan = compilePolicy();
          return { plan, columns: kplColumnsFromCsv(plan, csvBytes(ds)) };
        },
        run: (s) => {
          const { plan, columns } = s as { plan: Plan; columns: KplColumns };
          return runKplFast(plan, columns);
        },
      };
    case 'kpl-exact':
      return {
        name: 'KPL exact interpreter',
        version: KPL_VERSION,
        inEngine: 'everything, interpreted node by node in decimals (the reference semantics; `kpl eval --engine exact`, `kpl explain`)',
        shared: '—',
        exact: 'exact decimals (40 digits), stated roundings half-up',
        // It keeps every person's decimal values: ~19 GB at 1,000,000 people.
        maxN: 100_000,
        prepare: (ds) => {
          const plan = compilePolicy();
          return { plan, data: loadEmployees(plan, csvBytes(ds)) };
        },
        run: (s) => {
          const { plan, data } = s as { plan: Plan; data: LoadedData };
          return runKpl(plan, data);
        },
      };
    case 'ceiling':
      return {
        name: 'hand-written TS (ceiling)',
        version: '—',
        inEngine: 'everything, plain loops over columnar Float64Arrays, no allocation per person',
        shared: '—',
        exact: 'floats with an exactness guard: x.xx5 totals and near-ties recomputed with BigInt rationals; rewards in integer cents',
        prepare: (ds) => floatColumns(ds),
        run: (fc) => runCeiling(fc as ReturnType<typeof floatColumns>),
      };
    case 'json-rules-engine':
      return (await import('./engines/json-rules-engine.ts')).engine as Engine<unknown>;
    case 'jsonata':
      return (await import('./engines/jsonata.ts')).engine as Engine<unknown>;
    case 'cel':
      return (await import('./engines/cel.ts')).engine as Engine<unknown>;
    case 'feelin':
      return (await import('./engines/feelin.ts')).engine as Engine<unknown>;
    case 'zen':
      return (await import('./engines/zen.ts')).engine as Engine<unknown>;
  }
  throw new Error(`unknown engine ${name}`);
}

const maxRssMB = (): number => process.resourceUsage().maxRSS / 1024;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function throughput(name: string, n: number, ref: string, write: boolean, refName: string, budgetS: number, maxReps: number, maxRunS: number): Promise<object> {
  const engine = await engineNamed(name);
  // Warm-up on a small data set of its own (3 runs of 500 people), so the JIT has seen every path before timing.
  // Its time also tells whether one run at full size would take too long (never skipped: KPL).
  let estimateS: number;
  const small = generate(Math.min(n, 500), 7);
  let warm: Results;
  let warmMs: number;
  {
    const st = await engine.prepare(small);
    for (let k = 0; k < 2; k++) await engine.run(st);
    const t0 = performance.now();
    warm = await engine.run(st);
    warmMs = performance.now() - t0;
    estimateS = (warmMs / 1000) * (n / small.n);
  }
  const tooBig = engine.maxN !== undefined && n > engine.maxN;
  if (name !== 'kpl' && (estimateS > maxRunS || tooBig)) {
    // Too slow or too big for N: still verified, on the 500 warm-up people against KPL run here.
    const plan = compilePolicy();
    const expected = runKplFast(plan, kplColumnsFromCsv(plan, csvBytes(small)));
    const i = firstDifference(expected, warm);
    const verification = i < 0 ? { identical: true, against: 'KPL', people: small.n } : { identical: false, against: 'KPL', people: small.n, person: small.id[i], kpl: show(expected, i), engine: show(warm, i) };
    return { engine: name, label: engine.name, version: engine.version, inEngine: engine.inEngine, shared: engine.shared, exact: engine.exact, n, skipped: tooBig ? `not run above ${engine.maxN!.toLocaleString('en')} people (memory)` : `one run would take about ${Math.round(estimateS)} s (limit ${maxRunS} s)`, warmUpPeoplePerSecond: small.n / (warmMs / 1000), verification };
  }
  gc();
  let t = performance.now();
  const ds = generate(n);
  const generateMs = performance.now() - t;
  t = performance.now();
  const state = await engine.prepare(ds);
  const prepareMs = performance.now() - t;
  // Two untimed runs on the measured people themselves (when a run is short), so every engine's
  // JIT has settled on this data's shapes before timing — steady-state throughput.
  const fullWarmUps = estimateS <= 5 ? 2 : 0;
  for (let k = 0; k < fullWarmUps; k++) await engine.run(state);
  gc();
  const rssBeforeMB = maxRssMB();
  const times: number[] = [];
  const cpu: number[] = [];
  let first: Results | undefined;
  const started = performance.now();
  for (;;) {
    gc();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await engine.run(state);
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    times.push(ms);
    cpu.push((c.user + c.system) / 1000);
    first ??= r;
    const elapsed = (performance.now() - started) / 1000;
    if (times.length >= maxReps) break;
    if (elapsed >= budgetS && times.length >= (ms <= 30_000 ? 3 : 1)) break;
  }
  const rssPeakMB = maxRssMB();
  let verification: object;
  if (write) {
    writeFileSync(ref, encodeResults(first!));
    verification = { identical: true, against: 'itself (the reference)' };
  } else {
    const expected = decodeResults(readFileSync(ref));
    const i = firstDifference(expected, first!);
    verification = i < 0 ? { identical: true, against: refName } : { identical: false, against: refName, person: ds.id[i], kpl: show(expected, i), engine: show(first!, i) };
  }
  const med = median(times);
  return {
    engine: name,
    label: engine.name,
    version: engine.version,
    inEngine: engine.inEngine,
    shared: engine.shared,
    exact: engine.exact,
    n,
    reps: times.length,
    timesMs: times.map((x) => Math.round(x * 10) / 10),
    medianMs: med,
    medianCpuMs: median(cpu),
    peoplePerSecond: n / (med / 1000),
    generateMs,
    prepareMs,
    rssBeforeMB,
    rssPeakMB,
    verification,
  };
}

async function writeCsv(n: number, file: string): Promise<object> {
  const ds = generate(n);
  const out = createWriteStream(file);
  const write = (s: string) => new Promise<void>((resolve, reject) => (out.write(s) ? resolve() : out.once('drain', resolve).once('error', reject)));
  await write(CSV_HEADER + '\n');
  for (let i = 0; i < n; i += 50_000) await write(csvRows(ds, i, Math.min(n, i + 50_000)));
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return { file, n };
}

function checkCsv(file: string, ref: string): object {
  const expected = decodeResults(readFileSync(ref));
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[0] !== 'id,total,grade_before_distribution,grade,reward') return { identical: false, reason: `unexpected header ${lines[0]}` };
  const n = expected.totalCents.length;
  const got = emptyResults(n);
  const G: Record<string, number> = { A: 0, B: 1, C: 2, D: 3 };
  const cents = (s: string) => {
    const [a, b = ''] = s.split('.');
    return Number(a) * 100 + Number(b.padEnd(2, '0'));
  };
  for (let i = 0; i < n; i++) {
    const f = (lines[i + 1] ?? '').split(',');
    got.totalCents[i] = cents(f[1] ?? 'NaN');
    got.gradeBefore[i] = G[f[2] ?? ''] ?? 9;
    got.grade[i] = G[f[3] ?? ''] ?? 9;
    got.rewardCents[i] = cents(f[4] ?? 'NaN');
  }
  const i = firstDifference(expected, got);
  return i < 0 ? { identical: true, rows: n } : { identical: false, line: i + 2, kpl: show(expected, i), csv: lines[i + 1] };
}

function compileTime(lines: number, budgetS: number): object {
  const p = generatePolicy(lines);
  let t = performance.now();
  const first = compile('generated.kpl', p.text);
  const coldMs = performance.now() - t;
  if (!first.plan) throw new Error(`generated policy does not compile: ${first.diagnostics[0]?.message}`);
  const times: number[] = [];
  const cpu: number[] = [];
  const started = performance.now();
  while (times.length < 20 && (times.length < 3 || performance.now() - started < budgetS * 1000)) {
    gc();
    const c = process.cpuUsage();
    t = performance.now();
    compile('generated.kpl', p.text);
    times.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { lines: p.lines, indicators: p.indicators, coldMs, medianMs: median(times), medianCpuMs: median(cpu), reps: times.length, rssPeakMB: maxRssMB() };
}

/**
 * The playground's loop: a policy edited, compiled and evaluated on data already loaded, every
 * person's output cells read (what the results table shows). Two kinds of edit: `fresh` — a
 * threshold typed to a value never seen before (new generated code every time); `revisited` — a
 * threshold moved back and forth between values seen before (kernels come from the cache).
 * `withLoad` also loads the data again (a new data file).
 */
function reeval(n: number): object {
  const text = POLICY_TEXT();
  const ds = generate(n);
  const bytes = csvBytes(ds);
  const anchor = 'A "优秀" >= 90';
  if (!text.includes(anchor)) throw new Error(`the policy no longer contains ${anchor}`);
  const withThreshold = (x: string) => text.replace(anchor, `A "优秀" >= ${x}`);
  const data = loadEmployees(compilePolicy(text), bytes);
  let cpuMs = 0;
  const once = (src: string, d: LoadedData = data): number => {
    const c = process.cpuUsage();
    const t = performance.now();
    const plan = compile('customer-manager.kpl', src).plan!;
    const r = evaluateFast(plan, d);
    let cells = 0;
    for (const p of r.people) cells += p.cells.length;
    const ms = performance.now() - t;
    const u = process.cpuUsage(c);
    cpuMs = (u.user + u.system) / 1000;
    if (r.people.length !== n || cells !== n * r.columns.length) throw new Error('re-evaluation lost people');
    return ms;
  };
  const fresh: number[] = [];
  const revisited: number[] = [];
  const withLoad: number[] = [];
  const freshCpu: number[] = [];
  const rounds = n > 5000 ? 30 : 70;
  for (let k = 0; k < rounds; k++) {
    // 89.01, 89.02, …: each value is new to the process.
    const f = once(withThreshold((89 + (k + 1) / 100).toFixed(2)));
    const fCpu = cpuMs;
    const r = once(withThreshold(['90', '89', '91'][k % 3]!));
    const src = withThreshold(['90', '89', '91'][k % 3]!);
    const w = once(src, loadTables(compilePolicy(src).inputs, [{ table: 'employees', fileName: 'employees.csv', bytes }]));
    if (k >= 10) {
      fresh.push(f);
      freshCpu.push(fCpu);
      revisited.push(r);
      withLoad.push(w);
    }
  }
  const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;
  return { n, reps: fresh.length, medianMs: median(fresh), medianCpuMs: median(freshCpu), p90Ms: p90(fresh), medianRevisitedMs: median(revisited), medianWithLoadMs: median(withLoad) };
}

const [mode, ...args] = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : dflt;
};
const pos = args.filter((a) => !a.startsWith('--'));
let result: object;
switch (mode) {
  case 'throughput':
    result = await throughput(pos[0]!, Number(pos[1]), pos[2]!, pos[3] === 'write', args.find((a) => a.startsWith('--ref-name='))?.slice(11) ?? 'KPL', opt('budget', 10), opt('max-reps', 15), opt('max-run', 300));
    break;
  case 'csv':
    result = await writeCsv(Number(pos[0]), pos[1]!);
    break;
  case 'check-csv':
    result = checkCsv(pos[0]!, pos[1]!);
    break;
  case 'compile':
    result = compileTime(Number(pos[0]), opt('budget', 5));
    break;
  case 'reeval':
    result = reeval(Number(pos[0] ?? 1000));
    break;
  default:
    throw new Error(`unknown mode ${mode}`);
}
process.stdout.write(JSON.stringify(result) + '\n');

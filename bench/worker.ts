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
import { compilePolicy, loadEmployees, runKpl, POLICY_TEXT } from './engines/kpl.ts';
import { decodeResults, encodeResults, firstDifference, show, emptyResults, type Results } from './results-type.ts';
import { generatePolicy } from './policies.ts';
import { compile, evaluate, loadTables } from '../src/index.ts';

interface Engine<S> {
  name: string;
  version: string;
  inEngine: string;
  shared: string;
  exact: string;
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
        inEngine: 'everything: the policy file as written (scoring, veto, forced distribution, reward)',
        shared: '—',
        exact: 'exact decimals (40 digits), stated roundings half-up',
        prepare: (ds) => {
          const plan = compilePolicy();
          return { plan, data: loadEmployees(plan, csvBytes(ds)) };
        },
        run: (s) => {
          const { plan, data } = s as { plan: ReturnType<typeof compilePolicy>; data: ReturnType<typeof loadEmployees> };
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
  if (name !== 'kpl' && estimateS > maxRunS) {
    // Too slow for N: still verified, on the 500 warm-up people against KPL run here.
    const plan = compilePolicy();
    const expected = runKpl(plan, loadEmployees(plan, csvBytes(small)));
    const i = firstDifference(expected, warm);
    const verification = i < 0 ? { identical: true, against: 'KPL', people: small.n } : { identical: false, against: 'KPL', people: small.n, person: small.id[i], kpl: show(expected, i), engine: show(warm, i) };
    return { engine: name, label: engine.name, version: engine.version, inEngine: engine.inEngine, shared: engine.shared, exact: engine.exact, n, skipped: `one run would take about ${Math.round(estimateS)} s (limit ${maxRunS} s)`, warmUpPeoplePerSecond: small.n / (warmMs / 1000), verification };
  }
  gc();
  let t = performance.now();
  const ds = generate(n);
  const generateMs = performance.now() - t;
  t = performance.now();
  const state = await engine.prepare(ds);
  const prepareMs = performance.now() - t;
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
  const started = performance.now();
  while (times.length < 20 && (times.length < 3 || performance.now() - started < budgetS * 1000)) {
    gc();
    t = performance.now();
    compile('generated.kpl', p.text);
    times.push(performance.now() - t);
  }
  return { lines: p.lines, indicators: p.indicators, coldMs, medianMs: median(times), reps: times.length, rssPeakMB: maxRssMB() };
}

function reeval(n: number): object {
  const text = POLICY_TEXT();
  const ds = generate(n);
  const bytes = csvBytes(ds);
  // The edits a user makes while typing: a threshold moved back and forth.
  const edits = ['A "优秀" >= 90', 'A "优秀" >= 89', 'A "优秀" >= 91'];
  const variant = (k: number) => text.replace('A "优秀" >= 90', edits[k % edits.length]!);
  const plan0 = compilePolicy(text);
  const data = loadEmployees(plan0, bytes);
  const times: number[] = [];
  const withLoad: number[] = [];
  for (let k = 0; k < 60; k++) {
    const src = variant(k);
    let t = performance.now();
    const plan = compile('customer-manager.kpl', src).plan!;
    const r = evaluate(plan, data);
    const ms = performance.now() - t;
    if (r.people.length !== n) throw new Error('re-evaluation lost people');
    t = performance.now();
    const plan2 = compile('customer-manager.kpl', src).plan!;
    evaluate(plan2, loadTables(plan2.inputs, [{ table: 'employees', fileName: 'employees.csv', bytes }]));
    const ms2 = performance.now() - t;
    if (k >= 10) {
      times.push(ms);
      withLoad.push(ms2);
    }
  }
  return { n, reps: times.length, medianMs: median(times), medianWithLoadMs: median(withLoad), p90Ms: [...times].sort((a, b) => a - b)[Math.floor(times.length * 0.9)] };
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

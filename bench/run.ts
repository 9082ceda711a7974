/**
 * `npm run bench` — the KPL benchmark of issue 5. Every measurement runs in its own child
 * process (bench/worker.ts) so each engine's peak RSS is its own. For each N: KPL evaluates the
 * generated people and writes the reference results; the ceiling and each peer engine evaluate
 * the same people and must give identical totals, grades (before and after the forced
 * distribution) and rewards for every person — the first difference aborts the run. Then
 * `kpl eval` CSV → CSV end to end (wall and CPU time), compile times of generated 100 to
 * 40,000-line policies, the playground's edit → compile → evaluate loop on 1,000 and 10,000
 * people, and the command's start-up. Every target of issues 5, 11 and 16 is a row of the
 * Targets table with its figure and ✓/✗; a peer (such as a hand-written SQL query) is a
 * throughput row verified like the others.
 *
 *   npm run bench                 N = 10,000, 100,000 and 1,000,000 (long: see docs/bench.md)
 *   npm run bench -- --quick      N = 10,000 only
 *   options: --sizes=10000,100000  --engines=kpl,ceiling,jsonata,...  --budget=SECONDS (timing
 *            per engine and N)  --max-run=SECONDS (skip a peer whose single run would be longer)
 *            --no-e2e  --no-compile  --no-startup  --no-database  --scale=10m (issue 15: 10,000,000 people
 *            in a database too)  --database-sizes=N,… (instead of 1,000,000)
 *            --render  (only rewrite results/latest.md from results/latest.json)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem, loadavg, tmpdir, platform, release } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureStartup, startupMarkdown, type StartupResult } from './startup.ts';
import { errorLines, measureDatabase, timed, type DatabaseRow } from './database.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench', 'results');
const PEERS = ['json-rules-engine', 'jsonata', 'cel', 'feelin', 'zen'];
const ALL = ['kpl', 'ceiling', 'kpl-exact', ...PEERS];

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = flag('quick');
const sizes = (value('sizes') ?? (quick ? '10000' : '10000,100000,1000000')).split(',').map(Number);
const engines = value('engines')?.split(',') ?? ALL;
const budget = Number(value('budget') ?? (quick ? 6 : 15));
const maxRun = Number(value('max-run') ?? (quick ? 300 : 600));
for (const e of engines) if (!ALL.includes(e)) throw new Error(`unknown engine ${e}; known: ${ALL.join(', ')}`);
if (!engines.includes('kpl')) engines.unshift('kpl');

if (flag('render')) {
  // Re-renders results/latest.md from results/latest.json (after a change of the table layout).
  const saved = JSON.parse(readFileSync(join(RESULTS, 'latest.json'), 'utf8')) as Parameters<typeof markdown>[0];
  writeFileSync(join(RESULTS, 'latest.md'), markdown(saved));
  process.exit(0);
}

const log = (s: string) => process.stderr.write(s + '\n');
const tmp = mkdtempSync(join(tmpdir(), 'kpl-bench-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

/** Runs the worker in a fresh Node process; returns its JSON line. */
function worker(args: string[], heapMB = 16384): Record<string, any> {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${heapMB}`, '--expose-gc', '--import', 'tsx', join('bench', 'worker.ts'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`worker ${args.join(' ')} failed (exit ${r.status ?? r.signal}):\n${r.stderr.slice(-3000)}`);
  const line = r.stdout.trim().split('\n').pop()!;
  return JSON.parse(line) as Record<string, any>;
}

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  node: process.version,
  os: `${platform()} ${release()}`,
  loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
};
log(`KPL bench${quick ? ' (quick)' : ''}: N = ${sizes.join(', ')}; ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}`);

// ---- throughput, verified against KPL ----
const throughput: Record<string, any>[] = [];
const referenceOf: Record<number, string> = {};
let failure: string | undefined;
outer: for (const n of sizes) {
  const ref = join(tmp, `ref-${n}.bin`);
  // KPL's results are the reference; should KPL fail at this N (memory), the ceiling's are,
  // as verified against KPL at the smaller N and in CI.
  let refBy: 'KPL' | 'the ceiling' | undefined;
  const order = [...engines];
  for (let k = 0; k < order.length; k++) {
    const e = order[k]!;
    log(`  ${e} × ${n.toLocaleString('en')} …`);
    const write = !refBy && (e === 'kpl' || e === 'ceiling');
    let r: Record<string, any>;
    try {
      r = worker(['throughput', e, String(n), ref, ...(write ? ['write'] : []), `--ref-name=${refBy ?? 'KPL'}`, `--budget=${budget}`, `--max-run=${maxRun}`]);
    } catch (err) {
      const message = (err as Error).message;
      const oom = /heap out of memory|Allocation failed|ENOMEM|SIGKILL/.test(message);
      r = { engine: e, label: e, n, failed: oom ? 'ran out of memory' : message.split('\n').filter(Boolean).slice(-3).join(' | ') };
      throughput.push(r);
      log(`    FAILED: ${r.failed}`);
      if (e === 'kpl' && !order.includes('ceiling')) order.splice(k + 1, 0, 'ceiling');
      continue;
    }
    if (write) refBy = referenceOf[n] = e === 'kpl' ? 'KPL' : 'the ceiling';
    throughput.push(r);
    if (r.skipped) log(`    skipped: ${r.skipped}; on the 500 warm-up people ${fmtRate(r.warmUpPeoplePerSecond)} people/s, ${r.verification.identical ? 'identical to KPL' : 'DIFFERS'}`);
    else log(`    ${fmtRate(r.peoplePerSecond)} people/s (median of ${r.reps}), peak RSS ${Math.round(r.rssPeakMB)} MB, ${r.verification.identical ? `identical to ${r.verification.against}` : 'DIFFERS'}`);
    if (r.verification && !r.verification.identical) {
      const v = r.verification;
      failure = `${r.label} differs from ${v.against} at N = ${r.skipped ? `${v.people} (warm-up people)` : n}, first at ${v.person}: ${v.against} ${v.kpl}; ${r.label} ${v.engine}`;
      break outer;
    }
  }
}

// ---- kpl eval, CSV in → CSV out ----
const e2e: Record<string, any>[] = [];
if (!failure && !flag('no-e2e')) {
  for (const n of sizes) {
    log(`  kpl eval × ${n.toLocaleString('en')} …`);
    const csv = join(tmp, `employees-${n}.csv`);
    const out = join(tmp, `results-${n}.csv`);
    worker(['csv', String(n), csv]);
    const cmd = [process.execPath, join('bin', 'kpl.mjs'), 'eval', join('policies', 'customer-manager.kpl'), '--data', `employees=${csv}`, '--out', out];
    const r = timed(cmd, ROOT);
    const wallS = r.wallS;
    const row: Record<string, any> = { n, exit: r.exit, wallS, cpuS: r.cpuS, rssPeakMB: r.rssPeakMB };
    if (r.exit !== 0) row.error = errorLines(r.stderr);
    else {
      const ref = join(tmp, `ref-${n}.bin`);
      row.verification = existsSync(ref) ? { ...worker(['check-csv', out, ref]), against: referenceOf[n] } : { identical: null, reason: 'no reference results for this N' };
      if (row.verification.identical === false) failure = `kpl eval output differs from ${referenceOf[n]}'s results at N = ${n}: ${JSON.stringify(row.verification)}`;
    }
    e2e.push(row);
    log(`    ${wallS.toFixed(2)} s (CPU ${row.cpuS === null ? 'n/a' : row.cpuS.toFixed(2) + ' s'}), peak RSS ${row.rssPeakMB ? Math.round(row.rssPeakMB) + ' MB' : 'n/a'}${row.error ? `, FAILED: ${row.error}` : ''}`);
    rmSync(csv, { force: true });
    rmSync(out, { force: true });
  }
}

// ---- in a database (issue 15): fast engine, --engine duckdb, a hand-written DuckDB query ----
const database: DatabaseRow[] = [];
const dbSizes = flag('no-database') ? [] : value('database-sizes') ? value('database-sizes')!.split(',').map(Number) : value('scale') === '10m' ? [1_000_000, 10_000_000] : quick ? [] : [1_000_000];
if (!failure && dbSizes.length) {
  database.push(...measureDatabase(ROOT, tmp, dbSizes, (n, path) => void worker(['csv', String(n), path]), log));
  const bad = database.find((r) => r.identical === false);
  if (bad) failure = `${bad.what} differs from the fast engine's output at N = ${bad.n}`;
}

// ---- compile time, re-evaluation ----
const compileRows: Record<string, any>[] = [];
const reevalRows: Record<string, any>[] = [];
if (!failure && !flag('no-compile')) {
  // 1k, 10k and 40k lines show the slope (issue 16: linear in the policy's size).
  for (const lines of [100, 1000, 10000, 40000]) {
    log(`  compile ${lines.toLocaleString('en')}-line policy …`);
    compileRows.push(worker(['compile', String(lines), `--budget=${quick ? 3 : 8}`]));
  }
  for (const n of [1000, 10000]) {
    log(`  edit → compile → evaluate ${n.toLocaleString('en')} people …`);
    reevalRows.push(worker(['reeval', String(n)]));
  }
}
const reeval = reevalRows.find((r) => r.n === 1000);

// ---- start-up of the command (issue 11) ----
let startup: StartupResult | undefined;
if (!flag('no-startup')) {
  log('  start-up: kpl --version, kpl check, node -e 0 …');
  startup = measureStartup(quick ? 9 : 21);
  log(`    kpl --version ${startup.versionRatio.toFixed(1)}×, kpl check ${startup.checkRatio.toFixed(1)}× node -e 0 (${startup.nodeMs.toFixed(0)} ms)`);
}

// ---- report ----
const ok = (r: Record<string, any>) => !r.skipped && !r.failed;
const at = (n: number, e: string) => throughput.find((r) => r.n === n && r.engine === e && ok(r));
const targets: { target: string; measured: string; met: boolean | null }[] = [];
for (const n of sizes) {
  const kpl = at(n, 'kpl');
  const ceiling = at(n, 'ceiling');
  const kplFailed = throughput.find((r) => r.n === n && r.engine === 'kpl' && r.failed);
  if (kplFailed) targets.push({ target: `N=${n.toLocaleString('en')}: KPL evaluates the population`, measured: `failed: ${kplFailed.failed}`, met: false });
  if (kpl && ceiling) targets.push({ target: `N=${n.toLocaleString('en')}: throughput ≥ 50% of the hand-written ceiling`, measured: `${pct(kpl.peoplePerSecond / ceiling.peoplePerSecond)} (CPU time: ${pct(cpuRate(kpl) / cpuRate(ceiling))})`, met: kpl.peoplePerSecond / ceiling.peoplePerSecond >= 0.5 });
  const peers = throughput.filter((r) => r.n === n && PEERS.includes(r.engine) && ok(r));
  if (kpl && peers.length) {
    const best = peers.reduce((a, b) => (a.peoplePerSecond > b.peoplePerSecond ? a : b));
    targets.push({ target: `N=${n.toLocaleString('en')}: throughput ≥ 10× the fastest peer (${best.label})`, measured: `${fmtX(kpl.peoplePerSecond / best.peoplePerSecond)} (CPU time: ${fmtX(cpuRate(kpl) / cpuRate(best))})`, met: kpl.peoplePerSecond / best.peoplePerSecond >= 10 });
  }
}
// Issue 16's targets: each a row, measured or "not measured in this run" (a quick run has no 1M).
const row = (target: string, measured: string | undefined, met: boolean): void => void targets.push(measured === undefined ? { target, measured: 'not measured in this run', met: null } : { target, measured, met });
const cpuNote = (cpuMs: number | undefined | null): string => (cpuMs === undefined || cpuMs === null || Number.isNaN(cpuMs) ? '' : `, CPU ${cpuMs >= 1000 ? `${(cpuMs / 1000).toFixed(2)} s` : `${cpuMs.toFixed(0)} ms`}`);
const e2eMillion = e2e.find((r) => r.n === 1_000_000);
row('1,000,000 people CSV → CSV under 3 s, peak RSS under 1 GiB (issue 16)', e2eMillion && (e2eMillion.exit === 0 ? `${e2eMillion.wallS.toFixed(2)} s${cpuNote(e2eMillion.cpuS === null ? null : e2eMillion.cpuS * 1000)}, ${fmtMB(e2eMillion.rssPeakMB)}` : `failed: ${e2eMillion.error}`), !!e2eMillion && e2eMillion.exit === 0 && e2eMillion.wallS < 3 && (e2eMillion.rssPeakMB ?? Infinity) < 1024);
// The exact interpreter's memory against the fast engine's, at 100,000 people (issue 16); the peak RSS of each worker.
const exactAt = (n: number) => ({ fast: at(n, 'kpl'), exact: at(n, 'kpl-exact') });
const mem = exactAt(100_000);
const memOther = sizes.map((n) => ({ n, ...exactAt(n) })).find((x) => x.fast && x.exact);
row(
  'the exact interpreter’s peak RSS at 100,000 people within 10× the fast engine’s (issue 16)',
  mem.fast && mem.exact ? `${fmtX(mem.exact.rssPeakMB / mem.fast.rssPeakMB)} (${fmtMB(mem.exact.rssPeakMB)} against ${fmtMB(mem.fast.rssPeakMB)})` : memOther ? `not measured at 100,000; at ${memOther.n.toLocaleString('en')}: ${fmtX(memOther.exact!.rssPeakMB / memOther.fast!.rssPeakMB)} (${fmtMB(memOther.exact!.rssPeakMB)} against ${fmtMB(memOther.fast!.rssPeakMB)})` : undefined,
  !!(mem.fast && mem.exact && mem.exact.rssPeakMB <= 10 * mem.fast.rssPeakMB),
);
if (!(mem.fast && mem.exact) && memOther) targets[targets.length - 1]!.met = null;
const c10k = compileRows.find((r) => r.lines >= 9000 && r.lines < 20000);
row('compile a 10,000-line policy under 200 ms, warm (issue 16)', c10k && `${c10k.medianMs.toFixed(0)} ms${cpuNote(c10k.medianCpuMs)}`, !!c10k && c10k.medianMs < 200);
row('compile a 10,000-line policy under 500 ms, first compile in a fresh process (issue 16)', c10k && `${c10k.coldMs.toFixed(0)} ms`, !!c10k && c10k.coldMs < 500);
// Linear: the time per line of the largest policy at most 1.5× that of the 1,000-line one.
const c1k = compileRows.find((r) => r.lines >= 900 && r.lines < 2000);
const c40k = compileRows.find((r) => r.lines >= 30000);
const perLine = (r: Record<string, any>) => (r.medianMs / r.lines) * 1000;
row('compile time linear in the policy’s size: ms per 1,000 lines at 40,000 lines ≤ 1.5× that at 1,000 (issue 16)', c1k && c40k && `${perLine(c1k).toFixed(1)} ms at 1,000 lines, ${c10k ? `${perLine(c10k).toFixed(1)} ms at 10,000, ` : ''}${perLine(c40k).toFixed(1)} ms at 40,000 (${fmtX(perLine(c40k) / perLine(c1k))})`, !!(c1k && c40k) && perLine(c40k) <= 1.5 * perLine(c1k));
for (const [n, limit] of [[1000, 20], [10000, 100]] as const) {
  const r = reevalRows.find((x) => x.n === n);
  row(`re-evaluate ${n.toLocaleString('en')} people after an edit under ${limit} ms (issue 16)`, r && `${r.medianMs.toFixed(1)} ms${cpuNote(r.medianCpuMs)} compile + evaluate for a new value (${r.medianRevisitedMs.toFixed(1)} ms for a value seen before, ${r.medianWithLoadMs.toFixed(1)} ms with loading the data again)`, !!r && r.medianMs < limit);
}

for (const n of dbSizes) {
  const of = (what: DatabaseRow['what']) => database.find((r) => r.n === n && r.what === what && r.exit === 0);
  const duck = of('kpl eval --engine duckdb');
  const hand = of('hand-written DuckDB query');
  row(`N=${n.toLocaleString('en')}: \`kpl eval --engine duckdb\` within 1.25× the hand-written DuckDB query (issue 15)`, duck && hand ? `${fmtX(duck.wallS / hand.wallS)} (${duck.wallS.toFixed(1)} s against ${hand.wallS.toFixed(1)} s; CPU time ${duck.cpuS && hand.cpuS ? fmtX(duck.cpuS / hand.cpuS) : 'n/a'})` : `failed: ${database.find((r) => r.n === n && r.exit !== 0)?.error ?? 'not run'}`, !!(duck && hand) && duck.wallS <= 1.25 * hand.wallS);
}
if (dbSizes.includes(10_000_000)) {
  const ten = database.filter((r) => r.n === 10_000_000 && r.what === 'kpl eval --engine duckdb');
  row('10,000,000 people complete through `kpl eval --engine duckdb` (issue 15)', ten.map((r) => (r.exit === 0 ? `${r.wallS.toFixed(1)} s, CPU ${r.cpuS?.toFixed(1) ?? 'n/a'} s, ${fmtMB(r.rssPeakMB)}` : `failed: ${r.error}`)).join('') || 'not run', ten.some((r) => r.exit === 0 && r.identical === true));
} else row('10,000,000 people complete through `kpl eval --engine duckdb` (issue 15; `npm run bench -- --scale=10m`)', undefined, false);

if (startup) {
  for (const [what, ratio, ms, cpu] of [['kpl --version', startup.versionRatio, startup.versionMs, startup.versionCpuMs], ['kpl check of a small policy', startup.checkRatio, startup.checkMs, startup.checkCpuMs]] as const) {
    const cpuRatio = Number.isNaN(cpu) ? '' : `; CPU time ${(cpu / startup.nodeCpuMs).toFixed(1)}×`;
    targets.push({ target: `${what} starts within ${startup.target}× \`node -e 0\` (issue 11)`, measured: `${ratio.toFixed(1)}× (${ms.toFixed(0)} ms against ${startup.nodeMs.toFixed(0)} ms${cpuRatio})`, met: ratio <= startup.target });
  }
}

const report = {
  date: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  sizes,
  machine: { ...machine, loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100) },
  note: 'people/s is N ÷ the median wall time of the timed runs (after warm-up); CPU people/s uses the median CPU time of the same runs, which is steadier on a busy machine. Peak RSS is the worker process’s (data generation and input preparation included); Δ RSS is the growth during the timed runs.',
  failure: failure ?? null,
  throughput,
  e2e,
  database,
  compile: compileRows,
  reeval: reeval ?? null,
  reevalRows,
  startup: startup ?? null,
  targets,
};
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
const md = markdown(report);
writeFileSync(join(RESULTS, 'latest.md'), md);
process.stdout.write('\n' + md);
if (failure) {
  log(`\nFAILED: ${failure}`);
  process.exitCode = 1;
}

// ---- formatting ----
function cpuRate(r: Record<string, any>): number {
  return r.n / (r.medianCpuMs / 1000);
}
function fmtRate(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e4 ? `${Math.round(x / 1e3)} k` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(0);
}
function fmtX(x: number): string {
  return x >= 10 ? `${x.toFixed(0)}×` : x >= 1 ? `${x.toFixed(1)}×` : `${x.toPrecision(2)}×`;
}
function pct(x: number): string {
  return `${(x * 100).toFixed(x < 0.01 ? 2 : 1)}%`;
}
function fmtMB(mb: number | null): string {
  return mb === null || mb === undefined ? 'n/a' : mb >= 1024 ? `${(mb / 1024).toFixed(2)} GiB` : `${Math.round(mb)} MB`;
}

function markdown(r: typeof report): string {
  const lines: string[] = [];
  const skippedNotes: string[] = [];
  const m = r.machine;
  lines.push(`# KPL benchmark — ${r.mode} run, ${r.date.slice(0, 16).replace('T', ' ')} UTC`, '');
  lines.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; load average ${m.loadAverageAtStart.join(' / ')} at the start, ${m.loadAverageAtEnd.join(' / ')} at the end.`, '');
  if (r.failure) lines.push(`**FAILED:** ${r.failure}`, '');
  if (m.loadAverageAtStart[0]! > m.cores || m.loadAverageAtEnd[0]! > m.cores) lines.push(`**Preliminary:** the machine was busy with other work (load average above its ${m.cores} cores), so wall-clock figures are noisy; CPU-time figures less so.`, '');
  lines.push('Workload: `policies/customer-manager.kpl` on seeded generated people (bench/generate.ts). Every engine’s totals, grades before and after the forced distribution and rewards are compared with KPL’s for every person.', '');
  for (const n of r.sizes) {
    const rows = r.throughput.filter((x) => x.n === n);
    if (!rows.length) continue;
    const kpl = rows.find((x) => x.engine === 'kpl' && !x.skipped && !x.failed);
    const ceiling = rows.find((x) => x.engine === 'ceiling' && !x.skipped && !x.failed);
    lines.push(`## Throughput, N = ${n.toLocaleString('en')}`, '');
    lines.push('| engine | people/s | CPU people/s | vs ceiling | KPL vs it | runs | peak RSS | Δ RSS | verified | in the engine | shared plain TS | arithmetic |');
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |');
    for (const x of rows) {
      const name = `${x.label}${x.version && x.version !== '—' ? ` ${x.version}` : ''}`;
      if (x.failed) {
        lines.push(`| ${x.label} | failed | | | | | | | ✗ ${x.failed} | | | |`);
        continue;
      }
      if (x.skipped) {
        const ver = x.verification.identical ? `✓ identical on ${x.verification.people} people` : `✗ differs at ${x.verification.person}`;
        lines.push(`| ${name} | skipped¹ | (${fmtRate(x.warmUpPeoplePerSecond)} on 500) | | | | | | ${ver} | ${x.inEngine} | ${x.shared} | ${x.exact} |`);
        skippedNotes.push(`¹ ${x.label} at N = ${n.toLocaleString('en')}: ${x.skipped}; measured and verified on its 500 warm-up people only.`);
        continue;
      }
      const vs = ceiling ? pct(x.peoplePerSecond / ceiling.peoplePerSecond) : '';
      const kplVs = kpl && x.engine !== 'kpl' ? fmtX(kpl.peoplePerSecond / x.peoplePerSecond) : '';
      const ver = x.verification.identical ? (x.verification.against.startsWith('itself') ? 'reference' : `✓ identical${x.verification.against === 'KPL' ? '' : ` to ${x.verification.against} (KPL failed)`}`) : `✗ differs at ${x.verification.person}`;
      lines.push(`| ${name} | ${fmtRate(x.peoplePerSecond)} | ${fmtRate(cpuRate(x))} | ${vs} | ${kplVs} | ${x.reps} | ${fmtMB(x.rssPeakMB)} | ${fmtMB(x.rssPeakMB - x.rssBeforeMB)} | ${ver} | ${x.inEngine} | ${x.shared} | ${x.exact} |`);
    }
    lines.push('', ...skippedNotes.splice(0), '');
  }
  if (r.e2e.length) {
    lines.push('## `kpl eval` CSV → CSV (one process, as a user runs it)', '');
    lines.push('| N | wall time | CPU time | people/s | peak RSS | output |');
    lines.push('| ---: | ---: | ---: | ---: | ---: | --- |');
    for (const x of r.e2e) lines.push(`| ${x.n.toLocaleString('en')} | ${x.wallS.toFixed(2)} s | ${x.cpuS === null || x.cpuS === undefined ? 'n/a' : `${x.cpuS.toFixed(2)} s`} | ${x.exit === 0 ? fmtRate(x.n / x.wallS) : ''} | ${fmtMB(x.rssPeakMB)} | ${x.exit === 0 ? (x.verification?.identical ? ((x.verification.against ?? 'KPL') === 'KPL' ? '✓ identical to the in-process evaluation' : `✓ identical to ${x.verification.against}`) : JSON.stringify(x.verification)) : `✗ exit ${x.exit}: ${x.error}`} |`);
    lines.push('');
  }
  if (r.database?.length) {
    lines.push('## In a database (issue 15): customer-manager CSV → CSV, each in its own process', '');
    lines.push('| N | run | wall time | CPU time | peak RSS | output |');
    lines.push('| ---: | --- | ---: | ---: | ---: | --- |');
    for (const x of r.database) lines.push(`| ${x.n.toLocaleString('en')} | ${x.what} | ${x.wallS.toFixed(2)} s | ${x.cpuS === null ? 'n/a' : `${x.cpuS.toFixed(2)} s`} | ${fmtMB(x.rssPeakMB)} | ${x.exit !== 0 ? `✗ exit ${x.exit}: ${x.error}` : x.identical === null ? 'reference' : x.identical ? '✓ identical to the fast engine' : '✗ differs from the fast engine'} |`);
    lines.push('');
  }
  if (r.compile.length) {
    lines.push('## Compile time (generated policies: many indicator groups of the ten leaf rules)', '');
    lines.push('| lines | indicators | median | CPU | per 1,000 lines | first compile in a fresh process | peak RSS |');
    lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const x of r.compile) lines.push(`| ${x.lines.toLocaleString('en')} | ${x.indicators.toLocaleString('en')} | ${x.medianMs.toFixed(1)} ms | ${x.medianCpuMs === undefined ? 'n/a' : `${x.medianCpuMs.toFixed(1)} ms`} | ${((x.medianMs / x.lines) * 1000).toFixed(1)} ms | ${x.coldMs.toFixed(1)} ms | ${fmtMB(x.rssPeakMB)} |`);
    lines.push('');
  }
  const reevals = r.reevalRows ?? (r.reeval ? [r.reeval] : []);
  if (reevals.length) {
    lines.push('## Re-evaluation after an edit', '', 'A grade threshold edited, the policy compiled and evaluated (fast engine), every output cell read: to a value never seen before (new generated code), back to a value seen before (cached kernels), and with the data loaded again.', '');
    lines.push('| people | new value: median | CPU | p90 | value seen before | data loaded again |');
    lines.push('| ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const x of reevals) lines.push(`| ${x.n.toLocaleString('en')} | ${x.medianMs.toFixed(1)} ms | ${x.medianCpuMs === undefined ? 'n/a' : `${x.medianCpuMs.toFixed(1)} ms`} | ${x.p90Ms.toFixed(1)} ms | ${x.medianRevisitedMs?.toFixed(1) ?? '–'} ms | ${x.medianWithLoadMs.toFixed(1)} ms |`);
    lines.push('');
  }
  if (r.startup) lines.push(...startupMarkdown(r.startup));
  lines.push('## Targets (issues 5, 11, 15 and 16)', '');
  lines.push('| target | measured | |');
  lines.push('| --- | --- | --- |');
  for (const t of r.targets) lines.push(`| ${t.target} | ${t.measured} | ${t.met === null ? '–' : t.met ? '✓' : '✗'} |`);
  lines.push('', r.note, '');
  return lines.join('\n');
}

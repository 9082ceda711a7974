/**
 * Long differential fuzz runs: random policies and data on every engine path must give the
 * interpreter's bytes (test/fuzz). Each failure is shrunk by fast-check and saved as a conformance
 * case in test/conformance/fuzz-found/ with the interpreter's result as expected.
 *
 *   npm run fuzz -- --runs 20000 [--seed S] [--chunk 500] [--paths "fast engine,kpl eval"] [--all-paths]
 *                   [--mask KPL4006] [--dedupe] [--no-duplicate-keys] [--shrink-seconds 120] [--no-save] [--notes FILE] [--max-failures 10]
 *
 *   npm run fuzz -- --hostile --runs 1000000 [--seed S] [--from I] [--budget-ms 5000] [--cli-share 0.01]
 *                   [--workers 2] [--batch 50] [--max-saved 200]
 *
 * `--hostile`: the hostile-input fuzzer instead (test/fuzz/hostile.ts): mutated policies and data
 * (CSV, JSON, workbooks), a share of them also through the command line with a hand-edited plan;
 * the property is that every failure is a diagnostic with a code — no crash, no hang, no exit 70,
 * nothing half-written, rows in = rows out + rows reported. The inputs run on `--workers` worker
 * threads (test/fuzz/hostile-pool.ts); one still running when `--budget-ms` is up is stopped and
 * is a `timeout` finding. Input I of seed S is replayed with `--seed S --from I --runs 1`; a run
 * stopped early resumes with the `--from` its progress lines give. Each finding is written as a
 * conformance-case candidate, test-artifacts/hostile-fuzz/seed-S-input-I-KIND.kplcase.
 *
 * The run is split into chunks of `--chunk` pairs; chunk i uses seed S + i, so a failure is
 * reproduced with `--seed <its seed> --runs <chunk>`. By default the quick paths run (every path
 * of the harness but `kpl explain`, which evaluates once per person, and the SQL paths, which run a database per case); `--all-paths` adds them.
 * `--mask CODE` leaves a diagnostic code out of the comparison, to look past a divergence that is
 * already known; `--no-duplicate-keys` keeps population keys unique (kpl explain names a person by key). After a failure the run goes on with the next chunk; a divergence of the same
 * kind as one already saved in this run is counted but not saved again.
 */
import fc from 'fast-check';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { caseCandidate, inputAt } from '../test/fuzz/hostile.ts';
import { runHostilePool } from '../test/fuzz/hostile-pool.ts';
import { relative } from 'node:path';
import { choosePaths, differentialProperty, kindOf, minimize, newStats, quickPaths, saveFailure, summary, type Failure } from '../test/fuzz/differential.ts';

interface Options {
  runs: number;
  seed: number;
  chunk: number;
  paths: string[];
  mask: string[];
  dedupe: boolean;
  duplicateKeys: boolean;
  shrinkMs: number;
  save: boolean;
  notes?: string;
  maxFailures: number;
}

function parse(argv: string[]): Options {
  const o: Options = { runs: 2000, seed: Date.now() % 1_000_000_000, chunk: 500, paths: quickPaths(), mask: [], dedupe: false, duplicateKeys: true, shrinkMs: 120_000, save: true, maxFailures: 20 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const num = (): number => {
      const v = Number(val());
      if (!Number.isFinite(v) || v < 0) throw new Error(`${a} needs a number`);
      return v;
    };
    if (a === '--runs') o.runs = num();
    else if (a === '--seed') o.seed = num();
    else if (a === '--chunk') o.chunk = Math.max(1, num());
    else if (a === '--paths') o.paths = choosePaths(val().split(',').map((s) => s.trim()).filter(Boolean));
    else if (a === '--all-paths') o.paths = choosePaths();
    else if (a === '--mask') o.mask.push(...val().split(','));
    else if (a === '--dedupe') o.dedupe = true;
    else if (a === '--no-duplicate-keys') o.duplicateKeys = false;
    else if (a === '--shrink-seconds') o.shrinkMs = num() * 1000;
    else if (a === '--no-save') o.save = false;
    else if (a === '--notes') o.notes = val();
    else if (a === '--max-failures') o.maxFailures = num();
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run fuzz -- --runs N [--seed S] [--chunk N] [--paths a,b] [--all-paths] [--mask CODE] [--dedupe] [--no-duplicate-keys] [--shrink-seconds N] [--no-save] [--notes FILE] [--max-failures N]');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (!o.paths.includes('interpreter')) o.paths.unshift('interpreter');
  return o;
}

async function hostile(argv: string[]): Promise<void> {
  let runs = 10_000;
  let seed = Date.now() % 1_000_000_000;
  let from = 0;
  let budget = 5000;
  let cliShare = 0.01;
  let workers = Math.min(2, availableParallelism());
  let batch = 50;
  let maxSaved = 200;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const num = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${a} needs a number`);
      return v;
    };
    if (a === '--runs') runs = num();
    else if (a === '--seed') seed = num();
    else if (a === '--from') from = num();
    else if (a === '--budget-ms') budget = num();
    else if (a === '--cli-share') cliShare = num();
    else if (a === '--workers') workers = Math.max(1, num());
    else if (a === '--batch') batch = Math.max(1, num());
    else if (a === '--max-saved') maxSaved = num();
    else if (a !== '--hostile') throw new Error(`unknown option ${a} (with --hostile: --runs, --seed, --from, --budget-ms, --cli-share, --workers, --batch, --max-saved)`);
  }
  console.log(`hostile fuzz: ${runs} inputs of seed ${seed} from ${from}; budget ${budget} ms each, enforced; ${cliShare * 100}% through the command line; ${workers} worker(s)`);
  const dir = join('test-artifacts', 'hostile-fuzz');
  let saved = 0;
  const r = await runHostilePool({
    seed,
    from,
    runs,
    budgetMs: budget,
    cliShare,
    workers,
    batch,
    progressEvery: Math.min(10_000, Math.max(1000, Math.floor(runs / 20))),
    onProgress: (p) => console.log(`[${p.seconds.toFixed(0)}s] ${p.done}/${runs} inputs (${(p.done / p.seconds).toFixed(0)}/s), ${p.findings} finding(s); every input below ${p.doneBelow} done (resume: --from ${p.doneBelow})`),
    onFinding: (f) => {
      let where = '(not saved: --max-saved reached)';
      if (saved < maxSaved) {
        saved++;
        mkdirSync(dir, { recursive: true });
        where = join(dir, `seed-${seed}-input-${f.index}-${f.kind.replace(/\W+/g, '-')}.kplcase`);
        writeFileSync(where, caseCandidate({ ...f, kind: f.kind as never, input: inputAt(seed, f.index, cliShare) }, seed));
      }
      console.log(`input ${f.index}: ${f.kind}: ${f.detail.split('\n')[0]}\n  ${where}`);
    },
  });
  const rate = r.done / r.seconds;
  const cpuMs = (1000 * r.cpuSeconds) / Math.max(1, r.done);
  console.log(`done: ${r.done} inputs in ${r.seconds.toFixed(0)} s on ${workers} worker(s): ${rate.toFixed(0)} inputs/s, 1,000,000 inputs in ${(1_000_000 / rate / 3600).toFixed(1)} h at this rate; CPU ${cpuMs.toFixed(2)} ms per input (start-up included), so 1,000,000 inputs on ${workers} idle core(s) in ${((1_000_000 * cpuMs) / 1000 / workers / 3600).toFixed(1)} h; ${r.findings} finding(s)`);
  process.exitCode = r.findings ? 1 : 0;
}

function main(): void {
  if (process.argv.includes('--hostile')) return void hostile(process.argv.slice(2)).catch((e) => {
    console.error(e);
    process.exitCode = 2;
  });
  const o = parse(process.argv.slice(2));
  console.log(`fuzz: ${o.runs} pairs from seed ${o.seed} in chunks of ${o.chunk}; paths: ${o.paths.join(', ')}${o.mask.length ? `; masked: ${o.mask.join(', ')}` : ''}${o.dedupe ? '; duplicate diagnostics ignored' : ''}`);
  const stats = newStats();
  const kinds = new Map<string, number>();
  const saved: string[] = [];
  const t0 = performance.now();
  let failures = 0;
  for (let i = 0, done = 0; done < o.runs && failures < o.maxFailures; i++) {
    const seed = o.seed + i;
    const runs = Math.min(o.chunk, o.runs - done);
    const before = stats.pairs;
    const sink: { last?: Failure; firstAt?: number } = {};
    const res = fc.check(differentialProperty(o.paths, stats, sink, { maskCodes: o.mask, dedupe: o.dedupe, shrinkBudgetMs: o.shrinkMs, data: { duplicateKeys: o.duplicateKeys } }), { numRuns: runs, seed });
    done += stats.pairs - before;
    const secs = ((performance.now() - t0) / 1000).toFixed(0);
    if (res.failed && sink.last) {
      failures++;
      const k = kindOf(sink.last.outcome);
      const seen = kinds.get(k) ?? 0;
      kinds.set(k, seen + 1);
      let where = '(same kind as before: not saved again)';
      if (!seen && o.save) {
        const file = saveFailure(minimize(sink.last, o.paths, { maskCodes: o.mask, dedupe: o.dedupe }), seed);
        saved.push(file);
        where = relative(process.cwd(), file);
        if (o.notes) {
          appendFileSync(
            o.notes,
            `- ${where} (fuzz, seed ${seed}; ${summary(sink.last.outcome)}): the differential fuzzer's shrunk counterexample; ` +
              `expected files are the interpreter's. Kind: ${k}.\n`,
          );
        }
      } else if (!o.save) where = '(not saved)';
      console.log(`[${secs}s] seed ${seed}: FAILED after ${stats.pairs - before} pairs: ${k}\n  ${where}`);
    } else if (res.failed) {
      failures++;
      console.log(`[${secs}s] seed ${seed}: FAILED (${res.errorInstance ?? 'no counterexample'})`);
    }
    const rate = stats.pairs ? ((100 * stats.compiled) / stats.pairs).toFixed(1) : '-';
    console.log(`[${secs}s] ${done}/${o.runs} pairs, ${rate}% compiled, ${failures} failure(s)`);
  }
  const secs = (performance.now() - t0) / 1000;
  console.log(`\ndone: ${stats.pairs} pairs in ${secs.toFixed(0)} s (${((secs * 1000) / Math.max(1, stats.pairs)).toFixed(1)} ms each, shrinking included); compiled ${((100 * stats.compiled) / Math.max(1, stats.pairs)).toFixed(1)}%`);
  console.log('constructs (pairs using each):');
  for (const [f, n] of [...stats.features].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(7)}  ${f}`);
  if (kinds.size) {
    console.log('divergences:');
    for (const [k, n] of kinds) console.log(`  ${n}×  ${k}`);
  }
  if (saved.length) console.log(`saved:\n  ${saved.map((f) => relative(process.cwd(), f)).join('\n  ')}`);
  process.exitCode = failures ? 1 : 0;
}

main();

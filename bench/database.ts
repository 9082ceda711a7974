/**
 * Issue 15's figures: customer-manager on generated people in a database — `kpl eval` (the fast
 * engine), `kpl eval --engine duckdb`, and the same rules written by hand as one DuckDB query
 * (bench/sql/customer-manager.duckdb.sql, bench/handwritten-duckdb.ts) — each CSV in → CSV out in
 * its own process under /usr/bin/time (wall, CPU, peak RSS), every output compared byte for byte
 * with the fast engine's. Sizes: 1,000,000 people; `--scale=10m` adds 10,000,000.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface DatabaseRow {
  readonly n: number;
  readonly what: 'kpl eval (fast engine)' | 'kpl eval --engine duckdb' | 'hand-written DuckDB query';
  readonly exit: number | null;
  readonly wallS: number;
  readonly cpuS: number | null;
  readonly rssPeakMB: number | null;
  /** Byte-identical to the fast engine's output (the reference itself: null). */
  readonly identical: boolean | null;
  readonly error?: string;
}

/** Runs a command under /usr/bin/time -v (when there): its exit status, wall and CPU time, peak RSS. */
export function timed(cmd: readonly string[], cwd: string): { exit: number | null; wallS: number; cpuS: number | null; rssPeakMB: number | null; stderr: string } {
  const hasTime = existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = hasTime ? spawnSync('/usr/bin/time', ['-v', ...cmd], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 }) : spawnSync(cmd[0]!, cmd.slice(1), { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallS = (performance.now() - t0) / 1000;
  const stderr = r.stderr ?? '';
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  return { exit: r.status, wallS, cpuS: user && sys ? Number(user[1]) + Number(sys[1]) : null, rssPeakMB: rss ? Number(rss[1]) / 1024 : null, stderr };
}

/** The last lines of a failed command's stderr, without /usr/bin/time's report. */
export function errorLines(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => l && !/^\s+(Command being timed|User time|System time|Percent|Elapsed|Average|Maximum|Major|Minor|Voluntary|Involuntary|Swaps|File system|Socket|Signals|Page size|Exit status)/.test(l))
    .slice(-4)
    .join(' | ');
}

/** Measures the three at each N; `makeCsv(n, path)` writes the generated people. */
export function measureDatabase(root: string, tmp: string, sizes: readonly number[], makeCsv: (n: number, path: string) => void, log: (s: string) => void): DatabaseRow[] {
  const rows: DatabaseRow[] = [];
  const kpl = [process.execPath, join('bin', 'kpl.mjs'), 'eval', join('policies', 'customer-manager.kpl')];
  for (const n of sizes) {
    const csv = join(tmp, `db-employees-${n}.csv`);
    makeCsv(n, csv);
    const outs = { fast: join(tmp, `db-fast-${n}.csv`), duckdb: join(tmp, `db-duckdb-${n}.csv`), hand: join(tmp, `db-hand-${n}.csv`) };
    const runs = [
      { what: 'kpl eval (fast engine)', out: outs.fast, cmd: [...kpl, '--data', `employees=${csv}`, '--out', outs.fast] },
      { what: 'kpl eval --engine duckdb', out: outs.duckdb, cmd: [...kpl, '--engine', 'duckdb', '--data', `employees=${csv}`, '--out', outs.duckdb] },
      { what: 'hand-written DuckDB query', out: outs.hand, cmd: [process.execPath, '--import', 'tsx', join('bench', 'handwritten-duckdb.ts'), csv, outs.hand] },
    ] as const;
    let reference: Buffer | undefined;
    for (const run of runs) {
      log(`  ${run.what} × ${n.toLocaleString('en')} …`);
      const r = timed(run.cmd, root);
      let identical: boolean | null = null;
      if (r.exit === 0) {
        const bytes = readFileSync(run.out);
        if (!reference) reference = bytes;
        else identical = bytes.equals(reference);
      }
      const row: DatabaseRow = { n, what: run.what, exit: r.exit, wallS: r.wallS, cpuS: r.cpuS, rssPeakMB: r.rssPeakMB, identical, ...(r.exit !== 0 ? { error: errorLines(r.stderr) } : {}) };
      rows.push(row);
      log(`    ${r.wallS.toFixed(2)} s (CPU ${r.cpuS === null ? 'n/a' : r.cpuS.toFixed(2) + ' s'}), peak RSS ${r.rssPeakMB ? Math.round(r.rssPeakMB) + ' MB' : 'n/a'}${identical === false ? ', DIFFERS from the fast engine' : ''}${row.error ? `, FAILED: ${row.error}` : ''}`);
    }
    for (const f of [csv, ...Object.values(outs)]) rmSync(f, { force: true });
  }
  return rows;
}

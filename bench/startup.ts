/**
 * Start-up of the `kpl` command (issue 11): `kpl --version` and `kpl check` of a small policy,
 * each as a ratio to `node -e 0` measured in the same run, interleaved so that a busy machine
 * weighs on all three alike. Target: at most 3×. Runs the built command (bin/kpl.mjs → dist/cli),
 * as an installed package does; `npm run bench` builds it first.
 *
 *   npm run bench:startup            (also a section of `npm run bench`)
 *   tsx bench/startup.ts --runs=30
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export const SMALL_POLICY = `policy "small" version "1"
input staff key id { id: text; sales: number in [0, 1000]; target: number in [1, 1000] }
indicator 完成率 weight 100% = clamp(sales / target * 100, 50, 120)
output id, 完成率
`;

export interface StartupResult {
  readonly runs: number;
  readonly nodeMs: number;
  readonly versionMs: number;
  readonly checkMs: number;
  readonly versionRatio: number;
  readonly checkRatio: number;
  /** Median CPU time (user + system) of each, NaN where /usr/bin/time is missing. */
  readonly nodeCpuMs: number;
  readonly versionCpuMs: number;
  readonly checkCpuMs: number;
  /** `kpl check` of one group of 4,000 sibling indicators (issue 12: linear, well under a second). */
  readonly siblingsMs: number;
  readonly siblingsCpuMs: number;
  readonly target: number;
}

/** One group of `n` sibling indicators (issue 12: it took 95 s when the checker was quadratic). */
export function siblingsPolicy(n: number): string {
  return 'input people key id { id: text; score: number in [0, 100] }\nindicator top weight 100% {\n' + Array.from({ length: n }, (_, i) => `  indicator i${i} weight ${100 / n}% = score\n`).join('') + '}\n';
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Wall time of one run, and its CPU time (user + system, from /usr/bin/time; NaN without it). */
function time(args: string[]): { wall: number; cpu: number } {
  const t0 = performance.now();
  const r = TIME
    ? spawnSync(TIME, ['-f', 'kpl-bench-cpu %U %S', process.execPath, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
    : spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const m = /kpl-bench-cpu ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN };
}

export function measureStartup(runs = 15): StartupResult {
  const dir = mkdtempSync(join(tmpdir(), 'kpl-startup-'));
  try {
    const policy = join(dir, 'small.kpl');
    writeFileSync(policy, SMALL_POLICY);
    const siblings = join(dir, 'siblings.kpl');
    writeFileSync(siblings, siblingsPolicy(4000));
    const kpl = join(ROOT, 'bin', 'kpl.mjs');
    const cases = { node: ['-e', '0'], version: [kpl, '--version'], check: [kpl, 'check', '--quiet', policy], siblings: [kpl, 'check', '--quiet', siblings] };
    for (const args of Object.values(cases)) time(args); // warm the file cache
    const ms: Record<keyof typeof cases, number[]> = { node: [], version: [], check: [], siblings: [] };
    const cpu: Record<keyof typeof cases, number[]> = { node: [], version: [], check: [], siblings: [] };
    for (let i = 0; i < runs; i++) {
      for (const [k, args] of Object.entries(cases)) {
        const t = time(args);
        ms[k as keyof typeof cases].push(t.wall);
        cpu[k as keyof typeof cases].push(t.cpu);
      }
    }
    const nodeMs = median(ms.node);
    const versionMs = median(ms.version);
    const checkMs = median(ms.check);
    return { runs, nodeMs, versionMs, checkMs, versionRatio: versionMs / nodeMs, checkRatio: checkMs / nodeMs, nodeCpuMs: median(cpu.node), versionCpuMs: median(cpu.version), checkCpuMs: median(cpu.check), siblingsMs: median(ms.siblings), siblingsCpuMs: median(cpu.siblings), target: 3 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cpuMs = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? 'n/a' : `${x.toFixed(0)} ms`);

export function startupMarkdown(s: StartupResult): string[] {
  return [
    '## Start-up of the command (issue 11)',
    '',
    `Median wall time of ${s.runs} interleaved runs each; target ≤ ${s.target}× \`node -e 0\`.`,
    '',
    '| command | median | × `node -e 0` | CPU time | × `node -e 0` |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| \`node -e 0\` | ${s.nodeMs.toFixed(0)} ms | 1.0× | ${cpuMs(s.nodeCpuMs)} | 1.0× |`,
    `| \`kpl --version\` | ${s.versionMs.toFixed(0)} ms | ${s.versionRatio.toFixed(1)}× | ${cpuMs(s.versionCpuMs)} | ${(s.versionCpuMs / s.nodeCpuMs).toFixed(1)}× |`,
    `| \`kpl check\` (a 4-line policy) | ${s.checkMs.toFixed(0)} ms | ${s.checkRatio.toFixed(1)}× | ${cpuMs(s.checkCpuMs)} | ${(s.checkCpuMs / s.nodeCpuMs).toFixed(1)}× |`,
    `| \`kpl check\` (4,000 sibling indicators) | ${s.siblingsMs.toFixed(0)} ms | ${(s.siblingsMs / s.nodeMs).toFixed(1)}× | ${cpuMs(s.siblingsCpuMs)} | ${(s.siblingsCpuMs / s.nodeCpuMs).toFixed(1)}× |`,
    '',
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 15);
  const s = measureStartup(runs);
  process.stdout.write(startupMarkdown(s).join('\n') + '\n');
}

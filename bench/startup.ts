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
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
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
  readonly target: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function time(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

export function measureStartup(runs = 15): StartupResult {
  const dir = mkdtempSync(join(tmpdir(), 'kpl-startup-'));
  try {
    const policy = join(dir, 'small.kpl');
    writeFileSync(policy, SMALL_POLICY);
    const kpl = join(ROOT, 'bin', 'kpl.mjs');
    const cases = { node: ['-e', '0'], version: [kpl, '--version'], check: [kpl, 'check', '--quiet', policy] };
    for (const args of Object.values(cases)) time(args); // warm the file cache
    const ms: Record<keyof typeof cases, number[]> = { node: [], version: [], check: [] };
    for (let i = 0; i < runs; i++) for (const [k, args] of Object.entries(cases)) ms[k as keyof typeof cases].push(time(args));
    const nodeMs = median(ms.node);
    const versionMs = median(ms.version);
    const checkMs = median(ms.check);
    return { runs, nodeMs, versionMs, checkMs, versionRatio: versionMs / nodeMs, checkRatio: checkMs / nodeMs, target: 3 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function startupMarkdown(s: StartupResult): string[] {
  return [
    '## Start-up of the command (issue 11)',
    '',
    `Median wall time of ${s.runs} interleaved runs each; target ≤ ${s.target}× \`node -e 0\`.`,
    '',
    '| command | median | × `node -e 0` |',
    '| --- | ---: | ---: |',
    `| \`node -e 0\` | ${s.nodeMs.toFixed(0)} ms | 1.0× |`,
    `| \`kpl --version\` | ${s.versionMs.toFixed(0)} ms | ${s.versionRatio.toFixed(1)}× |`,
    `| \`kpl check\` (a 4-line policy) | ${s.checkMs.toFixed(0)} ms | ${s.checkRatio.toFixed(1)}× |`,
    '',
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 15);
  const s = measureStartup(runs);
  process.stdout.write(startupMarkdown(s).join('\n') + '\n');
}

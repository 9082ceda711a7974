/**
 * The playground's speed, measured in real Chromium over the e2e harness (test/e2e/harness.ts):
 *
 * - first results on a cold load (a new browser context, nothing cached): ms from navigation start;
 * - keystroke → results: real keystrokes typed into the policy editor (a comment at the end, so the
 *   policy stays the same), each waited for until its results are shown; p50/p95 for 1,000 and
 *   10,000 people (the example's data scaled up with the page's own generator);
 * - main-thread long tasks (PerformanceObserver `longtask`, > 50 ms) while typing;
 * - the bundle: total, gzip, and whether Monaco's language workers were left out.
 *
 * Targets (issue 17): p95 ≤ 50 ms at 1,000 people, ≤ 300 ms at 10,000; no task over 50 ms while
 * typing; first results ≤ 1.5 s. Figures depend on the machine's load: read them with that in mind.
 * Run: `npm run bench:playground` (writes bench/results/playground.json).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { ROOT, settle, startPlayground } from '../test/e2e/harness.ts';

const KEYSTROKES = Number(process.env['KPL_BENCH_KEYS'] ?? 25);
const SIZES = (process.env['KPL_BENCH_SIZES'] ?? '1000,10000').split(',').map(Number);

type Hooks = { firstResultsMs(): number | undefined; editToResultsMs(): number | undefined; generate(n: number): void; people(): number; getSource(): string; editor: { focus(): void; setPosition(p: { lineNumber: number; column: number }): void } };

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

async function typing(page: Page): Promise<{ samples: number[]; longTasks: number[] }> {
  await page.evaluate(() => {
    const p = (window as unknown as { __playground: Hooks }).__playground;
    const lines = p.getSource().split('\n').length;
    p.editor.focus();
    p.editor.setPosition({ lineNumber: lines + 1, column: 1 });
  });
  await page.keyboard.type('\n# ');
  await settle(page, 300_000);
  await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks.length = 0));
  const samples: number[] = [];
  const text = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < KEYSTROKES; i++) {
    await page.keyboard.type(text[i % text.length]!);
    await settle(page, 300_000);
    samples.push((await page.evaluate(() => (window as unknown as { __playground: Hooks }).__playground.editToResultsMs()))!);
  }
  const longTasks = await page.evaluate(() => [...(window as unknown as { __longTasks: number[] }).__longTasks]);
  return { samples, longTasks };
}

const pg = await startPlayground();
const result: Record<string, unknown> = { date: new Date().toISOString(), keystrokes: KEYSTROKES };
try {
  const cold: number[] = [];
  for (let i = 0; i < 3; i++) {
    const context = await pg.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(pg.base);
    await page.waitForFunction(() => (window as unknown as { __playground?: Hooks }).__playground?.firstResultsMs() !== undefined, null, { timeout: 120_000, polling: 10 });
    cold.push((await page.evaluate(() => (window as unknown as { __playground: Hooks }).__playground.firstResultsMs()))!);
    await context.close();
  }
  result['firstResultsMs'] = { runs: cold.map((x) => Math.round(x)), median: Math.round(pct(cold, 50)) };

  const context = await pg.browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  await page.goto(pg.base);
  await page.waitForFunction(() => (window as unknown as { __playground?: Hooks }).__playground?.firstResultsMs() !== undefined, null, { timeout: 120_000 });
  await settle(page);
  const bySize: Record<string, unknown> = {};
  for (const n of SIZES) {
    await page.evaluate((x) => (window as unknown as { __playground: Hooks }).__playground.generate(x), n);
    await settle(page, 300_000);
    const people = await page.evaluate(() => (window as unknown as { __playground: Hooks }).__playground.people());
    const { samples, longTasks } = await typing(page);
    bySize[n] = { people, p50: Math.round(pct(samples, 50)), p95: Math.round(pct(samples, 95)), max: Math.round(Math.max(...samples)), longTasks: longTasks.length, longestTask: longTasks.length ? Math.max(...longTasks) : 0 };
    console.log(`${n} people: keystroke→results p50 ${Math.round(pct(samples, 50))} ms, p95 ${Math.round(pct(samples, 95))} ms; ${longTasks.length} long tasks while typing (longest ${longTasks.length ? Math.max(...longTasks) : 0} ms)`);
  }
  result['keystrokeToResults'] = bySize;
  await context.close();

  const files: { file: string; bytes: number; gzip: number }[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else files.push({ file: p.slice(pg.dist.length + 1), bytes: statSync(p).size, gzip: gzipSync(readFileSync(p)).length });
    }
  };
  walk(pg.dist);
  result['bundle'] = {
    totalBytes: files.reduce((a, f) => a + f.bytes, 0),
    totalGzipBytes: files.reduce((a, f) => a + f.gzip, 0),
    languageWorkers: files.filter((f) => /ts\.worker|json\.worker|css\.worker|html\.worker/.test(f.file)).map((f) => f.file),
    files: files.sort((a, b) => b.bytes - a.bytes).slice(0, 8),
  };
  console.log(`first results (cold): median ${result['firstResultsMs'] && (result['firstResultsMs'] as { median: number }).median} ms; bundle ${(result['bundle'] as { totalBytes: number }).totalBytes} bytes (${(result['bundle'] as { totalGzipBytes: number }).totalGzipBytes} gzip)`);
} finally {
  await pg.close();
}
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'playground.json'), JSON.stringify(result, null, 2) + '\n');

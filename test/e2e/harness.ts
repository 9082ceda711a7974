/**
 * The playground in real headless Chromium, for the end-to-end tests and the playground bench
 * (bench/playground.ts): builds it with Vite into a folder of its own, serves it with
 * `vite preview` on 127.0.0.1 and drives Debian's `chromium` with playwright-core.
 *
 * Test hooks: `window.__playground` (playground/src/main.ts). Content is set through the editor
 * model, never typed into Monaco's DOM (see shared/design/playground-anchors.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = process.cwd();
const CONFIG = join(ROOT, 'playground', 'vite.config.ts');

export type Hooks = {
  loadExample(id: string): void;
  setSource(text: string): void;
  getSource(): string;
  modelVersion(): number;
  compiledVersion(): number;
  resultsVersion(): number;
  idle(): boolean;
  stats(): { runs: number; dropped: number; rendered: number };
  formatAvailable(): boolean;
  markers(): { line: number; col: number; endLine: number; endCol: number; message: string; code: string; severity: number }[];
  editToResultsMs(): number | undefined;
  timing(): { compileMs: number; loadMs: number; evalMs: number; totalMs: number } | undefined;
  people(): number;
  rows(): (string | null)[][];
  comparison(): { gradeChanges: number; statusChanges: number; statusMoves: Record<string, number>; people: { key: string; gradeChanged: boolean; move?: string }[] } | undefined;
  setTab(tab: string): void;
  generate(n: number): void;
  running(): boolean;
  stop(): void;
  pin(): void;
  shareLink(withData: boolean): string;
  select(key: string): void;
  tests(): { version: number; cases: number; rows: number; failed: number; problems: number } | undefined;
  coverageLines(): number[];
  editor: {
    trigger(s: string, id: string, a: unknown): void;
    setPosition(p: { lineNumber: number; column: number }): void;
    getPosition(): { lineNumber: number; column: number };
    getAction(id: string): { run(): Promise<void> } | null;
    focus(): void;
    hasTextFocus(): boolean;
    revealLineInCenter(l: number): void;
  };
  monaco: { editor: { getDiffEditors(): { getLineChanges(): unknown[] | null; getModifiedEditor(): { getContentHeight(): number; getScrollHeight(): number; getLayoutInfo(): { height: number } } }[] } };
};
declare global {
  interface Window {
    __playground: Hooks;
    __xss?: number;
  }
}

/** A built and served playground with a browser. */
export interface Playground {
  readonly base: string;
  readonly dist: string;
  readonly browser: Browser;
  /** Console errors and requests to other hosts seen on every page opened with `open`. */
  readonly consoleErrors: string[];
  readonly outside: string[];
  close(): Promise<void>;
}

export async function startPlayground(): Promise<Playground> {
  if (!existsSync('/usr/bin/chromium')) execFileSync('bash', [join(ROOT, 'scripts', 'ensure-chromium.sh')], { stdio: 'inherit' });
  // Each run builds into its own folder, so concurrent runs never serve each other's half-built files.
  const dist = mkdtempSync(join(tmpdir(), 'kpl-playground-'));
  await build({ configFile: CONFIG, logLevel: 'warn', build: { outDir: dist, emptyOutDir: true } });
  const server: PreviewServer = await preview({ configFile: CONFIG, logLevel: 'warn', build: { outDir: dist }, preview: { host: '127.0.0.1', port: 4300 + Math.floor(Math.random() * 500), strictPort: false } });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  return {
    base: server.resolvedUrls!.local[0]!,
    dist,
    browser,
    consoleErrors: [],
    outside: [],
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
      rmSync(dist, { recursive: true, force: true });
    },
  };
}

function track(pg: Playground, context: BrowserContext, page: Page): void {
  page.on('console', (m) => {
    if (m.type() === 'error') pg.consoleErrors.push(`${m.text()} @ ${page.url().slice(0, 80)}`);
  });
  page.on('pageerror', (e) => pg.consoleErrors.push(`pageerror: ${e.message}`));
  context.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol === 'data:' || u.protocol === 'blob:') return;
    if (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost') pg.outside.push(r.url());
  });
}

export async function open(
  pg: Playground,
  opts: { url?: string; storage?: string; width?: number; height?: number; locale?: string } = {},
): Promise<{ page: Page; context: BrowserContext }> {
  const context = await pg.browser.newContext({
    viewport: { width: opts.width ?? 1600, height: opts.height ?? 1000 },
    acceptDownloads: true,
    locale: opts.locale ?? 'zh-CN',
    ...(opts.storage ? { storageState: opts.storage } : {}),
  });
  const page = await context.newPage();
  track(pg, context, page);
  await page.goto(opts.url ?? pg.base);
  await page.waitForFunction(() => window.__playground !== undefined && window.__playground.resultsVersion() > 0, null, { timeout: 60_000 });
  await settle(page);
  return { page, context };
}

/** Waits until the markers and the results belong to the editor's current text. */
export async function settle(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const p = window.__playground;
      return p.idle() && p.compiledVersion() === p.modelVersion() && p.resultsVersion() === p.modelVersion();
    },
    null,
    { timeout, polling: 20 },
  );
}

/** Waits until the element's text contains (or, with exact, equals) the given text. */
export async function waitText(page: Page, selector: string, text: string, exact = false, timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    ([sel, want, ex]) => {
      const t = document.querySelector(sel as string)?.textContent ?? '';
      return ex ? t.trim() === want : t.includes(want as string);
    },
    [selector, text, exact] as const,
    { timeout },
  );
}

export async function visible(page: Page, selector: string, timeout = 10_000): Promise<void> {
  await page.waitForSelector(selector, { state: 'visible', timeout });
}

export async function gone(page: Page, selector: string, timeout = 10_000): Promise<void> {
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 0, selector, { timeout });
}

/**
 * The playground in real headless Chromium, used as a policy author would (harness: ./harness.ts).
 * Screenshots, timings and bundle sizes go to test-artifacts/playground/.
 */
import { read as readXlsx, utils as xlsxUtils } from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { compile, evaluate, loadTables, writeCsv } from '../../src/index.ts';
import { gone, open as openPage, ROOT, settle, startPlayground, visible, waitText, type Playground } from './harness.ts';

const ARTIFACTS = join(ROOT, 'test-artifacts', 'playground');
const CASES = readdirSync(join(ROOT, 'policies'))
  .filter((f) => f.endsWith('.kpl') && existsSync(join(ROOT, 'policies', 'data', f.replace(/\.kpl$/, ''), 'expected.csv')))
  .map((f) => f.replace(/\.kpl$/, ''))
  .sort();

let pg: Playground;
let base = '';
let DIST = '';
const perf: Record<string, unknown> = {};

function open(url = base, storage?: string): Promise<{ page: Page; context: BrowserContext }> {
  return openPage(pg, { url, ...(storage ? { storage } : {}) });
}

async function tableRows(page: Page): Promise<{ header: string[]; rows: string[][] }> {
  const header = await page.$$eval('#results-table thead th.out-col', (ths) => ths.map((th) => (th as HTMLElement).dataset['col'] ?? ''));
  const rows = await page.$$eval('#results-table tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td.out')).map((td) => td.textContent ?? '')));
  return { header, rows };
}

function csvRows(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** The CSV download, which starts with the UTF-8 BOM (so Excel opens it as UTF-8), without the BOM. */
async function downloadCsv(page: Page): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#btn-download')]);
  const text = readFileSync((await dl.path())!, 'utf8');
  expect(text.charCodeAt(0), 'the CSV download starts with the BOM').toBe(0xfeff);
  return text.slice(1);
}

function cliCsv(caseName: string, source: string): string {
  const c = compile('policy.kpl', source);
  if (!c.plan) throw new Error(c.diagnostics.map((d) => d.message).join('\n'));
  const dir = join(ROOT, 'policies', 'data', caseName);
  const files = c.plan.inputs.map((t) => ({ table: t.name, fileName: `${t.name}.csv`, bytes: new Uint8Array(readFileSync(join(dir, `${t.name}.csv`))) }));
  const r = evaluate(c.plan, loadTables(c.plan.inputs, files));
  return writeCsv(r.columns, r.people.map((p) => p.cells));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  pg = await startPlayground();
  base = pg.base;
  DIST = pg.dist;
}, 300_000);

afterAll(async () => {
  writeFileSync(join(ARTIFACTS, 'perf.json'), JSON.stringify(perf, null, 2) + '\n');
  await pg?.close();
});

describe('playground in Chromium', () => {
  it('accepts an .xlsx workbook and a GB18030 CSV upload; offers the results as a workbook', async () => {
    const { page, context } = await open();
    await page.evaluate(() => window.__playground.loadExample('customer-manager'));
    await settle(page);
    const expected = readFileSync(join(ROOT, 'policies', 'data', 'customer-manager', 'expected.csv'), 'utf8');
    await page.click('.tab[data-tab="data"]');
    for (const file of ['customer-manager.xlsx', join('customer-manager', 'employees.gb18030.csv')]) {
      await page.setInputFiles('.data-card[data-table="employees"] input[type=file]', join(ROOT, 'test', 'fixtures', 'office', file));
      await settle(page);
      expect(await downloadCsv(page), file).toBe(expected);
    }
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#btn-download-xlsx')]);
    const wb = readXlsx(readFileSync((await dl.path())!), { cellNF: true });
    const rows = xlsxUtils.sheet_to_json<string[]>(wb.Sheets['结果']!, { header: 1, raw: false, defval: '' });
    expect([rows[0]!, ...rows.slice(2)].map((r) => r.join(',')).join('\n') + '\n').toBe(expected);
    await context.close();
  }, 90_000);

  it('reports its bundle size', () => {
    const files: { file: string; bytes: number; gzip: number }[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else files.push({ file: p.slice(DIST.length + 1), bytes: statSync(p).size, gzip: gzipSync(readFileSync(p)).length });
      }
    };
    walk(DIST);
    const total = files.reduce((a, f) => a + f.bytes, 0);
    const gzip = files.reduce((a, f) => a + f.gzip, 0);
    perf['bundle'] = { totalBytes: total, totalGzipBytes: gzip, files: files.sort((a, b) => b.bytes - a.bytes) };
    expect(files.some((f) => /kpl\.worker/.test(f.file))).toBe(true);
    // The editor-only Monaco entry: no TypeScript/JSON/CSS/HTML language workers.
    expect(files.some((f) => /ts\.worker|json\.worker|css\.worker|html\.worker/.test(f.file))).toBe(false);
    expect(total).toBeLessThan(12 * 1024 * 1024);
  });

  it('loads every example and shows exactly its expected.csv; the download is the same bytes', async () => {
    const { page, context } = await open();
    const ids = await page.evaluate(() => (window.__playground as unknown as { examples(): string[] }).examples());
    expect(ids).toEqual(CASES);
    for (const id of CASES) {
      await page.evaluate((x) => window.__playground.loadExample(x), id);
      await settle(page);
      const expected = readFileSync(join(ROOT, 'policies', 'data', id, 'expected.csv'), 'utf8');
      const want = csvRows(expected);
      const { header, rows } = await tableRows(page);
      expect(header, id).toEqual(want[0]);
      expect(rows, id).toEqual(want.slice(1));
      await visible(page, '#expected-badge.ok');
      expect(await downloadCsv(page), id).toBe(expected);
      expect(await page.evaluate(() => window.__playground.markers().filter((m) => m.severity === 8).length)).toBe(0);
    }
    await page.evaluate(() => window.__playground.loadExample('customer-manager'));
    await settle(page);
    await shot(page, '01-results');
    await context.close();
  }, 120_000);

  it('shows an error as a marker and in Problems while typing, and the results come back after the fix', async () => {
    const { page, context } = await open();
    await page.evaluate(() => window.__playground.loadExample('customer-manager'));
    await settle(page);
    const good = await page.evaluate(() => window.__playground.getSource());
    const bad = good.replace('retention_rate * 100', 'retention_rat * 100');
    expect(bad).not.toBe(good);
    await page.evaluate((s) => window.__playground.setSource(s), bad);
    await settle(page);
    const markers = await page.evaluate(() => window.__playground.markers());
    const m = markers.find((x) => x.code === 'KPL2001');
    expect(m, JSON.stringify(markers)).toBeDefined();
    const line = bad.split('\n').findIndex((l) => l.includes('retention_rat *')) + 1;
    expect(m!.line).toBe(line);
    expect(m!.message).toContain('未定义的名称 `retention_rat`');
    await page.evaluate((l) => window.__playground.editor.revealLineInCenter(l), line);
    await page.waitForSelector('.squiggly-error', { timeout: 10_000 });
    await waitText(page, '.problems-list .problem.error', 'retention_rat');
    await visible(page, '.banner.warn');
    await shot(page, '02-error-marker');
    // Problems entry jumps to the line.
    await page.click('.problems-list .problem.error');
    expect(await page.evaluate(() => window.__playground.editor.getPosition().lineNumber)).toBe(line);
    // English switch: UI and diagnostics.
    await page.click('#btn-lang');
    await waitText(page, '.tab[data-tab="results"]', 'Results', true);
    expect((await page.evaluate(() => window.__playground.markers()))[0]!.message).toContain('unknown name `retention_rat`');
    await page.click('#btn-lang');
    // Fix it.
    await page.evaluate((s) => window.__playground.setSource(s), good);
    await settle(page);
    expect(await page.evaluate(() => window.__playground.markers().filter((x) => x.severity === 8))).toEqual([]);
    await gone(page, '.banner.warn');
    const { rows } = await tableRows(page);
    expect(rows).toEqual(csvRows(readFileSync(join(ROOT, 'policies', 'data', 'customer-manager', 'expected.csv'), 'utf8')).slice(1));
    await context.close();
  }, 90_000);

  it('offers completion, hover with the effective weight, and go-to-definition', async () => {
    const { page, context } = await open();
    await page.evaluate(() => window.__playground.loadExample('customer-manager'));
    await settle(page);
    const src = await page.evaluate(() => window.__playground.getSource());
    const lines = src.split('\n');
    // Hover on an indicator used as a name: its declaration line.
    const declLine = lines.findIndex((l) => /indicator 销售完成率/.test(l)) + 1;
    const declCol = lines[declLine - 1]!.indexOf('销售完成率') + 2;
    await page.evaluate(([l, c]) => {
      const e = window.__playground.editor;
      e.focus();
      e.setPosition({ lineNumber: l!, column: c! });
      e.trigger('test', 'editor.action.showHover', {});
    }, [declLine, declCol]);
    await waitText(page, '.monaco-hover-content', '在总分中的有效权重');
    const hoverText = await page.$eval('.monaco-hover-content', (el) => el.textContent ?? '');
    // The effective weight is the product of the weights on the path, e.g. `25% = 50% × 100% × 50%`.
    const m = /([\d.]+)% = ([\d.]+)% × ([\d.]+)% × ([\d.]+)%/.exec(hoverText);
    expect(m, hoverText).not.toBeNull();
    expect(Number(m![1])).toBeCloseTo((Number(m![2]) * Number(m![3]) * Number(m![4])) / 10000, 6);
    await shot(page, '03-hover');
    // Completion inside a rule offers columns, indicators and built-ins.
    const totalLine = lines.findIndex((l) => /^total\s*=/.test(l)) + 1;
    await page.evaluate((l) => {
      const e = window.__playground.editor;
      e.setPosition({ lineNumber: l, column: 9 });
      e.trigger('test', 'editor.action.triggerSuggest', {});
    }, totalLine);
    await page.waitForSelector('.suggest-widget .monaco-list-row', { timeout: 10_000 });
    const labels = await page.$$eval('.suggest-widget .monaco-list-row', (rows) => rows.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
    expect(labels.join(' ')).toMatch(/sales_actual|销售完成率|interpolate|weighted|awards|表彰加分/);
    await shot(page, '04-completion');
    await page.keyboard.press('Escape');
    // Go to definition of `表彰加分` used in `total`.
    const useCol = lines[totalLine - 1]!.indexOf('表彰加分') + 2;
    await page.evaluate(
      ([l, c]) => {
        const e = window.__playground.editor;
        e.setPosition({ lineNumber: l!, column: c! });
        e.trigger('test', 'editor.action.revealDefinition', {});
      },
      [totalLine, useCol],
    );
    const adjustLine = lines.findIndex((l) => /^adjust 表彰加分/.test(l)) + 1;
    await page.waitForFunction((l) => window.__playground.editor.getPosition().lineNumber === l, adjustLine, { timeout: 5000 });
    await context.close();
  }, 90_000);

  it('previews a weight change against the baseline: changed grades, distribution, rewards and the policy diff', async () => {
    const { page, context } = await open();
    await page.evaluate(() => window.__playground.loadExample('customer-manager'));
    await settle(page);
    const src = await page.evaluate(() => window.__playground.getSource());
    const changed = src.replace(/(indicator 业务拓展 "business" weight )50%/, '$130%').replace(/(indicator 客户经营 "customer" weight )35%/, '$155%');
    expect(changed).not.toBe(src);
    await page.evaluate((s) => window.__playground.setSource(s), changed);
    await settle(page);
    await page.click('.tab[data-tab="change"]');
    await visible(page, '#kpi-grade-changes');
    await shot(page, '05-change-preview');
    const cmp = await page.evaluate(() => window.__playground.comparison());
    expect(cmp!.gradeChanges).toBeGreaterThan(0);
    await waitText(page, '#kpi-grade-changes .kpi-value', String(cmp!.gradeChanges), true);
    // Where the totals moved: points leave 业务拓展 (50% → 30%) and go to 客户经营 (35% → 55%).
    const delta = (id: string) => page.$eval(`#indicator-attribution tr[data-indicator="${id}"] td:nth-child(4)`, (td) => td.textContent ?? '');
    expect(await delta('业务拓展')).toMatch(/^-\d/);
    expect(await delta('客户经营')).toMatch(/^\+\d/);
    expect(await delta('个人发展')).toBe('0');
    const changedRows = page.locator('#change-table tbody tr.grade-up, #change-table tbody tr.grade-down');
    expect(await changedRows.count()).toBe(cmp!.gradeChanges);
    await visible(page, '#transition-matrix td.up, #transition-matrix td.down');
    await page.waitForFunction(() => (window.__playground.monaco.editor.getDiffEditors()[0]?.getLineChanges()?.length ?? 0) >= 1, null, { timeout: 10_000 });
    // The new results are the CLI's for the edited policy.
    expect(await downloadCsv(page)).toBe(cliCsv('customer-manager', changed));
    await page.locator('#policy-diff').scrollIntoViewIfNeeded();
    await shot(page, '05b-change-preview-diff');
    await page.locator('.tab-bodies').evaluate((el) => el.scrollTo(0, 0));
    // A transition cell filters the people; a row opens the explanation.
    await page.locator('#transition-matrix td.up, #transition-matrix td.down').first().click();
    await visible(page, '.filters .chip.active');
    await page.locator('#change-table tbody tr').first().click();
    await page.waitForFunction(() => (window.__playground as unknown as { explanation(): { found: boolean } | undefined }).explanation()?.found === true);
    await visible(page, '.baseline-line');
    await visible(page, '#explain-baseline');
    await visible(page, '.waterfall .wf-step');
    expect(await page.locator('.view-overlays .explain-line').count()).toBeGreaterThan(0);
    await shot(page, '06-explain');
    // The appeal-ready report, computed on demand by the CLI's own explainPerson.
    await page.click('#cli-report summary');
    await page.waitForSelector('#cli-text', { timeout: 20_000 });
    const key = await page.evaluate(() => (window.__playground as unknown as { explanation(): { key: string } }).explanation().key);
    await waitText(page, '#cli-text', key);
    await page.locator('#cli-report').scrollIntoViewIfNeeded();
    await shot(page, '06b-explain-report');
    // Revert to the baseline: nothing differs any more.
    await page.click('.tab[data-tab="change"]');
    await page.click('#btn-revert');
    await settle(page);
    await visible(page, '#no-change');
    await context.close();
  }, 90_000);

  it('shares the state in a compressed URL that reopens the same policy, data and results', async () => {
    const { page, context } = await open();
    await page.evaluate(() => window.__playground.loadExample('service-manager'));
    await settle(page);
    const edited = (await page.evaluate(() => window.__playground.getSource())).replace(/优秀: 1\.2/, '优秀: 1.5');
    await page.evaluate((s) => window.__playground.setSource(s), edited);
    await settle(page);
    // Change the data too: one person's satisfaction.
    await page.click('.tab[data-tab="data"]');
    await page.click('.data-card[data-table="employees"] button[data-action="edit"]');
    const ta = page.locator('textarea.csv-text[data-table="employees"]');
    const text = (await ta.inputValue()).replace('S001,范凯,热线一组,94.9', 'S001,范凯,热线一组,71.0');
    await ta.fill(text);
    await page.click('button[data-action="apply"]');
    await settle(page);
    const rowsBefore = await page.evaluate(() => window.__playground.rows());
    await page.click('#btn-share');
    expect(await page.locator('#share-link').inputValue()).toMatch(/#f=1&c=kpl[^&]*&z=/);
    await shot(page, '07-share');
    const noData = await page.locator('#share-link').inputValue();
    await page.click('#share-data');
    const withData = await page.locator('#share-link').inputValue();
    expect(withData.length).toBeGreaterThan(noData.length);
    await page.keyboard.press('Escape');
    // Reopen in a fresh browser profile.
    const a = await open(withData);
    expect(await a.page.evaluate(() => window.__playground.getSource())).toBe(edited);
    expect(await a.page.evaluate(() => window.__playground.rows())).toEqual(rowsBefore);
    await waitText(a.page, '#notice', '分享链接');
    expect(await a.page.evaluate(() => location.hash)).toBe('');
    await a.context.close();
    // Without data: the example's own data.
    const b = await open(noData);
    expect(await b.page.evaluate(() => window.__playground.getSource())).toBe(edited);
    expect(await b.page.evaluate(() => window.__playground.rows())).not.toEqual(rowsBefore);
    await b.context.close();
    // Work is kept across a reload.
    await page.reload();
    await page.waitForFunction(() => window.__playground !== undefined && window.__playground.resultsVersion() > 0);
    await settle(page);
    expect(await page.evaluate(() => window.__playground.getSource())).toBe(edited);
    expect(await page.evaluate(() => window.__playground.rows())).toEqual(rowsBefore);
    await context.close();
  }, 90_000);

  it('lists data errors by row and column, and renders names from data and policy as text', async () => {
    const { page, context } = await open();
    await page.evaluate(() => window.__playground.loadExample('customer-manager'));
    await settle(page);
    await page.click('.tab[data-tab="data"]');
    await page.click('.data-card[data-table="employees"] button[data-action="edit"]');
    const ta = page.locator('textarea.csv-text[data-table="employees"]');
    const text = (await ta.inputValue())
      .replace('E0001,董峰,', 'E0001,<img src=x onerror=window.__xss=1>,')
      .replace('E0002,陈峰明,城区二部,230319.08', 'E0002,陈峰明,城区二部,lots');
    await ta.fill(text);
    await page.click('button[data-action="apply"]');
    await settle(page);
    await waitText(page, '#data-errors tbody tr[data-line="3"]', 'sales_actual');
    await waitText(page, '#data-errors tbody tr[data-line="3"]', 'employees');
    await shot(page, '08-data-errors');
    // A policy whose name is markup.
    const src = (await page.evaluate(() => window.__playground.getSource())).replace(/policy "[^"]*"/, 'policy "<b id=evil>方案</b>"');
    await page.evaluate((s) => window.__playground.setSource(s), src);
    await settle(page);
    await page.click('.tab[data-tab="results"]');
    await waitText(page, '#results-table tbody tr[data-key="E0001"] td.input-col', '<img src=x onerror=window.__xss=1>', true);
    await waitText(page, '.policy-name', '<b id=evil>方案</b>');
    expect(await page.locator('#evil').count()).toBe(0);
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    await context.close();
  }, 90_000);

  it('coalesces a burst of edits and never shows an outdated result', async () => {
    const { page, context } = await open();
    await page.evaluate(() => window.__playground.loadExample('manager-360'));
    await settle(page);
    const src = await page.evaluate(() => window.__playground.getSource());
    const before = await page.evaluate(() => window.__playground.stats());
    // 30 edits in one go, as fast typing would make them.
    await page.evaluate((s) => {
      for (let i = 0; i < 30; i++) window.__playground.setSource(`${s}\n# typing ${i}\n`);
    }, src);
    await settle(page);
    const after = await page.evaluate(() => window.__playground.stats());
    expect(after.runs - before.runs).toBeLessThan(30);
    expect(after.rendered - before.rendered).toBeGreaterThanOrEqual(1);
    expect(await page.evaluate(() => window.__playground.getSource())).toBe(`${src}\n# typing 29\n`);
    expect(await page.evaluate(() => window.__playground.resultsVersion() === window.__playground.modelVersion())).toBe(true);
    await context.close();
  }, 60_000);

  it('formats the document with kpl fmt when src/index.ts exports it, else says it is not there', async () => {
    const { page, context } = await open();
    await page.evaluate(() => window.__playground.loadExample('service-manager'));
    await settle(page);
    const src = await page.evaluate(() => window.__playground.getSource());
    if (await page.evaluate(() => window.__playground.formatAvailable())) {
      const messy = src.replace(/\n(indicator)/g, '\n   $1').replace(/weight 40%/, 'weight   40%');
      await page.evaluate((s) => window.__playground.setSource(s), messy);
      await settle(page);
      await page.click('#btn-format');
      await page.waitForFunction((m) => window.__playground.getSource() !== m, messy, { timeout: 10_000 });
      await settle(page);
      expect(await page.evaluate(() => window.__playground.markers().filter((m) => m.severity === 8))).toEqual([]);
      const formatted = await page.evaluate(() => window.__playground.getSource());
      expect(formatted).not.toMatch(/\n {3}indicator|weight {3}40%/);
      // Formatting is idempotent, and the results are those of the unformatted policy.
      await page.click('#btn-format');
      await page.waitForTimeout(500);
      await settle(page);
      expect(await page.evaluate(() => window.__playground.getSource())).toBe(formatted);
      await shot(page, '13-formatted');
    } else {
      await page.click('#btn-format');
      await visible(page, '#notice:not([hidden])');
      await waitText(page, '#notice', 'kpl fmt');
      expect(await page.evaluate(() => window.__playground.getSource())).toBe(src);
    }
    await context.close();
  }, 60_000);

  it('times edit → updated results for each example', async () => {
    const { page, context } = await open();
    const times: Record<string, { medianMs: number; samples: number[]; people: number; compileMs: number; evalMs: number }> = {};
    for (const id of CASES) {
      await page.evaluate((x) => window.__playground.loadExample(x), id);
      await settle(page);
      const src = await page.evaluate(() => window.__playground.getSource());
      const samples: number[] = [];
      let last: { compileMs: number; evalMs: number } | undefined;
      for (let i = 0; i < 8; i++) {
        // A real edit: a comment line changes, so the policy is compiled and evaluated again.
        await page.evaluate((s) => window.__playground.setSource(s), `${src}\n# edit ${i}\n`);
        await settle(page);
        samples.push((await page.evaluate(() => window.__playground.editToResultsMs()))!);
        last = (await page.evaluate(() => window.__playground.timing()))!;
      }
      const people = await page.evaluate(() => window.__playground.people());
      times[id] = { medianMs: Math.round(median(samples.slice(2))), samples: samples.map((x) => Math.round(x)), people, compileMs: Math.round(last!.compileMs), evalMs: Math.round(last!.evalMs) };
    }
    perf['examples'] = times;
    for (const id of CASES) expect(times[id]!.medianMs).toBeLessThan(3000);
    await context.close();
  }, 120_000);

  it('stops a long run without freezing the page, and times 10,000 people', async () => {
    const { page, context } = await open();
    await page.evaluate(() => window.__playground.loadExample('customer-manager'));
    await settle(page);
    await page.click('.tab[data-tab="data"]');
    await page.fill('#generate-n', '10000');
    const t0 = Date.now();
    await page.click('#btn-generate');
    // While it runs, the page stays responsive and the run can be stopped.
    await page.waitForSelector('#btn-stop', { timeout: 10_000 });
    const pingStart = Date.now();
    await page.evaluate(() => 1);
    const ping = Date.now() - pingStart;
    await page.click('#btn-stop');
    await visible(page, '.st-stopped');
    expect(await page.evaluate(() => window.__playground.running())).toBe(false);
    await shot(page, '09-stopped');
    // Run again to the end (first run: data loading included).
    const src = await page.evaluate(() => window.__playground.getSource());
    await page.evaluate((s) => window.__playground.setSource(s), `${src}\n# run\n`);
    await settle(page, 240_000);
    const first = Date.now() - t0;
    expect(await page.evaluate(() => window.__playground.people())).toBe(10000);
    const samples: number[] = [];
    let timing: unknown;
    for (let i = 0; i < 3; i++) {
      await page.evaluate((s) => window.__playground.setSource(s), `${src}\n# edit ${i}\n`);
      await settle(page, 240_000);
      samples.push((await page.evaluate(() => window.__playground.editToResultsMs()))!);
      timing = await page.evaluate(() => window.__playground.timing());
    }
    // The preview runs on the fast engine in the browser too.
    expect((timing as { engine?: string }).engine).toBe('fast');
    perf['tenThousand'] = { people: 10000, medianMs: Math.round(median(samples)), samples: samples.map((x) => Math.round(x)), firstRunWithLoadMs: first, lastTiming: timing, pingWhileRunningMs: ping };
    await page.click('.tab[data-tab="distribution"]');
    await shot(page, '10-distribution-10k');
    await context.close();
  }, 300_000);

  it('shows the examples gallery and the English UI', async () => {
    const { page, context } = await open();
    await page.click('#btn-examples');
    expect(await page.locator('.example-card').count()).toBe(CASES.length);
    await shot(page, '11-gallery');
    await page.click(`.example-card[data-example="manager-360"] button`);
    await settle(page);
    await page.click('#btn-lang');
    await page.click('.tab[data-tab="distribution"]');
    await waitText(page, '.tab[data-tab="distribution"]', 'Distribution & rewards', true);
    await shot(page, '12-english-distribution');
    await context.close();
  }, 60_000);

  it('logged no console error and sent no request off this machine', () => {
    expect(pg.consoleErrors).toEqual([]);
    expect(pg.outside).toEqual([]);
  });
});

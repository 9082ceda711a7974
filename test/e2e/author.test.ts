/**
 * The defects an author hit in the playground (issue 17), each re-tried in real Chromium at a
 * desktop and a phone size: the suggest widget's layout, the 360–390 px layout, share links pasted
 * into an open tab, the change preview's status moves, undo, Stop, the problems count with data
 * errors, keyboard use, one language per view, the policy diff. Harness: ./harness.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { open, ROOT, settle, startPlayground, visible, waitText, type Playground } from './harness.ts';

let pg: Playground;

beforeAll(async () => {
  pg = await startPlayground();
}, 300_000);

afterAll(async () => {
  await pg?.close();
});

const EMPLOYEES = readFileSync(join(ROOT, 'policies', 'data', 'customer-manager', 'employees.csv'), 'utf8');

async function example(page: Page, id = 'customer-manager'): Promise<string> {
  await page.evaluate((x) => window.__playground.loadExample(x), id);
  await settle(page);
  return page.evaluate(() => window.__playground.getSource());
}

async function edit(page: Page, f: (s: string) => string): Promise<void> {
  const src = await page.evaluate(() => window.__playground.getSource());
  const next = f(src);
  expect(next).not.toBe(src);
  await page.evaluate((s) => window.__playground.setSource(s), next);
  await settle(page);
}

/** Pastes CSV text as a table's data on the Data tab, as an author does. */
async function pasteData(page: Page, table: string, text: string): Promise<void> {
  await page.click('.tab[data-tab="data"]');
  await page.click(`.data-card[data-table="${table}"] [data-action="edit"]`);
  await page.fill(`textarea.csv-text[data-table="${table}"]`, text);
  await page.click(`.data-card[data-table="${table}"] [data-action="apply"]`);
  await settle(page);
}

/** Nothing on the page is wider than the window. */
async function noOverflow(page: Page, width: number, where: string): Promise<void> {
  const w = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
  expect(w, `${where}: page width ${w} at a ${width} px window`).toBeLessThanOrEqual(width);
}

describe('playground defects an author hit (issue 17)', () => {
  it('keeps the suggest widget readable: the app styles do not reach Monaco’s `.left`/`.right`', async () => {
    const { page, context } = await open(pg);
    const src = await example(page);
    const line = src.split('\n').findIndex((l) => /^total\s*=/.test(l)) + 1;
    await page.evaluate((l) => {
      const e = window.__playground.editor;
      e.focus();
      e.setPosition({ lineNumber: l, column: 9 });
      e.trigger('test', 'editor.action.triggerSuggest', {});
    }, line);
    await page.waitForSelector('.suggest-widget .monaco-list-row.focused', { timeout: 10_000 });
    const look = await page.$eval('.suggest-widget .monaco-list-row.focused', (row) => {
      const left = row.querySelector('.left') as HTMLElement;
      const right = row.querySelector('.right') as HTMLElement;
      const cs = getComputedStyle(left);
      const r = row.getBoundingClientRect();
      const l = left.getBoundingClientRect();
      return { direction: cs.flexDirection, border: cs.borderRightWidth, bg: cs.backgroundColor, rowH: r.height, leftH: l.height, rightDir: getComputedStyle(right).flexDirection, label: left.textContent ?? '' };
    });
    expect(look.direction).toBe('row');
    expect(look.rightDir).toBe('row');
    expect(look.border).toBe('0px');
    expect(look.bg).toBe('rgba(0, 0, 0, 0)');
    expect(look.leftH).toBeLessThanOrEqual(look.rowH);
    expect(look.label.length).toBeGreaterThan(0);
    await context.close();
  }, 90_000);

  for (const [width, height] of [
    [390, 844],
    [360, 740],
  ] as const) {
    it(`is usable at ${width} px: one column, nothing wider than the screen, every tab reachable`, async () => {
      const { page, context } = await open(pg, { width, height });
      await example(page);
      await noOverflow(page, width, 'results');
      const editor = await page.$eval('#editor', (e) => e.getBoundingClientRect().toJSON() as DOMRect);
      expect(editor.width).toBeLessThanOrEqual(width);
      expect(editor.height).toBeGreaterThanOrEqual(250);
      for (const b of await page.$$eval('#header button', (bs) => bs.map((x) => ({ id: x.id, ...(x.getBoundingClientRect().toJSON() as DOMRect) })))) {
        expect(b.right, `${b.id} fits`).toBeLessThanOrEqual(width);
        expect(b.left).toBeGreaterThanOrEqual(0);
      }
      await page.evaluate(() => window.__playground.pin());
      await edit(page, (s) => s.replace('indicator 销售完成率 weight 50%', 'indicator 销售完成率 weight 40%').replace('indicator 销售增长率 weight 30%', 'indicator 销售增长率 weight 40%'));
      for (const tab of ['results', 'distribution', 'explain', 'change', 'data']) {
        await page.click(`.tab[data-tab="${tab}"]`);
        await visible(page, `#panel-${tab}`);
        await page.waitForTimeout(100);
        await noOverflow(page, width, tab);
      }
      await page.click('.tab[data-tab="results"]');
      await page.click('#results-table tbody tr');
      await visible(page, '#kpi-total');
      await noOverflow(page, width, 'explanation');
      await page.screenshot({ path: join(ROOT, 'test-artifacts', 'playground', `phone-${width}.png`), fullPage: true }).catch(() => undefined);
      await context.close();
    }, 120_000);
  }

  it('opens a share link pasted into an open tab; a link without data keeps the data there and says so', async () => {
    const { page, context } = await open(pg);
    await example(page);
    // The sender works on data of their own (20 people) and shares without it.
    await pasteData(page, 'employees', EMPLOYEES.split('\n').slice(0, 21).join('\n') + '\n');
    await edit(page, (s) => s.replace('A at most 20%', 'A at most 30%'));
    const link = await page.evaluate(() => window.__playground.shareLink(false));
    // Another tab, in use with data of its own (the first 10 people).
    const { page: other, context: c2 } = await open(pg);
    await example(other, 'customer-manager');
    await pasteData(other, 'employees', EMPLOYEES.split('\n').slice(0, 11).join('\n') + '\n');
    expect(await other.evaluate(() => window.__playground.people())).toBe(10);
    await other.evaluate((u) => (location.hash = new URL(u).hash), link);
    await other.waitForFunction(() => window.__playground.getSource().includes('A at most 30%'), null, { timeout: 10_000 });
    await settle(other);
    expect(await other.evaluate(() => window.__playground.people())).toBe(10);
    await waitText(other, '#notice', '此链接不含数据');
    await waitText(other, '#notice', '本页已有的数据');
    // A fresh page: the example's sample data, said so.
    const { page: fresh, context: c3 } = await open(pg, { url: link });
    expect(await fresh.evaluate(() => window.__playground.getSource())).toContain('A at most 30%');
    await waitText(fresh, '#notice', '样例数据');
    expect(await fresh.evaluate(() => window.__playground.people())).toBe(56);
    // A link whose data is the example's own means that data, and says nothing of the kind.
    await page.evaluate(() => (window.__playground as unknown as { app: { restoreExampleData(): void } }).app.restoreExampleData());
    await settle(page);
    const { page: plain, context: c4 } = await open(pg, { url: await page.evaluate(() => window.__playground.shareLink(false)) });
    expect(await plain.evaluate(() => window.__playground.people())).toBe(56);
    await waitText(plain, '#notice', '已从分享链接打开');
    expect(await plain.$eval('#notice', (e) => e.textContent ?? '')).not.toContain('不含数据');
    for (const c of [context, c2, c3, c4]) await c.close();
  }, 120_000);

  it('puts status moves first in the change preview: not assessed, errors, capped by a quota, with counts in the headline', async () => {
    const { page, context } = await open(pg);
    await example(page);
    // Rows with no complaints no longer pass the column's check (they drop out of the assessment),
    // and a tighter quota caps more people at B.
    await edit(page, (s) => s.replace('complaints: integer >= 0', 'complaints: integer >= 1').replace('A at most 20% floor, min 1 -> B', 'A at most 5% floor, min 1 -> B'));
    await page.click('.tab[data-tab="change"]');
    await visible(page, '#change-headline');
    const cmp = (await page.evaluate(() => window.__playground.comparison()))!;
    expect(cmp.statusMoves['notAssessed']).toBeGreaterThan(0);
    expect(cmp.statusMoves['capped']).toBeGreaterThan(0);
    const headline = await page.$eval('#change-headline', (e) => e.textContent ?? '');
    expect(headline).toContain(`状态变化 ${cmp.statusChanges} 人`);
    expect(headline).toContain(`不再参与考核 ${cmp.statusMoves['notAssessed']}`);
    expect(headline).toContain(`被配额压级 ${cmp.statusMoves['capped']}`);
    expect(await page.$eval('#kpi-status-changes .kpi-value', (e) => e.textContent)).toBe(String(cmp.statusChanges));
    // The per-person list starts with the status moves.
    const moves = await page.$$eval('#change-table tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).dataset['move'] ?? ''));
    const firstPlain = moves.indexOf('');
    expect(moves.slice(0, cmp.statusChanges).every((m) => m !== '')).toBe(true);
    if (firstPlain >= 0) expect(moves.slice(firstPlain).every((m) => m === '')).toBe(true);
    // The tab's badge counts them too.
    expect(Number(await page.$eval('.tab[data-tab="change"] .badge', (e) => e.textContent))).toBe(cmp.gradeChanges + cmp.statusChanges);
    await context.close();
  }, 90_000);

  it('undo after loading an example does not empty the editor', async () => {
    const { page, context } = await open(pg);
    const src = await example(page, 'manager-360');
    await page.evaluate(() => {
      window.__playground.editor.focus();
      window.__playground.editor.trigger('test', 'undo', null);
    });
    expect(await page.evaluate(() => window.__playground.getSource())).toBe(src);
    await context.close();
  }, 60_000);

  it('after Stop, says the results shown are from an earlier version', async () => {
    const { page, context } = await open(pg);
    await example(page);
    await page.evaluate(() => window.__playground.generate(10000));
    await settle(page, 120_000);
    await page.evaluate(() => {
      const p = window.__playground;
      p.setSource(p.getSource().replace('A at most 20%', 'A at most 25%'));
      p.stop();
    });
    await visible(page, '#results-outdated');
    expect(await page.$eval('#results-table', (e) => e.classList.contains('outdated'))).toBe(true);
    // The next edit runs again and the warning goes.
    await edit(page, (s) => s.replace('A at most 25%', 'A at most 20%'));
    expect(await page.$('#results-outdated')).toBeNull();
    await context.close();
  }, 180_000);

  it('never says “no problems” while the data has errors; a missing column is one entry naming that column', async () => {
    const { page, context } = await open(pg);
    await example(page);
    const lines = EMPLOYEES.trimEnd().split('\n');
    const col = lines[0]!.split(',').indexOf('sales_actual');
    await pasteData(page, 'employees', lines.map((l) => l.split(',').filter((_, i) => i !== col).join(',')).join('\n') + '\n');
    const rows = await page.$$eval('#data-errors tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')));
    const missing = rows.filter((r) => r[3] === 'KPL3003');
    expect(missing, JSON.stringify(rows)).toHaveLength(1);
    expect(missing[0]![2]).not.toBe('id');
    expect(missing[0]![4]).toContain('sales_actual');
    await visible(page, '.problems-list .data-problems');
    expect(await page.$eval('.problems-list', (e) => e.textContent ?? '')).not.toContain('没有问题');
    expect(await page.$eval('.problems-list', (e) => e.textContent ?? '')).toContain('数据有 1 个问题');
    await page.click('#btn-data-problems');
    expect(await page.$eval('.tab.active', (e) => (e as HTMLElement).dataset['tab'])).toBe('data');
    await context.close();
  }, 90_000);

  it('works from the keyboard: Esc leaves the editor, arrows move between tabs, rows open with Enter', async () => {
    const { page, context } = await open(pg);
    await example(page);
    await page.evaluate(() => window.__playground.editor.focus());
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset['tab'])).toBe('results');
    expect(await page.evaluate(() => window.__playground.editor.hasTextFocus())).toBe(false);
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset['tab'])).toBe('distribution');
    await page.keyboard.press('ArrowLeft');
    // Tab goes from the tab list into the panel; the rows take the focus and open with Enter.
    await page.focus('#results-table tbody tr');
    await page.keyboard.press('ArrowDown');
    const key = await page.evaluate(() => (document.activeElement as HTMLElement).dataset['key']);
    expect(key).toBeTruthy();
    await page.keyboard.press('Enter');
    await visible(page, '#kpi-total');
    await waitText(page, '.person-head h3', key!);
    // Problems entries and the problems header are reachable too.
    expect(await page.$eval('.problems-head', (e) => e.getAttribute('tabindex'))).toBe('0');
    await context.close();
  }, 90_000);

  it('holds only the rows in view of 1,000 people, and the keyboard still reaches every row', async () => {
    const { page, context } = await open(pg, { width: 1440, height: 900 });
    await example(page);
    await page.evaluate(() => window.__playground.generate(1000));
    await settle(page, 120_000);
    const painted = () => page.$$eval('#results-table tbody tr[data-index]', (trs) => trs.map((tr) => Number((tr as HTMLElement).dataset['index'])));
    expect((await painted()).length).toBeLessThan(120);
    expect(await page.$eval('#results-table', (e) => e.getAttribute('aria-rowcount'))).toBe('1001');
    const focused = () => page.evaluate(() => ({ index: (document.activeElement as HTMLElement).dataset['index'], key: (document.activeElement as HTMLElement).dataset['key'] }));
    await page.focus('#results-table tbody tr[data-index="0"]');
    await page.keyboard.press('End');
    await page.waitForFunction(() => (document.activeElement as HTMLElement).dataset['index'] === '999');
    const keys = await page.evaluate(() => window.__playground.rows().map((r) => r[0]));
    expect((await focused()).key).toBe(keys[999]);
    expect(await painted()).toContain(999);
    expect(await painted()).not.toContain(0);
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toEqual({ index: '998', key: keys[998] });
    await page.keyboard.press('PageUp');
    expect(Number((await focused()).index)).toBeLessThan(998);
    await page.keyboard.press('Home');
    await page.waitForFunction(() => (document.activeElement as HTMLElement).dataset['index'] === '0');
    // Scrolling paints the rows that come into view.
    await page.evaluate(() => document.querySelector('.tab-bodies')!.scrollTo(0, 12_000));
    await page.waitForFunction(() => document.querySelector('#results-table tbody tr[data-index="400"]') !== null);
    expect((await painted()).length).toBeLessThan(120);
    await context.close();
  }, 180_000);

  it('shows one language per view, the appeal report included', async () => {
    const { page, context } = await open(pg);
    await example(page);
    await page.evaluate(() => window.__playground.pin());
    await edit(page, (s) => s.replace('A at most 20%', 'A at most 5%'));
    await page.click('.tab[data-tab="change"]');
    await visible(page, '#change-table');
    const zhHeads = await page.$$eval('#change-table thead th', (ths) => ths.map((t) => t.textContent ?? '').join(' '));
    expect(zhHeads).not.toMatch(/\b(key|code)\b/);
    await page.evaluate(() => window.__playground.select('E0003'));
    await page.click('#cli-report summary');
    await visible(page, '#cli-text');
    expect(await page.$eval('#cli-text', (e) => e.textContent ?? '')).toMatch(/总分|等级/);
    await page.click('#btn-lang');
    await waitText(page, '.tab[data-tab="results"]', 'Results', true);
    await visible(page, '#cli-text');
    const report = await page.$eval('#cli-text', (e) => e.textContent ?? '');
    expect(report).toMatch(/total/i);
    expect(report).not.toMatch(/总分|等级|奖励/);
    const chrome = await page.$$eval('.tab, #header button:not(#btn-lang), .problems-head, #panel-explain h4, #panel-explain summary', (els) => els.map((e) => e.textContent ?? '').join(' | '));
    expect(chrome).not.toMatch(/[\u4e00-\u9fff]/);
    await page.click('.tab[data-tab="change"]');
    const enHeads = await page.$$eval('#change-table thead th, #change-headline', (ths) => ths.map((t) => t.textContent ?? '').join(' '));
    expect(enHeads).not.toMatch(/[\u4e00-\u9fff]/);
    await context.close();
  }, 90_000);

  it('shows the whole policy diff, not a clipped box', async () => {
    const { page, context } = await open(pg);
    await example(page);
    await page.evaluate(() => window.__playground.pin());
    await edit(page, (s) => s.replace('indicator 销售完成率 weight 50%', 'indicator 销售完成率 weight 40%').replace('indicator 销售增长率 weight 30%', 'indicator 销售增长率 weight 40%').replace('A at most 20%', 'A at most 25%') + '\n# 修改说明：调整权重\n');
    await page.click('.tab[data-tab="change"]');
    await page.waitForFunction(() => (window.__playground.monaco.editor.getDiffEditors()[0]?.getLineChanges()?.length ?? 0) >= 3, null, { timeout: 10_000 });
    await page.waitForTimeout(300);
    const fit = await page.evaluate(() => {
      const m = window.__playground.monaco.editor.getDiffEditors()[0]!.getModifiedEditor();
      return { scroll: m.getScrollHeight(), height: m.getLayoutInfo().height };
    });
    expect(fit.scroll).toBeLessThanOrEqual(fit.height + 2);
    await context.close();
  }, 90_000);

  it('finds references, renames, offers quick fixes and signature help; marks the weights that miss 100%', async () => {
    const { page, context } = await open(pg);
    const src = await example(page);
    const lines = src.split('\n');
    const use = lines.findIndex((l) => /^total\s*=/.test(l)) + 1;
    const col = lines[use - 1]!.indexOf('表彰加分') + 2;
    type Ed = { getModel(): { uri: unknown } };
    const refs = await page.evaluate(async ([l, c]) => {
      const p = window.__playground as unknown as { editor: Ed; monaco: { languages: unknown }; app: unknown };
      // The reference provider as Monaco calls it (Shift+F12 opens the same list in a peek view).
      const e = window.__playground.editor;
      e.setPosition({ lineNumber: l!, column: c! });
      e.trigger('test', 'editor.action.referenceSearch.trigger', {});
      return p !== undefined;
    }, [use, col]);
    expect(refs).toBe(true);
    await page.waitForSelector('.reference-zone-widget', { timeout: 10_000 });
    await waitText(page, '.reference-zone-widget', '2');
    await page.keyboard.press('Escape');
    // Rename 表彰加分 → 荣誉加分 everywhere it is that adjustment.
    await page.evaluate(([l, c]) => window.__playground.editor.setPosition({ lineNumber: l!, column: c! }), [use, col]);
    await page.evaluate(() => window.__playground.editor.trigger('test', 'editor.action.rename', {}));
    await page.waitForSelector('.rename-box input, .rename-input', { timeout: 10_000 });
    // Type only once the rename box has the focus: before that, Ctrl+A and typing go to the editor.
    await page.waitForFunction(() => document.activeElement?.matches('.rename-box input, .rename-input') ?? false, null, { timeout: 10_000 });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('荣誉加分');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !window.__playground.getSource().includes('表彰加分'), null, { timeout: 10_000 });
    await settle(page);
    const renamed = await page.evaluate(() => window.__playground.getSource());
    expect(renamed.split('\n').filter((l) => l.includes('加分')), renamed).toEqual(src.split('\n').filter((l) => l.includes('加分')).map((l) => l.replaceAll('表彰加分', '荣誉加分')));
    expect(await page.evaluate(() => window.__playground.markers().filter((m) => m.severity === 8))).toEqual([]);
    // Weights that miss 100%: every sibling's weight is marked; the quick fix makes them sum to 100%.
    await edit(page, (s) => s.replace('indicator 新增客户 weight 20%', 'indicator 新增客户 weight 25%'));
    const marks = await page.evaluate(() => window.__playground.markers().filter((m) => m.code === 'KPL2003'));
    const weightLines = renamed.split('\n').map((l, i) => (/indicator (销售完成率|销售增长率|新增客户) weight/.test(l) ? i + 1 : 0)).filter(Boolean);
    expect(marks.map((m) => m.line).sort((a, b) => a - b)).toEqual(weightLines);
    expect(await page.$$eval('.problems-list .problem', (ps) => ps.filter((p) => (p as HTMLElement).dataset['code'] === 'KPL2003').length)).toBe(1);
    const fixLine = weightLines[2]!;
    await page.evaluate((l) => {
      const e = window.__playground.editor;
      e.focus();
      e.setPosition({ lineNumber: l, column: (window.__playground.getSource().split('\n')[l - 1]!.indexOf('25%')) + 2 });
      e.trigger('test', 'editor.action.quickFix', {});
    }, fixLine);
    await page.waitForSelector('.action-widget .action-label, .action-widget [role="option"]', { timeout: 10_000 });
    const titles = await page.$$eval('.action-widget [role="option"]', (os) => os.map((o) => o.textContent ?? ''));
    expect(titles.join(' | ')).toContain('20%');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__playground.getSource().includes('indicator 新增客户 weight 20%'), null, { timeout: 10_000 });
    await settle(page);
    expect(await page.evaluate(() => window.__playground.markers().filter((m) => m.code === 'KPL2003'))).toEqual([]);
    // Signature help inside a built-in call.
    await page.evaluate((l) => {
      const e = window.__playground.editor;
      e.setPosition({ lineNumber: l, column: window.__playground.getSource().split('\n')[l - 1]!.indexOf('ratio(') + 'ratio(sales_actual, '.length + 1 });
      e.trigger('test', 'editor.action.triggerParameterHints', {});
    }, window_line(renamed, 'ratio(sales_actual'));
    await waitText(page, '.parameter-hints-widget', 'ratio(');
    // No `employees.` completion the checker would reject.
    await context.close();
  }, 300_000);

  it('takes cells pasted from Excel (tab-separated)', async () => {
    const { page, context } = await open(pg);
    await example(page);
    const csv = EMPLOYEES.trimEnd().split('\n').slice(0, 6);
    await pasteData(page, 'employees', csv.join('\n') + '\n');
    const fromCsv = await page.evaluate(() => window.__playground.rows());
    await pasteData(page, 'employees', csv.map((l) => l.split(',').join('\t')).join('\n'));
    expect(await page.evaluate(() => window.__playground.people())).toBe(5);
    expect(await page.evaluate(() => window.__playground.rows())).toEqual(fromCsv);
    await context.close();
  }, 300_000);
});


describe('the policy’s tests in the browser', () => {
  it('runs the .kpltest tables with every edit: failures as markers, decision coverage in the gutter', async () => {
    const { page, context } = await open(pg);
    await example(page);
    await page.click('.tab[data-tab="tests"]');
    await page.waitForFunction(() => (window.__playground as unknown as { tests(): unknown }).tests() !== undefined, null, { timeout: 30_000 });
    const tests = () => page.evaluate(() => (window.__playground as unknown as { tests(): { cases: number; rows: number; failed: number; problems: number; percent: number } }).tests());
    const first = await tests();
    expect(first.cases).toBeGreaterThan(3);
    expect(first.failed).toBe(0);
    expect(first.percent).toBeGreaterThan(50);
    await visible(page, '#tests-status.ok');
    await page.waitForSelector('#editor .cov-hit', { timeout: 10_000 });
    // An edit that breaks what the tests pin down: failing rows are marked in the test text.
    await edit(page, (s) => s.replace('min(awards * 2, 5)', 'min(awards * 3, 6)'));
    await page.waitForFunction(() => (window.__playground as unknown as { tests(): { failed: number } }).tests().failed > 0, null, { timeout: 30_000 });
    await visible(page, '#tests-status.error');
    const marks = await page.evaluate(() => (window.__playground.monaco.editor as unknown as { getModelMarkers(f: { owner: string }): { startLineNumber: number; message: string }[] }).getModelMarkers({ owner: 'kpltest' }));
    expect(marks.length).toBeGreaterThan(0);
    const testText = readFileSync(join(ROOT, 'policies', 'customer-manager.kpltest'), 'utf8').split('\n');
    expect(testText[marks[0]!.startLineNumber - 1]).toMatch(/^\|/);
    // Leaving the tab takes the coverage out of the gutter.
    await page.click('.tab[data-tab="results"]');
    await page.waitForFunction(() => document.querySelectorAll('#editor .cov-hit, #editor .cov-miss').length === 0, null, { timeout: 10_000 });
    await context.close();
  }, 300_000);
});

function window_line(src: string, text: string): number {
  return src.split('\n').findIndex((l) => l.includes(text)) + 1;
}

/** The playground checked with axe-core (WCAG 2 A/AA rules) in Chromium: no serious or critical violation, desktop and phone. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { open, ROOT, settle, startPlayground, type Playground } from './harness.ts';

let pg: Playground;
beforeAll(async () => {
  pg = await startPlayground();
}, 300_000);
afterAll(async () => {
  await pg?.close();
});

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: join(ROOT, 'node_modules', 'axe-core', 'axe.min.js') });
  const found = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  return found;
}

describe('accessibility (axe-core)', () => {
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    it(`has no serious violation at ${width} px on every tab`, async () => {
      const { page, context } = await open(pg, { width, height });
      await page.evaluate(() => window.__playground.loadExample('customer-manager'));
      await settle(page);
      const all: string[] = [];
      for (const tab of ['results', 'distribution', 'change', 'tests', 'data']) {
        await page.click(`.tab[data-tab="${tab}"]`);
        await page.waitForTimeout(300);
        all.push(...(await axe(page)).map((v) => `${tab}: ${v}`));
      }
      expect([...new Set(all)]).toEqual([]);
      await context.close();
    }, 300_000);
  }

  it('has no serious violation in the results table of 1,000 people (only the rows in view are in the page)', async () => {
    const { page, context } = await open(pg, { width: 1440, height: 900 });
    await page.evaluate(() => window.__playground.loadExample('customer-manager'));
    await settle(page);
    await page.evaluate(() => window.__playground.generate(1000));
    await settle(page, 120_000);
    await page.evaluate(() => document.querySelector('.tab-bodies')!.scrollTo(0, 9_000));
    await page.waitForTimeout(300);
    expect(await axe(page)).toEqual([]);
    await context.close();
  }, 300_000);
});

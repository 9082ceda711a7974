/**
 * README.md's generated sections (the error-code catalogue, the keyword table and the function
 * names) are exactly what scripts/generate-docs.ts writes from the source, so the manual never
 * drifts from src/diagnostics/codes.ts, src/syntax/tokens.ts and src/builtins/registry.ts.
 * When a test here fails: run `npx tsx scripts/generate-docs.ts` (or `npm run docs`) and commit.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README, SECTIONS, sectionOf, updateReadme } from '../../../scripts/generate-docs.ts';
import { CATALOG } from '../../../src/diagnostics/codes.ts';

const FIX = 'README.md is out of date: run `npx tsx scripts/generate-docs.ts`';
const readme = existsSync(README) ? readFileSync(README, 'utf8') : '';

describe('README.md generated sections', () => {
  it.each(Object.keys(SECTIONS))('the %s section is current', (name) => {
    const committed = sectionOf(readme, name);
    expect(committed, `README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> markers`).toBeDefined();
    expect(committed, FIX).toBe('\n' + SECTIONS[name]!() + '\n');
  });

  it('lists every diagnostic code of the catalog', () => {
    const codes = sectionOf(readme, 'codes') ?? '';
    const absent = Object.keys(CATALOG).filter((c) => !codes.includes(`| ${c} |`));
    expect(absent, FIX).toEqual([]);
  });

  it('regenerating changes nothing', () => {
    expect(updateReadme(readme) === readme, FIX).toBe(true);
  });
});

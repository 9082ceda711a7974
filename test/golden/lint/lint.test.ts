/**
 * Golden output of `kpl lint --ranges`: the warnings (rendered as the CLI prints them) and the
 * range table, for the planted cases in `cases/` and for the three shipped policies.
 *
 *     UPDATE_GOLDEN=1 npx vitest run test/golden/lint
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compile } from '../../../src/compile.ts';
import { renderDiagnostic } from '../../../src/diagnostics/render.ts';
import { lintPlan } from '../../../src/lint/lint.ts';
import { rangesText } from '../../../src/lint/render-ranges.ts';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const DIR = import.meta.dirname;

function output(file: string, name: string): string {
  const text = readFileSync(file, 'utf8');
  const r = compile(name, text);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const l = lintPlan(r.plan!);
  const files = new Map([[name, { name, text }]]);
  const diags = l.diagnostics.map((d) => renderDiagnostic(d, files)).join('\n');
  return `${diags || '(no warnings)'}\n\n${rangesText(name, l.ranges)}\n`;
}

function compare(baseline: string, actual: string) {
  if (UPDATE) writeFileSync(baseline, actual);
  else {
    if (!existsSync(baseline)) throw new Error(`no baseline ${baseline}: run UPDATE_GOLDEN=1 npx vitest run test/golden/lint`);
    expect(actual).toBe(readFileSync(baseline, 'utf8'));
  }
}

describe('kpl lint goldens', () => {
  for (const f of readdirSync(join(DIR, 'cases')).filter((x) => x.endsWith('.kpl'))) {
    it(f, () => compare(join(DIR, 'cases', f.replace(/\.kpl$/, '.lint.txt')), output(join(DIR, 'cases', f), f)));
  }
  for (const p of ['customer-manager', 'service-manager', 'manager-360']) {
    it(`policies/${p}.kpl`, () => compare(join(DIR, 'shipped', `${basename(p)}.lint.txt`), output(join('policies', `${p}.kpl`), `policies/${p}.kpl`)));
  }
});

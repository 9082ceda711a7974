/**
 * Nothing crashes on user input: the bundled policies with seeded random damage (characters cut,
 * tokens inserted) go through parse, compile and format without an exception — every mistake
 * becomes a diagnostic. (Error recovery once returned no token for a broken name, and about 3% of
 * such inputs threw "Cannot read properties of undefined".)
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { compile, formatPolicy, parse } from '../../../src/index.ts';

const FILES = ['customer-manager', 'service-manager', 'manager-360'].map((n) => readFileSync(`policies/${n}.kpl`, 'utf8'));
const JUNK = ['{', '}', ':', ',', ';', '(', ')', '"', 'indicator', 'input', '->', '=', 'weight', '%', '\n', 'in [', 'by', '1', 'x', '：', '，'];

function damaged(seed: number, count: number): string[] {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const out: string[] = [];
  for (let round = 0; round < count; round++) {
    let t = FILES[round % FILES.length]!;
    for (let j = 1 + Math.floor(rnd() * 3); j > 0; j--) {
      const p = Math.floor(rnd() * t.length);
      t = rnd() < 0.5 ? t.slice(0, p) + t.slice(p + 1 + Math.floor(rnd() * 8)) : t.slice(0, p) + JUNK[Math.floor(rnd() * JUNK.length)] + t.slice(p);
    }
    out.push(t);
  }
  return out;
}

describe('damaged policies', () => {
  it('parse, compile and format without throwing; broken ones get diagnostics', { timeout: 60_000 }, () => {
    let broken = 0;
    for (const text of damaged(7, 900)) {
      const p = parse('damaged.kpl', text);
      const c = compile('damaged.kpl', text);
      formatPolicy('damaged.kpl', text);
      if (p.diagnostics.some((d) => d.severity === 'error')) {
        broken++;
        expect(c.plan).toBeUndefined();
        for (const d of c.diagnostics) expect(d.code).toMatch(/^KPL\d{4}$/);
      }
    }
    expect(broken).toBeGreaterThan(300);
  });
});

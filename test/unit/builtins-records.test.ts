/**
 * One record per built-in function (src/builtins/<name>.ts) read by every consumer
 * (docs/contributing.md, "Adding a built-in"). This test fails when a record is incomplete,
 * when a source file outside src/builtins keeps its own copy of a built-in's facts (by naming
 * it), or when the interpreter (record.impl) and the fast engine (record.fast) disagree.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_BUILTINS, BUILTINS, SPECIALS, findBuiltin, findSpecial } from '../../src/builtins/registry.ts';
import { completions, hover } from '../../src/builtins/describe.ts';
import { CHECKED_SPECIAL_FORMS } from '../../src/checker/check-calls.ts';
import { compile, evaluate, evaluateFast, loadTables, writeCsv } from '../../src/index.ts';

const CJK = /[\u4e00-\u9fff]/;

/** The parameter names of a signature as written: `round(x, decimals [, mode])` → x, decimals, mode. */
function signatureParams(signature: string, name: string): { names: string[]; variadic: boolean } {
  expect(signature.startsWith(`${name}(`), signature).toBe(true);
  const inner = signature.slice(name.length + 1, signature.indexOf(')'));
  const parts = inner.split(/[,[\]]/).map((s) => s.trim()).filter(Boolean);
  return { names: parts.filter((p) => p !== '…'), variadic: parts.includes('…') };
}

describe('every built-in record is complete', () => {
  for (const r of ALL_BUILTINS) {
    it(`${r.name} (${r.aliases.join(', ')})`, () => {
      expect(r.aliases.length, 'a Chinese name').toBeGreaterThan(0);
      for (const a of r.aliases) expect(a, 'Chinese names are Chinese').toMatch(CJK);
      // Documentation in both languages; each example calls the function by the name of its language.
      expect(r.doc.summary.en.trim()).not.toBe('');
      expect(r.doc.summary.zh).toMatch(CJK);
      expect(r.doc.example.en).toContain(`${r.name}(`);
      expect(r.doc.example.zh).toContain(`${r.aliases[0]}(`);
      for (const p of r.params) for (const a of p.aliases ?? []) expect(a, `${r.name}: Chinese name of ${p.name}`).toMatch(CJK);
      // Both lookups find the record by every name.
      for (const n of [r.name, ...r.aliases]) expect(r.kind === 'plain' ? findBuiltin(n) : findSpecial(n)).toBe(r);
      // Completion and hover come from the record, in both languages.
      for (const lang of ['en', 'zh'] as const) {
        expect(completions(r, lang).map((c) => c.label)).toEqual([r.name, ...r.aliases]);
        expect(hover(r, lang).summary).toBe(r.doc.summary[lang]);
      }
      if (r.kind !== 'plain') return;
      // The signature as documented lists exactly the parameters the checker binds.
      const sig = signatureParams(r.signature, r.name);
      expect(sig.names).toEqual(r.params.map((p) => p.name));
      expect(sig.variadic).toBe(!!r.variadic);
      for (const [i, p] of r.params.entries()) expect(!!p.optional, `${p.name} optional in the signature`).toBe(r.signature.includes(`[, ${p.name}`) || (i === 0 && r.signature.includes(`[${p.name}`)));
      // Every consumer's part is there.
      for (const f of ['impl', 'fast', 'sql', 'lint', 'sensitivity'] as const) expect(typeof r[f], f).toBe('function');
      if (!r.strict) expect(r.missingFrom, 'a non-strict function says which arguments make it missing').toBeDefined();
      // A function with branches has them everywhere: the interpreter's branch, coverage's outcomes, explain's line.
      expect(!!r.outcomes, 'outcomes iff branch').toBe(!!r.branch);
      expect(!!r.explain, 'explain iff branch').toBe(!!r.branch);
      if (r.decidedBy) expect(r.outcomes).toBeDefined();
    });
  }

  it('every special form is lowered by the checker, and nothing else is', () => {
    expect([...CHECKED_SPECIAL_FORMS].sort()).toEqual(SPECIALS.map((s) => s.name).sort());
  });
});

// ── no second copy ──────────────────────────────────────────────────────────
/**
 * Quoted built-in names that may appear outside src/builtins, with the reason. Everything
 * else that names a plain built-in (English or Chinese) or a special form's Chinese name is a
 * second copy of a fact its record holds.
 */
const ALLOWED: Record<string, { names: string[]; why: string }> = {
  'src/plan/schema.ts': { names: ['min', 'max', 'round'], why: "the agg node's aggregate kinds (min/max over related rows) and the grade rounding modes" },
  'src/evaluator/eval-expr.ts': { names: ['min'], why: 'the agg node (min/max over related rows), not the built-in call' },
  'src/fast/gen.ts': { names: ['min'], why: 'the agg node (min/max over related rows), not the built-in call' },
  'src/checker/check-calls.ts': { names: ['min', 'max'], why: 'the agg node kinds (min/max over related rows)' },
  'src/checker/computed-bounds.ts': { names: ['min', 'max'], why: 'progressive, which the checker lowers to min/max calls of its brackets' },
  'src/checker/check-grades.ts': { names: ['min', 'max', 'round'], why: 'the quota options min/max and the grade rounding keyword' },
  'src/diagnostics/terms-zh.ts': { names: ['计数'], why: "the Chinese of the unit word 'a count' in messages" },
  'playground/src/examples.ts': { names: ['default'], why: "Vite's import: 'default' option" },
  'playground/src/fast-summary.ts': { names: ['round', 'default', 'present'], why: 'builds plan calls of these built-ins for the preview columns (as the checker does)' },
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('no source file outside src/builtins keeps a copy of a built-in', () => {
  const names = [...BUILTINS.flatMap((b) => [b.name, ...b.aliases]), ...SPECIALS.flatMap((s) => s.aliases)];
  const files = [...sourceFiles('src'), ...sourceFiles('playground/src')].filter((f) => !f.startsWith('src/builtins/'));
  const found = new Map<string, Set<string>>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const n of names) {
      if (text.includes(`'${n}'`) || text.includes(`"${n}"`)) {
        if (!found.has(f)) found.set(f, new Set());
        found.get(f)!.add(n);
      }
    }
  }

  it('scans the sources', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain('src/checker/check-calls.ts');
  });

  it('names a built-in only where the allow-list says why', () => {
    const extra = [...found].flatMap(([f, ns]) => [...ns].filter((n) => !ALLOWED[f]?.names.includes(n)).map((n) => `${f}: '${n}'`));
    expect(extra, 'move these facts into the record (src/builtins/<name>.ts) or add a reason to ALLOWED').toEqual([]);
  });

  it('keeps the allow-list exact (every entry is still needed)', () => {
    const stale = Object.entries(ALLOWED).flatMap(([f, a]) => a.names.filter((n) => !found.get(f)?.has(n)).map((n) => `${f}: '${n}'`));
    expect(stale).toEqual([]);
  });
});

// ── interpreter and fast engine agree ──────────────────────────────────────
/** Values spread over the argument columns: zeros, negatives, .xx5 halves, a blank (missing). */
const VALUES = ['0', '1', '-2.5', '3.125', '100', '0.005', '', '7', '-0.5', '2.675', '50', '-100'];

/** A call of each plain built-in over columns a0, a1, …, with the constants its kinds require. */
function callOf(name: string): { call: string; columns: number } {
  const b = findBuiltin(name)!;
  const n = b.variadic ? b.params.length + 1 : b.params.length;
  const args = Array.from({ length: n }, (_, i) => {
    const kind = b.params[Math.min(i, b.params.length - 1)]!.kind;
    return kind === 'int-const' ? '2' : kind === 'mode-const' ? 'half_even' : `a${i}`;
  });
  return { call: `${name}(${args.join(', ')})`, columns: n };
}

describe('the interpreter and the fast engine agree on every plain built-in', () => {
  for (const b of BUILTINS) {
    it(b.name, () => {
      const { call, columns } = callOf(b.name);
      const cols = Array.from({ length: columns }, (_, i) => `a${i}: number in [-100, 100] optional`);
      const text = [
        `policy "${b.name}" version "1"`,
        `input people key id { id: text; base: number in [0, 100]; ${cols.join('; ')} }`,
        'indicator s weight 100% = base',
        `output id, r = ${call}`,
      ].join('\n');
      const compiled = compile('policy.kpl', text);
      expect(compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`)).toEqual([]);
      const plan = compiled.plan!;
      const rows = VALUES.flatMap((_, r) => [0, 1].map((k) => [`p${r}_${k}`, '50', ...Array.from({ length: columns }, (_, i) => VALUES[(r + (k + 3) * i) % VALUES.length]!)].join(',')));
      const csv = ['id,base,' + Array.from({ length: columns }, (_, i) => `a${i}`).join(','), ...rows].join('\n') + '\n';
      const data = loadTables(plan.inputs, [{ table: 'people', fileName: 'people.csv', bytes: new TextEncoder().encode(csv) }]);
      const exact = evaluate(plan, data);
      const fast = evaluateFast(plan, data);
      expect(fast.engine, fast.reason).toBe('fast');
      expect(writeCsv(fast.columns, fast.people.map((p) => p.cells))).toBe(writeCsv(exact.columns, exact.people.map((p) => p.cells)));
      expect(JSON.stringify(fast.diagnostics)).toBe(JSON.stringify(exact.diagnostics));
      // The samples exercise the function: several distinct results, some missing unless it never is.
      const results = new Set(exact.people.map((p) => JSON.stringify(p.cells[1])));
      expect(results.size).toBeGreaterThan(b.result === 'bool' ? 1 : 2);
    });
  }
});

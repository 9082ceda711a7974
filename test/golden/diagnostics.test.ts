/**
 * Golden ("baseline") tests of diagnostics, in the style of TypeScript's compiler baselines.
 *
 * - `diagnostics/policy/<case>.kpl` → `<case>.diagnostics.txt`: every diagnostic `compile` returns,
 *   in its order, rendered by `renderDiagnostic` (file:line:col: severity CODE: message, source line,
 *   carets, help, notes). Files whose name starts with `_` are not cases: they are imported by one.
 * - `diagnostics/data/<case>/`: `policy.kpl` (must compile without errors), one data file per input
 *   table named `<table>.csv`, and `<case>.diagnostics.txt` holding the data and evaluation
 *   diagnostics as `kpl eval` prints them, then the status of every row of every data file, so a
 *   baseline also shows that no input row is lost.
 *
 * To accept new output, rewrite the baselines and review the diff:
 *
 *     UPDATE_GOLDEN=1 npx vitest run test/golden
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { compile } from '../../src/compile.ts';
import { renderDiagnostic } from '../../src/diagnostics/render.ts';
import { hasErrors, type Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { loadTables, type DataFile } from '../../src/data/load-tables.ts';
import { evaluate } from '../../src/evaluator/evaluate.ts';
import type { SourceHost } from '../../src/modules/load-policy.ts';
import type { SourceFile } from '../../src/source/span.ts';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const ROOT = join(import.meta.dirname, 'diagnostics');
const POLICY_DIR = join(ROOT, 'policy');
const DATA_DIR = join(ROOT, 'data');

/** Cases whose number of diagnostics is part of what they test. */
const EXPECTED_COUNT: Record<string, number> = {
  'syntax-recovery-five-mistakes': 5,
  // One mistake, one diagnostic at its place (not a cascade on the lines after it).
  'syntax-missing-brace': 1,
  'syntax-missing-paren': 1,
  'syntax-stray-token': 1,
};

/** A diagnostic head line: `file:line:col: error KPL1234: …` (the location is absent for a few). */
const HEAD = /^(?:\S+:\d+:\d+: )?(error|warning) KPL\d{4}: /m;

function compareWithBaseline(file: string, actual: string): void {
  expect(actual.trim(), 'a baseline must not be empty').not.toBe('');
  expect(actual, 'a baseline must contain at least one error or warning with a code').toMatch(HEAD);
  if (UPDATE) {
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`no baseline ${file}: run UPDATE_GOLDEN=1 npx vitest run test/golden`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** Imports are read from the case directory; file names stay relative so baselines are portable. */
function hostFor(dir: string): SourceHost {
  return {
    readFile: (p) => (existsSync(join(dir, p)) ? readFileSync(join(dir, p), 'utf8') : undefined),
    resolve: (from, rel) => posix.normalize(posix.join(posix.dirname(from), rel)),
  };
}

function render(ds: readonly Diagnostic[], files: Map<string, SourceFile>, host?: SourceHost): string {
  // Diagnostics in imported files need those files' text for their source lines.
  for (const d of ds) {
    if (d.span && !files.has(d.span.file)) {
      const t = host?.readFile(d.span.file);
      if (typeof t === 'string') files.set(d.span.file, { name: d.span.file, text: t });
    }
  }
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.filter((d) => d.severity === 'warning').length;
  const body = ds.map((d) => renderDiagnostic(d, files) + '\n').join('\n');
  return `${body}\n${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`;
}

// ── policy cases ────────────────────────────────────────────────────────────
const policyCases = readdirSync(POLICY_DIR)
  .filter((f) => f.endsWith('.kpl') && !f.startsWith('_'))
  .map((f) => f.slice(0, -'.kpl'.length))
  .sort();

describe('policy diagnostics', () => {
  it('has at least 32 cases', () => expect(policyCases.length).toBeGreaterThanOrEqual(32));

  for (const name of policyCases) {
    it(name, () => {
      const file = `${name}.kpl`;
      const text = readFileSync(join(POLICY_DIR, file), 'utf8');
      const host = hostFor(POLICY_DIR);
      const r = compile(file, text, host);
      expect(r.diagnostics.length, 'a policy case must produce diagnostics').toBeGreaterThan(0);
      if (name in EXPECTED_COUNT) expect(r.diagnostics.map((d) => d.code)).toHaveLength(EXPECTED_COUNT[name]!);
      // A plan is produced exactly when there is no error.
      expect(r.plan === undefined).toBe(hasErrors(r.diagnostics));
      compareWithBaseline(join(POLICY_DIR, `${name}.diagnostics.txt`), render(r.diagnostics, new Map([[file, { name: file, text }]]), host));
    });
  }
});

// ── data cases ──────────────────────────────────────────────────────────────
const dataCases = readdirSync(DATA_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/** Data lines of a CSV file counted independently of the loader: non-blank lines after the header. */
function csvDataLines(bytes: Uint8Array): number[] | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  if (text.includes('"')) return undefined; // quoted fields may span lines: not counted here
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n?|\n/);
  const numbered = lines.map((l, i) => ({ l, n: i + 1 })).filter(({ l }) => l.replace(/,/g, '').trim() !== '');
  return numbered.slice(1).map(({ n }) => n);
}

describe('data diagnostics', () => {
  it('has at least 10 cases', () => expect(dataCases.length).toBeGreaterThanOrEqual(10));

  for (const name of dataCases) {
    it(name, () => {
      const dir = join(DATA_DIR, name);
      const policyText = readFileSync(join(dir, 'policy.kpl'), 'utf8');
      const compiled = compile('policy.kpl', policyText);
      expect(compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), 'the policy of a data case must compile').toEqual([]);
      const plan = compiled.plan!;
      const files: DataFile[] = readdirSync(dir)
        .filter((f) => f.endsWith('.csv'))
        .sort()
        .map((f) => ({ table: f.slice(0, -'.csv'.length), fileName: f, bytes: new Uint8Array(readFileSync(join(dir, f))) }));
      const sources = new Map<string, SourceFile>([['policy.kpl', { name: 'policy.kpl', text: policyText }]]);
      const out: string[] = [];

      // As `kpl eval` does: file-level errors stop before evaluation; otherwise every row is evaluated.
      const data = loadTables(plan.inputs, files);
      const fileLevelErrors = hasErrors(data.diagnostics);
      const result = fileLevelErrors ? undefined : evaluate(plan, data);
      const reported = [...compiled.diagnostics, ...data.diagnostics, ...(result?.diagnostics ?? [])];
      out.push('== diagnostics', render(reported, sources));

      out.push(fileLevelErrors ? '== rows (not evaluated: the data set as a whole is unusable)' : '== rows');
      const pop = plan.inputs.find((t) => t.role === 'population')!;
      for (const input of plan.inputs) {
        const table = data.tables[input.name]!;
        const file = files.find((f) => f.table === input.name);
        out.push(`${file?.fileName ?? `(no file for ${input.name})`}: ${table.rows.length} row${table.rows.length === 1 ? '' : 's'}`);
        // Independent of the loader: every data line of the file is a row.
        const lines = file ? csvDataLines(file.bytes) : undefined;
        if (lines && table.complete) expect(table.rows.map((r) => r.line), `every data line of ${file!.fileName} is a row`).toEqual(lines);
        table.rows.forEach((row, i) => {
          const codes = [...new Set(row.errors.map((e) => e.code))].join(' ');
          if (input.name === pop.name && result) {
            const p = result.people[i]!;
            expect(p.line).toBe(row.line);
            const cells = p.cells.map((c, j) => `${result.columns[j]}=${c === null ? '' : typeof c === 'string' ? c : c.number}`).join(' ');
            out.push(`  line ${row.line}: ${p.status}${codes ? ` (${codes})` : ''}  ${cells}`);
          } else {
            out.push(`  line ${row.line}: ${row.errors.length ? `error (${codes})` : 'valid'}${row.key !== undefined ? `  key=${row.key}` : ''}`);
          }
          // A row in error is in the report (when the run got as far as evaluating).
          if (result) for (const e of row.errors) expect(reported, `${input.name} line ${row.line}: ${e.code} is reported`).toContain(e);
        });
      }
      if (result) {
        expect(result.people).toHaveLength(data.tables[pop.name]!.rows.length);
        // An evaluation error is reported at the person's line.
        for (const p of result.people) if (p.status === 'error') expect(reported.some((d) => d.dataLocation?.line === p.line && d.dataLocation.file === data.tables[pop.name]!.file)).toBe(true);
      }
      compareWithBaseline(join(dir, `${name}.diagnostics.txt`), out.join('\n') + '\n');
    });
  }
});

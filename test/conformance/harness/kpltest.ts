/**
 * The `kpl test` path: a conformance case written as a `.kpltest` (its data as the case's
 * population, its expected row as the expectations) must pass `kpl test`. kpl test compares
 * values as decimals (`92` equals `92.00`), so it checks the values, and the other paths the bytes.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type { Plan } from '../../../src/index.ts';
import type { CaseFile } from './case-file.ts';
import { dataFilesOf } from './case-file.ts';

/** Codes of data problems a test file cannot express (it writes only declared columns, from cells). */
const FILE_LEVEL = /^(error|warning) KPL30(03|07|08|13|14|15|16|18|21|22)\b/;

/** The case as a test file, or why it cannot be one. */
export function toKplTest(c: CaseFile, plan: Plan, expectedDiagnostics: readonly string[], ok: readonly boolean[]): { text: string } | { skip: string } {
  const expected = c.files.get('expected.csv');
  if (expected === undefined) return { skip: 'no results expected' };
  if (expectedDiagnostics.some((d) => FILE_LEVEL.test(d))) return { skip: 'a file-level data problem' };
  // A test table writes a row as its cells, one per column of the header: a row with more or
  // fewer fields than the header (KPL3017) cannot be written as it is.
  if (expectedDiagnostics.some((d) => /^error KPL3017\b/.test(d))) return { skip: 'a data row with the wrong number of fields (KPL3017), which a test table cannot write' };
  const files = dataFilesOf(c);
  if (files.some((f) => f.name.endsWith('.json'))) return { skip: 'JSON data' };
  const pop = plan.inputs.find((t) => t.role === 'population')!;
  const lines: string[] = ['policy policy.kpl', '', 'case conformance'];
  let people: string[][] | undefined;
  const cellOk = (s: string): boolean => !/[\n\r]/.test(s) && s === s.trim() && !['-', '—', '空'].includes(s) && !s.startsWith('#') && !s.startsWith('~') && !s.startsWith('≈');
  const cell = (s: string): string => (s === '' ? '-' : s.replace(/\|/g, '\\|').replace(/｜/g, '\\｜'));
  for (const f of files) {
    const rows = parseCsv(f.text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true }) as string[][];
    if (rows.some((r) => r.some((x) => !cellOk(x)))) return { skip: 'a cell a test table cannot hold' };
    if (f.table === pop.name) {
      people = rows;
      continue;
    }
    if (!rows.length) continue;
    lines.push(`${f.table}:`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`));
  }
  if (!people || !people.length) return { skip: 'no population data' };
  const out = parseCsv(expected, { relax_column_count: true }) as string[][];
  const header = out[0] ?? [];
  const inputNames = new Set(people[0]);
  // Expect every computed output column (plain input columns are inputs already), and the status.
  const checked = header.map((h, j) => ({ h, j })).filter(({ h, j }) => !inputNames.has(h) && !(plan.outputs[j]?.expr.k === 'col') && h !== 'status' && !h.includes('|'));
  if (out.slice(1).some((r) => checked.some(({ j }) => /^('|~|≈|#|-$|—$|空$)/.test(r[j] ?? '')))) return { skip: 'an output a test table cannot hold' };
  // A .kpltest row is one line and a cell has no escape but `\|` (docs/test.md): a value with a
  // line break cannot be written in it.
  if (out.slice(1).some((r) => checked.some(({ j }) => /[\n\r]/.test(r[j] ?? '')))) return { skip: 'an output with a line break, which a .kpltest cell cannot write (the format has no escape for it)' };
  if (people.length - 1 !== out.length - 1 || ok.length !== out.length - 1) return { skip: 'rows differ in number (a data row the results do not have)' };
  lines.push(`${pop.name}:`, `| ${people[0]!.map(cell).join(' | ')} || ${[...checked.map((x) => x.h), 'status'].join(' | ')} |`);
  people.slice(1).forEach((r, i) => {
    const o = out[i + 1]!;
    // The status is the reference interpreter's; an error row's computed cells are empty.
    const status = ok[i] ? 'ok' : 'error';
    const expects = checked.map(({ j }) => (status === 'error' ? '' : (o[j] ?? '') === '' ? '-' : o[j]!.replace(/\|/g, '\\|')));
    lines.push(`| ${people![0]!.map((_, k) => cell(r[k] ?? '')).join(' | ')} || ${[...expects, status].join(' | ')} |`);
  });
  return { text: lines.join('\n') + '\n' };
}

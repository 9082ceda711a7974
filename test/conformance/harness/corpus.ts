/** The conformance corpus on disk: every `*.kplcase` below test/conformance, by section. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCase, type CaseFile } from './case-file.ts';
import type { PathResult } from './paths.ts';

export const CORPUS_DIR = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface CorpusCase {
  /** Path relative to the corpus directory, e.g. `3.9-veto/harshest-wins.kplcase`. */
  readonly id: string;
  /** The section folder (`3.9-veto`). */
  readonly section: string;
  readonly file: string;
  readonly case: CaseFile;
}

export function caseFiles(paths: readonly string[] = [CORPUS_DIR]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    if (statSync(p).isDirectory()) {
      for (const n of readdirSync(p).sort()) if (!n.startsWith('.') && n !== 'harness') walk(join(p, n));
    } else if (p.endsWith('.kplcase')) out.push(p);
  };
  for (const p of paths) walk(resolve(p));
  return out;
}

export function loadCase(file: string): CorpusCase {
  const id = relative(CORPUS_DIR, file).split(sep).join('/');
  return { id, section: id.includes('/') ? id.slice(0, id.indexOf('/')) : '', file, case: parseCase(readFileSync(file, 'utf8')) };
}

/** What the case expects, in the shape every path returns. */
export function expectedOf(c: CaseFile): PathResult {
  const csv = c.files.get('expected.csv');
  const diagnostics = (c.files.get('diagnostics') ?? '')
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim().replace(/\s+/g, ' '))
    .filter(Boolean)
    .sort();
  const errors = diagnostics.filter((d) => d.startsWith('error '));
  const exit = csv === undefined ? (errors.some((d) => /^error KPL([12]|500[12347])/.test(d)) ? 2 : 1) : errors.length ? 1 : 0;
  return { ...(csv !== undefined ? { csv } : {}), diagnostics, exit };
}

/** The differences between what a path gave and what the case expects ('' when none). */
export function difference(expected: PathResult, actual: PathResult): string {
  const out: string[] = [];
  if (expected.csv !== actual.csv) out.push(`output differs:\n--- expected\n${expected.csv ?? '(no output)\n'}--- actual\n${actual.csv ?? '(no output)\n'}`);
  const e = expected.diagnostics.join('\n');
  const a = actual.diagnostics.join('\n');
  if (e !== a) out.push(`diagnostics differ:\n--- expected\n${e || '(none)'}\n--- actual\n${a || '(none)'}`);
  if (expected.exit !== actual.exit) out.push(`exit status ${actual.exit}, expected ${expected.exit}`);
  if (out.length && actual.note) out.push(actual.note);
  return out.join('\n');
}

/**
 * Paths a case records as known to diverge, from comment lines
 * `# known divergence (fast engine, kpl eval): why`. The test then expects those paths to
 * differ (vitest `it.fails`), so the day one is fixed the test fails until the line goes.
 */
export function knownDivergences(c: CaseFile): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of c.comment.split('\n')) {
    const m = /^#\s*known divergence \(([^)]+)\):\s*(.*)$/.exec(line.trim());
    if (m) for (const p of m[1]!.split(',')) out.set(p.trim(), m[2]!.trim());
  }
  return out;
}

/** The README's language reference links each section to its conformance cases, and they exist. */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { caseFiles, CORPUS_DIR, loadCase } from './harness/corpus.ts';
import { join } from 'node:path';

const readme = readFileSync('README.md', 'utf8');
const links = [...readme.matchAll(/^Conformance cases: \[`test\/conformance\/([^/`]+)\/`\]/gm)].map((m) => m[1]!);
const sections = new Set(caseFiles().map((f) => loadCase(f).section));

describe('README ↔ conformance corpus', () => {
  it('every reference section 3.1–3.15, data input and error codes has a link', () => {
    const headings = [...readme.matchAll(/^### (3\.\d+) /gm)].map((m) => m[1]!);
    expect(headings.length).toBe(15);
    for (const h of headings) expect(links.some((l) => l.startsWith(`${h}-`))).toBe(true);
    expect(links).toContain('4-data');
    expect(links).toContain('7-diagnostics');
  });

  it.each(links)('%s has cases', (folder) => {
    expect(existsSync(join(CORPUS_DIR, folder))).toBe(true);
    expect(sections.has(folder)).toBe(true);
  });

  it('every folder of cases is linked from the README (or holds fuzz finds)', () => {
    for (const s of sections) if (s !== 'fuzz-found') expect(links).toContain(s);
  });
});

/**
 * The Chinese guide follows the English README section by section: every step of the language
 * tour (README §2) has its step in docs/zh/tutorial.md, and every section and subsection a Chinese
 * officer needs (README §1 and §3–§7, §9, §11, with their `###` subsections) its own section in
 * docs/zh/README.md, marked `（英文版 …）`, in the same order. A section added to the README fails
 * here until its Chinese counterpart is written.
 *
 * Marks: `（英文版 4）` for a numbered section, `（英文版 3.5）` for a numbered subsection, and
 * `（英文版 4「CSV」）` for an unnumbered subsection, named by its English heading.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const tutorial = readFileSync(join(ROOT, 'docs/zh/tutorial.md'), 'utf8');
const guide = readFileSync(join(ROOT, 'docs/zh/README.md'), 'utf8');

/**
 * Sections that are intentionally English only, with the reason: §2 is the language tour, whose
 * Chinese counterpart is docs/zh/tutorial.md (checked step by step below); §8 (project layout and
 * status) and §10 (performance measurements) are for the developers of KPL, not for the officers
 * who write policies. `####` headings are parts of their `###` section and are not checked one by one
 * (§7's `####` groups are the generated catalogue, whose Chinese messages are in the catalogue itself).
 */
const ENGLISH_ONLY = new Set(['2', '8', '10']);

const between = (text: string, from: string, to: string): string => text.slice(text.indexOf(from), text.indexOf(to));
/** Headings outside fenced code blocks (a `# comment` in a policy is not a heading). */
const headings = (text: string): string[] => text.replace(/^```[\s\S]*?^```/gm, '').split('\n').filter((l) => /^#{2,4} /.test(l));
/** The English counterparts the Chinese headings name, in order. */
const marked = (text: string): string[] => headings(text).flatMap((h) => /（英文版 (.+)）\s*$/.exec(h)?.[1] ?? []);

/** The README's sections and `###` subsections, as the Chinese marks name them. */
function readmeSections(): string[] {
  const out: string[] = [];
  let section = '';
  for (const h of headings(readme)) {
    const top = /^## (\d+)\. /.exec(h);
    if (top) {
      section = top[1]!;
      if (!ENGLISH_ONLY.has(section)) out.push(section);
      continue;
    }
    const sub = /^### (.+?)\s*$/.exec(h);
    if (!sub || !section || ENGLISH_ONLY.has(section)) continue;
    const numbered = /^(\d+\.\d+) /.exec(sub[1]!);
    out.push(numbered ? numbered[1]! : `${section}「${sub[1]}」`);
  }
  return out;
}

describe('docs/zh follows the README', () => {
  it('the tutorial has every step of the language tour (README §2)', () => {
    const steps = [...between(readme, '## 2. A language tour', '## 3. ').matchAll(/^### (Step \d+|The finished policy)\b/gm)].map((m) => m[1]!);
    expect(steps.length).toBeGreaterThan(5);
    expect(marked(tutorial)).toEqual(steps);
  });

  it('the guide has every section and subsection of README §1, §3–§7, §9 and §11, in order', () => {
    const sections = readmeSections();
    for (const n of ['1', '3', '3.15', '4', '4「CSV」', '5', '5「`kpl check`」', '5「Diagnostics」', '6', '7', '9', '11']) expect(sections).toContain(n);
    expect(marked(guide)).toEqual(sections);
  });

  it('the guide is one document: no separate supplement pages', () => {
    expect(guide).not.toContain('more-constructs');
  });
});

/**
 * The Chinese guide follows the English README section by section: every step of the language
 * tour (README §2) has its step in docs/zh/tutorial.md, and every numbered section of the language
 * reference (README §3.N) its section in docs/zh/README.md, each marked `（英文版 …）`, in the same
 * order. A section added to the README fails here until its Chinese counterpart is written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const tutorial = readFileSync(join(ROOT, 'docs/zh/tutorial.md'), 'utf8');
const guide = readFileSync(join(ROOT, 'docs/zh/README.md'), 'utf8');

const between = (text: string, from: string, to: string): string => text.slice(text.indexOf(from), text.indexOf(to));
/** The English counterparts the Chinese headings name, in order. */
const marked = (text: string): string[] => [...text.matchAll(/^#{2,4} .*（英文版 ([^）]+)）\s*$/gm)].map((m) => m[1]!);

describe('docs/zh follows the README', () => {
  it('the tutorial has every step of the language tour (README §2)', () => {
    const steps = [...between(readme, '## 2. A language tour', '## 3. ').matchAll(/^### (Step \d+|The finished policy)\b/gm)].map((m) => m[1]!);
    expect(steps.length).toBeGreaterThan(5);
    expect(marked(tutorial)).toEqual(steps);
  });

  it('the guide has every section of the language reference (README §3.N)', () => {
    const sections = [...between(readme, '## 3. Language reference', '## 4. ').matchAll(/^### (3\.\d+) /gm)].map((m) => m[1]!);
    expect(sections.length).toBeGreaterThan(10);
    expect([...new Set(marked(guide).filter((m) => /^3\.\d+$/.test(m)))]).toEqual(sections);
  });
});

/**
 * `npm run docs` (or `npx tsx scripts/generate-docs.ts`): regenerates the parts of README.md that
 * are made from the source, so the manual can never drift from the compiler:
 *
 *   <!-- codes:start -->     … <!-- codes:end -->      the error-code catalogue   (src/diagnostics/codes.ts)
 *   <!-- keywords:start -->  … <!-- keywords:end -->   the keyword table          (src/syntax/tokens.ts KEYWORDS)
 *   <!-- functions:start --> … <!-- functions:end -->  the function names table   (src/builtins/registry.ts)
 *
 * Only the text between each pair of markers is replaced; everything else in README.md is kept
 * byte for byte. test/unit/docs/readme-codes.test.ts fails when the committed README differs from
 * what this script writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CATALOG, type Code } from '../src/diagnostics/codes.ts';
import { KEYWORDS, Keyword, type KeywordName } from '../src/syntax/tokens.ts';
import { SOFT_KEYWORDS } from '../src/syntax/parser.ts';
import { ALL_BUILTINS } from '../src/builtins/registry.ts';

export const README = fileURLToPath(new URL('../README.md', import.meta.url));

/** A table cell: pipes escaped, line breaks flattened. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (r: readonly string[]) => `| ${r.map(cell).join(' | ')} |`;
  return [line(header), `|${header.map(() => ' --- |').join('')}`, ...rows.map(line)].join('\n');
}

const code = (s: string): string => '`' + s + '`';

// ── error codes ──────────────────────────────────────────────────────────

const RANGES: [RegExp, string][] = [
  [/^KPL1/, 'Syntax (KPL1xxx)'],
  [/^KPL2/, 'Policy checks (KPL2xxx)'],
  [/^KPL3/, 'Data (KPL3xxx)'],
  [/^KPL4/, 'Evaluation (KPL4xxx)'],
  [/^KPL5/, 'Limits, files and outputs (KPL5xxx)'],
  [/^KPL9/, 'Internal (KPL9xxx)'],
];

/** The catalogue: one table per code range, codes in numeric order. */
export function renderCodes(): string {
  const codes = (Object.keys(CATALOG) as Code[]).sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
  const groups = new Map<string, Code[]>();
  for (const c of codes) {
    const title = RANGES.find(([re]) => re.test(c))?.[1] ?? `Other (${c.slice(0, 4)}xxx)`;
    groups.set(title, [...(groups.get(title) ?? []), c]);
  }
  const parts: string[] = [];
  for (const [title, list] of groups) {
    parts.push(`#### ${title}`, '');
    parts.push(
      table(
        ['Code', 'Severity', 'Title', 'Message (English)', 'Message (中文)'],
        list.map((c) => {
          const e = CATALOG[c];
          return [c, e.severity, e.title, e.en, e.zh];
        }),
      ),
    );
    parts.push('');
  }
  return parts.join('\n').trimEnd();
}

// ── keywords ─────────────────────────────────────────────────────────────

/** What each keyword is for. Every keyword of tokens.ts must have an entry (the script fails otherwise). */
const KEYWORD_USE: Record<KeywordName, string> = {
  Policy: 'policy header: `policy "名称"`',
  Version: 'policy version: `policy "…" version "2026.1"`',
  Period: 'assessment period: `period quarter`',
  Import: 'include another policy file: `import "common.kpl"`',
  Input: 'input table: `input NAME key COL { … }`, `input NAME of POP by COL { … }`',
  Table: 'lookup table: `table NAME key COL { … }`',
  Exempt: 'who is not assessed, and why: `exempt "本季度入职" when 入职月数 < 3`',
  Key: 'key column of an input or lookup table',
  Of: 'related rows: `input ratings of managers by ratee`',
  By: '`of … by`, `weight by`, `grade by`, `order by`',
  Optional: 'a column that may be empty',
  Indicator: 'an indicator (指标)',
  Weight: "an indicator's weight: `weight 30%`, `weight by role { … }`",
  Missing: 'the not-applicable rule: `missing drop | zero | error`',
  Description: "an indicator's description text",
  Unit: "an indicator's unit text",
  Let: 'a named value: `let x = …`',
  Adjust: 'an adjustment (bonus or deduction) added to `adjustments`',
  Total: 'the total score: `total = …`; also the name of that value',
  Veto: 'a veto (一票否决): `veto "…" when COND then …`',
  When: 'the condition of a veto',
  Scale: 'a named grade scale: `scale 四级 { … }`',
  Grade: 'the grade section (`grade { … }`, `grade by SCALE`), a veto effect; also the final grade value',
  Distribute: 'the forced distribution (强制分布)',
  Per: 'the groups of a distribution: `distribute per unit`',
  Order: 'ranking of a distribution: `order by total desc, id asc`',
  From: 'where an `at least` quota takes people from',
  Desc: 'descending order (higher first)',
  Asc: 'ascending order (lower first)',
  Reward: 'the reward: `reward = …`; also the name of that value',
  Output: 'the output columns',
  If: '`if COND then A else B`',
  Then: '`if … then …`, `veto … when … then …`',
  Otherwise: 'the else branch of `if`; the catch-all row of a table or band',
  And: 'logical and',
  Or: 'logical or',
  Not: 'logical not',
  In: 'a range: `in [0, 100]`',
  True: 'true',
  False: 'false',
  AtMost: 'an upper quota `A at most 20%`; a veto cap `grade at most B`',
  AtLeast: 'a lower quota `D at least 5%`',
};

/** English spellings | Chinese spellings | usable as a name | use. */
export function renderKeywords(): string {
  const soft = new Set(SOFT_KEYWORDS.map((t) => t.name));
  const names = Object.keys(KEYWORDS) as KeywordName[];
  const rows = names.map((n) => {
    const use = KEYWORD_USE[n];
    if (use === undefined) throw new Error(`scripts/generate-docs.ts: describe the keyword ${n} in KEYWORD_USE`);
    if (!Keyword[n]) throw new Error(`no token for keyword ${n}`);
    const forms = KEYWORDS[n] as readonly string[];
    const ascii = forms.filter((f) => /^[a-z ]+$/.test(f));
    const other = forms.filter((f) => !/^[a-z ]+$/.test(f));
    return [ascii.map(code).join(', '), other.map(code).join(', '), soft.has(n) ? 'yes' : '', use];
  });
  return table(['English', '中文', 'also a name', 'used for'], rows);
}

// ── functions ────────────────────────────────────────────────────────────

/** Built-in functions and special forms with their Chinese names, parameters and documentation, from their records (src/builtins/<name>.ts). */
export function renderFunctions(): string {
  const rows: string[][] = [];
  for (const b of ALL_BUILTINS) {
    const params =
      b.kind === 'plain'
        ? b.params.map((p) => `${p.name}${p.aliases?.length ? ` (${p.aliases.join(', ')})` : ''}${p.optional ? '?' : ''}`).join(', ') + (b.variadic ? ', …' : '')
        : 'see below';
    const what = b.kind === 'plain' ? b.doc.summary.en : `${code(b.signature)} ${b.doc.summary.en}`;
    rows.push([code(b.name), b.aliases.map(code).join(', '), params, what, b.doc.summary.zh]);
  }
  return table(['Function', '中文', 'Parameters (中文), `?` = optional', 'What it gives', '说明'], rows);
}

// ── README ───────────────────────────────────────────────────────────────

export const SECTIONS: Record<string, () => string> = {
  codes: renderCodes,
  keywords: renderKeywords,
  functions: renderFunctions,
};

/** The text between `<!-- NAME:start -->` and `<!-- NAME:end -->`, or undefined without markers. */
export function sectionOf(text: string, name: string): string | undefined {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) return undefined;
  return text.slice(i + start.length, j);
}

/** The README text with every generated section replaced by its current content. */
export function updateReadme(text: string): string {
  let out = text;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const i = out.indexOf(start);
    const j = out.indexOf(end);
    if (i < 0 || j < i) throw new Error(`README.md has no ${start} … ${end} markers`);
    out = out.slice(0, i + start.length) + '\n' + render() + '\n' + out.slice(j);
  }
  return out;
}

function main(): void {
  const before = readFileSync(README, 'utf8');
  const after = updateReadme(before);
  if (after === before) console.log('README.md is up to date');
  else {
    writeFileSync(README, after);
    console.log('wrote README.md');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();

/**
 * The committed grammar artefacts are exactly what the generators produce from the current parser,
 * so they can never drift from it. When a test here fails after a grammar change: run
 * `npm run grammar` and commit the result.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kplEbnf, tokenRuleName } from '../../../src/syntax/grammar-ebnf.ts';
import { diagramResources, diagramsHtml } from '../../../src/syntax/grammar-diagrams.ts';
import { PolicyParser } from '../../../src/syntax/parser.ts';
import { allTokens, KEYWORDS } from '../../../src/syntax/tokens.ts';

const root = new URL('../../../', import.meta.url);

/** A committed file's text, or a placeholder that cannot equal any generated text. */
function committed(path: string): string {
  const url = new URL(path, root);
  return existsSync(url) ? readFileSync(url, 'utf8') : `<${path} does not exist>`;
}

const stale = (path: string): string => `${path} is out of date with the parser: run npm run grammar`;

describe('generated grammar files are current', () => {
  it('grammar/kpl.ebnf', () => {
    expect(committed('grammar/kpl.ebnf'), stale('grammar/kpl.ebnf')).toBe(kplEbnf());
  });

  it('grammar/generated/diagrams.html', () => {
    expect(committed('grammar/generated/diagrams.html'), stale('grammar/generated/diagrams.html')).toBe(diagramsHtml());
  });

  it.each(diagramResources().map((r) => ({ path: `grammar/generated/${r.path}`, content: r.content })))(
    'diagram resource $path',
    ({ path, content }) => {
      expect(committed(path), stale(path)).toBe(content);
    },
  );
});

describe('grammar/kpl.ebnf', () => {
  const ebnf = kplEbnf();
  const defined = new Set([...ebnf.matchAll(/^(\w+)\s+::=/gm)].map((m) => m[1]));

  it('starts with the do-not-edit header', () => {
    expect(ebnf.split('\n')[0]).toBe('/* GENERATED from src/syntax/parser.ts by `npm run grammar` — do not edit */');
  });

  it('has a rule for every rule of the parser', () => {
    const ruleNames = Object.keys(new PolicyParser().getGAstProductions());
    expect(ruleNames.length).toBeGreaterThan(0);
    for (const name of ruleNames) expect(defined.has(name), `no rule \`${name} ::= …\` in the EBNF`).toBe(true);
  });

  it('defines every name it uses (rules and UPPERCASE tokens)', () => {
    const body = ebnf
      .replace(/\/\*[\s\S]*?\*\//g, '') // comments
      .replace(/'[^']*'|"[^"]*"/g, '') // literals
      .replace(/^\w+\s+::=\s+\/.*\/$/gm, '') // token regexes
      .replace(/^\w+\s+::=/gm, '');
    const used = new Set(body.match(/\b[A-Za-z_]\w*\b/g) ?? []);
    for (const name of used) expect(defined.has(name), `\`${name}\` is used but not defined`).toBe(true);
  });

  it('prints keywords with every spelling and tokens by their regex', () => {
    expect(ebnf).toContain(`('indicator' | '指标')`);
    expect(ebnf).toContain(`'otherwise' | 'else' | '否则'`);
    for (const spellings of Object.values(KEYWORDS)) for (const s of spellings) expect(ebnf).toContain(`'${s}'`);
    const identifier = allTokens.find((t) => t.name === 'Identifier')!;
    expect(ebnf).toContain(`::= /${(identifier.PATTERN as RegExp).source}/`);
    expect(ebnf).toMatch(new RegExp(`^${tokenRuleName(identifier)}\\s+::= /`, 'm'));
    expect(ebnf).toMatch(/^NUMBER_LITERAL\s+::= \//m);
  });
});

describe('grammar/generated/diagrams.html', () => {
  const html = diagramsHtml();
  it('loads nothing from the network', () => {
    expect(html).not.toMatch(/(src|href)\s*=\s*['"]?(https?:)?\/\//i);
    expect(html).toContain(`<script src='./chevrotain-diagrams/vendor/railroad-diagrams.js'>`);
  });

  it('has the resources it refers to', () => {
    const provided = new Set(diagramResources().map((r) => `./${r.path}`));
    const referenced = [...html.matchAll(/(?:src|href)='([^']+)'/g)].map((m) => m[1]);
    expect(referenced.length).toBe(5);
    for (const ref of referenced) expect(provided.has(ref!), `${ref} is not copied`).toBe(true);
  });

  it('contains every rule of the parser', () => {
    for (const name of Object.keys(new PolicyParser().getGAstProductions())) expect(html).toContain(`"name": "${name}"`);
  });
});

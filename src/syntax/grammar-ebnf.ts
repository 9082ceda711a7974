/**
 * Prints the parser's grammar as W3C-style EBNF (`rule ::= …`), walking the GAST productions that
 * Chevrotain records from `PolicyParser`. `grammar/kpl.ebnf` is this text (written by
 * `npm run grammar`, kept in sync by a test), so the published grammar is always the real one.
 *
 * Notation: `a b` sequence, `a | b` choice, `x?` optional, `x*` zero or more, `x+` one or more,
 * `( … )` grouping, `'…'` literal text, UPPERCASE names are tokens defined in the lexical section.
 * Keywords print with every spelling (`'indicator' | '指标'`); punctuation prints as its ASCII form
 * (the full-width forms a Chinese input method produces are listed in the lexical section).
 */
import {
  Alternation,
  Alternative,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Rule,
  Terminal,
  type IProduction,
  type TokenType,
} from 'chevrotain';
import { PolicyParser } from './parser.ts';
import { allTokens, KEYWORDS, type KeywordName } from './tokens.ts';

export const EBNF_HEADER = 'GENERATED from src/syntax/parser.ts by `npm run grammar` — do not edit';

/** Lines are wrapped at element boundaries once they pass this width. */
const WIDTH = 100;

/**
 * A printed grammar tree: `atom` (a name or literal), `seq` (a b), `choice` (a | b) and `post`
 * (x?, x*, x+). Parentheses are added when printing, from the binding strengths 0 choice, 1 seq,
 * 2 postfix, 3 atom.
 */
type Node =
  | { readonly t: 'atom'; readonly text: string }
  | { readonly t: 'seq'; readonly items: readonly Node[] }
  | { readonly t: 'choice'; readonly alts: readonly Node[] }
  | { readonly t: 'post'; readonly inner: Node; readonly op: '?' | '*' | '+' };

const EMPTY: Node = { t: 'seq', items: [] };

// ── tokens ───────────────────────────────────────────────────────────────

/** Splits a regex source at its top-level `|` (outside groups and classes). */
function topLevelAlternatives(source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let cur = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      cur += c + (source[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}

/** The literal text a regex alternative matches, or undefined when it is not a plain literal. */
function literalOf(alternative: string): string | undefined {
  if (alternative === '' || !/^(?:\\[^A-Za-z0-9]|[^\\.*+?^${}()|[\]])+$/.test(alternative)) return undefined;
  return alternative.replace(/\\(.)/g, '$1');
}

/** Every literal spelling of a punctuation token (`['>=', '≥', '＞＝']`), or undefined for a pattern token. */
function literalSpellings(t: TokenType): string[] | undefined {
  const p = t.PATTERN;
  const source = p instanceof RegExp ? p.source : typeof p === 'string' ? p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : undefined;
  if (source === undefined) return undefined;
  const forms = topLevelAlternatives(source).map(literalOf);
  return forms.every((f): f is string => f !== undefined) ? forms : undefined;
}

function isKeyword(t: TokenType): t is TokenType & { name: KeywordName } {
  return Object.prototype.hasOwnProperty.call(KEYWORDS, t.name);
}

/** `NumberLiteral` → `NUMBER_LITERAL`. */
export function tokenRuleName(t: TokenType): string {
  return t.name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

function quote(text: string): string {
  return text.includes("'") ? `"${text}"` : `'${text}'`;
}

function atom(text: string): Node {
  return { t: 'atom', text };
}

function terminal(t: TokenType): Node {
  if (isKeyword(t)) return choice(KEYWORDS[t.name].map((f) => atom(quote(f))));
  const literal = literalSpellings(t);
  return atom(literal ? quote(literal[0]!) : tokenRuleName(t));
}

// ── building the tree ────────────────────────────────────────────────────

const isEmpty = (n: Node): boolean => n.t === 'seq' && n.items.length === 0;

function seq(items: readonly Node[]): Node {
  const flat = items.flatMap((n) => (n.t === 'seq' ? n.items : [n]));
  return flat.length === 1 ? flat[0]! : { t: 'seq', items: flat };
}

function choice(alts: readonly Node[]): Node {
  const nonEmpty = alts.filter((a) => !isEmpty(a));
  if (nonEmpty.length === 0) return EMPTY;
  const c: Node = nonEmpty.length === 1 ? nonEmpty[0]! : { t: 'choice', alts: nonEmpty };
  return nonEmpty.length < alts.length ? post(c, '?') : c;
}

function post(inner: Node, op: '?' | '*' | '+'): Node {
  return isEmpty(inner) ? inner : { t: 'post', inner, op };
}

/** `D (SEP D)*`: one or more `D` separated by `SEP`. */
function separated(definition: readonly IProduction[], separator: TokenType): Node {
  const d = sequence(definition);
  return seq([d, post(seq([terminal(separator), d]), '*')]);
}

function sequence(items: readonly IProduction[]): Node {
  return seq(items.map(production));
}

function production(p: IProduction): Node {
  if (p instanceof Terminal) return terminal(p.terminalType);
  if (p instanceof NonTerminal) return atom(p.nonTerminalName);
  if (p instanceof Option) return post(sequence(p.definition), '?');
  if (p instanceof Repetition) return post(sequence(p.definition), '*');
  if (p instanceof RepetitionMandatory) return post(sequence(p.definition), '+');
  if (p instanceof RepetitionWithSeparator) return post(separated(p.definition, p.separator), '?');
  if (p instanceof RepetitionMandatoryWithSeparator) return separated(p.definition, p.separator);
  if (p instanceof Alternation) return choice(p.definition.map((a) => (a instanceof Alternative ? sequence(a.definition) : production(a))));
  if (p instanceof Alternative) return sequence(p.definition);
  throw new Error(`grammar-ebnf: unknown GAST production ${(p as object).constructor.name}`);
}

// ── printing ─────────────────────────────────────────────────────────────

function prec(n: Node): number {
  if (n.t === 'atom') return 3;
  if (n.t === 'post') return 2;
  if (n.t === 'choice') return 0;
  return n.items.length === 0 ? 3 : 1;
}

/** The node on one line. A choice nested in a choice is parenthesized too, for readability. */
function flat(n: Node): string {
  switch (n.t) {
    case 'atom':
      return n.text;
    case 'seq':
      return n.items.map((i) => flatIn(i, 1)).join(' ');
    case 'choice':
      return n.alts.map((a) => flatIn(a, 1)).join(' | ');
    case 'post':
      return flatIn(n.inner, 3) + n.op;
  }
}

function flatIn(n: Node, min: number): string {
  return prec(n) >= min ? flat(n) : `(${flat(n)})`;
}

/** The node starting at column `indent.length`, broken over lines if it does not fit. */
function block(n: Node, indent: string): string[] {
  if (indent.length + flat(n).length <= WIDTH || n.t === 'atom') return [indent + flat(n)];
  if (n.t === 'seq') return fillItems(n.items, indent);
  if (n.t === 'choice') return group(n, '', indent);
  return n.inner.t === 'atom' ? [indent + flat(n)] : group(n.inner, n.op, indent);
}

/**
 * A parenthesized group over several lines:
 *   ( alternative        ( item item
 *   | alternative          item
 *   )op                  )op
 */
function group(inner: Node, op: string, indent: string): string[] {
  const sub = indent + '  ';
  const lines: string[] = [];
  const parts = inner.t === 'choice' ? inner.alts : [inner];
  parts.forEach((part, i) => {
    const body = part.t === 'choice' ? [sub + `(${flat(part)})`] : block(part, sub);
    lines.push(indent + (i === 0 ? '( ' : '| ') + body[0]!.slice(sub.length), ...body.slice(1));
  });
  lines.push(indent + ')' + op);
  return lines;
}

/** Sequence items filled greedily; an item too long for a line of its own is broken. */
function fillItems(items: readonly Node[], indent: string): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const item of items) {
    const text = flatIn(item, 1);
    if (cur !== '' && indent.length + cur.length + 1 + text.length <= WIDTH) {
      cur += ' ' + text;
      continue;
    }
    if (cur !== '') lines.push(indent + cur);
    if (indent.length + text.length <= WIDTH) cur = text;
    else {
      const sub = prec(item) < 1 ? group(item, '', indent) : block(item, indent);
      lines.push(...sub.slice(0, -1));
      cur = sub[sub.length - 1]!.slice(indent.length);
    }
  }
  lines.push(indent + cur);
  return lines;
}

function printRule(rule: Rule, nameWidth: number): string {
  const lhs = rule.name.padEnd(nameWidth) + ' ::= ';
  const indent = ' '.repeat(lhs.length);
  const body = sequence(rule.definition);
  const withLhs = (lines: string[], prefix: string): string[] => [prefix + lines[0]!.slice(indent.length), ...lines.slice(1)];
  if (isEmpty(body)) return lhs + '/* empty */';
  if (body.t === 'choice') {
    // A choice at the top of a rule: one alternative per line.
    const bar = ' '.repeat(lhs.length - 2) + '| ';
    const alt = (a: Node): string[] => (a.t === 'choice' ? [indent + flat(a)] : block(a, indent));
    return body.alts.flatMap((a, i) => withLhs(alt(a), i === 0 ? lhs : bar)).join('\n');
  }
  return withLhs(block(body, indent), lhs).join('\n');
}

// ── lexical section ──────────────────────────────────────────────────────

function regexText(t: TokenType): string {
  const p = t.PATTERN;
  if (p instanceof RegExp) return `/${p.source}/${p.flags}`;
  if (typeof p === 'string') return quote(p);
  return '/* custom matcher */';
}

function collectTerminals(p: IProduction, into: Set<TokenType>): void {
  if (p instanceof Terminal) into.add(p.terminalType);
  if (p instanceof RepetitionWithSeparator || p instanceof RepetitionMandatoryWithSeparator) into.add(p.separator);
  if ('definition' in p && Array.isArray(p.definition) && !(p instanceof NonTerminal)) {
    for (const c of p.definition as IProduction[]) collectTerminals(c, into);
  }
}

function lexicalSection(rules: readonly Rule[], tokens: readonly TokenType[]): string[] {
  const used = new Set<TokenType>();
  for (const r of rules) for (const p of r.definition) collectTerminals(p, used);
  const patternTokens = tokens.filter((t) => used.has(t) && !isKeyword(t) && !literalSpellings(t));
  const skipped = tokens.filter((t) => t.GROUP !== undefined && !used.has(t));
  const punctuation = tokens.filter((t) => used.has(t) && !isKeyword(t) && literalSpellings(t));
  const width = Math.max(...[...patternTokens, ...skipped].map((t) => tokenRuleName(t).length));

  const out: string[] = [];
  out.push('/* ── Lexical grammar ──────────────────────────────────────────────────────────────── */');
  out.push('/* Token patterns are JavaScript regular expressions, copied from src/syntax/tokens.ts. */');
  out.push('');
  for (const t of patternTokens) out.push(`${tokenRuleName(t).padEnd(width)} ::= ${regexText(t)}`);
  if (skipped.length) {
    out.push('');
    out.push('/* Allowed between any two tokens and otherwise ignored: */');
    for (const t of skipped) out.push(`${tokenRuleName(t).padEnd(width)} ::= ${regexText(t)}`);
  }
  out.push('');
  out.push('/* Keywords: an English spelling must not be followed by a letter, digit or `_`, and a');
  out.push('   keyword spelling that continues with name characters is an IDENTIFIER (`指标体系`).');
  out.push('   The words of `at most` / `at least` may be separated by any whitespace. */');
  const alternates = punctuation
    .map((t) => literalSpellings(t)!)
    .filter((forms) => forms.length > 1)
    .map((forms) => `${quote(forms[0]!)} = ${forms.slice(1).map(quote).join(' = ')}`);
  if (alternates.length) {
    out.push('');
    out.push('/* Punctuation is written above in ASCII; these spellings are the same token:');
    for (const a of alternates) out.push(`     ${a}`);
    out.push('*/');
  }
  return out;
}

// ── entry points ─────────────────────────────────────────────────────────

/** EBNF text for the given GAST rules; `tokens` (in lexer order) feed the lexical section. */
export function grammarToEbnf(rules: readonly Rule[], tokens: readonly TokenType[] = allTokens): string {
  const nameWidth = Math.max(...rules.map((r) => r.name.length));
  const out: string[] = [];
  out.push(`/* ${EBNF_HEADER} */`);
  out.push('/* KPL grammar, W3C EBNF notation: `a b` sequence, `a | b` choice, `x?` optional,');
  out.push("   `x*` zero or more, `x+` one or more, `'…'` literal text, UPPERCASE a token (see the end). */");
  out.push('');
  for (const r of rules) out.push(printRule(r, nameWidth), '');
  out.push(...lexicalSection(rules, tokens));
  return out.join('\n') + '\n';
}

/** The GAST rules of `PolicyParser`, in definition order. */
export function policyGrammarRules(): Rule[] {
  return Object.values(new PolicyParser().getGAstProductions());
}

/** The text of `grammar/kpl.ebnf`. */
export function kplEbnf(): string {
  return grammarToEbnf(policyGrammarRules(), allTokens);
}

/**
 * Highlighting from the lexer's own token definitions (`allTokens`, `KEYWORDS` in
 * src/syntax/tokens.ts): the playground's Monarch tokenizer, the VS Code extension's TextMate
 * grammar (`npm run grammar` writes editors/vscode/syntaxes/kpl.tmLanguage.json) and the language
 * server's semantic tokens all come from the one table below, so no second token list can drift.
 */
import { allTokens, KEYWORDS } from '../syntax/tokens.ts';
import { ALL_BUILTINS } from '../builtins/registry.ts';
import { TEST_KEYWORDS } from '../testing/parse-tests.ts';
import type { MonarchSpec } from './types.ts';
import { REFS } from './services.ts';

/** The class of each lexer token (by token name), in Monaco's names; keywords are `keyword`. */
export const TOKEN_CLASS: Readonly<Record<string, string>> = {
  WhiteSpace: 'white',
  Comment: 'comment',
  StringLiteral: 'string',
  UnterminatedString: 'string.invalid',
  MoneyLiteral: 'number.money',
  PercentLiteral: 'number.percent',
  NumberLiteral: 'number',
  FatArrow: 'operator',
  Arrow: 'operator',
  GreaterEq: 'operator',
  LessEq: 'operator',
  NotEq: 'operator',
  Greater: 'operator',
  Less: 'operator',
  Equals: 'operator',
  Plus: 'operator',
  Minus: 'operator',
  Star: 'operator',
  Slash: 'operator',
  LParen: 'delimiter.parenthesis',
  RParen: 'delimiter.parenthesis',
  LBrace: 'delimiter.curly',
  RBrace: 'delimiter.curly',
  LBracket: 'delimiter.square',
  RBracket: 'delimiter.square',
  Colon: 'delimiter',
  Comma: 'delimiter',
  Semicolon: 'delimiter',
  Dot: 'delimiter',
};

/** The marker used for the identifier rule: the page turns it into `@keywords` / `@builtins` cases. */
export const IDENTIFIER_RULE = '@identifier';

/** The class of a token name: `keyword` for keywords, `identifier`, or TOKEN_CLASS's. */
export function tokenClass(name: string): string {
  if (name in KEYWORDS) return 'keyword';
  if (name === 'Identifier') return 'identifier';
  const cls = TOKEN_CLASS[name];
  if (!cls) throw new Error(`no highlighting class for token ${name}`);
  return cls;
}

/** The identifier pattern's source and its "name character" class (for word boundaries). */
export function identifierPattern(): { source: string; part: string } {
  const identifier = allTokens.find((t) => t.name === 'Identifier')!;
  const source = (identifier.PATTERN as RegExp).source;
  return { source, part: /\]\[([^\]]*)\]\*$/.exec(source)?.[1] ?? 'A-Za-z0-9_' };
}

/**
 * A Monarch tokenizer built from `allTokens` in the lexer's own order (first match wins in both),
 * with every keyword spelling from `KEYWORDS`. No token list is written twice.
 */
export function monarchSpec(): MonarchSpec {
  const rules: [string, string][] = [];
  const keywordNames = new Set(Object.keys(KEYWORDS));
  const idPart = identifierPattern().part;
  const keywords: string[] = [];
  for (const t of allTokens) {
    const source = (t.PATTERN as RegExp).source;
    if (keywordNames.has(t.name)) {
      for (const form of KEYWORDS[t.name as keyof typeof KEYWORDS]) {
        // A spelling with a space (`at most`) is matched as a phrase before identifiers; one-word
        // spellings are identifiers that `@keywords` recognises, as the lexer's longer_alt does.
        if (form.includes(' ')) rules.push([`${form.split(' ').join('\\s+')}(?![${idPart}])`, 'keyword']);
        else keywords.push(form);
      }
      continue;
    }
    if (t.name === 'Identifier') {
      rules.push([source, IDENTIFIER_RULE]);
      continue;
    }
    rules.push([source, tokenClass(t.name)]);
  }
  return { keywords, rules };
}

/** TextMate scope of each class. */
const SCOPE: Readonly<Record<string, string>> = {
  comment: 'comment.line.kpl',
  string: 'string.quoted.double.kpl',
  'string.invalid': 'invalid.illegal.unterminated-string.kpl',
  'number.percent': 'constant.numeric.percent.kpl',
  'number.money': 'constant.numeric.money.kpl',
  number: 'constant.numeric.kpl',
  operator: 'keyword.operator.kpl',
  'delimiter.parenthesis': 'punctuation.section.parens.kpl',
  'delimiter.curly': 'punctuation.section.braces.kpl',
  'delimiter.square': 'punctuation.section.brackets.kpl',
  delimiter: 'punctuation.separator.kpl',
  keyword: 'keyword.control.kpl',
};

/** A JavaScript regular expression's source in Oniguruma's spelling (`\uXXXX` → `\x{XXXX}`). */
function oniguruma(source: string): string {
  return source.replace(/\\u([0-9A-Fa-f]{4})/g, '\\x{$1}');
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The TextMate grammar (VS Code, GitHub, Sublime…) of KPL: the lexer's token patterns in its own
 * order, keywords as whole words in both languages, built-in functions and computed values.
 */
export function textmateGrammar(): Record<string, unknown> {
  const { source: idSource, part } = identifierPattern();
  const word = (forms: readonly string[]) => oniguruma(`(?<![${part}])(?:${forms.map((f) => escapeRe(f).replace(/ /g, '\\s+')).join('|')})(?![${part}])`);
  const patterns: { name: string; match: string }[] = [];
  const keywordForms = Object.values(KEYWORDS).flat().sort((a, b) => b.length - a.length);
  for (const t of allTokens) {
    if (t.name in KEYWORDS || t.name === 'WhiteSpace') continue;
    if (t.name === 'Identifier') {
      patterns.push({ name: SCOPE['keyword']!, match: word(keywordForms) });
      const fns = ALL_BUILTINS.flatMap((b) => [b.name, ...b.aliases]).sort((a, b) => b.length - a.length);
      patterns.push({ name: 'support.function.kpl', match: oniguruma(`(?<![${part}])(?:${fns.map(escapeRe).join('|')})(?=\\s*[(（])`) });
      patterns.push({ name: 'variable.language.kpl', match: word([...REFS]) });
      patterns.push({ name: 'variable.other.kpl', match: oniguruma(idSource) });
      continue;
    }
    const scope = SCOPE[tokenClass(t.name)];
    if (!scope) throw new Error(`no TextMate scope for token ${t.name}`);
    patterns.push({ name: scope, match: oniguruma((t.PATTERN as RegExp).source) });
  }
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'KPL',
    scopeName: 'source.kpl',
    fileTypes: ['kpl'],
    comment: 'GENERATED from src/syntax/tokens.ts by `npm run grammar` (src/editor/highlight.ts) — do not edit',
    patterns,
  };
}

/** The TextMate grammar of `.kpltest` files: comments, the keywords of src/testing/parse-tests.ts, table bars (`||` between inputs and expectations), numbers. */
export function kpltestGrammar(): Record<string, unknown> {
  const words = Object.values(TEST_KEYWORDS).flat().map(escapeRe);
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'KPL tests',
    scopeName: 'source.kpltest',
    fileTypes: ['kpltest'],
    comment: 'GENERATED from src/testing/parse-tests.ts by `npm run grammar` (src/editor/highlight.ts) — do not edit',
    patterns: [
      { name: 'comment.line.kpl', match: '(?:^|(?<=\\s))#.*$' },
      { name: 'keyword.control.kpltest', match: `^\\s*(?:${words.join('|')})(?=[\\s:：]|$)` },
      { name: 'keyword.operator.expectations.kpltest', match: '\\|\\||｜｜' },
      { name: 'punctuation.separator.table.kpltest', match: '[|｜]' },
      ...(['PercentLiteral', 'NumberLiteral'] as const).map((n) => ({ name: SCOPE[tokenClass(n)]!, match: (allTokens.find((t) => t.name === n)!.PATTERN as RegExp).source })),
      { name: SCOPE['string']!, match: (allTokens.find((t) => t.name === 'StringLiteral')!.PATTERN as RegExp).source },
    ],
  };
}

export function kpltestGrammarText(): string {
  return JSON.stringify(kpltestGrammar(), null, 2) + '\n';
}

/** The grammar file's text, as committed. */
export function textmateGrammarText(): string {
  return JSON.stringify(textmateGrammar(), null, 2) + '\n';
}

/** The alternatives of a one-character token pattern such as `\(|（`: `['(', '（']`. */
function spellings(name: string): string[] {
  const t = allTokens.find((x) => x.name === name)!;
  return (t.PATTERN as RegExp).source.split('|').map((a) => a.replace(/^\\/, ''));
}

/**
 * VS Code's language configuration of KPL (editors/vscode/language-configuration.json): comments
 * and bracket pairs in ASCII and full-width forms (（）｛｝【】) as the lexer accepts them, the
 * Chinese quotes “”, and the word pattern of the lexer's identifiers.
 */
export function vscodeLanguageConfiguration(): Record<string, unknown> {
  const pairs: [string, string][] = [];
  for (const [open, close] of [['LBrace', 'RBrace'], ['LParen', 'RParen'], ['LBracket', 'RBracket']] as const) {
    const o = spellings(open);
    const c = spellings(close);
    o.forEach((x, i) => pairs.push([x, c[i]!]));
  }
  const quotes: [string, string][] = [['"', '"'], ['“', '”']];
  const id = identifierPattern().source.replace(/\\u([0-9A-Fa-f]{4})/g, (_, h: string) => `\\u${h}`);
  const braces = pairs.slice(0, spellings('LBrace').length);
  return {
    comments: { lineComment: '#' },
    brackets: pairs,
    colorizedBracketPairs: pairs,
    autoClosingPairs: [...pairs, ...quotes].map(([open, close]) => ({ open, close, ...(open === '"' || open === '“' ? { notIn: ['string', 'comment'] } : {}) })),
    surroundingPairs: [...pairs, ...quotes],
    wordPattern: `(-?\\d+(?:\\.\\d+)?[%％]?)|(${id})`,
    indentationRules: {
      increaseIndentPattern: `[${braces.map(([o]) => o).join('')}][^${braces.map(([, c]) => c).join('')}]*$`,
      decreaseIndentPattern: `^\\s*[${braces.map(([, c]) => c).join('')}]`,
    },
  };
}

export function vscodeLanguageConfigurationText(): string {
  return JSON.stringify(vscodeLanguageConfiguration(), null, 2) + '\n';
}

/**
 * Text → tokens. Lexing errors become diagnostics; the token stream keeps going so the parser can
 * report the mistakes after them too.
 */
import { Lexer, type IToken } from 'chevrotain';
import { allTokens, StringLiteral, UnterminatedString } from './tokens.ts';
import { diag, phrase, type Diagnostic } from '../diagnostics/diagnostic.ts';

/**
 * The lexer. Chevrotain's definition checks cost start-up time on every run (every `kpl` command,
 * every playground worker), so they are skipped here; test/unit/syntax/definitions.test.ts builds
 * the lexer and the parser with them on. Tokens carry offsets only (lex() adds `endOffset`):
 * every later stage locates by offset (source/span.ts), and counting lines and columns per token
 * was a third of lexing. lex() sets `startLine` alone, for the parser's one same-line lookahead.
 */
export function makeLexer(validate = false): Lexer {
  return new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: false, skipValidations: !validate });
}

const lexer = makeLexer();

export interface LexResult {
  readonly tokens: IToken[];
  readonly comments: IToken[];
  readonly diagnostics: Diagnostic[];
}

/** Splits `text` into tokens; comments are returned separately for the formatter. */
export function lex(file: string, text: string): LexResult {
  const r = lexer.tokenize(text);
  const diagnostics: Diagnostic[] = [];
  for (const e of r.errors) {
    const ch = text.slice(e.offset, e.offset + e.length);
    diagnostics.push(diag('KPL1001', { text: ch.length > 12 ? ch.slice(0, 12) + '…' : ch }, { file, start: e.offset, end: e.offset + e.length }));
  }
  const tokens: IToken[] = [];
  // Only the line number is kept (the parser's table-row lookahead stops at a line's end); found
  // by jumping from newline to newline, so it costs nothing per character.
  let line = 1;
  let newline = text.indexOf('\n');
  for (const t of r.tokens) {
    t.endOffset = t.startOffset + t.image.length - 1;
    while (newline !== -1 && newline < t.startOffset) {
      line++;
      newline = text.indexOf('\n', newline + 1);
    }
    t.startLine = line;
    if (t.tokenType === UnterminatedString) {
      diagnostics.push(diag('KPL1002', {}, { file, start: t.startOffset, end: t.endOffset! + 1 }));
      continue;
    }
    if (t.tokenType === StringLiteral && t.image.startsWith('"')) unknownEscapes(file, t, diagnostics);
    tokens.push(t);
  }
  const comments = r.groups['comments'] ?? [];
  for (const t of comments) t.endOffset = t.startOffset + t.image.length - 1;
  return { tokens, comments, diagnostics };
}

/** The escapes a `"…"` string may contain (README 3.1); any other backslash is KPL1006. */
const ESCAPES = new Set(['"', '\\', 'n', 't']);

/** KPL1006 at each `\x` in a `"…"` string whose `x` is not one of the escapes. */
function unknownEscapes(file: string, t: IToken, out: Diagnostic[]): void {
  const s = t.image;
  for (let i = 1; i < s.length - 1; i++) {
    if (s[i] !== '\\') continue;
    const c = String.fromCodePoint(s.codePointAt(i + 1)!);
    if (!ESCAPES.has(c)) {
      const start = t.startOffset + i;
      out.push(diag('KPL1006', { text: '\\' + c }, { file, start, end: start + 1 + c.length }, { help: phrase('backslashItself') }));
    }
    i += c.length;
  }
}

/**
 * Panic-mode synchronisation at declaration keywords (as jlox's `synchronize()`): the token stream
 * is cut into one chunk per top-level declaration before parsing, so a mistake in one declaration
 * (even an unclosed bracket) can never swallow the next one. Five unrelated mistakes give five
 * diagnostics, not one.
 */
import type { IToken, TokenType } from 'chevrotain';
import * as T from './tokens.ts';
import { Keyword as K } from './tokens.ts';

/** Keywords that start a declaration (a nested `indicator` inside `{ }` does not). */
const STARTS = new Set<TokenType>([K.Policy, K.Period, K.Import, K.Input, K.Table, K.Indicator, K.Let, K.Adjust, K.Veto, K.Scale, K.Distribute, K.Output]);
/** Keywords that also name values in formulas: they start a declaration only after a complete expression. */
const SOFT_STARTS = new Set<TokenType>([K.Total, K.Grade, K.Reward]);
/** Tokens after which an expression is complete, so a soft keyword begins something new. */
const ENDS_OPERAND = new Set<TokenType>([T.NumberLiteral, T.PercentLiteral, T.MoneyLiteral, T.StringLiteral, T.Identifier, T.RParen, T.RBrace, T.RBracket, K.True, K.False, K.Total, K.Grade, K.Reward]);
/** A keyword followed by one of these is being used as a name (`period: text`, `input.x`). */
const NAME_FOLLOWERS = new Set<TokenType>([T.Colon, T.Equals, T.Dot, T.Comma, T.RParen, T.RBracket, T.RBrace, T.Plus, T.Minus, T.Star, T.Slash, T.Greater, T.GreaterEq, T.Less, T.LessEq, T.NotEq]);

/** `text`: the source the tokens are from (tokens carry offsets only), to see line breaks. */
export function splitItems(tokens: readonly IToken[], text: string): IToken[][] {
  const chunks: IToken[][] = [];
  let current: IToken[] = [];
  const open: Open[] = [];
  // How many of `open` are not a group's `{` (counted, not searched: 20,000 nested `{` were quadratic).
  let plain = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const type = t.tokenType;
    if (current.length > 0 && startsDeclaration(tokens, i, open, text)) {
      chunks.push(current);
      current = [];
      open.length = 0;
      plain = 0;
    }
    if (type === T.LBrace || type === T.LParen || type === T.LBracket) {
      // A group's `{` follows an indicator's header (not a call's `)`), inside groups only.
      const group = type === T.LBrace && current[0]?.tokenType === K.Indicator && tokens[i - 1]?.tokenType !== T.RParen && plain === 0;
      open.push({ type, group });
      if (!group) plain++;
    } else if (type === T.RBrace || type === T.RParen || type === T.RBracket) {
      if (open.pop()?.group === false) plain--;
    }
    current.push(t);
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** An open bracket; `group` marks the `{ … }` of an indicator group, where `indicator` nests. */
interface Open {
  readonly type: TokenType;
  readonly group: boolean;
}

function startsDeclaration(tokens: readonly IToken[], i: number, open: readonly Open[], text: string): boolean {
  const type = tokens[i]!.tokenType;
  const next = tokens[i + 1]?.tokenType;
  if (next && NAME_FOLLOWERS.has(next) && !(type === K.Total || type === K.Reward)) return false;
  if (STARTS.has(type)) {
    // Inside an input block or a call's table an `indicator` is the next declaration: the `}` is missing.
    if (type === K.Indicator && open.length > 0 && open[open.length - 1]!.group) return false;
    return true;
  }
  // `exempt "…"` / `exempt when` can never continue an expression (a column may be called 不参评).
  if (type === K.Exempt) return next === T.StringLiteral || next === K.When;
  // `grade by` / `grade {` can never continue an expression.
  if (type === K.Grade) return next === K.By || next === T.LBrace;
  // `score total =` is no expression, even with a bracket left open above: a `)` or `}` is missing.
  if (SOFT_STARTS.has(type) && ENDS_OPERAND.has(tokens[i - 1]!.tokenType)) return next === T.Equals && (open.length === 0 || startsLine(tokens, i, text));
  return false;
}

/** True when token `i` is the first of its line (a line break since the token before it). */
function startsLine(tokens: readonly IToken[], i: number, text: string): boolean {
  const prev = tokens[i - 1];
  if (prev === undefined) return true;
  const gap = text.slice(prev.endOffset! + 1, tokens[i]!.startOffset);
  return gap.includes('\n') || gap.includes('\r');
}

/**
 * The nesting limit (README "Limits", KPL5001), checked on a declaration's tokens before it is
 * parsed: the parser, the checker and every engine walk expressions recursively, so how deep a
 * declaration nests is bounded here, once, for all of them. Counted: each open bracket (calls,
 * parentheses, blocks, intervals), and within one bracket level each `if` and each prefix sign or
 * `not` (an `else if` chain nests). The count over-approximates the tree's depth, never under.
 */
import type { IToken, TokenType } from 'chevrotain';
import * as T from './tokens.ts';
import { Keyword as K } from './tokens.ts';
import { LIMITS } from '../diagnostics/limits.ts';

const OPEN = new Set<TokenType>([T.LParen, T.LBrace, T.LBracket]);
const CLOSE = new Set<TokenType>([T.RParen, T.RBrace, T.RBracket]);
/** After these a `-` is binary (subtraction), so it does not nest. */
const OPERAND_END = new Set<TokenType>([T.NumberLiteral, T.PercentLiteral, T.StringLiteral, T.Identifier, T.RParen, T.RBracket, T.RBrace, K.True, K.False, K.Total, K.Grade, K.Reward]);

const LITERAL = new Set<TokenType>([T.NumberLiteral, T.PercentLiteral]);

/** The first token at which `tokens` nest deeper than the limit, or undefined. */
export function tooDeep(tokens: readonly IToken[], limit: number = LIMITS.nesting): IToken | undefined {
  // levels[i]: how much the i-th open bracket level adds (1 for the bracket, +1 per if/prefix).
  const levels: number[] = [0];
  let depth = 0;
  let prev: TokenType | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const type = t.tokenType;
    if (OPEN.has(type)) {
      levels.push(1);
      depth++;
    } else if (CLOSE.has(type)) {
      if (levels.length > 1) depth -= levels.pop()!;
    } else if (type === T.Comma || type === T.Semicolon) {
      // A separator ends the expressions of this level: their `if`s and signs no longer nest.
      const base = levels.length > 1 ? 1 : 0;
      depth -= levels[levels.length - 1]! - base;
      levels[levels.length - 1] = base;
    } else if (type === K.If || type === K.Not || (type === T.Minus && (prev === undefined || !OPERAND_END.has(prev)) && !LITERAL.has(tokens[i + 1]?.tokenType as TokenType))) {
      levels[levels.length - 1]!++;
      depth++;
    }
    if (depth > limit) return t;
    prev = type;
  }
  return undefined;
}

/**
 * The deepest node of a parsed declaration, when its syntax tree is deeper than `limit` (a long
 * chain `a + b + c + …` nests without brackets). Walked with an explicit stack.
 */
export function deepestNode(root: object, limit: number = LIMITS.treeDepth): { span?: { start: number; end: number } } | undefined {
  // Two parallel stacks, objects only: a pair per property was most of this walk's cost (it runs on every declaration).
  const values: object[] = [root];
  const depths: number[] = [0];
  while (values.length) {
    const v = values.pop()!;
    const d = depths.pop()!;
    const isNode = !Array.isArray(v) && typeof (v as { kind?: unknown }).kind === 'string';
    const depth = isNode ? d + 1 : d;
    if (depth > limit) return v as { span?: { start: number; end: number } };
    for (const k in v) {
      if (k === 'span') continue;
      const c = (v as Record<string, unknown>)[k];
      if (c !== null && typeof c === 'object') {
        values.push(c);
        depths.push(depth);
      }
    }
  }
  return undefined;
}

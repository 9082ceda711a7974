/** How tokens are named in messages: keywords and punctuation as written, the rest by kind. */
import type { IToken, TokenType } from 'chevrotain';
import { KEYWORDS, type KeywordName } from './tokens.ts';
import { list, type DiagArg } from '../diagnostics/phrases.ts';

const PUNCT: Record<string, string> = {
  FatArrow: '`=>`', Arrow: '`->`', GreaterEq: '`>=`', LessEq: '`<=`', NotEq: '`!=`', Greater: '`>`', Less: '`<`',
  Equals: '`=`', Plus: '`+`', Minus: '`-`', Star: '`*`', Slash: '`/`', LParen: '`(`', RParen: '`)`', LBrace: '`{`',
  RBrace: '`}`', LBracket: '`[`', RBracket: '`]`', Colon: '`:`', Comma: '`,`', Semicolon: '`;`', Dot: '`.`',
  Identifier: 'a name', StringLiteral: 'a string', NumberLiteral: 'a number', PercentLiteral: 'a percentage', MoneyLiteral: 'an amount of money',
};

/** Describes a token type for "expected …" messages. */
export function describeTokenType(t: TokenType): string {
  if (t.name === 'EOF') return 'the end of the file';
  if (t.name in KEYWORDS) return '`' + KEYWORDS[t.name as KeywordName][0] + '`';
  return PUNCT[t.name] ?? t.name;
}

/** Describes an actual token for "… but found …" messages. */
export function describeToken(t: IToken): string {
  if (t.tokenType.name === 'EOF' || Number.isNaN(t.startOffset)) return 'the end of the file';
  const img = t.image.length > 20 ? t.image.slice(0, 20) + '…' : t.image;
  return '`' + img + '`';
}

/**
 * A parser message (`` `,`, `}` or `weight` ``, built by parser.ts) as a diagnostic argument: a
 * list, so that `--lang zh` joins it as `` `,`、`}` 或 `weight` ``.
 */
export function alternativesArg(message: string): DiagArg {
  const m = /^(.*) or ((?:an? |the )?\S+|…)$/.exec(message);
  if (!m) return message;
  return list([...m[1]!.split(/, (?=`|a |an |the |…)/), m[2]!], 'or');
}

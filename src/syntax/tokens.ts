/**
 * The token definitions: the single source of truth for the lexer, the editor's highlighting
 * (the playground builds its Monarch tokenizer from `KEYWORDS` and the token patterns) and the docs.
 *
 * Every keyword has an English and a Chinese form. Full-width punctuation that a Chinese input
 * method produces by habit (：，；（）％【】→) is accepted as the ASCII token it stands for.
 *
 * ORDER MATTERS in `allTokens`: comments and whitespace first; multi-character operators before
 * their one-character prefixes; keywords before Identifier (each keyword has `longer_alt:
 * Identifier`, so `指标体系` is one identifier, not the keyword `指标` followed by `体系`).
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

const CJK = '\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF';
const ID_START = `A-Za-z_${CJK}`;
const ID_PART = `A-Za-z0-9_${CJK}`;

export const Identifier = createToken({ name: 'Identifier', pattern: new RegExp(`[${ID_START}][${ID_PART}]*`) });

/** Keyword spellings; the first is canonical (what the formatter prints). */
export const KEYWORDS = {
  Policy: ['policy', '方案'],
  Version: ['version', '版本'],
  Period: ['period', '周期'],
  Import: ['import', '导入'],
  Input: ['input', '输入'],
  Table: ['table', '对照表'],
  Key: ['key', '主键'],
  Of: ['of', '属于'],
  By: ['by', '按'],
  Optional: ['optional', '可空'],
  Indicator: ['indicator', '指标'],
  Weight: ['weight', '权重'],
  Missing: ['missing', '不适用'],
  Description: ['description', '说明'],
  Unit: ['unit', '单位'],
  Let: ['let', '定义'],
  Adjust: ['adjust', '加减分'],
  Total: ['total', '总分'],
  Veto: ['veto', '否决'],
  When: ['when', '当'],
  Exempt: ['exempt', '不参评'],
  Scale: ['scale', '等级表'],
  Grade: ['grade', '等级'],
  Distribute: ['distribute', '强制分布'],
  Per: ['per', '每个'],
  Order: ['order', '排序'],
  From: ['from', '来自'],
  Desc: ['desc', '降序'],
  Asc: ['asc', '升序'],
  Reward: ['reward', '奖励'],
  Output: ['output', '输出'],
  If: ['if', '如果'],
  Then: ['then', '则'],
  Otherwise: ['otherwise', 'else', '否则'],
  And: ['and', '且'],
  Or: ['or', '或'],
  Not: ['not', '非'],
  In: ['in', '介于'],
  True: ['true', '真'],
  False: ['false', '假'],
  AtMost: ['at most', '至多'],
  AtLeast: ['at least', '至少'],
} as const;

export type KeywordName = keyof typeof KEYWORDS;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
}

function keyword(name: KeywordName): TokenType {
  const forms = [...KEYWORDS[name]].sort((a, b) => b.length - a.length);
  // ASCII forms must end at a word boundary; CJK forms rely on longer_alt.
  const pattern = new RegExp(forms.map((f) => (/^[a-z ]+$/.test(f) ? `${escapeRe(f)}(?![${ID_PART}])` : escapeRe(f))).join('|'));
  return createToken({ name, pattern, longer_alt: Identifier, categories: [] });
}

export const Keyword: Record<KeywordName, TokenType> = Object.fromEntries(
  (Object.keys(KEYWORDS) as KeywordName[]).map((k) => [k, keyword(k)]),
) as Record<KeywordName, TokenType>;

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\u3000\uFEFF]+/, group: Lexer.SKIPPED });
/** Comments are kept in their own group so the formatter can put them back. */
export const Comment = createToken({ name: 'Comment', pattern: /(#|\/\/)[^\n\r]*/, group: 'comments' });

export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\n\r]|\\.)*"|“[^”\n\r]*”/ });
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\n\r]|\\.)*|“[^”\n\r]*/ });
/**
 * `500 元`, `500元`, `¥500`, `￥12.50`: an amount of money (a literal with the unit money, so that
 * `新渠道数 * 500 元` is money). `元` must end the word: `500 元旦` is not money.
 */
export const MoneyLiteral = createToken({ name: 'MoneyLiteral', pattern: new RegExp(`[¥￥][ \\t\\u3000]*\\d+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?[ \\t\\u3000]*元(?![${ID_PART}])`), line_breaks: false });
/** `20%`, `12.5％`: a percentage literal, worth 0.2 / 0.125. */
export const PercentLiteral = createToken({ name: 'PercentLiteral', pattern: /\d+(?:\.\d+)?[%％]/ });
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /\d+(?:\.\d+)?/ });

export const FatArrow = createToken({ name: 'FatArrow', pattern: /=>|⇒/ });
export const Arrow = createToken({ name: 'Arrow', pattern: /->|→/ });
export const GreaterEq = createToken({ name: 'GreaterEq', pattern: />=|≥|＞＝/ });
export const LessEq = createToken({ name: 'LessEq', pattern: /<=|≤|＜＝/ });
export const NotEq = createToken({ name: 'NotEq', pattern: /!=|≠/ });
export const Greater = createToken({ name: 'Greater', pattern: />|＞/ });
export const Less = createToken({ name: 'Less', pattern: /<|＜/ });
export const Equals = createToken({ name: 'Equals', pattern: /=|＝/ });
export const Plus = createToken({ name: 'Plus', pattern: /\+|＋/ });
export const Minus = createToken({ name: 'Minus', pattern: /-|－/ });
export const Star = createToken({ name: 'Star', pattern: /\*|×/ });
export const Slash = createToken({ name: 'Slash', pattern: /\/|÷/ });
export const LParen = createToken({ name: 'LParen', pattern: /\(|（/ });
export const RParen = createToken({ name: 'RParen', pattern: /\)|）/ });
export const LBrace = createToken({ name: 'LBrace', pattern: /\{|｛/ });
export const RBrace = createToken({ name: 'RBrace', pattern: /\}|｝/ });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[|【/ });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]|】/ });
export const Colon = createToken({ name: 'Colon', pattern: /:|：/ });
export const Comma = createToken({ name: 'Comma', pattern: /,|，|、/ });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;|；/ });
export const Dot = createToken({ name: 'Dot', pattern: /\./ });

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLiteral,
  UnterminatedString,
  MoneyLiteral,
  PercentLiteral,
  NumberLiteral,
  FatArrow,
  Arrow,
  GreaterEq,
  LessEq,
  NotEq,
  Greater,
  Less,
  Equals,
  Plus,
  Minus,
  Star,
  Slash,
  LParen,
  RParen,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  Colon,
  Comma,
  Semicolon,
  Dot,
  // Multi-word keywords before the one-word ones that could start them.
  Keyword.AtMost,
  Keyword.AtLeast,
  ...(Object.keys(KEYWORDS) as KeywordName[]).filter((k) => k !== 'AtMost' && k !== 'AtLeast').map((k) => Keyword[k]),
  Identifier,
];

/** Token types the editor highlights as punctuation/operators, by name. */
export const OPERATOR_TOKENS = [FatArrow, Arrow, GreaterEq, LessEq, NotEq, Greater, Less, Equals, Plus, Minus, Star, Slash];

/**
 * The policy AST: readonly discriminated unions on `kind`, every node with a `span`.
 * Built by the parser from tokens; read by the checker and the formatter.
 * Missing pieces after a syntax error become `Error` nodes so later stages can keep going.
 */
import type { Span } from '../source/span.ts';

export interface Name {
  readonly text: string;
  readonly span: Span;
}

// ── expressions ──────────────────────────────────────────────────────────
export type Expr =
  | NumberLit
  | PercentLit
  | MoneyLit
  | StringLit
  | BoolLit
  | NameRef
  | Member
  | Index
  | Unary
  | Binary
  | IfExpr
  | Call
  | ErrorExpr;

export interface NumberLit { readonly kind: 'Number'; readonly text: string; readonly span: Span }
/** `20%`: `text` is the digits without the sign, value = text / 100. */
export interface PercentLit { readonly kind: 'Percent'; readonly text: string; readonly span: Span }
/** `500 元` (`prefix` false) or `¥500` (`prefix` true): `text` is the digits, the value is money. */
export interface MoneyLit { readonly kind: 'Money'; readonly text: string; readonly prefix: boolean; readonly span: Span }
export interface StringLit { readonly kind: 'String'; readonly value: string; readonly span: Span }
export interface BoolLit { readonly kind: 'Bool'; readonly value: boolean; readonly span: Span }
export interface NameRef { readonly kind: 'Name'; readonly name: string; readonly span: Span }
/** `ratings.score`, `teams[team].pool` */
export interface Member { readonly kind: 'Member'; readonly object: Expr; readonly member: Name; readonly span: Span }
/** `teams[team]`: the row of lookup table `teams` whose key is `team`. */
export interface Index { readonly kind: 'Index'; readonly object: Expr; readonly index: Expr; readonly span: Span }
export interface Unary { readonly kind: 'Unary'; readonly op: '-' | 'not'; readonly operand: Expr; readonly span: Span }
export type BinaryOp = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '=' | '!=' | 'and' | 'or';
export interface Binary { readonly kind: 'Binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly opSpan: Span; readonly span: Span }
export interface IfExpr { readonly kind: 'If'; readonly cond: Expr; readonly then: Expr; readonly else: Expr; readonly span: Span }
export interface Arg { readonly name?: Name; readonly value: Expr; readonly span: Span }

/** A row of a call's table block: `>= 20: 100`, `70: 40`, `below: 0`, `领导: 50%`, `otherwise: 20`. */
export interface TableRow {
  readonly key: RowKey;
  readonly value: Expr;
  readonly span: Span;
}
export type RowKey =
  | { readonly kind: 'Compare'; readonly op: '>=' | '>' | '<=' | '<' | '='; readonly value: SignedNumber; readonly span: Span }
  | { readonly kind: 'Point'; readonly value: SignedNumber; readonly span: Span }
  /** `>= 目标 * 120%: 100`, `目标 * 120%: 2%`: a bound computed from the person's values (README 3.6). */
  | { readonly kind: 'CompareExpr'; readonly op: '>=' | '>' | '<=' | '<' | '='; readonly bound: Expr; readonly span: Span }
  | { readonly kind: 'PointExpr'; readonly bound: Expr; readonly span: Span }
  | { readonly kind: 'Label'; readonly text: string; readonly span: Span }
  | { readonly kind: 'Otherwise'; readonly span: Span };

/** A literal number as written, possibly negative and possibly a percentage. */
export interface SignedNumber {
  readonly negative: boolean;
  readonly text: string;
  readonly percent: boolean;
  readonly span: Span;
}

/** `min(a, b)`, `ratio(a, b, zero: 0)`, `interpolate(x) { below: 0; 0: 60; 10%: 100 }` */
export interface Call {
  readonly kind: 'Call';
  readonly callee: Name;
  readonly args: readonly Arg[];
  readonly table?: readonly TableRow[];
  readonly span: Span;
}
export interface ErrorExpr { readonly kind: 'Error'; readonly span: Span }

// ── declarations ─────────────────────────────────────────────────────────
export type Item =
  | PolicyHeader
  | PeriodDecl
  | ImportDecl
  | InputDecl
  | IndicatorDecl
  | LetDecl
  | AdjustDecl
  | TotalDecl
  | VetoDecl
  | ExemptDecl
  | ScaleDecl
  | GradeDecl
  | DistributeDecl
  | RewardDecl
  | OutputDecl;

export interface PolicyHeader { readonly kind: 'Policy'; readonly name: StringLit; readonly version?: StringLit; readonly span: Span }
export interface PeriodDecl { readonly kind: 'Period'; readonly period: Name; readonly span: Span }
export interface ImportDecl { readonly kind: 'Import'; readonly path: StringLit; readonly span: Span }

export interface ColumnDecl {
  readonly kind: 'Column';
  readonly name: Name;
  readonly type: Name;
  readonly values?: readonly Name[];
  readonly constraints: readonly RangeConstraint[];
  readonly optional: boolean;
  readonly references?: Name;
  /** `from "季度销售额（元）"`: the data file's header the column is read from. */
  readonly header?: StringLit;
  readonly description?: StringLit;
  readonly span: Span;
}
export type RangeConstraint =
  | { readonly kind: 'Compare'; readonly op: '>=' | '>' | '<=' | '<'; readonly value: SignedNumber; readonly span: Span }
  | { readonly kind: 'Interval'; readonly low: SignedNumber; readonly lowInclusive: boolean; readonly high: SignedNumber; readonly highInclusive: boolean; readonly span: Span };

export interface InputDecl {
  readonly kind: 'Input';
  /** `input X key k` population; `input X of P by c` related rows; `table X key k` lookup table. */
  readonly role: 'population' | 'related' | 'lookup';
  readonly name: Name;
  readonly key?: Name;
  readonly parent?: Name;
  readonly by?: Name;
  readonly columns: readonly ColumnDecl[];
  readonly span: Span;
}

export type WeightSpec =
  | { readonly kind: 'Fixed'; readonly value: SignedNumber; readonly span: Span }
  | { readonly kind: 'By'; readonly column: Name; readonly rows: readonly { readonly key: Name; readonly value: SignedNumber; readonly span: Span }[]; readonly span: Span };

export interface IndicatorDecl {
  readonly kind: 'Indicator';
  readonly name: Name;
  readonly title?: StringLit;
  readonly weight?: WeightSpec;
  readonly missing?: Name;
  readonly description?: StringLit;
  readonly unit?: StringLit;
  readonly rule?: Expr;
  readonly children: readonly IndicatorDecl[];
  readonly span: Span;
}

export interface LetDecl { readonly kind: 'Let'; readonly name: Name; readonly value: Expr; readonly span: Span }
export interface AdjustDecl { readonly kind: 'Adjust'; readonly name: Name; readonly title?: StringLit; readonly value: Expr; readonly span: Span }
export interface TotalDecl { readonly kind: 'Total'; readonly value: Expr; readonly span: Span }
export interface RewardDecl { readonly kind: 'Reward'; readonly value: Expr; readonly span: Span }

export type VetoEffect =
  | { readonly kind: 'Grade'; readonly grade: Name; readonly span: Span }
  | { readonly kind: 'Cap'; readonly grade: Name; readonly span: Span }
  | { readonly kind: 'Total'; readonly value: Expr; readonly span: Span };
export interface VetoDecl { readonly kind: 'Veto'; readonly reason?: StringLit; readonly when: Expr; readonly effect: VetoEffect; readonly span: Span }

/**
 * `exempt "本季度入职" when 入职月数 < 3`: a person the condition holds for is not assessed
 * (status `not_assessed`, the reason in the output). The reason is required (checked, KPL2080).
 */
export interface ExemptDecl { readonly kind: 'Exempt'; readonly reason?: StringLit; readonly when: Expr; readonly span: Span }

export type BandBound =
  | { readonly kind: 'Compare'; readonly op: '>=' | '>' | '<=' | '<'; readonly value: SignedNumber; readonly span: Span }
  | { readonly kind: 'Interval'; readonly low: SignedNumber; readonly lowInclusive: boolean; readonly high: SignedNumber; readonly highInclusive: boolean; readonly span: Span }
  | { readonly kind: 'Otherwise'; readonly span: Span };
export interface BandDecl { readonly name: Name; readonly title?: StringLit; readonly bound: BandBound; readonly span: Span }
export interface ScaleDecl { readonly kind: 'Scale'; readonly name: Name; readonly bands: readonly BandDecl[]; readonly span: Span }
/** `grade by 四级` or `grade { ... }` */
export interface GradeDecl { readonly kind: 'Grade'; readonly scale?: Name; readonly bands?: readonly BandDecl[]; readonly span: Span }

/**
 * `A at most 20% -> B`, `D at least 5% from C`; or a share of the ranking whatever the grade:
 * `top 10% -> 优秀`, `bottom 5% -> 待改进` (`word` as written: top/前, bottom/末位; `grade` is the
 * grade given, there is no `target`).
 */
export interface QuotaDecl {
  readonly grade: Name;
  readonly kind: 'at_most' | 'at_least' | 'top' | 'bottom';
  readonly word?: Name;
  readonly share: SignedNumber;
  readonly options: readonly { readonly name: Name; readonly value?: SignedNumber }[];
  readonly target?: Name;
  readonly span: Span;
}
export interface OrderKey { readonly expr: Expr; readonly desc: boolean; readonly span: Span }
/** `among 参评` / `仅限 参评`: who a distribution counts, ranks and moves (`word` as written). */
export interface AmongDecl { readonly word: Name; readonly cond: Expr; readonly span: Span }
/**
 * `only groups of at least 8` / `仅限 不少于 8 人的组`: smaller groups are not distributed.
 * `zh`: written the Chinese way, `unit` the word after the number as written (人的组).
 */
export interface MinGroupDecl { readonly size: SignedNumber; readonly zh?: { readonly unit: Name }; readonly span: Span }
export interface DistributeDecl {
  readonly kind: 'Distribute';
  readonly per?: Expr;
  /** Every `among` written (more than one is an error). */
  readonly among: readonly AmongDecl[];
  /** Every `only groups of at least N` written (more than one is an error). */
  readonly minGroup: readonly MinGroupDecl[];
  readonly quotas: readonly QuotaDecl[];
  readonly order: readonly OrderKey[];
  readonly span: Span;
}

export interface OutputItem { readonly name: Name; readonly value?: Expr; readonly span: Span }
export interface OutputDecl { readonly kind: 'Output'; readonly items: readonly OutputItem[]; readonly span: Span }

export interface PolicyFile {
  readonly kind: 'File';
  readonly file: string;
  readonly items: readonly Item[];
  readonly span: Span;
}

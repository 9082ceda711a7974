/**
 * Tokens → AST, with Chevrotain's error recovery on: a file with several unrelated mistakes gets one
 * diagnostic for each, and the AST keeps everything that could be read (missing parts are `Error`
 * nodes). One parser instance is reused; `parse` resets it per call.
 *
 * AST construction is wrapped in ACTION so that Chevrotain's grammar-recording phase skips it.
 */
import { EmbeddedActionsParser, EOF, type IToken, type TokenType, type IParserErrorMessageProvider } from 'chevrotain';
import * as T from './tokens.ts';
import { Keyword as K } from './tokens.ts';
import type * as A from '../ast/nodes.ts';
import type { Span } from '../source/span.ts';
import { describeTokenType } from './token-names.ts';
import { AMONG_WORDS, MIN_GROUP_WORDS, SHARE_WORDS } from './forms.ts';

/** Keywords that may also be used as names (columns called `unit` or `weight`, `total` in formulas). */
export const SOFT_KEYWORDS: TokenType[] = [
  K.Unit, K.Key, K.Period, K.Version, K.Description, K.Weight, K.Total, K.Grade, K.Reward, K.Order,
  K.Table, K.Input, K.Missing, K.Exempt, K.From, K.Of, K.By, K.Per, K.Scale, K.Policy, K.Output, K.Optional, K.Asc, K.Desc,
];

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => describeTokenType(expected),
  buildNotAllInputParsedMessage: () => 'the start of a declaration (`indicator`, `input`, `grade`, …)',
  buildNoViableAltMessage: ({ expectedPathsPerAlt }) => describeAlternatives(expectedPathsPerAlt.flat()),
  buildEarlyExitMessage: ({ expectedIterationPaths }) => describeAlternatives(expectedIterationPaths),
};

function describeAlternatives(paths: TokenType[][]): string {
  const types = new Set(paths.map((p) => p[0]).filter((t): t is TokenType => t !== undefined));
  if (types.has(T.NumberLiteral) && types.has(T.Identifier) && types.has(T.LParen)) return 'an expression';
  if (types.has(T.Identifier)) for (const k of SOFT_KEYWORDS) types.delete(k);
  const firsts = [...new Set([...types].map(describeTokenType))];
  if (firsts.length > 4) return firsts.slice(0, 4).join(', ') + ' or …';
  return firsts.length <= 1 ? (firsts[0] ?? 'something else') : firsts.slice(0, -1).join(', ') + ' or ' + firsts[firsts.length - 1];
}

type Cmp = '>=' | '>' | '<=' | '<';
const OP_SYMBOL: Readonly<Record<string, Cmp | '=' | '!='>> = { GreaterEq: '>=', Greater: '>', LessEq: '<=', Less: '<', Equals: '=', NotEq: '!=' };

/**
 * Chevrotain's `{ GATE, DEF }` made from arguments. tsx compiles with esbuild's keepNames, which
 * wraps an arrow written inline as `DEF: () => …` in a naming call every time it is created.
 */
/** The comparison operators, in the order the parser tries them. */
const COMPARISON_OPS: TokenType[] = [T.GreaterEq, T.Greater, T.LessEq, T.Less, T.Equals, T.NotEq];
const COMPARISON_TOKENS: ReadonlySet<TokenType> = new Set(COMPARISON_OPS);
const gated = <T>(GATE: () => boolean, DEF: () => T) => ({ GATE, DEF });

/** A row bound written as a number (`-5%`), the literal form every table accepts; else undefined. */
function literalBound(e: A.Expr): A.SignedNumber | undefined {
  const negative = e.kind === 'Unary' && e.op === '-';
  const x = negative ? e.operand : e;
  if (x.kind !== 'Number' && x.kind !== 'Percent') return undefined;
  return { negative, text: x.text, percent: x.kind === 'Percent', span: e.span };
}

function compareKey(op: Cmp | '=', bound: A.Expr, span: Span): A.RowKey {
  const value = literalBound(bound);
  return value ? { kind: 'Compare', op, value, span } : { kind: 'CompareExpr', op, bound, span };
}

function pointKey(bound: A.Expr): A.RowKey {
  const value = literalBound(bound);
  return value ? { kind: 'Point', value, span: bound.span } : { kind: 'PointExpr', bound, span: bound.span };
}
/** Chevrotain's `{ SEP, DEF }` made from arguments, for the same reason. */
const separated = <T>(SEP: TokenType, DEF: () => T) => ({ SEP, DEF });

export class PolicyParser extends EmbeddedActionsParser {
  file = '';

  /** `validate`: run Chevrotain's grammar checks (the tests do; they cost start-up time otherwise). */
  constructor(options: { validate?: boolean } = {}) {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: messages, skipValidations: !options.validate });
    this.performSelfAnalysis();
  }

  // ── helpers ────────────────────────────────────────────────────────────
  private tokSpan(t: IToken): Span {
    return { file: this.file, start: t.startOffset, end: t.endOffset! + 1 };
  }
  /** Span from `start` to the last token consumed so far. */
  private spanFrom(start: IToken): Span {
    const self = this as unknown as { currIdx: number; input: IToken[] };
    const last = self.input[self.currIdx];
    const s = Number.isNaN(start.startOffset) ? (last?.startOffset ?? 0) : start.startOffset;
    const e = last ? last.endOffset! + 1 : s;
    return { file: this.file, start: s, end: Math.max(s, e) };
  }
  private errorExpr(at: IToken): A.ErrorExpr {
    return { kind: 'Error', span: this.spanFrom(at) };
  }
  private unquote(t: IToken): string {
    const s = t.image;
    if (s.startsWith('“')) return s.slice(1, -1);
    return s.slice(1, -1).replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
  }

  // ── alternatives made once ────────────────────────────────────────────
  // Alternatives that close over nothing but the parser are built once, not on every call of their
  // rule (Chevrotain's advice; under tsx each inline `ALT: () => …` also costs a naming call).
  private readonly consumeEach = (types: TokenType[]) => types.map((k) => ({ ALT: () => this.CONSUME(k) }));
  private readonly nameAlts = this.consumeEach([T.Identifier, ...SOFT_KEYWORDS]);
  private readonly numberAlts = this.consumeEach([T.NumberLiteral, T.PercentLiteral]);
  private readonly compareAlts = this.consumeEach([T.GreaterEq, T.Greater, T.LessEq, T.Less]);
  /** False at `NAME :` where NAME is the soft keyword `optional`: the next column begins there. */
  private readonly notNextColumn = () => !((this.LA(1).tokenType === K.Optional || this.LA(1).tokenType === K.From) && this.LA(2).tokenType === T.Colon);
  private readonly separatorAlts = [{ ALT: () => this.CONSUME9(T.Semicolon) }, { ALT: () => this.CONSUME9(T.Comma) }];

  // ── names and literals ────────────────────────────────────────────────
  // After a syntax error inside a name, error recovery returns this rule's recovery value: an
  // empty name where the mistake is (the error is already reported; compile stops before checking).
  private nameTok = this.RULE('name', (): IToken => this.OR(this.nameAlts), { recoveryValueFunc: (e) => ({ ...e.token, image: '' }) });
  private name(): A.Name {
    const t = this.SUBRULE(this.nameTok);
    return this.ACTION(() => ({ text: t.image, span: this.tokSpan(t) }));
  }

  private str = this.RULE('string', (): A.StringLit => {
    const t = this.CONSUME(T.StringLiteral);
    return this.ACTION(() => ({ kind: 'String' as const, value: this.unquote(t), span: this.tokSpan(t) }));
  });

  private signedNumber = this.RULE('signedNumber', (): A.SignedNumber => {
    const start = this.LA(1);
    const minus = this.OPTION(() => this.CONSUME(T.Minus));
    const t = this.OR(this.numberAlts);
    return this.ACTION(() => {
      const percent = t.tokenType === T.PercentLiteral;
      return { negative: minus !== undefined, text: percent ? t.image.slice(0, -1) : t.image, percent, span: this.spanFrom(start) };
    });
  });

  private cmpOp = this.RULE('compareOp', (): Cmp => {
    const t = this.OR(this.compareAlts);
    return this.ACTION(() => OP_SYMBOL[t.tokenType.name] as Cmp);
  });

  private interval = this.RULE('interval', () => {
    const start = this.LA(1);
    const open = this.OR([{ ALT: () => this.CONSUME(T.LBracket) }, { ALT: () => this.CONSUME(T.LParen) }]);
    const low = this.SUBRULE(this.signedNumber);
    this.CONSUME(T.Comma);
    const high = this.SUBRULE2(this.signedNumber);
    const close = this.OR2([{ ALT: () => this.CONSUME(T.RBracket) }, { ALT: () => this.CONSUME(T.RParen) }]);
    return this.ACTION(() => ({
      kind: 'Interval' as const,
      low,
      lowInclusive: open.tokenType === T.LBracket,
      high,
      highInclusive: close.tokenType === T.RBracket,
      span: this.spanFrom(start),
    }));
  });

  private separator(): void {
    this.OPTION9(() => this.OR9(this.separatorAlts));
  }

  // ── file and items ─────────────────────────────────────────────────────
  public policyFile = this.RULE('policyFile', (): A.Item[] => {
    const items: A.Item[] = [];
    this.MANY(() => {
      const item = this.SUBRULE(this.item);
      this.ACTION(() => item && items.push(item));
    });
    return items;
  });

  public item = this.RULE('item', (): A.Item => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.policyHeader) },
      { ALT: () => this.SUBRULE(this.periodDecl) },
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.inputDecl) },
      { ALT: () => this.SUBRULE(this.tableDecl) },
      { ALT: () => this.SUBRULE(this.indicatorDecl) },
      { ALT: () => this.SUBRULE(this.letDecl) },
      { ALT: () => this.SUBRULE(this.adjustDecl) },
      { ALT: () => this.SUBRULE(this.totalDecl) },
      { ALT: () => this.SUBRULE(this.vetoDecl) },
      { ALT: () => this.SUBRULE(this.exemptDecl) },
      { ALT: () => this.SUBRULE(this.scaleDecl) },
      { ALT: () => this.SUBRULE(this.gradeDecl) },
      { ALT: () => this.SUBRULE(this.distributeDecl) },
      { ALT: () => this.SUBRULE(this.rewardDecl) },
      { ALT: () => this.SUBRULE(this.outputDecl) },
    ]);
  });

  private policyHeader = this.RULE('policyHeader', (): A.PolicyHeader => {
    const start = this.CONSUME(K.Policy);
    const name = this.SUBRULE(this.str);
    const version = this.OPTION(() => {
      this.CONSUME(K.Version);
      return this.SUBRULE2(this.str);
    });
    return this.ACTION(() => ({ kind: 'Policy' as const, name, ...(version ? { version } : {}), span: this.spanFrom(start) }));
  });

  private periodDecl = this.RULE('periodDecl', (): A.PeriodDecl => {
    const start = this.CONSUME(K.Period);
    const p = this.SUBRULE(this.nameTok);
    return this.ACTION(() => ({ kind: 'Period' as const, period: { text: p.image, span: this.tokSpan(p) }, span: this.spanFrom(start) }));
  });

  private importDecl = this.RULE('importDecl', (): A.ImportDecl => {
    const start = this.CONSUME(K.Import);
    const path = this.SUBRULE(this.str);
    return this.ACTION(() => ({ kind: 'Import' as const, path, span: this.spanFrom(start) }));
  });

  private inputDecl = this.RULE('inputDecl', (): A.InputDecl => {
    const start = this.CONSUME(K.Input);
    const n = this.SUBRULE(this.nameTok);
    const head = this.OR([
      {
        ALT: () => {
          this.CONSUME(K.Key);
          const k = this.SUBRULE2(this.nameTok);
          return { role: 'population' as const, key: k };
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.Of);
          const p = this.SUBRULE3(this.nameTok);
          this.CONSUME(K.By);
          const b = this.SUBRULE4(this.nameTok);
          return { role: 'related' as const, parent: p, by: b };
        },
      },
    ]);
    const columns = this.SUBRULE(this.columnBlock);
    return this.ACTION(() => ({
      kind: 'Input' as const,
      role: head.role,
      name: { text: n.image, span: this.tokSpan(n) },
      ...('key' in head ? { key: { text: head.key.image, span: this.tokSpan(head.key) } } : {}),
      ...('parent' in head
        ? { parent: { text: head.parent.image, span: this.tokSpan(head.parent) }, by: { text: head.by.image, span: this.tokSpan(head.by) } }
        : {}),
      columns,
      span: this.spanFrom(start),
    }));
  });

  private tableDecl = this.RULE('tableDecl', (): A.InputDecl => {
    const start = this.CONSUME(K.Table);
    const n = this.SUBRULE(this.nameTok);
    this.CONSUME(K.Key);
    const k = this.SUBRULE2(this.nameTok);
    const columns = this.SUBRULE(this.columnBlock);
    return this.ACTION(() => ({
      kind: 'Input' as const,
      role: 'lookup' as const,
      name: { text: n.image, span: this.tokSpan(n) },
      key: { text: k.image, span: this.tokSpan(k) },
      columns,
      span: this.spanFrom(start),
    }));
  });

  private columnBlock = this.RULE('columnBlock', (): A.ColumnDecl[] => {
    const cols: A.ColumnDecl[] = [];
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const c = this.SUBRULE(this.columnDecl);
      this.ACTION(() => c && cols.push(c));
      this.separator();
    });
    this.CONSUME(T.RBrace);
    return cols;
  });

  private columnDecl = this.RULE('columnDecl', (): A.ColumnDecl => {
    const start = this.LA(1);
    const n = this.SUBRULE(this.nameTok);
    this.CONSUME(T.Colon);
    const type = this.SUBRULE2(this.nameTok);
    const values: A.Name[] = [];
    this.OPTION(() => {
      this.CONSUME(T.LBrace);
      this.MANY_SEP({
        SEP: T.Comma,
        DEF: () => {
          const v = this.OR([{ ALT: () => this.SUBRULE3(this.nameTok) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
          this.ACTION(() => values.push({ text: v.tokenType === T.StringLiteral ? this.unquote(v) : v.image, span: this.tokSpan(v) }));
        },
      });
      this.CONSUME(T.RBrace);
    });
    const constraints: A.RangeConstraint[] = [];
    let optional = false;
    let references: A.Name | undefined;
    let header: A.StringLit | undefined;
    let description: A.StringLit | undefined;
    // `optional` followed by `:` starts the next column (a column may be called optional, README 3.1),
    // also on a new line, since line breaks are not tokens: it is not this column's flag.
    this.MANY2(gated(this.notNextColumn, () => {
      this.OR2([
        {
          ALT: () => {
            const cs = this.LA(1);
            const op = this.SUBRULE(this.cmpOp);
            const value = this.SUBRULE(this.signedNumber);
            this.ACTION(() => constraints.push({ kind: 'Compare', op, value, span: this.spanFrom(cs) }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.In);
            const iv = this.SUBRULE(this.interval);
            this.ACTION(() => constraints.push(iv));
          },
        },
        { ALT: () => { this.CONSUME(K.Optional); optional = true; } },
        {
          ALT: () => {
            this.CONSUME(T.Arrow);
            const r = this.SUBRULE4(this.nameTok);
            this.ACTION(() => (references = { text: r.image, span: this.tokSpan(r) }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.From);
            header = this.SUBRULE2(this.str);
          },
        },
        { ALT: () => { description = this.SUBRULE(this.str); } },
      ]);
    }));
    return this.ACTION(() => ({
      kind: 'Column' as const,
      name: { text: n.image, span: this.tokSpan(n) },
      type: { text: type.image, span: this.tokSpan(type) },
      ...(values.length ? { values } : {}),
      constraints,
      optional,
      ...(references ? { references } : {}),
      ...(header ? { header } : {}),
      ...(description ? { description } : {}),
      span: this.spanFrom(start),
    }));
  });

  // ── indicators ─────────────────────────────────────────────────────────
  private indicatorDecl = this.RULE('indicatorDecl', (): A.IndicatorDecl => {
    const start = this.CONSUME(K.Indicator);
    const n = this.SUBRULE(this.nameTok);
    const title = this.OPTION(() => this.SUBRULE(this.str));
    let weight: A.WeightSpec | undefined;
    let missing: A.Name | undefined;
    let description: A.StringLit | undefined;
    let unit: A.StringLit | undefined;
    this.MANY(() => {
      const attr = this.OR(this.indicatorAttrAlts);
      this.ACTION(() => {
        if (attr[0] === 'weight') weight = attr[1];
        else if (attr[0] === 'missing') missing = { text: attr[1].image, span: this.tokSpan(attr[1]) };
        else if (attr[0] === 'description') description = attr[1];
        else unit = attr[1];
      });
    });
    const body = this.SUBRULE(this.indicatorBody);
    // A group with a rule too (`{ … } = score` or `= score { … }`) is read whole, so that the checker
    // can say what is wrong (KPL2044: a group scores its sub-indicators) instead of a syntax error.
    // (Only the other kind of body: two blocks or two rules stay a syntax error.)
    const extra = this.OPTION2(gated(() => (this.LA(1).tokenType === T.Equals) === Array.isArray(body), () => this.SUBRULE2(this.indicatorBody)));
    return this.ACTION(() => {
      const parts = extra === undefined ? [body] : [body, extra];
      const children = parts.find((p): p is A.IndicatorDecl[] => Array.isArray(p)) ?? [];
      const rule = parts.find((p): p is A.Expr => !Array.isArray(p));
      return {
        kind: 'Indicator' as const,
        name: { text: n.image, span: this.tokSpan(n) },
        ...(title ? { title } : {}),
        ...(weight ? { weight } : {}),
        ...(missing ? { missing } : {}),
        ...(description ? { description } : {}),
        ...(unit ? { unit } : {}),
        ...(rule ? { rule } : {}),
        children,
        span: this.spanFrom(start),
      };
    });
  });

  /** What may follow an indicator's name, as [attribute, value]. */
  private readonly indicatorAttrAlts = [
    { ALT: () => { this.CONSUME(K.Weight); return ['weight', this.SUBRULE(this.weightSpec)] as const; } },
    { ALT: () => { this.CONSUME(K.Missing); return ['missing', this.SUBRULE2(this.nameTok)] as const; } },
    { ALT: () => { this.CONSUME(K.Description); return ['description', this.SUBRULE2(this.str)] as const; } },
    { ALT: () => { this.CONSUME(K.Unit); return ['unit', this.SUBRULE3(this.str)] as const; } },
  ];

  /** An indicator's `= rule` (its expression) or `{ sub-indicators }` (an array). */
  private indicatorBody = this.RULE('indicatorBody', (): A.Expr | A.IndicatorDecl[] => this.OR2(this.indicatorBodyAlts));
  private readonly indicatorBodyAlts = [
    {
      ALT: (): A.Expr | A.IndicatorDecl[] => {
        const eq = this.CONSUME(T.Equals);
        const e = this.SUBRULE(this.expr);
        return this.ACTION(() => e ?? this.errorExpr(eq));
      },
    },
    {
      ALT: (): A.Expr | A.IndicatorDecl[] => {
        const children: A.IndicatorDecl[] = [];
        this.CONSUME(T.LBrace);
        this.MANY2(() => {
          const c = this.SUBRULE(this.indicatorDecl);
          this.ACTION(() => c && children.push(c));
        });
        this.CONSUME(T.RBrace);
        return children;
      },
    },
  ];

  private weightSpec = this.RULE('weightSpec', (): A.WeightSpec => this.OR(this.weightAlts));
  private readonly weightAlts = [
    {
      ALT: (): A.WeightSpec => {
        const start = this.LA(1);
        const value = this.SUBRULE(this.signedNumber);
        return this.ACTION(() => ({ kind: 'Fixed' as const, value, span: this.spanFrom(start) }));
      },
    },
    {
      ALT: (): A.WeightSpec => {
        const start = this.LA(1);
        this.CONSUME(K.By);
        const col = this.SUBRULE(this.nameTok);
        const rows: { key: A.Name; value: A.SignedNumber; span: Span }[] = [];
        this.CONSUME(T.LBrace);
        this.MANY(() => {
          const rs = this.LA(1);
          const k = this.OR2([{ ALT: () => this.SUBRULE2(this.nameTok) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
          this.CONSUME(T.Colon);
          const v = this.SUBRULE2(this.signedNumber);
          this.ACTION(() =>
            rows.push({ key: { text: k.tokenType === T.StringLiteral ? this.unquote(k) : k.image, span: this.tokSpan(k) }, value: v, span: this.spanFrom(rs) }),
          );
          this.separator();
        });
        this.CONSUME(T.RBrace);
        return this.ACTION(() => ({ kind: 'By' as const, column: { text: col.image, span: this.tokSpan(col) }, rows, span: this.spanFrom(start) }));
      },
    },
  ];

  private letDecl = this.RULE('letDecl', (): A.LetDecl => {
    const start = this.CONSUME(K.Let);
    const n = this.SUBRULE(this.nameTok);
    const eq = this.CONSUME(T.Equals);
    const value = this.SUBRULE(this.expr);
    return this.ACTION(() => ({ kind: 'Let' as const, name: { text: n.image, span: this.tokSpan(n) }, value: value ?? this.errorExpr(eq), span: this.spanFrom(start) }));
  });

  private adjustDecl = this.RULE('adjustDecl', (): A.AdjustDecl => {
    const start = this.CONSUME(K.Adjust);
    const n = this.SUBRULE(this.nameTok);
    const title = this.OPTION(() => this.SUBRULE(this.str));
    const eq = this.CONSUME(T.Equals);
    const value = this.SUBRULE(this.expr);
    return this.ACTION(() => ({
      kind: 'Adjust' as const,
      name: { text: n.image, span: this.tokSpan(n) },
      ...(title ? { title } : {}),
      value: value ?? this.errorExpr(eq),
      span: this.spanFrom(start),
    }));
  });

  private totalDecl = this.RULE('totalDecl', (): A.TotalDecl => {
    const start = this.CONSUME(K.Total);
    const eq = this.CONSUME(T.Equals);
    const value = this.SUBRULE(this.expr);
    return this.ACTION(() => ({ kind: 'Total' as const, value: value ?? this.errorExpr(eq), span: this.spanFrom(start) }));
  });

  private rewardDecl = this.RULE('rewardDecl', (): A.RewardDecl => {
    const start = this.CONSUME(K.Reward);
    const eq = this.CONSUME(T.Equals);
    const value = this.SUBRULE(this.expr);
    return this.ACTION(() => ({ kind: 'Reward' as const, value: value ?? this.errorExpr(eq), span: this.spanFrom(start) }));
  });

  private vetoDecl = this.RULE('vetoDecl', (): A.VetoDecl => {
    const start = this.CONSUME(K.Veto);
    const reason = this.OPTION(() => this.SUBRULE(this.str));
    const w = this.CONSUME(K.When);
    const cond = this.SUBRULE(this.expr);
    this.OR([{ ALT: () => this.CONSUME(T.FatArrow) }, { ALT: () => this.CONSUME(K.Then) }]);
    const es = this.LA(1);
    const effect = this.OR2([
      {
        ALT: (): A.VetoEffect => {
          this.CONSUME(K.Grade);
          const cap = this.OPTION2(() => this.CONSUME(K.AtMost));
          const g = this.SUBRULE(this.nameTok);
          return this.ACTION(() => ({ kind: cap ? ('Cap' as const) : ('Grade' as const), grade: { text: g.image, span: this.tokSpan(g) }, span: this.spanFrom(es) }));
        },
      },
      {
        ALT: (): A.VetoEffect => {
          this.CONSUME(K.Total);
          const eq = this.CONSUME2(T.Equals);
          const v = this.SUBRULE2(this.expr);
          return this.ACTION(() => ({ kind: 'Total' as const, value: v ?? this.errorExpr(eq), span: this.spanFrom(es) }));
        },
      },
    ]);
    return this.ACTION(() => ({ kind: 'Veto' as const, ...(reason ? { reason } : {}), when: cond ?? this.errorExpr(w), effect, span: this.spanFrom(start) }));
  });

  /** `exempt "reason" when CONDITION` (不参评 "原因" 当 条件), worded like a veto. */
  private exemptDecl = this.RULE('exemptDecl', (): A.ExemptDecl => {
    const start = this.CONSUME(K.Exempt);
    const reason = this.OPTION(() => this.SUBRULE(this.str));
    const w = this.CONSUME(K.When);
    const cond = this.SUBRULE(this.expr);
    return this.ACTION(() => ({ kind: 'Exempt' as const, ...(reason ? { reason } : {}), when: cond ?? this.errorExpr(w), span: this.spanFrom(start) }));
  });

  // ── grades and distribution ────────────────────────────────────────────
  private scaleDecl = this.RULE('scaleDecl', (): A.ScaleDecl => {
    const start = this.CONSUME(K.Scale);
    const n = this.SUBRULE(this.nameTok);
    const bands = this.SUBRULE(this.bandBlock);
    return this.ACTION(() => ({ kind: 'Scale' as const, name: { text: n.image, span: this.tokSpan(n) }, bands, span: this.spanFrom(start) }));
  });

  private gradeDecl = this.RULE('gradeDecl', (): A.GradeDecl => {
    const start = this.CONSUME(K.Grade);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(K.By);
          const s = this.SUBRULE(this.nameTok);
          return this.ACTION(() => ({ kind: 'Grade' as const, scale: { text: s.image, span: this.tokSpan(s) }, span: this.spanFrom(start) }));
        },
      },
      {
        ALT: () => {
          const bands = this.SUBRULE(this.bandBlock);
          return this.ACTION(() => ({ kind: 'Grade' as const, bands, span: this.spanFrom(start) }));
        },
      },
    ]);
  });

  private bandBlock = this.RULE('bandBlock', (): A.BandDecl[] => {
    const bands: A.BandDecl[] = [];
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const b = this.SUBRULE(this.band);
      this.ACTION(() => b && bands.push(b));
      this.separator();
    });
    this.CONSUME(T.RBrace);
    return bands;
  });

  private band = this.RULE('band', (): A.BandDecl => {
    const start = this.LA(1);
    const n = this.SUBRULE(this.nameTok);
    const title = this.OPTION(() => this.SUBRULE(this.str));
    this.OPTION2(() => this.CONSUME(T.Colon));
    const bs = this.LA(1);
    const bound = this.OR([
      {
        ALT: (): A.BandBound => {
          const op = this.SUBRULE(this.cmpOp);
          const value = this.SUBRULE(this.signedNumber);
          return this.ACTION(() => ({ kind: 'Compare' as const, op, value, span: this.spanFrom(bs) }));
        },
      },
      { ALT: (): A.BandBound => this.SUBRULE(this.interval) },
      {
        ALT: (): A.BandBound => {
          const o = this.CONSUME(K.Otherwise);
          return this.ACTION(() => ({ kind: 'Otherwise' as const, span: this.tokSpan(o) }));
        },
      },
    ]);
    return this.ACTION(() => ({ name: { text: n.image, span: this.tokSpan(n) }, ...(title ? { title } : {}), bound, span: this.spanFrom(start) }));
  });

  private distributeDecl = this.RULE('distributeDecl', (): A.DistributeDecl => {
    const start = this.CONSUME(K.Distribute);
    const per = this.OPTION(() => {
      this.CONSUME(K.Per);
      return this.SUBRULE(this.expr);
    });
    const quotas: A.QuotaDecl[] = [];
    const order: A.OrderKey[] = [];
    const among: A.AmongDecl[] = [];
    const minGroup: A.MinGroupDecl[] = [];
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.OR([
        {
          // `only groups of at least 8`, `仅限 不少于 8 人的组` (before `among`: 仅限 starts both).
          GATE: this.startsMinGroup,
          ALT: () => {
            const m = this.SUBRULE(this.minGroupClause);
            this.ACTION(() => m && minGroup.push(m));
          },
        },
        {
          // `among 参评`, `仅限 参评` (not a grade named so: `among at most 20%`).
          GATE: this.startsAmong,
          ALT: () => {
            const ws = this.CONSUME2(T.Identifier);
            const cond = this.SUBRULE3(this.expr);
            this.ACTION(() => cond && among.push({ word: { text: ws.image, span: this.tokSpan(ws) }, cond, span: this.spanFrom(ws) }));
          },
        },
        {
          // `top 10% -> 优秀`, `末位 5% → 待改进` (before a grade's quota: both start with a name).
          GATE: this.startsShareRule,
          ALT: () => {
            const q = this.SUBRULE(this.shareQuota);
            this.ACTION(() => q && quotas.push(q));
          },
        },
        {
          ALT: () => {
            const q = this.SUBRULE(this.quota);
            this.ACTION(() => q && quotas.push(q));
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.Order);
            this.CONSUME(K.By);
            this.AT_LEAST_ONE_SEP({
              SEP: T.Comma,
              DEF: () => {
                const ks = this.LA(1);
                const e = this.SUBRULE2(this.expr);
                const dir = this.OPTION2(() => this.OR2([{ ALT: () => this.CONSUME(K.Desc) }, { ALT: () => this.CONSUME(K.Asc) }]));
                this.ACTION(() => e && order.push({ expr: e, desc: dir?.tokenType === K.Desc, span: this.spanFrom(ks) }));
              },
            });
          },
        },
      ]);
      this.separator();
    });
    this.CONSUME(T.RBrace);
    return this.ACTION(() => ({ kind: 'Distribute' as const, ...(per ? { per } : {}), among, minGroup, quotas, order, span: this.spanFrom(start) }));
  });

  private readonly startsMinGroup = () => {
    const [a, b] = [this.LA(1).image, this.LA(2).image];
    return (a === MIN_GROUP_WORDS.en[0] && b === MIN_GROUP_WORDS.en[1]) || (a === MIN_GROUP_WORDS.zh[0] && b === MIN_GROUP_WORDS.zh[1]);
  };

  private readonly startsAmong = () => this.LA(1).tokenType === T.Identifier && AMONG_WORDS.has(this.LA(1).image) && this.LA(2).tokenType !== K.AtMost && this.LA(2).tokenType !== K.AtLeast;

  /** `only groups of at least N` / `仅限 不少于 N 人的组` (the word after N as written, starting with 人). */
  private minGroupClause = this.RULE('minGroupClause', (): A.MinGroupDecl => {
    const start = this.LA(1);
    const zh = this.OR([
      {
        GATE: () => this.LA(1).image === MIN_GROUP_WORDS.en[0],
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.CONSUME2(T.Identifier);
          this.CONSUME(K.Of);
          this.CONSUME(K.AtLeast);
          return false;
        },
      },
      {
        ALT: () => {
          this.CONSUME4(T.Identifier);
          this.CONSUME5(T.Identifier);
          return true;
        },
      },
    ]);
    const size = this.SUBRULE(this.signedNumber);
    const unit = zh ? this.OPTION({ GATE: () => this.LA(1).tokenType === T.Identifier && this.LA(1).image.startsWith('人'), DEF: () => this.CONSUME3(T.Identifier) }) : undefined;
    return this.ACTION(() => ({ size, ...(zh ? { zh: { unit: { text: unit?.image ?? '人的组', span: unit ? this.tokSpan(unit) : size.span } } } : {}), span: this.spanFrom(start) }));
  });

  /** `top`/`前` or `bottom`/`末位` followed by a share. */
  private readonly startsShareRule = () => SHARE_WORDS.has(this.LA(1).image) && (this.LA(2).tokenType === T.PercentLiteral || this.LA(2).tokenType === T.NumberLiteral);

  private shareQuota = this.RULE('shareQuota', (): A.QuotaDecl => {
    const start = this.LA(1);
    const w = this.CONSUME(T.Identifier);
    const share = this.SUBRULE(this.signedNumber);
    const options = this.SUBRULE(this.quotaOptions);
    this.CONSUME(T.Arrow);
    const g = this.SUBRULE(this.nameTok);
    return this.ACTION(() => ({
      grade: { text: g.image, span: this.tokSpan(g) },
      kind: SHARE_WORDS.get(w.image)!,
      word: { text: w.image, span: this.tokSpan(w) },
      share,
      options,
      span: this.spanFrom(start),
    }));
  });

  /** `floor, min 1`: a quota's rounding and limits. */
  private quotaOptions = this.RULE('quotaOptions', () => {
    const options: { name: A.Name; value?: A.SignedNumber }[] = [];
    this.MANY({
      // An option is a name that does not start the next quota (`B at most …`, `bottom 5% …`).
      GATE: () => {
        const t2 = this.LA(2).tokenType;
        const t1 = this.LA(1).tokenType === T.Comma ? this.LA(2) : this.LA(1);
        return t2 !== K.AtMost && t2 !== K.AtLeast && !SHARE_WORDS.has(t1.image) && !AMONG_WORDS.has(t1.image) && t1.image !== MIN_GROUP_WORDS.en[0];
      },
      DEF: () => {
        this.OPTION(() => this.CONSUME(T.Comma));
        const o = this.CONSUME(T.Identifier);
        const v = this.OPTION2(() => this.SUBRULE2(this.signedNumber));
        this.ACTION(() => options.push({ name: { text: o.image, span: this.tokSpan(o) }, ...(v ? { value: v } : {}) }));
      },
    });
    return options;
  });

  private quota = this.RULE('quota', (): A.QuotaDecl => {
    const start = this.LA(1);
    const g = this.SUBRULE(this.nameTok);
    const kindTok = this.OR([{ ALT: () => this.CONSUME(K.AtMost) }, { ALT: () => this.CONSUME(K.AtLeast) }]);
    const share = this.SUBRULE(this.signedNumber);
    const options = this.SUBRULE(this.quotaOptions);
    const target = this.OPTION3(() => {
      this.OR2([{ ALT: () => this.CONSUME(T.Arrow) }, { ALT: () => this.CONSUME(K.From) }]);
      return this.SUBRULE2(this.nameTok);
    });
    return this.ACTION(() => ({
      grade: { text: g.image, span: this.tokSpan(g) },
      kind: kindTok.tokenType === K.AtMost ? ('at_most' as const) : ('at_least' as const),
      share,
      options,
      ...(target ? { target: { text: target.image, span: this.tokSpan(target) } } : {}),
      span: this.spanFrom(start),
    }));
  });

  private outputDecl = this.RULE('outputDecl', (): A.OutputDecl => {
    const start = this.CONSUME(K.Output);
    const items: A.OutputItem[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const is = this.LA(1);
        const n = this.SUBRULE(this.nameTok);
        const value = this.OPTION(() => {
          this.CONSUME(T.Equals);
          return this.SUBRULE(this.expr);
        });
        this.ACTION(() => items.push({ name: { text: n.image, span: this.tokSpan(n) }, ...(value ? { value } : {}), span: this.spanFrom(is) }));
      },
    });
    return this.ACTION(() => ({ kind: 'Output' as const, items, span: this.spanFrom(start) }));
  });

  // ── expressions ────────────────────────────────────────────────────────
  public expr = this.RULE('expr', (): A.Expr => this.SUBRULE(this.orExpr));

  private orExpr = this.RULE('orExpr', (): A.Expr => {
    let left = this.SUBRULE(this.andExpr);
    this.MANY(() => {
      const op = this.CONSUME(K.Or);
      const right = this.SUBRULE2(this.andExpr);
      left = this.ACTION(() => this.bin('or', left, right, op));
    });
    return left;
  });

  private andExpr = this.RULE('andExpr', (): A.Expr => {
    let left = this.SUBRULE(this.notExpr);
    this.MANY(() => {
      const op = this.CONSUME(K.And);
      const right = this.SUBRULE2(this.notExpr);
      left = this.ACTION(() => this.bin('and', left, right, op));
    });
    return left;
  });

  private notExpr = this.RULE('notExpr', (): A.Expr => this.OR(this.notAlts));
  private readonly notAlts = [
    {
      ALT: (): A.Expr => {
        const op = this.CONSUME(K.Not);
        const e = this.SUBRULE(this.notExpr);
        return this.ACTION(() => ({ kind: 'Unary' as const, op: 'not' as const, operand: e ?? this.errorExpr(op), span: this.spanFrom(op) }));
      },
    },
    { ALT: (): A.Expr => this.SUBRULE(this.cmpExpr) },
  ];

  private cmpExpr = this.RULE('cmpExpr', (): A.Expr => {
    const left = this.SUBRULE(this.addExpr);
    const tail = this.OPTION(this.comparisonTail);
    return tail ? this.ACTION(() => this.bin(OP_SYMBOL[tail[0].tokenType.name]!, left, tail[1], tail[0])) : left;
  });
  /** The operator and right side of a comparison. */
  private readonly comparisonTail = {
    // `>= 15: 85` starts the next row of a table block, not a comparison.
    GATE: () => !this.startsTableRow(),
    DEF: (): [IToken, A.Expr] => [this.OR(this.comparisonAlts), this.SUBRULE2(this.addExpr)],
  };
  private readonly comparisonAlts = this.consumeEach(COMPARISON_OPS);

  private addExpr = this.RULE('addExpr', (): A.Expr => {
    let left = this.SUBRULE(this.mulExpr);
    this.MANY(
      gated(this.notMinusRow, () => {
        const op = this.OR(this.addAlts);
        const right = this.SUBRULE2(this.mulExpr);
        left = this.ACTION(() => this.bin(op.tokenType === T.Plus ? '+' : '-', left, right, op));
      }),
    );
    return left;
  });
  // `- 5:` starts the next row of a table block, not a subtraction.
  private readonly notMinusRow = () => this.inRowKey || !(this.LA(1).tokenType === T.Minus && this.LA(3).tokenType === T.Colon);
  /** True while a row's key is read: its `:` is still ahead, so `目标 - 1:` is a subtraction. */
  private inRowKey = false;
  private rowBound(read: () => A.Expr): A.Expr {
    const outer = this.inRowKey;
    this.inRowKey = true;
    try {
      return read();
    } finally {
      this.inRowKey = outer;
    }
  }
  private readonly addAlts = this.consumeEach([T.Plus, T.Minus]);

  private mulExpr = this.RULE('mulExpr', (): A.Expr => {
    let left = this.SUBRULE(this.unary);
    this.MANY(() => {
      const op = this.OR(this.mulAlts);
      const right = this.SUBRULE2(this.unary);
      left = this.ACTION(() => this.bin(op.tokenType === T.Star ? '*' : '/', left, right, op));
    });
    return left;
  });
  private readonly mulAlts = this.consumeEach([T.Star, T.Slash]);

  private unary = this.RULE('unary', (): A.Expr => this.OR(this.unaryAlts));
  private readonly unaryAlts = [
    {
      ALT: (): A.Expr => {
        const op = this.CONSUME(T.Minus);
        const e = this.SUBRULE(this.unary);
        return this.ACTION(() => ({ kind: 'Unary' as const, op: '-' as const, operand: e ?? this.errorExpr(op), span: this.spanFrom(op) }));
      },
    },
    { ALT: (): A.Expr => this.SUBRULE(this.postfix) },
  ];

  private postfix = this.RULE('postfix', (): A.Expr => {
    const start = this.LA(1);
    let e = this.SUBRULE(this.primary);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            const m = this.SUBRULE(this.nameTok);
            e = this.ACTION(() => ({ kind: 'Member' as const, object: e ?? this.errorExpr(start), member: { text: m.image, span: this.tokSpan(m) }, span: this.spanFrom(start) }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            const i = this.SUBRULE(this.expr);
            this.CONSUME(T.RBracket);
            e = this.ACTION(() => ({ kind: 'Index' as const, object: e ?? this.errorExpr(start), index: i ?? this.errorExpr(start), span: this.spanFrom(start) }));
          },
        },
      ]);
    });
    return e;
  });

  private primary = this.RULE('primary', (): A.Expr => this.OR(this.primaryAlts));
  private readonly primaryAlts = [
    {
      ALT: (): A.Expr => {
        const t = this.CONSUME(T.NumberLiteral);
        return this.ACTION(() => ({ kind: 'Number' as const, text: t.image, span: this.tokSpan(t) }));
      },
    },
    {
      ALT: (): A.Expr => {
        const t = this.CONSUME(T.PercentLiteral);
        return this.ACTION(() => ({ kind: 'Percent' as const, text: t.image.slice(0, -1), span: this.tokSpan(t) }));
      },
    },
    {
      ALT: (): A.Expr => {
        const t = this.CONSUME(T.MoneyLiteral);
        return this.ACTION(() => ({ kind: 'Money' as const, text: t.image.replace(/[¥￥元\s\u3000]/g, ''), prefix: /^[¥￥]/.test(t.image), span: this.tokSpan(t) }));
      },
    },
    { ALT: (): A.Expr => this.SUBRULE(this.str) },
    {
      ALT: (): A.Expr => {
        const t = this.CONSUME(K.True);
        return this.ACTION(() => ({ kind: 'Bool' as const, value: true, span: this.tokSpan(t) }));
      },
    },
    {
      ALT: (): A.Expr => {
        const t = this.CONSUME(K.False);
        return this.ACTION(() => ({ kind: 'Bool' as const, value: false, span: this.tokSpan(t) }));
      },
    },
    {
      ALT: (): A.Expr => {
        const start = this.LA(1);
        this.CONSUME(T.LParen);
        const e = this.SUBRULE(this.expr);
        this.CONSUME(T.RParen);
        return this.ACTION(() => e ?? this.errorExpr(start));
      },
    },
    {
      ALT: (): A.Expr => {
        const start = this.LA(1);
        this.CONSUME(K.If);
        const c = this.SUBRULE2(this.expr);
        this.CONSUME(K.Then);
        const a = this.SUBRULE3(this.expr);
        this.CONSUME(K.Otherwise);
        const b = this.SUBRULE4(this.expr);
        return this.ACTION(() => ({
          kind: 'If' as const,
          cond: c ?? this.errorExpr(start),
          then: a ?? this.errorExpr(start),
          else: b ?? this.errorExpr(start),
          span: this.spanFrom(start),
        }));
      },
    },
    { ALT: (): A.Expr => this.SUBRULE(this.nameOrCall) },
  ];

  private nameOrCall = this.RULE('nameOrCall', (): A.Expr => {
    const n = this.SUBRULE(this.nameTok);
    const call = this.OPTION(() => {
      this.CONSUME(T.LParen);
      const args: A.Arg[] = [];
      this.MANY_SEP(
        separated(T.Comma, () => {
          const a = this.SUBRULE(this.arg);
          this.ACTION(() => a && args.push(a));
        }),
      );
      this.CONSUME(T.RParen);
      const table = this.OPTION2(() => this.SUBRULE(this.tableBlock));
      return { args, table };
    });
    return this.ACTION((): A.Expr => {
      const name = { text: n.image, span: this.tokSpan(n) };
      if (!call) return { kind: 'Name', name: n.image, span: name.span };
      return { kind: 'Call', callee: name, args: call.args, ...(call.table ? { table: call.table } : {}), span: this.spanFrom(n) };
    });
  });

  private arg = this.RULE('arg', (): A.Arg => {
    const start = this.LA(1);
    const label = this.OPTION(this.argLabel);
    const value = this.SUBRULE(this.expr);
    return this.ACTION(() => ({
      ...(label ? { name: { text: label.image, span: this.tokSpan(label) } } : {}),
      value: value ?? this.errorExpr(start),
      span: this.spanFrom(start),
    }));
  });

  /** `name:` before an argument. */
  private readonly argLabel = {
    GATE: () => this.LA(2).tokenType === T.Colon,
    DEF: () => {
      const l = this.SUBRULE(this.nameTok);
      this.CONSUME(T.Colon);
      return l;
    },
  };

  private tableBlock = this.RULE('tableBlock', (): A.TableRow[] => {
    const rows: A.TableRow[] = [];
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const r = this.SUBRULE(this.tableRow);
      this.ACTION(() => r && rows.push(r));
      this.separator();
    });
    this.CONSUME(T.RBrace);
    return rows;
  });

  private tableRow = this.RULE('tableRow', (): A.TableRow => {
    const start = this.LA(1);
    const key = this.OR(this.rowKeyAlts);
    const colon = this.CONSUME(T.Colon);
    const value = this.SUBRULE(this.expr);
    return this.ACTION(() => ({ key, value: value ?? this.errorExpr(colon), span: this.spanFrom(start) }));
  });

  private readonly rowKeyAlts = [
    {
      ALT: (): A.RowKey => {
        const start = this.LA(1);
        const op = this.SUBRULE(this.cmpOp);
        const bound = this.rowBound(() => this.SUBRULE(this.addExpr));
        return this.ACTION(() => compareKey(op, bound ?? this.errorExpr(start), this.spanFrom(start)));
      },
    },
    {
      ALT: (): A.RowKey => {
        const start = this.LA(1);
        this.CONSUME(T.Equals);
        const bound = this.rowBound(() => this.SUBRULE2(this.addExpr));
        return this.ACTION(() => compareKey('=', bound ?? this.errorExpr(start), this.spanFrom(start)));
      },
    },
    {
      // `领导: 50%`, `below: 0`: a name right before the colon is a label (a bracket reads it as a value).
      GATE: () => this.LA(2).tokenType === T.Colon,
      ALT: (): A.RowKey => {
        const t = this.SUBRULE(this.nameTok);
        return this.ACTION(() => ({ kind: 'Label' as const, text: t.image, span: this.tokSpan(t) }));
      },
    },
    {
      ALT: (): A.RowKey => {
        const t = this.CONSUME(T.StringLiteral);
        return this.ACTION(() => ({ kind: 'Label' as const, text: this.unquote(t), span: this.tokSpan(t) }));
      },
    },
    {
      ALT: (): A.RowKey => {
        const t = this.CONSUME(K.Otherwise);
        return this.ACTION(() => ({ kind: 'Otherwise' as const, span: this.tokSpan(t) }));
      },
    },
    {
      ALT: (): A.RowKey => {
        const t = this.OR2([{ ALT: () => this.CONSUME(K.True) }, { ALT: () => this.CONSUME(K.False) }]);
        return this.ACTION(() => ({ kind: 'Label' as const, text: t.tokenType === K.True ? 'true' : 'false', span: this.tokSpan(t) }));
      },
    },
    {
      // `70: 40`, `-5%: 0`, `目标 * 120%: 2%`: a breakpoint or bracket threshold. A string, `true`
      // or `false` before the colon is a label (the alternatives above, tried first).
      IGNORE_AMBIGUITIES: true,
      ALT: (): A.RowKey => {
        const start = this.LA(1);
        const bound = this.rowBound(() => this.SUBRULE3(this.addExpr));
        return this.ACTION(() => pointKey(bound ?? this.errorExpr(start)));
      },
    },
  ];

  /**
   * True when the next tokens start a table row: `<op> [-]number :`, or an operator whose bound
   * expression reaches a `:` on the same line (`>= 目标 * 120%: 100`) — not a comparison then.
   */
  private startsTableRow(): boolean {
    // Called as a gate before every comparison's lookahead: anything but an operator ends it here,
    // so the scan below runs only at an operator and only to its line's end (linear overall).
    if (!COMPARISON_TOKENS.has(this.LA(1).tokenType)) return false;
    const n = this.LA(2).tokenType === T.Minus ? 3 : 2;
    const t = this.LA(n).tokenType;
    if ((t === T.NumberLiteral || t === T.PercentLiteral) && this.LA(n + 1).tokenType === T.Colon) return true;
    const line = this.LA(1).startLine;
    let depth = 0;
    for (let k = 2; ; k++) {
      const tok = this.LA(k);
      if (tok.tokenType === EOF || tok.startLine !== line) return false;
      const ty = tok.tokenType;
      if (ty === T.LParen || ty === T.LBracket) depth++;
      else if (ty === T.RParen || ty === T.RBracket) {
        if (depth-- === 0) return false;
      } else if (depth === 0 && (ty === T.Colon)) return true;
      else if (depth === 0 && (ty === T.Semicolon || ty === T.Comma || ty === T.LBrace || ty === T.RBrace)) return false;
    }
  }

  private bin(op: A.BinaryOp, left: A.Expr, right: A.Expr, opTok: IToken): A.Binary {
    const l = left ?? this.errorExpr(opTok);
    const r = right ?? this.errorExpr(opTok);
    return { kind: 'Binary', op, left: l, right: r, opSpan: this.tokSpan(opTok), span: { file: this.file, start: l.span.start, end: Math.max(r.span.end, opTok.endOffset! + 1) } };
  }
}


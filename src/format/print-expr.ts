/**
 * Expressions → docs. Parentheses are printed only where the grammar needs them (precedence and
 * associativity decide, not what the author wrote); `if` used as an operand is always
 * parenthesised because its `else` branch would otherwise swallow the rest of the expression.
 */
import type * as A from '../ast/nodes.ts';
import type { Span } from '../source/span.ts';
import { KEYWORDS, type KeywordName } from '../syntax/tokens.ts';
import { group, hardline, ifBreak, indent, join, line, softline, type Doc } from './doc.ts';
import type { CommentQueue } from './comments.ts';

/** What every printing function needs: the source, its comments and the keyword language. */
export class PrintContext {
  constructor(
    readonly source: string,
    readonly comments: CommentQueue,
    readonly lang: 'en' | 'zh',
  ) {}

  /** A keyword in the file's language: the canonical English spelling, or the Chinese one. */
  kw(k: KeywordName): string {
    const forms = KEYWORDS[k];
    return this.lang === 'zh' ? forms[forms.length - 1]! : forms[0];
  }

  /** `build()` with the comments before, inside and after `span` around it. */
  withComments(span: Span, build: () => Doc, options: { trailing?: boolean } = {}): Doc {
    const lead = this.comments.leading(span.start);
    const body = build();
    const inner = this.comments.inside(span.end);
    const trail = options.trailing === false ? [] : this.comments.trailing(span.end);
    return [...lead, ...inner, body, ...trail];
  }

  /** A string literal: as written when ASCII-quoted, otherwise re-quoted (“…” → "…"). */
  str(s: A.StringLit): string {
    const raw = this.source.slice(s.span.start, s.span.end);
    if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) return raw;
    return quote(s.value);
  }

  /** A name or string written where the grammar takes either (labels, category values). */
  nameOrString(text: string, span: Span): string {
    const raw = this.source.slice(span.start, span.end);
    if (raw.startsWith('"')) return raw;
    if (raw.startsWith('“')) return quote(text);
    return text;
  }
}

export function quote(value: string): string {
  return '"' + value.replace(/[\\"]/g, (c) => '\\' + c).replace(/\n/g, '\\n').replace(/\t/g, '\\t') + '"';
}

/** `-5`, `20%`, `12.5`: digits exactly as written. */
export function signed(n: A.SignedNumber): string {
  return (n.negative ? '-' : '') + n.text + (n.percent ? '%' : '');
}

// ── precedence ─────────────────────────────────────────────────────────────
const PREC_IF = 0;
const PREC_UNARY = 7;
const PREC_POSTFIX = 8;
const PREC_PRIMARY = 9;
const BINARY_PREC: Record<A.BinaryOp, number> = { or: 1, and: 2, '<': 4, '<=': 4, '>': 4, '>=': 4, '=': 4, '!=': 4, '+': 5, '-': 5, '*': 6, '/': 6 };
const PREC_NOT = 3;
const PREC_CMP = 4;

function precedence(e: A.Expr): number {
  switch (e.kind) {
    case 'Binary':
      return BINARY_PREC[e.op];
    case 'Unary':
      return e.op === 'not' ? PREC_NOT : PREC_UNARY;
    case 'If':
      return PREC_IF;
    case 'Member':
    case 'Index':
      return PREC_POSTFIX;
    default:
      return PREC_PRIMARY;
  }
}

export function printExpr(ctx: PrintContext, e: A.Expr): Doc {
  switch (e.kind) {
    case 'Number':
      return e.text;
    case 'Percent':
      return e.text + '%';
    case 'Money':
      return e.prefix ? '¥' + e.text : e.text + ' 元';
    case 'String':
      return ctx.str(e);
    case 'Bool':
      return ctx.kw(e.value ? 'True' : 'False');
    case 'Name':
      return e.name;
    case 'Member':
      return [operand(ctx, e.object, PREC_POSTFIX), '.', e.member.text];
    case 'Index':
      return [operand(ctx, e.object, PREC_POSTFIX), '[', printExpr(ctx, e.index), ']'];
    case 'Unary':
      if (e.op === 'not') return [ctx.kw('Not'), ' ', operand(ctx, e.operand, PREC_NOT)];
      // `-(-a)`, not `--a`, which reads as a decrement.
      return ['-', operand(ctx, e.operand, e.operand.kind === 'Unary' && e.operand.op === '-' ? PREC_PRIMARY : PREC_UNARY)];
    case 'Binary':
      return printBinary(ctx, e);
    case 'If':
      return printIf(ctx, e);
    case 'Call':
      return printCall(ctx, e);
    case 'Error':
      throw new Error('cannot format an expression that did not parse');
  }
}

/** `e` as an operand that must bind at least as tightly as `min`. */
function operand(ctx: PrintContext, e: A.Expr, min: number): Doc {
  const doc = printExpr(ctx, e);
  return precedence(e) < min ? ['(', doc, ')'] : doc;
}

function opText(ctx: PrintContext, op: A.BinaryOp): string {
  return op === 'and' ? ctx.kw('And') : op === 'or' ? ctx.kw('Or') : op;
}

/**
 * A chain of left-associative operators of one precedence (`a + b - c`) is one group: flat when
 * it fits, otherwise one operand per line with the operator in front. Comparisons do not chain.
 */
function printBinary(ctx: PrintContext, e: A.Binary): Doc {
  const p = BINARY_PREC[e.op];
  const rest: { op: A.BinaryOp; right: A.Expr }[] = [];
  let first: A.Expr = e;
  while (first.kind === 'Binary' && BINARY_PREC[first.op] === p && (p !== PREC_CMP || rest.length === 0)) {
    rest.unshift({ op: first.op, right: first.right });
    first = first.left;
  }
  // A comparison's left operand cannot be another comparison.
  const head = operand(ctx, first, p === PREC_CMP ? p + 1 : p);
  const tail = rest.map(({ op, right }) => {
    const lead = ctx.comments.leading(right.span.start);
    return [line, ...lead, opText(ctx, op), ' ', operand(ctx, right, p + 1)];
  });
  return group([head, indent(tail)]);
}

function printIf(ctx: PrintContext, e: A.IfExpr): Doc {
  const part = (word: string, x: A.Expr): Doc => {
    const lead = ctx.comments.leading(x.span.start);
    return [line, ...lead, word, ' ', printExpr(ctx, x)];
  };
  const cond = printExpr(ctx, e.cond);
  // `if … then … else …` reads naturally; `otherwise` stays the word for table rows and bands.
  const elseWord = ctx.lang === 'zh' ? ctx.kw('Otherwise') : 'else';
  return group([ctx.kw('If'), ' ', cond, indent([part(ctx.kw('Then'), e.then), part(elseWord, e.else)])]);
}

function printCall(ctx: PrintContext, e: A.Call): Doc {
  const args = e.args.map((a) =>
    ctx.withComments(a.span, () => (a.name ? [a.name.text, ': ', printExpr(ctx, a.value)] : printExpr(ctx, a.value))),
  );
  const argsDoc = args.length === 0 ? '()' : group(['(', indent([softline, join([',', line], args)]), softline, ')']);
  if (!e.table) return [e.callee.text, argsDoc];
  return [e.callee.text, argsDoc, ' ', printTable(ctx, e.table, e.span.end - 1)];
}

/** A row value short enough to sit with others on one line: a literal or a name. */
function isShort(e: A.Expr): boolean {
  switch (e.kind) {
    case 'Number':
    case 'Percent':
    case 'Money':
    case 'String':
    case 'Bool':
    case 'Name':
    case 'Member':
      return true;
    case 'Unary':
      return e.op === '-' && (e.operand.kind === 'Number' || e.operand.kind === 'Percent' || e.operand.kind === 'Money');
    default:
      return false;
  }
}

function rowKey(ctx: PrintContext, k: A.RowKey): Doc {
  switch (k.kind) {
    case 'Compare':
      return `${k.op} ${signed(k.value)}`;
    case 'Point':
      return signed(k.value);
    case 'CompareExpr':
      return [k.op, ' ', rowBound(ctx, k.bound)];
    case 'PointExpr':
      return rowBound(ctx, k.bound);
    case 'Otherwise':
      return ctx.kw('Otherwise');
    case 'Label': {
      const raw = ctx.source.slice(k.span.start, k.span.end);
      // `true`/`false` (or 真/假) keys are keywords; the rest are names or strings as written.
      if (!/^["“]/.test(raw) && (k.text === 'true' || k.text === 'false')) return ctx.kw(k.text === 'true' ? 'True' : 'False');
      return ctx.nameOrString(k.text, k.span);
    }
  }
}

/** A computed bound; one looser than `+`/`-` (only written in parentheses) keeps them. */
function rowBound(ctx: PrintContext, e: A.Expr): Doc {
  const loose = e.kind === 'If' || (e.kind === 'Unary' && e.op === 'not') || (e.kind === 'Binary' && !['+', '-', '*', '/'].includes(e.op));
  return loose ? ['(', printExpr(ctx, e), ')'] : printExpr(ctx, e);
}

/**
 * A table block `{ key: value … }`. Threshold ladders (`>= 20: 100`) and tables with a
 * non-trivial value are one row per line; other tables go on one line, rows separated by `;`,
 * when they fit.
 */
export function printTable(ctx: PrintContext, rows: readonly A.TableRow[], close: number): Doc {
  const ladder = rows.some((r) => r.key.kind === 'Compare' || r.key.kind === 'CompareExpr') || !rows.every((r) => isShort(r.value));
  const docs = rows.map((r) => ctx.withComments(r.span, () => [rowKey(ctx, r.key), ': ', printExpr(ctx, r.value)]));
  return braces(ctx, docs, close, ladder);
}

/** `{ a; b }` when flat, one item per line when broken; comments before `}` stay inside. */
export function braces(ctx: PrintContext, docs: readonly Doc[], close: number, shouldBreak: boolean): Doc {
  const dangling = ctx.comments.inside(close);
  if (docs.length === 0 && dangling.length === 0) return '{}';
  const body: Doc[] = [join([ifBreak('', ';'), line], docs)];
  // A `#` comment runs to the end of its line, so a block holding one cannot be flat.
  if (dangling.length > 0) body.push(docs.length > 0 ? hardline : '', ...dangling.slice(0, -1));
  return group(['{', indent([line, ...body]), line, '}'], { shouldBreak: shouldBreak || dangling.length > 0 });
}

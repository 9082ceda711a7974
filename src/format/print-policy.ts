/**
 * Declarations → docs: one function per construct of the grammar (src/syntax/parser.ts), printing
 * keywords in the file's language, ASCII punctuation, two-space indentation and one declaration,
 * column, band or sub-indicator per line.
 */
import type * as A from '../ast/nodes.ts';
import type { Span } from '../source/span.ts';
import { blankLineBefore } from './comments.ts';
import { choice, group, hardline, indent, join, line, type Doc } from './doc.ts';
import { braces, printExpr, signed, type PrintContext } from './print-expr.ts';

export function printItem(ctx: PrintContext, item: A.Item): Doc {
  const kw = (k: Parameters<PrintContext['kw']>[0]) => ctx.kw(k);
  switch (item.kind) {
    case 'Policy':
      return [kw('Policy'), ' ', ctx.str(item.name), item.version ? [' ', kw('Version'), ' ', ctx.str(item.version)] : ''];
    case 'Period':
      return [kw('Period'), ' ', item.period.text];
    case 'Import':
      return [kw('Import'), ' ', ctx.str(item.path)];
    case 'Input':
      return printInput(ctx, item);
    case 'Indicator':
      return printIndicator(ctx, item);
    case 'Let':
      return assignment(ctx, [kw('Let'), ' ', item.name.text], item.value);
    case 'Adjust':
      return assignment(ctx, [kw('Adjust'), ' ', item.name.text, item.title ? [' ', ctx.str(item.title)] : ''], item.value);
    case 'Total':
      return assignment(ctx, kw('Total'), item.value);
    case 'Reward':
      return assignment(ctx, kw('Reward'), item.value);
    case 'Veto':
      return printVeto(ctx, item);
    case 'Exempt':
      return printExempt(ctx, item);
    case 'Scale':
      return [kw('Scale'), ' ', item.name.text, ' ', block(ctx, item.bands, (b) => printBand(ctx, b), item.span.end - 1)];
    case 'Grade':
      if (item.scale) return [kw('Grade'), ' ', kw('By'), ' ', item.scale.text];
      return [kw('Grade'), ' ', block(ctx, item.bands ?? [], (b) => printBand(ctx, b), item.span.end - 1)];
    case 'Distribute':
      return printDistribute(ctx, item);
    case 'Output':
      return printOutput(ctx, item);
  }
}

/**
 * `head = value`, in the first of these layouts that fits:
 * 1. all on one line (a table that is always one row per line, `steps(x) { >= 20: 100 … }`,
 *    still breaks, and stays on the line of `=`);
 * 2. the value alone on the next line, indented;
 * 3. a call without a table: `head = f(` with one argument per line; anything else: the value
 *    on the next line, broken where needed.
 */
function assignment(ctx: PrintContext, head: Doc, value: A.Expr): Doc {
  const lead = ctx.comments.leading(value.span.start);
  const rhs = printExpr(ctx, value);
  if (lead.length > 0) return [head, ' =', indent([hardline, ...lead, rhs])];
  const sameLine: Doc = [' ', rhs];
  // A hard line: states before the last are measured flat, and this one must still break.
  const nextLine: Doc = indent([hardline, rhs]);
  const hugs = value.kind === 'Call' && !value.table && value.args.length > 0;
  return [head, ' =', choice(hugs ? [sameLine, nextLine, sameLine] : [sameLine, nextLine])];
}

/**
 * Statements inside `{ }`, one per line (columns, bands, sub-indicators, quotas). A single empty
 * line the author left between two of them is kept; comments before `}` stay inside.
 */
function block<T extends { readonly span: Span }>(ctx: PrintContext, nodes: readonly T[], print: (n: T) => Doc, close: number): Doc {
  const parts: Doc[] = [];
  nodes.forEach((n, i) => {
    if (i > 0) parts.push(hardline, blankLineBefore(ctx.source, ctx.comments.firstOffset(n.span.start)) ? hardline : '');
    parts.push(ctx.withComments(n.span, () => print(n)));
  });
  const blank = nodes.length > 0 && ctx.comments.hasBefore(close) && blankLineBefore(ctx.source, ctx.comments.firstOffset(close));
  const dangling = ctx.comments.inside(close);
  if (parts.length === 0 && dangling.length === 0) return '{}';
  if (dangling.length > 0) parts.push(nodes.length > 0 ? hardline : '', blank ? hardline : '', ...dangling.slice(0, -1));
  return ['{', indent([hardline, ...parts]), hardline, '}'];
}

function interval(i: { low: A.SignedNumber; lowInclusive: boolean; high: A.SignedNumber; highInclusive: boolean }): string {
  return `${i.lowInclusive ? '[' : '('}${signed(i.low)}, ${signed(i.high)}${i.highInclusive ? ']' : ')'}`;
}

// ── inputs ─────────────────────────────────────────────────────────────────
function printInput(ctx: PrintContext, d: A.InputDecl): Doc {
  const head: Doc =
    d.role === 'population'
      ? [ctx.kw('Input'), ' ', d.name.text, ' ', ctx.kw('Key'), ' ', d.key!.text]
      : d.role === 'related'
        ? [ctx.kw('Input'), ' ', d.name.text, ' ', ctx.kw('Of'), ' ', d.parent!.text, ' ', ctx.kw('By'), ' ', d.by!.text]
        : [ctx.kw('Table'), ' ', d.name.text, ' ', ctx.kw('Key'), ' ', d.key!.text];
  return [head, ' ', block(ctx, d.columns, (c) => printColumn(ctx, c), d.span.end - 1)];
}

/** `name: type { values } from "header" constraints optional -> table "description"`, in that order. */
function printColumn(ctx: PrintContext, c: A.ColumnDecl): Doc {
  const parts: Doc[] = [c.name.text, ': ', c.type.text];
  if (c.values) {
    const values = c.values.map((v) => ctx.nameOrString(v.text, v.span));
    parts.push(' ', group(['{', indent([line, join([',', line], values)]), line, '}']));
  }
  if (c.header) parts.push(' ', ctx.kw('From'), ' ', ctx.str(c.header));
  for (const k of c.constraints) parts.push(' ', k.kind === 'Compare' ? `${k.op} ${signed(k.value)}` : [ctx.kw('In'), ' ', interval(k)]);
  if (c.optional) parts.push(' ', ctx.kw('Optional'));
  if (c.references) parts.push(' -> ', c.references.text);
  if (c.description) parts.push(' ', ctx.str(c.description));
  return parts;
}

// ── indicators ─────────────────────────────────────────────────────────────
/** `indicator name "title" weight … missing … description "…" unit "…"`, then `= rule` or `{ … }`. */
function printIndicator(ctx: PrintContext, d: A.IndicatorDecl): Doc {
  const attributes: Doc[] = [];
  if (d.weight) attributes.push([ctx.kw('Weight'), ' ', printWeight(ctx, d.weight)]);
  if (d.missing) attributes.push([ctx.kw('Missing'), ' ', d.missing.text]);
  if (d.description) attributes.push([ctx.kw('Description'), ' ', ctx.str(d.description)]);
  if (d.unit) attributes.push([ctx.kw('Unit'), ' ', ctx.str(d.unit)]);
  // A header too long for one line puts each attribute on a line of its own.
  const head = group([ctx.kw('Indicator'), ' ', d.name.text, d.title ? [' ', ctx.str(d.title)] : '', indent(attributes.map((a) => [line, a]))]);
  // A group with a rule too (KPL2044 for the checker) is printed as written, in source order.
  if (d.rule && d.children.length) {
    const ruleFirst = d.rule.span.start < d.children[0]!.span.start;
    const children = block(ctx, d.children, (c) => printIndicator(ctx, c), ruleFirst ? d.span.end - 1 : d.rule.span.start - 1);
    return ruleFirst ? [assignment(ctx, head, d.rule), ' ', children] : assignment(ctx, [head, ' ', children], d.rule);
  }
  if (d.rule) return assignment(ctx, head, d.rule);
  return [head, ' ', block(ctx, d.children, (c) => printIndicator(ctx, c), d.span.end - 1)];
}

function printWeight(ctx: PrintContext, w: A.WeightSpec): Doc {
  if (w.kind === 'Fixed') return signed(w.value);
  const rows = w.rows.map((r) => ctx.withComments(r.span, () => [ctx.nameOrString(r.key.text, r.key.span), ': ', signed(r.value)]));
  return [ctx.kw('By'), ' ', w.column.text, ' ', braces(ctx, rows, w.span.end - 1, false)];
}

// ── veto, grades, distribution, output ─────────────────────────────────────
function printVeto(ctx: PrintContext, d: A.VetoDecl): Doc {
  const head: Doc = [ctx.kw('Veto'), d.reason ? [' ', ctx.str(d.reason)] : ''];
  const when: Doc = [...ctx.comments.leading(d.when.span.start), ctx.kw('When'), ' ', printExpr(ctx, d.when)];
  const e = d.effect;
  const lead = ctx.comments.leading(e.span.start);
  const effect: Doc =
    e.kind === 'Grade'
      ? [ctx.kw('Grade'), ' ', e.grade.text]
      : e.kind === 'Cap'
        ? [ctx.kw('Grade'), ' ', ctx.kw('AtMost'), ' ', e.grade.text]
        : [ctx.kw('Total'), ' = ', printExpr(ctx, e.value)];
  return group([head, indent([line, when, line, ...lead, ctx.kw('Then'), ' ', effect])]);
}

/** `exempt "本季度入职" when 入职月数 < 3`, the condition on its own line when the line is too long. */
function printExempt(ctx: PrintContext, d: A.ExemptDecl): Doc {
  const when: Doc = [...ctx.comments.leading(d.when.span.start), ctx.kw('When'), ' ', printExpr(ctx, d.when)];
  return group([ctx.kw('Exempt'), d.reason ? [' ', ctx.str(d.reason)] : '', indent([line, when])]);
}

/** `A "优秀" >= 90`, `B [60, 90)`, `D otherwise` (no colon). */
function printBand(ctx: PrintContext, b: A.BandDecl): Doc {
  const bound = b.bound.kind === 'Compare' ? `${b.bound.op} ${signed(b.bound.value)}` : b.bound.kind === 'Interval' ? interval(b.bound) : ctx.kw('Otherwise');
  return [b.name.text, b.title ? [' ', ctx.str(b.title)] : '', ' ', bound];
}

/**
 * Who is counted (`among`) and the smallest group first, then quotas, then a single `order by`
 * line with an explicit direction on every key.
 */
function printDistribute(ctx: PrintContext, d: A.DistributeDecl): Doc {
  type Entry = { span: Span; print: () => Doc };
  const entries: Entry[] = [
    ...d.among.map((a) => ({ span: a.span, print: (): Doc => [a.word.text, ' ', printExpr(ctx, a.cond)] })),
    ...d.minGroup.map((m) => ({ span: m.span, print: () => printMinGroup(m) })),
    ...d.quotas.map((q) => ({ span: q.span, print: () => printQuota(ctx, q) })),
  ];
  if (d.order.length > 0) {
    const span = { file: d.span.file, start: d.order[0]!.span.start, end: d.order[d.order.length - 1]!.span.end };
    const keys = () => d.order.map((k) => [printExpr(ctx, k.expr), ' ', ctx.kw(k.desc ? 'Desc' : 'Asc')]);
    entries.push({ span, print: () => group([ctx.kw('Order'), ' ', ctx.kw('By'), ' ', indent(join([',', line], keys()))]) });
  }
  const per: Doc = d.per ? [' ', ctx.kw('Per'), ' ', printExpr(ctx, d.per)] : '';
  return [ctx.kw('Distribute'), per, ' ', block(ctx, entries, (e) => e.print(), d.span.end - 1)];
}

/** `only groups of at least 8` / `仅限 不少于 8 人的组`, in the language it was written in. */
function printMinGroup(m: A.MinGroupDecl): Doc {
  return m.zh ? ['仅限 不少于 ', signed(m.size), ' ', m.zh.unit.text] : ['only groups of at least ', signed(m.size)];
}

/** `A at most 20% floor, min 1 -> B` / `A at least 10% from B`. */
function printQuota(ctx: PrintContext, q: A.QuotaDecl): Doc {
  if (q.kind === 'top' || q.kind === 'bottom') {
    // `bottom 5% ceil -> 待改进`: the word as written (top/前, bottom/末位).
    const share: Doc[] = [q.word?.text ?? q.kind, ' ', signed(q.share)];
    q.options.forEach((o, i) => share.push(i === 0 ? ' ' : ', ', o.name.text, o.value ? [' ', signed(o.value)] : ''));
    return [...share, ' -> ', q.grade.text];
  }
  const parts: Doc[] = [q.grade.text, ' ', ctx.kw(q.kind === 'at_most' ? 'AtMost' : 'AtLeast'), ' ', signed(q.share)];
  q.options.forEach((o, i) => parts.push(i === 0 ? ' ' : ', ', o.name.text, o.value ? [' ', signed(o.value)] : ''));
  // Where people past an upper quota go (`->`), where people for a lower quota come from (`from`).
  if (q.target) parts.push(q.kind === 'at_most' ? ' -> ' : [' ', ctx.kw('From'), ' '], q.target.text);
  return parts;
}

function printOutput(ctx: PrintContext, d: A.OutputDecl): Doc {
  const items = d.items.map((it, i) =>
    ctx.withComments(it.span, () => (it.value ? [it.name.text, ' = ', printExpr(ctx, it.value)] : it.name.text), {
      // A comment after the last column belongs to the whole declaration.
      trailing: i < d.items.length - 1,
    }),
  );
  return group([ctx.kw('Output'), indent([line, join([',', line], items)])]);
}

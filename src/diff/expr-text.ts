/**
 * Text of plan expressions: a canonical form (fully parenthesised, numbers as plain decimals,
 * no source layout) used to decide whether two rules are the same, and the author's own words
 * (the source slice an expression came from) used to show them.
 */
import type { Expr, Plan, SourceRef } from '../plan/schema.ts';

export interface TextOptions {
  /** Indicator renames to apply to references (old name → new name). */
  readonly renames?: ReadonlyMap<string, string>;
}

/** Canonical text: equal for expressions that mean the same, whatever their formatting. */
export function canonical(e: Expr, o: TextOptions = {}): string {
  const c = (x: Expr) => canonical(x, o);
  switch (e.k) {
    case 'num':
      return e.v;
    case 'missing':
      return 'missing';
    case 'bool':
      return String(e.v);
    case 'str':
      return JSON.stringify(e.v);
    case 'col':
    case 'rowcol':
      return e.col;
    case 'lookup':
      return `${e.table}[${c(e.key)}].${e.col}`;
    case 'ref':
      return e.ref === 'indicator' ? (o.renames?.get(e.name) ?? e.name) : e.name;
    case 'un':
      return e.op === 'neg' ? `(-${c(e.e)})` : `(not ${c(e.e)})`;
    case 'bin':
      return `(${c(e.l)} ${e.op} ${c(e.r)})`;
    case 'if':
      return `(if ${c(e.c)} then ${c(e.t)} else ${c(e.e)})`;
    case 'call':
      return `${e.fn}(${e.args.map(c).join(', ')})`;
    case 'interp':
      return `interpolate(${c(e.x)}) { below: ${c(e.below)}; ${e.points.map(([x, y]) => `${x}: ${y}`).join('; ')}${e.above ? `; above: ${c(e.above)}` : ''} }`;
    case 'steps':
      return `steps(${c(e.x)}) { ${e.rows.map((r) => `${r.op} ${r.bound}: ${c(r.value)}`).join('; ')}${e.otherwise ? `; otherwise: ${c(e.otherwise)}` : ''} }`;
    case 'map':
      return `lookup(${c(e.key)}) { ${e.entries.map((r) => `${r.key}: ${c(r.value)}`).join('; ')}${e.otherwise ? `; otherwise: ${c(e.otherwise)}` : ''} }`;
    case 'agg':
      return `${e.fn}(${e.table}${e.value ? `, ${c(e.value)}` : ''}${e.where ? `, where: ${c(e.where)}` : ''})`;
    case 'grouped':
      return `group_mean(${e.table}.${c(e.value)}, by: ${c(e.group)}${e.trim ? `, trim: ${e.trim.n}, trim_from: ${e.trim.from}` : ''}, min_count: ${e.minCount}) { ${e.weights.map((w) => `${w.key}: ${w.weight}`).join('; ')} }`;
    case 'rank':
      return `rank(${c(e.value)}${e.within ? `, within: ${c(e.within)}` : ''}, order: ${e.desc ? 'desc' : 'asc'})`;
    case 'allocate':
      return `allocate(${c(e.pool)}, by: ${c(e.by)}, per: ${c(e.per)}, decimals: ${e.decimals})`;
    case 'ordered':
      return `ordered ${e.dir} [${e.bounds.map(c).join(', ')}] ${c(e.e)}`;
  }
}

/** The source text an element came from, when the plan still has its source. */
export function sourceText(plan: Plan, at: SourceRef | undefined): string | undefined {
  if (!at) return undefined;
  const src = plan.sources.find((s) => s.name === at.file);
  return src ? src.text.slice(at.start, at.end) : undefined;
}

/** How to show an expression: the author's words on one line, else the canonical form. */
export function display(plan: Plan, e: Expr): string {
  const s = sourceText(plan, e.at);
  return s !== undefined ? oneLine(s) : canonical(e);
}

export function oneLine(s: string): string {
  // Rows of a table block written one per line are joined with `;`, as they could be written.
  const lines = s
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter((l) => l);
  let out = '';
  let depth = 0;
  for (const l of lines) {
    if (out) out += depth > 0 && !/[{;]$/.test(out) && !l.startsWith('}') ? '; ' : ' ';
    out += l;
    for (const ch of l) depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
  }
  return out.replace(/\s+/g, ' ');
}

/** A fraction as a percentage, exactly: "0.25" → "25%", "0.105" → "10.5%". */
export function pct(v: string): string {
  const neg = v.startsWith('-');
  const [i = '0', f = ''] = (neg ? v.slice(1) : v).split('.');
  const intPart = (i + f.slice(0, 2).padEnd(2, '0')).replace(/^0+(?=\d)/, '');
  const frac = f.slice(2).replace(/0+$/, '');
  return `${neg ? '-' : ''}${intPart}${frac ? '.' + frac : ''}%`;
}

/**
 * The document IR of the formatter (Wadler's "prettier printer", as in Prettier's
 * `src/document/builders`). A language printer only builds docs; `printDoc` decides where lines
 * break. Docs are immutable trees: strings, arrays (concatenation) and the commands below.
 */

export type Doc = string | readonly Doc[] | DocCommand;

export type DocCommand = Line | Group | Indent | IfBreak | LineSuffix | BreakParent | Choice;

/** A place where the printer may break: a space (`line`) or nothing (`softline`) when flat. */
export interface Line {
  readonly type: 'line';
  readonly soft: boolean;
  /** A hard line always breaks, and breaks every group around it. */
  readonly hard: boolean;
}

/** Contents printed flat when they fit on the rest of the line, otherwise broken. */
export interface Group {
  readonly type: 'group';
  readonly contents: Doc;
  /** Always broken (set by `group(…, { shouldBreak })` or by a hard line inside). */
  readonly break: boolean;
}

/** Lines inside break to one more level of indentation. */
export interface Indent {
  readonly type: 'indent';
  readonly contents: Doc;
}

/** `breakContents` when the enclosing group is broken, `flatContents` when it is flat. */
export interface IfBreak {
  readonly type: 'if-break';
  readonly breakContents: Doc;
  readonly flatContents: Doc;
}

/** Printed just before the next newline: how trailing `# comments` stay at the end of their line. */
export interface LineSuffix {
  readonly type: 'line-suffix';
  readonly contents: Doc;
}

/** Forces every enclosing group to break. */
export interface BreakParent {
  readonly type: 'break-parent';
}

/**
 * Alternative layouts (Prettier's `conditionalGroup`): the first state whose every line fits when
 * printed flat (groups that must break still break) is used; otherwise the last, printed broken.
 */
export interface Choice {
  readonly type: 'choice';
  readonly states: readonly Doc[];
}

/** Literal text; it must not contain a newline. */
export function text(s: string): Doc {
  return s;
}

export function concat(parts: readonly Doc[]): Doc {
  return parts;
}

/** A space when flat, a newline when broken. */
export const line: Line = { type: 'line', soft: false, hard: false };
/** Nothing when flat, a newline when broken. */
export const softline: Line = { type: 'line', soft: true, hard: false };
export const breakParent: BreakParent = { type: 'break-parent' };
/** Always a newline; breaks the enclosing groups. */
export const hardline: Doc = [{ type: 'line', soft: false, hard: true }, breakParent];

export function group(contents: Doc, options: { shouldBreak?: boolean } = {}): Group {
  return { type: 'group', contents, break: options.shouldBreak ?? false };
}

export function indent(contents: Doc): Indent {
  return { type: 'indent', contents };
}

export function ifBreak(breakContents: Doc, flatContents: Doc = ''): IfBreak {
  return { type: 'if-break', breakContents, flatContents };
}

export function lineSuffix(contents: Doc): LineSuffix {
  return { type: 'line-suffix', contents };
}

export function choice(states: readonly Doc[]): Choice {
  if (states.length === 0) throw new Error('choice needs at least one state');
  return { type: 'choice', states };
}

/** `docs` with `sep` between each pair. */
export function join(sep: Doc, docs: readonly Doc[]): Doc {
  const out: Doc[] = [];
  docs.forEach((d, i) => {
    if (i > 0) out.push(sep);
    out.push(d);
  });
  return out;
}

/** True when `doc` contains a hard line or a break-parent (so it can never be printed flat). */
export function willBreak(doc: Doc): boolean {
  if (typeof doc === 'string') return false;
  if (Array.isArray(doc)) return (doc as readonly Doc[]).some(willBreak);
  const d = doc as DocCommand;
  switch (d.type) {
    case 'line':
      return d.hard;
    case 'break-parent':
      return true;
    case 'group':
      return d.break || willBreak(d.contents);
    case 'indent':
    case 'line-suffix':
      return willBreak(d.contents);
    case 'if-break':
      return willBreak(d.breakContents) || willBreak(d.flatContents);
    case 'choice':
      return d.states.every(willBreak);
  }
}

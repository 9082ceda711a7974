/**
 * Source positions. A span is a half-open range of UTF-16 offsets in one file; line and column
 * are computed lazily through a LineMap, so spans stay cheap to create and compare.
 */

/** Half-open `[start, end)` range of UTF-16 offsets inside `file`. */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

/** A source text with its name and a lazily built line map. */
export interface SourceFile {
  readonly name: string;
  readonly text: string;
}

/** 1-based line and column of an offset. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

const lineStartsCache = new WeakMap<SourceFile, number[]>();
/** The line found last: the checker asks for positions mostly in source order, so it is tried first. */
let lastStarts: number[] | undefined;
let lastLine = 0;

function lineStarts(file: SourceFile): number[] {
  let starts = lineStartsCache.get(file);
  if (!starts) {
    starts = [0];
    const t = file.text;
    for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) === 10) starts.push(i + 1);
    lineStartsCache.set(file, starts);
  }
  return starts;
}

/** Converts an offset to a 1-based line and column (columns count UTF-16 units, as editors do). */
export function positionAt(file: SourceFile, offset: number): Position {
  const starts = lineStarts(file);
  let lo = 0;
  let hi = starts.length - 1;
  if (starts === lastStarts && starts[lastLine]! <= offset && (lastLine === hi || offset < starts[lastLine + 1]!)) lo = hi = lastLine;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  lastStarts = starts;
  lastLine = lo;
  return { line: lo + 1, col: offset - starts[lo]! + 1 };
}

/** The text of a 1-based line, without its line terminator. */
export function lineText(file: SourceFile, line: number): string {
  const starts = lineStarts(file);
  const start = starts[line - 1] ?? file.text.length;
  const next = starts[line];
  let end = next === undefined ? file.text.length : next - 1;
  if (end > start && file.text.charCodeAt(end - 1) === 13) end--;
  return file.text.slice(start, end);
}

/** Smallest span covering both. */
export function cover(a: Span, b: Span): Span {
  return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

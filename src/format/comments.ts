/**
 * Comments are not in the AST: the lexer keeps them in their own token group, with offsets. The
 * formatter walks the AST in source order and, at each node that can carry comments, claims the
 * pending ones by offset:
 *
 * - `leading(start)`: comments before the node, each on its own line above it;
 * - `inside(end)`: comments within the node that no inner node claimed, hoisted above it;
 * - `trailing(end)`: a comment after the node on the same line (only `;` or `,` between), kept at
 *   the end of the printed line.
 *
 * Comments are claimed strictly in source order, so their order never changes, and
 * `assertAllClaimed` makes sure that none is ever lost.
 */
import type { IToken } from 'chevrotain';
import { breakParent, hardline, lineSuffix, type Doc } from './doc.ts';

export interface SourceComment {
  /** The comment as printed: its text without trailing white space. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** `# …` or `// …` token → comment; trailing white space is dropped. */
export function toComments(tokens: readonly IToken[]): SourceComment[] {
  return tokens
    .map((t) => ({ text: t.image.replace(/\s+$/u, ''), start: t.startOffset, end: t.endOffset! + 1 }))
    .sort((a, b) => a.start - b.start);
}

/** True when the white space just before `offset` holds an empty line. */
export function blankLineBefore(source: string, offset: number): boolean {
  if (offset > source.length) return false;
  let newlines = 0;
  for (let i = offset - 1; i >= 0; i--) {
    const c = source[i]!;
    if (c === '\n') newlines++;
    else if (!/[ \t\r\u3000\uFEFF]/.test(c)) break;
  }
  return newlines >= 2;
}

export class CommentQueue {
  private readonly list: readonly SourceComment[];
  private next = 0;

  constructor(
    private readonly source: string,
    tokens: readonly IToken[],
  ) {
    this.list = toComments(tokens);
  }

  /** Every comment of the file, in source order. */
  get all(): readonly SourceComment[] {
    return this.list;
  }

  /** Start of the first unclaimed comment before `limit`, or `limit` when there is none. */
  firstOffset(limit: number): number {
    const c = this.list[this.next];
    return c && c.start < limit ? c.start : limit;
  }

  /** Whether an unclaimed comment starts before `limit`. */
  hasBefore(limit: number): boolean {
    const c = this.list[this.next];
    return c !== undefined && c.start < limit;
  }

  /**
   * Unclaimed comments before `start`, one per line, each followed by a hard line. Empty lines
   * between them, and between the last and the node at `start`, are kept (one at most).
   */
  leading(start: number): Doc[] {
    const parts: Doc[] = [];
    while (this.hasBefore(start)) {
      const c = this.list[this.next++]!;
      if (parts.length > 0 && blankLineBefore(this.source, c.start)) parts.push(hardline);
      parts.push(c.text, hardline);
    }
    if (parts.length > 0 && blankLineBefore(this.source, start)) parts.push(hardline);
    return parts;
  }

  /** Unclaimed comments inside a node that ends at `end`, to print on their own lines above it. */
  inside(end: number): Doc[] {
    const parts: Doc[] = [];
    while (this.hasBefore(end)) parts.push(this.list[this.next++]!.text, hardline);
    return parts;
  }

  /**
   * The comment on the same line after a node ending at `end` (only white space, `;` or `,` in
   * between), printed at the end of the line; it breaks the enclosing groups.
   */
  trailing(end: number): Doc[] {
    const c = this.list[this.next];
    if (!c || c.start < end) return [];
    if (!/^[ \t\u3000;,，；、]*$/u.test(this.source.slice(end, c.start))) return [];
    this.next++;
    return [lineSuffix(' ' + c.text), breakParent];
  }

  /** All comments not claimed yet (the end of the file). */
  rest(): Doc[] {
    return this.leading(Number.POSITIVE_INFINITY);
  }

  /** INVARIANT: every comment of the file has been printed exactly once. */
  assertAllClaimed(): void {
    if (this.next !== this.list.length) {
      throw new Error(`formatter lost ${this.list.length - this.next} comment(s), first: ${JSON.stringify(this.list[this.next]!.text)}`);
    }
  }
}

/**
 * A small emitter for generated JavaScript. Local names are made here (`n12`, `c3`, `k0`), never
 * from a policy or data; numbers go through `numLit`; strings never appear in generated code at
 * all — they are passed in an array and referred to by position. `seal` enforces it: generated
 * source containing a quote or a backslash is refused.
 */
export class Emitter {
  private lines: string[] = [];
  private depth = 0;
  private next = 0;

  /** A fresh local name with a fixed prefix (letters only). */
  id(prefix: 'n' | 'x' | 'e' | 'b' | 's' | 'f' | 'g' | 'c' | 't' | 'q' | 'r' | 'w' | 'a' | 'm' | 'j' | 'h'): string {
    return `${prefix}${this.next++}`;
  }

  line(s: string): void {
    this.lines.push('  '.repeat(this.depth) + s);
  }

  open(head: string): void {
    this.line(head + ' {');
    this.depth++;
  }

  close(tail = '}'): void {
    this.depth--;
    this.line(tail);
  }

  /** Ends a block and opens the next one: `} else {`, `} else if (c) {`. */
  reopen(head: string): void {
    this.depth--;
    this.line(head);
    this.depth++;
  }

  /** Runs `f` with output captured; returns the captured lines and f's result. */
  capture<T>(f: () => T): [string[], T] {
    const saved = this.lines;
    const savedDepth = this.depth;
    this.lines = [];
    this.depth = 0;
    try {
      const r = f();
      return [this.lines, r];
    } finally {
      this.lines = saved;
      this.depth = savedDepth;
    }
  }

  /** Emits previously captured lines at the current depth. */
  splice(lines: readonly string[]): void {
    const pad = '  '.repeat(this.depth);
    for (const l of lines) this.lines.push(pad + l);
  }

  text(): string {
    return this.lines.join('\n');
  }
}

/** Refuses generated source that could carry text from outside (quotes, backslashes, template literals). */
export function seal(src: string): string {
  if (/["'`\\]/.test(src)) throw new Error('fast engine: generated code contains a string delimiter');
  if (!/^[\x20-\x7e\n]*$/.test(src)) throw new Error('fast engine: generated code contains a non-ASCII character');
  return src;
}

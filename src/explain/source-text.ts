/**
 * The author's own words for plan elements: the source text behind a source reference, and the
 * rows of a table block (`steps(x) { >= 20: 100; otherwise: 20 }`, `interpolate`, `lookup`,
 * `group_mean`) with their line numbers. Plans keep the policy sources, so this works on compiled
 * plans too. Used by explanations and by coverage reports.
 */
import type { Plan, SourceRef } from '../plan/schema.ts';

export interface BlockItem {
  /** Text before the first top-level `:` (`>= 20`, `0%`, `below`, `A`, `otherwise`), trimmed. */
  readonly key: string;
  /** Text after it, trimmed. */
  readonly value: string;
  /** The whole row as written, trimmed (`>= 20: 100`). */
  readonly text: string;
  /** 1-based line of the row in its file. */
  readonly line: number;
}

export function sourceText(plan: Plan, at: SourceRef | undefined): string | undefined {
  if (!at) return undefined;
  const src = plan.sources.find((s) => s.name === at.file);
  return src ? src.text.slice(at.start, at.end) : undefined;
}

/** The source text of a plan element on one line (runs of white space, line breaks included, become one space). */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The rows of the first `{ … }` block inside the element at `at`: separated by `;` or line
 * breaks, comments dropped, nested brackets and strings respected. Undefined when there is no
 * source or no block.
 */
export function blockItems(plan: Plan, at: SourceRef | undefined): BlockItem[] | undefined {
  if (!at) return undefined;
  const src = plan.sources.find((s) => s.name === at.file);
  if (!src) return undefined;
  const text = src.text;
  let i = at.start;
  let depth = 0;
  // Find the block's opening brace at the top level of the element (not inside the call's arguments).
  for (; i < at.end; i++) {
    const c = text[i]!;
    if (c === '"') i = skipString(text, i);
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '{' && depth === 0) break;
  }
  if (i >= at.end) return undefined;
  const items: BlockItem[] = [];
  let start = i + 1;
  depth = 0;
  let line = at.line + countLines(text, at.start, i);
  let itemLine = line;
  let colon = -1;
  const flush = (end: number) => {
    const raw = text.slice(start, end);
    const trimmed = raw.trim();
    if (trimmed) {
      const lead = raw.length - raw.trimStart().length;
      const firstLine = itemLine + countLines(raw, 0, lead);
      const key = colon >= 0 ? text.slice(start, colon).trim() : trimmed;
      const value = colon >= 0 ? text.slice(colon + 1, end).trim() : '';
      items.push({ key, value, text: oneLine(trimmed), line: firstLine });
    }
    colon = -1;
  };
  for (let j = i + 1; j < at.end; j++) {
    const c = text[j]!;
    if (c === '"') {
      j = skipString(text, j);
      continue;
    }
    if (c === '#' || (c === '/' && text[j + 1] === '/')) {
      // A comment ends the row's text; the line break after it ends the row.
      flush(j);
      while (j < at.end && text[j] !== '\n') j++;
      start = j;
      j--;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (c === '}') {
      if (depth === 0) {
        flush(j);
        break;
      }
      depth--;
    } else if (depth === 0 && c === ':' && colon < 0) colon = j;
    else if (depth === 0 && (c === ';' || c === '\n')) {
      flush(j);
      start = j + 1;
      if (c === '\n') line++;
      itemLine = line;
      continue;
    }
    if (c === '\n') line++;
  }
  return items;
}

function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"' || text[j] === '\n') return j;
  }
  return text.length;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) if (text[k] === '\n') n++;
  return n;
}

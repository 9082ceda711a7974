/**
 * Where a name is written: the lexer's identifier tokens with that spelling, each with the table it
 * is qualified by (`ratings.score` → `ratings`). Find-references and rename (`kpl lsp`) filter
 * these by what the name declares; comments and strings are never touched.
 */
import { lex } from '../syntax/lexer.ts';
import { parse } from '../syntax/parse.ts';
import { symbolsOf } from './symbols.ts';
import { definitionOf } from './services.ts';
import type { Symbols } from './types.ts';

export interface NameToken {
  readonly start: number;
  readonly end: number;
  /** The name before `.` (or `name[…].`) when the token is a member. */
  readonly qualifier?: string;
}

/** Every identifier token of `text` spelled `name`. */
export function nameTokens(file: string, text: string, name: string): NameToken[] {
  const { tokens } = lex(file, text);
  const out: NameToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.tokenType.name !== 'Identifier' || t.image !== name) continue;
    let qualifier: string | undefined;
    if (tokens[i - 1]?.tokenType.name === 'Dot') {
      let j = i - 2;
      if (tokens[j]?.tokenType.name === 'RBracket') {
        let depth = 0;
        for (; j >= 0; j--) {
          const n = tokens[j]!.tokenType.name;
          if (n === 'RBracket') depth++;
          else if (n === 'LBracket' && --depth === 0) break;
        }
        j--;
      }
      const q = tokens[j];
      qualifier = q && q.tokenType.name === 'Identifier' ? q.image : '';
    }
    out.push({ start: t.startOffset, end: t.startOffset + t.image.length, ...(qualifier !== undefined ? { qualifier } : {}) });
  }
  return out;
}

/** The `import "…"` paths of a file, with the offsets of the string (for following imports without compiling). */
export function importPaths(file: string, text: string): { path: string; start: number; end: number }[] {
  const out: { path: string; start: number; end: number }[] = [];
  for (const item of parse(file, text).ast.items) if (item.kind === 'Import') out.push({ path: item.path.value, start: item.path.span.start, end: item.path.span.end });
  return out;
}

/** What a name at a place declares: its spelling, where it is declared, and the table when it is a column. */
export interface RefTarget {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly table?: string;
}

/** The declaration `word` (with `before`, the line's text before it) names in a file's symbols, or undefined (a keyword, a built-in). */
export function targetOf(word: string, before: string, symbols: Symbols): RefTarget | undefined {
  const d = definitionOf(word, before, symbols);
  if (!d) return undefined;
  const table = symbols.tables.find((t) => t.columns.some((c) => c.start === d.start && c.end === d.end));
  return { name: word, start: d.start, end: d.end, ...(table ? { table: table.name } : {}) };
}

/**
 * Every place in one file that names the target, its declaration included: a column only where it
 * is that table's (declared in it, or qualified by it), any other name only unqualified.
 */
export function referencesIn(file: string, text: string, t: { name: string; table?: string }): { start: number; end: number }[] {
  if (!text.includes(t.name)) return [];
  const syms = symbolsOf(file, text);
  const columnDecls = syms.tables.flatMap((tb) => tb.columns.filter((c) => c.name === t.name).map((c) => ({ table: tb.name, start: c.start })));
  const out: { start: number; end: number }[] = [];
  for (const tok of nameTokens(file, text, t.name)) {
    const decl = columnDecls.find((c) => c.start === tok.start);
    if (t.table !== undefined) {
      if (decl ? decl.table !== t.table : tok.qualifier !== undefined && tok.qualifier !== t.table) continue;
    } else if (decl || tok.qualifier !== undefined) continue;
    out.push({ start: tok.start, end: tok.end });
  }
  return out;
}

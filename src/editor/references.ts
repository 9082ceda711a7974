/**
 * Where a name is written: the lexer's identifier tokens with that spelling, each with the table it
 * is qualified by (`ratings.score` → `ratings`). Find-references and rename (`kpl lsp`) filter
 * these by what the name declares; comments and strings are never touched.
 */
import { lex } from '../syntax/lexer.ts';
import { parse } from '../syntax/parse.ts';

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

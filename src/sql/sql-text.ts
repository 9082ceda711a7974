/** SQL text pieces shared by both dialects: quoted names and string literals. */

/** A quoted identifier (any name, Chinese included). */
export function q(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A string literal. */
export function str(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A comment line's text: no line breaks, no comment terminators. */
export function commentText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\*\//g, '* /').trim();
}

export const lit = str;

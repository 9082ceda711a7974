/** A plain aligned text table for the terminal (CJK characters count double). */
import { displayWidth } from './render.ts';

export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const pad = (s: string, w: number, right: boolean) => (right ? ' '.repeat(w - displayWidth(s)) + s : s + ' '.repeat(w - displayWidth(s)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => !r[i] || /^-?\d+(\.\d+)?$/.test(r[i]!)));
  const line = (r: readonly string[]) => r.map((c, i) => pad(c ?? '', widths[i]!, numeric[i]!)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

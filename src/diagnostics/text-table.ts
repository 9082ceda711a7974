/** A plain aligned text table for the terminal (CJK characters count double). */
import { displayWidth } from './render.ts';

export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  // A loop, not Math.max(...rows): a spread of 150,000 rows would overflow the stack.
  const widths = header.map((h, i) => {
    let w = displayWidth(h);
    for (const r of rows) w = Math.max(w, displayWidth(r[i] ?? ''));
    return w;
  });
  const pad = (s: string, w: number, right: boolean) => (right ? ' '.repeat(w - displayWidth(s)) + s : s + ' '.repeat(w - displayWidth(s)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => !r[i] || /^-?\d+(\.\d+)?$/.test(r[i]!)));
  const line = (r: readonly string[]) => r.map((c, i) => pad(c ?? '', widths[i]!, numeric[i]!)).join('  ').trimEnd();
  const lines = [line(header), widths.map((w) => '─'.repeat(w)).join('  ')];
  for (const r of rows) lines.push(line(r));
  return lines.join('\n');
}

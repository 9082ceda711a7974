/** `kpl fmt`'s engine for editors: the formatted text, or why the text was left as it is. */
import { formatPolicy } from '../format/format-policy.ts';
import { hasErrors } from '../diagnostics/diagnostic.ts';

/** Formats `source`; `text` is absent when the policy cannot be formatted (syntax errors). */
export function formatSource(file: string, source: string): { text?: string; reason?: string } {
  try {
    const r = formatPolicy(file, source);
    if (r.text !== undefined && !hasErrors(r.diagnostics)) return { text: r.text };
    return { reason: 'errors' };
  } catch (e) {
    return { reason: String(e) };
  }
}

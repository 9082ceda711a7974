/**
 * Colour in diagnostics: only on a terminal, never with NO_COLOR (https://no-color.org) or
 * --no-color, always with FORCE_COLOR (other than 0). Only the severity and the caret are coloured;
 * the text is the same with or without colour.
 */
const RED = '\x1b[31;1m';
const YELLOW = '\x1b[33;1m';
const RESET = '\x1b[0m';

/** Set by `--no-color`. */
export const colorOptions = { disabled: false };

export function useColor(stream: { isTTY?: boolean }): boolean {
  if (colorOptions.disabled) return false;
  const env = process.env;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '') return env['FORCE_COLOR'] !== '0' && env['FORCE_COLOR'] !== 'false';
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

/** A rendered diagnostic with its severity (first line) and its caret line coloured. */
export function paint(text: string, stream: { isTTY?: boolean }): string {
  if (!useColor(stream)) return text;
  const [first = '', ...rest] = text.split('\n');
  const m = /^(.*?: )(error|warning)( KPL\d+)/.exec(first);
  const colour = m?.[2] === 'error' ? RED : YELLOW;
  const head = m ? `${m[1]}${colour}${m[2]}${m[3]}${RESET}${first.slice(m[0].length)}` : first;
  return [head, ...rest.map((l) => l.replace(/^(\s*\|\s*)(\^+)$/, `$1${colour}$2${RESET}`))].join('\n');
}

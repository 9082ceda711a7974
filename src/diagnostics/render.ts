/**
 * Diagnostics as text (`file:line:col: error KPL2003: message`, the source line, a caret
 * underline and any help) or as JSON for tools.
 */
import { lineText, positionAt, type SourceFile } from '../source/span.ts';
import { localize, localizeHelp, localizeNote, severityWord, type Diagnostic, type Locale } from './diagnostic.ts';

export interface Located {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly endLine?: number;
  readonly endCol?: number;
}

export function locate(d: Diagnostic, files: ReadonlyMap<string, SourceFile>): Located | undefined {
  if (d.dataLocation) return d.dataLocation;
  if (!d.span) return undefined;
  const f = files.get(d.span.file);
  if (!f) return { file: d.span.file, line: 1, col: 1 };
  const s = positionAt(f, d.span.start);
  const e = positionAt(f, d.span.end);
  return { file: d.span.file, line: s.line, col: s.col, endLine: e.line, endCol: e.col };
}

/** Renders one diagnostic with its source line and underline (when the source is known). */
export function renderDiagnostic(d: Diagnostic, files: ReadonlyMap<string, SourceFile>, locale: Locale = 'en'): string {
  const loc = locate(d, files);
  const head = `${loc ? `${loc.file}:${loc.line}:${loc.col}: ` : ''}${severityWord(d.severity, locale)} ${d.code}${locale === 'zh' ? '：' : ': '}${localize(d, locale)}`;
  const lines = [head];
  const f = d.span ? files.get(d.span.file) : undefined;
  if (f && loc) {
    const text = lineText(f, loc.line);
    const width = loc.endLine === loc.line && loc.endCol ? Math.max(1, loc.endCol - loc.col) : Math.max(1, text.length - loc.col + 1);
    const gutter = String(loc.line).padStart(4);
    lines.push(`${gutter} | ${text}`);
    lines.push(`${' '.repeat(gutter.length)} | ${' '.repeat(displayWidth(text.slice(0, loc.col - 1)))}${'^'.repeat(displayWidth(text.slice(loc.col - 1, loc.col - 1 + width)) || 1)}`);
  }
  const help = localizeHelp(d, locale);
  if (help) lines.push(locale === 'zh' ? `  提示：${help}` : `  help: ${help}`);
  for (const r of d.related ?? []) {
    const rf = files.get(r.span.file);
    if (rf) {
      const p = positionAt(rf, r.span.start);
      const where = `${r.span.file}:${p.line}:${p.col}`;
      lines.push(locale === 'zh' ? `  说明：${where}：${localizeNote(r, locale)}` : `  note: ${where}: ${r.message}`);
    }
  }
  return lines.join('\n');
}

/** Terminal columns: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1;
  return w;
}

export function diagnosticToJson(d: Diagnostic, files: ReadonlyMap<string, SourceFile>, locale: Locale = 'en') {
  const loc = locate(d, files);
  const help = localizeHelp(d, locale);
  return { code: d.code, severity: d.severity, message: localize(d, locale), ...(loc ?? {}), ...(help ? { help } : {}) };
}

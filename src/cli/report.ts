import { type Diagnostic, type Locale, hasErrors, renderDiagnostic, diagnosticToJson, type SourceFile } from '../node.ts';
import { paint } from './color.ts';
import { escapeControls } from './output.ts';
/** Prints diagnostics to stderr (text or JSON) and decides the exit status. */

export { EXIT } from './help.ts';

export function printDiagnostics(ds: readonly Diagnostic[], files: ReadonlyMap<string, SourceFile>, format: 'text' | 'json', locale: Locale, stream: NodeJS.WriteStream = process.stderr): void {
  if (format === 'json') {
    stream.write(JSON.stringify(ds.map((d) => diagnosticToJson(d, files, locale)), null, 2) + '\n');
    return;
  }
  // Control characters from a policy or data (ANSI escapes) are shown escaped, never sent to the terminal.
  for (const d of ds) stream.write(paint(escapeControls(renderDiagnostic(d, files, locale), '\n\t'), stream) + '\n');
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.filter((d) => d.severity === 'warning').length;
  if (errors || warnings) stream.write(countLine(errors, warnings, locale) + '\n');
}

/** `2 errors, 1 warning` / `2 个错误，1 个警告`. */
export function countLine(errors: number, warnings: number, locale: Locale): string {
  if (locale === 'zh') return `${errors} 个错误，${warnings} 个警告`;
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}

/** What `kpl check` and `kpl lint` print for a file without problems. */
export function okLine(file: string, locale: Locale): string {
  return locale === 'zh' ? `${file}：没有问题` : `${file}: ok`;
}

export { hasErrors };

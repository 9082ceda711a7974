/**
 * The one Diagnostic type shared by every stage (syntax, checker, data, evaluator).
 * Stages return diagnostics as data; they never throw for a user's mistake.
 */
import type { Span } from '../source/span.ts';
import { CATALOG, type Code } from './codes.ts';
import { fill, phrase, renderPhrase, type DiagArgs, type Locale, type Phrase, type PhraseKey } from './phrases.ts';

export type { DiagArg, DiagArgs, List, Locale, Phrase } from './phrases.ts';
export { list, phrase } from './phrases.ts';
export type Severity = 'error' | 'warning' | 'info';

export interface RelatedInfo {
  readonly span: Span;
  /** English text; `note` is the catalogue phrase it was rendered from. */
  readonly message: string;
  readonly note?: Phrase;
}

/** A related location with a catalogue note (`first defined here`). */
export function relatedNote(span: Span, key: PhraseKey, args: DiagArgs = {}): RelatedInfo {
  const note = phrase(key, args);
  return { span, message: renderPhrase(note, 'en'), note };
}

export interface Diagnostic {
  readonly code: Code;
  readonly severity: Severity;
  /** English message, rendered from the catalog; `localize` renders another language. */
  readonly message: string;
  readonly args: DiagArgs;
  readonly span?: Span;
  /** For data errors: where in a data file (1-based line and column) the problem is. */
  readonly dataLocation?: { readonly file: string; readonly line: number; readonly col: number };
  /** English help line, rendered from `hint` (a catalogue phrase); `localizeHelp` renders another language. */
  readonly help?: string;
  readonly hint?: Phrase;
  readonly related?: readonly RelatedInfo[];
}

/** Builds a diagnostic from its catalog code; severity defaults to the catalog's. */
export function diag(
  code: Code,
  args: DiagArgs,
  span?: Span,
  extra: { help?: Phrase; related?: RelatedInfo[]; severity?: Severity } = {},
): Diagnostic {
  const entry = CATALOG[code];
  return {
    code,
    severity: extra.severity ?? entry.severity,
    message: fill(entry.en, args, 'en'),
    args,
    ...(span ? { span } : {}),
    ...(extra.help !== undefined ? { help: renderPhrase(extra.help, 'en'), hint: extra.help } : {}),
    ...(extra.related ? { related: extra.related } : {}),
  };
}

/** The diagnostic with a help line (a catalogue phrase). */
export function withHelp(d: Diagnostic, help: Phrase): Diagnostic {
  return { ...d, help: renderPhrase(help, 'en'), hint: help };
}

/** A data diagnostic located by file, line and column of a data file. */
export function dataDiag(code: Code, args: DiagArgs, file: string, line: number, col: number): Diagnostic {
  return { ...diag(code, args), dataLocation: { file, line, col } };
}

/** The message in the requested language. */
export function localize(d: Diagnostic, locale: Locale): string {
  if (locale === 'en') return d.message;
  const text = fill(CATALOG[d.code].zh, d.args, locale);
  // Evaluation errors carry the person's key in front of the message.
  const prefix = d.message.match(/^([^:`\s]+): /)?.[1];
  return prefix && !d.message.startsWith(fill(CATALOG[d.code].en, d.args, 'en')) ? `${prefix}：${text}` : text;
}

/** The help line in the requested language. */
export function localizeHelp(d: Diagnostic, locale: Locale): string | undefined {
  return d.hint ? renderPhrase(d.hint, locale) : d.help;
}

/** A related note in the requested language. */
export function localizeNote(r: RelatedInfo, locale: Locale): string {
  return r.note ? renderPhrase(r.note, locale) : r.message;
}

/** The severity word as printed in front of the code. */
export function severityWord(s: Severity, locale: Locale): string {
  return locale === 'zh' ? { error: '错误', warning: '警告', info: '提示' }[s] : s;
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

/** Deterministic order: by file, then offset, then code (as OPA sorts its errors). */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => {
    const fa = a.span?.file ?? a.dataLocation?.file ?? '';
    const fb = b.span?.file ?? b.dataLocation?.file ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    const oa = a.span ? a.span.start : (a.dataLocation?.line ?? 0) * 1e6 + (a.dataLocation?.col ?? 0);
    const ob = b.span ? b.span.start : (b.dataLocation?.line ?? 0) * 1e6 + (b.dataLocation?.col ?? 0);
    if (oa !== ob) return oa - ob;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}

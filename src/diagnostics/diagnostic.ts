/**
 * The one Diagnostic type shared by every stage (syntax, checker, data, evaluator).
 * Stages return diagnostics as data; they never throw for a user's mistake.
 */
import type { Span } from '../source/span.ts';
import { CATALOG, type Code } from './codes.ts';
import { termZh } from './terms-zh.ts';

export type Severity = 'error' | 'warning' | 'info';
export type Locale = 'en' | 'zh';
export type DiagArgs = Readonly<Record<string, string | number>>;

export interface RelatedInfo {
  readonly span: Span;
  readonly message: string;
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
  readonly help?: string;
  readonly related?: readonly RelatedInfo[];
}

function fill(template: string, args: DiagArgs): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in args ? String(args[k]) : m));
}

/** Builds a diagnostic from its catalog code; severity defaults to the catalog's. */
export function diag(
  code: Code,
  args: DiagArgs,
  span?: Span,
  extra: { help?: string; related?: RelatedInfo[]; severity?: Severity } = {},
): Diagnostic {
  const entry = CATALOG[code];
  return {
    code,
    severity: extra.severity ?? entry.severity,
    message: fill(entry.en, args),
    args,
    ...(span ? { span } : {}),
    ...(extra.help !== undefined ? { help: extra.help } : {}),
    ...(extra.related ? { related: extra.related } : {}),
  };
}

/** A data diagnostic located by file, line and column of a data file. */
export function dataDiag(code: Code, args: DiagArgs, file: string, line: number, col: number): Diagnostic {
  return { ...diag(code, args), dataLocation: { file, line, col } };
}

/** The message in the requested language. */
export function localize(d: Diagnostic, locale: Locale): string {
  if (locale === 'en') return d.message;
  const args = Object.fromEntries(Object.entries(d.args).map(([k, v]) => [k, typeof v === 'string' ? termZh(v) : v]));
  const text = fill(CATALOG[d.code].zh, args);
  // Evaluation errors carry the person's key in front of the message.
  const prefix = d.message.match(/^([^:`\s]+): /)?.[1];
  return prefix && !d.message.startsWith(fill(CATALOG[d.code].en, d.args)) ? `${prefix}：${text}` : text;
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

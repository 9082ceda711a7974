/**
 * Messages between the page and the compiler workers. Everything here is plain data (structured
 * clone): the workers turn the compiler's objects (Decimal, Person, Map) into strings and arrays.
 *
 * Every request carries the editor model's version id; the page drops any reply whose version is
 * not the model's current one (stale results are never shown).
 */

/** A diagnostic, localised in both languages by the worker (the page holds no catalogue). */
export interface Diag {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly en: string;
  readonly zh: string;
  /** UTF-16 offsets in the policy text, for policy diagnostics. */
  readonly start?: number;
  readonly end?: number;
  /** For data diagnostics: the table, 1-based line and column (field) of the data file. */
  readonly data?: { readonly file: string; readonly table?: string; readonly line: number; readonly col: number; readonly column?: string };
  /** The help line in English (what the quick fixes read) and in Chinese (what the Chinese view shows). */
  readonly help?: string;
  readonly helpZh?: string;
}

// The symbols and built-in descriptions are the editor services' own shapes (src/editor/types.ts),
// shared with the language server `kpl lsp`.
import type { BuiltinInfo, MonarchSpec, Symbols } from '../../src/index.ts';
export type { BuiltinInfo, ColumnSym, IndicatorSym, MonarchSpec, NamedSym, Symbols, TableSym } from '../../src/index.ts';

export interface Ready {
  readonly kind: 'ready';
  readonly compilerVersion: string;
  readonly monarch: MonarchSpec;
  readonly keywords: Record<string, string[]>;
  readonly builtins: BuiltinInfo[];
  readonly formatAvailable: boolean;
}

export interface AnalyzeRequest {
  readonly kind: 'analyze';
  readonly version: number;
  readonly source: string;
  /** The policy's `.kpltest` tables: run with the analysis, as `kpl test --coverage` runs them. */
  readonly tests?: string;
  readonly lang?: 'zh' | 'en';
}

/** `kpl test` in the worker: each case, the failing rows (1-based lines of the test text) and the decision coverage of the policy. */
export interface TestsResult {
  readonly cases: { readonly name: string; readonly line: number; readonly passed: boolean; readonly rows: number }[];
  readonly failures: { readonly line: number; readonly col: number; readonly message: string }[];
  readonly rows: number;
  readonly passed: boolean;
  readonly coverage?: { readonly percent: number; readonly covered: number; readonly total: number; readonly coveredLines: number[]; readonly missedLines: number[] };
}
export interface Analysis {
  readonly kind: 'analysis';
  readonly version: number;
  readonly diagnostics: Diag[];
  readonly symbols: Symbols;
  readonly compiled: boolean;
  readonly ms: number;
  readonly tests?: TestsResult;
}

export interface FormatRequest {
  readonly kind: 'format';
  readonly version: number;
  readonly source: string;
}
export interface Formatted {
  readonly kind: 'formatted';
  readonly version: number;
  /** Absent when no formatter is available or the text could not be formatted. */
  readonly text?: string;
  readonly reason?: string;
}

/** A data file as the loader reads it: bytes, so encoding errors match the CLI's. */
export interface DataFileMsg {
  readonly table: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

export interface RunRequest {
  readonly kind: 'run';
  /** Send every part again (the page lost what an id referred to). */
  readonly full?: boolean;
  readonly version: number;
  readonly source: string;
  readonly dataVersion: number;
  /** Sent when the worker does not hold this data version yet. */
  readonly files?: DataFileMsg[];
  readonly baseline?: string;
  readonly withIndicators: boolean;
}

export interface QuotaInfo {
  readonly grade: string;
  readonly kind: 'at_most' | 'at_least';
  readonly share: string;
  readonly to: string;
  readonly start?: number;
  readonly end?: number;
}

export interface PersonSummary {
  readonly key: string;
  readonly line: number;
  readonly status: 'ok' | 'error' | 'not_assessed';
  readonly cells: (string | null)[];
  readonly name?: string;
  readonly total: string | null;
  readonly grade: string | null;
  readonly gradeBefore: string | null;
  readonly reward: string | null;
  /** Values of `Summary.groupColumns`, in that order. */
  readonly groups: string[];
  /** Indicator scores in `Summary.indicators` order, when asked for. */
  readonly scores?: (string | null)[];
  /** What each top-level indicator adds to the weighted score (score × effective weight), in `Summary.top` order. */
  readonly points?: (string | null)[];
  readonly error?: { readonly en: string; readonly zh: string };
  /** Why the person has no result: their data row could not be read (`data`: not assessed) or the policy failed on it (`eval`). */
  readonly errorKind?: 'data' | 'eval';
  /** Why the person is not assessed (status `not_assessed`: the reason of the `exempt` rule that holds). */
  readonly exempt?: string;
}

export interface TableInfo {
  readonly name: string;
  readonly role: 'population' | 'related' | 'lookup';
  readonly file?: string;
  readonly rows: number;
  readonly errorRows: number;
  readonly columns: { name: string; type: string; optional: boolean }[];
}

export interface Summary {
  readonly policyName: string;
  readonly policyVersion?: string;
  readonly columns: string[];
  /** Which output columns hold numbers (for sorting and alignment). */
  readonly numeric: boolean[];
  readonly people: PersonSummary[];
  readonly grades: { grade: string; title?: string; band: string; start?: number; end?: number }[];
  readonly quotas: QuotaInfo[];
  /** Source text of `distribute per …`, when the quotas apply per group. */
  readonly quotaPer?: string;
  readonly groupColumns: string[];
  readonly defaultGroup?: string;
  readonly hasReward: boolean;
  readonly pools: { group: string; pool: string; allocated: string; unallocated: string }[];
  readonly indicators?: { id: string; title?: string; depth: number }[];
  /** The top-level indicators, whose points every person carries. */
  readonly top: { id: string; title?: string }[];
  /** Data and evaluation diagnostics. */
  readonly diagnostics: Diag[];
  readonly tables: TableInfo[];
  /** The data set as a whole is unusable (file-level errors): no results were computed. */
  readonly dataUnusable: boolean;
}

export interface RunTiming {
  readonly compileMs: number;
  readonly loadMs: number;
  readonly evalMs: number;
  readonly baselineMs: number;
  readonly totalMs: number;
  readonly dataCached: boolean;
  /** The rows were those of the previous run (the plan's content, the data and the options were the same). */
  readonly resultsCached?: boolean;
  /** Which engine made the preview: the fast one, or the interpreter (the plan needs it). */
  readonly engine?: 'fast' | 'exact';
}

export interface RunResult {
  readonly kind: 'result';
  readonly version: number;
  readonly dataVersion: number;
  /** Policy diagnostics (errors stop the run: no summary). */
  readonly diagnostics: Diag[];
  readonly summary?: Summary;
  readonly baseline?: Summary;
  readonly baselineError?: string;
  readonly timing: RunTiming;
  /**
   * What crosses to the page only once (`SentParts`): the people and pools of `summary` are sent
   * with an id, and a later result with the same ones carries `peopleRef` instead (its `people`
   * and `pools` are empty); the baseline's summary likewise (`baseline` absent, `baselineRef`).
   */
  readonly peopleId?: number;
  readonly peopleRef?: number;
  readonly baselineId?: number;
  readonly baselineRef?: number;
}

export interface ExplainRequest {
  readonly kind: 'explain';
  readonly version: number;
  readonly key: string;
  /** Also the CLI's `kpl explain` report, in this language (it re-runs the evaluation: asked for on demand). */
  readonly report?: 'zh' | 'en';
}

export interface SrcRange {
  readonly start: number;
  readonly end: number;
}

export interface ExplainNode {
  readonly id: string;
  readonly title?: string;
  readonly depth: number;
  readonly score: string | null;
  readonly weight: string;
  readonly effWeight: string;
  /** score × effective weight: what it adds to its parent's score. */
  readonly contribution: string | null;
  /** What it adds to the weighted score (contribution × the ancestors' effective weights). */
  readonly points: string | null;
  readonly note?: string;
  readonly rule?: string;
  readonly at?: SrcRange;
}

export interface Explanation {
  readonly kind: 'explanation';
  readonly version: number;
  readonly key: string;
  readonly found: boolean;
  readonly name?: string;
  readonly status?: 'ok' | 'error' | 'not_assessed';
  readonly error?: { en: string; zh: string };
  readonly inputs: { name: string; value: string; description?: string }[];
  readonly related: { table: string; rows: number }[];
  readonly indicators: ExplainNode[];
  readonly weighted?: string;
  readonly adjustments: { name: string; value: string | null; text?: string; at?: SrcRange }[];
  readonly lets: { name: string; value: string | null; text?: string; at?: SrcRange }[];
  readonly totalBeforeVeto?: string;
  readonly total?: string;
  readonly totalText?: string;
  readonly totalAt?: SrcRange;
  readonly veto?: { text: string; at?: SrcRange };
  readonly band?: { grade: string; text: string; at?: SrcRange };
  readonly gradeBefore?: string;
  readonly distribution: { group: string; rule: string; headcount: number; quota: number; rank: number; candidates: number; movedTo?: string; at?: SrcRange }[];
  readonly grade?: string;
  readonly reward?: string;
  readonly rewardText?: string;
  readonly rewardAt?: SrcRange;
  readonly allocation?: { group: string; pool: string; weight: string; totalWeight: string; share: string };
  /** The CLI's own `kpl explain` report (explainPerson), word for word, when asked for. */
  readonly text?: string;
  readonly textLang?: 'zh' | 'en';
}

export interface CsvRequest {
  readonly kind: 'csv';
  readonly version: number;
  /** `xlsx`: the results workbook instead of the CSV text. */
  readonly format?: 'csv' | 'xlsx';
}
export interface CsvReply {
  readonly kind: 'csv';
  readonly version: number;
  readonly text?: string;
  readonly bytes?: Uint8Array;
}

export interface WorkerFailure {
  readonly kind: 'failure';
  readonly version: number;
  readonly message: string;
}

/**
 * The editor services that parse the text (Find References, Rename, quick fixes) run in the
 * language worker, off the page's main thread; `id` pairs an answer with its question.
 */
export type ServiceRequest =
  | { readonly kind: 'references'; readonly version: number; readonly id: number; readonly source: string; readonly target: { readonly name: string; readonly table?: string } }
  | { readonly kind: 'fixes'; readonly version: number; readonly id: number; readonly source: string; readonly diagnostics: { code: string; start: number; end: number; help?: string }[]; readonly lang: 'zh' | 'en' };
export type ServiceReply =
  | { readonly kind: 'references'; readonly version: number; readonly id: number; readonly ranges: { start: number; end: number }[] }
  | { readonly kind: 'fixes'; readonly version: number; readonly id: number; readonly fixes: Fix[][] };
import type { Fix } from '../../src/index.ts';

export type Request = AnalyzeRequest | FormatRequest | RunRequest | ExplainRequest | CsvRequest | ServiceRequest;
export type Reply = Ready | Analysis | Formatted | RunResult | Explanation | CsvReply | WorkerFailure | ServiceReply;

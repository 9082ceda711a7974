/**
 * KPL's public API. The playground uses only what is exported here, and the CLI only this plus
 * src/node.ts (file reading), so both give identical results; test/unit/layering.test.ts checks it.
 * Pipeline: parse → (imports) → check → plan → loadTables → evaluate (or evaluateFast).
 */
// Front end: source text → syntax tree → (imports resolved) → checked plan.
export { parse, type ParseResult } from './syntax/parse.ts';
export { lex } from './syntax/lexer.ts';
export { KEYWORDS, allTokens } from './syntax/tokens.ts';
// The built-in functions (names in both languages, parameters) and `kpl fmt`'s formatter.
export { ALL_BUILTINS, BUILTINS, SPECIAL_FORMS, ROUNDING_MODES, type Builtin, type BuiltinRecord } from './builtins/registry.ts';
export { completions as builtinCompletions, hover as builtinHover, type Completion as BuiltinCompletion, type HoverParts as BuiltinHover } from './builtins/describe.ts';
export { formatPolicy, type FormatResult, type FormatOptions } from './format/format-policy.ts';
// Editor services shared by the playground and `kpl lsp`: symbols, completion, hover, definition,
// references, formatting and highlighting (offsets and Markdown, no editor's types; src/editor/).
export { symbolsOf, mergeSymbols } from './editor/symbols.ts';
export { completionItems, hoverText, literalHover, definitionOf, signatureHelp, type SignatureHelp, wordAt, tableOf, code as mdCode, mdText, pctText, roleText, REFS, SNIPPETS, type CompletionEntry, type CompletionKind, type CompletionContext } from './editor/services.ts';
export { TOKEN_CLASS, IDENTIFIER_RULE, monarchSpec, textmateGrammar, textmateGrammarText, tokenClass, identifierPattern } from './editor/highlight.ts';
export { builtinInfo } from './editor/builtin-info.ts';
export { formatSource } from './editor/format.ts';
export { nameTokens, importPaths, referencesIn, targetOf, type NameToken, type RefTarget } from './editor/references.ts';
export { quickFixes, type Fix } from './editor/quick-fixes.ts';
export type { Symbols, TableSym, ColumnSym, IndicatorSym, NamedSym, BuiltinInfo, MonarchSpec, EditorLang } from './editor/types.ts';
// parse + imports + check in one call; or the steps: loadPolicy (imports), checkPolicy (→ plan).
export { compile, type CompileResult } from './compile.ts';
export { loadPolicy, type SourceHost } from './modules/load-policy.ts';
export { checkPolicy, COMPILER_VERSION } from './checker/check-policy.ts';
// The plan: the compiled policy (JSON), its schema and the input schema of its data files.
export { Plan, PLAN_VERSION, type Expr as PlanExpr, type Indicator as PlanIndicator } from './plan/schema.ts';
export { readPlan } from './plan/read-plan.ts';
export { planHashMatches } from './checker/plan-hash.ts';
export { verifyPlan } from './checker/verify-plan.ts';
export { planJsonSchema } from './plan/json-schema.ts';
export { inputJsonSchema, tableJsonSchema } from './plan/input-schema.ts';
// Data: CSV files → tables; results → CSV (with protection against spreadsheet formulas).
export { loadTables, type DataFile } from './data/load-tables.ts';
// The same from text, parsed rows or a stream of chunks instead of a file's bytes.
export { tableData, tableDataFrom, type TableInput, type TableSource } from './data/sources.ts';
export { formatOf } from './data/header.ts';
export { decodeText, encodingLabel, ENCODINGS } from './data/decode.ts';
export type { LoadedData, Table, Row } from './data/table.ts';
export { writeCsv } from './data/write-csv.ts';
export { writeXlsx, resultsXlsx, type SheetSpec, type ResultRow } from './data/write-xlsx.ts';
// The interpreter: the executable specification of KPL's semantics.
export { evaluate, type EvaluationResult, type PersonResult, type Cell } from './evaluator/evaluate.ts';
export type { PoolReport } from './semantics/pool-report.ts';
// The fast engine: same results as `evaluate` (it falls back to it by itself when it must).
export { evaluateFast, fastSupport, columnsOf, runFast, type FastEvaluation, type FastPerson, type FastResult, type FastStats } from './fast/index.ts';
// Its lower level, for running it on columns read straight from CSV bytes (`kpl eval --engine fast`):
// `Unsupported` (a plan feature it lacks) and `NeedsExactRun` (only the interpreter can be sure) hand over to `evaluate`.
export { cellAt, NeedsExactRun, Unsupported } from './fast/engine.ts';
export { planInfo, type PlanInfo } from './fast/plan-info.ts';
export { ByteWriter, csvHeader, csvRowsInto } from './fast/csv-out.ts';
// Columnar data: tables as typed columns; the CSV reader into them (`Irregular`: a file it must leave to loadTables).
export { indexTables, usedColumns, type FastData, type FastTable } from './columnar/columns.ts';
export { CsvColumnReader, Irregular } from './columnar/csv-columns.ts';
// `kpl explain`: why a person got their result, as a document rendered to text, Markdown or HTML.
export { explainPerson, explainDoc, type ExplainOptions } from './explain/index.ts';
export { renderDoc, type Doc, type ReportFormat } from './explain/doc.ts';
// What the interpreter reports of its decisions while it evaluates (explanations, coverage).
export type { EvalRecorder } from './evaluator/recorder.ts';
// `kpl lint`: warnings and the value range of every indicator and of the total.
export { lintPlan, type LintOptions, type RangeReport } from './lint/lint.ts';
export { rangesJson, rangesText } from './lint/render-ranges.ts';
// `kpl test`: .kpltest tables run against a policy, with decision coverage and its reports.
export { parseTests } from './testing/parse-tests.ts';
export { runTests, type FileResult } from './testing/run-tests.ts';
export { CoverageModel, CoverageRecorder, coverageReport, percentText, type CoverageReport } from './testing/coverage.ts';
export { coverageLines, emptyCounts, fileReport, problemText, summary as testSummary } from './testing/report.ts';
// `kpl diff`: what changed between two policy versions and, on data, for whom (see compareOutcomes below).
export { buildReport } from './diff/report.ts';
export { renderText as diffText } from './diff/render-text.ts';
export { renderMarkdown as diffMarkdown } from './diff/render-markdown.ts';
export { renderJson as diffJson } from './diff/render-json.ts';
// Diagnostics: codes, messages (en/zh), rendering with source excerpts; a terminal table.
export { diag, localize, localizeHelp, localizeNote, severityWord, hasErrors, sortDiagnostics, type Diagnostic, type Locale, type Severity } from './diagnostics/diagnostic.ts';
export { phrase, renderPhrase, PHRASES, type Phrase, type PhraseKey } from './diagnostics/phrases.ts';
export { CATALOG, type Code } from './diagnostics/codes.ts';
// "Did you mean": the closest name by edit distance, when it is close enough to be a typo.
export { suggest } from './diagnostics/suggest.ts';
export { LIMITS } from './diagnostics/limits.ts';
export { renderDiagnostic, diagnosticToJson, locate } from './diagnostics/render.ts';
export { textTable } from './diagnostics/text-table.ts';
// Source files and positions in them.
export { positionAt, type Span, type SourceFile } from './source/span.ts';
// Exact decimal numbers (decimal.js, 40 significant digits), as every value of KPL.
export { Decimal } from './numeric/decimal.ts';
// `kpl diff`'s impact of a policy change on people; also the playground's change preview.
export { compareOutcomes, type Impact, type PersonChange, type Outcome as ImpactOutcome, type Entry as ImpactEntry, type Side as ImpactSide } from './diff/impact.ts';

/**
 * KPL's public API. The CLI and the playground use only what is exported here, so both give
 * identical results. Pipeline: parse → (imports) → check → plan → loadTables → evaluate.
 */
export { parse, type ParseResult } from './syntax/parse.ts';
export { lex } from './syntax/lexer.ts';
export { KEYWORDS, allTokens } from './syntax/tokens.ts';
export { BUILTINS, SPECIAL_FORMS, ROUNDING_MODES, type Builtin } from './builtins/registry.ts';
export { formatPolicy, type FormatResult, type FormatOptions } from './format/format-policy.ts';
export { compile, type CompileResult } from './compile.ts';
export { loadPolicy, type SourceHost } from './modules/load-policy.ts';
export { checkPolicy, COMPILER_VERSION } from './checker/check-policy.ts';
export { Plan, PLAN_VERSION, type Expr as PlanExpr, type Indicator as PlanIndicator } from './plan/schema.ts';
export { readPlan } from './plan/read-plan.ts';
export { planJsonSchema } from './plan/json-schema.ts';
export { inputJsonSchema, tableJsonSchema } from './plan/input-schema.ts';
export { loadTables, type DataFile } from './data/load-tables.ts';
export type { LoadedData, Table, Row } from './data/table.ts';
export { writeCsv } from './data/write-csv.ts';
export { evaluate, type EvaluationResult, type PersonResult, type Cell } from './evaluator/evaluate.ts';
// The fast engine: same results as `evaluate` (it falls back to it by itself when it must).
export { evaluateFast, fastSupport, columnsOf, runFast, type FastEvaluation, type FastPerson, type FastResult, type FastStats } from './fast/index.ts';
export { explainPerson, explainDoc, type ExplainOptions } from './explain/index.ts';
export { renderDoc, type Doc, type ReportFormat } from './explain/doc.ts';
export type { EvalRecorder } from './evaluator/recorder.ts';
export { diag, localize, hasErrors, sortDiagnostics, type Diagnostic, type Locale, type Severity } from './diagnostics/diagnostic.ts';
export { CATALOG, type Code } from './diagnostics/codes.ts';
export { renderDiagnostic, diagnosticToJson, locate } from './diagnostics/render.ts';
export { positionAt, type Span, type SourceFile } from './source/span.ts';
export { Decimal } from './numeric/decimal.ts';
// `kpl diff`'s impact of a policy change on people; also the playground's change preview.
export { compareOutcomes, type Impact, type PersonChange, type Outcome as ImpactOutcome, type Entry as ImpactEntry, type Side as ImpactSide } from './diff/impact.ts';

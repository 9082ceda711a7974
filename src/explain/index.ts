/**
 * `kpl explain`: the appeal-ready report of one person's result, as text or Markdown, in English
 * or Chinese. See build.ts for what it contains and docs/explain.md for the user documentation.
 */
import type { Evaluation } from '../evaluator/evaluation.ts';
import type { Person } from '../evaluator/person.ts';
import type { Plan } from '../plan/schema.ts';
import type { LoadedData } from '../data/table.ts';
import { buildExplanation } from './build.ts';
import { renderDoc, type Doc, type ReportFormat } from './doc.ts';
import { traceEvaluation } from './trace.ts';
import type { Lang } from './i18n.ts';

export type { Doc, ReportFormat } from './doc.ts';
export type { Lang } from './i18n.ts';

export interface ExplainOptions {
  /** Language of the report; default `en`. */
  readonly lang?: Lang;
  /** `text` (default) or `markdown`. */
  readonly format?: ReportFormat;
}

/** The report as a document model, for one person of a plan's evaluation over `data`. */
export function explainDoc(plan: Plan, data: LoadedData, key: string, lang: Lang = 'en'): Doc | undefined {
  const { ev, trace } = traceEvaluation(plan, data, key);
  const p = ev.byKey.get(key);
  return p ? buildExplanation(ev, p, trace, lang) : undefined;
}

/**
 * The explanation of one person of an evaluation. The evaluation is re-run with a recorder to
 * learn every decision taken for the person (the results are identical: evaluation is
 * deterministic).
 */
export function explainPerson(ev: Evaluation, p: Person, options: ExplainOptions = {}): string {
  const doc = explainDoc(ev.plan, ev.data, p.key, options.lang ?? 'en');
  return doc ? renderDoc(doc, options.format ?? 'text') : '';
}

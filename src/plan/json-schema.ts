/**
 * The JSON Schema of a plan, generated from the zod schema in `schema.ts` (draft 2020-12).
 * `grammar/plan.schema.json` is this object pretty-printed (written by `npm run grammar`, kept in
 * sync by a test), and `readPlan` validates plan files against it with ajv.
 *
 * The named parts of the plan go to `$defs` under their own names (`#/$defs/Expr`), so the
 * recursive ones (expressions, indicators) are `$ref`s and the shared ones are written once.
 */
import { z } from 'zod';
import * as S from './schema.ts';

export const PLAN_SCHEMA_COMMENT = 'GENERATED from src/plan/schema.ts by `npm run grammar` — do not edit';

/** Plan parts that become named `$defs`. */
const NAMED: Record<string, z.ZodType> = {
  SourceRef: S.SourceRef,
  Bound: S.Bound,
  Column: S.Column,
  InputTable: S.InputTable,
  Expr: S.Expr,
  Weight: S.Weight,
  Indicator: S.Indicator,
  Named: S.Named,
  Band: S.Band,
  Veto: S.Veto,
  QuotaRule: S.QuotaRule,
  Distribution: S.Distribution,
  OutputColumn: S.OutputColumn,
};

export type JsonSchema = Record<string, unknown>;

/** The plan's JSON Schema (draft 2020-12); a fresh object on every call. */
export function planJsonSchema(): JsonSchema {
  const names = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(NAMED)) names.add(schema, { id });
  const generated = z.toJSONSchema(S.Plan, { target: 'draft-2020-12', metadata: names, cycles: 'ref', unrepresentable: 'throw' }) as JsonSchema;
  const { $schema, ...rest } = generated;
  return { $schema, $comment: PLAN_SCHEMA_COMMENT, title: 'KPL evaluation plan', ...rest };
}

/** The text of `grammar/plan.schema.json`: 2-space indentation and a final newline. */
export function planJsonSchemaText(): string {
  return JSON.stringify(planJsonSchema(), null, 2) + '\n';
}

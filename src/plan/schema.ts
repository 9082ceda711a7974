/**
 * The checked evaluation plan: the compiler's only output and the evaluator's only input.
 * Defined once here with zod; `grammar/plan.schema.json` is generated from it (kept in sync by a
 * test) and every plan read from disk is validated with ajv against that JSON Schema.
 *
 * Numbers are decimal strings ("0.3", "-12.5") so that a plan is exact and byte-stable.
 */
import { z } from 'zod';
import { PLAN_VERSION } from './version.ts';

export { PLAN_VERSION };

/** Where an element came from in the policy source (1-based line/column, end exclusive). */
export const SourceRef = z
  .object({ file: z.string(), line: z.number().int(), col: z.number().int(), endLine: z.number().int(), endCol: z.number().int(), start: z.number().int(), end: z.number().int() })
  .strict();
export type SourceRef = z.infer<typeof SourceRef>;

const Dec = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal number');

// ── input schema ─────────────────────────────────────────────────────────
export const ColumnType = z.enum(['number', 'integer', 'percent', 'money', 'bool', 'category', 'text', 'date']);
export type ColumnType = z.infer<typeof ColumnType>;

export const Bound = z.object({ value: Dec, inclusive: z.boolean() }).strict();
export type Bound = z.infer<typeof Bound>;

export const Column = z
  .object({
    name: z.string(),
    /** The data file's header the column is read from (`sales: money from "季度销售额（元）"`); `name` when absent. */
    header: z.string().optional(),
    type: ColumnType,
    /** Allowed values of a category column, in declaration order. */
    values: z.array(z.string()).optional(),
    min: Bound.optional(),
    max: Bound.optional(),
    /** An optional column may be empty; empty means "missing" (not applicable), never 0. */
    optional: z.boolean(),
    /** For a column that refers to a lookup table's key (`team: text -> teams`). */
    references: z.string().optional(),
    description: z.string().optional(),
    at: SourceRef.optional(),
  })
  .strict();
export type Column = z.infer<typeof Column>;

export const InputTable = z
  .object({
    name: z.string(),
    /**
     * population: one row per person assessed (exactly one such table);
     * related: many rows per person, joined by `by` to the population key (ratings, monthly records);
     * lookup: one row per key, read through `table[key]` (team pools).
     */
    role: z.enum(['population', 'related', 'lookup']),
    key: z.string().optional(),
    by: z.string().optional(),
    columns: z.array(Column),
    at: SourceRef.optional(),
  })
  .strict();
export type InputTable = z.infer<typeof InputTable>;

// ── expressions ──────────────────────────────────────────────────────────
export const Unit = z.enum(['number', 'percent', 'money', 'count']);
export type Unit = z.infer<typeof Unit>;

export type Expr =
  | { k: 'num'; v: string; at?: SourceRef }
  /** The literal `missing` (不适用): a value that is not there, propagated like an empty optional cell. */
  | { k: 'missing'; at?: SourceRef }
  | { k: 'bool'; v: boolean; at?: SourceRef }
  | { k: 'str'; v: string; at?: SourceRef }
  | { k: 'col'; col: string; at?: SourceRef }
  | { k: 'rowcol'; col: string; at?: SourceRef }
  | { k: 'lookup'; table: string; key: Expr; col: string; at?: SourceRef }
  | { k: 'ref'; ref: 'let' | 'indicator' | 'adjust' | 'weighted' | 'adjustments' | 'total' | 'grade' | 'grade_before' | 'reward' | 'quota_rank' | 'status' | 'reason'; name: string; at?: SourceRef }
  | { k: 'un'; op: 'neg' | 'not'; e: Expr; at?: SourceRef }
  | { k: 'bin'; op: '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '=' | '!=' | 'and' | 'or'; l: Expr; r: Expr; at?: SourceRef }
  | { k: 'if'; c: Expr; t: Expr; e: Expr; at?: SourceRef }
  | { k: 'call'; fn: string; args: Expr[]; at?: SourceRef }
  | { k: 'interp'; x: Expr; points: [string, string][]; below: Expr; above?: Expr; at?: SourceRef }
  | { k: 'steps'; x: Expr; rows: { op: '>=' | '>' | '<=' | '<' | '='; bound: string; value: Expr }[]; otherwise?: Expr; at?: SourceRef }
  | { k: 'map'; key: Expr; entries: { key: string; value: Expr }[]; otherwise?: Expr; at?: SourceRef }
  | { k: 'agg'; fn: 'count' | 'sum' | 'mean' | 'min' | 'max'; table: string; value?: Expr; where?: Expr; at?: SourceRef }
  | {
      k: 'grouped';
      table: string;
      value: Expr;
      group: Expr;
      weights: { key: string; weight: string }[];
      /** Drop this many highest and lowest values of a group when it has at least `trimFrom` values. */
      trim?: { n: number; from: number };
      /** A group with fewer values than this drops out (its weight is re-normalised away). */
      minCount: number;
      at?: SourceRef;
    }
  | { k: 'rank'; value: Expr; desc: boolean; within?: Expr; at?: SourceRef }
  | { k: 'allocate'; pool: Expr; by: Expr; per: Expr; decimals: number; at?: SourceRef }
  /**
   * A table with bounds computed from the person's values (README 3.6): `bounds` must be strictly
   * increasing (`up`) or decreasing (`down`) for the person — else the person's error KPL4007 —
   * and then `e` (the table, lowered) is the value. A missing bound makes the value missing.
   */
  | { k: 'ordered'; bounds: Expr[]; dir: 'up' | 'down'; e: Expr; at?: SourceRef };

export const Expr: z.ZodType<Expr> = z.lazy(() =>
  z.discriminatedUnion('k', [
    z.object({ k: z.literal('num'), v: Dec, at: SourceRef.optional() }).strict(),
    z.object({ k: z.literal('bool'), v: z.boolean(), at: SourceRef.optional() }).strict(),
    z.object({ k: z.literal('str'), v: z.string(), at: SourceRef.optional() }).strict(),
    z.object({ k: z.literal('col'), col: z.string(), at: SourceRef.optional() }).strict(),
    z.object({ k: z.literal('rowcol'), col: z.string(), at: SourceRef.optional() }).strict(),
    z.object({ k: z.literal('lookup'), table: z.string(), key: Expr, col: z.string(), at: SourceRef.optional() }).strict(),
    z
      .object({
        k: z.literal('ref'),
        ref: z.enum(['let', 'indicator', 'adjust', 'weighted', 'adjustments', 'total', 'grade', 'grade_before', 'reward', 'quota_rank', 'status', 'reason']),
        name: z.string(),
        at: SourceRef.optional(),
      })
      .strict(),
    z.object({ k: z.literal('un'), op: z.enum(['neg', 'not']), e: Expr, at: SourceRef.optional() }).strict(),
    z
      .object({
        k: z.literal('bin'),
        op: z.enum(['+', '-', '*', '/', '<', '<=', '>', '>=', '=', '!=', 'and', 'or']),
        l: Expr,
        r: Expr,
        at: SourceRef.optional(),
      })
      .strict(),
    z.object({ k: z.literal('if'), c: Expr, t: Expr, e: Expr, at: SourceRef.optional() }).strict(),
    z.object({ k: z.literal('call'), fn: z.string(), args: z.array(Expr), at: SourceRef.optional() }).strict(),
    z
      .object({ k: z.literal('interp'), x: Expr, points: z.array(z.tuple([Dec, Dec])), below: Expr, above: Expr.optional(), at: SourceRef.optional() })
      .strict(),
    z
      .object({
        k: z.literal('steps'),
        x: Expr,
        rows: z.array(z.object({ op: z.enum(['>=', '>', '<=', '<', '=']), bound: Dec, value: Expr }).strict()),
        otherwise: Expr.optional(),
        at: SourceRef.optional(),
      })
      .strict(),
    z
      .object({
        k: z.literal('map'),
        key: Expr,
        entries: z.array(z.object({ key: z.string(), value: Expr }).strict()),
        otherwise: Expr.optional(),
        at: SourceRef.optional(),
      })
      .strict(),
    z
      .object({
        k: z.literal('agg'),
        fn: z.enum(['count', 'sum', 'mean', 'min', 'max']),
        table: z.string(),
        value: Expr.optional(),
        where: Expr.optional(),
        at: SourceRef.optional(),
      })
      .strict(),
    z
      .object({
        k: z.literal('grouped'),
        table: z.string(),
        value: Expr,
        group: Expr,
        weights: z.array(z.object({ key: z.string(), weight: Dec }).strict()),
        trim: z.object({ n: z.number().int(), from: z.number().int() }).strict().optional(),
        minCount: z.number().int(),
        at: SourceRef.optional(),
      })
      .strict(),
    z.object({ k: z.literal('rank'), value: Expr, desc: z.boolean(), within: Expr.optional(), at: SourceRef.optional() }).strict(),
    z
      .object({ k: z.literal('allocate'), pool: Expr, by: Expr, per: Expr, decimals: z.number().int(), at: SourceRef.optional() })
      .strict(),
    z
      .object({ k: z.literal('ordered'), bounds: z.array(Expr), dir: z.enum(['up', 'down']), e: Expr, at: SourceRef.optional() })
      .strict(),
    z.object({ k: z.literal('missing'), at: SourceRef.optional() }).strict(),
  ]),
);

// ── policy elements ──────────────────────────────────────────────────────
export const Missing = z.enum(['drop', 'zero', 'error']);
export type Missing = z.infer<typeof Missing>;

/** A weight: a constant, or one per value of a category column (variants by role or unit). */
export const Weight = z.union([
  z.object({ k: z.literal('fixed'), value: Dec }).strict(),
  z.object({ k: z.literal('by'), col: z.string(), values: z.array(z.object({ key: z.string(), value: Dec }).strict()) }).strict(),
]);
export type Weight = z.infer<typeof Weight>;

export interface Indicator {
  id: string;
  title?: string;
  description?: string;
  unit?: string;
  weight: Weight;
  /** Product of the fixed weights on the path (as a decimal); absent when a variant weight is on the path. */
  effectiveWeight?: string;
  missing: Missing;
  rule?: Expr;
  /** Source text of the rule, for explanations in the author's words. */
  ruleText?: string;
  children: Indicator[];
  at?: SourceRef;
}
export const Indicator: z.ZodType<Indicator> = z.lazy(() =>
  z
    .object({
      id: z.string(),
      title: z.string().optional(),
      description: z.string().optional(),
      unit: z.string().optional(),
      weight: Weight,
      effectiveWeight: Dec.optional(),
      missing: Missing,
      rule: Expr.optional(),
      ruleText: z.string().optional(),
      children: z.array(Indicator),
      at: SourceRef.optional(),
    })
    .strict(),
);

export const Named = z.object({ name: z.string(), expr: Expr, text: z.string().optional(), at: SourceRef.optional(), decimals: z.number().int().optional() }).strict();
export type Named = z.infer<typeof Named>;

export const Band = z
  .object({
    grade: z.string(),
    title: z.string().optional(),
    /** Interval of totals; absent bounds are unbounded. `otherwise` bands have neither and match what is left. */
    low: Bound.optional(),
    high: Bound.optional(),
    otherwise: z.boolean(),
    at: SourceRef.optional(),
  })
  .strict();
export type Band = z.infer<typeof Band>;

export const Veto = z
  .object({
    when: Expr,
    text: z.string().optional(),
    effect: z.discriminatedUnion('k', [
      z.object({ k: z.literal('grade'), grade: z.string() }).strict(),
      z.object({ k: z.literal('cap'), grade: z.string() }).strict(),
      z.object({ k: z.literal('total'), value: Expr }).strict(),
    ]),
    at: SourceRef.optional(),
  })
  .strict();
export type Veto = z.infer<typeof Veto>;

/**
 * `exempt "reason" when CONDITION` (README 3.9 `exempt`): tried in the order written before anything
 * else of the person is evaluated; the first that holds makes the person not assessed, with
 * `reason` as the stated reason.
 */
export const Exemption = z.object({ when: Expr, reason: z.string(), at: SourceRef.optional() }).strict();
export type Exemption = z.infer<typeof Exemption>;

export const QuotaRule = z
  .object({
    grade: z.string(),
    /** top / bottom: the best- / lowest-ranked share of the group gets `grade`, whatever their grade (`to` = `grade`). */
    kind: z.enum(['at_most', 'at_least', 'top', 'bottom']),
    share: Dec,
    rounding: z.enum(['floor', 'ceil', 'round']),
    min: z.number().int().optional(),
    max: z.number().int().optional(),
    /** Grade that people past an at-most quota move to (at-least: the grade people are taken from). */
    to: z.string(),
    at: SourceRef.optional(),
  })
  .strict();
export type QuotaRule = z.infer<typeof QuotaRule>;

export const Distribution = z
  .object({
    per: Expr.optional(),
    /** `among COND`: only people for whom COND is true are counted, ranked and moved (README 3.11). */
    among: z.object({ expr: Expr, text: z.string() }).strict().optional(),
    /** `only groups of at least N`: a group with fewer people counted is not distributed. */
    minGroupSize: z.number().int().positive().optional(),
    rules: z.array(QuotaRule),
    tieBreak: z.array(z.object({ expr: Expr, desc: z.boolean(), text: z.string() }).strict()),
    at: SourceRef.optional(),
  })
  .strict();
export type Distribution = z.infer<typeof Distribution>;

/** A person's status in the results: ok; error (could not be evaluated); not_assessed (an `exempt` rule holds, README 3.9 `exempt`). */
export type PersonStatus = 'ok' | 'error' | 'not_assessed';

export const OutputColumn = z
  .object({
    name: z.string(),
    expr: Expr,
    decimals: z.number().int().optional(),
    /** The unit of a number column (absent for a plain number or another type): how a workbook shows it (`percent` as 12.5%). */
    unit: z.enum(['percent', 'money', 'count']).optional(),
  })
  .strict();
export type OutputColumn = z.infer<typeof OutputColumn>;

export const Plan = z
  .object({
    planVersion: z.literal(PLAN_VERSION),
    compiler: z.string(),
    policy: z.object({ name: z.string(), version: z.string().optional(), period: z.string().optional() }).strict(),
    /** sha256 of the normalised plan content (this field excluded). */
    hash: z.string(),
    inputs: z.array(InputTable),
    lets: z.array(Named),
    indicators: z.array(Indicator),
    adjustments: z.array(Named),
    total: Named.optional(),
    vetoes: z.array(Veto),
    /** Who is not assessed, and why (absent when the policy declares no exemption). */
    exemptions: z.array(Exemption).optional(),
    grades: z.array(Band),
    distribution: Distribution.optional(),
    reward: Named.optional(),
    outputs: z.array(OutputColumn),
    sources: z.array(z.object({ name: z.string(), text: z.string() }).strict()),
  })
  .strict();
export type Plan = z.infer<typeof Plan>;

/**
 * The differences between the SQL dialects KPL compiles to, in one place: the compiler
 * (compile-sql.ts) writes the same statement shape for both and asks the dialect for the few
 * spellings that differ.
 *
 * Numbers: every number is a fixed-point decimal with WORK_SCALE (12) places — DuckDB
 * `DECIMAL(38,12)`, PostgreSQL `numeric` rounded to 12 places after each × and ÷ (half away from
 * zero, as the interpreter rounds). +, − and comparisons of such values are exact; × and ÷ are
 * rounded at the 12th place. Every decision (a comparison, a stated rounding, a band, a ranking)
 * is taken on the value rounded to DECISION_SCALE (10) places — as the interpreter takes its
 * decisions on its 40-digit value snapped to 32 digits (src/numeric/decimal.ts snap): a result
 * that is exact (67.295) is decided as itself, and the two places between 10 and 12 absorb the
 * rounding of × and ÷.
 */
export type DialectName = 'duckdb' | 'postgres';

export const WORK_SCALE = 12;
export const DECISION_SCALE = 10;

export interface Dialect {
  readonly name: DialectName;
  /** The name users know (diagnostics, comments). */
  readonly title: string;
  readonly numType: string;
  readonly textType: string;
  readonly boolType: string;
  readonly intType: string;
  readonly dateType: string;
  /** A decimal literal at the working scale. */
  num(v: string): string;
  /** A value brought to the working scale (rounded half away from zero). */
  fix(x: string): string;
  mul(a: string, b: string): string;
  /** a ÷ b at the working scale, rounded half away from zero; b is never 0 here. */
  div(a: string, b: string): string;
  /** Text comparison by code point. */
  text(x: string): string;
  /** `round(x, d)` half away from zero (x at the working scale, d ≥ 0). */
  roundHalfUp(x: string, d: number): string;
  roundHalfEven(x: string, d: number): string;
  /** Canonical key text of a number (src/data/key-text.ts: plain decimal, no trailing zeros). */
  numKey(x: string): string;
  /** A boolean as key text. */
  boolKey(x: string): string;
  /** Integer division of whole numbers, truncated (largest remainder). */
  intDiv(a: string, b: string): string;
  /** A big integer (exact) for largest-remainder arithmetic. */
  readonly bigInt: string;
  /** How a step of the CTE chain is declared: PostgreSQL would inline the chain into one expression tree growing with every step. */
  readonly cte: string;
}

const pow10 = (d: number): string => '1' + '0'.repeat(d);
/** 10^-d as a literal (d ≥ 0). */
const unit = (d: number): string => (d === 0 ? '1' : `0.${'0'.repeat(d - 1)}1`);

export const duckdb: Dialect = {
  name: 'duckdb',
  title: 'DuckDB',
  numType: `DECIMAL(38,${WORK_SCALE})`,
  textType: 'VARCHAR',
  boolType: 'BOOLEAN',
  intType: 'BIGINT',
  dateType: 'VARCHAR',
  num: (v) => `${v}::DECIMAL(38,${WORK_SCALE})`,
  fix: (x) => `CAST(${x} AS DECIMAL(38,${WORK_SCALE}))`,
  mul: (a, b) => `CAST((${a}) * (${b}) AS DECIMAL(38,${WORK_SCALE}))`,
  // DuckDB divides decimals in binary floating point; this is the exact quotient instead, in
  // 128-bit integers: a·10^12 ÷ b rounded half away from zero, back to DECIMAL(38,12).
  div: (a, b) => {
    const A = `CAST((${a}) * ${pow10(WORK_SCALE)} AS HUGEINT)`;
    const B = `CAST((${b}) * ${pow10(WORK_SCALE)} AS HUGEINT)`;
    return `CAST(sign(${A}) * sign(${B}) * ((abs(${A}) * ${pow10(WORK_SCALE + 1)} // abs(${B}) + 5) // 10) AS DECIMAL(38,0)) * 0.${'0'.repeat(WORK_SCALE - 1)}1`;
  },
  text: (x) => x,
  roundHalfUp: (x, d) => `round(${x}, ${d})`,
  roundHalfEven: (x, d) => `round_even(${x}, ${d})`,
  numKey: (x) => `CASE WHEN (${x}) = round(${x}) THEN CAST(CAST(${x} AS HUGEINT) AS VARCHAR) ELSE rtrim(CAST(${x} AS VARCHAR), '0') END`,
  boolKey: (x) => `CASE WHEN ${x} THEN 'true' ELSE 'false' END`,
  intDiv: (a, b) => `((${a}) // (${b}))`,
  bigInt: 'HUGEINT',
  cte: 'AS',
};

export const postgres: Dialect = {
  name: 'postgres',
  title: 'PostgreSQL',
  numType: 'numeric',
  textType: 'text',
  boolType: 'boolean',
  intType: 'bigint',
  dateType: 'text',
  num: (v) => `${v}::numeric`,
  fix: (x) => `round(${x}, ${WORK_SCALE})`,
  mul: (a, b) => `round((${a}) * (${b}), ${WORK_SCALE})`,
  // numeric ÷ numeric keeps at least the dividend's scale: carried at 40 places, then rounded.
  div: (a, b) => `round((${a})::numeric(1000,40) / (${b}), ${WORK_SCALE})`,
  text: (x) => `(${x}) COLLATE "C"`,
  roundHalfUp: (x, d) => `round(${x}, ${d})`,
  // PostgreSQL has no half-even rounding of numeric: a tie (…5 exactly at place d+1) goes to the even neighbour.
  roundHalfEven: (x, d) =>
    `CASE WHEN abs((${x}) * ${pow10(d)} - trunc((${x}) * ${pow10(d)})) = 0.5 THEN (trunc((${x}) * ${pow10(d)}) + CASE WHEN mod(trunc((${x}) * ${pow10(d)}), 2) = 0 THEN 0 ELSE sign(${x}) END) * ${unit(d)} ELSE round(${x}, ${d}) END`,
  numKey: (x) => `CASE WHEN (${x}) = trunc(${x}) THEN trunc(${x})::text ELSE rtrim((${x})::text, '0') END`,
  boolKey: (x) => `CASE WHEN ${x} THEN 'true' ELSE 'false' END`,
  intDiv: (a, b) => `div((${a}), (${b}))`,
  bigInt: 'numeric',
  cte: 'AS MATERIALIZED',
};

export const DIALECTS: Record<DialectName, Dialect> = { duckdb, postgres };

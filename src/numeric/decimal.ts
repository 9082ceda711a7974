/**
 * Exact decimal arithmetic for scores and money. One configured Decimal class is used everywhere,
 * so every stated rounding gives the result exact decimal arithmetic gives.
 * 40 significant digits: far beyond any score or amount, so the only inexact operations are
 * non-terminating divisions, whose error stays 30+ digits below any stated rounding.
 */
// The named export: its types resolve the same under every moduleResolution (the default export does not under node16/nodenext).
import { Decimal as DecimalJs } from 'decimal.js';

export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -50, toExpPos: 50 });
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);
export const HUNDRED = new Decimal(100);

export type RoundingMode = 'half_up' | 'half_even' | 'down' | 'up' | 'floor' | 'ceil';

const MODES: Record<RoundingMode, DecimalJs.Rounding> = {
  half_up: DecimalJs.ROUND_HALF_UP,
  half_even: DecimalJs.ROUND_HALF_EVEN,
  down: DecimalJs.ROUND_DOWN,
  up: DecimalJs.ROUND_UP,
  floor: DecimalJs.ROUND_FLOOR,
  ceil: DecimalJs.ROUND_CEIL,
};

/**
 * Significant digits kept when a value meets a decision (a rounding, a comparison). Computation
 * runs at 40 digits; a non-terminating division leaves an error near the 40th digit, which can
 * put a value that is exactly 67.295 at 67.29499…9. Snapping to 32 digits removes that error
 * (8 guard digits) while no real policy constant or data value has anywhere near 32 digits.
 */
const DECISION_DIGITS = 32;

/** The value as exact decimal arithmetic would give it, for decisions. */
export function snap(x: Decimal): Decimal {
  return x.isZero() ? x : x.toSignificantDigits(DECISION_DIGITS, DecimalJs.ROUND_HALF_EVEN);
}

/** Compares two values as exact decimal arithmetic would (see `snap`). */
export function cmpExact(a: Decimal, b: Decimal): number {
  return snap(a).cmp(snap(b));
}

/** Rounds to `decimals` places; half-up (away from zero on .5) unless another mode is named. */
export function roundTo(x: Decimal, decimals: number, mode: RoundingMode = 'half_up'): Decimal {
  return snap(x).toDecimalPlaces(decimals, MODES[mode]);
}

/** Plain decimal text without exponent; `decimals` fixes the number of places. */
export function formatDecimal(x: Decimal, decimals?: number): string {
  const s = decimals === undefined ? x.toFixed() : x.toFixed(decimals);
  return s === '-0' || /^-0\.0*$/.test(s) ? s.slice(1) : s;
}

/**
 * A number as results print it: with exactly `decimals` places when a rounding states them,
 * otherwise exact to at most 10 places without trailing zeros. Every reader of results
 * (outputs, explanations) prints through this, so they cannot disagree.
 */
export function printNumber(x: Decimal, decimals?: number): string {
  return decimals !== undefined ? formatDecimal(x, decimals) : formatDecimal(x.toDecimalPlaces(10));
}

/** Parses a plain decimal literal; returns undefined for anything else (no exponents, no spaces). */
export function parseDecimal(text: string): Decimal | undefined {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return undefined;
  return new Decimal(text);
}

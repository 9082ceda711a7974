/**
 * The canonical text of a key value. Keys join tables (a rating's `person` to the population
 * key, a `team` to a lookup table), so both sides must compare by one text: numbers by their
 * plain decimal form (`007` and `7` as integers are the same key), everything else as is.
 */
import { formatDecimal } from '../numeric/decimal.ts';
import type { Value } from './value.ts';

/** Canonical key text of a value; `undefined` for a missing value. */
export function keyText(value: Value | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return formatDecimal(value);
}

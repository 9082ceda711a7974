/**
 * A cell value after validation against its column type.
 * `null` is "missing": an empty optional cell. Missing is never 0; rules say what it means.
 * Dates are kept as ISO `YYYY-MM-DD` strings; categories and text as strings.
 */
import type { Decimal } from '../numeric/decimal.ts';

export type Value = Decimal | boolean | string | null;

/**
 * What the run says about the bonus pools it shared (README 3.6 `allocate`, codes KPL4003 and
 * KPL4006), for both engines: a pool not fully paid out, and a pool shared without members who
 * could not be assessed. One place, so the engines' warnings cannot differ.
 */
import { diag, phrase, type Diagnostic, type Phrase } from '../diagnostics/diagnostic.ts';
import type { Decimal } from '../numeric/decimal.ts';

/** One bonus pool shared among one group (`allocate(…, per: g)`), as both engines report it. */
export interface PoolReport {
  readonly group: string;
  readonly pool: Decimal;
  readonly allocated: Decimal;
  readonly unallocated: Decimal;
  readonly reason?: Phrase;
  /** Members of the group who could not be assessed and so took no share. */
  readonly excluded?: readonly string[];
}

/** The warnings about the pools, pool by pool in the order they were shared. */
export function poolWarnings(pools: readonly PoolReport[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const pool of pools) {
    if (pool.unallocated.gt(0)) out.push(diag('KPL4003', { group: pool.group, amount: pool.unallocated.toFixed(2), reason: pool.reason ?? phrase('roundingRemainder') }));
    if (pool.excluded?.length) out.push(diag('KPL4006', { group: pool.group, people: pool.excluded.join(', ') }));
  }
  return out;
}

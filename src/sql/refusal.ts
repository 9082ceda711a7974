/**
 * A construct the SQL compiler cannot express exactly in a dialect. It is refused at `kpl sql`
 * time (diagnostic KPL5040 naming the construct) — never approximated.
 */
import type { SourceRef } from '../plan/schema.ts';

export class Refused extends Error {
  constructor(
    /** The construct, as a code span: `rank … within`. */
    readonly what: string,
    readonly why: string,
    readonly whyZh: string,
    readonly at?: SourceRef,
  ) {
    super(`${what}: ${why}`);
  }
}

export function refuse(what: string, why: string, whyZh: string, at?: SourceRef): never {
  throw new Refused(what, why, whyZh, at);
}

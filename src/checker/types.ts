/**
 * Static types of expressions. Numbers carry a unit so the checker can refuse to add money to a
 * percentage; every type may be "maybe missing" (it reads an optional column or an aggregate over
 * rows that may be absent), which forces the indicator to state a `missing` rule.
 */
import type { Interval } from '../numeric/interval.ts';
import type { Unit } from '../plan/schema.ts';
import { phrase, type DiagArg } from '../diagnostics/phrases.ts';

export type Ty =
  | { readonly t: 'num'; readonly unit: Unit | 'literal'; readonly range: Interval; readonly decimals?: number }
  | { readonly t: 'bool' }
  | { readonly t: 'text' }
  | { readonly t: 'category'; readonly values: readonly string[]; readonly source: string }
  | { readonly t: 'grade' }
  | { readonly t: 'date' }
  /** A related table (many rows per person) named in an expression: only valid inside aggregates. */
  | { readonly t: 'rows'; readonly table: string }
  /** A lookup table named in an expression: only valid indexed, as `teams[team]`. */
  | { readonly t: 'lookup'; readonly table: string }
  | { readonly t: 'lookupRow'; readonly table: string }
  /** After an error: accepted everywhere so one mistake does not cascade. */
  | { readonly t: 'unknown' };

export interface Typed<E> {
  readonly expr: E;
  readonly ty: Ty;
  /** The optional columns (or row sets) that can make this value missing. */
  readonly missingFrom: readonly string[];
}

const UNIT_NAMES: Record<string, string> = { number: 'a number', percent: 'a percentage', money: 'money', count: 'a count', literal: 'a number' };

/** Plain-language name of a type for messages. */
export function describeTy(ty: Ty): DiagArg {
  switch (ty.t) {
    case 'num':
      return UNIT_NAMES[ty.unit] ?? 'a number';
    case 'bool':
      return 'true/false';
    case 'text':
      return 'text';
    case 'category':
      return phrase('categoryOf', { name: ty.source });
    case 'grade':
      return 'a grade';
    case 'date':
      return 'a date';
    case 'rows':
      return phrase('rowsOf', { name: ty.table });
    case 'lookup':
      return phrase('theTable', { name: ty.table });
    case 'lookupRow':
      return phrase('rowOf', { name: ty.table });
    case 'unknown':
      return 'unknown';
  }
}

export const isNum = (ty: Ty): boolean => ty.t === 'num' || ty.t === 'unknown';

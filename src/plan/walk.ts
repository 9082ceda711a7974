/** Walking plan expressions: the direct sub-expressions of each kind of node (shared by explain, coverage and analyses). */
import type { Expr } from '../plan/schema.ts';

/** The direct sub-expressions of an expression, in evaluation order. */
export function children(e: Expr): Expr[] {
  switch (e.k) {
    case 'num':
    case 'missing':
    case 'bool':
    case 'str':
    case 'col':
    case 'rowcol':
    case 'ref':
      return [];
    case 'lookup':
      return [e.key];
    case 'un':
      return [e.e];
    case 'bin':
      return [e.l, e.r];
    case 'if':
      return [e.c, e.t, e.e];
    case 'call':
      return e.args;
    case 'interp':
      return [e.x, e.below, ...(e.above ? [e.above] : [])];
    case 'steps':
      return [e.x, ...e.rows.map((r) => r.value), ...(e.otherwise ? [e.otherwise] : [])];
    case 'map':
      return [e.key, ...e.entries.map((x) => x.value), ...(e.otherwise ? [e.otherwise] : [])];
    case 'agg':
      return [...(e.value ? [e.value] : []), ...(e.where ? [e.where] : [])];
    case 'grouped':
      return [e.value, e.group];
    case 'rank':
      return [e.value, ...(e.within ? [e.within] : [])];
    case 'allocate':
      return [e.pool, e.by, e.per];
    case 'ordered':
      return [...e.bounds, e.e];
  }
}

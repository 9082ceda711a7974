/**
 * Shared state of one check: the diagnostics sink, source positions, and the symbol table with
 * on-demand (memoised) checking of definitions so that declaration order does not matter and
 * circular definitions are reported instead of looping.
 */
import type * as A from '../ast/nodes.ts';
import type { Expr as PExpr, InputTable, SourceRef } from '../plan/schema.ts';
import { diag, type Diagnostic, type DiagArgs, type RelatedInfo } from '../diagnostics/diagnostic.ts';
import type { Code } from '../diagnostics/codes.ts';
import { positionAt, type SourceFile, type Span } from '../source/span.ts';
import type { Ty, Typed } from './types.ts';
import { LIMITS } from '../diagnostics/limits.ts';

export type SymbolKind = 'column' | 'table' | 'let' | 'indicator' | 'adjust' | 'builtin';

export interface Definition {
  readonly kind: SymbolKind;
  readonly name: string;
  readonly span?: Span;
  /** Checks the definition once; the result is memoised. */
  readonly check: () => Typed<PExpr>;
  state: 'new' | 'checking' | 'done';
  result?: Typed<PExpr>;
}

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly files = new Map<string, SourceFile>();
  readonly defs = new Map<string, Definition>();
  readonly tables = new Map<string, InputTable>();
  population?: InputTable;
  /** Grade names best first, once the grade section is checked. */
  grades: string[] = [];
  readonly usedColumns = new Set<string>();
  /** Whether the policy has a `grade` section (known before anything is checked). */
  gradesDeclared = false;
  /** Columns (`table.column`) declared with an unknown type: typed `unknown` so no error cascades. */
  readonly untyped = new Set<string>();
  /** How many definitions are being checked, one inside another. */
  private chain = 0;

  error(code: Code, args: DiagArgs, span: Span | undefined, extra: { help?: string; related?: RelatedInfo[] } = {}): void {
    this.diagnostics.push(diag(code, args, span, extra));
  }

  ref(span: Span | undefined): SourceRef | undefined {
    if (!span) return undefined;
    const f = this.files.get(span.file);
    if (!f) return undefined;
    const s = positionAt(f, span.start);
    const e = positionAt(f, span.end);
    return { file: span.file, line: s.line, col: s.col, endLine: e.line, endCol: e.col, start: span.start, end: span.end };
  }

  /** Source text of a node, for explanations in the author's own words. */
  text(span: Span): string {
    return this.files.get(span.file)?.text.slice(span.start, span.end) ?? '';
  }

  define(def: Omit<Definition, 'state'>): void {
    const prev = this.defs.get(def.name);
    if (prev) {
      this.error('KPL2002', { name: def.name }, def.span, prev.span ? { related: [{ span: prev.span, message: 'first defined here' }] } : {});
      return;
    }
    // One object shape for every definition (result included), so resolve's property reads stay monomorphic.
    this.defs.set(def.name, { kind: def.kind, name: def.name, span: def.span, check: def.check, state: 'new', result: undefined });
  }

  /** Resolves a definition, checking it on first use; reports cycles. */
  resolve(name: string, at: Span): Typed<PExpr> | undefined {
    const d = this.defs.get(name);
    if (!d) return undefined;
    if (d.state === 'done') return d.result;
    if (d.state === 'checking') {
      this.error('KPL2043', { name }, at);
      return { expr: { k: 'num', v: '0' }, ty: { t: 'unknown' }, missingFrom: [] };
    }
    if (this.chain >= LIMITS.definitionChain) {
      // Bounded: a definition's check resolves the definitions it uses, recursively (README "Limits").
      this.error('KPL5007', { name, limit: LIMITS.definitionChain }, at);
      return errorTyped();
    }
    d.state = 'checking';
    this.chain++;
    try {
      d.result = d.check();
    } finally {
      this.chain--;
    }
    d.state = 'done';
    return d.result;
  }
}

export const UNKNOWN: Ty = { t: 'unknown' };
export function errorTyped(): Typed<PExpr> {
  return { expr: { k: 'num', v: '0' }, ty: UNKNOWN, missingFrom: [] };
}

/** Levenshtein-based suggestion for "did you mean". */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  // Short names tolerate one edit; longer ones a transposition (two edits) or a third of their length.
  const limit = name.length <= 3 ? 1 : Math.max(2, Math.floor(name.length / 3));
  // A candidate sharing nothing with the name (`E` for `A`) is no suggestion.
  return best !== undefined && bestD <= limit && bestD < Math.max(name.length, best.length) ? best : undefined;
}

/** Edit distance counting a swap of two neighbouring letters (`clmap` → `clamp`) as one edit. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

export type { A };

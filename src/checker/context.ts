/**
 * Shared state of one check: the diagnostics sink, source positions, and the symbol table with
 * on-demand (memoised) checking of definitions so that declaration order does not matter and
 * circular definitions are reported instead of looping.
 */
import { suggest } from '../diagnostics/suggest.ts';
import type * as A from '../ast/nodes.ts';
import type { Expr as PExpr, InputTable, SourceRef } from '../plan/schema.ts';
import { diag, relatedNote, type Diagnostic, type DiagArgs, type Phrase, type RelatedInfo } from '../diagnostics/diagnostic.ts';
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

  error(code: Code, args: DiagArgs, span: Span | undefined, extra: { help?: Phrase; related?: RelatedInfo[] } = {}): void {
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
    const src = this.files.get(span.file)?.text ?? '';
    let { start, end } = span;
    // The parser drops a node's own brackets, so `(a + b) / 2` starts at `a`: take them back in,
    // or explain would quote `a + b) / 2`.
    for (;;) {
      const t = src.slice(start, end);
      const open = t.split('(').length;
      const close = t.split(')').length;
      if (close > open) {
        let i = start - 1;
        while (i >= 0 && /\s/.test(src[i]!)) i--;
        if (src[i] !== '(') break;
        start = i;
      } else if (open > close) {
        let j = end;
        while (j < src.length && /\s/.test(src[j]!)) j++;
        if (src[j] !== ')') break;
        end = j + 1;
      } else break;
    }
    return src.slice(start, end);
  }

  define(def: Omit<Definition, 'state'>): void {
    const prev = this.defs.get(def.name);
    if (prev) {
      this.error('KPL2002', { name: def.name }, def.span, prev.span ? { related: [relatedNote(prev.span, 'firstDefinedHere')] } : {});
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

export { suggest };
export type { A };

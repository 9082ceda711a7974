/**
 * Stage 1 entry point: policy text → AST + comments + diagnostics. Never throws on user input.
 */
import type { IRecognitionException, IToken } from 'chevrotain';
import { lex } from './lexer.ts';
import * as T from './tokens.ts';
import { PolicyParser } from './parser.ts';
import { alternativesArg, describeToken } from './token-names.ts';
import { diag, phrase, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Item, PolicyFile } from '../ast/nodes.ts';
import { splitItems } from './split-items.ts';
import { deepestNode, tooDeep } from './nesting.ts';
import { LIMITS } from '../diagnostics/limits.ts';

let shared: PolicyParser | undefined;
function parser(): PolicyParser {
  return (shared ??= new PolicyParser());
}

export interface ParseResult {
  readonly ast: PolicyFile;
  readonly comments: IToken[];
  readonly diagnostics: Diagnostic[];
}

/** Parses one policy file. The AST holds every declaration that could be read. */
export function parse(file: string, text: string): ParseResult {
  if (text.length > LIMITS.policyChars) {
    // Refused before it is read: no stage sees more than the limit (README "Limits").
    const diagnostics = [diag('KPL5003', { file, size: text.length, limit: LIMITS.policyChars }, { file, start: 0, end: 0 })];
    return { ast: { kind: 'File', file, items: [], span: { file, start: 0, end: 0 } }, comments: [], diagnostics };
  }
  const lexed = lex(file, text);
  const p = parser();
  p.file = file;
  const items: Item[] = [];
  const diagnostics = [...lexed.diagnostics];
  const chunks = splitItems(lexed.tokens, text);
  // Where the lexer dropped a character or cut a string short; a parse error after it in the same
  // declaration is its consequence (`score @ 2` would also report `2`), so only the first is shown.
  const lexErrors = lexed.diagnostics.map((d) => d.span!.start);
  chunks.forEach((chunk, i) => {
    const deep = tooDeep(chunk);
    if (deep) {
      // Not parsed: the parser and every later stage recurse on nesting (README "Limits").
      diagnostics.push(diag('KPL5001', { limit: LIMITS.nesting }, { file, start: deep.startOffset, end: deep.endOffset! + 1 }));
      return;
    }
    for (const t of chunk) {
      if (t.tokenType === T.StringLiteral && t.image.length - 2 > LIMITS.stringChars) {
        diagnostics.push(diag('KPL5002', { size: t.image.length - 2, limit: LIMITS.stringChars }, { file, start: t.startOffset, end: t.startOffset + 1 }));
        return;
      }
    }
    p.input = chunk;
    const item = p.item();
    const deepNode = item && deepestNode(item);
    if (deepNode) diagnostics.push(diag('KPL5001', { limit: LIMITS.treeDepth }, deepNode.span ? { file, start: deepNode.span.start, end: deepNode.span.end } : { file, start: chunk[0]!.startOffset, end: chunk[0]!.endOffset! + 1 }));
    else if (item) items.push(item);
    const start = i === 0 ? 0 : chunk[0]!.startOffset;
    const end = chunks[i + 1]?.[0]?.startOffset ?? text.length + 1;
    const lexError = lexErrors.find((o) => o >= start && o < end);
    // A second parse error on the line of the first is where the parser lost its footing after
    // the mistake (`销售额: 金额 范围 [0, 1]` would also report the `1`), so a line reports once.
    let reportedLineStart = -1;
    for (const e of p.errors) {
      const at = Number.isNaN(e.token.startOffset) ? end : e.token.startOffset;
      if (lexError !== undefined && at >= lexError) continue;
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      if (lineStart === reportedLineStart) continue;
      reportedLineStart = lineStart;
      diagnostics.push(toDiagnostic(file, text, e, chunks[i + 1]?.[0], chunk[chunk.length - 1]));
    }
  });
  return { ast: { kind: 'File', file, items, span: { file, start: 0, end: text.length } }, comments: lexed.comments, diagnostics };
}

const CLOSERS = new Set([T.RParen, T.RBrace, T.RBracket]);

function toDiagnostic(file: string, text: string, e: IRecognitionException, nextChunkStart: IToken | undefined, lastOfChunk: IToken | undefined): Diagnostic {
  // The end of a chunk is not the end of the file: what was found is the next declaration. The
  // mistake is where this declaration stops, though (`= score *` on the line above), so point
  // just past its last token, as rustc does for a missing `;`.
  const chunkEnd = (e.token.tokenType.name === 'EOF' || Number.isNaN(e.token.startOffset)) && nextChunkStart;
  const t = chunkEnd ? nextChunkStart : e.token;
  const atEnd = t.tokenType.name === 'EOF' || Number.isNaN(t.startOffset);
  // At the end of the file, point at the last character rather than past it.
  const start = chunkEnd && lastOfChunk ? lastOfChunk.endOffset! + 1 : atEnd ? Math.max(0, text.trimEnd().length - 1) : t.startOffset;
  const end = chunkEnd && lastOfChunk ? start + 1 : atEnd ? start + 1 : t.endOffset! + 1;
  const span = { file, start, end };
  const found = describeToken(t);
  if (e.name === 'NotAllInputParsedException') {
    // A closing bracket after a complete declaration has nothing to close: say so, not what may start one.
    if (CLOSERS.has(t.tokenType)) return diag('KPL1004', { found, hint: phrase('strayCloser') }, span);
    return diag('KPL1004', { found, hint: phrase('declarationStart') }, span);
  }
  return diag('KPL1003', { expected: alternativesArg(e.message), found }, span);
}

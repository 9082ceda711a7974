/**
 * Stage 1 entry point: policy text → AST + comments + diagnostics. Never throws on user input.
 */
import type { IRecognitionException, IToken } from 'chevrotain';
import { lex } from './lexer.ts';
import { PolicyParser } from './parser.ts';
import { describeToken } from './token-names.ts';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Item, PolicyFile } from '../ast/nodes.ts';
import { splitItems } from './split-items.ts';

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
  const lexed = lex(file, text);
  const p = parser();
  p.file = file;
  const items: Item[] = [];
  const diagnostics = [...lexed.diagnostics];
  const chunks = splitItems(lexed.tokens);
  chunks.forEach((chunk, i) => {
    p.input = chunk;
    const item = p.item();
    if (item) items.push(item);
    const errors = p.errors;
    for (const e of errors) diagnostics.push(toDiagnostic(file, text, e, chunks[i + 1]?.[0]));
  });
  return { ast: { kind: 'File', file, items, span: { file, start: 0, end: text.length } }, comments: lexed.comments, diagnostics };
}

function toDiagnostic(file: string, text: string, e: IRecognitionException, nextChunkStart: IToken | undefined): Diagnostic {
  // The end of a chunk is not the end of the file: what was found is the next declaration.
  const t = (e.token.tokenType.name === 'EOF' || Number.isNaN(e.token.startOffset)) && nextChunkStart ? nextChunkStart : e.token;
  const atEnd = t.tokenType.name === 'EOF' || Number.isNaN(t.startOffset);
  // At the end of the file, point at the last character rather than past it.
  const start = atEnd ? Math.max(0, text.trimEnd().length - 1) : t.startOffset;
  const end = atEnd ? start + 1 : t.endOffset! + 1;
  const span = { file, start, end };
  const found = describeToken(t);
  if (e.name === 'NotAllInputParsedException') {
    return diag('KPL1004', { found, hint: 'expected the start of a declaration such as `indicator`, `input` or `grade`' }, span);
  }
  return diag('KPL1003', { expected: e.message, found }, span);
}

/**
 * `kpl fmt`'s engine: policy text → the one canonical layout of that policy.
 *
 * Input: a file name and its text. Output: `{ text, diagnostics }`, or `{ diagnostics }` only when
 * the text has syntax errors (nothing is formatted then) or when the formatter failed its own
 * checks. Guarantees, each checked before any text is returned (Cedar's soundness check):
 * - the formatted text parses without errors to the same AST (spans aside);
 * - every comment survives, in its order, with its text;
 * - formatting the result again changes nothing (checked by the tests, not at run time).
 */
import { parse, type ParseResult } from '../syntax/parse.ts';
import { lex } from '../syntax/lexer.ts';
import { Keyword } from '../syntax/tokens.ts';
import { diag, hasErrors, phrase, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { blankLineBefore, CommentQueue, toComments } from './comments.ts';
import { printDoc } from './print-doc.ts';
import { PrintContext } from './print-expr.ts';
import { printItem } from './print-policy.ts';

export interface FormatResult {
  /** The formatted policy; absent when it could not be formatted (see `diagnostics`). */
  readonly text?: string;
  readonly diagnostics: Diagnostic[];
}

export interface FormatOptions {
  /** Line width in display columns (CJK characters count two); default 100. */
  readonly width?: number;
}

export function formatPolicy(file: string, text: string, options: FormatOptions = {}): FormatResult {
  const source = text.replace(/^\uFEFF/, '');
  const parsed = parse(file, source);
  if (hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics };
  let out: string;
  try {
    out = printPolicy(source, parsed, keywordLanguage(file, source), options.width ?? 100);
  } catch (err) {
    return { diagnostics: [internalError(file, `failed: ${err instanceof Error ? err.message : String(err)}`)] };
  }
  const problem = soundnessProblem(file, parsed, out);
  if (problem) return { diagnostics: [internalError(file, problem)] };
  return { text: out, diagnostics: parsed.diagnostics };
}

function internalError(file: string, detail: string): Diagnostic {
  return diag('KPL9001', { detail: `kpl fmt ${detail}` }, { file, start: 0, end: 0 }, {
    help: phrase('fmtUnchanged'),
  });
}

/**
 * `zh` when more keyword tokens are spelled in Chinese than in English: the formatter then prints
 * the Chinese spelling of every keyword.
 */
export function keywordLanguage(file: string, text: string): 'en' | 'zh' {
  const keywordTypes = new Set(Object.values(Keyword));
  let zh = 0;
  let en = 0;
  for (const t of lex(file, text).tokens) {
    if (!keywordTypes.has(t.tokenType)) continue;
    if (/[a-z]/i.test(t.image)) en++;
    else zh++;
  }
  return zh > en ? 'zh' : 'en';
}

/** Declarations that make up the policy's header (name, period, imports). */
const HEADER = new Set(['Policy', 'Period', 'Import']);

/**
 * Top-level declarations, one after another. An empty line separates two declarations when
 * either of them spans several lines, after the header, or when the author left one there.
 */
function printPolicy(source: string, parsed: ParseResult, lang: 'en' | 'zh', width: number): string {
  const comments = new CommentQueue(source, parsed.comments);
  const ctx = new PrintContext(source, comments, lang);
  let out = '';
  let previousMultiLine = false;
  parsed.ast.items.forEach((item, i) => {
    const blank = i > 0 && blankLineBefore(source, comments.firstOffset(item.span.start));
    const lead = comments.leading(item.span.start);
    const body = printItem(ctx, item);
    const inner = comments.inside(item.span.end);
    const bodyText = printDoc([body, ...comments.trailing(item.span.end)], width);
    const multiLine = bodyText.includes('\n');
    const newSection = i > 0 && HEADER.has(parsed.ast.items[i - 1]!.kind) !== HEADER.has(item.kind);
    if (i > 0) out += blank || previousMultiLine || multiLine || newSection ? '\n\n' : '\n';
    out += printDoc([...lead, ...inner], width) + bodyText;
    previousMultiLine = multiLine;
  });
  if (comments.hasBefore(Number.POSITIVE_INFINITY)) {
    const first = comments.firstOffset(Number.POSITIVE_INFINITY);
    if (out) out += blankLineBefore(source, first) ? '\n\n' : '\n';
    out += printDoc(comments.rest(), width).replace(/\n+$/, '');
  }
  comments.assertAllClaimed();
  return out ? out + '\n' : '';
}

/** Removes spans so trees can be compared structurally (spans never take part in equality). */
export function stripSpans(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(stripSpans);
  if (x && typeof x === 'object') {
    return Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'span' && k !== 'opSpan' && k !== 'file').map(([k, v]) => [k, stripSpans(v)]));
  }
  return x;
}

/** Why `formatted` is not a faithful rewrite of the parsed policy, or undefined when it is. */
export function soundnessProblem(file: string, original: ParseResult, formatted: string): string | undefined {
  const again = parse(file, formatted);
  if (again.diagnostics.length > 0) return `produced text that does not parse (${again.diagnostics[0]!.message})`;
  if (JSON.stringify(stripSpans(again.ast)) !== JSON.stringify(stripSpans(original.ast))) {
    return 'produced a policy that differs from the original';
  }
  const before = toComments(original.comments).map((c) => c.text);
  const after = toComments(again.comments).map((c) => c.text);
  if (before.length !== after.length || before.some((t, i) => t !== after[i])) {
    const lost = before.find((t, i) => t !== after[i]);
    return `lost or changed a comment: ${lost ?? after[before.length]}`;
  }
  return undefined;
}

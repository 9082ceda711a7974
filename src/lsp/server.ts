/**
 * `kpl lsp --stdio`: the KPL language server (Language Server Protocol, on vscode-languageserver).
 *
 * It answers with the editor services the playground uses (src/editor/, through the public API
 * src/node.ts, as the CLI does): diagnostics come from `compile`, completion / hover / definition
 * from `completionItems` / `hoverText` / `definitionOf` over `symbolsOf`, formatting from
 * `formatSource` (`kpl fmt`'s engine), highlighting classes from the lexer's token table. What
 * only an LSP editor has is here: files and imports on disk (open documents win over the disk),
 * references and rename across the files an import joins, the outline, semantic tokens, quick
 * fixes, and `.kpltest` files (live results as diagnostics, a code lens per case).
 *
 * Positions: LSP counts UTF-16 code units, as KPL's spans do, so offsets convert through
 * `TextDocument.positionAt` / `offsetAt` unchanged.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DocumentSymbol,
  InsertTextFormat,
  MarkupKind,
  ResponseError,
  SemanticTokensBuilder,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type CompletionItem,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type InitializeParams,
  type InitializeResult,
  type Location,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  builtinInfo,
  compile,
  completionItems,
  definitionOf,
  formatSource,
  hoverText,
  identifierPattern,
  importPaths,
  KEYWORDS,
  lex,
  literalHover,
  localize,
  localizeHelp,
  localizeNote,
  mergeSymbols,
  parseTests,
  quickFixes,
  referencesIn,
  REFS,
  runTests,
  symbolsOf,
  tokenClass,
  type BuiltinInfo,
  type CompletionKind,
  type Diagnostic,
  type EditorLang,
  type Plan,
  type SourceHost,
  type Symbols,
  wordAt,
} from '../node.ts';

/** Semantic token types, in the order of the legend. */
export const TOKEN_TYPES = ['keyword', 'string', 'number', 'operator', 'comment', 'function', 'variable', 'property', 'enumMember', 'struct', 'type'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'defaultLibrary'] as const;
type TokenType = (typeof TOKEN_TYPES)[number];

/** Commands the server executes (`workspace/executeCommand`). */
export const RUN_TEST_COMMAND = 'kpl.runTestCase';

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  field: CompletionItemKind.Field,
  struct: CompletionItemKind.Struct,
  variable: CompletionItemKind.Variable,
  'enum-member': CompletionItemKind.EnumMember,
  constant: CompletionItemKind.Constant,
  function: CompletionItemKind.Function,
  keyword: CompletionItemKind.Keyword,
  snippet: CompletionItemKind.Snippet,
};

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** A file name (absolute path) for a `file:` URI; other schemes keep their URI as the name. */
export function pathOf(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}
export function uriOf(path: string): string {
  return isAbsolute(path) ? pathToFileURL(path).href : path;
}

interface Analysis {
  readonly version: number;
  readonly plan?: Plan;
  /** The document and every file it imports (transitively), with their texts as read. */
  readonly files: Map<string, string>;
  /** Their symbols, made when first asked for. */
  symbols?: { file: string; symbols: Symbols }[];
}

/** The name under the cursor and what it declares, for references and rename. */
interface Target {
  readonly name: string;
  /** The file and offsets of the declaration. */
  readonly file: string;
  readonly start: number;
  readonly end: number;
  /** The table, when the name is a column of it. */
  readonly table?: string;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, Analysis>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const builtins: BuiltinInfo[] = builtinInfo();
  const keywordForms = Object.values(KEYWORDS).flat();
  const { source: idSource } = identifierPattern();
  const idExact = new RegExp(`^(?:${idSource})$`);
  const keywordSet = new Set<string>(keywordForms);
  let lang: EditorLang = 'en';
  let roots: string[] = [];

  // ── files ────────────────────────────────────────────────────────────────────────────────
  const openText = (path: string): string | undefined => documents.get(uriOf(path))?.getText();
  // The editor's own files (open buffers first): never refused, so readFile gives text or nothing.
  const host = {
    readFile: (p: string): string | undefined => {
      const open = openText(p);
      if (open !== undefined) return open;
      try {
        return existsSync(p) && statSync(p).isFile() ? readFileSync(p, 'utf8').replace(/^\uFEFF/, '') : undefined;
      } catch {
        return undefined;
      }
    },
    resolve: (from: string, rel: string): string => (isAbsolute(rel) ? rel : resolve(dirname(from), rel)),
  } satisfies SourceHost;
  const textDocs = new Map<string, TextDocument>();
  /** A text document for any file (open, or read from disk), for converting offsets. */
  const docOf = (path: string): TextDocument | undefined => {
    const open = documents.get(uriOf(path));
    if (open) return open;
    const text = host.readFile(path);
    if (text === undefined) return undefined;
    const cached = textDocs.get(path);
    if (cached && cached.getText() === text) return cached;
    const d = TextDocument.create(uriOf(path), 'kpl', 0, text);
    textDocs.set(path, d);
    return d;
  };
  const rangeIn = (path: string, start: number, end: number): Range | undefined => {
    const d = docOf(path);
    return d ? { start: d.positionAt(start), end: d.positionAt(Math.max(end, start)) } : undefined;
  };
  /** The file and the files it imports, transitively (without compiling). */
  const closure = (path: string): Map<string, string> => {
    const out = new Map<string, string>();
    const visit = (p: string) => {
      if (out.has(p)) return;
      const text = host.readFile(p);
      if (text === undefined) return;
      out.set(p, text);
      for (const i of importPaths(p, text)) visit(host.resolve(p, i.path));
    };
    visit(path);
    return out;
  };
  /** Every `.kpl` file of the workspace folders and every open one (for references and rename). */
  const workspaceFiles = (): string[] => {
    const found = new Set<string>();
    let budget = 5000;
    const walk = (dir: string, depth: number) => {
      if (depth > 12 || budget <= 0) return;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (--budget <= 0) return;
        if (e.isDirectory()) {
          if (e.name === 'node_modules' || e.name.startsWith('.') || e.name === 'dist') continue;
          walk(join(dir, e.name), depth + 1);
        } else if (e.name.endsWith('.kpl')) found.add(join(dir, e.name));
      }
    };
    for (const r of roots) walk(r, 0);
    for (const d of documents.all()) if (d.uri.endsWith('.kpl')) found.add(pathOf(d.uri));
    return [...found];
  };

  // ── analysis and diagnostics ──────────────────────────────────────────────────────────────
  const toLsp = (d: Diagnostic, range: Range): LspDiagnostic => {
    // The help line is shown in the client's language; the English one rides along in `data` for the quick fixes that read it.
    const help = d.help;
    const shown = localizeHelp(d, lang);
    const related = (d.related ?? []).flatMap((r) => {
      const at = rangeIn(r.span.file, r.span.start, r.span.end);
      return at ? [{ location: { uri: uriOf(r.span.file), range: at }, message: localizeNote(r, lang) }] : [];
    });
    return {
      range,
      severity: SEVERITY[d.severity],
      code: d.code,
      source: 'kpl',
      message: localize(d, lang) + (shown ? `\n${lang === 'zh' ? '提示' : 'help'}: ${shown}` : ''),
      ...(related.length ? { relatedInformation: related } : {}),
      ...(help ? { data: { help } } : {}),
    };
  };

  const analyzePolicy = (doc: TextDocument): void => {
    const path = pathOf(doc.uri);
    const text = doc.getText();
    const r = compile(path, text, host);
    analyses.set(doc.uri, { version: doc.version, ...(r.plan ? { plan: r.plan } : {}), files: closure(path) });
    const out: LspDiagnostic[] = [];
    const imports = importPaths(path, text);
    for (const d of r.diagnostics) {
      if (!d.span || d.span.file === path) {
        const range = d.span ? { start: doc.positionAt(d.span.start), end: doc.positionAt(Math.max(d.span.end, d.span.start + 1)) } : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        out.push(toLsp(d, range));
        continue;
      }
      // A problem inside an imported file: shown on the import that brings it in, pointing there.
      const via = imports.find((i) => closure(host.resolve(path, i.path)).has(d.span!.file)) ?? imports[0];
      const at = rangeIn(d.span.file, d.span.start, d.span.end);
      const range = via ? { start: doc.positionAt(via.start), end: doc.positionAt(via.end) } : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      const lsp = toLsp(d, range);
      out.push({
        ...lsp,
        message: `${basename(d.span.file)}: ${lsp.message}`,
        relatedInformation: [...(at ? [{ location: { uri: uriOf(d.span.file), range: at }, message: localize(d, lang) }] : []), ...(lsp.relatedInformation ?? [])],
      });
    }
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: out });
  };

  /** The policy a test file tests: its `policy` line, else the `.kpl` of the same name. */
  const policyOfTests = (testPath: string, declared?: string): string => (declared ? host.resolve(testPath, declared) : join(dirname(testPath), basename(testPath, extname(testPath)) + '.kpl'));

  const runTestFile = (doc: TextDocument, filter?: string) => {
    const path = pathOf(doc.uri);
    const parsed = parseTests(path, doc.getText());
    const policyPath = policyOfTests(path, parsed.tests.policy?.path);
    const policyText = host.readFile(policyPath);
    const problems = parsed.problems.map((p) => ({ line: p.line, col: p.col, message: p.message, severity: DiagnosticSeverity.Error }));
    let result: ReturnType<typeof runTests> | undefined;
    if (policyText === undefined) {
      problems.push({ line: parsed.tests.policy?.line ?? 1, col: parsed.tests.policy?.col ?? 1, message: lang === 'zh' ? `找不到被测方案 ${policyPath}` : `no policy to test: ${policyPath}`, severity: DiagnosticSeverity.Error });
    } else if (!parsed.problems.length) {
      const c = compile(policyPath, policyText, host);
      if (!c.plan) problems.push({ line: parsed.tests.policy?.line ?? 1, col: parsed.tests.policy?.col ?? 1, message: lang === 'zh' ? `被测方案 ${basename(policyPath)} 有错误` : `the policy ${basename(policyPath)} has errors`, severity: DiagnosticSeverity.Error });
      else {
        result = runTests(c.plan, parsed.tests, { lang, explain: false, ...(filter ? { filter } : {}) });
        for (const p of result.problems) problems.push({ line: p.line, col: p.col, message: p.message, severity: DiagnosticSeverity.Error });
        for (const k of result.cases) {
          for (const p of k.problems) problems.push({ line: p.line, col: p.col, message: `${k.name}: ${p.message}`, severity: DiagnosticSeverity.Error });
          for (const row of k.rows)
            for (const m of row.mismatches)
              problems.push({ line: m.line, col: m.col, message: lang === 'zh' ? `${k.name} / ${row.name}：${m.column} 期望 ${m.expected}，实际 ${m.actual}` : `${k.name} / ${row.name}: ${m.column} expected ${m.expected}, got ${m.actual}`, severity: DiagnosticSeverity.Error });
          for (const p of k.pools) if (!p.passed) problems.push({ line: p.line, col: 1, message: `${k.name}: ${p.message}`, severity: DiagnosticSeverity.Error });
        }
      }
    }
    const diagnostics: LspDiagnostic[] = problems.map((p) => {
      const start = { line: Math.max(0, p.line - 1), character: Math.max(0, p.col - 1) };
      const lineEnd = doc.offsetAt({ line: start.line + 1, character: 0 });
      const end = doc.positionAt(Math.max(doc.offsetAt(start) + 1, lineEnd - 1));
      return { range: { start, end: end.line === start.line ? end : { line: start.line, character: start.character + 1 } }, severity: p.severity, source: 'kpl test', message: p.message };
    });
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
    return { result, parsed };
  };

  const isTestFile = (uri: string) => uri.endsWith('.kpltest');
  const analyze = (doc: TextDocument) => (isTestFile(doc.uri) ? runTestFile(doc) : analyzePolicy(doc));
  const schedule = (doc: TextDocument, delay = 150) => {
    clearTimeout(timers.get(doc.uri));
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        const current = documents.get(doc.uri);
        if (!current) return;
        analyze(current);
        // Other open documents may import this one (or be tests of it): check them again.
        for (const other of documents.all()) if (other.uri !== current.uri) analyze(other);
      }, delay),
    );
  };
  /** The analysis of a document as it is now (made at once when the debounced one is not there yet). */
  const analysisOf = (doc: TextDocument): Analysis => {
    const a = analyses.get(doc.uri);
    if (a && a.version === doc.version) return a;
    analyzePolicy(doc);
    return analyses.get(doc.uri)!;
  };
  const symbolsByFile = (doc: TextDocument): { file: string; symbols: Symbols }[] => {
    const a = analysisOf(doc);
    return (a.symbols ??= [...a.files].map(([file, text]) => ({ file, symbols: symbolsOf(file, text, a.plan) })));
  };

  // ── requests ─────────────────────────────────────────────────────────────────────────────
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const opts = (params.initializationOptions ?? {}) as { lang?: string };
    const locale = opts.lang ?? params.locale ?? 'en';
    lang = locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
    roots = (params.workspaceFolders ?? []).map((f) => pathOf(f.uri));
    if (!roots.length && params.rootUri) roots = [pathOf(params.rootUri)];
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['.'] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [RUN_TEST_COMMAND] },
        semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] }, full: true },
      },
      serverInfo: { name: 'kpl', version: '0.1.0' },
    };
  });

  documents.onDidOpen((e) => schedule(e.document, 0));
  // A file changed on disk (an imported policy, a test's policy): check the open documents again.
  connection.onDidChangeWatchedFiles(() => {
    const first = documents.all()[0];
    if (first) schedule(first);
  });
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    analyses.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  /** The text of the line before `offset`'s word, and the word. */
  const at = (doc: TextDocument, position: { line: number; character: number }) => {
    const text = doc.getText();
    const offset = doc.offsetAt(position);
    const lineStart = doc.offsetAt({ line: position.line, character: 0 });
    const word = wordAt(text, offset, idSource);
    return { text, offset, lineStart, word, prefixStart: word && word.start < offset ? word.start : offset };
  };

  connection.onCompletion((p): CompletionItem[] => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc || isTestFile(doc.uri)) return [];
    const { text, offset, lineStart, prefixStart } = at(doc, p.position);
    const before = text.slice(lineStart, prefixStart);
    const symbols = mergeSymbols(symbolsByFile(doc).map((s) => s.symbols));
    const range = { start: doc.positionAt(prefixStart), end: doc.positionAt(offset) };
    return completionItems({ before, symbols, builtins, keywords: keywordForms, lang, idSource }).map((c) => ({
      label: c.label,
      kind: COMPLETION_KIND[c.kind],
      detail: c.detail,
      sortText: c.sortText,
      textEdit: { range, newText: c.insertText },
      ...(c.snippet ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
      ...(c.documentation ? { documentation: c.documentation } : {}),
    }));
  });

  connection.onHover((p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc || isTestFile(doc.uri)) return null;
    const { text, offset, lineStart, word } = at(doc, p.position);
    // A money literal (`¥2000`, `500 元`): its form's record.
    const lineEnd = text.indexOf('\n', lineStart);
    const literal = literalHover(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd), offset - lineStart, builtins, lang);
    if (literal) return { contents: { kind: MarkupKind.Markdown, value: literal.text.join('\n\n') }, range: { start: doc.positionAt(lineStart + literal.start), end: doc.positionAt(lineStart + literal.end) } };
    if (!word) return null;
    const symbols = mergeSymbols(symbolsByFile(doc).map((s) => s.symbols));
    const md = hoverText(word.word, text.slice(lineStart, word.start), symbols, builtins, lang);
    return md ? { contents: { kind: MarkupKind.Markdown, value: md.join('\n\n') }, range: { start: doc.positionAt(word.start), end: doc.positionAt(word.end) } } : null;
  });

  /** The declaration of the name at a position, in the document or a file it imports. */
  const declarationAt = (doc: TextDocument, position: { line: number; character: number }): Target | undefined => {
    const { text, lineStart, word } = at(doc, position);
    if (!word || keywordSet.has(word.word)) return undefined;
    const before = text.slice(lineStart, word.start);
    for (const { file, symbols } of symbolsByFile(doc)) {
      const d = definitionOf(word.word, before, symbols);
      if (!d) continue;
      const table = symbols.tables.find((t) => t.columns.some((c) => c.start === d.start && c.end === d.end));
      return { name: word.word, file, start: d.start, end: d.end, ...(table ? { table: table.name } : {}) };
    }
    return undefined;
  };

  connection.onDefinition((p): Location | null => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc || isTestFile(doc.uri)) return null;
    const t = declarationAt(doc, p.position);
    const range = t && rangeIn(t.file, t.start, t.end);
    return t && range ? { uri: uriOf(t.file), range } : null;
  });

  /** Every place that names the target: its file, the files it imports, and every file that imports it. */
  const referencesOf = (doc: TextDocument, t: Target): { file: string; start: number; end: number }[] => {
    const files = new Set<string>([...closure(t.file).keys(), ...closure(pathOf(doc.uri)).keys()]);
    for (const f of workspaceFiles()) if (!files.has(f) && closure(f).has(t.file)) for (const g of closure(f).keys()) files.add(g);
    const out: { file: string; start: number; end: number }[] = [];
    for (const file of files) {
      const text = host.readFile(file);
      if (text === undefined) continue;
      for (const r of referencesIn(file, text, t)) out.push({ file, ...r });
    }
    return out;
  };

  connection.onReferences((p): Location[] => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc || isTestFile(doc.uri)) return [];
    const t = declarationAt(doc, p.position);
    if (!t) return [];
    return referencesOf(doc, t)
      .filter((r) => p.context.includeDeclaration || !(r.file === t.file && r.start === t.start))
      .flatMap((r) => {
        const range = rangeIn(r.file, r.start, r.end);
        return range ? [{ uri: uriOf(r.file), range }] : [];
      });
  });

  connection.onPrepareRename((p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc || isTestFile(doc.uri)) return null;
    const t = declarationAt(doc, p.position);
    if (!t) return null;
    const w = at(doc, p.position).word!;
    return { range: { start: doc.positionAt(w.start), end: doc.positionAt(w.end) }, placeholder: w.word };
  });

  connection.onRenameRequest((p): WorkspaceEdit | null => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc || isTestFile(doc.uri)) return null;
    const t = declarationAt(doc, p.position);
    if (!t) return null;
    if (!idExact.test(p.newName) || keywordSet.has(p.newName) || (REFS as readonly string[]).includes(p.newName)) {
      throw new ResponseError(-32602, lang === 'zh' ? `“${p.newName}”不能作为名称` : `\`${p.newName}\` cannot be a name`);
    }
    const changes: Record<string, TextEdit[]> = {};
    for (const r of referencesOf(doc, t)) {
      const range = rangeIn(r.file, r.start, r.end);
      if (range) (changes[uriOf(r.file)] ??= []).push({ range, newText: p.newName });
    }
    return { changes };
  });

  connection.onDocumentSymbol((p): DocumentSymbol[] => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc || isTestFile(doc.uri)) return [];
    const a = analysisOf(doc);
    const s = symbolsOf(pathOf(doc.uri), doc.getText(), a.plan);
    const r = (start: number, end: number): Range => ({ start: doc.positionAt(start), end: doc.positionAt(end) });
    const out: DocumentSymbol[] = [];
    for (const t of s.tables) {
      out.push(DocumentSymbol.create(t.name, t.role, SymbolKind.Struct, r(t.start, t.end), r(t.start, t.end), t.columns.map((c) => DocumentSymbol.create(c.name, `${c.type}${c.optional ? '?' : ''}`, SymbolKind.Field, r(c.start, c.end), r(c.start, c.end)))));
    }
    // The indicator tree as the outline: children under their group.
    const byId = new Map<string, DocumentSymbol>();
    for (const i of s.indicators) {
      const weight = i.effectiveWeight && i.depth > 0 ? `${i.weight} (${Number((Number(i.effectiveWeight) * 100).toFixed(4))}%)` : i.weight;
      const sym = DocumentSymbol.create(i.id, [i.title, weight].filter(Boolean).join(' · '), i.leaf ? SymbolKind.Field : SymbolKind.Namespace, r(i.declStart ?? i.start, i.declEnd ?? i.end), r(i.start, i.end), []);
      byId.set(i.id, sym);
      const parent = i.parent ? byId.get(i.parent) : undefined;
      if (parent) parent.children!.push(sym);
      else out.push(sym);
    }
    for (const l of s.lets) out.push(DocumentSymbol.create(l.name, 'let', SymbolKind.Variable, r(l.start, l.end), r(l.start, l.end)));
    for (const l of s.adjusts) out.push(DocumentSymbol.create(l.name, l.title ?? 'adjust', SymbolKind.Variable, r(l.start, l.end), r(l.start, l.end)));
    for (const l of s.scales) out.push(DocumentSymbol.create(l.name, 'scale', SymbolKind.Enum, r(l.start, l.end), r(l.start, l.end)));
    for (const g of s.grades) out.push(DocumentSymbol.create(g.name, [g.title, g.band].filter(Boolean).join(' '), SymbolKind.EnumMember, r(g.start, g.end), r(g.start, g.end)));
    return out;
  });

  connection.onDocumentFormatting((p): TextEdit[] => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc || isTestFile(doc.uri)) return [];
    const r = formatSource(pathOf(doc.uri), doc.getText());
    if (r.text === undefined || r.text === doc.getText()) return [];
    return [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, newText: r.text }];
  });

  connection.onCodeAction((p): CodeAction[] => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc || isTestFile(doc.uri)) return [];
    const out: CodeAction[] = [];
    for (const d of p.context.diagnostics) {
      if (d.source !== 'kpl' || typeof d.code !== 'string') continue;
      const help = (d.data as { help?: string } | undefined)?.help;
      const fixes = quickFixes(pathOf(doc.uri), doc.getText(), { code: d.code, start: doc.offsetAt(d.range.start), end: doc.offsetAt(d.range.end), ...(help ? { help } : {}) }, lang);
      for (const f of fixes) {
        out.push({
          title: f.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          ...(f.preferred ? { isPreferred: true } : {}),
          edit: { changes: { [doc.uri]: f.edits.map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.newText })) } },
        });
      }
    }
    return out;
  });

  connection.onCodeLens((p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc || !isTestFile(doc.uri)) return [];
    const parsed = parseTests(pathOf(doc.uri), doc.getText());
    return parsed.tests.cases.map((c) => ({
      range: { start: { line: c.line - 1, character: 0 }, end: { line: c.line - 1, character: 0 } },
      command: { title: lang === 'zh' ? '▶ 运行此用例' : '▶ Run this case', command: RUN_TEST_COMMAND, arguments: [doc.uri, c.name] },
    }));
  });

  connection.onExecuteCommand((p) => {
    if (p.command !== RUN_TEST_COMMAND) return null;
    const [uri, name] = (p.arguments ?? []) as [string, string | undefined];
    const doc = documents.get(uri) ?? (existsSync(pathOf(uri)) ? TextDocument.create(uri, 'kpltest', 0, readFileSync(pathOf(uri), 'utf8')) : undefined);
    if (!doc) return null;
    const { result } = runTestFile(doc, name);
    const cases = result?.cases ?? [];
    const rows = cases.flatMap((c) => c.rows);
    const failed = rows.filter((r) => !r.passed).length + cases.filter((c) => c.problems.length).length;
    const passed = result !== undefined && result.passed;
    const msg = lang === 'zh' ? `${name ?? basename(pathOf(uri))}：${passed ? '通过' : '未通过'}（${rows.length} 行，${failed} 处失败）` : `${name ?? basename(pathOf(uri))}: ${passed ? 'passed' : 'failed'} (${rows.length} rows, ${failed} failing)`;
    void (passed ? connection.window.showInformationMessage(msg) : connection.window.showWarningMessage(msg));
    return { passed, rows: rows.length, failed };
  });

  connection.languages.semanticTokens.on((p) => {
    const doc = documents.get(p.textDocument.uri);
    const builder = new SemanticTokensBuilder();
    if (!doc || isTestFile(doc.uri)) return builder.build();
    const text = doc.getText();
    const symbols = mergeSymbols(symbolsByFile(doc).map((s) => s.symbols));
    const { tokens, comments } = lex(pathOf(doc.uri), text);
    const fnNames = new Set(builtins.filter((b) => !b.form).flatMap((b) => [b.name, ...b.aliases]));
    const tables = new Set(symbols.tables.map((t) => t.name));
    const columns = new Set(symbols.tables.flatMap((t) => t.columns.map((c) => c.name)));
    const grades = new Set(symbols.grades.map((g) => g.name));
    const named = new Set([...symbols.indicators.map((i) => i.id), ...symbols.lets.map((l) => l.name), ...symbols.adjusts.map((a) => a.name), ...symbols.scales.map((s) => s.name)]);
    const classOf = (name: string, image: string, next: string | undefined): [TokenType, number] | undefined => {
      const cls = tokenClass(name);
      if (cls === 'identifier') {
        if (fnNames.has(image) && (next === 'LParen')) return ['function', 2];
        if ((REFS as readonly string[]).includes(image)) return ['variable', 2];
        if (tables.has(image)) return ['struct', 0];
        if (grades.has(image)) return ['enumMember', 0];
        if (named.has(image)) return ['variable', 0];
        if (columns.has(image)) return ['property', 0];
        return undefined;
      }
      const base = cls.split('.')[0]!;
      if (base === 'keyword' || base === 'string' || base === 'number' || base === 'operator' || base === 'comment') return [base, 0];
      return undefined;
    };
    const all = [...tokens.map((t, i) => ({ t, next: tokens[i + 1]?.tokenType.name })), ...comments.map((t) => ({ t, next: undefined }))].sort((a, b) => a.t.startOffset - b.t.startOffset);
    for (const { t, next } of all) {
      const c = classOf(t.tokenType.name, t.image, next);
      if (!c) continue;
      const pos = doc.positionAt(t.startOffset);
      builder.push(pos.line, pos.character, t.image.length, TOKEN_TYPES.indexOf(c[0]), c[1]);
    }
    return builder.build();
  });

  documents.listen(connection);
  connection.listen();
}

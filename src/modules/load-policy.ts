/**
 * Reads a policy and, transitively, the files it imports (relative to the importing file), so the
 * checker sees one set of declarations. Reading goes through a host so the CLI (disk) and the
 * playground (in-memory files) share this code; the library itself never reads the disk.
 *
 * Imports are confined (README 3.2): the path written must be relative and end in `.kpl`; the host
 * decides what else it refuses (the CLI's host: anything outside the policy's root, through
 * symlinks, anything but a regular file, a file over the size limit). A refusal is a diagnostic
 * at the `import` that names the path written and why, never any content of the refused file.
 */
import type * as A from '../ast/nodes.ts';
import { parse } from '../syntax/parse.ts';
import { diag, phrase, type Diagnostic, type Phrase } from '../diagnostics/diagnostic.ts';
import type { SourceFile } from '../source/span.ts';
import { LIMITS } from '../diagnostics/limits.ts';

/** A host's refusal to read an import: the reason is shown, the file never is. */
export interface ImportRefusal {
  readonly refused: Phrase;
}

export interface SourceHost {
  /** Returns the file's text, undefined when it does not exist, or why it will not be read. */
  readFile(path: string): string | undefined | ImportRefusal;
  /** Resolves `relative` against the directory of `from`. */
  resolve(from: string, relative: string): string;
}

export interface LoadedPolicy {
  readonly sources: SourceFile[];
  readonly asts: A.PolicyFile[];
  readonly diagnostics: Diagnostic[];
}

/** Why a written import path is refused whatever the host, or undefined when it may be resolved. */
export function importPathProblem(rel: string): Phrase | undefined {
  if (rel.length === 0) return phrase('pathEmpty');
  if (rel.length > LIMITS.importPath) return phrase('pathTooLong', { limit: LIMITS.importPath });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(rel)) return phrase('pathControlChar');
  if (rel.startsWith('/') || rel.startsWith('\\') || /^[A-Za-z]:/.test(rel) || rel.startsWith('~')) return phrase('pathNotRelative');
  if (!rel.toLowerCase().endsWith('.kpl')) return phrase('onlyKplFiles');
  return undefined;
}

export function loadPolicy(main: SourceFile, host?: SourceHost): LoadedPolicy {
  const sources: SourceFile[] = [];
  const asts: A.PolicyFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const done = new Set<string>();
  const visit = (file: SourceFile, chain: string[]) => {
    done.add(file.name);
    const r = parse(file.name, file.text);
    sources.push(file);
    diagnostics.push(...r.diagnostics);
    for (const item of r.ast.items) {
      if (item.kind !== 'Import') continue;
      const rel = item.path.value;
      const refuse = (reason: Phrase): void => void diagnostics.push(diag('KPL2019', { path: rel, reason }, item.path.span));
      if (!host) {
        refuse(phrase('importsUnavailable'));
        continue;
      }
      const problem = importPathProblem(rel);
      if (problem) {
        refuse(problem);
        continue;
      }
      const path = host.resolve(file.name, rel);
      if (chain.includes(path)) {
        diagnostics.push(diag('KPL2020', { chain: [...chain, path].join(' → ') }, item.path.span));
        continue;
      }
      if (done.has(path)) continue;
      // Bounded, so neither the number of files nor the depth of the recursion is the policy's to choose.
      if (chain.length >= LIMITS.importDepth) {
        refuse(phrase('importTooDeep', { limit: LIMITS.importDepth }));
        continue;
      }
      if (done.size >= LIMITS.files) {
        refuse(phrase('tooManyFiles', { limit: LIMITS.files }));
        continue;
      }
      const text = host.readFile(path);
      if (text === undefined) {
        refuse(phrase('noSuchFile'));
        continue;
      }
      if (typeof text !== 'string') {
        refuse(text.refused);
        continue;
      }
      if (text.length > LIMITS.policyChars) {
        refuse(phrase('fileTooLarge', { limit: LIMITS.policyChars }));
        continue;
      }
      visit({ name: path, text }, [...chain, path]);
    }
    // Imported declarations come first so that the importing file's own declarations read last.
    asts.push(r.ast);
  };
  visit(main, [main.name]);
  return { sources, asts, diagnostics };
}

/**
 * Reads a policy and, transitively, the files it imports (relative to the importing file), so the
 * checker sees one set of declarations. Reading goes through a host so the CLI (disk) and the
 * playground (in-memory files) share this code.
 */
import type * as A from '../ast/nodes.ts';
import { parse } from '../syntax/parse.ts';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SourceFile } from '../source/span.ts';

export interface SourceHost {
  /** Returns the file's text, or undefined when it does not exist. */
  readFile(path: string): string | undefined;
  /** Resolves `relative` against the directory of `from`. */
  resolve(from: string, relative: string): string;
}

export interface LoadedPolicy {
  readonly sources: SourceFile[];
  readonly asts: A.PolicyFile[];
  readonly diagnostics: Diagnostic[];
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
    const imported: A.PolicyFile[] = [];
    for (const item of r.ast.items) {
      if (item.kind !== 'Import') continue;
      const rel = item.path.value;
      if (!host) {
        diagnostics.push(diag('KPL2019', { path: rel, reason: 'imports are not available here' }, item.path.span));
        continue;
      }
      const path = host.resolve(file.name, rel);
      if (chain.includes(path)) {
        diagnostics.push(diag('KPL2020', { chain: [...chain, path].join(' → ') }, item.path.span));
        continue;
      }
      if (done.has(path)) continue;
      const text = host.readFile(path);
      if (text === undefined) {
        diagnostics.push(diag('KPL2019', { path: rel, reason: 'no such file' }, item.path.span));
        continue;
      }
      visit({ name: path, text }, [...chain, path]);
    }
    // Imported declarations come first so that the importing file's own declarations read last.
    asts.push(r.ast, ...imported);
  };
  visit(main, [main.name]);
  return { sources, asts, diagnostics };
}

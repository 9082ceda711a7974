/** File-system side of the CLI: the import host, data files, and plan-or-policy loading. */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve, relative, isAbsolute, extname } from 'node:path';
import { UsageError } from './usage-error.ts';
import { type SourceHost, type SourceFile, type Plan, type Diagnostic, compile, readPlan } from '../node.ts';

export const diskHost: SourceHost = {
  readFile: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined),
  resolve: (from, rel) => {
    const abs = isAbsolute(rel) ? rel : resolve(dirname(from), rel);
    const r = relative(process.cwd(), abs);
    return r.startsWith('..') ? abs : r;
  },
};

export function readText(path: string): string {
  if (!existsSync(path)) throw new UsageError(`no such file: ${path}`);
  return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
}

export interface LoadedPlan {
  readonly plan?: Plan;
  readonly diagnostics: Diagnostic[];
  readonly files: Map<string, SourceFile>;
}

/** Compiles a `.kpl` policy, or reads and validates a compiled plan `.json`. */
export function loadPlanOrPolicy(path: string): LoadedPlan {
  const text = readText(path);
  if (extname(path) === '.json') {
    const r = readPlan(text);
    const files = new Map<string, SourceFile>();
    for (const s of r.plan?.sources ?? []) files.set(s.name, s);
    return { ...(r.plan ? { plan: r.plan } : {}), diagnostics: r.diagnostics, files };
  }
  const r = compile(path, text, diskHost);
  const files = new Map<string, SourceFile>([[path, { name: path, text }]]);
  for (const s of r.plan?.sources ?? []) files.set(s.name, s);
  // Imported files are needed to render their diagnostics.
  for (const d of r.diagnostics) if (d.span && !files.has(d.span.file)) { const t = diskHost.readFile(d.span.file); if (t !== undefined) files.set(d.span.file, { name: d.span.file, text: t }); }
  return { ...(r.plan ? { plan: r.plan } : {}), diagnostics: r.diagnostics, files };
}

/**
 * The compiler pipeline in one call: text → (parse, imports) → check → plan.
 */
import { loadPolicy, type SourceHost } from './modules/load-policy.ts';
import { checkPolicy } from './checker/check-policy.ts';
import { hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics/diagnostic.ts';
import type { Plan } from './plan/schema.ts';

export interface CompileResult {
  /** Present only when there are no error diagnostics. */
  readonly plan?: Plan;
  readonly diagnostics: Diagnostic[];
}

/** Compiles a policy file. Syntax errors stop before checking, so the checker never sees a broken tree twice. */
export function compile(file: string, text: string, host?: SourceHost): CompileResult {
  const loaded = loadPolicy({ name: file, text }, host);
  if (hasErrors(loaded.diagnostics)) return { diagnostics: sortDiagnostics(loaded.diagnostics) };
  const checked = checkPolicy(loaded.sources, loaded.asts);
  return { ...(checked.plan ? { plan: checked.plan } : {}), diagnostics: sortDiagnostics([...loaded.diagnostics, ...checked.diagnostics]) };
}

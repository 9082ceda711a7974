/**
 * A compiled plan (`.json`) read for a command: validated against the plan schema, its hash
 * checked, and the policy it carries compiled again to prove it (README "Plan format"). Loaded
 * only when a command may read a plan (plan-reader.ts).
 */
import { type SourceFile, readPlan, planHashMatches, verifyPlan, diag, phrase } from '../node.ts';
import type { LoadedPlan } from './io.ts';

export function readPlanFile(text: string): LoadedPlan {
  const r = readPlan(text);
  const files = new Map<string, SourceFile>();
  for (const s of r.plan?.sources ?? []) files.set(s.name, s);
  // A plan edited after `kpl compile` (weights, bands, rules) is refused, never run.
  if (r.plan && !planHashMatches(r.plan)) {
    return { diagnostics: [...r.diagnostics, diag('KPL2041', { detail: phrase('planHashMismatch') })], files };
  }
  // …and one whose hash was recomputed too: it must be what the policy it carries compiles to.
  const refused = r.plan ? verifyPlan(r.plan) : [];
  if (refused.length) return { diagnostics: [...r.diagnostics, ...refused], files };
  return { ...(r.plan ? { plan: r.plan } : {}), diagnostics: r.diagnostics, files };
}

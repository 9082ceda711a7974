/**
 * Re-proving a plan read from a file. A plan carries the policy it was compiled from (`sources`);
 * the policy is compiled again and the plan must be exactly what that gives. So every guarantee
 * of the checker — weights summing to 100%, bands without gap or overlap, increasing
 * breakpoints, declared columns, unique names, a total — holds for a plan that runs, proved by
 * the checker's own rules (a plan whose policy breaks one gets that rule's diagnostic), and a
 * plan edited by hand (even with a recomputed hash) is refused with the first place it differs.
 */
import { loadPolicy, type SourceHost } from '../modules/load-policy.ts';
import { checkPolicy } from './check-policy.ts';
import { diag, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Plan } from '../plan/schema.ts';
import { jsonPath } from '../plan/read-plan.ts';

/** The diagnostics that refuse `plan`, or none when it is exactly the compilation of the policy it carries. */
export function verifyPlan(plan: Plan): Diagnostic[] {
  const main = plan.sources[0];
  if (!main) return [diag('KPL5020', {})];
  const loaded = loadPolicy(main, sourcesHost(plan.sources));
  if (hasErrors(loaded.diagnostics)) return loaded.diagnostics;
  const checked = checkPolicy(loaded.sources, loaded.asts);
  if (!checked.plan) return checked.diagnostics;
  const difference = firstDifference(content(plan), content(checked.plan));
  if (!difference) return [];
  return [diag('KPL5021', { path: difference.path, found: shown(difference.found), expected: shown(difference.expected) })];
}

/** The plan as JSON values, hash left out (it was checked already; the recompiled plan's is lazy). */
function content(plan: Plan): unknown {
  return JSON.parse(JSON.stringify({ ...plan, hash: undefined }));
}

function shown(v: unknown): string {
  if (v === undefined) return 'absent';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

/**
 * The first path (in the plan's order) where two JSON values differ. Iterative: a plan's depth is
 * bounded by the reader, but nothing here should depend on it.
 */
function firstDifference(a: unknown, b: unknown): { path: string; found: unknown; expected: unknown } | undefined {
  const stack: { a: unknown; b: unknown; at: string }[] = [{ a, b, at: '' }];
  while (stack.length) {
    const { a: x, b: y, at } = stack.pop()!;
    const objects = typeof x === 'object' && x !== null && typeof y === 'object' && y !== null && Array.isArray(x) === Array.isArray(y);
    if (!objects) {
      if (x !== y) return { path: jsonPath(at), found: x, expected: y };
      continue;
    }
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(xo), ...Object.keys(yo)])];
    const ordered = Object.keys(xo).join('\u0000') === Object.keys(yo).join('\u0000');
    if (!ordered && keys.every((k) => Object.hasOwn(xo, k) && Object.hasOwn(yo, k))) {
      // Same fields in another order: the hash is of the written order, so it is a difference too.
      return { path: jsonPath(at), found: `fields in the order ${Object.keys(xo).join(', ')}`, expected: `the order ${Object.keys(yo).join(', ')}` };
    }
    for (const k of keys.reverse()) {
      const seg = `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      stack.push({ a: Object.hasOwn(xo, k) ? xo[k] : undefined, b: Object.hasOwn(yo, k) ? yo[k] : undefined, at: at + seg });
    }
  }
  return undefined;
}

/** Imports resolved among the plan's own files, never the disk (the names are those `kpl compile` read). */
function sourcesHost(sources: Plan['sources']): SourceHost {
  const byName = new Map(sources.map((s) => [s.name, s.text]));
  return {
    readFile: (path) => byName.get(path),
    resolve: (from, rel) => {
      const joined = normalise(`${from.slice(0, from.lastIndexOf('/') + 1)}${rel}`);
      if (byName.has(joined)) return joined;
      // `kpl compile` names a file outside the working folder by its absolute path: find it by its tail.
      const tail = joined.replace(/^(\.\.\/)+/, '');
      const found = [...byName.keys()].filter((n) => n === tail || n.endsWith(`/${tail}`));
      return found.length === 1 ? found[0]! : joined;
    },
  };
}

/** `a/./b/../c` → `a/c` (leading `..` kept), with `\` read as `/`. */
function normalise(path: string): string {
  const out: string[] = [];
  const absolute = path.startsWith('/');
  for (const seg of path.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else if (seg !== '..' || !absolute) out.push(seg);
  }
  return (absolute ? '/' : '') + out.join('/');
}

/** Shared by the fast-engine tests: compile, load, and compare the two engines' results. */
import { readFileSync } from 'node:fs';
import { compile, loadTables, evaluate, writeCsv, type Plan, type LoadedData } from '../../src/index.ts';
import { evaluateFast, type FastEvaluation } from '../../src/fast/index.ts';

export function planOf(file: string, text = readFileSync(file, 'utf8')): Plan {
  const r = compile(file, text);
  if (!r.plan) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.plan;
}

export function dataOf(plan: Plan, files: Record<string, string>): LoadedData {
  const enc = new TextEncoder();
  return loadTables(
    plan.inputs,
    Object.entries(files).map(([table, text]) => ({ table, fileName: `${table}.csv`, bytes: enc.encode(text) })),
  );
}

export interface Comparison {
  readonly fast: FastEvaluation;
  readonly exactCsv: string;
  readonly fastCsv: string;
  readonly exactDiagnostics: string;
  readonly fastDiagnostics: string;
  readonly exactPools: string;
  readonly fastPools: string;
  readonly statuses: [string, string];
}

/** Both engines on the same plan and data. */
export function compare(plan: Plan, data: LoadedData): Comparison {
  const exact = evaluate(plan, data);
  const fast = evaluateFast(plan, data);
  return {
    fast,
    exactCsv: writeCsv(exact.columns, exact.people.map((p) => p.cells)),
    fastCsv: writeCsv(fast.columns, fast.people.map((p) => p.cells)),
    exactDiagnostics: JSON.stringify(exact.diagnostics),
    fastDiagnostics: JSON.stringify(fast.diagnostics),
    exactPools: JSON.stringify(exact.pools),
    fastPools: JSON.stringify(fast.pools),
    statuses: [exact.people.map((p) => p.status).join(), fast.people.map((p) => p.status).join()],
  };
}

/** The first differing lines of two texts, for a readable failure. */
export function firstDiff(a: string, b: string, max = 5): string {
  const al = a.split('\n');
  const bl = b.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(al.length, bl.length) && out.length < max; i++) if (al[i] !== bl[i]) out.push(`line ${i + 1}:\n  exact ${al[i]}\n  fast  ${bl[i]}`);
  return out.join('\n');
}

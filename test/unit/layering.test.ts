/**
 * The layers of KPL (declared in .dependency-cruiser.cjs): dependency-cruiser checks every import
 * of src/, playground/src and bin/ against them, and this test fails on any violation or on a
 * cycle between folders.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

interface Cruised {
  readonly modules: { readonly source: string; readonly dependencies: { readonly resolved: string; readonly couldNotResolve: boolean }[] }[];
  readonly summary: { readonly violations: { readonly from: string; readonly to: string; readonly rule: { readonly name: string } }[]; readonly totalCruised: number };
}

function cruise(): Cruised {
  const bin = join('node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const out = execFileSync(process.execPath, [bin, 'src', 'playground/src', 'bin', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out) as Cruised;
}

/** The folder of a module: `src/fast/gen.ts` → `src/fast`, `src/index.ts` → itself. */
export function folderOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] === 'src') return parts.length > 2 ? `src/${parts[1]}` : path;
  if (parts[0] === 'playground') return 'playground';
  return parts[0]!;
}

/** The strongly connected sets of more than one node of a directed graph (Tarjan). */
export function cycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  let n = 0;
  const visit = (v: string): void => {
    index.set(v, n);
    low.set(v, n++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('layering', () => {
  const result = cruise();

  it('cruises the whole code base (so a passing check means something)', () => {
    const sources = new Set(result.modules.map((m) => m.source));
    expect(result.summary.totalCruised).toBeGreaterThan(150);
    for (const m of ['src/index.ts', 'src/node.ts', 'src/cli/run.ts', 'src/fast/gen.ts', 'src/columnar/columns.ts', 'playground/src/compare.ts', 'bin/kpl.mjs']) expect(sources, m).toContain(m);
    const edges = result.modules.reduce((s, m) => s + m.dependencies.length, 0);
    expect(edges).toBeGreaterThan(500);
  });

  it('has no import against the declared layers', () => {
    const violations = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(violations).toEqual([]);
  });

  it('has no cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const m of result.modules) {
      if (!/^(src|playground)\//.test(m.source)) continue;
      const from = folderOf(m.source);
      const to = edges.get(from) ?? new Set<string>();
      edges.set(from, to);
      for (const d of m.dependencies) {
        if (d.couldNotResolve || !/^(src|playground)\//.test(d.resolved)) continue;
        const f = folderOf(d.resolved);
        if (f !== from) to.add(f);
      }
    }
    // The CLI and the language server (`kpl lsp`, which the CLI starts) reach the compiler only through node.ts.
    expect(edges.get('src/cli')).toEqual(new Set(['src/node.ts', 'src/lsp']));
    expect(edges.get('src/lsp')).toEqual(new Set(['src/node.ts']));
    expect(cycles(edges)).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const g = new Map<string, Set<string>>([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a', 'd'])],
      ['d', new Set()],
    ]);
    expect(cycles(g)).toEqual([['a', 'b', 'c']]);
    g.get('c')!.delete('a');
    expect(cycles(g)).toEqual([]);
  });
});

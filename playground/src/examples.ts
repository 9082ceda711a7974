/**
 * The examples gallery: every policy in policies/ with its data from policies/data/<case>/,
 * bundled at build time (no request at run time). `expected.csv` is the case's golden result.
 */
const policies = import.meta.glob('../../policies/*.kpl', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const testFiles = import.meta.glob('../../policies/*.kpltest', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const files = import.meta.glob('../../policies/data/*/*.csv', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface Example {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly source: string;
  /** Data files by table name (`<table>.csv`). */
  readonly data: Record<string, { fileName: string; text: string }>;
  readonly expected?: string;
  /** The policy's `.kpltest` tables, if it has them. */
  readonly tests?: string;
  readonly people: number;
}

function describe(source: string): { title: string; description: string } {
  const title = /policy\s+"([^"]*)"/.exec(source)?.[1] ?? /方案\s+"([^"]*)"/.exec(source)?.[1] ?? '';
  const first = source.split('\n').find((l) => /^\s*(#|\/\/)/.test(l)) ?? '';
  return { title, description: first.replace(/^\s*(#|\/\/)\s*/, '').replace(/\s*\(spec:.*\)\s*$/, '') };
}

export const EXAMPLES: Example[] = Object.entries(policies)
  .map(([path, source]) => {
    const id = /([^/]+)\.kpl$/.exec(path)![1]!;
    const data: Example['data'] = {};
    let expected: string | undefined;
    for (const [p, text] of Object.entries(files)) {
      const m = /data\/([^/]+)\/([^/]+)\.csv$/.exec(p);
      if (!m || m[1] !== id) continue;
      if (m[2] === 'expected') expected = text;
      else data[m[2]!] = { fileName: `${m[2]}.csv`, text };
    }
    const { title, description } = describe(source);
    const popTable = /(?:^|\n)\s*(?:input|输入)\s+(\S+)\s+(?:key|主键)/.exec(source)?.[1];
    const people = popTable && data[popTable] ? data[popTable].text.trim().split('\n').length - 1 : 0;
    const tests = testFiles[path.replace(/\.kpl$/, '.kpltest')];
    return { id, title, description, source, data, ...(expected !== undefined ? { expected } : {}), ...(tests !== undefined ? { tests } : {}), people };
  })
  .sort((a, b) => a.id.localeCompare(b.id));

export function findExample(id: string | undefined): Example | undefined {
  return EXAMPLES.find((e) => e.id === id);
}

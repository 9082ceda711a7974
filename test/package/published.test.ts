/**
 * The package as it is published (issue 11): `npm pack`, the tarball installed into an empty
 * project, then used the way an integrator uses it — plain Node imports the API and evaluates a
 * policy, a strict TypeScript file type-checks against the installed declarations, `npx kpl
 * --version` runs, and neither the tarball nor the installed dependencies hold what only
 * development needs.
 *
 * The JavaScript in dist/ is built by the test setup; the declarations are built here (into
 * dist/types, which no other test reads). The tarball is packed with --ignore-scripts so that
 * `prepare` does not rebuild dist/ under the tests running beside this one; `prepare` runs the
 * same scripts/build.mjs.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { PLAN_VERSION } from '../../src/plan/version.ts';

const root = process.cwd();
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; dependencies: Record<string, string> };
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const DEV_TOOLS = ['tsx', 'esbuild', 'vite', 'vitest', 'typescript', 'dependency-cruiser', 'playwright-core', 'monaco-editor', 'fast-check', 'typedoc'];

let project = '';
let files: string[] = [];

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', '--types'], { stdio: 'inherit' });
  const out = mkdtempSync(join(tmpdir(), 'kpl-pack-'));
  const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', out], { encoding: 'utf8' })) as { filename: string; files: { path: string }[] }[];
  files = packed[0]!.files.map((f) => f.path);
  project = join(out, 'consumer');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', join(out, packed[0]!.filename)], { cwd: project, stdio: 'pipe' });
}, 600_000);

const POLICY = `policy "demo" version "1"
input staff key id { id: text; sales: number in [0, 1000]; target: number in [1, 1000] }
indicator 完成率 weight 100% = clamp(sales / target * 100, 50, 120)
output id, 完成率
`;

describe('the published package', () => {
  it('holds the built code, declarations and documents, and no tests, fixtures or TypeScript sources', () => {
    for (const f of ['package.json', 'bin/kpl.mjs', 'dist/index.mjs', 'dist/node.mjs', 'dist/cli/kpl.mjs', 'dist/csv-worker.mjs', 'dist/types/index.d.ts', 'dist/types/node.d.ts', 'README.md', 'CHANGELOG.md', 'LICENSE']) expect(files).toContain(f);
    expect(files.filter((f) => /^(test|src|scripts|policies|playground|bench)\//.test(f) || /\.kplcase$|\.kpltest$|fixtures?\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('plain Node imports the API and evaluates a policy', () => {
    const script = `
      import { compile, loadTables, evaluate, writeCsv, PLAN_VERSION } from 'kpl';
      const r = compile('demo.kpl', ${JSON.stringify(POLICY)});
      if (!r.plan) throw new Error(JSON.stringify(r.diagnostics));
      const data = loadTables(r.plan.inputs, [{ table: 'staff', fileName: 'staff.csv', bytes: new TextEncoder().encode('id,sales,target\\nA,90,100\\nB,150,100\\n') }]);
      const res = evaluate(r.plan, data);
      process.stdout.write(PLAN_VERSION + '\\n' + writeCsv(res.columns, res.people.map((p) => p.cells)));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' });
    expect(out).toBe(`${PLAN_VERSION}\nid,完成率\nA,90\nB,120\n`);
    const node = execFileSync(process.execPath, ['--input-type=module', '-e', "import('kpl/node').then((m) => console.log(typeof m.readTable, typeof m.compile))"], { cwd: project, encoding: 'utf8' });
    expect(node).toBe('function function\n');
  });

  it('a strict TypeScript file type-checks against the installed declarations', () => {
    writeFileSync(
      join(project, 'use.ts'),
      `import { compile, loadTables, evaluate, type Plan, type Diagnostic, type EvaluationResult } from 'kpl';
import { readTable } from 'kpl/node';
const r = compile('demo.kpl', 'policy "x"');
const plan: Plan | undefined = r.plan;
const ds: readonly Diagnostic[] = r.diagnostics;
if (plan) {
  const res: EvaluationResult = evaluate(plan, loadTables(plan.inputs, []));
  const first: string | undefined = res.columns[0];
  console.log(first, ds.length, typeof readTable);
}
// @ts-expect-error compile takes the file name and the text
compile(42);
`,
    );
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022'], types: ['node'], typeRoots: [join(root, 'node_modules', '@types')], skipLibCheck: false, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true }, files: ['use.ts'] }));
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('npx kpl --version runs the installed command', () => {
    const r = spawnSync(npm, ['exec', '--offline', '--no', '--', 'kpl', '--version'], { cwd: project, encoding: 'utf8' });
    expect(r.stdout).toBe(`kpl ${pkg.version}\n`);
    const check = spawnSync(join(project, 'node_modules', '.bin', 'kpl'), ['check', '-'], { cwd: project, input: POLICY, encoding: 'utf8' });
    expect(check.stderr).toBe('<stdin>: ok\n');
    expect(check.status).toBe(0);
  });

  it('states the supported Node versions, and this Node is one of them', () => {
    const engines = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node;
    expect(engines).toBe('>=20.19');
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    expect(major > 20 || (major === 20 && minor >= 19)).toBe(true);
    expect(readFileSync('README.md', 'utf8')).toContain('Node.js 20.19 or later');
    expect(readFileSync('docs/zh/README.md', 'utf8')).toContain('Node.js 20.19 或更高版本');
  });

  it('installs only the runtime dependencies: no development tool', () => {
    for (const d of Object.keys(pkg.dependencies)) expect(existsSync(join(project, 'node_modules', d)), d).toBe(true);
    expect(DEV_TOOLS.filter((t) => existsSync(join(project, 'node_modules', t)))).toEqual([]);
  });
});

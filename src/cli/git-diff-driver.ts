/**
 * `kpl diff` as a git diff driver. With `.gitattributes` saying `*.kpl diff=kpl` and
 * `git config diff.kpl.command "npx kpl diff"`, git runs the command with seven arguments
 * (see git's GIT_EXTERNAL_DIFF):
 *
 *     path old-file old-hex old-mode new-file new-hex new-mode
 *
 * `old-file`/`new-file` are temporary copies (or /dev/null for an added or deleted file). Each
 * side is compiled under the file's own path, so its imports are read from the working tree.
 * The semantic diff is printed on stdout after a `diff --kpl a/PATH b/PATH` header. The driver
 * always exits 0 — a non-zero status makes git stop the whole `git diff` / `git log -p` — and
 * says so in the text when a side cannot be compiled.
 */
import { readFileSync } from 'node:fs';
import type { Args } from './args.ts';
import { langOf, oneOf } from './args.ts';
import { diskHost } from './io.ts';
import { EXIT } from './report.ts';
import { buildReport, compile, diffJson, diffMarkdown, diffText, localize, readPlan, type Plan } from '../node.ts';

const NULL = '/dev/null';

/** True when the positionals are the seven arguments git passes to an external diff. */
export function isGitDriverCall(positionals: readonly string[]): boolean {
  return positionals.length === 7 && /^[0-9a-f]{4,}$|^\.$/.test(positionals[2]!) && /^[0-9a-f]{4,}$|^\.$/.test(positionals[5]!);
}

function side(path: string, file: string, lang: 'en' | 'zh'): { plan?: Plan; problem?: string } {
  if (file === NULL) return {};
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const r = path.endsWith('.json') ? readPlan(text) : compile(path, text, diskHost(path));
  if (r.plan) return { plan: r.plan };
  const first = r.diagnostics.find((d) => d.severity === 'error');
  return { problem: first ? `${first.code}: ${localize(first, lang)}` : 'cannot be compiled' };
}

export function gitDiffDriver(args: Args): number {
  const [path, oldFile, , , newFile] = args.positionals as [string, string, string, string, string, string, string];
  const format = oneOf(args, 'format', ['table', 'markdown', 'json'], 'table');
  const lang = langOf(args);
  const a = side(path, oldFile, lang);
  const b = side(path, newFile, lang);
  const out: string[] = [`diff --kpl a/${path} b/${path}`];
  if (oldFile === NULL) out.push(`new policy file ${path}`);
  else if (newFile === NULL) out.push(`deleted policy file ${path}`);
  else if (!a.plan || !b.plan) {
    if (a.problem) out.push(`a/${path} has errors (${a.problem})`);
    if (b.problem) out.push(`b/${path} has errors (${b.problem})`);
    out.push('no semantic diff: run `kpl check` on the version with errors');
  } else {
    const report = buildReport({ label: `a/${path}`, plan: a.plan }, { label: `b/${path}`, plan: b.plan });
    out.push((format === 'json' ? diffJson(report) : format === 'markdown' ? diffMarkdown(report) : diffText(report)).replace(/\n$/, ''));
  }
  process.stdout.write(out.join('\n') + '\n');
  return EXIT.ok;
}

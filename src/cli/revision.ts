/**
 * A policy version named on the command line: a file (`.kpl` or a compiled plan `.json`), or a
 * file at a git revision, `REV:PATH` (`HEAD~1:policies/customer-manager.kpl`), read with
 * `git show`. Relative imports of a policy read from git resolve at the same revision.
 * PATH is relative to the repository root, as in git, unless it starts with `./` or `../`
 * (relative to the current directory).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import { STDIN, STDIN_NAME, loadPlanOrPolicy, type LoadedPlan } from './io.ts';
import { UsageError } from './usage-error.ts';
import { compile, readPlan, type SourceHost, type SourceFile } from '../node.ts';

export interface LoadedVersion extends LoadedPlan {
  /** How the version was named (for headings). */
  readonly label: string;
}

function git(args: readonly string[]): { ok: true; out: string } | { ok: false; err: string } {
  try {
    return { ok: true, out: execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 }) };
  } catch (e) {
    const err = e as { stderr?: string; message?: string };
    return { ok: false, err: (err.stderr || err.message || 'git failed').trim() };
  }
}

/** `REV:PATH` → [rev, path], or undefined when the text does not look like one. */
export function splitRevision(spec: string): [string, string] | undefined {
  const m = /^([^:]*):(.+)$/.exec(spec);
  return m ? [m[1]!, m[2]!] : undefined;
}

/** Reads files at one revision; file names are `REV:PATH` so diagnostics say where they come from. */
export function gitHost(rev: string): SourceHost {
  return {
    readFile: (name) => {
      const parts = splitRevision(name);
      if (!parts) return undefined;
      const r = git(['show', `${parts[0]}:${parts[1]}`]);
      return r.ok ? r.out : undefined;
    },
    resolve: (from, rel) => {
      const p = splitRevision(from)?.[1] ?? from;
      return `${rev}:${posix.normalize(posix.join(posix.dirname(p), rel))}`;
    },
  };
}

export function loadVersion(spec: string): LoadedVersion {
  if (spec === STDIN) return { ...loadPlanOrPolicy(spec), label: STDIN_NAME };
  if (existsSync(spec)) return { ...loadPlanOrPolicy(spec), label: spec };
  const parts = splitRevision(spec);
  if (!parts) throw new UsageError(`no such file: ${spec} (a git revision is written REV:PATH, like HEAD~1:${spec})`);
  const [rev, written] = parts;
  let path = written;
  if (/^\.\.?\//.test(written)) {
    const prefix = git(['rev-parse', '--show-prefix']);
    if (!prefix.ok) throw new UsageError(`cannot read ${spec}: ${prefix.err}`);
    path = posix.normalize(posix.join(prefix.out.trim(), written));
  }
  const name = `${rev}:${path}`;
  const shown = git(['show', name]);
  if (!shown.ok) throw new UsageError(`cannot read ${spec} from git: ${shown.err}`);
  const text = shown.out.replace(/^\uFEFF/, '');
  const files = new Map<string, SourceFile>([[name, { name, text }]]);
  if (path.endsWith('.json')) {
    const r = readPlan(text);
    for (const s of r.plan?.sources ?? []) files.set(s.name, s);
    return { ...(r.plan ? { plan: r.plan } : {}), diagnostics: r.diagnostics, files, label: spec };
  }
  const host = gitHost(rev);
  const r = compile(name, text, host);
  for (const s of r.plan?.sources ?? []) files.set(s.name, s);
  for (const d of r.diagnostics) {
    if (d.span && !files.has(d.span.file)) {
      const t = host.readFile(d.span.file);
      if (typeof t === 'string') files.set(d.span.file, { name: d.span.file, text: t });
    }
  }
  return { ...(r.plan ? { plan: r.plan } : {}), diagnostics: r.diagnostics, files, label: spec };
}

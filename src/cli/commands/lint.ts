/**
 * `kpl lint POLICY... [--ranges] [--deny-warnings] [--min-swing 10%] [--format text|json]`:
 * everything `kpl check` reports plus the range analysis (KPL25xx). Exit status: 2 when a
 * policy has errors, 1 with --deny-warnings when there is any warning, else 0.
 */
import type { Args } from '../args.ts';
import { flag, langOf, oneOf, yes } from '../args.ts';
import { STDIN, STDIN_NAME, expandPaths, loadPlanOrPolicy, type LoadedPlan } from '../io.ts';
import { EXIT, okLine, printDiagnostics, hasErrors } from '../report.ts';
import { UsageError } from '../usage-error.ts';
import { diagnosticToJson, sortDiagnostics, Decimal, lintPlan, type LintOptions, type RangeReport, rangesJson, rangesText } from '../../node.ts';

/** A loaded policy with the lint warnings added to its diagnostics (used by `kpl check` too). */
export function withLint(loaded: LoadedPlan, options: LintOptions = {}): LoadedPlan & { ranges?: RangeReport } {
  if (!loaded.plan || hasErrors(loaded.diagnostics)) return loaded;
  const r = lintPlan(loaded.plan, options);
  return { ...loaded, diagnostics: sortDiagnostics([...loaded.diagnostics, ...r.diagnostics]), ranges: r.ranges };
}

function minSwing(args: Args): Decimal | undefined {
  const v = flag(args, 'min-swing');
  if (v === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(v.trim());
  if (!m) throw new UsageError(`--min-swing must be a share like 10% or 0.1, not \`${v}\``);
  const d = new Decimal(m[1]!).div(m[2] ? 100 : 1);
  if (d.gt(1)) throw new UsageError(`--min-swing must be at most 100%, not \`${v}\``);
  return d;
}

export function lintCommand(args: Args): number {
  if (!args.positionals.length) throw new UsageError('kpl lint POLICY|DIR... [--ranges] [--deny-warnings] [--min-swing 10%]');
  const format = oneOf(args, 'format', ['text', 'json'], 'text');
  const lang = langOf(args);
  const showRanges = yes(args, 'ranges');
  const deny = yes(args, 'deny-warnings');
  const ms = minSwing(args);
  const options: LintOptions = ms ? { minSwing: ms } : {};
  let errors = false;
  let warnings = 0;
  const json: unknown[] = [];
  for (const file of expandPaths(args.positionals)) {
    const r = withLint(loadPlanOrPolicy(file), options);
    if (hasErrors(r.diagnostics)) errors = true;
    warnings += r.diagnostics.filter((d) => d.severity === 'warning').length;
    if (format === 'json') {
      json.push({ file, diagnostics: r.diagnostics.map((d) => diagnosticToJson(d, r.files, lang)), ...(showRanges && r.ranges ? { ranges: rangesJson(r.ranges) } : {}) });
      continue;
    }
    printDiagnostics(r.diagnostics, r.files, 'text', lang);
    if (showRanges && r.ranges) process.stdout.write(rangesText(file, r.ranges) + '\n\n');
    if (!r.diagnostics.length) process.stderr.write(okLine(file === STDIN ? STDIN_NAME : file, lang) + '\n');
  }
  if (format === 'json') process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  if (errors) return EXIT.policyErrors;
  return deny && warnings > 0 ? EXIT.rowErrors : EXIT.ok;
}

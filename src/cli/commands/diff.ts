/**
 * `kpl diff OLD NEW [--data TABLE=FILE...] [--format table|markdown|json] [--out FILE]`:
 * what changed between two versions of a policy and, given data, what it does to people.
 * OLD and NEW are files or git revisions (`HEAD~1:policies/customer-manager.kpl`).
 * Exit status: 0 (whether or not anything changed), 1 unusable data, 2 a version has errors.
 */
import type { Args } from '../args.ts';
import { langOf, oneOf } from '../args.ts';
import { dataFile, dataSpecs } from '../data-files.ts';
import { runInputs } from '../io.ts';
import { guardOut, writeResult } from '../output.ts';
import { EXIT, printDiagnostics, hasErrors } from '../report.ts';
import { UsageError } from '../usage-error.ts';
import { outputTarget } from '../result-target.ts';
import { loadVersion } from '../revision.ts';
import { gitDiffDriver, isGitDriverCall } from '../git-diff-driver.ts';
import { loadTables, buildReport, diffText as renderText, diffMarkdown as renderMarkdown, diffJson as renderJson } from '../../node.ts';

export function diffCommand(args: Args): number {
  // Run by git as a diff driver (`.gitattributes`: `*.kpl diff=kpl`): seven arguments.
  if (isGitDriverCall(args.positionals)) return gitDiffDriver(args);
  const [oldSpec, newSpec, extra] = args.positionals;
  if (!oldSpec || !newSpec || extra) throw new UsageError('kpl diff OLD NEW [--data TABLE=FILE...] [--format table|markdown|json]');
  const { out, format } = outputTarget(args, { '.txt': 'table', '.md': 'markdown', '.markdown': 'markdown', '.json': 'json' }, ['table', 'markdown', 'json'], 'table');
  const lang = langOf(args);
  const versions = [loadVersion(oldSpec), loadVersion(newSpec)] as const;
  let broken = false;
  for (const v of versions) {
    if (!v.plan || hasErrors(v.diagnostics)) {
      printDiagnostics(v.diagnostics.filter((d) => d.severity === 'error'), v.files, 'text', lang);
      broken = true;
    }
  }
  if (broken) return EXIT.policyErrors;
  const [a, b] = versions as unknown as [Required<(typeof versions)[0]>, Required<(typeof versions)[1]>];
  const specsOld = dataSpecs(args, a.plan);
  const specsNew = dataSpecs(args, b.plan);
  // Before anything is computed: --out may not name an input.
  if (out) guardOut(out, [...runInputs(oldSpec, a, specsOld), ...runInputs(newSpec, b, specsNew)]);
  let data: Parameters<typeof buildReport>[2];
  if (args.flags.get('data')?.length) {
    const loadedOld = loadTables(a.plan.inputs, specsOld.map(dataFile));
    const loadedNew = loadTables(b.plan.inputs, specsNew.map(dataFile));
    if (hasErrors(loadedOld.diagnostics) || hasErrors(loadedNew.diagnostics)) {
      // The data cannot be read for one of the versions (a column the other version lacks…).
      printDiagnostics(loadedOld.diagnostics.filter((d) => d.severity === 'error'), a.files, 'text', lang);
      printDiagnostics(loadedNew.diagnostics.filter((d) => d.severity === 'error'), b.files, 'text', lang);
      return EXIT.rowErrors;
    }
    data = { old: loadedOld, new: loadedNew, files: args.flags.get('data')! };
  }
  const report = buildReport({ label: a.label, plan: a.plan }, { label: b.label, plan: b.plan }, data);
  const text = format === 'json' ? renderJson(report) : format === 'markdown' ? renderMarkdown(report) : renderText(report);
  writeResult(out, text);
  return EXIT.ok;
}

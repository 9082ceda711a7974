/** `kpl compile POLICY [--out PLAN.json]`: the checked evaluation plan as JSON. */
import type { Args } from '../args.ts';
import { flag, langOf, oneOf } from '../args.ts';
import { signaturePath, signingKey, signPlan } from '../plan-signature.ts';
import { loadPlanOrPolicy, runInputs } from '../io.ts';
import { guardOut, writeResult } from '../output.ts';
import { EXIT, printDiagnostics, hasErrors } from '../report.ts';
import { UsageError } from '../usage-error.ts';
import { outFile } from '../result-target.ts';

export function compileCommand(args: Args): number {
  const file = args.positionals[0];
  if (!file) throw new UsageError('kpl compile POLICY.kpl [--out PLAN.json]');
  const lang = langOf(args);
  // A plan is JSON: `--out plan.xlsx` is refused before anything runs.
  const out = outFile(args, ['.json']);
  const signWith = flag(args, 'sign');
  if (signWith !== undefined && !out) throw new UsageError('--sign needs --out PLAN.json: the signature is written beside the plan, in PLAN.json.sig');
  const key = signWith === undefined ? undefined : signingKey(signWith);
  const r = loadPlanOrPolicy(file);
  printDiagnostics(r.diagnostics, r.files, oneOf(args, 'format', ['text', 'json'], 'text'), lang);
  if (hasErrors(r.diagnostics) || !r.plan) return EXIT.policyErrors;
  const json = JSON.stringify(r.plan, null, 2) + '\n';
  const inputs = [...runInputs(file, r), ...(signWith !== undefined ? [{ path: signWith, what: 'the signing key' }] : [])];
  if (out) guardOut(out, inputs);
  if (out && key) guardOut(signaturePath(out), inputs);
  writeResult(out, json);
  if (out && key) writeResult(signaturePath(out), signPlan(json, r.plan.hash, key));
  return EXIT.ok;
}

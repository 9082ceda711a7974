/** `kpl schema POLICY [--table NAME]`: the input data's JSON Schema. */
import type { Args } from '../args.ts';
import { flag, langOf, oneOf } from '../args.ts';
import { loadPlanOrPolicy } from '../io.ts';
import { EXIT, printDiagnostics, hasErrors } from '../report.ts';
import { UsageError } from '../usage-error.ts';
import { inputJsonSchema, tableJsonSchema } from '../../node.ts';

export function schemaCommand(args: Args): number {
  const file = args.positionals[0];
  if (!file) throw new UsageError('kpl schema POLICY.kpl [--table NAME]');
  const r = loadPlanOrPolicy(file);
  printDiagnostics(r.diagnostics, r.files, 'text', langOf(args));
  if (hasErrors(r.diagnostics) || !r.plan) return EXIT.policyErrors;
  const table = flag(args, 'table');
  let schema: unknown = inputJsonSchema(r.plan);
  if (table) {
    const t = r.plan.inputs.find((x) => x.name === table);
    if (!t) throw new UsageError(`the policy has no input table \`${table}\` (tables: ${r.plan.inputs.map((x) => x.name).join(', ')})`);
    schema = tableJsonSchema(t);
  }
  process.stdout.write(JSON.stringify(schema, null, 2) + '\n');
  return EXIT.ok;
}

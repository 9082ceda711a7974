/** `kpl explain POLICY --data NAME=FILE... ID`: how one person's result came about. */
import type { Args } from '../args.ts';
import { runEvaluation } from '../run-eval.ts';
import { explainPerson } from '../../evaluator/explain.ts';
import { UsageError } from '../usage-error.ts';
import { EXIT } from '../report.ts';

export function explainCommand(args: Args): number {
  const [policy, id] = args.positionals;
  if (!id) throw new UsageError('kpl explain POLICY.kpl --data NAME=FILE... PERSON_ID');
  const r = runEvaluation(args, policy);
  if (!('result' in r)) return r.exit;
  const p = r.result.evaluation.byKey.get(id);
  if (!p) throw new UsageError(`nobody has the key \`${id}\``);
  process.stdout.write(explainPerson(r.result.evaluation, p) + '\n');
  return p.ok ? EXIT.ok : EXIT.rowErrors;
}

/**
 * `kpl explain POLICY --data NAME=FILE... PERSON_ID [--format text|markdown|json] [--lang en|zh]`:
 * the appeal-ready report of how one person's result came about.
 */
import type { Args } from '../args.ts';
import { langOf, oneOf } from '../args.ts';
import { runEvaluation } from '../run-eval.ts';
import { escapeControls, writeResult } from '../output.ts';
import { UsageError } from '../usage-error.ts';
import { outputTarget } from '../result-target.ts';
import { EXIT } from '../report.ts';
import { explainDoc, renderDoc } from '../../node.ts';

export function explainCommand(args: Args): number {
  const [policy, id] = args.positionals;
  if (!id) throw new UsageError('kpl explain POLICY.kpl --data NAME=FILE... PERSON_ID [--format text|markdown|json] [--lang en|zh] [--out FILE]');
  // Checked before the evaluation: the file's extension gives the format (`E0045.md`).
  const { out, format } = outputTarget(args, { '.txt': 'text', '.md': 'markdown', '.markdown': 'markdown', '.json': 'json' }, ['text', 'markdown', 'md', 'json'], 'text');
  const lang = langOf(args);
  const r = runEvaluation(args, policy, out);
  if (!('result' in r)) return r.exit;
  const p = r.result.evaluation.byKey.get(id);
  if (!p) throw new UsageError(`nobody has the key \`${id}\``);
  const ev = r.result.evaluation;
  const doc = explainDoc(ev.plan, ev.data, id, lang)!;
  // JSON: the figures the report states (as the results print them) and the report itself.
  const text = format === 'json' ? JSON.stringify({ key: id, ...doc.result, report: doc }, null, 2) + '\n' : renderDoc(doc, format === 'text' ? 'text' : 'markdown');
  // A text report for the terminal shows control characters from the data escaped.
  writeResult(out, format === 'text' && !out ? escapeControls(text, '\n\t') : text);
  // A person not assessed (`exempt`) is a result, not an error.
  return p.ok || p.notAssessed ? EXIT.ok : EXIT.rowErrors;
}

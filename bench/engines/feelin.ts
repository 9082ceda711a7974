/**
 * feelin (FEEL, the DMN expression language): the per-person scoring as one FEEL context whose
 * entries are the indicators, the weighted total and the grade, each entry using the earlier
 * ones, evaluated per person with `evaluate(expression, context)` (feelin's API: it parses the
 * expression against each context's names on every call). Numbers are JS floats, so the total
 * is `round half up(x + ε, 2)`.
 */
import { evaluate } from 'feelin';
import { EPSILON_TEXT, finish, peerInput, Scores, versionOf, type PeerInput } from './peer-common.ts';
import type { Dataset } from '../generate.ts';
import type { Results } from '../results-type.ts';

export const EXPRESSION = `{
  ratio: if sales_target = 0 then 0 else sales_actual / sales_target,
  s1: min(max(ratio * 100, 0), 120) / 1.2,
  s2: if growth_rate < 0 then 0 else if growth_rate >= 0.1 then 100 else 60 + growth_rate / 0.1 * 40,
  s3: if new_customers >= 20 then 100 else if new_customers >= 15 then 85 else if new_customers >= 10 then 70 else if new_customers >= 5 then 50 else 20,
  s4: retention_rate * 100,
  s5: satisfaction / 5 * 100,
  s6: if avg_resolution_hours < 4 then 100 else if avg_resolution_hours <= 24 then 100 - (avg_resolution_hours - 4) / 20 * 100 else 0,
  s7: max(100 - 10 * complaints, 0),
  s8: min(callback_rate / 0.9, 1) * 100,
  s9: min(training_hours / 40, 1) * 100,
  s10: collaboration,
  weighted: 0.5 * (1 * (0.5 * s1 + 0.3 * s2 + 0.2 * s3))
    + 0.35 * (0.5 * (0.4 * s4 + 0.6 * s5) + 0.5 * (0.4 * s6 + 0.3 * s7 + 0.3 * s8))
    + 0.15 * (1 * (0.5 * s9 + 0.5 * s10)),
  total: round half up(min(weighted + min(awards * 2, 5), 100) + ${EPSILON_TEXT}, 2),
  grade: if compliance_violation then "D" else if total >= 90 then "A" else if total >= 80 then "B" else if total >= 60 then "C" else "D"
}`;

export const engine = {
  name: 'feelin',
  version: versionOf('feelin'),
  inEngine: 'all per-person scoring in one FEEL context expression, evaluated per person',
  shared: 'forced distribution, reward',
  exact: 'floats; round half up after adding ε = 1e-11',
  prepare: (ds: Dataset) => ({ input: peerInput(ds) }),
  run: ({ input }: { input: PeerInput }): Results => {
    const s = new Scores(input.rows.length);
    const rows = input.rows;
    for (let i = 0; i < rows.length; i++) {
      const r = evaluate(EXPRESSION, rows[i] as unknown as Record<string, unknown>);
      if (r.warnings.length) throw new Error(`feelin: ${r.warnings[0]!.message}`);
      const v = r.value as { total: number; s1: number; grade: string };
      s.set(i, v.total, v.s1, v.grade);
    }
    return finish(input, s);
  },
};

/**
 * jsonata: the whole per-person scoring as one JSONata transformation of the employees array
 * (`employees.( … )`), with local variables per indicator. JSONata's $round rounds half to even,
 * so the total is rounded half-up with $floor(x × 100 + 0.5 + ε) / 100 (floats: see EPSILON_TEXT).
 */
import jsonata from 'jsonata';
import { EPSILON_TEXT, finish, peerInput, Scores, versionOf, type PeerInput } from './peer-common.ts';
import type { Dataset } from '../generate.ts';
import type { Results } from '../results-type.ts';

export const EXPRESSION = `
employees.(
  $ratio := sales_target = 0 ? 0 : sales_actual / sales_target;
  $s1 := $min([$max([$ratio * 100, 0]), 120]) / 1.2;
  $s2 := growth_rate < 0 ? 0 : growth_rate >= 0.1 ? 100 : 60 + growth_rate / 0.1 * 40;
  $s3 := new_customers >= 20 ? 100 : new_customers >= 15 ? 85 : new_customers >= 10 ? 70 : new_customers >= 5 ? 50 : 20;
  $s4 := retention_rate * 100;
  $s5 := satisfaction / 5 * 100;
  $s6 := avg_resolution_hours < 4 ? 100 : avg_resolution_hours <= 24 ? 100 - (avg_resolution_hours - 4) / 20 * 100 : 0;
  $s7 := $max([100 - 10 * complaints, 0]);
  $s8 := $min([callback_rate / 0.9, 1]) * 100;
  $s9 := $min([training_hours / 40, 1]) * 100;
  $s10 := collaboration;
  $weighted := 0.5 * (1 * (0.5 * $s1 + 0.3 * $s2 + 0.2 * $s3))
    + 0.35 * (0.5 * (0.4 * $s4 + 0.6 * $s5) + 0.5 * (0.4 * $s6 + 0.3 * $s7 + 0.3 * $s8))
    + 0.15 * (1 * (0.5 * $s9 + 0.5 * $s10));
  $raw := $min([$weighted + $min([awards * 2, 5]), 100]);
  $total := $floor($raw * 100 + 0.5 + ${EPSILON_TEXT} * 100) / 100;
  {
    "total": $total,
    "sales": $s1,
    "grade": compliance_violation ? "D" : $total >= 90 ? "A" : $total >= 80 ? "B" : $total >= 60 ? "C" : "D"
  }
)[]`;

export const engine = {
  name: 'jsonata',
  version: versionOf('jsonata'),
  inEngine: 'all per-person scoring (indicators, weights, cap, rounding, grade bands, veto) in one JSONata expression over the array',
  shared: 'forced distribution, reward',
  exact: 'floats; total rounded half-up after adding ε = 1e-11',
  prepare: (ds: Dataset) => {
    const input = peerInput(ds);
    return { input, doc: { employees: input.rows }, expr: jsonata(EXPRESSION) };
  },
  run: async ({ input, doc, expr }: { input: PeerInput; doc: unknown; expr: jsonata.Expression }): Promise<Results> => {
    const out = (await expr.evaluate(doc)) as { total: number; sales: number; grade: string }[];
    const s = new Scores(input.rows.length);
    for (let i = 0; i < out.length; i++) s.set(i, out[i]!.total, out[i]!.sales, out[i]!.grade);
    return finish(input, s);
  },
};

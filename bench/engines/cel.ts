/**
 * @marcbachmann/cel-js: each indicator is a CEL expression (as a policy stored as configuration
 * would hold them), parsed once in a typed Environment and evaluated per person; the total and
 * the grade are CEL expressions over the indicator results. CEL has no min/max/round, so they are
 * registered as custom functions (least, greatest, roundHalfUp — cel-go's math extension has the first two); numbers are doubles (JSON numbers).
 */
import { Environment } from '@marcbachmann/cel-js';
import { EPSILON_TEXT, finish, peerInput, Scores, versionOf, type PeerInput } from './peer-common.ts';
import type { Dataset } from '../generate.ts';
import type { Results } from '../results-type.ts';

const EPS = Number(EPSILON_TEXT);
const INPUTS = ['sales_actual', 'sales_target', 'growth_rate', 'new_customers', 'retention_rate', 'satisfaction', 'avg_resolution_hours', 'complaints', 'callback_rate', 'training_hours', 'collaboration', 'awards'];

export const INDICATORS: Record<string, string> = {
  s1: 'least(greatest((sales_target == 0.0 ? 0.0 : sales_actual / sales_target) * 100.0, 0.0), 120.0) / 1.2',
  s2: 'growth_rate < 0.0 ? 0.0 : growth_rate >= 0.1 ? 100.0 : 60.0 + growth_rate / 0.1 * 40.0',
  s3: 'new_customers >= 20.0 ? 100.0 : new_customers >= 15.0 ? 85.0 : new_customers >= 10.0 ? 70.0 : new_customers >= 5.0 ? 50.0 : 20.0',
  s4: 'retention_rate * 100.0',
  s5: 'satisfaction / 5.0 * 100.0',
  s6: 'avg_resolution_hours < 4.0 ? 100.0 : avg_resolution_hours <= 24.0 ? 100.0 - (avg_resolution_hours - 4.0) / 20.0 * 100.0 : 0.0',
  s7: 'greatest(100.0 - 10.0 * complaints, 0.0)',
  s8: 'least(callback_rate / 0.9, 1.0) * 100.0',
  s9: 'least(training_hours / 40.0, 1.0) * 100.0',
  s10: 'collaboration',
};
export const TOTAL = `roundHalfUp(least(
  0.5 * (1.0 * (0.5 * s1 + 0.3 * s2 + 0.2 * s3))
  + 0.35 * (0.5 * (0.4 * s4 + 0.6 * s5) + 0.5 * (0.4 * s6 + 0.3 * s7 + 0.3 * s8))
  + 0.15 * (1.0 * (0.5 * s9 + 0.5 * s10))
  + least(awards * 2.0, 5.0), 100.0), 2)`;
export const GRADE = 'compliance_violation ? "D" : total >= 90.0 ? "A" : total >= 80.0 ? "B" : total >= 60.0 ? "C" : "D"';

function environment(): Environment {
  const env = new Environment();
  for (const v of INPUTS) env.registerVariable(v, 'double');
  env.registerVariable('compliance_violation', 'bool');
  for (const k of Object.keys(INDICATORS)) env.registerVariable(k, 'double');
  env.registerVariable('total', 'double');
  env.registerFunction('least(double, double): double', (a: number, b: number) => (a < b ? a : b));
  env.registerFunction('greatest(double, double): double', (a: number, b: number) => (a > b ? a : b));
  env.registerFunction('roundHalfUp(double, int): double', (x: number, d: bigint) => {
    const s = 10 ** Number(d);
    return Math.floor(x * s + 0.5 + EPS * s) / s;
  });
  return env;
}

type Program = (ctx: Record<string, unknown>) => unknown;

export const engine = {
  name: '@marcbachmann/cel-js',
  version: versionOf('@marcbachmann/cel-js'),
  inEngine: '10 indicator expressions, weighted total with cap and rounding, grade bands and veto (12 CEL programs per person)',
  shared: 'forced distribution, reward',
  exact: 'floats; registered roundHalfUp adds ε = 1e-11',
  prepare: (ds: Dataset) => {
    const env = environment();
    const parse = (e: string) => env.parse(e) as unknown as Program;
    return { input: peerInput(ds), indicators: Object.entries(INDICATORS).map(([k, e]) => [k, parse(e)] as const), total: parse(TOTAL), grade: parse(GRADE) };
  },
  run: ({ input, indicators, total, grade }: { input: PeerInput; indicators: (readonly [string, Program])[]; total: Program; grade: Program }): Results => {
    const s = new Scores(input.rows.length);
    const rows = input.rows;
    for (let i = 0; i < rows.length; i++) {
      const ctx: Record<string, unknown> = { ...rows[i] };
      for (const [k, p] of indicators) ctx[k] = p(ctx);
      const t = total(ctx) as number;
      ctx.total = t;
      s.set(i, t, ctx.s1 as number, grade(ctx) as string);
    }
    return finish(input, s);
  },
};

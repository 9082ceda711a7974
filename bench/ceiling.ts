/**
 * The ceiling: the customer-manager policy hand-written in TypeScript for speed — one plain loop
 * over columnar float arrays, no allocation per person — and still exact to the cent. Floats
 * are off from the exact decimal value by ~1e-13 at most, which only matters where a rounding
 * looks at it: a total whose hundredths fraction is within 1e-6 of .5 (x.xx5) is recomputed
 * with exact rationals, and so is a tie-break between two nearly equal completion scores.
 * Rewards are integer cents × tenths. The result must equal KPL's for every person.
 */
import { cmp, exactScores, qNumber, roundScaled, type ExactInputs } from './exact.ts';
import type { FloatColumns } from './generate.ts';
import { distributeAndReward } from './cohort.ts';
import { emptyResults, type Results } from './results-type.ts';

export interface CeilingStats {
  /** People whose total needed the exact path. */
  exactTotals: number;
}

export function runCeiling(c: FloatColumns, stats?: CeilingStats): Results {
  const n = c.n;
  const f = c.f;
  const actual = f.sales_actual;
  const target = f.sales_target;
  const growth = f.growth_rate;
  const newCust = f.new_customers;
  const retention = f.retention_rate;
  const satisfaction = f.satisfaction;
  const hours = f.avg_resolution_hours;
  const complaints = f.complaints;
  const callback = f.callback_rate;
  const training = f.training_hours;
  const collab = f.collaboration;
  const awards = f.awards;
  const violation = c.violation;
  const totalCents = new Float64Array(n);
  const sales = new Float64Array(n);
  const gradeBefore = new Uint8Array(n);
  let exactCount = 0;
  for (let i = 0; i < n; i++) {
    // 销售完成率: clamp(ratio × 100, 0, 120) / 1.2, a zero target giving 0
    const t = target[i]!;
    let r = t === 0 ? 0 : (actual[i]! / t) * 100;
    r = r < 0 ? 0 : r > 120 ? 120 : r;
    const s1 = r / 1.2;
    // 销售增长率: below 0 → 0, 0 → 60, 10% → 100, linear between
    const g = growth[i]!;
    const s2 = g < 0 ? 0 : g >= 0.1 ? 100 : 60 + g * 400;
    // 新增客户: steps
    const nc = newCust[i]!;
    const s3 = nc >= 20 ? 100 : nc >= 15 ? 85 : nc >= 10 ? 70 : nc >= 5 ? 50 : 20;
    const s4 = retention[i]! * 100;
    const s5 = satisfaction[i]! * 20;
    // 问题解决时效: ≤ 4 h → 100, ≥ 24 h → 0, linear between
    const h = hours[i]!;
    const s6 = h <= 4 ? 100 : h >= 24 ? 0 : 100 - (h - 4) * 5;
    const cp = 100 - 10 * complaints[i]!;
    const s7 = cp > 0 ? cp : 0;
    const cb = callback[i]! / 0.9;
    const s8 = cb < 1 ? cb * 100 : 100;
    const tr = training[i]! / 40;
    const s9 = tr < 1 ? tr * 100 : 100;
    const weighted = 0.5 * (0.5 * s1 + 0.3 * s2 + 0.2 * s3) + 0.35 * (0.5 * (0.4 * s4 + 0.6 * s5) + 0.5 * (0.4 * s6 + 0.3 * s7 + 0.3 * s8)) + 0.15 * (0.5 * s9 + 0.5 * collab[i]!);
    const aw = awards[i]! * 2;
    let raw = weighted + (aw < 5 ? aw : 5);
    if (raw > 100) raw = 100;
    const x = raw * 100;
    const fl = Math.floor(x);
    let cents: number;
    if (Math.abs(x - fl - 0.5) < 1e-6) {
      cents = Number(roundScaled(exactScores(exactInputs(c, i)).total, 2));
      exactCount++;
    } else cents = x - fl < 0.5 ? fl : fl + 1;
    totalCents[i] = cents;
    sales[i] = s1;
    gradeBefore[i] = violation[i] ? 3 : cents >= 9000 ? 0 : cents >= 8000 ? 1 : cents >= 6000 ? 2 : 3;
  }
  if (stats) stats.exactTotals = exactCount;
  const out = emptyResults(n);
  distributeAndReward(
    {
      n,
      unit: c.unit,
      unitCount: c.unitCount,
      id: c.id,
      baseBonus: f.base_bonus,
      totalCents,
      sales,
      gradeBefore,
      exactSalesCmp: (a, b) => cmp(exactScores(exactInputs(c, a)).sales, exactScores(exactInputs(c, b)).sales),
    },
    out,
  );
  return out;
}

/** One person's inputs as exact rationals (from the shortest decimal text of each float). */
function exactInputs(c: FloatColumns, i: number): ExactInputs {
  const f = c.f;
  return {
    salesActual: qNumber(f.sales_actual[i]!),
    salesTarget: qNumber(f.sales_target[i]!),
    growth: qNumber(f.growth_rate[i]!),
    newCustomers: qNumber(f.new_customers[i]!),
    retention: qNumber(f.retention_rate[i]!),
    satisfaction: qNumber(f.satisfaction[i]!),
    resolution: qNumber(f.avg_resolution_hours[i]!),
    complaints: qNumber(f.complaints[i]!),
    callback: qNumber(f.callback_rate[i]!),
    training: qNumber(f.training_hours[i]!),
    collaboration: qNumber(f.collaboration[i]!),
    awards: qNumber(f.awards[i]!),
  };
}

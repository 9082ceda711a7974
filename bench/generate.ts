/**
 * Seeded data for the customer-manager policy (policies/customer-manager.kpl) at any size, with
 * the edge cases of the real data (policies/data/customer-manager/employees.csv) and more:
 * zero targets, negative growth, growth exactly 0 and 10%, completion exactly 120% and 100%,
 * new-customer counts on the step bounds 5/10/15/20, resolution hours on 4 and 24, callback on
 * 90%, training on 40 h, commendations past the 5-point cap, vetoes, identical people (the id
 * breaks the tie), and people built so that their exact total lands on a rounding edge (x.xx5,
 * 59.995/79.995/89.995, 60/80/90) or equals another person's in the same unit (tie on total,
 * decided by the sales-completion score or the id). Bonuses with odd cents put rewards on
 * half-cent edges (11723.65 × 0.7 = 8206.555 → 8206.56). Units vary from one person to
 * hundreds, so the forced distribution's `min 1` and its quota both matter.
 *
 * Numbers are kept as scaled integers, so the CSV text is exact and identical on every machine.
 */
import { createRng, type Rng } from './prng.ts';
import { exactScores, qScaled, cmp, sub, mul, q, type Q } from './exact.ts';

/** Decimal places of each numeric column, as in the real data. */
export const DECIMALS = {
  sales_actual: 2,
  sales_target: 2,
  growth_rate: 4,
  new_customers: 0,
  retention_rate: 3,
  satisfaction: 2,
  avg_resolution_hours: 1,
  complaints: 0,
  callback_rate: 3,
  training_hours: 0,
  collaboration: 0,
  awards: 0,
  base_bonus: 2,
} as const;
export type NumCol = keyof typeof DECIMALS;
export const NUM_COLS = Object.keys(DECIMALS) as NumCol[];

export const CSV_HEADER = 'id,name,unit,sales_actual,sales_target,growth_rate,new_customers,retention_rate,satisfaction,avg_resolution_hours,complaints,callback_rate,training_hours,collaboration,awards,compliance_violation,base_bonus';

/** Which edge a person was built on (for the distribution report; 0 = an ordinary person). */
export const EDGE_KINDS = ['ordinary', 'zero target', 'completion 120%', 'completion 100%', 'growth 0', 'growth 10%', 'new customers on a step bound', 'resolution 4 h / 24 h', 'callback 90%', 'training 40 h', 'commendations', 'veto', 'identical to previous', 'total on x.xx5', 'total on a grade edge', 'tie on total'] as const;

export interface Dataset {
  readonly n: number;
  readonly seed: number;
  readonly id: string[];
  readonly name: string[];
  /** Index into `units`. */
  readonly unit: Int32Array;
  readonly units: string[];
  /** Scaled integers: value × 10^DECIMALS[col]. */
  readonly cols: Record<NumCol, Float64Array>;
  readonly violation: Uint8Array;
  /** Index into EDGE_KINDS. */
  readonly edge: Uint8Array;
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏飞浩宇鑫斌龙林峰建国辉俊欢阳晨宁帅彬旭凯欣怡婷雪琳'];
const UNIT_NAMES = ['城区一部', '城区二部', '县域营销中心', '政企客户部', '城区三部', '集团客户部', '校园营销中心', '农村渠道部'];
const TARGETS = [200000, 300000, 400000, 500000];

const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

/** Mutable scaled fields of one person while building it. */
interface P {
  sales_actual: number;
  sales_target: number;
  growth_rate: number;
  new_customers: number;
  retention_rate: number;
  satisfaction: number;
  avg_resolution_hours: number;
  complaints: number;
  callback_rate: number;
  training_hours: number;
  collaboration: number;
  awards: number;
  base_bonus: number;
  violation: boolean;
  edge: number;
}

/** An ordinary person of quality q (0..1): every metric correlates with q, as in the real data. */
function ordinary(rng: Rng, qual: number): P {
  const nz = (s: number) => rng.normal() * s;
  const target = rng.pick(TARGETS) * 100;
  const ratio = clamp(0.45 + 0.85 * qual + nz(0.08), 0.2, 1.6);
  return {
    sales_target: target,
    sales_actual: Math.round(target * ratio) + rng.int(0, 99),
    growth_rate: Math.round((-0.08 + 0.25 * qual + nz(0.025)) * 1e4),
    new_customers: Math.max(0, Math.round(3 + 22 * qual + nz(2.5))),
    retention_rate: Math.round(clamp(0.45 + 0.52 * qual + nz(0.04), 0, 1) * 1e3),
    satisfaction: Math.round(clamp(2.7 + 2.3 * qual + nz(0.2), 0, 5) * 1e2),
    avg_resolution_hours: Math.round(clamp(25 - 21 * qual + nz(1.5), 0.5, 30) * 10),
    complaints: Math.max(0, Math.round(5 - 6 * qual + nz(1))),
    callback_rate: Math.round(clamp(0.45 + 0.52 * qual + nz(0.04), 0, 1) * 1e3),
    training_hours: Math.round(clamp(4 + 42 * qual + nz(4), 0, 60)),
    collaboration: Math.round(clamp(44 + 56 * qual + nz(4), 0, 100)),
    awards: 0,
    base_bonus: rng.int(100000, 1600000),
    violation: false,
    edge: 0,
  };
}

const exactOf = (p: P) =>
  exactScores({
    salesActual: qScaled(p.sales_actual, 2),
    salesTarget: qScaled(p.sales_target, 2),
    growth: qScaled(p.growth_rate, 4),
    newCustomers: qScaled(p.new_customers, 0),
    retention: qScaled(p.retention_rate, 3),
    satisfaction: qScaled(p.satisfaction, 2),
    resolution: qScaled(p.avg_resolution_hours, 1),
    complaints: qScaled(p.complaints, 0),
    callback: qScaled(p.callback_rate, 3),
    training: qScaled(p.training_hours, 0),
    collaboration: qScaled(p.collaboration, 0),
    awards: qScaled(p.awards, 0),
  });

/**
 * A person whose exact total (before rounding) is `goal`, or undefined. Every score is made a
 * multiple of 0.001 points (completion a multiple of 3%, callback a multiple of 1.8% or ≥ 90%,
 * even training hours), then collaboration, satisfaction, growth (0.006 a step) and retention
 * (0.007 a step) are moved until the total is exactly the goal.
 */
function onTotal(rng: Rng, goal: Q, qual: number, m?: number): P | undefined {
  for (let attempt = 0; attempt < 12; attempt++) {
    const p = ordinary(rng, qual);
    const pct = m ?? 3 * clamp(Math.round((45 + 85 * qual + rng.normal() * 8) / 3), 10, 44);
    p.sales_actual = (p.sales_target * pct) / 100;
    if (p.callback_rate < 900) p.callback_rate = 18 * Math.round(p.callback_rate / 18);
    if (p.training_hours < 40) p.training_hours -= p.training_hours % 2;
    p.growth_rate = clamp(p.growth_rate, 0, 1000);
    p.avg_resolution_hours = clamp(p.avg_resolution_hours, 40, 240);
    const diff = mul(sub(goal, exactOf(p).total), q(1000n));
    if (diff.d !== 1n) continue;
    let need = Number(diff.n);
    const c = clamp(p.collaboration + Math.round(need / 75), 0, 100);
    need -= 75 * (c - p.collaboration);
    p.collaboration = c;
    const s = clamp(p.satisfaction + Math.round(need / 21), 0, 500);
    need -= 21 * (s - p.satisfaction);
    p.satisfaction = s;
    // 6a + 7b = need, growth and retention staying in their linear ranges.
    let best: [number, number] | undefined;
    for (let a = -70; a <= 70; a++) {
      const rest = need - 6 * a;
      if (rest % 7 !== 0) continue;
      const b = rest / 7;
      const g = p.growth_rate + a;
      const r = p.retention_rate + b;
      if (g < 0 || g > 1000 || r < 0 || r > 1000) continue;
      if (!best || Math.abs(a) + Math.abs(b) < Math.abs(best[0]) + Math.abs(best[1])) best = [a, b];
    }
    if (!best) continue;
    p.growth_rate += best[0];
    p.retention_rate += best[1];
    if (cmp(exactOf(p).total, goal) === 0) return p;
  }
  return undefined;
}

/** Generates `n` people; the same (n, seed) gives the same data everywhere. */
export function generate(n: number, seed = 20260501): Dataset {
  const rng = createRng(seed ^ n);
  const unitCount = Math.max(3, Math.round(n / 40));
  const units = Array.from({ length: unitCount }, (_, k) => (k < UNIT_NAMES.length ? UNIT_NAMES[k]! : `${UNIT_NAMES[k % UNIT_NAMES.length]}${Math.floor(k / UNIT_NAMES.length) + 1}`));
  // Unit sizes vary: a third are tiny (quota `min 1`), some large (hundreds of people).
  const cumulative = new Float64Array(unitCount);
  let acc = 0;
  for (let k = 0; k < unitCount; k++) {
    const u = rng.next();
    acc += u < 0.3 ? rng.int(1, 4) : u < 0.8 ? rng.int(15, 60) : rng.int(100, 700);
    cumulative[k] = acc;
  }
  const pickUnit = (): number => {
    const x = rng.next() * acc;
    let lo = 0;
    let hi = unitCount - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };

  const cols = Object.fromEntries(NUM_COLS.map((c) => [c, new Float64Array(n)])) as Record<NumCol, Float64Array>;
  const violation = new Uint8Array(n);
  const edge = new Uint8Array(n);
  const unit = new Int32Array(n);
  const id: string[] = new Array(n);
  const name: string[] = new Array(n);
  const width = Math.max(4, String(n).length);
  const put = (i: number, p: P, u: number): void => {
    for (const c of NUM_COLS) cols[c][i] = p[c];
    violation[i] = p.violation ? 1 : 0;
    edge[i] = p.edge;
    unit[i] = u;
  };

  let prev: P | undefined;
  for (let i = 0; i < n; i++) {
    id[i] = `E${String(i + 1).padStart(width, '0')}`;
    name[i] = rng.pick(SURNAMES) + (rng.chance(0.6) ? rng.pick(GIVEN) + rng.pick(GIVEN) : rng.pick(GIVEN));
    const qual = clamp(0.55 + 0.2 * rng.normal(), 0, 1);
    const u = rng.next();
    let p: P | undefined;
    if (u < 0.004 && prev) {
      p = { ...prev, edge: 12 };
      put(i, p, unit[i - 1]!);
      prev = p;
      continue;
    } else if (u < 0.009) {
      // A total exactly on a rounding edge or on a grade bound.
      const grade = rng.chance(0.4);
      const goalText = grade ? rng.pick(['59.995', '60', '79.995', '80', '89.995', '90']) : `${rng.int(40, 98)}.${rng.int(0, 9)}${rng.int(0, 9)}5`;
      const goal = parseGoal(goalText);
      p = onTotal(rng, goal, clamp((Number(goalText) - 35) / 62, 0, 1));
      if (p) p.edge = grade ? 14 : 13;
    } else if (u < 0.012 && i + 1 < n) {
      // Two people of one unit with the same total in the A band: the tie-break chain decides.
      const goal = parseGoal(`${rng.int(90, 98)}.${rng.int(0, 9)}${rng.int(0, 9)}${rng.pick(['0', '5'])}`);
      const m = rng.chance(0.5) ? 3 * rng.int(32, 44) : undefined;
      const a = onTotal(rng, goal, 0.95, m);
      const b = a && onTotal(rng, goal, 0.95, m);
      if (a && b) {
        const un = pickUnit();
        a.edge = b.edge = 15;
        put(i, a, un);
        i++;
        id[i] = `E${String(i + 1).padStart(width, '0')}`;
        name[i] = rng.pick(SURNAMES) + rng.pick(GIVEN);
        put(i, b, un);
        prev = b;
        continue;
      }
    }
    if (!p) {
      p = ordinary(rng, qual);
      const e = rng.next();
      if (e < 0.01) {
        p.sales_target = 0;
        p.sales_actual = rng.int(0, 500000);
        p.edge = 1;
      } else if (e < 0.03) {
        p.sales_actual = (p.sales_target * 12) / 10;
        p.edge = 2;
      } else if (e < 0.04) {
        p.sales_actual = p.sales_target;
        p.edge = 3;
      } else if (e < 0.06) {
        p.growth_rate = 0;
        p.edge = 4;
      } else if (e < 0.08) {
        p.growth_rate = 1000;
        p.edge = 5;
      } else if (e < 0.16) {
        p.new_customers = rng.pick([5, 10, 15, 20]);
        p.edge = 6;
      } else if (e < 0.18) {
        p.avg_resolution_hours = rng.pick([40, 240]);
        p.edge = 7;
      } else if (e < 0.19) {
        p.callback_rate = 900;
        p.edge = 8;
      } else if (e < 0.2) {
        p.training_hours = 40;
        p.edge = 9;
      } else if (e < 0.26) {
        p.awards = rng.chance(0.7) ? rng.int(1, 2) : rng.int(3, 5);
        p.edge = 10;
      } else if (e < 0.27) {
        p.violation = true;
        p.edge = 11;
      }
    }
    put(i, p, pickUnit());
    prev = p;
  }
  return { n, seed, id, name, unit, units, cols, violation, edge };
}

function parseGoal(text: string): Q {
  const [int, frac = ''] = text.split('.');
  return q(BigInt(int! + frac), 10n ** BigInt(frac.length));
}

/** Plain decimal text of a scaled integer (exact: no float formatting involved). */
export function fixed(scaled: number, decimals: number): string {
  if (decimals === 0) return String(scaled);
  const neg = scaled < 0;
  const s = String(neg ? -scaled : scaled).padStart(decimals + 1, '0');
  return `${neg ? '-' : ''}${s.slice(0, s.length - decimals)}.${s.slice(s.length - decimals)}`;
}

/** The CSV text of rows [from, to), without header. */
export function csvRows(ds: Dataset, from = 0, to = ds.n): string {
  const c = ds.cols;
  const parts: string[] = [];
  for (let i = from; i < to; i++) {
    parts.push(
      `${ds.id[i]},${ds.name[i]},${ds.units[ds.unit[i]!]},${fixed(c.sales_actual[i]!, 2)},${fixed(c.sales_target[i]!, 2)},${fixed(c.growth_rate[i]!, 4)},${c.new_customers[i]},${fixed(c.retention_rate[i]!, 3)},${fixed(c.satisfaction[i]!, 2)},${fixed(c.avg_resolution_hours[i]!, 1)},${c.complaints[i]},${fixed(c.callback_rate[i]!, 3)},${c.training_hours[i]},${c.collaboration[i]},${c.awards[i]},${ds.violation[i] ? 'true' : 'false'},${fixed(c.base_bonus[i]!, 2)}\n`,
    );
  }
  return parts.join('');
}

/** The whole CSV file as UTF-8 bytes, built in chunks (a million rows is ~150 MB). */
export function csvBytes(ds: Dataset): Buffer {
  const chunks: Buffer[] = [Buffer.from(CSV_HEADER + '\n')];
  for (let i = 0; i < ds.n; i += 50_000) chunks.push(Buffer.from(csvRows(ds, i, Math.min(ds.n, i + 50_000))));
  return Buffer.concat(chunks);
}

/** Columns as floats, as a program would read them from the CSV (parseFloat of the text). */
export interface FloatColumns {
  readonly n: number;
  readonly id: string[];
  readonly unit: Int32Array;
  readonly unitCount: number;
  readonly violation: Uint8Array;
  readonly f: Record<NumCol, Float64Array>;
}

export function floatColumns(ds: Dataset): FloatColumns {
  const f = {} as Record<NumCol, Float64Array>;
  for (const c of NUM_COLS) {
    const src = ds.cols[c];
    const out = new Float64Array(ds.n);
    const scale = 10 ** DECIMALS[c];
    // scaled / 10^k is the float nearest the decimal, exactly what parseFloat of its text gives.
    for (let i = 0; i < ds.n; i++) out[i] = src[i]! / scale;
    f[c] = out;
  }
  return { n: ds.n, id: ds.id, unit: ds.unit, unitCount: ds.units.length, violation: ds.violation, f };
}

/** One person as a plain object (what JSON-based engines take), numbers as floats. */
export interface PersonRow {
  id: string;
  name: string;
  unit: string;
  sales_actual: number;
  sales_target: number;
  growth_rate: number;
  new_customers: number;
  retention_rate: number;
  satisfaction: number;
  avg_resolution_hours: number;
  complaints: number;
  callback_rate: number;
  training_hours: number;
  collaboration: number;
  awards: number;
  compliance_violation: boolean;
  base_bonus: number;
}

export function personRows(ds: Dataset): PersonRow[] {
  const fc = floatColumns(ds);
  const rows: PersonRow[] = new Array(ds.n);
  for (let i = 0; i < ds.n; i++) {
    const r = { id: ds.id[i]!, name: ds.name[i]!, unit: ds.units[ds.unit[i]!]! } as PersonRow;
    for (const c of NUM_COLS) (r as unknown as Record<string, number>)[c] = fc.f[c][i]!;
    r.compliance_violation = ds.violation[i] === 1;
    rows[i] = r;
  }
  return rows;
}

/** How many people of each edge kind, and how many units of which sizes. */
export function describe(ds: Dataset): { edges: Record<string, number>; units: { count: number; smallest: number; largest: number; ofOne: number } } {
  const edges: Record<string, number> = {};
  for (let i = 0; i < ds.n; i++) edges[EDGE_KINDS[ds.edge[i]!]!] = (edges[EDGE_KINDS[ds.edge[i]!]!] ?? 0) + 1;
  const sizes = new Int32Array(ds.units.length);
  for (let i = 0; i < ds.n; i++) sizes[ds.unit[i]!]!++;
  const used = [...sizes].filter((s) => s > 0);
  return { edges, units: { count: used.length, smallest: Math.min(...used), largest: Math.max(...used), ofOne: used.filter((s) => s === 1).length } };
}

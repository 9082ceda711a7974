/**
 * Seeded data in the shape of the three case policies, rich in the edge cases that separate
 * exact decimal arithmetic from floats: exact breakpoints, totals that end in 5 at the third
 * decimal (89.995), money that does (11723.65 × 0.7 = 8206.555), zero targets, missing optional
 * values, vetoes, identical rows that tie in a quota ranking, groups too small for trimming.
 */

/** mulberry32: a small, fast, seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: () => number, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const fixed = (x: number, d: number): string => x.toFixed(d);

function csv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '勇', '军', '杰'];
const name = (r: () => number): string => pick(r, SURNAMES) + pick(r, GIVEN) + (r() < 0.5 ? pick(r, GIVEN) : '');

/** employees.csv for policies/customer-manager.kpl. */
export function customerManager(n: number, seed = 1): string {
  const r = rng(seed);
  const units = ['城区一部', '城区二部', '县域营销中心', '政企客户部', '小微一组', '单人组'];
  const rows: (string | number)[][] = [];
  let prev: (string | number)[] | undefined;
  for (let i = 1; i <= n; i++) {
    const id = `E${String(i).padStart(7, '0')}`;
    // Identical rows (but the id) tie in the quota ranking.
    if (prev && r() < 0.04) {
      rows.push([id, name(r), ...prev.slice(2)]);
      continue;
    }
    const unit = i % 997 === 0 ? '单人组' : pick(r, units.slice(0, 5));
    const target = r() < 0.03 ? 0 : int(r, 10, 60) * 10000;
    let actual: number;
    const k = r();
    if (target === 0) actual = int(r, 0, 50000000) / 100;
    else if (k < 0.1) actual = target * 1.2;
    else if (k < 0.15) actual = target;
    else if (k < 0.5) actual = target * (1.2 + r() * 0.3);
    else actual = Math.round(target * (0.3 + r() * 1.2) * 100) / 100;
    const growth = pick(r, [0, 0.1, -0.0125, 0.05, 0.1475]) * (r() < 0.3 ? 1 : 0) + (r() < 0.7 ? int(r, -1500, 2500) / 10000 : 0);
    const newCustomers = r() < 0.3 ? pick(r, [5, 10, 15, 20]) : int(r, 0, 30);
    const retention = int(r, 400, 1000) / 1000;
    const satisfaction = int(r, 250, 500) / 100;
    const resolution = r() < 0.2 ? pick(r, [4, 24, 3.9, 24.1]) : int(r, 10, 300) / 10;
    const complaints = r() < 0.5 ? 0 : int(r, 0, 12);
    // Callback at or above 90% caps its score: totals then tend to be exact decimals.
    const callback = r() < 0.5 ? int(r, 900, 1000) / 1000 : int(r, 400, 1000) / 1000;
    const training = r() < 0.3 ? 40 : int(r, 0, 60);
    const collab = int(r, 30, 100);
    const awards = r() < 0.7 ? 0 : int(r, 1, 4);
    const veto = r() < 0.04 ? 'true' : 'false';
    // Cents ending in 5 make base × 0.7 and base × 1.3 end in 5 at the third decimal.
    const bonus = r() < 0.3 ? int(r, 100000, 2000000) / 100 + 0.05 - ((int(r, 100000, 2000000) % 10) / 100) * 0 : int(r, 100000, 2000000) / 100;
    const row: (string | number)[] = [id, name(r), unit, fixed(actual, 2), fixed(target, 2), fixed(growth, 4), newCustomers, fixed(retention, 3), fixed(satisfaction, 2), fixed(resolution, 1), complaints, fixed(callback, 3), training, collab, awards, veto, fixed(bonus, 2)];
    rows.push(row);
    prev = row;
  }
  return csv(['id', 'name', 'unit', 'sales_actual', 'sales_target', 'growth_rate', 'new_customers', 'retention_rate', 'satisfaction', 'avg_resolution_hours', 'complaints', 'callback_rate', 'training_hours', 'collaboration', 'awards', 'compliance_violation', 'base_bonus'], rows);
}

/** employees.csv and teams.csv for policies/service-manager.kpl. */
export function serviceManager(n: number, seed = 2): { employees: string; teams: string } {
  const r = rng(seed);
  const teams = ['热线一组', '热线二组', '营业厅服务组', '投诉处理组', '夜班组', '全差组'];
  const rows: (string | number)[][] = [];
  for (let i = 1; i <= n; i++) {
    const team = i % 101 === 0 ? '全差组' : pick(r, teams.slice(0, 5));
    const bad = team === '全差组';
    const sat = bad ? int(r, 0, 600) / 10 : r() < 0.2 ? pick(r, [70, 85, 95, 69.9, 95.1]) : int(r, 600, 1000) / 10;
    const callback = r() < 0.15 ? '' : fixed(int(r, 500, 1000) / 1000, 3);
    const resolution = r() < 0.2 ? pick(r, [2, 8, 24, 1.5, 30]) : int(r, 5, 300) / 10;
    const sla = r() < 0.2 ? 0.8 : int(r, 700, 1000) / 1000;
    const complaintHours = r() < 0.3 ? pick(r, [24, 48, 72, 0]) : int(r, 0, 100);
    const collab = int(r, 40, 100);
    const valid = bad ? int(r, 4, 8) : r() < 0.7 ? 0 : int(r, 1, 6);
    rows.push([`S${String(i).padStart(6, '0')}`, name(r), team, fixed(sat, 1), callback, fixed(resolution, 1), fixed(sla, 3), complaintHours, collab, valid]);
  }
  const employees = csv(['id', 'name', 'team', 'satisfaction_score', 'callback_rate', 'avg_resolution_hours', 'sla_rate', 'complaint_handling_hours', 'collaboration_index', 'valid_complaints'], rows);
  const pools = [
    ['热线一组', '30000.00'],
    ['热线二组', '25000.00'],
    ['营业厅服务组', '18000.01'],
    ['投诉处理组', '12345.67'],
    ['夜班组', '9999.99'],
    ['全差组', '5000.00'],
    ['无人组', '1000.00'],
  ];
  return { employees, teams: csv(['team', 'pool'], pools) };
}

/** managers.csv and ratings.csv for policies/manager-360.kpl. */
export function manager360(n: number, seed = 3): { managers: string; ratings: string } {
  const r = rng(seed);
  const depts = ['综合部', '市场部', '网络部', '城东县公司', '城西县公司'];
  const groups = ['领导', '平级', '下级'];
  const managers: (string | number)[][] = [];
  const ratings: (string | number)[][] = [];
  for (let i = 1; i <= n; i++) {
    const id = `M${String(i).padStart(6, '0')}`;
    const dept = pick(r, depts);
    const role = dept.endsWith('县公司') ? '县公司' : '职能部门';
    managers.push([id, name(r), dept, role, fixed(int(r, 500, 1000) / 10, 1), fixed(int(r, 500, 1000) / 10, 1), int(r, 60, 100), r() < 0.5 ? 0 : int(r, 0, 10), fixed(int(r, 500, 1000) / 10, 1), r() < 0.03 ? 'true' : 'false', fixed(int(r, 5000000, 30000000) / 100, 2)]);
    // A few managers nobody rated: they cannot be assessed.
    if (i % 211 === 7) continue;
    for (const g of groups) {
      const count = r() < 0.15 ? 0 : int(r, 1, 8);
      for (let k = 0; k < count; k++) ratings.push([id, g, `R${int(r, 1, 999)}`, r() < 0.2 ? pick(r, [60, 75, 90, 100]) : int(r, 55, 100)]);
    }
  }
  return {
    managers: csv(['id', 'name', 'department', 'role', 'kpi_score', 'mgmt_score', 'culture_score', 'inspection_issues', 'staff_satisfaction', 'integrity_incident', 'annual_salary_base'], managers),
    ratings: csv(['ratee', 'rater_group', 'rater', 'score'], ratings),
  };
}

/**
 * Random data for a generated policy, biased to the edges where engines tend to differ: the
 * policy's own breakpoints and band edges (exactly, and a hair either side, including `.xx5`
 * values that round across an edge), range bounds, zeros, blank optional cells, ties (a value
 * repeated from an earlier row), huge and tiny values — and, sometimes, invalid cells (error
 * rows), duplicate keys, related rows of nobody, unknown lookup keys.
 */
import Decimal from 'decimal.js';
import type { Draw } from './random.ts';
import type { Column, PolicySpec } from './policy-gen.ts';

const D = (x: Decimal.Value): string => new Decimal(x).toFixed();

function inRange(c: Column, v: string): boolean {
  const x = new Decimal(v);
  if (c.lo !== undefined && (c.loOpen ? x.lte(c.lo) : x.lt(c.lo))) return false;
  if (c.hi !== undefined && (c.hiOpen ? x.gte(c.hi) : x.gt(c.hi))) return false;
  if (c.kind === 'integer' && !x.isInteger()) return false;
  return true;
}

const NUDGES = ['0', '0', '0', '0.005', '-0.005', '0.0049', '-0.0049', '0.01', '-0.01', '0.5', '-0.5', '0.0000000001', '-0.0000000001', '1', '-1'];

class Values {
  /** Values given so far per column (ties). */
  private readonly seen = new Map<Column, string[]>();

  constructor(
    private readonly r: Draw,
    private readonly spec: PolicySpec,
    private readonly invalidRate: number,
  ) {}

  number(c: Column): string {
    const r = this.r;
    const lo = c.lo !== undefined ? new Decimal(c.lo) : undefined;
    const hi = c.hi !== undefined ? new Decimal(c.hi) : undefined;
    const seen = this.seen.get(c) ?? [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const how = r.weighted<string>([
        [4, 'random'],
        [4, 'edge'],
        [2, 'band'],
        [2, 'tie'],
        [1, 'bound'],
        [1, 'zero'],
        [1, 'xx5'],
        [1, 'extreme'],
      ]);
      let v: string | undefined;
      if (how === 'random') {
        const l = lo?.toNumber() ?? (c.kind === 'money' ? 0 : -20);
        const h = hi?.toNumber() ?? (c.kind === 'money' ? 20000 : c.kind === 'integer' ? 40 : 150);
        const dp = c.kind === 'integer' ? 0 : c.kind === 'percent' ? r.pick([2, 3, 4]) : r.pick([0, 1, 2, 2, 3]);
        const s = 10 ** dp;
        v = D(new Decimal(r.int(Math.ceil(l * s), Math.floor(h * s))).div(s));
      } else if (how === 'edge' && c.edges.length) v = D(new Decimal(r.pick(c.edges)).plus(c.kind === 'integer' ? r.pick(['0', '1', '-1']) : c.kind === 'percent' ? r.pick(['0', '0.0005', '-0.0005', '0.00001']) : r.pick(NUDGES)));
      else if (how === 'band' && this.spec.bandEdges.length && c.kind !== 'integer') v = D(new Decimal(r.pick(this.spec.bandEdges)).plus(r.pick(NUDGES)));
      else if (how === 'tie' && seen.length) v = r.pick(seen);
      else if (how === 'bound') v = r.pick([c.lo, c.hi].filter((x): x is string => x !== undefined)) ?? '0';
      else if (how === 'zero') v = '0';
      else if (how === 'xx5' && c.kind !== 'integer') v = D(new Decimal(r.int(0, c.kind === 'percent' ? 99 : 9999)).div(c.kind === 'percent' ? 100 : 100).plus(c.kind === 'percent' ? '0.00005' : '0.005'));
      else if (how === 'extreme') v = r.pick(['99999999999.995', '123456789012345678.25', '0.0000001', '0.000000000005', '1e-7']);
      if (v === undefined) continue;
      if (v === '1e-7') v = '0.0000001';
      if (inRange(c, v)) {
        seen.push(v);
        this.seen.set(c, seen);
        return v;
      }
    }
    return c.lo !== undefined && !c.loOpen ? c.lo : c.hi !== undefined && !c.hiOpen ? c.hi : '1';
  }

  /** The cell text for a column (sometimes blank, sometimes invalid). */
  cell(c: Column): string {
    const r = this.r;
    if (c.optional && r.chance(0.25)) return r.pick(['', ' ']);
    if (this.invalidRate > 0 && r.chance(this.invalidRate)) return this.invalid(c);
    switch (c.kind) {
      case 'bool': {
        const t = r.chance(0.5);
        return r.weighted([
          [6, t ? 'true' : 'false'],
          [1, t ? '1' : '0'],
          [1, t ? 'yes' : 'no'],
          [1, t ? '是' : '否'],
          [1, t ? 'TRUE' : 'False'],
        ]);
      }
      case 'category':
        return r.pick(c.values!);
      case 'text':
        return 't';
      case 'percent': {
        const v = this.number(c);
        return r.chance(0.3) ? `${D(new Decimal(v).times(100))}%` : v;
      }
      case 'integer': {
        const v = this.number(c);
        return r.chance(0.1) ? `${v}.0` : v;
      }
      default: {
        const v = this.number(c);
        return r.chance(0.05) ? `+${v}` : r.chance(0.05) ? ` ${v} ` : v;
      }
    }
  }

  invalid(c: Column): string {
    const r = this.r;
    switch (c.kind) {
      case 'bool':
        return r.pick(['maybe', '2', '']);
      case 'category':
        return r.pick(['nobody', c.values![0]!.toLowerCase() + 'x', '']);
      case 'integer':
        return r.pick(['3.5', 'x', '-1', '', '1e3']);
      case 'percent':
        return r.pick(['120%', '-0.1', '12.5 percent', '']);
      case 'text':
        return '';
      default:
        return r.pick(['1,234.50', '1e3', '12元', 'abc', '', c.hi !== undefined ? D(new Decimal(c.hi).plus(1)) : '-1']);
    }
  }
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(header: string[], rows: string[][], r: Draw): string {
  const eol = r.chance(0.1) ? '\r\n' : '\n';
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join(eol) + eol;
}

/** Data files (name → text) for a generated policy. */
export interface DataOptions {
  /** Give some people a key already used (the later row is in error). Default true. */
  readonly duplicateKeys?: boolean;
}

export function generateData(r: Draw, spec: PolicySpec, opts: DataOptions = {}): Map<string, string> {
  const invalidRate = r.chance(0.15) ? 0.05 : 0;
  const v = new Values(r, spec, invalidRate);
  // mostly small; sometimes enough people for quotas of 5–10% to bite
  const n = r.chance(0.08) ? r.int(11, 20) : r.int(1, 10);
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && opts.duplicateKeys !== false && r.chance(0.05)) keys.push(r.pick(keys)); // a duplicate key: that row is in error
    else keys.push(r.chance(0.2) ? `员${i + 1}` : `p${i + 1}`);
  }
  const teams = ['t1', 't2', 't3'];
  const files = new Map<string, string>();
  const header = [spec.key.name, ...spec.columns.map((c) => c.name)];
  const rows = keys.map((k) =>
    [k, ...spec.columns.map((c) => (c.name === 'team' ? (r.chance(0.03) ? 'nowhere' : r.pick(teams)) : v.cell(c)))],
  );
  files.set(`${spec.population}.csv`, csv(header, rows, r));
  if (spec.related) {
    const t = spec.related;
    const rel: string[][] = [];
    for (const k of keys) {
      const m = r.weighted([
        [2, 0],
        [3, r.int(1, 3)],
        [3, r.int(3, 7)],
      ]);
      for (let j = 0; j < m; j++) rel.push([k, r.pick(t.group.values!), v.cell(t.score)]);
    }
    if (r.chance(0.05)) rel.push(['nobody', t.group.values![0]!, '50']);
    if (!rel.length) rel.push([keys[0]!, t.group.values![0]!, '70']);
    files.set(`${t.name}.csv`, csv([t.by, t.group.name, t.score.name], rel, r));
  }
  if (spec.lookup) {
    const t = spec.lookup;
    const used = teams.slice(0, r.chance(0.1) ? 2 : 3);
    const rowsT = used.map((tm) => [tm, v.cell(t.pool), ...(t.coef ? [v.cell(t.coef)] : [])]);
    if (r.chance(0.05)) rowsT.push([used[0]!, '100', ...(t.coef ? ['1'] : [])]);
    files.set(`${t.name}.csv`, csv([t.key, t.pool.name, ...(t.coef ? [t.coef.name] : [])], rowsT, r));
  }
  return files;
}

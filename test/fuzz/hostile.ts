/**
 * The hostile-input fuzzer (issue 12): policies and data mutated the way an attacker or a careless
 * user would — token-level (grammar-aware: KPL's own lexer cuts the policy into tokens, which are
 * dropped, repeated, swapped, or joined by keywords, operators, deep nesting, huge numbers and
 * prototype names) and byte-level (flips, control characters, invalid UTF-8, truncation, splices)
 * on the bundled policies and the conformance corpus, and the data as CSV, JSON (structure and
 * bytes) and Excel workbooks (written, then their zip bytes mutated). Some inputs also go through
 * the command line (`kpl eval` with `--out`, and a compiled plan edited by hand).
 *
 * The property, for every input: nothing throws (no crash, no stack trace), every diagnostic has
 * a catalogue code, no input takes longer than the budget, the command line never exits 70 and
 * never leaves an output half-written (a temporary file, or an `--out` file after a failure), and
 * nothing is lost: every row of the population file is either written evaluated or written in
 * error with a diagnostic at its line (rows in = rows out + rows reported), on both engines, with
 * the rows in counted apart from the loader when the file is simple enough to count by eye.
 * Seeded: input `i` of seed `s` is the same on every run (`inputAt(s, i)`). The long run and the
 * enforced time budget (inputs in worker threads, a worker stuck on one input is ended and the
 * input kept as a finding) are in hostile-pool.ts.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { compile, lex, loadTables, evaluate, evaluateFast, writeXlsx, readPlan, planHashMatches, verifyPlan, type DataFile, type Diagnostic, type LoadedData, type Plan } from '../../src/index.ts';
import { CATALOG } from '../../src/diagnostics/codes.ts';
import { parseCase, dataFilesOf, printCase } from '../conformance/harness/case-file.ts';
import { main } from '../../src/cli/main.ts';

// ── seeded randomness ────────────────────────────────────────────────────

/** mulberry32: small, fast, and the same everywhere. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// ── seeds: the bundled policies and the conformance corpus ───────────────

export interface Seed {
  readonly policy: string;
  readonly data: readonly { table: string; text: string; format: 'csv' | 'json' }[];
}

const ROOT = new URL('../../', import.meta.url);

function filesBelow(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

let seeds: Seed[] | undefined;

/** Every conformance case with a single policy file, and the bundled policies with their data. */
export function loadSeeds(): Seed[] {
  if (seeds) return seeds;
  const root = new URL('.', ROOT).pathname;
  const out: Seed[] = [];
  for (const f of filesBelow(join(root, 'test/conformance'), '.kplcase')) {
    const c = parseCase(readFileSync(f, 'utf8'));
    const policy = c.files.get('policy.kpl');
    if (policy === undefined || [...c.files.keys()].some((n) => n.endsWith('.kpl') && n !== 'policy.kpl')) continue;
    out.push({ policy, data: dataFilesOf(c).map((d) => ({ table: d.table, text: d.text, format: d.name.endsWith('.json') ? 'json' : 'csv' })) });
  }
  for (const f of filesBelow(join(root, 'policies'), '.kpl')) {
    const name = f.slice(f.lastIndexOf('/') + 1, -4);
    const data = filesBelow(join(root, 'policies/data', name), '.csv').map((p) => ({ table: p.slice(p.lastIndexOf('/') + 1, -4), text: readFileSync(p, 'utf8'), format: 'csv' as const }));
    out.push({ policy: readFileSync(f, 'utf8'), data });
  }
  seeds = out;
  return out;
}

// ── mutations ────────────────────────────────────────────────────────────

const PROTO = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];
const FRAGMENTS = [
  'indicator', 'weight', '100%', '0%', '130%', 'let', 'adjust', 'total', 'grade', 'veto', 'distribute', 'reward', 'output', 'input', 'key',
  'if', 'then', 'else', 'and', 'or', 'not', 'otherwise', 'missing', 'drop', 'import', '"../../etc/passwd.kpl"', '"/etc/passwd"',
  '(', ')', '{', '}', '[', ']', ',', ';', ':', '=', '+', '-', '*', '/', '<', '>=', '->', '%', '"', '#',
  '0', '-1', '0.000000000000000000000000000001', '1'.padEnd(400, '0'), '9'.repeat(40), '1e39', 'NaN', 'Infinity',
  'min(', 'max(', 'abs(', 'round(', 'ratio(', 'interpolate(', 'steps(', 'rank(', 'allocate(', 'sum(', 'count(', 'mean(',
  '指标', '权重', '总分', '等级', '否则', '（', '）', '：', '％', '\u200b', '\u202e', '\u0000', '\u001b[31m', '\r', '\t', '\ud800',
  ...PROTO,
];

function deepWrap(rng: Rng): string {
  const n = rng.pick([10, 65, 200, 401, 2000, 20000]);
  const [open, close] = rng.pick([['(', ')'], ['abs(', ')'], ['-', ''], ['if x then ', ' else 0'], ['{', '}']] as const);
  return open.repeat(n) + 'x' + close.repeat(n);
}

/** The policy with a few token-level (grammar-aware) mutations. */
function mutateTokens(rng: Rng, text: string): string {
  const toks = lex('m.kpl', text).tokens.map((t) => ({ start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 }));
  if (!toks.length) return text + rng.pick(FRAGMENTS);
  let s = text;
  // Edits from the end, so that earlier offsets stay valid.
  const picks = Array.from({ length: rng.int(1, 4) }, () => rng.int(0, toks.length - 1)).sort((a, b) => b - a);
  for (const i of picks) {
    const t = toks[i]!;
    const word = s.slice(t.start, t.end);
    const other = toks[rng.int(0, toks.length - 1)]!;
    const insert = rng.chance(0.15) ? deepWrap(rng) : rng.chance(0.3) ? text.slice(other.start, other.end) : rng.pick(FRAGMENTS);
    switch (rng.int(0, 5)) {
      case 0: s = s.slice(0, t.start) + s.slice(t.end); break;
      case 1: s = s.slice(0, t.end) + ' ' + word + s.slice(t.end); break;
      case 2: s = s.slice(0, t.start) + insert + s.slice(t.end); break;
      case 3: s = s.slice(0, t.start) + insert + ' ' + s.slice(t.start); break;
      case 4: s = s.slice(0, t.start) + rng.pick(PROTO) + s.slice(t.end); break;
      default: s = s.slice(0, t.start) + word.repeat(rng.int(2, 50)) + s.slice(t.end);
    }
  }
  return s;
}

/** Byte-level mutations of any text or binary. */
function mutateBytes(rng: Rng, bytes: Uint8Array, other?: Uint8Array): Uint8Array {
  let b: Uint8Array = Uint8Array.from(bytes);
  for (let k = rng.int(1, 6); k > 0; k--) {
    const at = b.length ? rng.int(0, b.length - 1) : 0;
    switch (rng.int(0, 6)) {
      case 0: if (b.length) b[at] = b[at]! ^ (1 << rng.int(0, 7)); break;
      case 1: if (b.length) b[at] = rng.pick([0, 0x0a, 0x0d, 0x22, 0x2c, 0x1b, 0xff, 0xc0, 0x80, 0x7b, 0x5b]); break;
      case 2: b = concat(b.subarray(0, at), b.subarray(Math.min(b.length, at + rng.int(1, 64)))); break;
      case 3: b = b.subarray(0, at); break;
      case 4: b = concat(b.subarray(0, at), b.subarray(at, Math.min(b.length, at + rng.int(1, 200))), b.subarray(at)); break;
      case 5: if (other?.length) { const o = rng.int(0, other.length - 1); b = concat(b.subarray(0, at), other.subarray(o, o + rng.int(1, 500)), b.subarray(at)); } break;
      default: b = concat(b.subarray(0, at), new TextEncoder().encode(rng.pick(['\uFEFF', '"', '""', '\r\n', ',,,', '\u0000', '__proto__', '1'.repeat(500), '-0', '１２', '1,234.5', '\ud800'])), b.subarray(at));
    }
  }
  return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Minimal CSV rows (quotes honoured) for turning a seed's CSV into JSON or a workbook. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (q) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') q = false;
      else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else if (c !== '\r') cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** A JSON value mutated in its structure: a prototype key, a deep nest, a huge number, a wrong type. */
function mutateJson(rng: Rng, rows: Record<string, unknown>[]): string {
  const r = rows.length ? rows[rng.int(0, rows.length - 1)]! : {};
  const keys = Object.keys(r);
  const k = keys.length ? rng.pick(keys) : 'x';
  const value = rng.pick<unknown>(['1e999', 1e308, -0, '9'.repeat(400), null, true, [], {}, '__proto__', 'x'.repeat(10000), 12345678901234567890]);
  switch (rng.int(0, 4)) {
    case 0: r[k] = value; break;
    case 1: return JSON.stringify(rows).replace('{', `{"__proto__": {"${k}": 1}, `);
    case 2: { const n = rng.pick([10, 1000, 100000]); return JSON.stringify(rows).replace('{', `{${JSON.stringify(k)}: ${'['.repeat(n)}1${']'.repeat(n)}, `); }
    case 3: return JSON.stringify({ [rng.pick(PROTO)]: rows });
    default: delete r[k];
  }
  const text = JSON.stringify(rows);
  return rng.chance(0.3) ? text.replace(/"(-?\d+(?:\.\d+)?)"/, '$1') : text;
}

export interface HostileInput {
  readonly how: string;
  readonly policy: string;
  readonly data: DataFile[];
  /** Run through the command line as well (slower), and with a hand-edited plan. */
  readonly cli: boolean;
}

const workbooks = new Map<string, Uint8Array>();
/**
 * A seed's table as a workbook, numbers as number cells (`typed`) or as text; written once and
 * kept (writing a workbook costs more than running most inputs), the mutations come after.
 */
function seedWorkbook(d: Seed['data'][number], typed: boolean): Uint8Array {
  const key = `${typed}\u0000${d.table}\u0000${d.text}`;
  let bytes = workbooks.get(key);
  if (!bytes) {
    const [header = [], ...rows] = csvRows(d.text);
    bytes = writeXlsx([{ name: d.table, header, rows: rows.map((r) => r.map((c) => (c === '' ? null : typed && /^-?\d+(\.\d+)?$/.test(c) ? { number: c } : c))) }]);
    workbooks.set(key, bytes);
  }
  return bytes;
}

/** Input `i` of a run seeded `seed`: the same every time. */
export function inputAt(seed: number, i: number, cliShare = 0.02): HostileInput {
  const rng = new Rng((seed * 2654435761 + i * 40503 + 1) >>> 0);
  const all = loadSeeds();
  const base = rng.pick(all);
  const mode = rng.pick(['tokens', 'tokens', 'bytes', 'data', 'data', 'both', 'splice'] as const);
  let policy = base.policy;
  if (mode === 'tokens' || mode === 'both') policy = mutateTokens(rng, policy);
  if (mode === 'bytes') policy = new TextDecoder().decode(mutateBytes(rng, new TextEncoder().encode(policy)));
  if (mode === 'splice') {
    const other = rng.pick(all).policy;
    policy = policy.slice(0, rng.int(0, policy.length)) + other.slice(rng.int(0, other.length));
  }
  const enc = new TextEncoder();
  const hows: string[] = [mode];
  const data: DataFile[] = base.data.map((d) => {
    let format: 'csv' | 'json' | 'xlsx' = d.format;
    let bytes: Uint8Array = enc.encode(d.text);
    if (d.format === 'csv' && rng.chance(0.25)) {
      const [header = [], ...rows] = csvRows(d.text);
      if (rng.chance(0.5)) {
        format = 'json';
        const objs = rows.map((r) => Object.fromEntries(header.map((h, j) => [h, r[j] ?? ''])));
        bytes = enc.encode(mode === 'data' || mode === 'both' ? mutateJson(rng, objs) : JSON.stringify(objs));
      } else {
        format = 'xlsx';
        bytes = seedWorkbook(d, rng.chance(0.7));
      }
      hows.push(format);
    }
    if ((mode === 'data' || mode === 'both') && rng.chance(0.7)) bytes = mutateBytes(rng, bytes, enc.encode(rng.pick(all).policy));
    return { table: d.table, fileName: `${d.table}.${format}`, bytes, format };
  });
  return { how: hows.join('+'), policy, data, cli: rng.chance(cliShare) };
}

// ── the property ─────────────────────────────────────────────────────────

export interface Finding {
  /** `rows`: rows in ≠ rows out + rows reported; `timeout`: the input was stopped at the budget (hostile-pool.ts). */
  readonly kind: 'crash' | 'no code' | 'slow' | 'timeout' | 'exit 70' | 'half-written' | 'rows';
  readonly detail: string;
  readonly index: number;
  readonly input: HostileInput;
}

function checkCodes(ds: readonly Diagnostic[], where: string): string | undefined {
  const bad = ds.find((d) => !Object.hasOwn(CATALOG, d.code) || typeof d.message !== 'string');
  return bad ? `${where}: a diagnostic without a catalogue code (${JSON.stringify(bad).slice(0, 200)})` : undefined;
}

/** Runs one input on the library (compile, read, both engines) and, when it says so, on the command line. */
export function runInput(input: HostileInput, index: number, budgetMs: number): Finding[] {
  const findings: Finding[] = [];
  const found = (kind: Finding['kind'], detail: string): void => void findings.push({ kind, detail, index, input });
  const t0 = performance.now();
  try {
    const c = compile('policy.kpl', input.policy);
    const bad = checkCodes(c.diagnostics, 'compile');
    if (bad) found('no code', bad);
    if (c.plan) {
      const data = loadTables(c.plan.inputs, input.data);
      const badData = checkCodes(data.diagnostics, 'loadTables');
      if (badData) found('no code', badData);
      if (!data.diagnostics.some((d) => d.severity === 'error')) {
        const counts: string[] = [];
        for (const [name, run] of [['evaluate', evaluate], ['evaluateFast', evaluateFast]] as const) {
          const r = run(c.plan, data);
          const badEval = checkCodes(r.diagnostics, name);
          if (badEval) found('no code', badEval);
          const rows = rowsAccounted(name, c.plan, data, input.data, r.people, r.diagnostics);
          if ('wrong' in rows) found('rows', rows.wrong);
          else counts.push(rows.counts);
        }
        if (counts.length === 2 && counts[0] !== counts[1]) found('rows', `the engines count differently: evaluate ${counts[0]}, evaluateFast ${counts[1]}`);
      }
    }
  } catch (e) {
    found('crash', e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 6).join('\n') : String(e));
  }
  const ms = performance.now() - t0;
  if (ms > budgetMs) found('slow', `${ms.toFixed(0)} ms, over the budget of ${budgetMs} ms`);
  if (input.cli) findings.push(...runCli(input, index));
  return findings;
}

/**
 * Rows in = rows out + rows reported, for one engine's result: every population row is a person
 * of the result (none lost, none made up), each in error has an error diagnostic at its line and
 * none evaluated has one. The counts (`in/out/reported`) when it holds, else what is wrong.
 */
function rowsAccounted(engine: string, plan: Plan, data: LoadedData, files: readonly DataFile[], people: readonly { line: number; status: 'ok' | 'error' | 'not_assessed' }[], diagnostics: readonly Diagnostic[]): { counts: string } | { wrong: string } {
  const wrong = (why: string) => ({ wrong: `${engine}: ${why}` });
  const pop = plan.inputs.find((t) => t.role === 'population')!;
  const table = data.tables[pop.name];
  if (!table) return wrong('no population table loaded');
  const rowsIn = table.rows.length;
  const counted = countRows(files.find((f) => f.table === pop.name));
  if (counted !== undefined && counted !== rowsIn) return wrong(`${pop.name} has ${counted} data rows, the loader read ${rowsIn}`);
  if (people.length !== rowsIn) return wrong(`${rowsIn} rows in, ${people.length} people in the results`);
  const reportedAt = new Set<number>();
  for (const d of diagnostics) if (d.severity === 'error' && d.dataLocation && d.dataLocation.file === table.file) reportedAt.add(d.dataLocation.line);
  let reported = 0;
  for (const p of people) {
    if (p.status === 'error') {
      reported++;
      if (!reportedAt.has(p.line)) return wrong(`the row at line ${p.line} is written in error, but no diagnostic reports it`);
    } else if (reportedAt.has(p.line)) {
      return wrong(`the row at line ${p.line} is reported in error, but written evaluated`);
    }
  }
  return { counts: `${rowsIn} in, ${rowsIn - reported} out, ${reported} reported` };
}

/**
 * The data rows of a population file counted apart from the loader, when that is plain: CSV
 * without quotes or carriage returns in valid UTF-8 (lines that are not blank or only commas,
 * less the header), or a JSON array. Undefined otherwise (then the loader's count is taken).
 */
function countRows(file: DataFile | undefined): number | undefined {
  if (!file) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    return undefined;
  }
  if (file.format === 'json') {
    try {
      const v: unknown = JSON.parse(text);
      return Array.isArray(v) && v.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r)) ? v.length : undefined;
    } catch {
      return undefined;
    }
  }
  if (file.format !== 'csv' || /["\r\u0000]/.test(text) || text.startsWith('\uFEFF')) return undefined;
  const lines = text.split('\n').filter((l) => !/^[\s,]*$/u.test(l));
  return Math.max(0, lines.length - 1);
}

/** The command line on the input: `kpl eval --out` (never exit 70, nothing half-written), then a hand-edited plan. */
function runCli(input: HostileInput, index: number): Finding[] {
  const findings: Finding[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'kpl-hostile-'));
  const quiet = <T>(f: () => T): T => {
    const ow = process.stdout.write;
    const ew = process.stderr.write;
    let err = '';
    process.stdout.write = (() => true) as typeof ow;
    process.stderr.write = ((s: string) => ((err += String(s)), true)) as typeof ew;
    try {
      return f();
    } finally {
      process.stdout.write = ow;
      process.stderr.write = ew;
      if (/internal error|RangeError|    at /.test(err)) findings.push({ kind: 'exit 70', detail: err.slice(0, 400), index, input });
    }
  };
  try {
    const policy = join(dir, 'policy.kpl');
    writeFileSync(policy, input.policy);
    const data = input.data.flatMap((d) => {
      writeFileSync(join(dir, d.fileName), d.bytes);
      return ['--data', `${d.table}=${join(dir, d.fileName)}`];
    });
    const out = join(dir, 'out', 'results.csv');
    rmSync(join(dir, 'out'), { recursive: true, force: true });
    writeFileSync(join(dir, 'plan-out.json'), '');
    const code = quiet(() => main(['eval', policy, ...data, '--out', join(dir, 'results.csv')]));
    if (code === 70) findings.push({ kind: 'exit 70', detail: 'kpl eval exited 70', index, input });
    const left = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    if (left.length) findings.push({ kind: 'half-written', detail: `temporary files left: ${left.join(', ')}`, index, input });
    if ((code === 2 || code === 64) && existsSync(join(dir, 'results.csv'))) findings.push({ kind: 'half-written', detail: `exit ${code} but results.csv was written`, index, input });
    void out;
    // A compiled plan, edited by hand: refused or run, never a crash.
    const c = compile(policy, input.policy);
    if (c.plan) {
      const text = JSON.stringify(c.plan, null, 2);
      const rng = new Rng(index);
      const edited = new TextDecoder().decode(mutateBytes(rng, new TextEncoder().encode(text)));
      const planFile = join(dir, 'plan.json');
      writeFileSync(planFile, edited);
      const pc = quiet(() => main(['eval', planFile, ...data, '--format', 'csv']));
      if (pc === 70) findings.push({ kind: 'exit 70', detail: 'kpl eval PLAN.json exited 70', index, input });
      // The library calls too: a plan read must be checked without throwing.
      const r = readPlan(edited);
      if (r.plan && planHashMatches(r.plan)) verifyPlan(r.plan);
    }
  } catch (e) {
    findings.push({ kind: 'crash', detail: e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 6).join('\n') : String(e), index, input });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return findings;
}

/**
 * A finding as a conformance-case candidate (test/conformance): the policy and its data files,
 * what broke and how to replay it in the comment. Expected files are not there — whoever fixes the
 * bug adds them (the interpreter's result) and moves the case into the corpus. A data file that
 * is not text (a workbook, invalid UTF-8) is kept in the comment as Base64.
 */
export function caseCandidate(f: Pick<Finding, 'kind' | 'detail' | 'index' | 'input'>, seed: number): string {
  const files = new Map<string, string>([['policy.kpl', f.input.policy]]);
  const binary: string[] = [];
  for (const d of f.input.data) {
    let text: string | undefined;
    try {
      text = d.format === 'xlsx' ? undefined : new TextDecoder('utf-8', { fatal: true }).decode(d.bytes);
    } catch {
      text = undefined;
    }
    if (text !== undefined && !/^-- .+ --$/m.test(text)) files.set(d.fileName, text);
    else binary.push(`${d.fileName} (${d.bytes.length} bytes, Base64): ${Buffer.from(d.bytes).toString('base64')}`);
  }
  const comment = [
    `# hostile fuzzer: ${f.kind} (seed ${seed}, input ${f.index}, ${f.input.how})`,
    '',
    `Replay: npm run fuzz -- --hostile --seed ${seed} --from ${f.index} --runs 1`,
    '',
    ...f.detail.split('\n').map((l) => `    ${l}`),
    ...(binary.length ? ['', 'Data files that are not text:', ...binary] : []),
  ].join('\n');
  return printCase({ comment, files });
}

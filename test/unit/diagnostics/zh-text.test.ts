/**
 * Chinese throughout: every catalogue message, every phrase (help lines, notes, the wording put
 * into message arguments) and every term reads as Chinese with `--lang zh`. English is allowed only
 * inside backtick code spans (names, keywords, syntax to write), in file paths and in the few
 * technical abbreviations a Chinese officer reads as they are (CSV, JSON, UTF-8, Excel …).
 * Then the broken policies and data of test/golden are checked with `--lang zh` as a user runs them.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOG } from '../../../src/diagnostics/codes.ts';
import { PHRASES } from '../../../src/diagnostics/phrases.ts';
import { TERMS_ZH } from '../../../src/diagnostics/terms-zh.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { compile } from '../../../src/compile.ts';
import { localize, localizeHelp, type Diagnostic } from '../../../src/diagnostics/diagnostic.ts';
import { readPlan } from '../../../src/plan/read-plan.ts';
import { readPlanFile } from '../../../src/cli/plan-file.ts';
import { writeFailed } from '../../../src/cli/output.ts';
import { phrase } from '../../../src/diagnostics/phrases.ts';

/** Words a Chinese text may carry as they are (and identifiers with digits, as person keys `M002`). */
const ALLOWED = new Set(['CSV', 'JSON', 'UTF', 'Excel', 'YYYY', 'MM', 'DD', 'GB18030', 'GBK', 'BOM', 'xlsx', 'KPL', 'KPI', 'OKR', 'SHA', 'SQL', 'DuckDB', 'PostgreSQL']);

/** The English words of a text outside code spans, file paths and codes. */
export function englishWords(text: string, own: ReadonlySet<string> = new Set()): string[] {
  const bare = text
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/\bKPL\d{4}\b/g, ' ')
    .replace(/(?:[\w.-]*\/)*[\w.-]+\.(?:kpl|csv|xlsx|json|txt)\b/gi, ' ');
  return (bare.match(/[A-Za-z_][A-Za-z0-9_']+/g) ?? []).filter((w) => !ALLOWED.has(w) && !own.has(w) && !/\d/.test(w));
}

/** A message template with every placeholder filled by a Chinese sample, as names from a policy are. */
const sample = (template: string): string => template.replace(/\{(\w+)\}/g, '示例');
/** Placeholders; a Chinese `{whyZh}` stands for the English `{why}` (an argument given in both languages). */
const placeholders = (template: string): string[] => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!.replace(/Zh$/, '')).sort();

describe('the catalogue and the phrases are Chinese in zh', () => {
  it.each(Object.entries(CATALOG).map(([code, e]) => [code, e.zh, e.en] as const))('%s', (_code, zh, en) => {
    expect(englishWords(sample(zh)), zh).toEqual([]);
    expect([...new Set(placeholders(zh))], 'the same placeholders in both languages').toEqual([...new Set(placeholders(en))]);
  });
  it.each(Object.entries(PHRASES).map(([key, p]) => [key, p.zh, p.en] as const))('phrase %s', (_key, zh, en) => {
    expect(englishWords(sample(zh)), zh).toEqual([]);
    expect([...new Set(placeholders(zh))]).toEqual([...new Set(placeholders(en))]);
  });
  it('every term', () => {
    for (const zh of Object.values(TERMS_ZH)) expect(englishWords(zh), zh).toEqual([]);
  });
});

describe('the check of englishWords itself', () => {
  it('finds English outside code spans and allows names, paths and codes inside', () => {
    expect(englishWords('`t` 不能用于as a bracket: write `threshold: rate`')).toEqual(['as', 'bracket', 'write']);
    expect(englishWords('a/b.kpl:3:1: 错误 KPL2003：`weight` 合计为 90%')).toEqual([]);
  });
});

const GOLDEN = join(import.meta.dirname, '../../golden/diagnostics');

/** What a user sees: the messages, help and notes, without the echoed source lines and carets. */
function userLines(output: string): string[] {
  return output.split('\n').filter((l) => l.trim() !== '' && !/^\s*\d* \| /.test(l));
}

describe('kpl check --lang zh on broken policies prints no English', () => {
  const files = readdirSync(join(GOLDEN, 'policy')).filter((f) => f.endsWith('.kpl') && !f.startsWith('_'));
  it.each(files)('%s', (f) => {
    const r = runCli('check', '--lang', 'zh', join(GOLDEN, 'policy', f));
    const bad = userLines(r.err + r.out).filter((l) => englishWords(l).length > 0);
    expect(bad).toEqual([]);
  });
});

describe('kpl eval --lang zh on broken data prints no English', () => {
  const cases = readdirSync(join(GOLDEN, 'data'));
  it.each(cases)('%s', (c) => {
    const dir = join(GOLDEN, 'data', c);
    const data = readdirSync(dir).filter((f) => /\.(csv|json|xlsx)$/.test(f)).flatMap((f) => ['--data', `${f.replace(/\.\w+$/, '')}=${join(dir, f)}`]);
    const r = runCli('eval', '--lang', 'zh', join(dir, 'policy.kpl'), ...data, '--out', '/dev/null');
    const bad = userLines(r.err).filter((l) => englishWords(l).length > 0);
    expect(bad).toEqual([]);
  });
});

describe('kpl explain --lang zh is Chinese', () => {
  const dir = join(import.meta.dirname, '../../golden/explain');
  const data = join(import.meta.dirname, '../../../policies/data');
  // The golden reports are what explain prints (test/golden/explain.test.ts holds them equal).
  const reports = readdirSync(dir).filter((f) => /\.zh\.(txt|md)$/.test(f));
  it.each(reports)('%s', (f) => {
    const policy = f.replace(/-[^-]+\.zh\.\w+$/, '');
    // Names from the policy and its data (columns, ids, keywords in quoted rules) are the author's words.
    const own = new Set([readFileSync(join(dir, 'policies', `${policy}.kpl`), 'utf8'), ...readdirSync(join(data, policy)).map((d) => readFileSync(join(data, policy, d), 'utf8'))].flatMap((t) => t.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []));
    const text = readFileSync(join(dir, f), 'utf8').replace(/```[\s\S]*?```/g, '');
    const prose = text.split('\n').filter((l) => !/^ {4,}/.test(l));
    const bad = prose.filter((l) => englishWords(l, own).length > 0);
    expect(bad).toEqual([]);
  });
});

/** Message and help line of a diagnostic as `--lang zh` prints them. */
const zhLines = (d: Diagnostic): string[] => [localize(d, 'zh'), localizeHelp(d, 'zh') ?? ''];

describe('a plan file that is not valid (KPL2041) is explained in Chinese', () => {
  const policy = readFileSync(join(import.meta.dirname, '../../../policies/customer-manager.kpl'), 'utf8');
  const good = compile('customer-manager.kpl', policy).plan!;
  const edit = (f: (p: Record<string, any>) => void): string => {
    const p = structuredClone(good) as Record<string, any>;
    f(p);
    return JSON.stringify(p);
  };
  it.each([
    ['not JSON', '{"planVersion": 2,'],
    ['not JSON, at a place', '{"planVersion": 2 "x": 1}'],
    ['empty', ''],
    ['another version', edit((p) => (p.planVersion = 99))],
    ['a missing field', edit((p) => delete p.hash)],
    ['a field not allowed', edit((p) => (p.notes = 'x'))],
    ['an unknown kind', edit((p) => (p.indicators[0].weight.k = 'fixd'))],
    ['a node without a kind', edit((p) => (p.total.expr = { v: '1' }))],
    ['a wrong type', edit((p) => (p.grades[0].otherwise = 'yes'))],
    ['not one of the values', edit((p) => (p.indicators[0].missing = 'skip'))],
    ['not a decimal', edit((p) => (p.indicators[0].weight.value = '1e3'))],
    ['an array where an object is', edit((p) => (p.policy = []))],
    ['too deep', '['.repeat(2000) + ']'.repeat(2000)],
    ['many problems', edit((p) => p.indicators.forEach((i: Record<string, unknown>) => ((i.missing = 1), (i.x = 1), (i.y = 1), (i.z = 1), (i.w = 1), (i.v = 1))))],
    ['edited after compile', JSON.stringify({ ...good, grades: good.grades.slice(1) })],
  ])('%s', (_what, text) => {
    const ds = readPlanFile(text).diagnostics.filter((d) => d.code === 'KPL2041');
    expect(ds.length).toBeGreaterThan(0);
    for (const d of ds) expect(zhLines(d).filter((l) => englishWords(l).length > 0)).toEqual([]);
  });
  it('the English detail is kept as it was', () => {
    expect(readPlan('{"planVersion": 2 "x": 1}').diagnostics[0]!.message).toMatch(/^the plan file is not valid: it is not JSON \(line 1, column \d+\)$/);
  });
});

describe('an output that cannot be written (KPL5006) says why in Chinese', () => {
  it.each(['ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'EISDIR', 'ENOENT', 'EDQUOT', 'EIO', 'EPIPE', 'EMFILE', 'EBUSY', 'ENAMETOOLONG', 'ENOTDIR', 'EFBIG', 'EWHATEVER'])('%s', (code) => {
    const d = writeFailed('out/results.csv', Object.assign(new Error(code), { code })).diagnostic;
    expect(d.code).toBe('KPL5006');
    expect(englishWords(localize(d, 'zh')), localize(d, 'zh')).toEqual([]);
    expect(localize(d, 'en')).not.toContain('系统');
  });
  it('standard output too', () => {
    const d = writeFailed(phrase('standardOutput'), Object.assign(new Error('x'), { code: 'ENOSPC' })).diagnostic;
    expect(localize(d, 'zh')).toBe('无法写入 标准输出：设备上没有剩余空间');
    expect(d.message).toBe('cannot write standard output: no space left on the device');
  });
});

describe('kpl check --lang zh on more policy shapes that once leaked English', () => {
  const base = `policy "p" version "1"
input staff key id {
  id: text
  dept: category { A, B }
  sales: money >= 0
  target: money > 0
  ok: bool
}
`;
  const dir = mkdtempSync(join(tmpdir(), 'kpl-zh-'));
  it.each([
    ['a row bound that is not a number (parser alternatives)', 'indicator a weight 100% = steps(sales) { >= x: 1; otherwise: 0 }'],
    ['an unknown rounding mode', 'indicator a weight 100% = round(sales, 2, 3)'],
    ['a category without values', 'indicator a weight 100% = 1\ninput t key x { x: category { } }'],
    ['a range on a text column', 'indicator a weight 100% = 1\ninput t key x { x: text >= 5 }'],
    ['values on a text column', 'indicator a weight 100% = 1\ninput t key x { x: text { A, B } }'],
    ['a table block after a plain function', 'indicator a weight 100% = clamp(sales, 0, 1) { a: 1 }'],
    ['a pool shared out in an adjustment', 'indicator a weight 100% = 1\nadjust b = allocate(sales, by: 1)'],
    ['a money literal times money', 'indicator a weight 100% = 1\nreward = 500 元 * sales'],
    ['a share rule to an unknown grade', 'indicator a weight 100% = 1\n等级 ｛ 优 ≥ 90；良 否则 ｝\n强制分布 ｛ 前 10% → 差；排序 按 总分 降序 ｝'],
  ])('%s', (_what, text) => {
    const f = join(dir, 'p.kpl');
    writeFileSync(f, base + text + '\n');
    const r = runCli('check', '--lang', 'zh', f);
    expect(r.code).not.toBe(0);
    const bad = userLines(r.err + r.out).filter((l) => englishWords(l).length > 0);
    expect(bad).toEqual([]);
  });
});

/**
 * Chinese throughout: every catalogue message, every phrase (help lines, notes, the wording put
 * into message arguments) and every term reads as Chinese with `--lang zh`. English is allowed only
 * inside backtick code spans (names, keywords, syntax to write), in file paths and in the few
 * technical abbreviations a Chinese officer reads as they are (CSV, JSON, UTF-8, Excel …).
 * Then the broken policies and data of test/golden are checked with `--lang zh` as a user runs them.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG } from '../../../src/diagnostics/codes.ts';
import { PHRASES } from '../../../src/diagnostics/phrases.ts';
import { TERMS_ZH } from '../../../src/diagnostics/terms-zh.ts';
import { runCli } from '../../helpers/run-cli.ts';

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

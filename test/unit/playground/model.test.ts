/** The playground's pure helpers: share links, saved work, the change comparison, exact sums, scaled data. */
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, FORMAT_VERSION } from '../../../playground/src/share.ts';
import { compareSummaries } from '../../../playground/src/compare.ts';
import { group, round, signed, sub, sum } from '../../../playground/src/decimal-text.ts';
import { fromPasted, parseCsv, scaleData } from '../../../playground/src/csv.ts';
import type { PersonSummary, Summary } from '../../../playground/src/protocol.ts';

describe('share links', () => {
  it('round-trip the policy, data (even non-UTF-8 bytes), baseline and language', () => {
    const gbk = new Uint8Array([0xd5, 0xc5, 0xc8, 0xfd, 0x0a]);
    const hash = encodeShare(
      { source: 'policy "考核" # ✓', exampleId: 'x', data: { t: { fileName: 't.csv', bytes: gbk, origin: 'upload' }, u: { fileName: 'u.csv', bytes: new TextEncoder().encode('a,b\n1,2\n'), origin: 'paste' } }, baseline: { source: 'old', label: 'moment', at: 5 }, lang: 'en' },
      'kpl 0.1.0',
    );
    expect(hash).toMatch(new RegExp(`^#f=${FORMAT_VERSION}&c=kpl%200\\.1\\.0&z=[A-Za-z0-9_-]+$`));
    const d = decodeShare(hash);
    if (!d || !('snapshot' in d)) throw new Error('not decoded');
    expect(d.compiler).toBe('kpl 0.1.0');
    expect(d.snapshot.source).toBe('policy "考核" # ✓');
    expect([...d.snapshot.data!['t']!.bytes]).toEqual([...gbk]);
    expect(new TextDecoder().decode(d.snapshot.data!['u']!.bytes)).toBe('a,b\n1,2\n');
    expect(d.snapshot.baseline).toEqual({ source: 'old', label: 'moment', at: 5 });
    expect(d.snapshot.lang).toBe('en');
  });

  it('refuse a newer format and a damaged link', () => {
    expect(decodeShare('#f=99&c=x&z=abc')).toEqual({ error: 'format', format: 99, compiler: 'x' });
    expect(decodeShare('#f=1&c=x&z=@@@')).toMatchObject({ error: 'corrupt' });
    expect(decodeShare('#nothing')).toBeUndefined();
  });
});

function person(key: string, total: string, grade: string, reward: string, group = 'g1', status: 'ok' | 'error' = 'ok'): PersonSummary {
  return { key, line: 2, status, cells: [key, total, grade, reward], total, grade, gradeBefore: grade, reward, groups: [group], points: [String(Number(total) * 0.6), String(Number(total) * 0.4)] };
}
function summary(people: PersonSummary[]): Summary {
  return {
    policyName: 'p',
    columns: ['id', 'total', 'grade', 'reward'],
    numeric: [false, true, false, true],
    people,
    grades: ['A', 'B', 'C'].map((g) => ({ grade: g, band: '' })),
    quotas: [],
    groupColumns: ['unit'],
    hasReward: true,
    top: [{ id: 'x' }, { id: 'y' }],
    pools: [],
    diagnostics: [],
    tables: [],
    dataUnusable: false,
  };
}

describe('change comparison', () => {
  it('finds grade moves, transitions, distribution and reward totals', () => {
    const base = summary([person('a', '91', 'A', '100.10'), person('b', '85', 'B', '50.05', 'g2'), person('c', '60', 'C', '0'), person('d', '70', 'C', '0')]);
    const cur = summary([person('a', '88', 'B', '60.10'), person('b', '92', 'A', '100.05', 'g2'), person('c', '60', 'C', '0'), person('e', '75', 'B', '10')]);
    const c = compareSummaries(base, cur, 'unit');
    expect(c.gradeChanges).toBe(2);
    expect(c.up).toBe(1);
    expect(c.down).toBe(1);
    expect(c.transitions['A']!['B']).toBe(1);
    expect(c.transitions['B']!['A']).toBe(1);
    expect(c.transitions['C']!['C']).toBe(1);
    expect(c.added).toBe(1);
    expect(c.removed).toBe(1);
    expect(c.rewardBefore).toBe('150.15');
    expect(c.rewardAfter).toBe('170.15');
    expect(c.rewardDelta).toBe('20');
    expect(c.distribution).toEqual([
      { grade: 'A', before: 1, after: 1 },
      { grade: 'B', before: 1, after: 2 },
      { grade: 'C', before: 2, after: 1 },
    ]);
    expect(c.people.find((p) => p.key === 'a')!.dTotal).toBe('-3');
    expect(c.byGroup.find((g) => g.group === 'g2')).toEqual({ group: 'g2', before: '50.05', after: '100.05', delta: '50', changed: 1 });
    // Points by indicator, over the people in both runs (a, b, c): where the totals moved.
    const x = c.byIndicator.find((i) => i.id === 'x')!;
    expect(x.before).toBeCloseTo(((91 + 85 + 60) * 0.6) / 3, 9);
    expect(x.after).toBeCloseTo(((88 + 92 + 60) * 0.6) / 3, 9);
    const a = c.people.find((p) => p.key === 'a')!;
    expect(a.movers.map((m) => m.id)).toEqual(['x', 'y']);
    expect(a.movers[0]!.delta).toBeCloseTo(-1.8, 9);
  });

  it('counts a person who falls into error as a status change (as kpl diff does), shown as A → ⚠', () => {
    const c = compareSummaries(summary([person('a', '91', 'A', '1')]), summary([{ ...person('a', '', '', ''), status: 'error', total: null, grade: null, reward: null }]));
    expect(c.gradeChanges).toBe(0);
    expect(c.people).toHaveLength(1);
    expect(c.people[0]).toMatchObject({ key: 'a', statusChanged: true, gradeChanged: false, dTotal: null, dReward: null });
    expect(c.transitions['A']!['⚠']).toBe(1);
    expect(c.distribution).toEqual([
      { grade: 'A', before: 1, after: 0 },
      { grade: 'B', before: 0, after: 0 },
      { grade: 'C', before: 0, after: 0 },
      { grade: '⚠', before: 0, after: 1 },
    ]);
    expect([c.rewardBefore, c.rewardAfter, c.rewardDelta]).toEqual(['1', '0', '-1']);
  });
});

describe('decimal text', () => {
  it('adds and subtracts exactly', () => {
    expect(sum(['0.1', '0.2', null, '-0.30'])).toBe('0.00');
    expect(sum(Array.from({ length: 10000 }, () => '0.01'))).toBe('100.00');
    expect(sub('5045.11', '4063.4')).toBe('981.71');
    expect(group('1234567.50')).toBe('1,234,567.50');
    expect(round('2.345', 2)).toBe('2.35');
    expect(round('-0.001', 2)).toBe('0.00');
    expect(signed('3')).toBe('+3');
  });
});

describe('scaled data', () => {
  it('copies people with new keys and their related rows', () => {
    const out = scaleData(
      [
        { name: 'm', role: 'population', key: 'id', text: 'id,x\nA,1\nB,2\n' },
        { name: 'r', role: 'related', by: 'who', text: 'who,s\nA,5\nA,6\nB,7\n' },
        { name: 'l', role: 'lookup', key: 'k', text: 'k,v\nz,1\n' },
      ],
      5,
    );
    expect(parseCsv(out['m']!).map((r) => r[0])).toEqual(['id', 'A', 'B', 'A~1', 'B~1', 'A~2']);
    expect(parseCsv(out['r']!).length - 1).toBe(3 + 3 + 2 - 0); // A×3 copies ×2 rows + B×2 copies ×1 row
    expect(out['l']).toBe('k,v\nz,1\n');
  });
});

describe('paste from Excel (tab-separated)', () => {
  it('becomes CSV: quoted cells keep tabs, newlines and doubled quotes; a quote inside a cell is text', () => {
    expect(fromPasted('id\tname\r\n1\t"a\tb"\n2\t5"x\n3\t"multi\nline"\n4\t"q""x"\n\n')).toBe('id,name\n1,a\tb\n2,"5""x"\n3,"multi\nline"\n4,"q""x"\n');
  });
  it('leaves text that is not tab-separated as it is', () => {
    expect(fromPasted('a,b\n1,2\n')).toBe('a,b\n1,2\n');
    expect(fromPasted('a\tb,c\n')).toBe('a\tb,c\n');
  });
});

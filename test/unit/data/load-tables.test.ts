import { describe, expect, it } from 'vitest';
import { allDiagnostics, groupRelated, loadTables, type DataFile, type LoadedData } from '../../../src/data/index.ts';
import type { InputTable } from '../../../src/plan/schema.ts';

const inputs: InputTable[] = [
  {
    name: 'people',
    role: 'population',
    key: 'id',
    columns: [
      { name: 'id', type: 'text', optional: false },
      { name: 'name', type: 'text', optional: false },
      { name: 'team', type: 'text', optional: false, references: 'teams' },
      { name: 'sales', type: 'money', optional: true, min: { value: '0', inclusive: true } },
    ],
  },
  {
    name: 'ratings',
    role: 'related',
    by: 'person',
    columns: [
      { name: 'person', type: 'text', optional: false },
      { name: 'score', type: 'number', optional: false, min: { value: '0', inclusive: true }, max: { value: '100', inclusive: true } },
    ],
  },
  {
    name: 'teams',
    role: 'lookup',
    key: 'team',
    columns: [
      { name: 'team', type: 'text', optional: false },
      { name: 'pool', type: 'money', optional: false },
    ],
  },
];

const enc = (s: string) => new TextEncoder().encode(s);
const PEOPLE = 'id,name,team,sales\nE1,张三,T1,100\nE2,李四,T2,\nE3,王五,T1,50.5\n';
const RATINGS = 'person,score\nE1,90\nE1,80\nE2,70\n';
const TEAMS = 'team,pool\nT1,1000\nT2,2000\n';

function load(over: Partial<Record<'people' | 'ratings' | 'teams', string | null>> = {}, extra: DataFile[] = []): LoadedData {
  const texts = { people: PEOPLE, ratings: RATINGS, teams: TEAMS, ...over };
  const files: DataFile[] = Object.entries(texts)
    .filter((e): e is [string, string] => e[1] !== null)
    .map(([table, text]) => ({ table, fileName: `${table}.csv`, bytes: enc(text) }));
  return loadTables(inputs, [...files, ...extra]);
}

/** Errors as `table:line code` strings, for compact assertions. */
function rowErrors(data: LoadedData): string[] {
  return Object.values(data.tables).flatMap((t) => t.rows.flatMap((r) => r.errors.map((e) => `${t.name}:${r.line}:${e.dataLocation?.col} ${e.code}`)));
}
const fileCodes = (data: LoadedData) => data.diagnostics.map((d) => `${d.code}${d.dataLocation ? `@${d.dataLocation.file}:${d.dataLocation.line}:${d.dataLocation.col}` : ''}`);
const rowCount = (data: LoadedData, table: string) => data.tables[table]!.rows.length;

describe('loadTables: a clean data set', () => {
  const data = load();
  it('has no diagnostics and typed values', () => {
    expect(data.diagnostics).toEqual([]);
    expect(rowErrors(data)).toEqual([]);
    const people = data.tables.people!;
    expect(people.columns).toEqual(['id', 'name', 'team', 'sales']);
    expect(people.rows.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(people.rows.map((r) => r.key)).toEqual(['E1', 'E2', 'E3']);
    expect(people.rows[0]!.values.name).toBe('张三');
    expect(String(people.rows[2]!.values.sales)).toBe('50.5');
    expect(people.rows[1]!.values.sales).toBeNull();
    expect(people.complete).toBe(true);
    expect(people.file).toBe('people.csv');
  });
  it('groupRelated groups valid rows by person in input order', () => {
    const g = groupRelated(data.tables.ratings!, 'person');
    expect([...g.keys()]).toEqual(['E1', 'E2']);
    expect(g.get('E1')!.map((r) => String(r.values.score))).toEqual(['90', '80']);
  });
});

describe('loadTables: problems', () => {
  const cases: { note: string; over?: Parameters<typeof load>[0]; extra?: DataFile[]; file: string[]; rows: string[]; counts?: Record<string, number> }[] = [
    {
      note: 'bad cell value: row in error, others valid',
      over: { people: 'id,name,team,sales\nE1,张三,T1,-5\nE2,李四,T2,abc\nE3,王五,T1,1\n' },
      file: [],
      rows: ['people:2:4 KPL3002', 'people:3:4 KPL3001'],
    },
    {
      note: 'duplicate population key: the later row is in error, the first stays valid',
      over: { people: PEOPLE + 'E1,重复,T2,1\n' },
      file: [],
      rows: ['people:5:1 KPL3005'],
      counts: { people: 4 },
    },
    {
      note: 'duplicate lookup key',
      over: { teams: TEAMS + 'T1,5\n' },
      file: [],
      rows: ['teams:4:1 KPL3005'],
    },
    {
      note: 'rating for an unknown person → KPL3006 on the rating',
      over: { ratings: RATINGS + 'E9,50\n' },
      file: [],
      rows: ['ratings:5:1 KPL3006'],
    },
    {
      note: 'unknown lookup reference → KPL3006 on the person',
      over: { people: PEOPLE + 'E4,赵六,T9,\n' },
      file: [],
      rows: ['people:5:3 KPL3006'],
    },
    {
      note: 'invalid rating marks its person (KPL3019); other people stay valid',
      over: { ratings: 'person,score\nE1,90\nE1,120\nE2,70\n' },
      file: [],
      rows: ['people:2:1 KPL3019', 'ratings:3:2 KPL3002'],
    },
    {
      note: 'wrong field count in a rating still marks its person',
      over: { ratings: 'person,score\nE1,90\nE2,70,x\n' },
      file: [],
      rows: ['people:3:1 KPL3019', 'ratings:3:1 KPL3017'],
    },
    {
      note: 'lookup row in error marks the people who refer to it',
      over: { teams: 'team,pool\nT1,lots\nT2,2000\n' },
      file: [],
      rows: ['people:2:1 KPL3019', 'people:4:1 KPL3019', 'teams:2:2 KPL3001'],
    },
    {
      note: 'missing column: file-level KPL3003 at line 1 and every row in error, rows kept',
      over: { ratings: 'person\nE1\nE2\n' },
      file: ['KPL3003@ratings.csv:1:1'],
      rows: ['people:2:1 KPL3019', 'people:3:1 KPL3019', 'ratings:2:1 KPL3003', 'ratings:3:1 KPL3003'],
      counts: { ratings: 2 },
    },
    {
      note: 'extra column: one warning, rows valid',
      over: { ratings: 'person,score,comment,comment2\nE1,90,good,x\nE2,70,ok,y\n' },
      file: ['KPL3014@ratings.csv:1:3', 'KPL3014@ratings.csv:1:4'],
      rows: [],
    },
    {
      note: 'columns in another order: located by the file field number',
      over: { ratings: 'score,person\n90,E1\nx,E2\n' },
      file: [],
      rows: ['people:3:1 KPL3019', 'ratings:3:1 KPL3001'],
    },
    {
      note: 'declared table without a file → KPL3015',
      over: { teams: null },
      file: ['KPL3015'],
      rows: [],
      counts: { teams: 0 },
    },
    {
      note: 'file for an unknown table → KPL3016',
      extra: [{ table: 'bonus', fileName: 'bonus.csv', bytes: enc('a\n1\n') }],
      file: ['KPL3016@bonus.csv:1:1'],
      rows: [],
    },
    {
      note: 'second file for the same table → KPL3022, ignored',
      extra: [{ table: 'ratings', fileName: 'ratings2.csv', bytes: enc(RATINGS) }],
      file: ['KPL3022@ratings2.csv:1:1'],
      rows: [],
      counts: { ratings: 3 },
    },
    {
      note: 'a population file neither UTF-8 nor GB18030 → KPL3008, no rows, no cascade',
      over: { people: null },
      extra: [{ table: 'people', fileName: 'people.csv', bytes: Uint8Array.of(...enc('id,name,team,sales\nE1,'), 0xd5, 0xc5, 0xff, ...enc(',T1,1\n')) }],
      file: ['KPL3008@people.csv:2:1'],
      rows: [],
      counts: { people: 0, ratings: 3 },
    },
    {
      note: 'header-only ratings file → KPL3018',
      over: { ratings: 'person,score\n' },
      file: ['KPL3018@ratings.csv:1:1'],
      rows: [],
    },
    {
      note: 'malformed quoting: KPL3013, earlier rows kept, no unknown-key cascade',
      over: { teams: 'team,pool\nT1,1000\n"T2,2000\n' },
      file: ['KPL3013@teams.csv:3:1'],
      rows: [],
      counts: { teams: 1 },
    },
  ];
  it.each(cases)('$note', ({ over, extra, file, rows, counts }) => {
    const data = load(over, extra);
    expect(fileCodes(data)).toEqual(file);
    expect(rowErrors(data).sort()).toEqual([...rows].sort());
    for (const [t, n] of Object.entries(counts ?? {})) expect(rowCount(data, t)).toBe(n);
  });
});

describe('loadTables: details', () => {
  it('KPL3005 names the first line; KPL3019 names the related row and links it', () => {
    const data = load({ people: PEOPLE + 'E1,重复,T2,1\n', ratings: 'person,score\nE1,90\nE2,101\n' });
    const dup = data.tables.people!.rows[3]!.errors[0]!;
    expect(dup.message).toBe('duplicate key `E1`: it is already on line 2');
    const e2 = data.tables.people!.rows[1]!;
    expect(e2.errors.map((e) => e.message)).toEqual(['person `E2` has an invalid related row in `ratings` on line 3']);
    expect(e2.related).toEqual([{ table: 'ratings', line: 3 }]);
    expect(groupRelated(data.tables.ratings!, 'person').has('E2')).toBe(false);
  });

  it('unknown person message names the population table', () => {
    const data = load({ ratings: RATINGS + 'E9,50\n' });
    const r = data.tables.ratings!.rows[3]!;
    expect(r.errors[0]!.message).toBe('no `people` row has key `E9`');
    expect(r.errors[0]!.dataLocation).toEqual({ file: 'ratings.csv', line: 5, col: 1 });
  });

  it('a cell error carries file:line:col with the multi-line offset', () => {
    const data = load({ people: 'id,name,team,sales\nE1,"张\n三",T1,1\nE2,李四,T2,-1\n' });
    const e = data.tables.people!.rows[1]!.errors[0]!;
    expect(e.code).toBe('KPL3002');
    expect(e.message).toBe('-1 in column `sales` is out of range: it must be >= 0');
    expect(e.dataLocation).toEqual({ file: 'people.csv', line: 4, col: 4 });
  });

  it('every record ends up as a row, valid or in error', () => {
    const data = load({ ratings: 'person,score\nE1,90\nE9,1\nE2,x\nE2,1,2\n,5\n' });
    const rows = data.tables.ratings!.rows;
    expect(rows.map((r) => [r.line, r.errors.map((e) => e.code)])).toEqual([
      [2, []],
      [3, ['KPL3006']],
      [4, ['KPL3001']],
      [5, ['KPL3017']],
      [6, ['KPL3009']],
    ]);
    expect(rows[3]!.raw).toEqual({ person: 'E2', score: '1' });
  });

  it('lookup rows referring to a lookup row in error get KPL3020', () => {
    const chain: InputTable[] = [
      { name: 'people', role: 'population', key: 'id', columns: [{ name: 'id', type: 'text', optional: false }, { name: 'team', type: 'text', optional: false, references: 'teams' }] },
      { name: 'teams', role: 'lookup', key: 'team', columns: [{ name: 'team', type: 'text', optional: false }, { name: 'region', type: 'text', optional: false, references: 'regions' }] },
      { name: 'regions', role: 'lookup', key: 'region', columns: [{ name: 'region', type: 'text', optional: false }, { name: 'rate', type: 'percent', optional: false }] },
    ];
    const data = loadTables(chain, [
      { table: 'people', fileName: 'p.csv', bytes: enc('id,team\nE1,T1\nE2,T2\n') },
      { table: 'teams', fileName: 't.csv', bytes: enc('team,region\nT1,North\nT2,South\n') },
      { table: 'regions', fileName: 'r.csv', bytes: enc('region,rate\nNorth,10%\nSouth,ten\n') },
    ]);
    expect(rowErrors(data).sort()).toEqual(['people:3:1 KPL3019', 'regions:3:2 KPL3001', 'teams:3:2 KPL3020'].sort());
    expect(data.tables.teams!.rows[1]!.errors[0]!.message).toBe('`region` refers to `South` in `regions`, whose row on line 3 has errors');
  });

  it('integer keys join by value (007 = 7)', () => {
    const t: InputTable[] = [
      { name: 'p', role: 'population', key: 'id', columns: [{ name: 'id', type: 'integer', optional: false }] },
      { name: 'r', role: 'related', by: 'id', columns: [{ name: 'id', type: 'integer', optional: false }, { name: 'x', type: 'number', optional: false }] },
    ];
    const data = loadTables(t, [
      { table: 'p', fileName: 'p.csv', bytes: enc('id\n007\n8\n') },
      { table: 'r', fileName: 'r.csv', bytes: enc('id,x\n7,1\n08,2\n') },
    ]);
    expect(rowErrors(data)).toEqual([]);
    expect([...groupRelated(data.tables.r!, 'id').keys()]).toEqual(['7', '8']);
  });

  it('JSON input: same rules, line = record index, col = declared position', () => {
    const data = load({ ratings: null }, [
      {
        table: 'ratings',
        fileName: 'ratings.json',
        bytes: enc('{"rows": [{"person": "E1", "score": 90}, {"person": "E2", "score": 101.5}, {"person": "E3", "score": [1]}, {"person": "E9", "score": "5"}]}'),
      },
    ]);
    expect(data.diagnostics).toEqual([]);
    expect(rowErrors(data).sort()).toEqual(['people:3:1 KPL3019', 'people:4:1 KPL3019', 'ratings:2:2 KPL3002', 'ratings:3:2 KPL3021', 'ratings:4:1 KPL3006'].sort());
    expect(String(data.tables.ratings!.rows[0]!.values.score)).toBe('90');
  });

  it('allDiagnostics lists file and row diagnostics in a stable order', () => {
    const data = load({ ratings: 'person,score,extra\nE1,x,1\n' });
    expect(allDiagnostics(data).map((d) => `${d.dataLocation?.file}:${d.dataLocation?.line} ${d.code}`)).toEqual([
      'people.csv:2 KPL3019',
      'ratings.csv:1 KPL3014',
      'ratings.csv:2 KPL3001',
    ]);
  });
});

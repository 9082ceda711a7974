/**
 * json-rules-engine: JSON rules have conditions and events but no arithmetic, so — as its users
 * do — the formulas are computed facts (JavaScript functions the almanac evaluates on demand):
 * the nine formula indicators and the weighted total (rounded half-up with ε, floats). The
 * 新增客户 step table, the veto and the grade bands are JSON rules with mutually exclusive
 * ranges; the step table runs first (priority 100) and hands its score to the total as a runtime
 * fact. One `engine.run(person)` per person, at most 64 in flight.
 */
import { Engine, type Almanac, type RuleProperties } from 'json-rules-engine';
import { EPSILON_TEXT, finish, inBatches, peerInput, Scores, versionOf, type PeerInput } from './peer-common.ts';
import type { Dataset } from '../generate.ts';
import type { Results } from '../results-type.ts';

const EPS = Number(EPSILON_TEXT);
const num = (a: Almanac, id: string) => a.factValue<number>(id);

const stepRules: RuleProperties[] = [
  [20, Infinity, 100],
  [15, 20, 85],
  [10, 15, 70],
  [5, 10, 50],
  [-Infinity, 5, 20],
].map(([lo, hi, score]) => ({
  name: `新增客户 ${score}`,
  priority: 100,
  conditions: {
    all: [
      ...(lo !== -Infinity ? [{ fact: 'new_customers', operator: 'greaterThanInclusive', value: lo }] : []),
      ...(hi !== Infinity ? [{ fact: 'new_customers', operator: 'lessThan', value: hi }] : []),
    ],
  },
  event: { type: 'indicator', params: { indicator: '新增客户', score } },
  onSuccess: (event, almanac) => almanac.addRuntimeFact('s3', event.params!.score),
}));

const gradeRules: RuleProperties[] = [
  { name: '严重违规一票否决', priority: 20, conditions: { all: [{ fact: 'compliance_violation', operator: 'equal', value: true }] }, event: { type: 'grade', params: { grade: 'D' } } },
  ...(
    [
      ['A', 90, Infinity],
      ['B', 80, 90],
      ['C', 60, 80],
      ['D', -Infinity, 60],
    ] as const
  ).map(([grade, lo, hi]) => ({
    name: `等级 ${grade}`,
    priority: 10,
    conditions: {
      all: [
        { fact: 'compliance_violation', operator: 'equal', value: false },
        ...(lo !== -Infinity ? [{ fact: 'total', operator: 'greaterThanInclusive', value: lo }] : []),
        ...(hi !== Infinity ? [{ fact: 'total', operator: 'lessThan', value: hi }] : []),
      ],
    },
    event: { type: 'grade', params: { grade } },
  })),
];

function buildEngine(): Engine {
  const engine = new Engine([...stepRules, ...gradeRules]);
  engine.addFact('s1', async (_p, a) => {
    const target = await num(a, 'sales_target');
    const ratio = target === 0 ? 0 : (await num(a, 'sales_actual')) / target;
    return Math.min(Math.max(ratio * 100, 0), 120) / 1.2;
  });
  engine.addFact('s2', async (_p, a) => {
    const g = await num(a, 'growth_rate');
    return g < 0 ? 0 : g >= 0.1 ? 100 : 60 + (g / 0.1) * 40;
  });
  engine.addFact('s4', async (_p, a) => (await num(a, 'retention_rate')) * 100);
  engine.addFact('s5', async (_p, a) => ((await num(a, 'satisfaction')) / 5) * 100);
  engine.addFact('s6', async (_p, a) => {
    const h = await num(a, 'avg_resolution_hours');
    return h < 4 ? 100 : h <= 24 ? 100 - ((h - 4) / 20) * 100 : 0;
  });
  engine.addFact('s7', async (_p, a) => Math.max(100 - 10 * (await num(a, 'complaints')), 0));
  engine.addFact('s8', async (_p, a) => Math.min((await num(a, 'callback_rate')) / 0.9, 1) * 100);
  engine.addFact('s9', async (_p, a) => Math.min((await num(a, 'training_hours')) / 40, 1) * 100);
  engine.addFact('total', async (_p, a) => {
    const [s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, awards] = await Promise.all(['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 'collaboration', 'awards'].map((f) => num(a, f)));
    const weighted = 0.5 * (1 * (0.5 * s1! + 0.3 * s2! + 0.2 * s3!)) + 0.35 * (0.5 * (0.4 * s4! + 0.6 * s5!) + 0.5 * (0.4 * s6! + 0.3 * s7! + 0.3 * s8!)) + 0.15 * (1 * (0.5 * s9! + 0.5 * s10!));
    const raw = Math.min(weighted + Math.min(awards! * 2, 5), 100);
    return Math.floor(raw * 100 + 0.5 + EPS * 100) / 100;
  });
  return engine;
}

export const engine = {
  name: 'json-rules-engine',
  version: versionOf('json-rules-engine'),
  inEngine: 'step table, veto and grade bands as JSON rules; formulas and the weighted total as computed facts (JavaScript)',
  shared: 'forced distribution, reward',
  exact: 'floats; total rounded half-up after adding ε = 1e-11',
  prepare: (ds: Dataset) => ({ input: peerInput(ds), rules: buildEngine() }),
  run: async ({ input, rules }: { input: PeerInput; rules: Engine }): Promise<Results> => {
    const s = new Scores(input.rows.length);
    const rows = input.rows;
    await inBatches(rows.length, 64, async (i) => {
      const r = await rules.run(rows[i] as unknown as Record<string, unknown>);
      const grade = r.events.find((e) => e.type === 'grade')!.params!.grade as string;
      s.set(i, await r.almanac.factValue<number>('total'), await r.almanac.factValue<number>('s1'), grade);
    });
    return finish(input, s);
  },
};

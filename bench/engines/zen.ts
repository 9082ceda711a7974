/**
 * @gorules/zen-engine (GoRules JDM, Rust core through N-API): the policy as a decision graph as
 * its editor would produce it — an expression node for the indicators, a first-hit decision
 * table for the 新增客户 step table, an expression node for the weighted total, and a first-hit
 * decision table for the veto and the grade bands.
 * ZEN computes in decimals (rust_decimal, 28 significant digits) and rounds half away from zero,
 * yet it still needs the float engines' ε before rounding: a total that is exactly x.xx5 but made
 * of non-terminating parts (100 ÷ 1.2 from a 100% completion, 0.65 ÷ 0.9 from the callback rate)
 * comes out as x.xx49999…9 at 28 digits and rounds down (E08707 of the 10,000: 67.295 → 67.29).
 * One `decision.evaluate(person)` per person, at most 64 in flight (the engine is asynchronous).
 */
import { ZenEngine, type ZenDecision } from '@gorules/zen-engine';
import { EPSILON_TEXT, finish, inBatches, peerInput, Scores, versionOf, type PeerInput } from './peer-common.ts';
import type { Dataset } from '../generate.ts';
import type { Results } from '../results-type.ts';

const at = { x: 0, y: 0 };
const expressions = (list: [string, string][]) => list.map(([key, value], i) => ({ id: `${key}-${i}`, key, value }));

export const GRAPH = {
  contentType: 'application/vnd.gorules.decision',
  nodes: [
    { id: 'request', type: 'inputNode', name: 'Request', position: at },
    {
      id: 'indicators',
      type: 'expressionNode',
      name: '三级指标',
      position: at,
      content: {
        passThrough: true,
        expressions: expressions([
          ['ratio', 'sales_target == 0 ? 0 : sales_actual / sales_target'],
          ['s1', 'min([max([$.ratio * 100, 0]), 120]) / 1.2'],
          ['s2', 'growth_rate < 0 ? 0 : (growth_rate >= 0.1 ? 100 : 60 + growth_rate / 0.1 * 40)'],
          ['s4', 'retention_rate * 100'],
          ['s5', 'satisfaction / 5 * 100'],
          ['s6', 'avg_resolution_hours < 4 ? 100 : (avg_resolution_hours <= 24 ? 100 - (avg_resolution_hours - 4) / 20 * 100 : 0)'],
          ['s7', 'max([100 - 10 * complaints, 0])'],
          ['s8', 'min([callback_rate / 0.9, 1]) * 100'],
          ['s9', 'min([training_hours / 40, 1]) * 100'],
          ['s10', 'collaboration'],
        ]),
      },
    },
    {
      id: 'new-customers',
      type: 'decisionTableNode',
      name: '新增客户',
      position: at,
      content: {
        hitPolicy: 'first',
        passThrough: true,
        inputs: [{ id: 'nc', name: 'new_customers', field: 'new_customers' }],
        outputs: [{ id: 's3', name: 's3', field: 's3' }],
        rules: [
          ['>= 20', '100'],
          ['>= 15', '85'],
          ['>= 10', '70'],
          ['>= 5', '50'],
          ['', '20'],
        ].map(([nc, s3], i) => ({ _id: `nc-${i}`, nc, s3 })),
      },
    },
    {
      id: 'total',
      type: 'expressionNode',
      name: '综合得分',
      position: at,
      content: {
        passThrough: true,
        expressions: expressions([
          ['weighted', '0.5 * (1 * (0.5 * s1 + 0.3 * s2 + 0.2 * s3)) + 0.35 * (0.5 * (0.4 * s4 + 0.6 * s5) + 0.5 * (0.4 * s6 + 0.3 * s7 + 0.3 * s8)) + 0.15 * (1 * (0.5 * s9 + 0.5 * s10))'],
          ['total', `round(min([$.weighted + min([awards * 2, 5]), 100]) + ${EPSILON_TEXT}, 2)`],
        ]),
      },
    },
    {
      id: 'grade',
      type: 'decisionTableNode',
      name: '等级',
      position: at,
      content: {
        hitPolicy: 'first',
        passThrough: true,
        inputs: [
          { id: 'veto', name: 'compliance_violation', field: 'compliance_violation' },
          { id: 'total', name: 'total', field: 'total' },
        ],
        outputs: [{ id: 'grade', name: 'grade', field: 'grade' }],
        rules: [
          ['true', '', '"D"'],
          ['', '>= 90', '"A"'],
          ['', '>= 80', '"B"'],
          ['', '>= 60', '"C"'],
          ['', '', '"D"'],
        ].map(([veto, total, grade], i) => ({ _id: `g-${i}`, veto, total, grade })),
      },
    },
    { id: 'response', type: 'outputNode', name: 'Response', position: at },
  ],
  edges: [
    ['request', 'indicators'],
    ['indicators', 'new-customers'],
    ['new-customers', 'total'],
    ['total', 'grade'],
    ['grade', 'response'],
  ].map(([sourceId, targetId], i) => ({ id: `e${i}`, type: 'edge', sourceId, targetId })),
};

export const engine = {
  name: '@gorules/zen-engine',
  version: versionOf('@gorules/zen-engine'),
  inEngine: 'all per-person scoring as a JDM decision graph (2 expression nodes, 2 first-hit decision tables), one evaluation per person',
  shared: 'forced distribution, reward',
  exact: '28-digit decimals; total rounded after adding ε = 1e-11 (without it 67.295 → 67.29)',
  prepare: (ds: Dataset) => {
    const zen = new ZenEngine();
    return { input: peerInput(ds), zen, decision: zen.createDecision(GRAPH) };
  },
  run: async ({ input, decision }: { input: PeerInput; decision: ZenDecision }): Promise<Results> => {
    const s = new Scores(input.rows.length);
    const rows = input.rows;
    await inBatches(rows.length, 64, async (i) => {
      const r = (await decision.evaluate(rows[i])).result as { total: number; s1: number; grade: string };
      s.set(i, r.total, r.s1, r.grade);
    });
    return finish(input, s);
  },
};

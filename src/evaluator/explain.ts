/**
 * The explanation of one person's result, in the policy's own words: inputs, each indicator's
 * rule, score, weight and contribution, adjustments, veto, band, quota rank and reward.
 * Built from what the evaluation recorded; nothing is recomputed differently.
 */
import type { Indicator, Plan } from '../plan/schema.ts';
import { Decimal, ONE } from '../numeric/decimal.ts';
import type { Evaluation } from './evaluation.ts';
import type { Person } from './person.ts';
import type { Value } from '../data/value.ts';

const fmt = (v: Value | undefined, places = 4): string => {
  if (v === null || v === undefined) return '—';
  if (v instanceof Decimal) return v.toDecimalPlaces(places).toFixed();
  return String(v);
};

export function explainPerson(ev: Evaluation, p: Person): string {
  const plan = ev.plan;
  const out: string[] = [];
  const pop = plan.inputs.find((t) => t.role === 'population')!;
  out.push(`${plan.policy.name}${plan.policy.version ? ` (version ${plan.policy.version})` : ''} — ${p.key}`);
  out.push('');
  out.push('Inputs:');
  for (const c of pop.columns) out.push(`  ${c.name} = ${p.row.raw[c.name] ?? '—'}${c.description ? `   (${c.description})` : ''}`);
  for (const [table, rows] of p.related) out.push(`  ${table}: ${rows.length} row${rows.length === 1 ? '' : 's'}`);
  if (!p.ok) {
    out.push('');
    out.push(`Not evaluated: ${p.row.errors.map((e) => e.message).join('; ') || (p.error ? describeError(p) : 'unknown reason')}`);
    return out.join('\n');
  }
  out.push('');
  out.push('Indicators (score × weight = contribution to its parent):');
  const walk = (nodes: readonly Indicator[], depth: number) => {
    const applicable = nodes.reduce((a, n) => (p.indicators.get(n.id)?.score != null ? a.plus(p.indicators.get(n.id)!.weight) : a), new Decimal(0));
    for (const n of nodes) {
      const f = p.indicators.get(n.id);
      const pad = '  '.repeat(depth + 1);
      if (!f) continue;
      const w = f.weight;
      const eff = !applicable.isZero() && !applicable.eq(ONE) && f.score !== null ? w.div(applicable) : w;
      const contrib = f.score !== null ? f.score.times(eff) : null;
      const weightText = eff.eq(w) ? pct(w) : `${pct(w)} → ${pct(eff)} re-normalised`;
      out.push(`${pad}${n.id}${n.title ? ` "${n.title}"` : ''}: ${fmt(f.score)} × ${weightText} = ${fmt(contrib)}${f.note ? `   [${f.note}]` : ''}`);
      if (n.ruleText) out.push(`${pad}  rule: ${n.ruleText.replace(/\s*\n\s*/g, ' ')}`);
      walk(n.children, depth + 1);
    }
  };
  walk(plan.indicators, 0);
  out.push(`  weighted score: ${fmt(p.memo.get('weighted'))}`);
  for (const a of plan.adjustments) out.push(`  adjustment ${a.name}: ${fmt(p.memo.get('adjust:' + a.name))}   (${a.text ?? ''})`);
  for (const l of plan.lets) if (p.memo.has('let:' + l.name)) out.push(`  ${l.name} = ${fmt(p.memo.get('let:' + l.name))}   (${l.text ?? ''})`);
  out.push('');
  out.push(`Total: ${fmt(p.totalBeforeVeto ?? p.memo.get('total'))}   (${plan.total?.text ?? 'weighted + adjustments'})`);
  if (p.veto) out.push(`Veto applied: ${p.veto}`);
  if (p.band) out.push(`Grade band: ${p.band}${bandText(plan, p.band)}`);
  if (p.gradeBefore && p.gradeBefore !== p.band) out.push(`Grade after veto: ${p.gradeBefore}`);
  for (const d of p.distribution) {
    out.push(`Forced distribution${d.group ? ` in ${d.group}` : ''}: ${d.rule}; headcount ${d.headcount} → quota ${d.quota}; ranked ${d.rank} of ${d.candidates} with grade ${d.grade}${d.movedTo ? ` → moved to ${d.movedTo}` : ' → kept'}`);
  }
  if (plan.distribution?.tieBreak.length) out.push(`  ranking order: ${plan.distribution.tieBreak.map((t) => t.text).join(', ')}`);
  out.push(`Final grade: ${fmt(p.grade ?? p.gradeBefore)}`);
  if (plan.reward) {
    out.push(`Reward: ${fmt(p.memo.get('reward'), 10)}   (${plan.reward.text ?? ''})`);
    const a = p.allocation;
    if (a) out.push(`  pool of ${a.group}: ${a.pool.toFixed(2)}; weight ${fmt(a.weight)} of ${fmt(a.totalWeight)} → share ${a.share.toFixed(2)} (largest-remainder method, to the cent)`);
  }
  return out.join('\n');
}

function describeError(p: Person): string {
  return `${p.error!.code} ${JSON.stringify(p.error!.args)}`;
}

function pct(w: Decimal): string {
  return w.times(100).toDecimalPlaces(4).toFixed() + '%';
}

function bandText(plan: Plan, grade: string): string {
  const b = plan.grades.find((x) => x.grade === grade);
  if (!b) return '';
  if (b.otherwise) return ' (otherwise)';
  const lo = b.low ? `${b.low.inclusive ? '≥' : '>'} ${b.low.value}` : '';
  const hi = b.high ? `${b.high.inclusive ? '≤' : '<'} ${b.high.value}` : '';
  return ` (${[lo, hi].filter(Boolean).join(' and ')}${b.title ? `, ${b.title}` : ''})`;
}

/**
 * Larger valid policies for the compile-time figures: the customer-manager schema and cohort
 * rules around an indicator tree of many groups, each with sub-groups of the ten leaf rules of
 * the real policy (ratios, interpolations, step tables, min/max), weights summing to exactly 100%.
 */
const HEAD = `# generated for the KPL benchmark: %LINES% lines
policy "benchmark %LINES%" version "1"
period quarter

input employees key id {
  id: text
  name: text "姓名"
  unit: text "部门"
  sales_actual: money >= 0
  sales_target: money >= 0
  growth_rate: percent
  new_customers: integer >= 0
  retention_rate: percent in [0, 1]
  satisfaction: number in [0, 5]
  avg_resolution_hours: number >= 0
  complaints: integer >= 0
  callback_rate: percent in [0, 1]
  training_hours: number >= 0
  collaboration: number in [0, 100]
  awards: integer >= 0
  compliance_violation: bool
  base_bonus: money >= 0
}
`;

const TAIL = (first: string) => `
adjust 表彰加分 = min(awards * 2, 5)

total = round(min(weighted + 表彰加分, 100), 2)

scale 四级 {
  A "优秀" >= 90
  B "良好" >= 80
  C "一般" >= 60
  D "待改进" < 60
}
grade by 四级

veto "严重违规一票否决" when compliance_violation then grade D

distribute per unit {
  A at most 20% floor, min 1 -> B
  order by total desc, ${first} desc, id asc
}

reward = round(base_bonus * lookup(grade) { A: 1.3; B: 1.0; C: 0.7; D: 0 }, 2)

output id, total, grade_before_distribution = grade_before, grade, reward
`;

/** The ten leaf rules of the customer-manager policy, as lines (the step table spans several). */
const LEAVES: string[][] = [
  ['clamp(ratio(sales_actual, sales_target, zero: 0) * 100, 0, 120) / 1.2'],
  ['interpolate(growth_rate) { below: 0; 0%: 60; 10%: 100 }'],
  ['steps(new_customers) {', '  >= 20: 100', '  >= 15: 85', '  >= 10: 70', '  >= 5: 50', '  otherwise: 20', '}'],
  ['retention_rate * 100'],
  ['satisfaction / 5 * 100'],
  ['interpolate(avg_resolution_hours) { below: 100; 4: 100; 24: 0 }'],
  ['max(100 - 10 * complaints, 0)'],
  ['min(callback_rate / 90%, 1) * 100'],
  ['min(training_hours / 40, 1) * 100'],
  ['collaboration'],
];

/** `count` weights in percent with 2 decimals summing to exactly 100%. */
function weights(count: number): string[] {
  const each = Math.floor(10000 / count);
  return Array.from({ length: count }, (_, i) => {
    const hundredths = i === count - 1 ? 10000 - each * (count - 1) : each;
    return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}%`;
  });
}

/** A group of 3 sub-groups × 10 leaves: 30 leaf indicators in ~56 lines. */
function group(g: number, weight: string): string[] {
  const lines = [`indicator 指标组${g} weight ${weight} {`];
  const subWeights = ['30%', '30%', '40%'];
  const leafWeights = weights(10);
  for (let s = 0; s < 3; s++) {
    lines.push(`  indicator 分组${g}_${s} weight ${subWeights[s]} {`);
    LEAVES.forEach((rule, l) => {
      const [first, ...rest] = rule;
      lines.push(`    indicator 指标${g}_${s}_${l} weight ${leafWeights[l]} = ${first}`);
      for (const r of rest) lines.push(`    ${r}`);
    });
    lines.push('  }');
  }
  lines.push('}');
  return lines;
}

/** A valid policy of about `lines` lines (at least the head, one group and the tail). */
export function generatePolicy(lines: number): { text: string; lines: number; indicators: number } {
  const fixed = HEAD.split('\n').length + TAIL('x').split('\n').length;
  const perGroup = group(0, '1%').length;
  const groups = Math.max(1, Math.round((lines - fixed) / perGroup));
  const ws = weights(groups);
  const body = Array.from({ length: groups }, (_, g) => group(g, ws[g]!).join('\n')).join('\n');
  let text = HEAD + '\n' + body + '\n' + TAIL('指标0_0_0');
  const count = text.split('\n').length;
  text = text.replaceAll('%LINES%', String(count));
  return { text, lines: count, indicators: groups * 34 };
}

/**
 * The Chinese names of the computed values a policy can refer to and output (总分 is also a
 * keyword). The checker resolves names through them; result writers label columns with them.
 */
import { dict } from '../source/dict.ts';

export const VALUE_ALIASES: Readonly<Record<string, string>> = dict({
  总分: 'total', 等级: 'grade', 奖励: 'reward', 加权得分: 'weighted', 加减分合计: 'adjustments',
  分布前等级: 'grade_before', 状态: 'status', 名额排名: 'quota_rank', 原因: 'reason',
});

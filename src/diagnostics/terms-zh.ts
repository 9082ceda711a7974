/**
 * Chinese for the English phrases that diagnostics put into their arguments (type names,
 * operations, places), so a Chinese message reads as Chinese: `不能对 金额 与 百分比 做加法运算`.
 * Arguments not listed here (names from the policy, numbers) are shown as they are.
 */
export const TERMS_ZH: Readonly<Record<string, string>> = {
  'a number': '数值',
  'a percentage': '百分比',
  money: '金额',
  'a count': '计数',
  'true/false': '真/假',
  text: '文本',
  'a grade': '等级',
  'a date': '日期',
  'a table': '表',
  unknown: '未知',
  add: '加法',
  subtract: '减法',
  multiply: '乘法',
  divide: '除法',
  compare: '比较',
  mix: '混合',
  'the policy': '方案',
  'the total': '总分',
  'the reward': '奖励',
  'the condition of `if`': '`if` 的条件',
  'the veto condition': '否决条件',
  'the end of the file': '文件结尾',
  'an expression': '表达式',
  'a name': '名称',
  'a string': '字符串',
  'a percentage literal': '百分比',
  none: '无',
  'nothing before it is open: remove it': '前面没有与之配对的左括号：请删除它',
};

/** Translates an argument value when it is a known phrase. */
export function termZh(value: string): string {
  return Object.hasOwn(TERMS_ZH, value) ? TERMS_ZH[value]! : value;
}

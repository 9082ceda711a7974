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
  add: '相加',
  subtract: '相减',
  multiply: '相乘',
  divide: '相除',
  compare: '比较',
  mix: '混用',
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
  'a data file': '数据文件',
  'a file the policy imports': '方案导入的文件',
  'a list': '列表',
  'an object': '对象',
  otherwise: '`otherwise`',
  'something else': '其他内容',
  'the start of a declaration (`indicator`, `input`, `grade`, …)': '一条声明的开头（`indicator`、`input`、`grade` 等）',
  'a whole number': '整数',
};

/** Translates an argument value when it is a known phrase. */
export function termZh(value: string): string {
  return Object.hasOwn(TERMS_ZH, value) ? TERMS_ZH[value]! : value;
}

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
  'the signature file': '签名文件',
  'the total': '总分',
  'the reward': '奖励',
  'the condition of `if`': '`if` 的条件',
  'the veto condition': '否决条件',
  'an exemption': '不参评条件',
  'the end of the file': '文件结尾',
  'an expression': '表达式',
  'a name': '名称',
  'a string': '字符串',
  'a percentage literal': '百分比',
  none: '无',
  'a list': '列表',
  'an object': '对象',
  otherwise: '`otherwise`',
  'something else': '其他内容',
  'the start of a declaration (`indicator`, `input`, `grade`, …)': '一条声明的开头（`indicator`、`input`、`grade` 等）',
  'a whole number': '整数',
  // Plans, signatures and run records (KPL5021–KPL5025).
  absent: '无此项',
  'a file the policy imports': '方案导入的文件',
  'a data file': '数据文件',
  'it no longer exists': '文件已不存在',
  'its SHA-256 is not the recorded one': '其 SHA-256 与记录不符',
  'the bytes kept in the record do not match their SHA-256': '记录中保存的内容与其 SHA-256 不符',
  'it is not JSON': '不是 JSON 文件',
  'its fields are not those of a run record of this KPL': '字段与本版 KPL 的运行记录不符',
  'there is no signature file beside it': '旁边没有签名文件',
  'the signature file is not an Ed25519 plan signature': '签名文件不是 Ed25519 计划签名',
  'it was signed with another key': '它是用另一把密钥签名的',
  'the plan was changed after it was signed (or the signature was)': '签名之后计划（或签名）被改动过',
  'only a compiled plan (.json) carries a signature: compile the policy with `kpl compile --sign`': '只有编译后的计划（`.json`）才带签名：请用 `kpl compile --sign` 编译方案',
  'a plan read from standard input needs `--signature FILE.sig`, the file of its signature': '从标准输入读取的计划需要用 `--signature FILE.sig` 指明其签名文件',
  'the signature file named by `--signature` does not exist': '`--signature` 指明的签名文件不存在',
};

/** Translates an argument value when it is a known phrase. */
export function termZh(value: string): string {
  return Object.hasOwn(TERMS_ZH, value) ? TERMS_ZH[value]! : value;
}

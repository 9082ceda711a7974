/**
 * The diagnostic catalog: every code KPL reports, with its severity and its message in English and
 * Chinese. Ranges follow the pipeline: KPL1xxx syntax, KPL2xxx checker, KPL3xxx data, KPL4xxx
 * evaluation. The README's error-code catalogue is generated from this table (see test/unit/docs).
 * Codes are stable: never renumber, only add.
 */
import type { Severity } from './diagnostic.ts';

interface Entry {
  readonly severity: Severity;
  /** Short title for the catalogue. */
  readonly title: string;
  readonly en: string;
  readonly zh: string;
}

const entry = (severity: Severity, title: string, en: string, zh: string): Entry => ({ severity, title, en, zh });

export const CATALOG = {
  // ── syntax ──────────────────────────────────────────────────────────────
  KPL1001: entry('error', 'unexpected character', 'unexpected character `{text}`', '无法识别的字符 `{text}`'),
  KPL1002: entry('error', 'unterminated string', 'string is not closed: add `"` at the end', '字符串缺少结尾的 `"`'),
  KPL1003: entry('error', 'syntax error', 'expected {expected} but found {found}', '此处应为 {expected}，实际是 {found}'),
  KPL1004: entry('error', 'unexpected input', 'unexpected {found}: {hint}', '多余的 {found}：{hint}'),
  KPL1005: entry('error', 'incomplete construct', '{what} is incomplete: expected {expected} before the end of the file', '{what} 不完整：文件结束前应有 {expected}'),
  KPL1006: entry('error', 'unknown escape', 'unknown escape `{text}` in a string: use `\\"`, `\\\\`, `\\n` or `\\t`', '字符串中无法识别的转义 `{text}`：只能用 `\\"`、`\\\\`、`\\n`、`\\t`'),

  // ── names and structure ────────────────────────────────────────────────
  KPL2001: entry('error', 'unknown name', 'unknown name `{name}`', '未定义的名称 `{name}`'),
  KPL2002: entry('error', 'duplicate definition', '`{name}` is defined twice', '`{name}` 重复定义'),
  KPL2003: entry('error', 'weights do not sum to 100%', 'weights under `{parent}` sum to {sum}, not 100%', '`{parent}` 下的权重合计为 {sum}，不是 100%'),
  KPL2004: entry('error', 'gap between grade bands', 'grade bands leave a gap: a total of {value} gets no grade', '等级区间有缺口：总分 {value} 不属于任何等级'),
  KPL2005: entry('error', 'grade bands overlap', 'grade bands `{a}` and `{b}` overlap: a total of {value} is in both', '等级 `{a}` 与 `{b}` 的区间重叠：总分 {value} 同时属于二者'),
  KPL2006: entry('error', 'breakpoints out of order', 'breakpoints must increase strictly: {x} comes after {prev}', '断点必须严格递增：{x} 排在 {prev} 之后'),
  KPL2007: entry('error', 'unreachable step row', 'this row can never match: every value it accepts is taken by an earlier row', '此行永远不会命中：它接受的值都已被前面的行取走'),
  KPL2008: entry('error', 'type mismatch', '{what} must be {expected}, but it is {found}', '{what} 应为 {expected}，实际是 {found}'),
  KPL2009: entry('error', 'unit mismatch', 'cannot {op} {left} and {right}', '{left} 与 {right} 不能{op}'),
  KPL2010: entry('error', 'division by a value that can be zero', 'division by `{expr}`, which can be zero, needs a fallback', '除数 `{expr}` 可能为 0，必须说明为 0 时的取值'),
  KPL2011: entry('warning', 'unused input column', 'input column `{name}` is never used', '输入列 `{name}` 未被使用'),
  KPL2012: entry('error', 'missing not-applicable rule', 'indicator `{name}` can be not applicable ({why}) but states no `missing` rule', '指标 `{name}` 可能不适用（{why}），但没有声明 `missing` 规则'),
  KPL2013: entry('error', 'leaf without rule', 'indicator `{name}` has neither a scoring rule nor sub-indicators', '指标 `{name}` 既没有计分规则也没有下级指标'),
  KPL2014: entry('error', 'unknown function', 'unknown function `{name}`', '未知函数 `{name}`'),
  KPL2015: entry('error', 'wrong arguments', '`{name}` takes {expected}, got {got}', '`{name}` 需要 {expected}，实际给了 {got}'),
  KPL2016: entry('error', 'unknown grade', 'unknown grade `{name}`', '未定义的等级 `{name}`'),
  KPL2017: entry('error', 'lookup does not cover every value', 'the table has no entry for `{value}` of `{name}` and no `otherwise`', '对照表缺少 `{name}` 的取值 `{value}`，也没有 `otherwise`'),
  KPL2018: entry('error', 'unknown lookup key', '`{key}` is not a possible value of `{name}`', '`{key}` 不是 `{name}` 的可能取值'),
  KPL2019: entry('error', 'bad import', 'cannot import `{path}`: {reason}', '无法导入 `{path}`：{reason}'),
  KPL2020: entry('error', 'import cycle', 'import cycle: {chain}', '循环导入：{chain}'),
  KPL2021: entry('error', 'no grades', '{what} needs grades, but the policy has no `grade` section', '{what} 需要等级，但方案没有 `grade` 定义'),
  KPL2022: entry('error', 'share out of range', 'a share must be between 0% and 100%, not {value}', '比例必须在 0% 到 100% 之间，不能是 {value}'),
  KPL2023: entry('warning', 'tie-break may leave ties', 'the tie-break chain does not end with the key `{key}`: equal people are kept in input order', '排序规则未以主键 `{key}` 结尾：完全相同者按输入顺序排列'),
  KPL2024: entry('error', 'bad weight', 'a weight must be a percentage between 0% and 100%, not {value}', '权重必须是 0% 到 100% 之间的百分比，不能是 {value}'),
  KPL2025: entry('error', 'no input table', 'the policy declares no input table of people to assess', '方案没有声明被考核人员的输入表'),
  KPL2026: entry('error', 'unknown key column', 'key column `{name}` is not declared in `{table}`', '主键列 `{name}` 未在 `{table}` 中声明'),
  KPL2027: entry('error', 'cannot output', '`{name}` cannot be an output column: {reason}', '`{name}` 不能作为输出列：{reason}'),
  KPL2028: entry('error', 'reversed range', 'the lower bound {low} is above the upper bound {high}', '下限 {low} 大于上限 {high}'),
  KPL2029: entry('error', 'otherwise not last', '`otherwise` must be the last row', '`otherwise` 必须是最后一行'),
  KPL2030: entry('error', 'misplaced table column', '{reason}', '{reason}'),
  KPL2031: entry('error', 'variant weights need a category', '`weight by {name}` needs a category input, but `{name}` is {found}', '`weight by {name}` 需要分类型输入，但 `{name}` 是 {found}'),
  KPL2032: entry('error', 'unknown type', 'unknown type `{name}`; use one of {types}', '未知类型 `{name}`；可用类型：{types}'),
  KPL2033: entry('error', 'quota cannot be met', '{reason}', '{reason}'),
  KPL2034: entry('error', 'bad rounding', 'round to a whole number of decimals from 0 to 10, not {value}', '保留小数位数必须是 0 到 10 的整数，不能是 {value}'),
  KPL2035: entry('error', 'duplicate category value', 'category value `{value}` is listed twice', '分类取值 `{value}` 重复'),
  KPL2036: entry('error', 'no indicators', '`weighted` needs at least one indicator', '`weighted` 需要至少一个指标'),
  KPL2037: entry('error', 'breakpoint table too short', '{what} needs at least {min} rows', '{what} 至少需要 {min} 行'),
  KPL2038: entry('error', 'bad quota rounding', 'the quota rounding must be floor, ceil or round, not `{value}`', '名额取整方式必须是 `floor`、`ceil` 或 `round`，不能是 `{value}`'),
  KPL2039: entry('error', 'missing section', 'the policy has no `{section}`, which {reason}', '方案缺少 `{section}`，{reason}'),
  KPL2042: entry('error', 'steps do not cover every value', 'no row matches a value of {value}: add an `otherwise` row', '取值 {value} 不匹配任何一行：请增加 `otherwise` 行'),
  KPL2043: entry('error', 'circular definition', '`{name}` is defined in terms of itself', '`{name}` 的定义引用了自身'),
  KPL2044: entry('error', 'not allowed here', '{what} is not allowed {where}', '{what} 不能{where}'),
  KPL2040: entry('warning', 'weight by a variant is not needed', 'every variant of `weight by {name}` has the same weight', '`weight by {name}` 的各变体权重相同，无需分情形'),
  KPL2041: entry('error', 'invalid plan', 'the plan file is not valid: {detail}', '计划文件无效：{detail}'),
  KPL2075: entry('error', 'bad group size', 'the smallest group a distribution applies to must be a whole number of people, 1 or more, not {value}', '强制分布适用的最小组人数必须是不小于 1 的整数，不能是 {value}'),
  KPL2071: entry('warning', 'printed decimals vary', 'output column `{name}` is rounded in some branches and not in others, so the number of decimals it prints varies: round every branch, or round the whole value', '输出列 `{name}` 在部分分支中舍入、在其他分支中未舍入，输出的小数位数因人而异：请对每个分支舍入，或对整个值舍入'),
  KPL2080: entry('error', 'exemption without a reason', 'an `exempt` rule needs a reason: the text that says why the person is not assessed', '`exempt` 规则必须写明原因：说明此人为何不参评的文字'),
  KPL2081: entry('error', 'exemption reads a later value', 'an `exempt` condition cannot use `{name}`: who is assessed is decided before anybody is graded, ranked or rewarded', '不参评条件不能使用 `{name}`：是否参评要在评定等级、排名和计算奖励之前确定'),
  KPL2060: entry('error', 'header read twice', 'columns `{first}` and `{second}` both read the data header `{header}`', '列 `{first}` 与 `{second}` 都读取数据表头 `{header}`'),

  // ── data ───────────────────────────────────────────────────────────────
  KPL3001: entry('error', 'not a number', '`{value}` in column `{column}` is not a number', '列 `{column}` 的 `{value}` 不是数字'),
  KPL3002: entry('error', 'out of range', '{value} in column `{column}` is out of range: it must be {range}', '列 `{column}` 的 {value} 超出范围：应为 {range}'),
  KPL3003: entry('error', 'missing column', '{table} has no column `{column}`', '输入表 `{table}` 缺少列 `{column}`'),
  KPL3004: entry('error', 'unknown category', '`{value}` in column `{column}` is not one of {values}', '列 `{column}` 的 `{value}` 不在可选值 {values} 中'),
  KPL3005: entry('error', 'duplicate key', 'duplicate key `{key}`: it is already on line {line}', '主键 `{key}` 重复：第 {line} 行已有'),
  KPL3006: entry('error', 'unknown person or key', 'no `{table}` row has key `{key}`', '`{table}` 中没有主键为 `{key}` 的行'),
  KPL3007: entry('error', 'empty file', '{file} is empty: it needs a header row and data rows', '{file} 是空文件：需要表头和数据行'),
  KPL3008: entry('error', 'wrong encoding', '{file} is not valid {encoding} (byte {offset}); save it as UTF-8, or name its encoding with --encoding', '{file} 不是有效的 {encoding} 编码（第 {offset} 字节）；请另存为 UTF-8，或用 `--encoding` 指定编码'),
  KPL3009: entry('error', 'required value empty', 'column `{column}` is required but empty', '必填列 `{column}` 为空'),
  KPL3010: entry('error', 'not a whole number', '`{value}` in column `{column}` is not a whole number', '列 `{column}` 的 `{value}` 不是整数'),
  KPL3011: entry('error', 'not a boolean', '`{value}` in column `{column}` is not true or false', '列 `{column}` 的 `{value}` 不是 `true` 或 `false`'),
  KPL3012: entry('error', 'not a date', '`{value}` in column `{column}` is not a date (YYYY-MM-DD)', '列 `{column}` 的 `{value}` 不是日期（YYYY-MM-DD）'),
  KPL3013: entry('error', 'malformed CSV', 'malformed CSV: {detail}', 'CSV 格式错误：{detail}'),
  KPL3014: entry('warning', 'extra column', 'column `{column}` is not declared in `{table}` and is ignored', '列 `{column}` 未在 `{table}` 中声明，已忽略'),
  KPL3015: entry('error', 'no data for table', 'no data given for input table `{table}` (use --data {table}=FILE.csv)', '没有提供输入表 `{table}` 的数据（请用 `--data {table}=文件.csv`）'),
  KPL3016: entry('error', 'unknown table', 'the policy has no input table `{table}`', '方案中没有输入表 `{table}`'),
  KPL3017: entry('error', 'wrong field count', 'row has {got} fields but the header has {expected}', '该行有 {got} 个字段，表头有 {expected} 个'),
  KPL3018: entry('error', 'no data rows', '{file} has a header but no data rows', '{file} 只有表头，没有数据行'),
  KPL3019: entry('error', 'invalid related row', 'person `{key}` has an invalid related row in `{table}` on line {line}', '人员 `{key}` 在 `{table}` 第 {line} 行的关联数据有误'),
  KPL3020: entry('error', 'refers to an invalid row', '`{column}` refers to `{key}` in `{table}`, whose row on line {line} has errors', '`{column}` 引用的 `{table}` 中的 `{key}`（第 {line} 行）数据有误'),
  KPL3021: entry('error', 'malformed JSON', 'malformed JSON: {detail}', 'JSON 格式错误：{detail}'),
  KPL3022: entry('error', 'table given twice', 'data for `{table}` is given twice: {first} and {second}', '输入表 `{table}` 的数据提供了两次：{first} 与 {second}'),
  KPL3030: entry('warning', 'encoding assumed', '{file} is not UTF-8: read as {encoding}; if the text looks wrong, name the encoding with --encoding', '{file} 不是 UTF-8 编码，已按 {encoding} 读取；如出现乱码，请用 `--encoding` 指定编码'),
  KPL3031: entry('error', 'no such sheet', '{file} has no sheet `{sheet}` (sheets: {sheets})', '{file} 中没有工作表 `{sheet}`（现有工作表：{sheets}）'),
  KPL3032: entry('error', 'merged header cells', 'header cells {range} of sheet `{sheet}` are merged: unmerge them so that every column has its own header', '工作表 `{sheet}` 的表头单元格 {range} 是合并单元格：请取消合并，让每一列都有自己的表头'),
  KPL3033: entry('error', 'spreadsheet error value', 'cell {cell} (column `{column}`) holds the spreadsheet error `{value}`', '单元格 {cell}（列 `{column}`）是错误值 `{value}`'),
  KPL3034: entry('error', 'formula without a value', 'cell {cell} (column `{column}`) is a formula without a saved result: open the file in a spreadsheet and save it again', '单元格 {cell}（列 `{column}`）是公式，但文件中没有保存计算结果：请用电子表格软件打开后重新保存'),
  KPL3035: entry('error', 'unreadable workbook', '{file} is not a readable .xlsx workbook: {detail}', '{file} 不是可读取的 .xlsx 工作簿：{detail}'),
  KPL3036: entry('warning', 'hidden rows read', 'sheet `{sheet}` has {count} hidden rows (rows {rows}); they are read like the others: delete them if they are not data', '工作表 `{sheet}` 有 {count} 个隐藏行（第 {rows} 行），已照常读取；如果它们不是数据，请删除'),
  KPL3037: entry('error', 'merged data cells', 'cell {cell} (column `{column}`) is covered by the merged cells {range}, so it holds no value of its own: unmerge them and fill in every cell', '单元格 {cell}（列 `{column}`）被合并单元格 {range} 覆盖，本身没有值：请取消合并，并在每个单元格中填写'),
  KPL3038: entry('warning', 'values outside the header', 'sheet `{sheet}` has values right of the header\'s last column, which have no column name and are ignored: {cells}', '工作表 `{sheet}` 在表头最后一列的右侧还有值，这些单元格没有列名，已忽略：{cells}'),

  // ── evaluation ─────────────────────────────────────────────────────────
  KPL4001: entry('error', 'cannot be assessed', '`{name}` cannot be assessed for this person: {reason}', '无法为此人计算 `{name}`：{reason}'),
  KPL4002: entry('error', 'row has data errors', 'person `{key}` was not evaluated because the row has data errors', '人员 `{key}` 的数据有误，未参与计算'),
  KPL4003: entry('warning', 'pool not allocated', 'pool of `{group}` ({amount}) is not allocated: {reason}', '`{group}` 的奖金池（{amount}）未分配：{reason}'),
  KPL4004: entry('error', 'pool differs within group', 'the pool of `{group}` is {a} for one member and {b} for another', '`{group}` 的奖金池在成员间不一致：{a} 与 {b}'),
  KPL4005: entry('error', 'division by zero', 'division by zero in `{expr}`', '`{expr}` 中出现除以 0'),
  KPL4006: entry('warning', 'pool shared without someone', 'the pool of `{group}` was shared without {people}, who could not be assessed', '`{group}` 的奖金池分配时未包括无法考核的 {people}'),
  KPL4007: entry('error', 'bounds out of order', 'the bounds of `{name}` are out of order for this person: {bounds}; {rule}', '此人 `{name}` 的分段界限顺序不对：{bounds}；{rule}'),

  // ── limits, files and outputs ─────────────────────────────────────────
  KPL5001: entry('error', 'nested too deeply', 'this is nested more than {limit} levels deep (brackets, calls, blocks, `if`, signs and chains of operators count); split it with `let`', '嵌套超过 {limit} 层（括号、函数调用、块、`if`、正负号和连续运算都计入）；请用 `let` 拆分'),
  KPL5002: entry('error', 'string too long', 'a string of {size} characters is longer than the limit of {limit}', '字符串长 {size} 个字符，超过上限 {limit}'),
  KPL5003: entry('error', 'policy too large', '{file} has {size} characters, more than the limit of {limit}', '{file} 有 {size} 个字符，超过上限 {limit}'),
  KPL5004: entry('error', 'too many declarations', 'the policy has more than {limit} {what}', '方案的{what}超过上限 {limit}'),
  KPL5005: entry('error', 'output would overwrite an input', '--out {file} is {what}, an input of this run: choose another file', '`--out {file}` 是本次运行的输入（{what}）：请另选输出文件'),
  KPL5006: entry('error', 'cannot write output', 'cannot write {file}: {reason}', '无法写入 {file}：{reason}'),
  KPL5007: entry('error', 'definitions nested too deeply', '`{name}` depends on a chain of more than {limit} definitions', '`{name}` 依赖的定义链超过 {limit} 层'),
  KPL5020: entry('error', 'plan without its policy', 'the plan carries no policy text, so what it computes cannot be proved: compile the policy again', '计划文件没有附带方案原文，无法证明其计算内容：请重新编译方案'),
  KPL5021: entry('error', 'plan differs from its policy', 'the plan is not what its policy compiles to: {path} is {found}, but the policy gives {expected}; the plan was edited after `kpl compile`: compile the policy again', '计划文件与其方案的编译结果不符：{path} 为 {found}，方案编译得 {expected}；计划文件在 `kpl compile` 之后被改动过：请重新编译方案'),
  KPL5022: entry('error', 'unreadable run record', '{file} is not a run record of `kpl eval --record`: {detail}', '{file} 不是 `kpl eval --record` 写出的运行记录：{detail}'),
  KPL5023: entry('error', 'input changed since the record', '{file} ({what}) is not the file the run read: {reason}', '{file}（{what}）已不是当次运行读取的文件：{reason}'),
  KPL5024: entry('error', 'run not reproduced', 'the run did not reproduce: {what} was {recorded}, now {now}', '运行未能复现：{what} 记录为 {recorded}，现在为 {now}'),
  KPL5025: entry('error', 'plan not signed by the key', '{file} is not proved signed by {key}: {reason}', '无法证明 {file} 由 {key} 签名：{reason}'),
  KPL5040: entry('error', 'not expressible in SQL', '{dialect} cannot compute {what} exactly, so no SQL is generated for this policy ({why})', '{dialect} 无法精确计算{what}，因此不为此方案生成 SQL（{whyZh}）'),
  KPL5041: entry('error', 'database error', 'the database ({dialect}) reported: {detail}', '数据库（{dialect}）报错：{detail}'),

  // ── internal ───────────────────────────────────────────────────────────
  KPL9001: entry('error', 'internal error', 'internal error: {detail}', '内部错误：{detail}'),

  // ── range analysis (kpl lint; also reported by kpl check) ──────────────
  KPL2501: entry('warning', 'unreachable grade', 'grade `{grade}` is unreachable: it needs a total in {band}, but the total is always in {range}', '等级 `{grade}` 不可能出现：它要求总分在 {band} 之内，而总分始终在 {range} 之内'),
  KPL2502: entry('warning', 'grade band never matches', 'the band of grade `{grade}`, {band}, never matches: the total is always in {range}', '等级 `{grade}` 的区间 {band} 永远不会命中：总分始终在 {range} 之内'),
  KPL2503: entry('warning', 'row never matches', 'the row `{row}` can never match: `{value}` is always in {range}', '`{row}` 这一行永远不会命中：`{value}` 始终在 {range} 之内'),
  KPL2504: entry('warning', 'breakpoint never used', 'the row `{point}` of `interpolate` is never used: `{value}` is always in {range}', '`interpolate` 的 `{point}` 这一行永远用不到：`{value}` 始终在 {range} 之内'),
  KPL2505: entry('warning', 'cap never binds', '`{cap}` in `{call}` never takes effect: `{value}` is always in {range}', '`{call}` 中的 `{cap}` 永远不起作用：`{value}` 始终在 {range} 之内'),
  KPL2506: entry('warning', 'cap always binds', '`{call}` is always `{cap}`: `{value}` is always in {range}', '`{call}` 的结果总是 `{cap}`：`{value}` 始终在 {range} 之内'),
  KPL2507: entry('warning', 'weight too small to matter', 'indicator `{name}` moves the total by at most {swing} points, less than {share} of the narrowest grade band (`{grade}`, {width} points wide)', '指标 `{name}` 对总分的影响至多 {swing} 分，不到最窄等级区间（`{grade}`，宽 {width} 分）的 {share}'),
} as const satisfies Record<string, Entry>;

export type Code = keyof typeof CATALOG;

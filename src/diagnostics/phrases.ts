/**
 * The phrase catalogue: every help line, note and every piece of wording that a diagnostic puts
 * into its message arguments (`the value of `rank``, `a whole number`), in English and Chinese.
 * Code builds a phrase by key (`phrase('didYouMean', { name })`) instead of writing English, so
 * `--lang zh` prints Chinese throughout; test/unit/diagnostics/zh-text.test.ts renders every entry.
 * Placeholders are filled like catalogue messages; an argument may itself be a phrase.
 */
import { termZh } from './terms-zh.ts';

export type Locale = 'en' | 'zh';

/** A catalogue phrase with its arguments: plain data, so it crosses workers and JSON. */
export interface Phrase {
  readonly phrase: PhraseKey;
  readonly args: DiagArgs;
}
/** Items joined as `a, b or c` (`a、b 或 c`); `conj` none joins with commas only. */
export interface List {
  readonly list: readonly DiagArg[];
  readonly conj: 'or' | 'and' | 'none';
}
export type DiagArg = string | number | Phrase | List;
export type DiagArgs = Readonly<Record<string, DiagArg>>;

interface Text {
  readonly en: string;
  readonly zh: string;
}
const t = (en: string, zh: string): Text => ({ en, zh });

export const PHRASES = {
  // ── help lines ─────────────────────────────────────────────────────────
  didYouMean: t('did you mean `{name}`?', '是不是想写 `{name}`？'),
  possibleValues: t('possible values: {values}', '可选值：{values}'),
  theGradesAre: t('the grades are {grades}', '已定义的等级：{grades}'),
  theWeightsAre: t('the weights are: {weights}', '各项权重：{weights}'),
  weightItem: t('{name} {weight}', '{name} {weight}'),
  writeWeight: t('write `weight {pct}`', '直接写 `weight {pct}`'),
  addMissingRule: t('add `missing drop` (re-normalise the other weights), `missing zero` or `missing error`', '请加上 `missing drop`（其余权重重新归一）、`missing zero` 或 `missing error`'),
  relatedRowsBelongTo: t('related rows belong to `{name}`', '关联数据应归属于 `{name}`'),
  referToTable: t('a column can refer to a table declared with `table NAME key …`', '列只能引用用 `table 名称 key …` 声明的对照表'),
  useRatioOrRange: t("use `ratio({left}, {right}, zero: 0)` to say what a zero divisor gives, or declare the column's range (e.g. `> 0`)", '用 `ratio({left}, {right}, zero: 0)` 说明除数为 0 时的结果，或为该列声明取值范围（如 `> 0`）'),
  percentOfAmount: t('a percentage of an amount is their product, as `{example}`', '金额的百分比就是二者相乘，如 `{example}`'),
  divideMoneyByMoney: t('a ratio of two amounts is money divided by money, as `{example}`', '两笔金额之比是金额除以金额，如 `{example}`'),
  bandsMustCover: t('bands must cover the whole range of the total, {range}; add a band or an `otherwise` band', '等级区间必须覆盖总分的全部取值范围 {range}；请增加一个区间或 `otherwise` 区间'),
  smallestGroupSpaces: t('write the number apart, with spaces: `仅限 不少于 8 人的组`', '数字前后要有空格：`仅限 不少于 8 人的组`'),
  quotaOptions: t('options are `floor`, `ceil`, `round`, `min N` and `max N`', '可用选项：`floor`、`ceil`、`round`、`min N`、`max N`'),
  backslashItself: t('a backslash itself is written `\\\\`', '反斜杠本身要写成 `\\\\`'),
  adjustmentsOneUnit: t('`adjustments` adds up every adjustment: give them one unit (points, or money)', '`adjustments` 是全部加减分之和：请让它们使用同一种单位（分值或金额）'),
  adjustmentsArePoints: t('without `total =` the total is `weighted + adjustments`: make the adjustments points, or write a `total` formula', '没有 `total =` 时总分为 `weighted + adjustments`：请把加减分写成分值，或写出 `total` 公式'),
  fmtUnchanged: t('the file was left unchanged; please report this with the policy that caused it', '文件未作改动；请连同引发问题的方案一起报告此问题'),
  firstDefinedHere: t('first defined here', '首次定义在此'),
  firstAdjustmentHere: t('the first adjustment is here', '第一条加减分在此'),
  twoHints: t('{a}; {b}', '{a}；{b}'),
  // what a message is about (arguments of KPL2008, KPL2015, KPL2044 …)
  parameters: t('parameters {names}', '参数 {names}'),
  oneArgument: t('1 argument', '1 个参数'),
  nArguments: t('{n} arguments', '{n} 个参数'),
  argumentNamed: t('an argument `{name}`', '参数 `{name}`'),
  argumentNOf: t('argument {n} of `{name}`', '`{name}` 的第 {n} 个参数'),
  argumentOf: t('the argument of `{name}`', '`{name}` 的参数'),
  valueOf: t('the value of `{name}`', '`{name}` 的取值'),
  keyOf: t('the key of `{name}`', '`{name}` 的查找键'),
  scoreOf: t('the score of `{name}`', '`{name}` 的得分'),
  operandOf: t('the operand of `{op}`', '`{op}` 的操作数'),
  conditionOfIf: t('the condition of `if`', '`if` 的条件'),
  leftSideOf: t('the left side of `{op}`', '`{op}` 的左边'),
  rightSideOf: t('the right side of `{op}`', '`{op}` 的右边'),
  bothBranches: t('both branches', '两个分支'),
  thePool: t('the pool', '奖金池'),
  theAllocationWeight: t('the allocation weight', '分配权重'),
  vetoCondition: t('the veto condition', '否决条件'),
  exemptCondition: t('the condition of `exempt`', '不参评条件'),
  readsOptional: t('it reads optional `{input}`', '使用了可空的 `{input}`'),
  givesMissingLiteral: t('its rule can give `missing`', '其规则可能得出 `missing`'),
  amongCondition: t('the condition of `{word}` (who the distribution counts)', '`{word}` 的条件（强制分布计入哪些人）'),
  vetoedTotal: t('the vetoed total', '否决后的总分'),
  vetoSettingGrade: t('a veto that sets the grade', '设定等级的一票否决'),
  adjustmentNamed: t('adjustment `{name}`', '加减分 `{name}`'),
  aScoringRule: t('a scoring rule', '计分规则'),
  aWeight: t('a weight, like `weight 30%`', '权重，如 `weight 30%`'),
  aMode: t('a mode: {modes}', '取整方式：{modes}'),
  takeOf: t('take `{name}` of', '一起取 `{name}`'),
  tableBlockOf: t('a table block { … } of {what}', '表格块 `{ … }`，内容为{what}'),
  interpolateTable: t('breakpoints like `below: 0; 70: 40; 95: 100`', '断点，如 `below: 0; 70: 40; 95: 100`'),
  stepsTable: t('rows like `>= 20: 100; >= 10: 70; otherwise: 20`', '阶梯行，如 `>= 20: 100; >= 10: 70; otherwise: 20`'),
  lookupTable: t('rows like `A: 1.3; B: 1.0`', '对照行，如 `A: 1.3; B: 1.0`'),
  progressiveTable: t('brackets like `0: 1%; 100000: 2%`', '累进档，如 `0: 1%; 100000: 2%`'),
  groupMeanTable: t('group weights like `领导: 50%; 平级: 30%`', '分组权重，如 `领导: 50%; 平级: 30%`'),
  nBreakpoints: t('{n} breakpoints', '{n} 个断点'),
  nBrackets: t('{n} bracket', '{n} 个累进档'),
  belowRow: t('a `below: …` row saying the score under the first breakpoint', '一行 `below: …`，说明低于第一个断点时的得分'),
  aBreakpointValue: t('a breakpoint value', '断点的值'),
  aNumberWrittenOut: t('a number written out', '直接写出的数字'),
  aCategoryGradeOrText: t('a category, grade or text (use steps for numbers)', '分类、等级或文本（数值请用 `steps`）'),
  anyOtherValue: t('any other value', '其他任何取值'),
  relatedRows: t('rows of a related table (like `ratings` or `ratings.score`)', '关联表的多行数据（如 `ratings` 或 `ratings.score`）'),
  relatedColumn: t('a column of a related table (like `ratings.score`)', '关联表的一列（如 `ratings.score`）'),
  aLookupTable: t('a lookup table (declared with `table`)', '对照表（用 `table` 声明）'),
  secondPopulation: t('a second `input … key` table', '第二个 `input … key` 表'),
  categoryValues: t('its values, like `category { 职能部门, 县公司 }`', '它的可选值，如 `category { 职能部门, 县公司 }`'),
  categoryOf: t('a category of `{name}`', '`{name}` 的分类值'),
  rowsOf: t('the rows of `{name}`', '`{name}` 的多行数据'),
  theTable: t('the table `{name}`', '表 `{name}`'),
  rowOf: t('a row of `{name}`', '`{name}` 的一行'),
  // where something is not allowed (KPL2044: "{what} is not allowed {where}")
  asInterpolateRow: t('in interpolate: write `below: y`, `x: y` rows and optionally `above: y`', '用作 `interpolate` 的行：应写成 `below: y`、`x: y`，可选 `above: y`'),
  asStepsRow: t('as a steps row: write `>= 20: 100` (or >, <=, <, =) or `otherwise: …`', '用作 `steps` 的行：应写成 `>= 20: 100`（或 `>`、`<=`、`<`、`=`）或 `otherwise: …`'),
  asBracket: t('as a bracket: write `threshold: rate`, the threshold a number or an expression of the person\'s values (`100000: 2%`, `目标 * 120%: 2%`)', '用作累进档：应写成 `门槛: 费率`，门槛是数字或按本人数据计算的式子（如 `100000: 2%`、`目标 * 120%: 2%`）'),
  aBracketThreshold: t('a bracket threshold', '累进档的门槛'),
  aBound: t('a bound', '分段界限'),
  outsideComputedBounds: t('`{x}` beyond the rows\' computed bounds', '`{x}` 在各行计算出的界限之外时'),
  boundsIncrease: t('each bound must be greater than the one before', '每个界限都必须大于前一个'),
  boundsDecrease: t('each bound must be less than the one before (rows are tried in order)', '每个界限都必须小于前一个（各行按顺序匹配）'),
  oneDirection: t('in a steps table with computed bounds whose first row compares the other way: write every row with `>=`/`>` or every row with `<=`/`<`', '用于含计算界限、且与第一行比较方向相反的阶梯表：各行应都用 `>=`/`>`，或都用 `<=`/`<`'),
  asGroupRow: t('as a group: write `group name: weight%`', '用作分组：应写成 `组名: 权重%`'),
  onParentIndicator: t('on an indicator with sub-indicators (its score is their weighted sum)', '用于有下级指标的指标（它的得分是下级指标的加权和）'),
  besideWeightBy: t('beside `weight by {column}` (siblings vary by one column)', '与 `weight by {column}` 并列（同级指标只能按同一列分情形）'),
  allocateOnlyInReward: t('in {where}: a pool is shared out in the reward', '用于{where}：奖金池只能在 `reward` 中分配'),
  populationAlready: t(': `{first}` already lists the people assessed (declare `{name}` with `table` for lookups or `of … by` for related rows)', '出现：`{first}` 已经列出了被考核人员（对照表请用 `table` 声明 `{name}`，一人多行的关联数据请用 `of … by`）'),
  aRange: t('a range', '取值范围'),
  onColumnOfType: t('on a {type} column', '用于 `{type}` 列'),
  aListOfValues: t('a list of values', '可选值列表'),
  onColumnNotCategory: t('on a {type} column (only category columns have values)', '用于 `{type}` 列（只有 `category` 列才有可选值）'),
  aTableBlock: t('a table block', '表格块 `{ … }`'),
  afterCall: t('after `{name}(…)`', '跟在 `{name}(…)` 后面'),
  // reasons (KPL2027, KPL2030, KPL2033, KPL2039, KPL4001 …)
  parentWhenVariant: t('{parent}` when `{column}` is `{variant}', '{parent}` 在 `{column}` 为 `{variant}'),
  relatedTableNotValue: t('`{text}` is a related table (many rows per person), not a value: use count({table}), or `{table}.COLUMN` inside sum, mean, min, max or group_mean', '`{text}` 是关联表（每人多行），不是一个值：请用 `count({table})`，或在 `sum`、`mean`、`min`、`max`、`group_mean` 中使用 `{table}.列名`'),
  tableNotValue: t('`{text}` is a table, not a value: pick a row with its key and a column, as `{table}[key].COLUMN`', '`{text}` 是表，不是一个值：请用主键取一行再取一列，如 `{table}[主键].列名`'),
  rowNotValue: t('`{text}` is a row of `{table}`, not a value: name the column, as `{text}.COLUMN`', '`{text}` 是 `{table}` 的一行，不是一个值：请写出列名，如 `{text}.列名`'),
  manyValuesPerPerson: t('`{name}` has many values per person: use it inside count, sum, mean, min, max or group_mean', '`{name}` 每人有多个值：请在 `count`、`sum`、`mean`、`min`、`max` 或 `group_mean` 中使用'),
  pickRowFirst: t('`{table}` is a table: pick a row with its key first, as `{table}[key].{member}`', '`{table}` 是表：请先用主键取一行，如 `{table}[主键].{member}`'),
  isTableNotValue: t('it is a table, not a value', '它是表，不是一个值'),
  trimNeedsMore: t('trimming {trim} highest and {trim} lowest needs trim_from above {min}', '去掉 {trim} 个最高分和 {trim} 个最低分，要求 `trim_from` 大于 {min}'),
  lowestGradeQuota: t('`{grade}` is the lowest grade: say where people past the quota go with `-> GRADE`', '`{grade}` 是最低等级：请用 `-> 等级` 说明超出名额的人降到哪个等级'),
  bestGradeQuota: t('`{grade}` is the best grade: say where people come from with `from GRADE`', '`{grade}` 是最高等级：请用 `from 等级` 说明从哪个等级补足'),
  outputNeedsReward: t('an output column needs', '输出列需要用到它'),
  reasonNeedsExempt: t('`reason` (why a person is not assessed) needs', '`reason`（不参评的原因）需要用到它'),
  exemptNeedsReason: t('write it after the keyword, as `exempt "本季度入职" when 入职月数 < 3`', '原因写在关键字之后，如 `不参评 "本季度入职" 当 入职月数 < 3`'),
  exemptReadsOwnValues: t("base the condition on the person's own data: input columns, tables, `let` values, indicators or the total", '请用此人自己的数据作条件：输入列、对照表、`let` 定义值、指标或总分'),
  writePercentages: t('write percentages with `%` (5% is 0.05), or convert with `* 100`', '百分比请带 `%` 书写（5% 即 0.05），或用 `* 100` 换算'),
  convertOneSide: t('convert one side first, e.g. divide money by money to get a ratio', '请先换算其中一边，例如用金额除以金额得到比率'),
  // imports (KPL2019)
  importsUnavailable: t('imports are not available here', '此处不能使用导入'),
  importTooDeep: t('imports may nest at most {limit} files deep', '导入最多嵌套 {limit} 层'),
  tooManyFiles: t('a policy may read at most {limit} files', '一个方案最多读取 {limit} 个文件'),
  noSuchFile: t('no such file', '文件不存在'),
  fileTooLarge: t('the file is larger than {limit} characters', '文件超过 {limit} 个字符'),
  pathEmpty: t('the path is empty', '路径为空'),
  pathTooLong: t('the path is longer than {limit} characters', '路径超过 {limit} 个字符'),
  pathControlChar: t('the path contains a control character', '路径中含有控制字符'),
  pathNotRelative: t('the path must be relative to the importing file', '路径必须相对于导入它的文件'),
  onlyKplFiles: t('only `.kpl` files can be imported', '只能导入 `.kpl` 文件'),
  outsideFolder: t("it is outside the policy's folder `{folder}` (--root widens it)", '它在方案所在文件夹 `{folder}` 之外（可用 `--root` 放宽）'),
  linkOutsideFolder: t("it leads (through a link) outside the policy's folder `{folder}`", '它（经由链接）指向方案所在文件夹 `{folder}` 之外'),
  linkNotKpl: t('it leads (through a link) to a file that is not a `.kpl` file', '它（经由链接）指向的不是 `.kpl` 文件'),
  cannotRead: t('it cannot be read ({code})', '无法读取（`{code}`）'),
  isFolder: t('it is a folder', '它是文件夹'),
  notRegularFile: t('it is not a regular file', '它不是普通文件'),
  largerThanBytes: t('it is larger than {limit} bytes', '它超过 {limit} 字节'),
  // a plan file that is not valid (KPL2041): a JSON path, then what is wrong there
  planNotJson: t('it is not JSON', '它不是合法的 JSON'),
  planNotJsonAt: t('it is not JSON (line {line}, column {col})', '它不是合法的 JSON（第 {line} 行第 {col} 列）'),
  planOtherVersion: t('{path}: the plan has version {found}, but this KPL reads plan version {version}; compile the policy again', '`{path}`：计划的版本是 `{found}`，而本版 KPL 读取的计划版本是 {version}；请重新编译方案'),
  planTooDeep: t('it is nested {depth} levels deep, deeper than any compiled plan ({limit})', '它嵌套了 {depth} 层，比任何编译出的计划都深（最多 {limit} 层）'),
  planMoreProblems: t('{n} more problems are not shown', '另有 {n} 处问题未列出'),
  planHashMismatch: t('its content does not match its hash: it was changed after `kpl compile`; compile the policy again', '内容与其哈希值不符：它在 `kpl compile` 之后被改动过；请重新编译方案'),
  planFieldMissing: t('{path}: this required field is missing', '`{path}`：缺少这个必填字段'),
  planFieldNotAllowed: t('{path}: this field is not allowed here', '`{path}`：此处不允许有这个字段'),
  planTagMissing: t('{path}: missing or not a string; it must name the kind of this node', '`{path}`：缺失或不是字符串；它应写明这个节点的种类'),
  planUnknownKind: t('{path}: unknown kind {kind}', '`{path}`：未知的种类 `{kind}`'),
  planUnknownKindOneOf: t('{path}: unknown kind {kind}; expected one of {kinds}', '`{path}`：未知的种类 `{kind}`；应为以下之一：`{kinds}`'),
  planMustBe: t('{path}: must be {what}', '`{path}`：应为{what}'),
  planMustBeValue: t('{path}: must be {value}', '`{path}`：应为 `{value}`'),
  planMustBeOneOf: t('{path}: must be one of {values}', '`{path}`：应为以下之一：`{values}`'),
  planMustBeDecimal: t('{path}: must be a decimal number in a string, like "12.5"', '`{path}`：应为写在字符串中的十进制数，如 `"12.5"`'),
  planMustMatch: t('{path}: must match the pattern {pattern}', '`{path}`：应符合模式 `{pattern}`'),
  planAtLeast: t('{path}: must be at least {limit}', '`{path}`：不能小于 {limit}'),
  planAtMost: t('{path}: must be at most {limit}', '`{path}`：不能大于 {limit}'),
  planAtLeastItems: t('{path}: must have at least {limit} items', '`{path}`：至少要有 {limit} 项'),
  planAtMostItems: t('{path}: must have at most {limit} items', '`{path}`：最多只能有 {limit} 项'),
  planOther: t('{path}: {message}', '`{path}`：不符合计划格式（`{message}`）'),
  jsonObject: t('an object', '对象'),
  jsonArray: t('an array', '数组'),
  jsonString: t('a string', '字符串'),
  jsonNumber: t('a number', '数值'),
  jsonInteger: t('a whole number', '整数'),
  jsonBoolean: t('true or false', '`true` 或 `false`'),
  jsonNull: t('null', '`null`'),
  // why an output could not be written (KPL5006): the system's error code in words
  standardOutput: t('standard output', '标准输出'),
  osNoSpace: t('no space left on the device', '设备上没有剩余空间'),
  osPermission: t('permission denied', '没有写入权限'),
  osReadOnly: t('read-only file system', '文件系统是只读的'),
  osNoFolder: t('its folder does not exist', '它所在的文件夹不存在'),
  osQuota: t('disk quota exceeded', '超出了磁盘配额'),
  osIo: t('input/output error', '读写出错（设备故障）'),
  osPipeClosed: t('the reader closed the pipe', '读取方已关闭管道'),
  osTooManyFiles: t('too many open files', '打开的文件太多'),
  osBusy: t('the file is busy', '文件正被占用'),
  osNameTooLong: t('the file name is too long', '文件名太长'),
  osNotFolder: t('a part of the path is not a folder', '路径中有一段不是文件夹'),
  osTooLarge: t('the file is too large', '文件太大'),
  osErrorCode: t('{code}', '系统错误 `{code}`'),
  // evaluation (KPL4001, KPL4003)
  noEntryFor: t('no entry for `{key}`', '对照表中没有 `{key}`'),
  valueMissing: t('a value it needs is missing', '它需要的值缺失'),
  notApplicableMissingError: t('it is not applicable (a value it needs is missing) and its rule is `missing error`', '它不适用（需要的值缺失），而它的规则是 `missing error`'),
  noIndicatorApplies: t('no indicator applies', '没有任何指标适用'),
  vetoMadeMissing: t('the veto “{text}” replaced it by a missing value', '一票否决“{text}”把它变成了缺失值'),
  aVetoMadeMissing: t('the veto replaced it by a missing value', '一票否决把它变成了缺失值'),
  noBandContains: t('no grade band contains the total {total}', '总分 {total} 不在任何等级区间内'),
  poolGroupWeightMissing: t('the pool, group or weight is missing', '奖金池、分组或分配权重缺失'),
  allWeightsZero: t('every member’s weight is zero', '所有成员的分配权重都是 0'),
  nobodyInGroup: t('nobody assessed belongs to it', '该组没有被考核人员'),
  roundingRemainder: t('rounding left a remainder', '取整后有余额'),
  firstAt: t('first at `{path}`', '首个问题在 `{path}`'),
  // kpl reproduce (KPL5024): what differs, and how a run went
  runOutput: t('the output', '输出'),
  runPlanHash: t('the plan hash', '计划哈希'),
  runExit: t('the exit status', '退出状态'),
  runEngine: t('the engine that evaluated', '实际求值的引擎'),
  runRows: t('the row counts', '行数'),
  shaOf: t('SHA-256 {sha}', 'SHA-256 为 {sha}'),
  engineRead: t('`{engine}` (data read by `{data}`)', '`{engine}`（数据由 `{data}` 读取）'),
  nothingEvaluated: t('nothing evaluated', '未求值'),
  rowsInOut: t('{in} in, {out} out, {reported} reported', '读入 {in} 行，输出 {out} 行，报告 {reported} 行'),
  // syntax
  moneyTimesMoney: t('money times money has no meaning: multiply an amount by a count, a number or a percentage', '金额乘金额没有意义：请用金额乘以计数、数值或百分比'),
  divideByMoney: t('to compare two amounts divide money by money (a ratio); `{left}` is {ty}', '两笔金额相比要用金额除以金额（得到比值）；`{left}` 是{ty}'),
  amountsAsMoney: t('write the amounts as money (`500 元` or `¥500`): `{fixed}` is money', '请把其中的金额写成金额常量（`500 元` 或 `¥500`）：`{fixed}` 就是金额'),
  amountWritten: t('`{name}` is {ty}: an amount is written `500 元` (or `¥500`), and a count times an amount is money (`{name} * 500 元`)', '`{name}` 是{ty}：金额常量写作 `500 元`（或 `¥500`），计数乘以金额就是金额（`{name} * 500 元`）'),
  strayCloser: t('nothing before it is open: remove it', '前面没有与之配对的左括号：请删除它'),
  declarationStart: t('expected the start of a declaration such as `indicator`, `input` or `grade`', '此处应开始一条新的声明，如 `indicator`、`input` 或 `grade`'),
  // data cells
  thousandsSeparator: t('a comma is read only as a thousands separator between groups of three digits (1,234.50); the decimal point is `.`', '逗号只作为千位分隔符（每三位一组，如 1,234.50）；小数点是 `.`'),
  noExponents: t('exponents are not read: write the number out (1000, not 1e3)', '不识别科学计数法：请写出完整数字（写 `1000`，不写 `1e3`）'),
  noSuchDay: t('there is no such day as {date}', '日历上没有 {date} 这一天'),
  yearFirst: t('a date that does not start with the year is ambiguous (is 1/5 the 1st of May or January 5th?): write it year first, 2024-01-05', '不以年份开头的日期有歧义（1/5 是 5 月 1 日还是 1 月 5 日？）：请年份在前，如 2024-01-05'),
  excelSerialDay: t('a whole number in a date column is read as an Excel serial day number from 61 (1900-03-01) to 2958465 (9999-12-31)', '日期列中的整数按 Excel 日期序号读取，范围 61（1900-03-01）到 2958465（9999-12-31）'),
  dateHasTime: t('a date column holds days: this value has a time of day', '日期列只保存日期：这个值带有时刻'),
  similarHeader: t('the file has a column `{near}`: is that it? (then declare `{name}: … from "{near}"`)', '文件中有一列 `{near}`：是不是这一列？（如果是，请声明 `{name}: … from "{near}"`）'),
  sheetCell: t('sheet `{sheet}`, cell {cell}, column `{column}`', '工作表 `{sheet}`，单元格 {cell}，列 `{column}`'),
  quoteNotClosed: t('the quoted field {field} of the row starting on line {line} is never closed', '从第 {line} 行开始的那一行，第 {field} 个字段的引号没有闭合'),
  badClosingQuote: t('on line {line}, the closing quote of field {field} must be followed by a comma or the end of the line', '第 {line} 行第 {field} 个字段的结尾引号后面只能是逗号或行尾'),
  quoteInsideValue: t('on line {line}, field {field} has a quote inside an unquoted value; quote the whole value and double the inner quotes ("")', '第 {line} 行第 {field} 个字段在未加引号的值中含有引号；请给整个值加上引号，并把其中的引号写两遍（""）'),
  headerTwice: t('column `{name}` appears twice in the header (fields {a} and {b})', '列 `{name}` 在表头中出现了两次（第 {a} 和第 {b} 个字段）'),
  jsonShape: t('expected an array of objects, or {"rows": [...]}', '应为对象数组，或 `{"rows": [...]}`'),
  jsonNotObject: t('record {n} is not an object', '第 {n} 条记录不是对象'),
  jsonNotSingle: t('the value of `{name}` in record {n} is {what}, not a single value', '第 {n} 条记录中 `{name}` 的值是{what}，不是单个值'),
  // lint
  weightTooSmall: t('its score is in {range}; it can change the grade only of someone whose total is already within {swing} of a band boundary. Raise its weight, or drop it', '它的得分在 {range} 之内；只有总分离等级分界不到 {swing} 分的人，等级才可能因它改变。请提高它的权重，或删去它'),
  highestTotal: t('the highest possible total is {value}', '总分最高只能到 {value}'),
  lowestTotal: t('the lowest possible total is {value}', '总分最低也有 {value}'),
  otherBandsTake: t('the other bands take every total it could get', '它可能得到的总分都已被其他区间占用'),
  theVeto: t('the veto `{text}`', '一票否决 `{text}`'),
  distributionRuleFor: t('the distribution rule for `{grade}`', '`{grade}` 的强制分布规则'),
  quotaNeverApplies: t('its quota in `distribute` never applies', '它在 `distribute` 中的名额永远用不上'),
  alwaysIn: t('`{value}` is always in {range}', '`{value}` 始终在 {range} 之内'),
  gradeGivenOnlyBy: t('{side}; `{grade}` is given only by {via}', '{side}；`{grade}` 只能由{via}给出'),
  vetoOrDistribution: t('a veto or the distribution', '一票否决或强制分布'),
  and: t('{a} and {b}', '{a} 且 {b}'),
  between: t('between {a} and {b}', '{a} 到 {b} 之间'),
} as const satisfies Record<string, Text>;

export type PhraseKey = keyof typeof PHRASES;

export function phrase(key: PhraseKey, args: DiagArgs = {}): Phrase {
  return { phrase: key, args };
}

export const isPhrase = (v: unknown): v is Phrase => typeof v === 'object' && v !== null && 'phrase' in v;

export function list(items: readonly DiagArg[], conj: List['conj'] = 'none'): List {
  return { list: items, conj };
}

/**
 * Fills `{name}` placeholders. In Chinese, plain-string arguments that are known English terms
 * (type names, operations) are translated; names from the policy are shown as they are.
 */
export function fill(template: string, args: DiagArgs, locale: Locale): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => {
    if (!Object.hasOwn(args, k)) return m;
    return argText(args[k]!, locale);
  });
}

export function argText(v: DiagArg, locale: Locale): string {
  if (isPhrase(v)) return renderPhrase(v, locale);
  if (typeof v === 'object') return listText(v, locale);
  if (typeof v === 'string' && locale === 'zh') return termZh(v);
  return String(v);
}

export function renderPhrase(p: Phrase, locale: Locale): string {
  return fill(PHRASES[p.phrase][locale], p.args, locale);
}

function listText(l: List, locale: Locale): string {
  const items = l.list.map((x) => argText(x, locale));
  const sep = locale === 'zh' ? '、' : ', ';
  if (l.conj === 'none' || items.length < 2) return items.join(sep);
  const word = locale === 'zh' ? (l.conj === 'or' ? ' 或 ' : ' 和 ') : ` ${l.conj} `;
  return items.slice(0, -1).join(sep) + word + items[items.length - 1];
}

/**
 * The `.kpltest` test-file format: example populations as pipe tables, reviewed as text by the
 * people who own the policy. See docs/test.md for the reference; in short:
 *
 *     # comment
 *     policy customer-manager.kpl            optional; default: the .kpl of the same name
 *
 *     defaults employees:                    values for columns a case leaves out
 *       sales_target: 100000
 *       unit: 城区一部
 *
 *     teams:                                 a table shared by every case that has none of its own
 *     | team | pool |
 *     | T1   | 1000 |
 *
 *     case 销售完成率的边界                  a named case: one small population
 *     | id | sales_actual || 销售完成率 | total | grade |     left of `||`: input columns,
 *     | E1 | 120000       || 100        | 93.2  | A     |     right of it: expectations
 *     | E2 | 119999       || ~99.999    |       |       |  # label shown in the report
 *     ratings:                               another table of the same case
 *     | ratee | rater_group | rater | score |
 *     expect pool T1 unallocated 1000.00
 *
 * Keywords have Chinese forms (方案, 默认, 用例, 期望); full-width `｜` and `：` are accepted.
 * Parsing never stops at the first problem: every error is reported with its line and column.
 */

export interface Located {
  readonly line: number;
  readonly col: number;
}

export interface Cell extends Located {
  readonly text: string;
}

export interface TableBlock extends Located {
  /** The input table; undefined = the population table (rows written directly under a case). */
  readonly table?: string;
  readonly inputs: Cell[];
  /** Expectation column names (right of `||`); empty when the header has no `||`. */
  readonly expects: Cell[];
  readonly rows: TableRow[];
}

export interface TableRow extends Located {
  readonly inputs: Cell[];
  readonly expects: Cell[];
  /** The text of a trailing `# comment`, shown as the row's name in the report. */
  readonly label?: string;
}

export interface DefaultsBlock extends Located {
  readonly table?: string;
  readonly values: { readonly name: string; readonly value: string; readonly line: number; readonly col: number }[];
}

export interface PoolExpectation extends Located {
  readonly group: string;
  readonly amount: string;
}

export interface TestCase extends Located {
  readonly name: string;
  readonly defaults: DefaultsBlock[];
  readonly tables: TableBlock[];
  readonly pools: PoolExpectation[];
}

export interface TestFile {
  readonly file: string;
  readonly policy?: { readonly path: string; readonly line: number; readonly col: number };
  readonly defaults: DefaultsBlock[];
  readonly tables: TableBlock[];
  readonly cases: TestCase[];
}

export interface TestProblem extends Located {
  readonly file: string;
  readonly message: string;
}

export interface ParsedTests {
  readonly tests: TestFile;
  readonly problems: TestProblem[];
}

/** The keywords of a test file (English and Chinese): also the VS Code grammar of `.kpltest` (src/editor/highlight.ts). */
export const TEST_KEYWORDS = {
  policy: ['policy', '方案'],
  defaults: ['defaults', '默认'],
  case: ['case', '用例'],
  expect: ['expect', '期望'],
};

/** Full-width bars that Chinese input methods produce are table bars too (full-width colons are accepted where a colon is). */
function normalise(line: string): string {
  return line.replace(/｜/g, '|');
}

function keyword(line: string, words: readonly string[]): string | undefined {
  for (const w of words) {
    if (line === w) return '';
    if (line.startsWith(w) && /[\s:：]/.test(line[w.length]!)) return line.slice(w.length).replace(/^\s*[:：]?\s*/, '');
  }
  return undefined;
}

function unquote(s: string): string {
  const t = s.trim().replace(/[:：]$/, '').trim();
  const m = /^"(.*)"$/.exec(t) ?? /^“(.*)”$/.exec(t) ?? /^'(.*)'$/.exec(t);
  return m ? m[1]! : t;
}

export function parseTests(file: string, text: string): ParsedTests {
  const problems: TestProblem[] = [];
  const err = (line: number, col: number, message: string) => problems.push({ file, line, col, message });
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);

  let policy: TestFile['policy'];
  const topDefaults: DefaultsBlock[] = [];
  const topTables: TableBlock[] = [];
  const cases: TestCase[] = [];
  let current: TestCase | undefined;
  /** The table block rows are being added to. */
  let table: (TableBlock & { divider: number | undefined }) | undefined;
  /** The defaults block items are being added to. */
  let defaults: (DefaultsBlock & { pipe?: boolean }) | undefined;

  const defaultsList = () => (current ? current.defaults : topDefaults);
  const tableList = () => (current ? current.tables : topTables);

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = normalise(lines[i]!);
    const trimmed = raw.trim();
    const indent = raw.length - raw.trimStart().length;
    const col = indent + 1;
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('//')) continue;

    if (trimmed.startsWith('|')) {
      const row = splitRow(trimmed, lineNo, indent, err);
      if (!row) continue;
      if (defaults && (defaults as { done?: boolean }).done) defaults = undefined;
      if (defaults && (defaults.pipe || defaults.values.length === 0)) {
        // `defaults TABLE:` followed by a header row and one value row.
        if (!defaults.pipe) {
          defaults.pipe = true;
          (defaults as { header?: Cell[] }).header = row.cells;
          continue;
        }
        const header = (defaults as { header?: Cell[] }).header ?? [];
        if (row.cells.length !== header.length) err(lineNo, col, `this row has ${row.cells.length} cells but the header has ${header.length}`);
        header.forEach((h, j) => {
          const c = row.cells[j];
          if (c && c.text !== '') defaults!.values.push({ name: h.text, value: c.text, line: c.line, col: c.col });
        });
        (defaults as { done?: boolean }).done = true;
        continue;
      }
      defaults = undefined;
      if (!table) {
        if (!current) {
          err(lineNo, col, 'a table outside a case needs a name: write the table name and a colon (`teams:`) on the line above');
          continue;
        }
        table = { table: undefined, line: lineNo, col, inputs: [], expects: [], rows: [], divider: undefined };
        current.tables.push(table);
      }
      if (table.inputs.length === 0 && table.expects.length === 0 && table.divider === undefined) {
        // The header row.
        const names = row.cells;
        const divider = row.divider;
        (table as { divider: number | undefined }).divider = divider ?? -1;
        table.inputs.push(...(divider === undefined ? names : names.slice(0, divider)));
        table.expects.push(...(divider === undefined ? [] : names.slice(divider)));
        for (const c of names) if (c.text === '') err(c.line, c.col, 'a column name is missing in this header');
        if (row.label !== undefined) err(lineNo, col, 'a header row has no label: remove the `# …` after it');
        continue;
      }
      const width = table.inputs.length + table.expects.length;
      const divider = table.divider === -1 ? undefined : table.divider;
      if (row.cells.length !== width) {
        err(lineNo, col, `this row has ${row.cells.length} cell${row.cells.length === 1 ? '' : 's'} but the header (line ${table.line}) has ${width}`);
        continue;
      }
      if (row.divider !== divider) {
        err(lineNo, col, divider === undefined ? 'this row has `||` but its header has none' : `this row needs \`||\` after its ${divider === 0 ? 'start' : `${ordinal(divider)} cell`}, as in its header (line ${table.line})`);
        continue;
      }
      const inputs = divider === undefined ? row.cells : row.cells.slice(0, divider);
      const expects = divider === undefined ? [] : row.cells.slice(divider);
      table.rows.push({ line: lineNo, col, inputs, expects, ...(row.label !== undefined ? { label: row.label } : {}) });
      continue;
    }

    // Any other line ends a table.
    table = undefined;

    const caseName = keyword(trimmed, TEST_KEYWORDS.case);
    if (caseName !== undefined) {
      defaults = undefined;
      const name = unquote(caseName);
      if (!name) err(lineNo, col, 'a case needs a name: `case 销售完成率恰好 120%`');
      if (cases.some((c) => c.name === name)) err(lineNo, col, `a case named \`${name}\` already exists (line ${cases.find((c) => c.name === name)!.line})`);
      current = { name: name || `case at line ${lineNo}`, line: lineNo, col, defaults: [], tables: [], pools: [] };
      cases.push(current);
      continue;
    }

    const pol = keyword(trimmed, TEST_KEYWORDS.policy);
    if (pol !== undefined) {
      defaults = undefined;
      if (current || policy || topDefaults.length || topTables.length) err(lineNo, col, '`policy` comes first in a test file, before defaults, tables and cases');
      else if (!pol) err(lineNo, col, 'name the policy file: `policy customer-manager.kpl`');
      else policy = { path: unquote(pol), line: lineNo, col };
      continue;
    }

    const def = keyword(trimmed, TEST_KEYWORDS.defaults);
    if (def !== undefined) {
      const name = unquote(def);
      defaults = { ...(name ? { table: name } : {}), line: lineNo, col, values: [] };
      defaultsList().push(defaults);
      continue;
    }

    const exp = keyword(trimmed, TEST_KEYWORDS.expect);
    if (exp !== undefined) {
      defaults = undefined;
      const m = /^(?:pool|奖金池)\s+(.+?)\s+(?:unallocated|未分配)\s+(\S+)$/.exec(exp);
      if (!current) err(lineNo, col, '`expect` belongs to a case');
      else if (!m) err(lineNo, col, 'write `expect pool GROUP unallocated AMOUNT`');
      else current.pools.push({ group: unquote(m[1]!), amount: m[2]!, line: lineNo, col });
      continue;
    }

    // `name: value` (or `name = value`) inside a defaults block.
    const item = /^([^\s:：=|#]+)\s*[:：=]\s*(.*?)\s*(?:\s#.*)?$/.exec(trimmed);
    if (defaults && !defaults.pipe && item && item[2] !== '') {
      defaults.values.push({ name: item[1]!, value: item[2]!, line: lineNo, col });
      continue;
    }

    // `TABLE:` starts a table.
    const head = /^([^\s:：|#]+)\s*[:：]$/.exec(trimmed);
    if (head) {
      defaults = undefined;
      table = { table: head[1]!, line: lineNo, col, inputs: [], expects: [], rows: [], divider: undefined };
      tableList().push(table);
      continue;
    }

    defaults = undefined;
    err(lineNo, col, `cannot read this line: expected \`case NAME\`, \`defaults TABLE:\`, \`TABLE:\`, a table row \`| … |\` or \`expect pool …\``);
  }

  // A header without rows is worth a word.
  for (const t of [...topTables, ...cases.flatMap((c) => c.tables)]) {
    if (t.inputs.length + t.expects.length === 0) err(t.line, t.col, `table \`${t.table ?? 'people'}\` has no header row`);
  }
  for (const c of cases) if (!c.tables.length) err(c.line, c.col, `case \`${c.name}\` has no table of people`);

  const clean = (t: TableBlock): TableBlock => {
    const { divider: _d, ...rest } = t as TableBlock & { divider?: number };
    void _d;
    return rest;
  };
  const cleanD = (d: DefaultsBlock): DefaultsBlock => ({ ...(d.table !== undefined ? { table: d.table } : {}), line: d.line, col: d.col, values: d.values });
  return {
    tests: {
      file,
      ...(policy ? { policy } : {}),
      defaults: topDefaults.map(cleanD),
      tables: topTables.map(clean),
      cases: cases.map((c) => ({ ...c, defaults: c.defaults.map(cleanD), tables: c.tables.map(clean) })),
    },
    problems: problems.sort((a, b) => a.line - b.line || a.col - b.col),
  };
}

function ordinal(n: number): string {
  return n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
}

/**
 * Splits `| a | b || c |  # label` into cells. `||` (no space between) is the divider between
 * inputs and expectations; `\|` is a literal bar; text after the last `|` starting with `#` is
 * the row's label.
 */
function splitRow(
  line: string,
  lineNo: number,
  indent: number,
  err: (line: number, col: number, message: string) => void,
): { cells: Cell[]; divider?: number; label?: string } | undefined {
  const cells: Cell[] = [];
  let divider: number | undefined;
  let i = 1;
  let cur = '';
  let start = 1;
  let label: string | undefined;
  const push = () => {
    const lead = cur.length - cur.trimStart().length;
    cells.push({ text: cur.trim().replace(/\\\|/g, '|'), line: lineNo, col: indent + start + lead + 1 });
    cur = '';
  };
  for (; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && line[i + 1] === '|') {
      cur += '\\|';
      i++;
      continue;
    }
    if (c === '|') {
      push();
      if (line[i + 1] === '|') {
        if (divider !== undefined) {
          err(lineNo, indent + i + 1, 'a row has only one `||` divider');
          return undefined;
        }
        divider = cells.length;
        i++;
      }
      start = i + 1;
      continue;
    }
    cur += c;
  }
  const rest = cur.trim();
  if (rest.startsWith('#')) label = rest.replace(/^#\s*/, '');
  else if (rest !== '') {
    // No closing bar: the rest is the last cell, possibly followed by a label.
    const m = /^(.*?)\s+#\s*(.*)$/.exec(rest);
    cur = m ? m[1]! : cur;
    push();
    if (m) label = m[2]!;
  }
  return { cells, ...(divider !== undefined ? { divider } : {}), ...(label !== undefined ? { label } : {}) };
}

/**
 * The texts that need no compiler: the global usage, each command's usage and options, the
 * version, the exit statuses. Generated from the command table (commands/spec.ts).
 */
import { readFileSync } from 'node:fs';
import { COMMANDS, GLOBAL_OPTIONS, type CommandSpec, type Options } from './commands/spec.ts';

/** The exit statuses of every command (README §5 "Exit status" states the same table). */
export const EXIT = { ok: 0, rowErrors: 1, policyErrors: 2, usage: 64, internal: 70 } as const;

export const EXIT_TEXT = `exit status:
  0   ok
  1   some data rows could not be evaluated, or the data is unusable; a test failed; fmt --check
      found unformatted files; lint --deny-warnings found a warning
  2   a policy has errors (nothing is evaluated or written)
  64  usage: an unknown command or option, a missing value, a file that does not exist, an --out
      that names an input of the run
  70  internal error (please report it with the policy and data)
  74  an output could not be written (a full disk, /dev/full); nothing half-written is left`;

export const EXIT_TEXT_ZH = `退出状态：
  0   正常
  1   有数据行无法计算，或数据无法使用；有测试未通过；fmt --check 发现未统一格式的文件；
      lint --deny-warnings 发现警告
  2   方案有错误（不计算、不写出任何内容）
  64  用法错误：未知的命令或选项、缺少取值、文件不存在、--out 指向本次运行的输入
  70  内部错误（请连同方案和数据一起报告）
  74  输出无法写入（磁盘已满、/dev/full）；不会留下写了一半的文件`;

type Lang = 'en' | 'zh';

/** Set by the build (scripts/build.mjs `define`): a bundle may run where no package.json is (the VS Code extension). */
declare const __KPL_VERSION__: string | undefined;

/** The package's version: the build's, else (running from src/) package.json's, two folders up. */
export function version(): string {
  if (typeof __KPL_VERSION__ === 'string') return __KPL_VERSION__;
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function usage(lang: Lang = 'en'): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  if (lang === 'zh') {
    return `用法：kpl <命令> [选项]

${Object.entries(COMMANDS)
  .map(([name, c]) => `  kpl ${name.padEnd(width)}  ${c.summaryZh}`)
  .join('\n')}

  kpl help 命令, kpl 命令 --help   该命令的用法和选项
  kpl --version, kpl -V            版本号

  方案（POLICY）是 .kpl 文件或编译好的计划 .json；写 - 表示从标准输入读取。
  选项可写成 --名称 值，或 --名称=值。加 --lang en 显示英文。

${EXIT_TEXT_ZH}`;
  }
  return `usage: kpl <command> [options]

${Object.entries(COMMANDS)
  .map(([name, c]) => `  kpl ${name.padEnd(width)}  ${c.summary}`)
  .join('\n')}

  kpl help COMMAND, kpl COMMAND --help   that command's usage and options
  kpl --version, kpl -V                  the version

  POLICY is a .kpl file or a compiled plan .json; - reads it from standard input.
  Options may be written --name value or --name=value.

${EXIT_TEXT}`;
}

function optionLines(options: Options, lang: Lang): string[] {
  const text = (o: Options[string]) => (lang === 'zh' ? o.zh + (o.multiple ? '（可重复）' : '') : o.help + (o.multiple ? ' (repeatable)' : ''));
  const rows = Object.entries(options).map(([name, o]) => [`${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.arg ?? 'VALUE'}` : ''}`, text(o)] as const);
  const width = Math.max(...rows.map(([l]) => l.length));
  return rows.map(([l, h]) => `  ${l.padEnd(width)}  ${h}`);
}

export function commandHelp(name: string, lang: Lang = 'en', c: CommandSpec = COMMANDS[name]!): string {
  const options = optionLines({ ...c.options, ...GLOBAL_OPTIONS }, lang);
  if (lang === 'zh') return [`用法：kpl ${name} ${c.usage}`, '', `${c.summaryZh}。`, '', '选项：', ...options, ...(c.notesZh?.length ? ['', ...c.notesZh] : [])].join('\n');
  return [`usage: kpl ${name} ${c.usage}`, '', `${c.summary}.`, '', 'options:', ...options, ...(c.notes?.length ? ['', ...c.notes] : [])].join('\n');
}

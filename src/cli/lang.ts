/**
 * The language of the command line's messages, help and reports: `--lang en|zh`, else the system
 * locale. No imports, so `kpl help` can use it without loading the compiler.
 */

/**
 * The language of messages when `--lang` is not given: Chinese when the system locale is Chinese
 * (LC_ALL, LC_MESSAGES or LANG such as `zh_CN.UTF-8`), else English.
 */
export function envLang(env: NodeJS.ProcessEnv = process.env): 'en' | 'zh' {
  const locale = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  return /^zh/i.test(locale) ? 'zh' : 'en';
}

/** `--lang` as written anywhere on a command line (for help and messages printed before a command runs). */
export function argvLang(argv: readonly string[]): 'en' | 'zh' {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const v = i < 0 ? undefined : argv[i]!.includes('=') ? argv[i]!.slice(7) : argv[i + 1];
  return v === 'zh' ? 'zh' : v === 'en' ? 'en' : envLang();
}


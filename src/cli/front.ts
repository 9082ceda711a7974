/**
 * What the command line answers without the compiler: `kpl`, `kpl help [CMD]`, `kpl CMD --help`,
 * `kpl --version`. Everything else is a command to run (dispatch.ts).
 */
import { COMMANDS } from './commands/spec.ts';
import { EXIT, commandHelp, usage, version } from './help.ts';
import { argvLang } from './lang.ts';

/** The exit status when the arguments were answered here, else undefined. */
export function answer(argv: readonly string[]): number | undefined {
  const [command, ...rest] = argv;
  const lang = argvLang(argv);
  if (command === undefined) {
    process.stderr.write(usage(lang) + '\n');
    return EXIT.usage;
  }
  if (command === '--version' || command === '-V' || command === 'version') {
    process.stdout.write(`kpl ${version()}\n`);
    return EXIT.ok;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    const topic = rest.filter((a, i) => !a.startsWith('-') && rest[i - 1] !== '--lang')[0];
    if (topic === undefined) process.stdout.write(usage(lang) + '\n');
    else if (COMMANDS[topic]) process.stdout.write(commandHelp(topic, lang) + '\n');
    else return undefined; // an unknown command: dispatch says so, with a suggestion
    return EXIT.ok;
  }
  const end = rest.indexOf('--');
  const options = end < 0 ? rest : rest.slice(0, end);
  if (COMMANDS[command] && (options.includes('--help') || options.includes('-h'))) {
    process.stdout.write(commandHelp(command, lang) + '\n');
    return EXIT.ok;
  }
  return undefined;
}

/**
 * `kpl completion bash|zsh|fish`: a completion script for the shell, generated from the command
 * table (commands/spec.ts): the commands, each command's options, the values an option accepts,
 * and file names for the rest.
 */
import type { Args } from './args.ts';
import { COMMANDS, GLOBAL_OPTIONS } from './commands/spec.ts';
import { EXIT } from './help.ts';
import { UsageError } from './usage-error.ts';

const SHELLS = ['bash', 'zsh', 'fish'] as const;

export function completionCommand(args: Args): number {
  const shell = args.positionals[0];
  if (!shell || args.positionals.length > 1 || !(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`kpl completion ${SHELLS.join('|')}`);
  process.stdout.write(completionScript(shell as (typeof SHELLS)[number]));
  return EXIT.ok;
}

const names = Object.keys(COMMANDS);
const optionsOf = (c: string) => ({ ...COMMANDS[c]!.options, ...GLOBAL_OPTIONS });
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function completionScript(shell: 'bash' | 'zsh' | 'fish'): string {
  if (shell === 'fish') {
    const lines = ['# kpl completion for fish: kpl completion fish > ~/.config/fish/completions/kpl.fish', 'complete -c kpl -f'];
    lines.push(`complete -c kpl -n __fish_use_subcommand -s V -l version -d 'the version'`);
    lines.push(`complete -c kpl -n __fish_use_subcommand -a help -d "a command's usage and options"`);
    for (const c of names) {
      lines.push(`complete -c kpl -n __fish_use_subcommand -a ${c} -d ${q(COMMANDS[c]!.summary)}`);
      if (COMMANDS[c]!.files) lines.push(`complete -c kpl -n '__fish_seen_subcommand_from ${c}' -F`);
      if (c === 'completion') lines.push(`complete -c kpl -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'`);
      for (const [o, spec] of Object.entries(optionsOf(c))) {
        const values = spec.values ? ` -x -a ${q(spec.values.join(' '))}` : spec.type === 'string' ? ' -r -F' : '';
        lines.push(`complete -c kpl -n '__fish_seen_subcommand_from ${c}' -l ${o}${spec.short ? ` -s ${spec.short}` : ''}${values} -d ${q(spec.help)}`);
      }
    }
    return lines.join('\n') + '\n';
  }
  const cases = names
    .map((c) => {
      const opts = Object.entries(optionsOf(c));
      const valueCases = opts
        .filter(([, s]) => s.values)
        .map(([o, s]) => `        --${o}) COMPREPLY=($(compgen -W ${q(s.values!.join(' '))} -- "$cur")); return ;;`)
        .join('\n');
      const words = [...opts.map(([o]) => `--${o}`), ...(c === 'completion' ? SHELLS : [])].join(' ');
      return `      ${c})\n        case "$prev" in\n${valueCases ? valueCases + '\n' : ''}        esac\n        COMPREPLY=($(compgen -W ${q(words)} -- "$cur"))\n        ${COMMANDS[c]!.files ? '[[ "$cur" != -* ]] && COMPREPLY+=($(compgen -f -- "$cur"))' : ':'}\n        ;;`;
    })
    .join('\n');
  const bash = `_kpl() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W ${q(['help', '--help', '--version', ...names].join(' '))} -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
      help) COMPREPLY=($(compgen -W ${q(names.join(' '))} -- "$cur")) ;;
  esac
}
complete -o filenames -o bashdefault -F _kpl kpl
`;
  if (shell === 'bash') return `# kpl completion for bash: kpl completion bash > ~/.local/share/bash-completion/completions/kpl\n${bash}`;
  // zsh runs the bash function through bashcompinit.
  return `#compdef kpl\n# kpl completion for zsh: kpl completion zsh > "\${fpath[1]}/_kpl" (or eval "$(kpl completion zsh)" in ~/.zshrc)\nautoload -U +X bashcompinit && bashcompinit\n${bash}`;
}

import type { CompletionSpec, FlagSpec } from './spec.js';

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const valueCases = (cmd: string, flags: FlagSpec[]): string[] => flags.filter((f) => f.value).map((f) => {
  const action = f.value!.words ? `COMPREPLY=($(compgen -W ${q(f.value!.words.join(' '))} -- "$cur"))` : f.value!.files ? 'COMPREPLY=($(compgen -f -- "$cur"))' : 'COMPREPLY=()';
  return `    ${f.names.map((n) => `${cmd}:${n}`).join('|')}) ${action}; return ;;`;
});

/** A bash completion script: `source <(sglint completion bash)`. */
export function bashCompletion(spec: CompletionSpec): string {
  const names = spec.commands.map((c) => c.name);
  const scan = spec.commands.find((c) => c.name === spec.defaultCommand)!;
  const flagsOf = (flags: FlagSpec[]): string => q(flags.flatMap((f) => f.names).join(' '));
  return `# sglint completion for bash. Load it in ~/.bashrc:
#   source <(sglint completion bash)
# or install it: sglint completion bash > /etc/bash_completion.d/sglint
_sglint() {
  local cur prev cmd="" i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${names.join('|')}) cmd="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  local as="\${cmd:-${spec.defaultCommand}}"
  case "$as:$prev" in
${spec.commands.flatMap((c) => valueCases(c.name, c.flags)).join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    case "$cmd" in
${spec.commands.map((c) => `      ${c.name}) COMPREPLY=($(compgen -W ${flagsOf(c.flags)} -- "$cur")) ;;`).join('\n')}
      *) COMPREPLY=($(compgen -W ${q([...spec.global, ...scan.flags].flatMap((f) => f.names).join(' '))} -- "$cur")) ;;
    esac
    return
  fi
  case "$cmd" in
${spec.commands.filter((c) => c.words).map((c) => `    ${c.name}) COMPREPLY=($(compgen -W ${q(c.words!.join(' '))} -- "$cur")) ;;`).join('\n')}
    "") COMPREPLY=($(compgen -W ${q(names.join(' '))} -- "$cur") $(compgen -f -- "$cur")) ;;
    *) COMPREPLY=($(compgen -f -- "$cur")) ;;
  esac
}
complete -o filenames -o bashdefault -F _sglint sglint
`;
}

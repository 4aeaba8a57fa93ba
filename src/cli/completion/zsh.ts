import type { CompletionSpec, FlagSpec } from './spec.js';

/** zsh's _arguments and _describe use [ ] : \\ ' as syntax: kept out of descriptions. */
const clean = (s: string): string => s.replace(/[[\]]/g, '').replace(/:/g, ' -').replace(/\\/g, '').replace(/'/g, '’');

function argumentSpec(f: FlagSpec): string[] {
  const value = f.value ? (f.value.words ? `:value:(${f.value.words.join(' ')})` : f.value.files ? ':file:_files' : ':value: ') : '';
  const repeat = /repeatable/.test(f.description) ? '*' : '';
  return f.names.map((n) => `'${repeat}${n}${f.value && n.startsWith('--') ? '=' : ''}[${clean(f.description)}]${value}'`);
}

/** A zsh completion script: `source <(sglint completion zsh)`, or save it as _sglint in $fpath. */
export function zshCompletion(spec: CompletionSpec): string {
  const scan = spec.commands.find((c) => c.name === spec.defaultCommand)!;
  const body = (words: string[] | undefined): string => (words ? `'*:word:(${words.join(' ')})'` : `'*:path:_files'`);
  return `#compdef sglint
# sglint completion for zsh. Load it in ~/.zshrc (after compinit):
#   source <(sglint completion zsh)
# or save it as a file named _sglint in a folder of $fpath.
_sglint() {
  local -a commands
  commands=(
${spec.commands.map((c) => `    '${c.name}:${clean(c.summary)}'`).join('\n')}
  )
  if (( CURRENT > 2 )) && (( \${commands[(I)\${words[2]}:*]} )); then
    local cmd=\${words[2]}
    shift words
    (( CURRENT-- ))
    case $cmd in
${spec.commands.map((c) => `      ${c.name}) _arguments -s ${[...c.flags.flatMap(argumentSpec), body(c.words)].join(' ')} ;;`).join('\n')}
    esac
    return
  fi
  if (( CURRENT == 2 )) && [[ \${words[2]} != -* ]]; then
    _describe -t commands 'sglint command' commands
  fi
  _arguments -s ${[...spec.global, ...scan.flags].filter((f, i, all) => all.findIndex((g) => g.names[0] === f.names[0]) === i).flatMap(argumentSpec).join(' ')} '*:path:_files'
}
if (( $+functions[compdef] )); then compdef _sglint sglint; fi
`;
}

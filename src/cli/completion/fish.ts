import type { CompletionSpec, FlagSpec } from './spec.js';

const q = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function flagLine(condition: string, f: FlagSpec): string {
  const parts = ['complete -c sglint', `-n ${q(condition)}`];
  for (const n of f.names) parts.push(n.startsWith('--') ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`);
  if (f.value) parts.push(f.value.words ? `-x -a ${q(f.value.words.join(' '))}` : f.value.files ? '-r -F' : '-x');
  parts.push(`-d ${q(f.description)}`);
  return parts.join(' ');
}

/** A fish completion script: `sglint completion fish > ~/.config/fish/completions/sglint.fish`. */
export function fishCompletion(spec: CompletionSpec): string {
  const names = spec.commands.map((c) => c.name).join(' ');
  const none = `not __fish_seen_subcommand_from ${names}`;
  const lines = ['# sglint completion for fish:', '#   sglint completion fish > ~/.config/fish/completions/sglint.fish'];
  for (const c of spec.commands) lines.push(`complete -c sglint -n ${q(none)} -a ${c.name} -d ${q(c.summary)}`);
  for (const f of spec.global) lines.push(flagLine(none, f));
  for (const c of spec.commands) {
    const when = c.name === spec.defaultCommand ? `__fish_seen_subcommand_from ${c.name}; or ${none}` : `__fish_seen_subcommand_from ${c.name}`;
    for (const f of c.flags) if (c.name !== spec.defaultCommand || !spec.global.some((g) => g.names[0] === f.names[0])) lines.push(flagLine(when, f));
    if (c.words) lines.push(`complete -c sglint -n ${q(`__fish_seen_subcommand_from ${c.name}`)} -f -a ${q(c.words.join(' '))}`);
  }
  return `${lines.join('\n')}\n`;
}

import type { Command, Option } from 'commander';

/** What a shell needs to complete sglint, read from the commander definitions (so it never drifts). */
export interface FlagSpec {
  /** --format, -h ... */
  names: string[];
  description: string;
  /** Takes a value: its choices, or files. */
  value?: { words?: string[]; files: boolean };
}

export interface CommandSpec {
  name: string;
  summary: string;
  flags: FlagSpec[];
  /** Words for its arguments (rule ids, shells); else file names. */
  words?: string[];
}

export interface CompletionSpec {
  commands: CommandSpec[];
  /** The command that runs when none is named. */
  defaultCommand: string;
  global: FlagSpec[];
}

/** Extra words: for a flag (by its long name) or a command's arguments (by its name). */
export interface Words {
  flags?: Record<string, string[]>;
  args?: Record<string, string[]>;
}

function flagSpec(o: Option, words: Words): FlagSpec {
  const names = [o.long, o.short].filter((n): n is string => !!n);
  const takes = o.required || o.optional;
  const extra = o.long ? words.flags?.[o.long] : undefined;
  return {
    names, description: o.description.replace(/\s+/g, ' '),
    ...(takes ? { value: { ...(o.argChoices ? { words: o.argChoices } : extra ? { words: extra } : {}), files: /<(FILE|PATH|DIR)>/.test(o.flags) } } : {}),
  };
}

const helpFlag: FlagSpec = { names: ['--help', '-h'], description: 'show help' };

export function completionSpec(program: Command, words: Words = {}): CompletionSpec {
  const commands = program.commands.map((c) => ({
    name: c.name(),
    summary: c.summary() || c.description(),
    flags: [...c.options.filter((o) => !o.hidden).map((o) => flagSpec(o, words)), helpFlag],
    ...(words.args?.[c.name()] ? { words: words.args[c.name()]! } : {}),
  }));
  const help = { name: 'help', summary: 'show help for a command', flags: [], words: commands.map((c) => c.name) };
  const global = [...program.options.map((o) => flagSpec(o, words)), helpFlag];
  return { commands: [...commands, help], defaultCommand: 'scan', global };
}

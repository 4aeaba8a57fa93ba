import { Argument, type Command } from 'commander';
import { bashCompletion } from '../completion/bash.js';
import { fishCompletion } from '../completion/fish.js';
import { completionSpec } from '../completion/spec.js';
import { zshCompletion } from '../completion/zsh.js';
import { act, type CliContext } from './context.js';
import { examples } from './options.js';

const SHELLS = { bash: bashCompletion, zsh: zshCompletion, fish: fishCompletion };

export function completionCommandSpec(program: Command, ctx: CliContext): Command {
  const cmd = program.command('completion')
    .summary('print a shell completion script (bash, zsh or fish)')
    .description('Print the completion script for SHELL: commands, flags, flag values, rule ids and paths.')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(Object.keys(SHELLS)));
  examples(cmd, [
    ['source <(sglint completion bash)', 'bash, in ~/.bashrc'],
    ['source <(sglint completion zsh)', 'zsh, in ~/.zshrc after compinit'],
    ['sglint completion fish > ~/.config/fish/completions/sglint.fish', 'fish'],
  ]);
  return act(cmd, ctx, async (shell: keyof typeof SHELLS) => {
    const { builtinRules } = await import('../../../rules/index.js');
    const ruleIds = builtinRules.map((r) => r.id).sort();
    const spec = completionSpec(program, { args: { rules: ruleIds, completion: Object.keys(SHELLS) }, flags: { '--check': ruleIds, '--skip-check': ruleIds } });
    ctx.io.stdout.write(SHELLS[shell](spec));
    return 0;
  });
}

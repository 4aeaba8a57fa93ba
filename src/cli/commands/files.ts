import type { Command } from 'commander';
import { act, type CliContext } from './context.js';
import { examples } from './options.js';

export function mergeCommandSpec(program: Command, ctx: CliContext): Command {
  const cmd = program.command('merge')
    .summary('join snapshots (or SARIF files) written by several jobs')
    .description('Join the snapshots (AWS CLI describe-* JSON, sglint aws output) or the SARIF files that several jobs wrote into one: snapshot sections are de-duplicated by id; SARIF runs of the same tool and category are joined.')
    .argument('<files...>', 'snapshots, or SARIF files')
    .option('--output <FILE>', 'write the result to FILE instead of standard output');
  examples(cmd, [
    ['sglint merge eu.json us.json --output all.json', 'one snapshot of two regions'],
    ['sglint merge a.sarif b.sarif --output sglint.sarif', 'one SARIF upload'],
  ]);
  return act(cmd, ctx, async (files: string[], o: { output?: string }) => (await import('../merge.js')).mergeCommand(files, o.output, ctx.io));
}

export function initCommandSpec(program: Command, ctx: CliContext): Command {
  const cmd = program.command('init')
    .summary('write .sglint.yml and a pull-request workflow')
    .description('Write .sglint.yml and .github/workflows/sglint.yml in the current folder; files that exist are left as they are.')
    .option('--force', 'overwrite files that exist');
  examples(cmd, [['sglint init', 'start a configuration']]);
  return act(cmd, ctx, async (o: { force?: boolean }) => (await import('../init.js')).initCommand(ctx.io, !!o.force));
}

import type { Command } from 'commander';
import { didYouMean } from '../../model/suggest.js';
import { act, usageError, type CliContext } from './context.js';
import { examples, reportOptions, type ReportOpts } from './options.js';

export function rulesCommandSpec(program: Command, ctx: CliContext): Command {
  const cmd = program.command('rules')
    .summary('list the rules, or describe some')
    .description('The rule catalog: id, severity, whether the recommended preset runs it, and title. With rule ids: each rule in full.')
    .argument('[ids...]', 'rule ids to describe');
  reportOptions(cmd, ['text', 'json', 'markdown'], false);
  examples(cmd, [
    ['sglint rules', 'the catalog'],
    ['sglint rules ssh-open-to-internet', 'one rule: what it finds, how to fix it, compliance'],
    ['sglint rules --format json', 'for tools'],
  ]);
  return act(cmd, ctx, async (ids: string[], o: ReportOpts) => {
    const [{ builtinRules }, { formatRules, formatRuleDetails }] = await Promise.all([import('../../../rules/index.js'), import('../rules-command.js')]);
    const known = new Map(builtinRules.map((r) => [r.id, r]));
    const unknown = ids.find((id) => !known.has(id));
    if (unknown) return usageError(ctx, `no rule "${unknown}"${didYouMean(unknown, known.keys())}; "sglint rules" lists them`);
    const format = o.format as 'text' | 'json' | 'markdown';
    const chosen = ids.length ? ids.map((id) => known.get(id)!) : builtinRules;
    ctx.io.stdout.write(ids.length && format === 'text' ? formatRuleDetails(chosen) : formatRules(chosen, format));
    return 0;
  });
}

import type { Command } from 'commander';
import { act, type CliContext } from './context.js';
import { examples, inputOptions, inputsOf, PATHS_HELP, reportOptions, type InputOpts, type ReportOpts } from './options.js';

const SELECTOR = 'an endpoint id or address, group:ID, subnet:ID, vpc:ID, tag:KEY=VALUE, an IP or CIDR, internet, or any';

interface ReachOpts extends InputOpts, ReportOpts { from?: string; to?: string; port?: string; protocol?: string; maxHops?: string; tierTag?: string; matrix?: string }

/** --port / --protocol / --max-hops, shared by reach and blast-radius. */
function trafficOptions(cmd: Command): Command {
  return cmd
    .option('--port <N>', 'only this port or range (e.g. 5432 or 8000-8080)')
    .option('--protocol <P>', 'tcp, udp, icmp, icmpv6, all, or a protocol number')
    .option('--max-hops <N>', 'only paths of at most N hops');
}

export function reachCommandSpec(program: Command, ctx: CliContext): Command {
  const cmd = program.command('reach')
    .summary('every path from one set of endpoints to another')
    .description('Every path from --from to --to (per class of alike endpoints): its hop count, what the last hop carries, and one shortest path with the rule lines that allow each hop.')
    .argument('[paths...]', PATHS_HELP)
    .option('--from <SEL>', `where traffic starts: ${SELECTOR}`)
    .option('--to <SEL>', `where it arrives: ${SELECTOR}`)
    .option('--matrix <BY>', 'instead of --from/--to: which segment reaches which, segments by tag:KEY, vpc or subnet');
  trafficOptions(cmd);
  reportOptions(cmd, ['text', 'json', 'markdown']);
  inputOptions(cmd);
  examples(cmd, [
    ['sglint reach --from internet --to tag:tier=db infra/', 'can the internet reach a database?'],
    ['sglint reach --from aws_instance.bastion --to any --port 22', 'where SSH from the bastion goes'],
    ['sglint reach --matrix tag:tier --format markdown', 'which tier reaches which, as a heat map'],
  ]);
  return act(cmd, ctx, async (paths: string[], o: ReachOpts) => {
    const { reachCommand } = await import('../reach-command.js');
    return reachCommand(paths, inputsOf(o, ctx.io), { ...o, format: o.format }, ctx.io);
  });
}

export function blastRadiusCommandSpec(program: Command, ctx: CliContext): Command {
  const cmd = program.command('blast-radius')
    .summary('everything an endpoint can reach, data stores first')
    .description('Everything SEL can reach (data stores and admin ports first), with totals.')
    .argument('<sel>', SELECTOR)
    .argument('[paths...]', PATHS_HELP)
    .option('--tier-tag <KEY>', 'the tag that names tiers in the totals', 'tier');
  trafficOptions(cmd);
  reportOptions(cmd, ['text', 'json', 'markdown']);
  inputOptions(cmd);
  examples(cmd, [
    ['sglint blast-radius aws_instance.web infra/', 'what a compromised web server reaches'],
    ['sglint blast-radius tag:tier=web --format markdown', 'a whole tier, as markdown'],
  ]);
  return act(cmd, ctx, async (sel: string, paths: string[], o: ReachOpts) => {
    const { blastRadiusCommand } = await import('../reach-command.js');
    return blastRadiusCommand([sel, ...paths], inputsOf(o, ctx.io), { ...o, format: o.format }, ctx.io);
  });
}

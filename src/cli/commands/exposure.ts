import type { Command } from 'commander';
import { act, type CliContext } from './context.js';
import { examples, inputOptions, inputsOf, PATHS_HELP, reportOptions, type InputOpts, type ReportOpts } from './options.js';

const SOURCES = 'internet (the default), an IP address or CIDR, or an endpoint';

export function exposureCommandSpec(program: Command, ctx: CliContext): Command {
  const cmd = program.command('exposure')
    .summary('what each endpoint exposes to the internet and to its peers')
    .description('What each endpoint exposes to the internet, through which hops, and to which peers.')
    .argument('[paths...]', PATHS_HELP);
  reportOptions(cmd, ['text', 'json', 'markdown']);
  inputOptions(cmd);
  examples(cmd, [
    ['sglint exposure infra/', 'a table per endpoint'],
    ['sglint exposure snapshot.json --format json --output exposure.json', 'machine-readable'],
  ]);
  return act(cmd, ctx, async (paths: string[], o: InputOpts & ReportOpts) => {
    const { exposureCommand } = await import('../exposure-command.js');
    return exposureCommand(paths, inputsOf(o, ctx.io), o.format, o.output, ctx.io);
  });
}

interface ExplainOpts extends InputOpts, ReportOpts { port?: string; protocol?: string; from?: string }

export function explainCommandSpec(program: Command, ctx: CliContext): Command {
  const cmd = program.command('explain')
    .summary('why an endpoint is (or is not) reachable')
    .description('Why TARGET is (or is not) reachable: every hop, and the rule, route and NACL entry that decide it.')
    .argument('<target>', 'an endpoint id or address, e.g. aws_instance.web, eni-0abc or 10.0.1.5')
    .argument('[paths...]', PATHS_HELP)
    .option('--port <N>', 'the port asked about (default: every port TARGET exposes)')
    .option('--protocol <P>', 'tcp, udp or icmp (default tcp)')
    .option('--from <SRC>', `the source: ${SOURCES}`);
  reportOptions(cmd, ['text', 'json'], false);
  inputOptions(cmd);
  examples(cmd, [
    ['sglint explain aws_db_instance.main infra/', 'how the internet reaches the database'],
    ['sglint explain aws_lb.front --port 80', 'why port 80 is closed'],
    ['sglint explain aws_db_instance.main --from aws_instance.app', 'from another endpoint'],
  ]);
  return act(cmd, ctx, async (target: string, paths: string[], o: ExplainOpts) => {
    const { explainCommand } = await import('../exposure-command.js');
    return explainCommand([target, ...paths], inputsOf(o, ctx.io), { port: o.port, protocol: o.protocol, from: o.from, format: o.format }, ctx.io);
  });
}

import { Command, CommanderError } from 'commander';
import { didYouMean } from '../model/suggest.js';
import { awsCommandSpec } from './commands/aws.js';
import { completionCommandSpec } from './commands/completion.js';
import type { CliContext } from './commands/context.js';
import { exposureCommandSpec, explainCommandSpec } from './commands/exposure.js';
import { initCommandSpec, mergeCommandSpec } from './commands/files.js';
import { blastRadiusCommandSpec, reachCommandSpec } from './commands/reach.js';
import { rulesCommandSpec } from './commands/rules.js';
import { diffCommandSpec, scanCommandSpec } from './commands/scan.js';

/** Every command, in the order the help lists them. A new command: one file under commands/, one line here. */
const COMMANDS = [scanCommandSpec, diffCommandSpec, exposureCommandSpec, explainCommandSpec, reachCommandSpec, blastRadiusCommandSpec, awsCommandSpec, rulesCommandSpec, mergeCommandSpec, initCommandSpec, completionCommandSpec];

const AFTER_ALL = `
Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage or input error.
Documentation: https://github.com/sglint/sglint#readme
`;

/** The whole command line; errors and help go to `ctx.io`, and nothing calls process.exit. */
export function buildProgram(ctx: CliContext): Command {
  let current = '';
  const program = new Command('sglint')
    .description('Static analysis for cloud security groups: computes what is actually reachable.\nWith no command, sglint scans PATHs (default: the current folder).')
    .version(ctx.version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false, showGlobalOptions: false })
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      getOutHelpWidth: () => Math.min(ctx.io.stdout.columns ?? 100, 120),
      getErrHelpWidth: () => 100,
      outputError: (s, write) => write(oneLine(s, current)),
    })
    .addHelpText('afterAll', AFTER_ALL)
    .hook('preSubcommand', (_program, command) => {
      current = command.name();
    });
  for (const define of COMMANDS) define(program, ctx);
  return program;
}

/**
 * Commander's message as one line that says what to do: "error: unknown option '--formt'\n(Did
 * you mean --format?)" becomes "sglint: unknown option '--formt' (did you mean --format?)".
 */
function oneLine(message: string, command: string): string {
  const opt = /^error: option '(--[\w-]+)[^']*' argument '(.*)' is invalid\. Allowed choices are (.*)\.\s*$/s.exec(message);
  const arg = /^error: command-argument value '(.*)' is invalid for argument '(.*)'\. Allowed choices are (.*)\.\s*$/s.exec(message);
  const choice = opt ? { name: opt[1]!, value: opt[2]!, list: opt[3]! } : arg ? { name: arg[2]!, value: arg[1]!, list: arg[3]! } : undefined;
  if (choice) {
    const choices = choice.list.split(', ');
    const allowed = `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)!}`;
    return `sglint: ${choice.name}${command ? ` for "${command}"` : ''} must be ${allowed}, not ${JSON.stringify(choice.value)}${didYouMean(choice.value, choices)}\n`;
  }
  const text = message.replace(/^error: /, '').replace(/\n\(Did you mean/, ' (did you mean').replace(/\s*\n\s*/g, ' ').trim();
  return `sglint: ${text.replace(/\.$/, '')}; see "sglint ${command ? `${command} ` : ''}--help"\n`;
}

/** Commander's own exits: help and --version are success, everything else a usage error. */
export function exitCodeOf(err: CommanderError): number {
  return ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code) ? 0 : 2;
}

import { Option, type Command } from 'commander';
import type { VariableInputs } from '../../ingest/terraform/index.js';
import type { Io } from '../run.js';

/**
 * Option groups that several commands share. A flag that applies to every command reading
 * PATHs belongs in `inputOptions`; one that shapes a scan's findings, in `scanOptions`.
 * Each command file under commands/ adds the groups it needs and its own flags.
 */

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export const PATHS_HELP = 'Terraform directories or .tf files, Terraform plans (terraform show -json), CloudFormation templates, or AWS CLI describe-* JSON / sglint aws snapshots (default: .)';

/** --var / --var-file: inputs of the root module (and CloudFormation parameters). */
export function inputOptions(cmd: Command): Command {
  return cmd
    .option('--var <NAME=VALUE>', 'set a root module variable or CloudFormation parameter (repeatable)', collect)
    .option('--var-file <FILE>', 'read root module variables from a .tfvars file (repeatable)', collect);
}

export interface InputOpts { var?: string[]; varFile?: string[] }

export const inputsOf = (o: InputOpts): VariableInputs => ({ vars: o.var ?? [], varFiles: o.varFile ?? [] });

/** --format (one of `formats`, the first is the default) and, when `output`, --output FILE. */
export function reportOptions(cmd: Command, formats: string[], output = true): Command {
  cmd.addOption(new Option('--format <FORMAT>', 'output format').choices(formats).default(formats[0]));
  if (output) cmd.option('--output <FILE>', 'write the report to FILE instead of standard output');
  return cmd;
}

export interface ReportOpts { format: string; output?: string }

/** The flags of commands that report findings (scan, diff, aws). */
export function scanOptions(cmd: Command, { baseline = true } = {}): Command {
  cmd
    .option('--category <ID>', 'SARIF automationDetails.id (default sglint/iac/)')
    .addOption(new Option('--fail-on <LEVEL>', 'exit 1 when a finding is at or above LEVEL (default: low, or failOn in the config)').choices(['critical', 'high', 'medium', 'low', 'none']))
    .option('--config <FILE>', 'use FILE instead of the .sglint.yml found from PATH upward');
  if (baseline) {
    cmd
      .option('--baseline <FILE>', 'report only findings that are not in FILE')
      .option('--write-baseline <FILE>', "record today's findings (by fingerprint) in FILE")
      .option('--show-suppressed', 'list the findings that inline comments suppress');
  }
  return colorOption(cmd);
}

export interface ScanOpts extends InputOpts, ReportOpts {
  category?: string;
  failOn?: string;
  config?: string;
  baseline?: string;
  writeBaseline?: string;
  showSuppressed?: boolean;
  color: boolean;
}

export function colorOption(cmd: Command): Command {
  return cmd.option('--no-color', 'no colours in text output (also NO_COLOR=1; FORCE_COLOR=1 forces them)');
}

/** FORCE_COLOR wins; otherwise colour only on a terminal, unless --no-color or NO_COLOR (no-color.org). */
export function useColor(io: Io, color: boolean): boolean {
  const force = io.env['FORCE_COLOR'];
  if (force && force !== '0') return true;
  return color && !!io.stdout.isTTY && !io.env['NO_COLOR'];
}

/** "Examples:" after a command's help, each a comment line and the command. */
export function examples(cmd: Command, lines: [string, string][]): Command {
  return cmd.addHelpText('after', `\nExamples:\n${lines.map(([c, what]) => `  # ${what}\n  $ ${c}`).join('\n')}`);
}

import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { VariableInputs } from '../../ingest/terraform/index.js';
import type { Io } from '../run.js';

/**
 * Option groups that several commands share. A flag that applies to every command reading
 * PATHs belongs in `inputOptions`; one that shapes a scan's findings, in `scanOptions`.
 * Each command file under commands/ adds the groups it needs and its own flags.
 */

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export const PATHS_HELP = 'Terraform directories or .tf files, Terraform plans (terraform show -json), CloudFormation templates, or AWS CLI describe-* JSON / sglint aws snapshots (default: .)';

/** --var / --var-file: inputs of the root module (and CloudFormation parameters); module downloads. */
export function inputOptions(cmd: Command): Command {
  return cmd
    .option('--var <NAME=VALUE>', 'set a root module variable or CloudFormation parameter (repeatable)', collect)
    .option('--var-file <FILE>', 'read root module variables from a .tfvars file (repeatable)', collect)
    .option('--download-modules', 'download the registry, git and https modules that terraform init has not installed (.terraform/modules is always read); uses the network')
    .option('--module-cache <DIR>', 'where --download-modules keeps modules (default: the user cache folder, e.g. ~/.cache/sglint/modules)')
    .option('--registry-url <HOST=URL>', 'answer module registry HOST from URL instead of https://HOST (a mirror; repeatable)', registryPair)
    .hook('preAction', (c) => {
      const o = c.opts<InputOpts>();
      if (!o.downloadModules && (o.moduleCache !== undefined || o.registryUrl)) c.error(`error: ${o.moduleCache !== undefined ? '--module-cache' : '--registry-url'} applies only with --download-modules`);
    });
}

function registryPair(pair: string, previous: string[] = []): string[] {
  const eq = pair.indexOf('=');
  if (eq <= 0 || !/^https?:\/\/[^/]/.test(pair.slice(eq + 1))) throw new InvalidArgumentError('expected HOST=URL, e.g. registry.example.com=https://mirror.example.com');
  return [...previous, pair];
}

export interface InputOpts { var?: string[]; varFile?: string[]; downloadModules?: boolean; moduleCache?: string; registryUrl?: string[] }

/** The root module inputs; with --download-modules, the download settings (progress lines on a terminal outside CI). */
export function inputsOf(o: InputOpts, io?: Io): VariableInputs {
  const inputs: VariableInputs = { vars: o.var ?? [], varFiles: o.varFile ?? [] };
  if (!o.downloadModules) return inputs;
  const registries: Record<string, string> = {};
  for (const pair of o.registryUrl ?? []) registries[pair.slice(0, pair.indexOf('=')).toLowerCase()] = pair.slice(pair.indexOf('=') + 1);
  const tty = !!io && !!(io.stderr as { isTTY?: boolean }).isTTY && !io.env['CI'];
  return {
    ...inputs,
    modules: {
      cacheDir: o.moduleCache === undefined ? undefined : path.resolve(io?.cwd ?? process.cwd(), o.moduleCache),
      registries,
      env: io?.env,
      progress: tty ? (line) => io.stderr.write(`sglint: ${line}\n`) : undefined,
    },
  };
}

/** --root, --max-file-size, --max-scan-size, --no-custom-rules: what a scan may read and run. */
export function trustOptions(cmd: Command): Command {
  return cmd
    .option('--root <DIR>', 'the module root: nothing outside it is read, through symlinks, ../ module sources or file() (default: the enclosing git work tree, else each PATH itself)')
    .option('--max-file-size <SIZE>', 'largest source file read (.tf, .tfvars, templates), e.g. 16MiB; plan and snapshot JSON may be 32 times larger', parseSize)
    .option('--max-scan-size <SIZE>', 'most bytes one scan reads in all, e.g. 1GiB', parseSize)
    .option('--no-custom-rules', "do not load the customRules of the .sglint.yml (run no code from the repository)");
}

export interface TrustOpts { root?: string; maxFileSize?: number; maxScanSize?: number; customRules: boolean }

/** A size in bytes: a number with an optional unit (k, KiB, M, MiB, G, GiB; powers of 1024). */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) throw new InvalidArgumentError('expected a size such as 16MiB, 512M or 1GiB');
  const n = Math.floor(Number(m[1]) * 1024 ** ' kmg'.indexOf((m[2] || ' ').toLowerCase()));
  if (!(n > 0) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a positive size');
  return n;
}

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
  cmd
    .option('--check <IDS>', 'run only these rules: ids, globs (ssh-*) or other scanners\' ids (CKV_AWS_24), comma-separated (repeatable)', collect)
    .option('--skip-check <IDS>', 'skip these rules: ids, globs or other scanners\' ids, comma-separated (repeatable)', collect)
    .option('--skip-path <GLOB>', 'drop findings and errors in files matching GLOB, relative to the current folder (repeatable)', collect)
    .option('--severity <LIST>', 'show only findings of these severities, e.g. critical,high', collect)
    .addOption(new Option('--sort <ORDER>', 'text output: most severe first within a file, or by line').choices(['severity', 'file']).default('severity'))
    .option('--compact', 'text output: one line per finding')
    .option('-q, --quiet', 'print only findings and errors (no warnings, no summary)')
    .option('--soft-fail', 'always exit 0 (errors are still printed); --fail-on still decides what is reported as failing');
  return colorOption(cmd);
}

export interface ScanOpts extends InputOpts, ReportOpts {
  check?: string[];
  skipCheck?: string[];
  skipPath?: string[];
  severity?: string[];
  sort: 'severity' | 'file';
  compact?: boolean;
  quiet?: boolean;
  softFail?: boolean;
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

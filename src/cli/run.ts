import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ScanFlags } from './scan-command.js';

const COMMANDS = ['scan', 'rules', 'exposure', 'explain', 'reach', 'blast-radius', 'diff', 'init', 'merge', 'aws'];

export interface Io {
  stdout: { write(s: string | Uint8Array): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
  cwd: string;
  env: NodeJS.ProcessEnv;
}

const USAGE = `Usage: sglint [scan] [PATH...] [options]
       sglint exposure [PATH...] [--format json|text|markdown]
       sglint explain TARGET [PATH...] [--port N] [--protocol tcp|udp|icmp] [--from SRC]
       sglint reach --from SEL --to SEL [PATH...] [--port N] [--protocol P] [--max-hops N]
       sglint blast-radius SEL [PATH...] [--tier-tag KEY]
       sglint diff BASE HEAD [PATH...]      BASE/HEAD: two folders or two git refs
       sglint rules [--format text|json|markdown]
       sglint merge FILE... [--output FILE]  join snapshots (or SARIF files) written by several jobs
       sglint init [--force]               write .sglint.yml and a pull-request workflow
       sglint aws [--region R...|--all-regions] [--profile P] [--role-arn A [--external-id X]]
                  [--org [--org-role NAME]] [--endpoint-url URL] [--out FILE] [--timings]
                                           read live accounts (read-only), write the snapshot, scan it

scan      lint security groups; exit 1 when findings reach --fail-on
diff      findings a change adds and removes (matched by fingerprint) and exposure it opens
          or closes; exit code from what it adds; the base's config judges both sides
exposure  what each endpoint exposes to the internet, through which hops, and to which peers
explain   why TARGET is (or is not) reachable: every hop and the rule, route and NACL entry
          that decide it; SRC is "internet" (default), an IP address or CIDR, or an endpoint
reach     every path from --from to --to (per class of alike endpoints), its hop count, what
          the last hop carries, and one shortest path with the rule lines that allow each hop
blast-radius  everything SEL can reach (data stores and admin ports first) with totals
          SEL: an endpoint id or address, group:ID, subnet:ID, vpc:ID, tag:KEY=VALUE,
          an IP or CIDR, internet, or any

PATH is a Terraform directory (every root module in it) or .tf file, a Terraform plan
(terraform show -json), a CloudFormation template (YAML/JSON, cdk synth output) or a folder of
them, or AWS CLI describe-* JSON (one merged file, several files, or a folder); default ".".
--var NAME=VALUE also sets CloudFormation parameters.

Options:
  --format FORMAT            text, json, sarif, markdown or github (annotations + job
                             summary); default text
  --category ID              SARIF automationDetails.id (default sglint/iac/)
  --output FILE              write the report to FILE instead of standard output
  --fail-on LEVEL            exit 1 when a finding is at or above LEVEL:
                             critical|high|medium|low|none (default: low, or failOn in the config)
  --config FILE              use FILE instead of the .sglint.yml found from PATH upward
  --baseline FILE            report only findings that are not in FILE
  --write-baseline FILE      record today's findings (by fingerprint) in FILE
  --show-suppressed          list the findings that inline comments suppress
  --var NAME=VALUE           set a root module variable (repeatable)
  --var-file FILE            read root module variables from a .tfvars file (repeatable)
  --no-color                 no colours in text output (also NO_COLOR=1)
  -h, --help                 show this help
  -v, --version              print the version

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage or input error.
`;

export function version(): string {
  const pkg = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'package.json');
  try {
    return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** The whole CLI: returns the exit code. Never throws for a user's mistake. */
export async function run(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' }, output: { type: 'string' }, 'fail-on': { type: 'string' },
        var: { type: 'string', multiple: true }, 'var-file': { type: 'string', multiple: true },
        port: { type: 'string' }, protocol: { type: 'string' }, from: { type: 'string' },
        to: { type: 'string' }, 'max-hops': { type: 'string' }, 'tier-tag': { type: 'string' },
        config: { type: 'string' }, baseline: { type: 'string' }, 'write-baseline': { type: 'string' }, 'show-suppressed': { type: 'boolean' },
        category: { type: 'string' }, force: { type: 'boolean' },
        region: { type: 'string', multiple: true }, 'all-regions': { type: 'boolean' }, 'endpoint-url': { type: 'string' }, profile: { type: 'string' },
        out: { type: 'string' }, concurrency: { type: 'string' }, 'role-arn': { type: 'string' }, 'external-id': { type: 'string' },
        org: { type: 'boolean' }, 'org-role': { type: 'string' }, timings: { type: 'boolean' },
        'no-color': { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    io.stderr.write(`sglint: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values: o, positionals } = parsed;
  if (o.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (o.version) {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  const [first, ...rest] = positionals;
  const command = COMMANDS.includes(first ?? '') ? first! : 'scan';
  const args = command === first ? rest : positionals;
  // Each command loads only what it uses: an exposure run of a snapshot need not load the rules or the HCL parser.
  if (command === 'rules') return rulesCommand(o.format ?? 'text', io);
  if (command === 'init') return (await import('./init.js')).initCommand(io, !!o.force);
  if (command === 'merge') return (await import('./merge.js')).mergeCommand(args, o.output, io);
  const vars = { vars: o.var ?? [], varFiles: o['var-file'] ?? [] };
  if (command === 'exposure') return (await import('./exposure-command.js')).exposureCommand(args, vars, o.format ?? 'text', o.output, io);
  if (command === 'reach' || command === 'blast-radius') {
    const { reachCommand, blastRadiusCommand } = await import('./reach-command.js');
    const f = { from: o.from, to: o.to, port: o.port, protocol: o.protocol, maxHops: o['max-hops'], tierTag: o['tier-tag'], format: o.format ?? 'text', output: o.output };
    return command === 'reach' ? reachCommand(args, vars, f, io) : blastRadiusCommand(args, vars, f, io);
  }
  if (command === 'explain') return (await import('./exposure-command.js')).explainCommand(args, vars, { port: o.port, protocol: o.protocol, from: o.from, format: o.format ?? 'text' }, io);

  const { checkFlags, diffCommand, scanCommand } = await import('./scan-command.js');

  const flags: ScanFlags = {
    format: o.format ?? 'text', output: o.output, failOn: o['fail-on'], config: o.config, baseline: o.baseline,
    writeBaseline: o['write-baseline'], showSuppressed: o['show-suppressed'], category: o.category, version: version(),
    color: (o.format ?? 'text') === 'text' && !o.output && useColor(io, !!o['no-color']),
  };
  const problem = checkFlags(flags);
  if (problem) return usageError(io, problem);
  if (command === 'aws') {
    return (await import('./aws-command.js')).awsCommand({
      regions: o.region ?? [], allRegions: !!o['all-regions'], endpointUrl: o['endpoint-url'], profile: o.profile, out: o.out, concurrency: o.concurrency,
      roleArn: o['role-arn'], externalId: o['external-id'], orgRole: o.org ? (o['org-role'] ?? 'sglint-readonly') : undefined, timings: !!o.timings,
    }, flags, io);
  }
  return command === 'diff' ? diffCommand(args, vars, flags, io) : scanCommand(args, vars, flags, io);
}

/** FORCE_COLOR wins; otherwise colour only on a terminal, unless --no-color or NO_COLOR (no-color.org). */
function useColor(io: Io, noColor: boolean): boolean {
  const force = io.env['FORCE_COLOR'];
  if (force && force !== '0') return true;
  return !noColor && !!io.stdout.isTTY && !io.env['NO_COLOR'];
}

function usageError(io: Io, message: string): number {
  io.stderr.write(`sglint: ${message}\n`);
  return 2;
}

async function rulesCommand(format: string, io: Io): Promise<number> {
  if (!['text', 'json', 'markdown'].includes(format)) return usageError(io, `--format for "rules" must be text, json or markdown`);
  const [{ builtinRules }, { formatRules }] = await Promise.all([import('../../rules/index.js'), import('./rules-command.js')]);
  io.stdout.write(formatRules(builtinRules, format as 'text' | 'json' | 'markdown'));
  return 0;
}

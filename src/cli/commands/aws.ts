import type { Command } from 'commander';
import { act, type CliContext } from './context.js';
import { examples, reportOptions, scanOptions, type ScanOpts } from './options.js';
import { SCAN_FORMATS, scanFlagsOf } from './scan.js';

interface AwsOpts extends ScanOpts {
  region?: string[];
  allRegions?: boolean;
  endpointUrl?: string;
  profile?: string;
  out?: string;
  concurrency?: string;
  roleArn?: string;
  externalId?: string;
  org?: boolean;
  orgRole?: string;
  timings?: boolean;
  requestTimeout?: string;
  regionTimeout?: string;
  checkPermissions?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function awsCommandSpec(program: Command, ctx: CliContext): Command {
  const cmd = program.command('aws')
    .summary('read live accounts (read-only), write the snapshot, scan it')
    .description('Read live AWS accounts with read-only Describe* calls, write the snapshot (--out), then scan it. A call that fails (denied, timed out, garbled after retries) is reported with the permission it needs and what it leaves unknown; everything else read is kept, the snapshot records what is missing, and the result says it is partial (exit 2).')
    .option('--region <R>', 'a region to read (repeatable; default AWS_REGION, AWS_DEFAULT_REGION or us-east-1)', collect)
    .option('--all-regions', 'every region enabled for the account')
    .option('--profile <P>', 'the AWS profile to use (as AWS_PROFILE)')
    .option('--role-arn <ARN>', 'assume this role first')
    .option('--external-id <ID>', 'the external id the role asks for')
    .option('--org', 'every active account of the organization')
    .option('--org-role <NAME>', 'the role assumed in each account with --org', 'sglint-readonly')
    .option('--endpoint-url <URL>', 'a different EC2 endpoint (a local emulator)')
    .option('--out <FILE>', 'where the snapshot is written', 'sglint-aws-snapshot.json')
    .option('--concurrency <N>', 'regions and accounts read at once', '4')
    .option('--request-timeout <S>', 'seconds one attempt of a call may take (connect, answer, body); retried after', '30')
    .option('--region-timeout <S>', 'seconds one region may take; the rest of it is then skipped and reported', '900')
    .option('--check-permissions', 'probe each read-only call (EC2 DryRun, no data read) and list what the credentials are denied; exit 2 if any')
    .option('--timings', 'print the wall and CPU time of each phase on stderr');
  reportOptions(cmd, SCAN_FORMATS);
  scanOptions(cmd);
  examples(cmd, [
    ['sglint aws --region eu-west-1', 'one region, with the default credentials'],
    ['sglint aws --all-regions --profile audit --format sarif --output aws.sarif', 'every region, SARIF'],
    ['sglint aws --org --org-role sglint-readonly', 'every account of the organization'],
  ]);
  return act(cmd, ctx, async (o: AwsOpts) => (await import('../aws-command.js')).awsCommand({
    regions: o.region ?? [], allRegions: !!o.allRegions, endpointUrl: o.endpointUrl, profile: o.profile, out: o.out, concurrency: o.concurrency,
    roleArn: o.roleArn, externalId: o.externalId, orgRole: o.org ? o.orgRole : undefined, timings: !!o.timings,
    requestTimeout: o.requestTimeout, regionTimeout: o.regionTimeout, checkPermissions: !!o.checkPermissions,
  }, scanFlagsOf(o, ctx), ctx.io));
}

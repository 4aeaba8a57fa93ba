import {
  DescribeInstancesCommand, DescribeInternetGatewaysCommand, DescribeManagedPrefixListsCommand, DescribeNetworkAclsCommand, DescribeNetworkInterfacesCommand,
  DescribeRegionsCommand, DescribeRouteTablesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client, GetManagedPrefixListEntriesCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeTargetGroupsCommand, DescribeTargetHealthCommand, ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describeError, errorKind } from './errors.js';
import { makeClient, type ReadOptions, type ReadResult } from './read.js';
import type { ReadCall, ReadStatus } from '../awscli/sections.js';
import { noFaults } from './transport.js';

type Probe = [string, (ec2: EC2Client, elb: ElasticLoadBalancingV2Client, region: string) => Promise<unknown>];
const NONE_ARN = (region: string, kind: string): string => `arn:aws:elasticloadbalancing:${region}:000000000000:${kind}/sglint-permission-check/0000000000000000`;

/**
 * One cheap request per action: EC2's own DryRun where it has one (it answers DryRunOperation when
 * the caller is allowed, UnauthorizedOperation when not, and reads nothing), the smallest page
 * otherwise; the ELBv2 calls that need a resource ask about one that does not exist (authorization
 * is checked first, so "not found" means allowed).
 */
const PROBES: Probe[] = [
  ['ec2:DescribeRegions', (c) => c.send(new DescribeRegionsCommand({ DryRun: true }))],
  ['ec2:DescribeVpcs', (c) => c.send(new DescribeVpcsCommand({ DryRun: true, MaxResults: 5 }))],
  ['ec2:DescribeSubnets', (c) => c.send(new DescribeSubnetsCommand({ DryRun: true, MaxResults: 5 }))],
  ['ec2:DescribeRouteTables', (c) => c.send(new DescribeRouteTablesCommand({ DryRun: true, MaxResults: 5 }))],
  ['ec2:DescribeNetworkAcls', (c) => c.send(new DescribeNetworkAclsCommand({ DryRun: true, MaxResults: 5 }))],
  ['ec2:DescribeSecurityGroups', (c) => c.send(new DescribeSecurityGroupsCommand({ DryRun: true, MaxResults: 5 }))],
  ['ec2:DescribeNetworkInterfaces', (c) => c.send(new DescribeNetworkInterfacesCommand({ DryRun: true, MaxResults: 5 }))],
  ['ec2:DescribeInstances', (c) => c.send(new DescribeInstancesCommand({ DryRun: true, MaxResults: 5 }))],
  ['ec2:DescribeInternetGateways', (c) => c.send(new DescribeInternetGatewaysCommand({ DryRun: true, MaxResults: 5 }))],
  ['ec2:DescribeManagedPrefixLists', (c) => c.send(new DescribeManagedPrefixListsCommand({ DryRun: true, MaxResults: 1 }))],
  ['ec2:GetManagedPrefixListEntries', (c) => c.send(new GetManagedPrefixListEntriesCommand({ DryRun: true, PrefixListId: 'pl-00000000000000000', MaxResults: 1 }))],
  ['elasticloadbalancing:DescribeLoadBalancers', (_c, e) => e.send(new DescribeLoadBalancersCommand({ PageSize: 1 }))],
  ['elasticloadbalancing:DescribeListeners', (_c, e, r) => e.send(new DescribeListenersCommand({ LoadBalancerArn: NONE_ARN(r, 'loadbalancer/app'), PageSize: 1 }))],
  ['elasticloadbalancing:DescribeTargetGroups', (_c, e) => e.send(new DescribeTargetGroupsCommand({ PageSize: 1 }))],
  ['elasticloadbalancing:DescribeTargetHealth', (_c, e, r) => e.send(new DescribeTargetHealthCommand({ TargetGroupArn: NONE_ARN(r, 'targetgroup') }))],
];

/**
 * Which read-only calls the credentials may make, per region (`sglint aws --check-permissions`),
 * as a read record: a denial is what the role lacks; DryRunOperation, "not found" and the like mean
 * the call got past authorization. A timeout, throttle or dropped connection leaves it unchecked.
 */
export async function checkPermissions(opts: ReadOptions): Promise<ReadResult> {
  const faults = opts.faults ?? noFaults();
  const status: ReadStatus[] = [];
  const failures: ReadResult['failures'] = [];
  const settings = { ...opts, maxAttempts: opts.maxAttempts ?? 3 };
  for (const region of opts.regions) {
    const ec2 = makeClient(EC2Client, settings, region, faults);
    const elb = makeClient(ElasticLoadBalancingV2Client, settings, region, faults);
    try {
      const calls = await Promise.all(PROBES.map(async ([call, probe]): Promise<ReadCall> => {
        try {
          await probe(ec2, elb, region);
          return { Call: call, Section: '', Status: 'ok' };
        } catch (err) {
          const kind = errorKind(err);
          if (kind === 'denied' || kind === 'expired') return { Call: call, Section: '', Status: 'failed', Error: describeError(err) };
          if (['timeout', 'connection', 'garbled', 'aborted', 'throttled', 'server'].includes(kind)) return { Call: call, Section: '', Status: 'skipped', Error: `not checked: ${describeError(err)}` };
          return { Call: call, Section: '', Status: 'ok' };
        }
      }));
      status.push({ ...(opts.account ? { Account: opts.account } : {}), Region: region, ReadAt: new Date().toISOString(), Calls: calls });
      for (const c of calls) if (c.Status !== 'ok') failures.push({ region: opts.account ? `${opts.account}/${region}` : region, message: `${c.Call}: ${c.Error ?? ''}` });
    } finally {
      ec2.destroy();
      elb.destroy();
    }
  }
  return { snapshot: {}, regions: opts.regions, failures, status, faults };
}

/** The report: per account and region, the calls denied (or not checked), then the actions to add, once. */
export function formatPermissions(status: ReadStatus[]): { text: string; missing: string[] } {
  const lines: string[] = [];
  const missing = new Set<string>();
  for (const r of status) {
    const where = `${r.Account ? `account ${r.Account} ` : ''}${r.Region === '*' ? '' : `region ${r.Region}`}`.trim();
    const bad = r.Calls.filter((x) => x.Status !== 'ok');
    lines.push(bad.length ? `${where}: ${bad.length} of ${r.Calls.length} calls not allowed` : `${where}: all ${r.Calls.length} calls allowed`);
    for (const x of bad) {
      lines.push(`  ${x.Status === 'skipped' ? '?' : '✖'} ${x.Call}  ${x.Error ?? ''}`);
      if (x.Status === 'failed') missing.add(x.Call);
    }
  }
  const list = [...missing].sort();
  lines.push(list.length ? `add to the policy: ${list.join(', ')} (the whole read-only policy is in the README)` : 'every permission sglint aws needs is granted');
  return { text: lines.join('\n') + '\n', missing: list };
}

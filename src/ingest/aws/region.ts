import {
  DescribeInstancesCommand, DescribeInternetGatewaysCommand, DescribeNetworkAclsCommand, DescribeNetworkInterfacesCommand, DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client, paginateDescribeManagedPrefixLists, paginateGetManagedPrefixListEntries,
} from '@aws-sdk/client-ec2';
import {
  DescribeTargetHealthCommand, ElasticLoadBalancingV2Client, paginateDescribeListeners, paginateDescribeLoadBalancers, paginateDescribeTargetGroups,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ReadCall, ReadStatus } from '../awscli/sections.js';
import { append } from '../../model/append.js';
import { consequence, errorKind, failureText } from './errors.js';
import { guarded, pages, type DescribeCommand } from './pages.js';

/**
 * Section, IAM action, command, and the largest page the API accepts (MaxResults; EC2 API
 * reference): route tables and network ACLs take at most 100, the others 1,000.
 */
const SECTIONS: [string, string, DescribeCommand, number][] = [
  ['Vpcs', 'ec2:DescribeVpcs', DescribeVpcsCommand as unknown as DescribeCommand, 1000],
  ['Subnets', 'ec2:DescribeSubnets', DescribeSubnetsCommand as unknown as DescribeCommand, 1000],
  ['RouteTables', 'ec2:DescribeRouteTables', DescribeRouteTablesCommand as unknown as DescribeCommand, 100],
  ['NetworkAcls', 'ec2:DescribeNetworkAcls', DescribeNetworkAclsCommand as unknown as DescribeCommand, 100],
  ['SecurityGroups', 'ec2:DescribeSecurityGroups', DescribeSecurityGroupsCommand as unknown as DescribeCommand, 1000],
  ['NetworkInterfaces', 'ec2:DescribeNetworkInterfaces', DescribeNetworkInterfacesCommand as unknown as DescribeCommand, 1000],
  ['Reservations', 'ec2:DescribeInstances', DescribeInstancesCommand as unknown as DescribeCommand, 1000],
  ['InternetGateways', 'ec2:DescribeInternetGateways', DescribeInternetGatewaysCommand as unknown as DescribeCommand, 1000],
];

export interface RegionRead {
  data: Record<string, unknown[]>;
  status: ReadStatus;
  /** One line per call that did not succeed: account, region, call, permission, what is unknown. */
  failures: string[];
}

export interface RegionContext {
  account?: string | undefined;
  region: string;
  /** A fresh client (after credentials expired, the next one asks for new ones). */
  ec2: () => EC2Client;
  elb: () => ElasticLoadBalancingV2Client;
  requestTimeoutMs: number;
  regionTimeoutMs: number;
  /** Ends the read early (the whole scan's deadline, or Ctrl-C): the rest is skipped. */
  signal?: AbortSignal | undefined;
  progress: (section: string, pages: number, items: number) => void;
}

/**
 * Reads one region call by call. A call that fails is recorded with its error and the rest go on
 * (what was read is kept, pages of a failed call included); a call whose input comes from a failed
 * one is skipped. The region's deadline aborts what is in flight and skips the rest. Credentials
 * that expire are asked for again once (a new client) before the call counts as failed.
 */
export async function readRegion(ctx: RegionContext): Promise<RegionRead> {
  const started = Date.now();
  const status: ReadStatus = { ...(ctx.account ? { Account: ctx.account } : {}), Region: ctx.region, ReadAt: new Date(started).toISOString(), Calls: [] };
  const data: Record<string, unknown[]> = {};
  const failures: string[] = [];
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(Object.assign(new Error(`the region's deadline of ${ctx.regionTimeoutMs / 1000} s passed`), { name: 'RegionDeadline' })), ctx.regionTimeoutMs);
  const signal = ctx.signal ? AbortSignal.any([deadline.signal, ctx.signal]) : deadline.signal;
  let ec2 = ctx.ec2();
  let elb = ctx.elb();
  let stopped: string | undefined;
  const where = `${ctx.account ? `account ${ctx.account} ` : ''}region ${ctx.region}`;

  /** Runs one call; `body` pushes items as pages arrive. Returns whether it succeeded. */
  const call = async (section: string, action: string, body: (push: (items: unknown[]) => void) => Promise<void>, skipBecause?: string): Promise<boolean> => {
    const record: ReadCall = { Call: action, Section: section, Status: 'ok' };
    status.Calls.push(record);
    const reason = stopped ?? skipBecause;
    if (reason) {
      Object.assign(record, { Status: 'skipped', Error: reason });
      failures.push(`${where}: ${action} skipped (${reason}); ${consequence(section, ctx.region)}`);
      return false;
    }
    let items: unknown[] = [];
    let pageCount = 0;
    const push = (list: unknown[]): void => {
      append(items, list);
      ctx.progress(section, ++pageCount, items.length);
    };
    for (let renewed = false; ; renewed = true) {
      try {
        await body(push);
        break;
      } catch (err) {
        const kind = signal.aborted ? 'aborted' : errorKind(err);
        if (kind === 'expired' && !renewed) {
          // New clients ask the credential provider again (an assumed role is assumed anew); the call starts over.
          [items, pageCount] = [[], 0];
          ec2.destroy();
          elb.destroy();
          [ec2, elb] = [ctx.ec2(), ctx.elb()];
          continue;
        }
        const text = kind === 'aborted' ? `${action} was cut off: ${(signal.reason as Error | undefined)?.message ?? 'the read was stopped'}` : failureText(action, err, ctx.requestTimeoutMs);
        Object.assign(record, { Status: 'failed', Error: text });
        failures.push(`${where}: ${text}; ${consequence(section, ctx.region)}`);
        // Past the deadline, or with credentials that no longer work, every later call would fail the same way.
        if (kind === 'aborted') stopped = (signal.reason as Error | undefined)?.message ?? 'the read was stopped';
        if (kind === 'expired') stopped = 'the credentials had expired';
        break;
      }
    }
    if (items.length || record.Status === 'ok') append((data[section] ??= []), items);
    record.Items = items.length;
    if (pageCount) record.Pages = pageCount;
    return record.Status === 'ok';
  };

  try {
    for (const [section, action, Command, maxResults] of SECTIONS) {
      await call(section, action, async (push) => {
        for await (const page of pages(ec2, Command, maxResults, { abortSignal: signal })) push((page[section] ?? []) as unknown[]);
      });
    }
    await readPrefixLists(() => ec2, call, signal);
    await readLoadBalancers(() => elb, call, signal);
  } finally {
    clearTimeout(timer);
    ec2.destroy();
    elb.destroy();
  }
  const vpcs = new Set<string>();
  for (const section of ['Vpcs', 'Subnets', 'SecurityGroups', 'RouteTables', 'NetworkAcls']) for (const x of data[section] ?? []) if (typeof (x as { VpcId?: unknown }).VpcId === 'string') vpcs.add((x as { VpcId: string }).VpcId);
  if (vpcs.size) status.VpcIds = [...vpcs].sort();
  status.Seconds = Math.round((Date.now() - started) / 10) / 100;
  return { data, status, failures };
}

type Call = (section: string, action: string, body: (push: (items: unknown[]) => void) => Promise<void>, skipBecause?: string) => Promise<boolean>;
const opts = (signal: AbortSignal) => ({ abortSignal: signal }) as never;

/**
 * Managed prefix lists with their entries (a rule naming a list matches every entry), as
 * `ManagedPrefixLists`. A list whose entries could not be read is left out (a rule naming it then
 * has unknown sources) rather than kept with no entries (which would match nothing).
 */
async function readPrefixLists(c: () => EC2Client, call: Call, signal: AbortSignal): Promise<void> {
  const lists: { PrefixListId?: string }[] = [];
  const ok = await call('ManagedPrefixLists', 'ec2:DescribeManagedPrefixLists', async () => {
    for await (const page of guarded(paginateDescribeManagedPrefixLists({ client: c(), pageSize: 100 }, {}, opts(signal)), 'NextToken')) lists.push(...(page.PrefixLists ?? []));
  });
  if (ok && !lists.length) return;
  await call('ManagedPrefixLists', 'ec2:GetManagedPrefixListEntries', async (push) => {
    for (const pl of lists) {
      const entries: unknown[] = [];
      for await (const e of guarded(paginateGetManagedPrefixListEntries({ client: c(), pageSize: 100 }, { PrefixListId: pl.PrefixListId! }, opts(signal)), 'NextToken')) entries.push(...(e.Entries ?? []));
      push([{ ...pl, Entries: entries }]);
    }
  }, ok ? undefined : 'the prefix lists could not be read');
}

/** ELBv2 load balancers, their listeners, target groups and target health, in the AWS CLI's shapes. */
async function readLoadBalancers(elb: () => ElasticLoadBalancingV2Client, call: Call, signal: AbortSignal): Promise<void> {
  const lbs: { LoadBalancerArn?: string }[] = [];
  const lbOk = await call('LoadBalancers', 'elasticloadbalancing:DescribeLoadBalancers', async (push) => {
    for await (const page of guarded(paginateDescribeLoadBalancers({ client: elb() }, {}, opts(signal)), 'NextMarker')) {
      lbs.push(...(page.LoadBalancers ?? []));
      push(page.LoadBalancers ?? []);
    }
  });
  await call('Listeners', 'elasticloadbalancing:DescribeListeners', async (push) => {
    for (const lb of lbs) for await (const page of guarded(paginateDescribeListeners({ client: elb() }, { LoadBalancerArn: lb.LoadBalancerArn! }, opts(signal)), 'NextMarker')) push(page.Listeners ?? []);
  }, lbOk ? undefined : 'the load balancers could not be read');
  const groups: { TargetGroupArn?: string }[] = [];
  const tgOk = await call('TargetGroups', 'elasticloadbalancing:DescribeTargetGroups', async (push) => {
    for await (const page of guarded(paginateDescribeTargetGroups({ client: elb() }, {}, opts(signal)), 'NextMarker')) {
      groups.push(...(page.TargetGroups ?? []));
      push(page.TargetGroups ?? []);
    }
  });
  await call('TargetHealth', 'elasticloadbalancing:DescribeTargetHealth', async (push) => {
    for (const tg of groups) {
      const out = await elb().send(new DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn! }), { abortSignal: signal });
      push([{ TargetGroupArn: tg.TargetGroupArn, TargetHealthDescriptions: out.TargetHealthDescriptions ?? [] }]);
    }
  }, tgOk ? undefined : 'the target groups could not be read');
}

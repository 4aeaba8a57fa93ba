import {
  DescribeInstancesCommand, DescribeInternetGatewaysCommand, DescribeNetworkAclsCommand, DescribeNetworkInterfacesCommand, DescribeRegionsCommand,
  DescribeRouteTablesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client,
  paginateDescribeManagedPrefixLists, paginateGetManagedPrefixListEntries, type EC2ClientConfig,
} from '@aws-sdk/client-ec2';
import { pages, type DescribeCommand } from './pages.js';
import {
  DescribeTargetHealthCommand, ElasticLoadBalancingV2Client, paginateDescribeListeners, paginateDescribeLoadBalancers, paginateDescribeTargetGroups,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { append } from '../../model/append.js';

/**
 * The read-only calls a live scan makes, and nothing else (the IAM policy in the README lists
 * exactly these; a test checks the code calls nothing outside it).
 */
export const EC2_ACTIONS = [
  'ec2:DescribeRegions', 'ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeRouteTables', 'ec2:DescribeNetworkAcls',
  'ec2:DescribeSecurityGroups', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeInstances', 'ec2:DescribeInternetGateways',
  'ec2:DescribeManagedPrefixLists', 'ec2:GetManagedPrefixListEntries',
  'elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth',
] as const;

/** One step of a live read: a page of a section in a region (of an account), or a region finished. */
export interface ProgressEvent {
  account?: string | undefined;
  region: string;
  section: string;
  pages: number;
  items: number;
  done?: boolean;
  failed?: boolean;
}

export interface ReadOptions {
  regions: string[];
  /** Every region enabled for the account (DescribeRegions), instead of `regions`. */
  allRegions?: boolean;
  endpointUrl?: string | undefined;
  credentials?: EC2ClientConfig['credentials'];
  /** Regions read at the same time. */
  concurrency?: number;
  /** Attempts per call, with adaptive backoff on throttling. */
  maxAttempts?: number;
  /** The account being read, for progress events (set by `--role-arn` and `--org`). */
  account?: string | undefined;
  onProgress?: (event: ProgressEvent) => void;
}

export interface ReadResult {
  /** Merged AWS CLI-shaped snapshot (the same JSON `aws ec2 describe-*` prints), all regions. */
  snapshot: Record<string, unknown[]>;
  regions: string[];
  /** Regions that could not be read, and why (no credentials or secrets in the message). */
  failures: { region: string; message: string }[];
}

/**
 * Section, command, and the largest page the API accepts (MaxResults; EC2 API reference): route
 * tables and network ACLs take at most 100, the others 1,000.
 */
const SECTIONS: [string, DescribeCommand, number][] = [
  ['Vpcs', DescribeVpcsCommand as unknown as DescribeCommand, 1000], ['Subnets', DescribeSubnetsCommand as unknown as DescribeCommand, 1000],
  ['RouteTables', DescribeRouteTablesCommand as unknown as DescribeCommand, 100], ['NetworkAcls', DescribeNetworkAclsCommand as unknown as DescribeCommand, 100],
  ['SecurityGroups', DescribeSecurityGroupsCommand as unknown as DescribeCommand, 1000], ['NetworkInterfaces', DescribeNetworkInterfacesCommand as unknown as DescribeCommand, 1000],
  ['Reservations', DescribeInstancesCommand as unknown as DescribeCommand, 1000], ['InternetGateways', DescribeInternetGatewaysCommand as unknown as DescribeCommand, 1000],
];

/**
 * Reads every page of every section in every region with the AWS SDK v3: bounded concurrency
 * across regions, the SDK's adaptive retry mode for throttling, and a region that fails
 * reported without stopping the others.
 */
export async function readAccount(opts: ReadOptions): Promise<ReadResult> {
  // One client configuration for both services: region, adaptive retries, endpoint, credentials.
  const config = (region: string) => ({
    region, maxAttempts: opts.maxAttempts ?? 8, retryMode: 'adaptive', logger: QUIET,
    ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}), ...(opts.credentials ? { credentials: opts.credentials } : {}),
  });
  const client = (region: string): EC2Client => new EC2Client(config(region));
  const elbClient = (region: string): ElasticLoadBalancingV2Client => new ElasticLoadBalancingV2Client(config(region) as never);
  const failures: ReadResult['failures'] = [];
  let regions = opts.regions;
  if (opts.allRegions) {
    try {
      const out = await client(opts.regions[0] ?? 'us-east-1').send(new DescribeRegionsCommand({ AllRegions: false }));
      regions = (out.Regions ?? []).map((r) => r.RegionName!).filter(Boolean).sort();
    } catch (err) {
      failures.push({ region: opts.regions[0] ?? 'us-east-1', message: `cannot list the enabled regions: ${describe(err)}` });
      regions = [];
    }
  }
  const perRegion = new Map<string, Record<string, unknown[]>>();
  const queue = [...regions];
  const worker = async (): Promise<void> => {
    for (let region = queue.shift(); region !== undefined; region = queue.shift()) {
      const c = client(region);
      const data: Record<string, unknown[]> = {};
      try {
        for (const [section, Command, maxResults] of SECTIONS) {
          const items: unknown[] = [];
          let count = 0;
          for await (const page of pages(c, Command, maxResults)) {
            count++;
            const list = (page[section] ?? []) as unknown[];
            append(items, list);
            opts.onProgress?.({ account: opts.account, region, section, pages: count, items: items.length });
          }
          data[section] = items;
        }
        await readPrefixLists(c, data);
        await readLoadBalancers(elbClient(region), data, (section, items) => opts.onProgress?.({ account: opts.account, region, section, pages: 1, items }));
        perRegion.set(region, data);
        opts.onProgress?.({ account: opts.account, region, section: '', pages: 0, items: 0, done: true });
      } catch (err) {
        failures.push({ region, message: describe(err) });
        opts.onProgress?.({ account: opts.account, region, section: '', pages: 0, items: 0, done: true, failed: true });
      } finally {
        c.destroy();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, regions.length)) }, worker));
  const snapshot: Record<string, unknown[]> = {};
  for (const region of regions) {
    const data = perRegion.get(region);
    if (!data) continue;
    for (const [section, items] of Object.entries(data)) append((snapshot[section] ??= []), items);
  }
  return { snapshot, regions: regions.filter((r) => perRegion.has(r)), failures };
}

/**
 * A logger without `info`: the SDK's logger middleware calls `logger?.info?.(...)` with a copy of
 * every response filtered for sensitive fields, a walk of the whole output that costs about as
 * much as deserialising it; with no `info` that argument is never built. sglint logs nothing.
 */
export const QUIET = { debug: (): void => undefined, warn: (): void => undefined, error: (): void => undefined } as unknown as NonNullable<EC2ClientConfig['logger']>;

/** Managed prefix lists with their entries (a rule naming a list matches every entry), as `ManagedPrefixLists`. */
async function readPrefixLists(c: EC2Client, data: Record<string, unknown[]>): Promise<void> {
  const lists: unknown[] = [];
  for await (const page of paginateDescribeManagedPrefixLists({ client: c, pageSize: 100 }, {})) {
    for (const pl of page.PrefixLists ?? []) {
      const entries: unknown[] = [];
      for await (const e of paginateGetManagedPrefixListEntries({ client: c, pageSize: 100 }, { PrefixListId: pl.PrefixListId! })) for (const x of e.Entries ?? []) entries.push(x);
      lists.push({ ...pl, Entries: entries });
    }
  }
  data['ManagedPrefixLists'] = lists;
}

/** ELBv2 load balancers, their listeners, target groups and target health, in the AWS CLI's shapes. */
async function readLoadBalancers(c: ElasticLoadBalancingV2Client, data: Record<string, unknown[]>, progress: (section: string, items: number) => void): Promise<void> {
  try {
    const lbs: { LoadBalancerArn?: string }[] = [];
    for await (const page of paginateDescribeLoadBalancers({ client: c }, {})) for (const x of page.LoadBalancers ?? []) lbs.push(x);
    const listeners: unknown[] = [];
    for (const lb of lbs) for await (const page of paginateDescribeListeners({ client: c }, { LoadBalancerArn: lb.LoadBalancerArn! })) for (const x of page.Listeners ?? []) listeners.push(x);
    const groups: { TargetGroupArn?: string }[] = [];
    for await (const page of paginateDescribeTargetGroups({ client: c }, {})) for (const x of page.TargetGroups ?? []) groups.push(x);
    const health: unknown[] = [];
    for (const tg of groups) {
      const out = await c.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn! }));
      health.push({ TargetGroupArn: tg.TargetGroupArn, TargetHealthDescriptions: out.TargetHealthDescriptions ?? [] });
    }
    Object.assign(data, { LoadBalancers: lbs, Listeners: listeners, TargetGroups: groups, TargetHealth: health });
    progress('LoadBalancers', lbs.length);
  } finally {
    c.destroy();
  }
}

/** An SDK error as a user reads it: the service's code and message, never the request's credentials. */
function describe(err: unknown): string {
  const e = err as { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const code = e.Code ?? e.name ?? 'Error';
  const status = e.$metadata?.httpStatusCode ? ` (HTTP ${e.$metadata.httpStatusCode})` : '';
  return `${code}${status}: ${(e.message ?? String(err)).replace(/(AKIA|ASIA)[A-Z0-9]{12,}/g, '<redacted>')}`;
}

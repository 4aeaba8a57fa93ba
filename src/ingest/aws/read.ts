import { DescribeRegionsCommand, EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { append } from '../../model/append.js';
import { READ_STATUS, type ReadStatus } from '../awscli/sections.js';
import { failureText } from './errors.js';
import { readRegion, type RegionRead } from './region.js';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_REGION_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, handlerOptions, installTransport, noFaults, type FaultCounts } from './transport.js';

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
  /** Static credentials, or a provider the SDK asks again when they expire. */
  credentials?: EC2ClientConfig['credentials'];
  /** Regions read at the same time. */
  concurrency?: number;
  /** Attempts per call, with adaptive backoff on throttling, 5xx, timeouts and garbled answers. */
  maxAttempts?: number;
  /** One attempt's deadline (connect, answer, body), ms. */
  requestTimeoutMs?: number;
  /** One region's deadline, ms: what is in flight is cut off, the rest of the region skipped. */
  regionTimeoutMs?: number;
  /** The account being read, for progress events and messages (set by `--role-arn` and `--org`). */
  account?: string | undefined;
  /** Stops the whole read (the rest is recorded as skipped). */
  signal?: AbortSignal | undefined;
  /** Per-attempt faults, summed over every client of the read. */
  faults?: FaultCounts;
  onProgress?: (event: ProgressEvent) => void;
}

export interface ReadResult {
  /** Merged AWS CLI-shaped snapshot (the same JSON `aws ec2 describe-*` prints), all regions, with its read record (`SglintReadStatus`). */
  snapshot: Record<string, unknown[]>;
  /** Regions read in full. */
  regions: string[];
  /** One line per call that did not succeed (account, region, call, permission, what is unknown); no credentials. */
  failures: { region: string; message: string }[];
  /** Per account and region: every call's outcome. */
  status: ReadStatus[];
  faults: FaultCounts;
}

/** The client settings every service shares: region, adaptive retries, timeouts, endpoint, credentials, no logging. */
export function clientConfig(opts: ReadOptions, region: string): Record<string, unknown> {
  return {
    region, maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, retryMode: 'adaptive', logger: QUIET,
    requestHandler: handlerOptions(opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
    ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}), ...(opts.credentials ? { credentials: opts.credentials } : {}),
  };
}

/** A client of `Client` with sglint's transport middlewares (timeouts, whole bodies, fault counts). */
export function makeClient<C extends { middlewareStack: unknown }>(Client: new (config: never) => C, opts: ReadOptions, region: string, faults: FaultCounts, json = false): C {
  const c = new Client(clientConfig(opts, region) as never);
  installTransport(c.middlewareStack as never, { requestTimeoutMs: opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, faults }, json);
  return c;
}

/**
 * Reads every page of every section in every region with the AWS SDK v3: bounded concurrency
 * across regions, the SDK's adaptive retries, a deadline per attempt and per region, and a call
 * that fails recorded (with what it leaves unknown) without dropping what the others read.
 */
export async function readAccount(opts: ReadOptions): Promise<ReadResult> {
  const faults = opts.faults ?? noFaults();
  const failures: ReadResult['failures'] = [];
  const status: ReadStatus[] = [];
  let regions = opts.regions;
  if (opts.allRegions) {
    const home = opts.regions[0] ?? 'us-east-1';
    const c = makeClient(EC2Client, opts, home, faults);
    try {
      const out = await c.send(new DescribeRegionsCommand({ AllRegions: false }), { abortSignal: opts.signal } as never);
      regions = (out.Regions ?? []).map((r) => r.RegionName!).filter(Boolean).sort();
    } catch (err) {
      const message = `cannot list the enabled regions: ${failureText('ec2:DescribeRegions', err, opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS)}; no region was read`;
      failures.push({ region: opts.account ? `${opts.account}/*` : '*', message });
      status.push({ ...(opts.account ? { Account: opts.account } : {}), Region: '*', ReadAt: new Date().toISOString(), Calls: [{ Call: 'ec2:DescribeRegions', Section: '', Status: 'failed', Error: message }] });
      regions = [];
    } finally {
      c.destroy();
    }
  }
  const perRegion = new Map<string, RegionRead>();
  const queue = [...regions];
  const worker = async (): Promise<void> => {
    for (let region = queue.shift(); region !== undefined; region = queue.shift()) {
      const r = await readRegion({
        account: opts.account, region, signal: opts.signal,
        ec2: () => makeClient(EC2Client, opts, region, faults), elb: () => makeClient(ElasticLoadBalancingV2Client, opts, region, faults),
        requestTimeoutMs: opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, regionTimeoutMs: opts.regionTimeoutMs ?? DEFAULT_REGION_TIMEOUT_MS,
        progress: (section, pages, items) => opts.onProgress?.({ account: opts.account, region, section, pages, items }),
      });
      perRegion.set(region, r);
      opts.onProgress?.({ account: opts.account, region, section: '', pages: 0, items: 0, done: true, ...(r.failures.length ? { failed: true } : {}) });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, regions.length)) }, worker));
  const snapshot: Record<string, unknown[]> = {};
  for (const region of regions) {
    const r = perRegion.get(region)!;
    for (const [section, items] of Object.entries(r.data)) append((snapshot[section] ??= []), items);
    for (const message of r.failures) failures.push({ region: opts.account ? `${opts.account}/${region}` : region, message });
    status.push(r.status);
  }
  snapshot[READ_STATUS] = status;
  return { snapshot, regions: regions.filter((r) => perRegion.get(r)!.failures.length === 0), failures, status, faults };
}

/**
 * A logger without `info`: the SDK's logger middleware calls `logger?.info?.(...)` with a copy of
 * every response filtered for sensitive fields, a walk of the whole output that costs about as
 * much as deserialising it; with no `info` that argument is never built. sglint logs nothing.
 */
export const QUIET = { debug: (): void => undefined, warn: (): void => undefined, error: (): void => undefined } as unknown as NonNullable<EC2ClientConfig['logger']>;


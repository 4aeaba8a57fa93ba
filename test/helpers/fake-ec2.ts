import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as ec2 from '@aws-sdk/client-ec2';
import * as elb from '@aws-sdk/client-elastic-load-balancing-v2';
import * as sts from '@aws-sdk/client-sts';
import { deliver, errorXml, faultError, faultState, pickFault, type Fault } from './faults.js';

/**
 * A small EC2-compatible Query API server on 127.0.0.1 for tests (never a real account). It
 * answers the Describe* calls sglint makes with real EC2 XML — element names taken from the
 * SDK's own output schemas, so what the SDK parses is what EC2 would send — with NextToken
 * pagination, injected throttling (RequestLimitExceeded), failing regions, slow responses, and
 * the faults of `faults` (hangs, drops, 5xx, garbled or cut-off bodies, looping or rejected page
 * tokens, denied calls, credentials expiring mid-read).
 */
export interface FakeEc2Options {
  /** Items per page (the server's page size; MaxResults from the client is honoured when smaller). */
  pageSize?: number;
  /** Answer every Nth request with a throttling error. */
  throttleEvery?: number;
  /** Regions whose every call fails (as a disabled region or a missing permission does). */
  failRegions?: Record<string, { status: number; code: string; message: string }>;
  /** Time before each answer: `delayMs`, plus `delayPerItemMs` for every item in the page (large pages take longer, as on EC2). */
  delayMs?: number;
  delayPerItemMs?: number;
  /** Organization: other accounts' worlds (by account id), reached through STS AssumeRole. */
  accounts?: Record<string, Record<string, Record<string, unknown[]>>>;
  /** Organizations ListAccounts answer. */
  orgAccounts?: { Id: string; Name: string; State: 'ACTIVE' | 'SUSPENDED' }[];
  /** Role ARNs whose AssumeRole is denied. */
  denyRoles?: string[];
  /** Injected faults, first match wins. */
  faults?: Fault[];
}

export interface FakeEc2 {
  url: string;
  /** Every call, with the time the server held its answer (`delayMs` + `delayPerItemMs` per item). */
  calls: { action: string; region: string; token?: string; account?: string; delayMs?: number; at: number }[];
  throttled: number;
  /** Requests each kind of injected fault hit. */
  faultHits: Record<string, number>;
  close(): Promise<void>;
}

/** Action -> [output schema, list member holding the items, world section]. */
const ACTIONS: Record<string, [string, string, string]> = {
  DescribeVpcs: ['DescribeVpcsResult$', 'Vpcs', 'Vpcs'],
  DescribeSubnets: ['DescribeSubnetsResult$', 'Subnets', 'Subnets'],
  DescribeRouteTables: ['DescribeRouteTablesResult$', 'RouteTables', 'RouteTables'],
  DescribeNetworkAcls: ['DescribeNetworkAclsResult$', 'NetworkAcls', 'NetworkAcls'],
  DescribeSecurityGroups: ['DescribeSecurityGroupsResult$', 'SecurityGroups', 'SecurityGroups'],
  DescribeNetworkInterfaces: ['DescribeNetworkInterfacesResult$', 'NetworkInterfaces', 'NetworkInterfaces'],
  DescribeInstances: ['DescribeInstancesResult$', 'Reservations', 'Reservations'],
  DescribeInternetGateways: ['DescribeInternetGatewaysResult$', 'InternetGateways', 'InternetGateways'],
  DescribeManagedPrefixLists: ['DescribeManagedPrefixListsResult$', 'PrefixLists', 'ManagedPrefixLists'],
};

/** MaxResults ranges of the EC2 API reference. */
const MAX_RESULTS: Record<string, [number, number]> = {
  DescribeVpcs: [5, 1000], DescribeSubnets: [5, 1000], DescribeRouteTables: [5, 100], DescribeNetworkAcls: [5, 100],
  DescribeSecurityGroups: [5, 1000], DescribeNetworkInterfaces: [5, 1000], DescribeInstances: [5, 1000], DescribeInternetGateways: [5, 1000],
  DescribeManagedPrefixLists: [1, 100],
};

/** ELBv2 action -> [output schema, member, world section, the filter parameter]. */
const ELB: Record<string, [string, string, string, string?]> = {
  DescribeLoadBalancers: ['DescribeLoadBalancersOutput$', 'LoadBalancers', 'LoadBalancers'],
  DescribeTargetGroups: ['DescribeTargetGroupsOutput$', 'TargetGroups', 'TargetGroups'],
  DescribeListeners: ['DescribeListenersOutput$', 'Listeners', 'Listeners', 'LoadBalancerArn'],
  DescribeTargetHealth: ['DescribeTargetHealthOutput$', 'TargetHealthDescriptions', 'TargetHealth', 'TargetGroupArn'],
};

type Schema = unknown;
/** A member is `[schema, traits]`, or a bare schema (which may itself be an array such as `[1, ns, name, ...]`). */
const pair = (m: unknown): [Schema, Record<string, string> | undefined] =>
  Array.isArray(m) && m.length === 2 && (m[1] === 0 || (typeof m[1] === 'object' && m[1] !== null)) ? [m[0], m[1] === 0 ? undefined : (m[1] as Record<string, string>)] : [m, undefined];
const resolve = (s: Schema): Schema => (typeof s === 'function' ? (s as () => Schema)() : s);
const esc = (v: unknown): string => String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * Serialises a value as XML following an SDK schema: structures [3, ns, name, traits, names,
 * members], lists [1, ns, name, traits, member]. EC2 names elements by their xmlName trait (lists
 * of `item`); the query protocol of ELBv2 by the member name (lists of `member`).
 */
export function toXml(schema: Schema, value: unknown, query = false): string {
  const s = resolve(schema);
  if (value === undefined || value === null) return '';
  if (Array.isArray(s) && s[0] === 3) {
    const names = s[4] as string[];
    const members = s[5] as unknown[];
    let out = '';
    names.forEach((name, i) => {
      const v = (value as Record<string, unknown>)[name];
      if (v === undefined || v === null) return;
      const [ms, traits] = pair(members[i]);
      const tag = traits?.['xmlName'] ?? (query ? name : lowerFirst(name));
      out += `<${tag}>${toXml(ms, v, query)}</${tag}>`;
    });
    return out;
  }
  if (Array.isArray(s) && s[0] === 1) {
    const [ms, traits] = pair(s[4]);
    const tag = traits?.['xmlName'] ?? (query ? 'member' : 'item');
    return (value as unknown[]).map((v) => `<${tag}>${toXml(ms, v, query)}</${tag}>`).join('');
  }
  // A numeric schema with the list bit (64) is a list of simple values (`64 | 0`: strings).
  if (typeof s === 'number' && (s & 64) && Array.isArray(value)) return value.map((v) => `<${query ? 'member' : 'item'}>${esc(v)}</${query ? 'member' : 'item'}>`).join('');
  if (value instanceof Date) return value.toISOString();
  return esc(value);
}

export async function startFakeEc2(home: Record<string, Record<string, unknown[]>>, opts: FakeEc2Options = {}): Promise<FakeEc2> {
  const pageSize = opts.pageSize ?? 1000;
  const faults = faultState();
  const state: FakeEc2 = { url: '', calls: [], throttled: 0, faultHits: faults.hits, close: async () => undefined };
  let n = 0;
  let keys = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const action = form.get('Action') ?? '';
      const auth = /Credential=([^/]+)\/\d+\/([^/]+)\//.exec(req.headers['authorization'] ?? '');
      const region = auth?.[2] ?? 'us-east-1';
      // Credentials from AssumeRole carry the account id: ASIA<account>....
      const account = /^ASIA(\d{12})/.exec(auth?.[1] ?? '')?.[1];
      const world = account ? (opts.accounts?.[account] ?? {}) : home;
      const target = String(req.headers['x-amz-target'] ?? '');
      if (target.endsWith('.ListAccounts')) {
        state.calls.push({ action: 'ListAccounts', region, at: performance.now() });
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ Accounts: (opts.orgAccounts ?? []).map((a) => ({ ...a, Status: a.State, Arn: `arn:aws:organizations::111111111111:account/o-x/${a.Id}`, Email: `${a.Name}@example.com` })) }));
        return;
      }
      const token = form.get('NextToken') ?? undefined;
      const call: FakeEc2['calls'][number] = { action, region, ...(token ? { token } : {}), ...(account ? { account } : {}), at: performance.now() };
      state.calls.push(call);
      const fault = pickFault(opts.faults, faults, { action, region, account, token, accessKey: auth?.[1] ?? '' });
      const reply = (status: number, xml: string, items = 0): void => {
        call.delayMs = (opts.delayMs ?? 0) + (opts.delayPerItemMs ?? 0) * items + (fault?.kind === 'slow' ? (fault.delayMs ?? 1000) : 0);
        setTimeout(() => {
          if (status === 200 && fault && deliver(fault, req, res, xml)) return;
          res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' });
          res.end(xml);
        }, call.delayMs);
      };
      const error = (status: number, code: string, message: string): void => reply(status, errorXml(action, code, message, `req-${n}`));
      n++;
      const injected = fault && faultError(fault, action);
      if (injected && (fault.kind !== 'badToken' || token)) return error(injected.status, injected.code, injected.message);
      const failure = opts.failRegions?.[region];
      if (failure) return error(failure.status, failure.code, failure.message);
      if (opts.throttleEvery && n % opts.throttleEvery === 0) {
        state.throttled++;
        return error(503, 'RequestLimitExceeded', 'Request limit exceeded.');
      }
      // EC2's DryRun: HTTP 412 DryRunOperation when the caller may make the call (after any injected denial above).
      if (form.get('DryRun') === 'true') return error(412, 'DryRunOperation', 'Request would have succeeded, but DryRun flag is set.');
      if (action === 'AssumeRole') {
        const arn = form.get('RoleArn') ?? '';
        if (opts.denyRoles?.includes(arn)) return reply(403, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole on resource: ${esc(arn)}</Message></Error><RequestId>r</RequestId></ErrorResponse>`);
        const id = /::(\d{12}):/.exec(arn)?.[1] ?? '000000000000';
        const creds = { AccessKeyId: `ASIA${id}FAKE${++keys}`, SecretAccessKey: 'assumed-secret-never-printed', SessionToken: 'token', Expiration: new Date(Date.now() + 3600_000) };
        const xml = toXml((sts as Record<string, unknown>)['AssumeRoleResponse$'], { Credentials: creds, AssumedRoleUser: { AssumedRoleId: `AROA:${id}`, Arn: arn } }, true);
        return reply(200, `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>${xml}</AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>`);
      }
      if (action === 'DescribeRegions') {
        const regions = Object.keys(world).map((RegionName) => ({ RegionName, Endpoint: `ec2.${RegionName}.amazonaws.com`, OptInStatus: 'opt-in-not-required' }));
        return reply(200, `<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>${toXml((ec2 as Record<string, unknown>)['DescribeRegionsResult$'], { Regions: regions })}</DescribeRegionsResponse>`);
      }
      if (action === 'GetManagedPrefixListEntries') {
        const list = (world[region]?.['ManagedPrefixLists'] ?? []).find((x) => (x as { PrefixListId?: string }).PrefixListId === form.get('PrefixListId')) as { Entries?: unknown[] } | undefined;
        return reply(200, `<GetManagedPrefixListEntriesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>${toXml((ec2 as Record<string, unknown>)['GetManagedPrefixListEntriesResult$'], { Entries: list?.Entries ?? [] })}</GetManagedPrefixListEntriesResponse>`);
      }
      const lb = ELB[action];
      if (lb) {
        const [schemaName, member, section, key] = lb;
        let items = world[region]?.[section] ?? [];
        if (key) items = items.filter((x) => (x as Record<string, unknown>)[key] === form.get(key));
        if (action === 'DescribeTargetHealth') items = items.flatMap((x) => (x as { TargetHealthDescriptions: unknown[] }).TargetHealthDescriptions);
        const start = Number(form.get('Marker') ?? 0);
        const page = items.slice(start, start + pageSize);
        const next = start + pageSize < items.length ? String(start + pageSize) : undefined;
        const result = toXml((elb as Record<string, unknown>)[schemaName], { [member]: page, ...(next ? { NextMarker: next } : {}) }, true);
        return reply(200, `<${action}Response xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>req-${n}</RequestId></ResponseMetadata></${action}Response>`, page.length);
      }
      const spec = ACTIONS[action];
      if (!spec) return error(400, 'InvalidAction', `The action ${action} is not valid for this web service.`);
      const [schemaName, member, section] = spec;
      // EC2 refuses a MaxResults outside the action's range (EC2 API reference), as a real client would learn.
      const limit = MAX_RESULTS[action];
      const asked = form.get('MaxResults');
      if (limit && asked !== null && (Number(asked) < limit[0] || Number(asked) > limit[1])) {
        return error(400, 'InvalidParameterValue', `Value ( ${asked} ) for parameter maxResults is invalid. Expecting a value between ${limit[0]} and ${limit[1]}.`);
      }
      const items = world[region]?.[section] ?? [];
      const start = token ? Number(token.slice('page-'.length)) : 0;
      const max = Math.min(pageSize, Number(form.get('MaxResults') ?? pageSize) || pageSize);
      const page = items.slice(start, start + max);
      let next = start + max < items.length ? `page-${start + max}` : undefined;
      if (fault?.kind === 'repeatToken' && token) next = token; // the same page's token again: the listing never ends
      const result = { [member]: page, ...(next ? { NextToken: next } : {}) };
      reply(200, `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-${n}</requestId>${toXml((ec2 as Record<string, unknown>)[schemaName], result)}</${action}Response>`, page.length);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((ok) => {
    server.close(() => ok());
    server.closeAllConnections(); // hung requests included
  });
  return state;
}

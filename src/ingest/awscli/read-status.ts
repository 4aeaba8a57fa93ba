import type { Diagnostic } from '../../model/diagnostic.js';
import type { Network, Unread } from '../../model/network.js';
import type { ReadCall, ReadStatus } from './sections.js';

/** What a failed call leaves unknown, per snapshot section. */
const CONSEQUENCE: Record<string, string> = {
  Vpcs: 'VPC ranges there unknown',
  Subnets: 'subnets there unknown: their public-IP defaults and ranges are treated as unknown',
  RouteTables: 'routes there unknown: routes to the internet are treated as unknown',
  NetworkAcls: 'network ACLs there unknown: exposure there may be blocked by one',
  SecurityGroups: 'groups there unknown: their rules are not checked, members using them may be exposed',
  NetworkInterfaces: 'interfaces there unknown: exposure there not computed except for instances',
  Reservations: 'instances there unknown: load-balancer targets named by instance are unresolved',
  InternetGateways: 'internet gateways there unknown: only igw- route targets are recognised',
  ManagedPrefixLists: 'prefix lists there unknown: rules naming one have unknown sources',
  LoadBalancers: 'load balancers there unknown: their exposure not computed',
  Listeners: 'listeners there unknown: load-balancer ports treated as unknown',
  TargetGroups: 'target groups there unknown: what load balancers forward to not computed',
  TargetHealth: 'targets there unknown: what load balancers forward to not computed',
};

/** "interfaces of eu-west-1 unknown: exposure there not computed" */
export function consequence(section: string, region: string): string {
  const text = CONSEQUENCE[section] ?? `${section} there unknown`;
  const [what, ...rest] = text.split(' there unknown');
  return `${what} of ${region} unknown${rest.join(' there unknown')}`;
}

/** The layers whose absence the solver must read as unknown, by the section a call fills. */
const LAYER: Record<string, Unread['layer']> = { RouteTables: 'routeTables', NetworkAcls: 'nacls', NetworkInterfaces: 'interfaces', Listeners: 'listeners' };

/** At most this many calls are named one by one; the rest are counted (the record in the file has them all). */
const NAMED = 50;

const isRecord = (x: unknown): x is ReadStatus => !!x && typeof x === 'object' && typeof (x as ReadStatus).Region === 'string' && Array.isArray((x as ReadStatus).Calls);

/**
 * What a snapshot's read record says: an error diagnostic per call that did not succeed (the same
 * lines `sglint aws` printed when it wrote the file, so a later scan, exposure, diff or merge of
 * the file says it is partial just as the live run did), and the layers the solver must treat as
 * unknown there. A call that failed in one file but succeeded for the same account and region in
 * another (a merge with a later, complete read) is not reported.
 */
export function readStatusOutcome(records: unknown[], file: string): { diagnostics: Diagnostic[]; unread: Unread[] } {
  const valid = records.filter(isRecord);
  const diagnostics: Diagnostic[] = [];
  if (valid.length !== records.length) diagnostics.push({ severity: 'warning', message: `${records.length - valid.length} entries of SglintReadStatus are not read records and were skipped`, file });
  const key = (r: ReadStatus, c: ReadCall): string => `${r.Account ?? ''}/${r.Region}/${c.Call}`;
  const ok = new Set<string>();
  for (const r of valid) for (const c of r.Calls) if (c?.Status === 'ok') ok.add(key(r, c));
  const missed: { r: ReadStatus; c: ReadCall }[] = [];
  const seen = new Set<string>();
  for (const r of valid) {
    for (const c of r.Calls) {
      if (!c || c.Status === 'ok' || ok.has(key(r, c)) || seen.has(key(r, c))) continue;
      seen.add(key(r, c));
      missed.push({ r, c });
    }
  }
  if (!missed.length) return { diagnostics, unread: [] };
  const places = new Set(missed.map(({ r }) => `${r.Account ?? ''}/${r.Region}`)).size;
  const readAt = valid.map((r) => r.ReadAt).filter((x) => typeof x === 'string').sort()[0];
  diagnostics.push({ severity: 'error', partial: true, message: `partial snapshot${readAt ? ` (read ${readAt})` : ''}: ${missed.length} call(s) did not succeed in ${places} region(s) or account(s); what they would have read is unknown, not empty`, file });
  const unread: Unread[] = [];
  for (const [i, { r, c }] of missed.entries()) {
    const where = `${r.Account ? `account ${r.Account} ` : ''}${r.Region === '*' ? '' : `region ${r.Region}`}`.trim();
    const what = c.Status === 'skipped' ? `${c.Call} skipped (${c.Error ?? 'not attempted'})` : (c.Error ?? `${c.Call} failed`);
    const after = c.Section && r.Region !== '*' ? `; ${consequence(c.Section, r.Region)}` : '';
    if (i < NAMED) diagnostics.push({ severity: 'error', partial: true, message: `partial snapshot: ${where ? `${where}: ` : ''}${what}${after}`, file });
    const layer = LAYER[c.Section];
    if (layer && r.Region !== '*') unread.push({ layer, region: r.Region, ...(r.Account ? { account: r.Account } : {}), ...(Array.isArray(r.VpcIds) && r.VpcIds.length ? { vpcIds: r.VpcIds } : {}), reason: `${consequence(c.Section, r.Region).split(':')[0]!} (${c.Call} did not succeed)` });
  }
  if (missed.length > NAMED) diagnostics.push({ severity: 'error', partial: true, message: `partial snapshot: ${missed.length - NAMED} more call(s) did not succeed (SglintReadStatus in the file lists them all)`, file });
  return { diagnostics, unread };
}

/**
 * Load balancers of a region whose listeners could not be read: their ports are unknown (the
 * solver then says "may") instead of none (which would hide every exposure behind them).
 */
export function markUnreadListeners(network: Network, unread: Unread[]): void {
  const regions = unread.filter((u) => u.layer === 'listeners');
  if (!regions.length) return;
  for (const e of network.endpoints) {
    if (e.kind !== 'load-balancer') continue;
    const arn = /^arn:[\w-]+:elasticloadbalancing:([\w-]+):(\d*):/.exec(e.id);
    const u = arn && regions.find((x) => x.region === arn[1] && (!x.account || x.account === arn[2]));
    if (!u) continue;
    e.listeners = [];
    e.unknowns = [...e.unknowns, `listener ports are not in the snapshot: ${u.reason}`];
  }
}

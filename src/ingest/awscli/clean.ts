import type { Network, Rule } from '../../model/network.js';
import { parseCidr, parseIpv4 } from '../../net/addresses.js';

const str = (v: unknown): v is string => typeof v === 'string';
const cidr = (v: unknown): boolean => str(v) && parseCidr(v) !== null;
/** An address or CIDR; one IPv4 address (the common case) without the CIDR parser. */
const address = (v: unknown): boolean => str(v) && (parseIpv4(v) >= 0 || parseCidr(v) !== null);

function validRule(r: Rule): boolean {
  const p = r.peer as { kind: string; cidr?: unknown; groupId?: unknown; id?: unknown };
  const peerOk = p.kind === 'cidr4' || p.kind === 'cidr6' ? cidr(p.cidr) : p.kind === 'group' ? str(p.groupId) : p.kind === 'prefixList' ? str(p.id) : p.kind === 'unknown';
  const portsOk = r.ports === null || (Number.isInteger(r.ports.from) && Number.isInteger(r.ports.to));
  return peerOk && portsOk && Number.isInteger(r.protocol);
}

/**
 * JSON from elsewhere may hold a value of the wrong type anywhere (a number for a description,
 * an object for a CIDR). The model promises its types to the solver and the rules, so entries
 * that break them are dropped (and counted) instead of reaching code that trusts them.
 */
export function cleanNetwork(net: Network): string[] {
  const dropped = new Map<string, number>();
  const drop = (what: string, n = 1): false => {
    dropped.set(what, (dropped.get(what) ?? 0) + n);
    return false;
  };
  /** The same array when every entry passes (no copy for the common, valid case); the others are dropped and counted. */
  const keep = (v: unknown, ok: (x: unknown) => boolean, what: string): string[] => {
    if (!Array.isArray(v)) return v === undefined || v === null ? [] : (drop(what), []);
    if (v.every(ok)) return v as string[];
    const kept = v.filter(ok) as string[];
    drop(what, v.length - kept.length);
    return kept;
  };
  net.groups = net.groups.filter((g) => str(g.id) || drop('security groups without a GroupId'));
  for (const g of net.groups) {
    if (g.name !== undefined && !str(g.name)) delete g.name;
    if (g.description !== undefined && !str(g.description)) delete g.description;
    if (g.vpcId !== undefined && !str(g.vpcId)) delete g.vpcId;
    g.rules = g.rules.filter((r) => validRule(r) || drop('security group rules with a malformed source, protocol or port'));
    for (const r of g.rules) if (r.description !== undefined && !str(r.description)) delete r.description;
  }
  net.endpoints = net.endpoints.filter((e) => str(e.id) || drop('interfaces or load balancers without an id'));
  for (const e of net.endpoints) {
    e.groupIds = keep(e.groupIds, str, 'group ids of interfaces or load balancers');
    e.subnetIds = keep(e.subnetIds, str, 'subnet ids of interfaces or load balancers');
    e.privateIps = keep(e.privateIps, address, 'private addresses of interfaces or load balancers');
    e.ipv6Ips = keep(e.ipv6Ips, cidr, 'IPv6 addresses of interfaces');
    if (e.vpcId !== undefined && !str(e.vpcId)) delete e.vpcId;
  }
  net.vpcs = net.vpcs.filter((v) => str(v.id) || drop('VPCs without a VpcId'));
  for (const v of net.vpcs) {
    v.cidrs = keep(v.cidrs, cidr, 'VPC CIDR blocks');
    v.ipv6Cidrs = keep(v.ipv6Cidrs, str, 'VPC IPv6 CIDR blocks');
  }
  net.subnets = net.subnets.filter((s) => str(s.id) || drop('subnets without a SubnetId'));
  for (const s of net.subnets) {
    if (s.cidr !== undefined && !cidr(s.cidr)) delete s.cidr;
    if (s.ipv6Cidr !== undefined && !cidr(s.ipv6Cidr)) delete s.ipv6Cidr;
    if (s.vpcId !== undefined && !str(s.vpcId)) delete s.vpcId;
  }
  net.routeTables = net.routeTables.filter((t) => str(t.id) || drop('route tables without a RouteTableId'));
  for (const t of net.routeTables) {
    t.subnetIds = keep(t.subnetIds, str, 'route table subnet associations');
    t.routes = t.routes.filter((r) => (str(r.destination) && str(r.target)) || drop('routes without a destination or target'));
  }
  net.nacls = net.nacls.filter((n) => str(n.id) || drop('network ACLs without a NetworkAclId'));
  for (const n of net.nacls) {
    n.subnetIds = keep(n.subnetIds, str, 'network ACL subnet associations');
    n.entries = n.entries.filter((x) => (cidr(x.cidr) && Number.isInteger(x.ruleNumber) && Number.isInteger(x.protocol) && (x.ports === null || (Number.isInteger(x.ports.from) && Number.isInteger(x.ports.to)))) || drop('network ACL entries with a malformed CIDR, number, protocol or port'));
  }
  net.prefixLists = net.prefixLists.filter((p) => str(p.id) || drop('prefix lists without a PrefixListId'));
  for (const p of net.prefixLists) p.cidrs = keep(p.cidrs, cidr, 'prefix list entries');
  return [...dropped].map(([what, n]) => `${what}: ${n} skipped (a value of the wrong type)`);
}

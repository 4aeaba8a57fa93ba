import type { Network, Rule } from '../../model/network.js';
import { parseCidr, parseIpv4 } from '../../net/addresses.js';

const str = (v: unknown): v is string => typeof v === 'string';
const cidr = (v: unknown): boolean => str(v) && parseCidr(v) !== null;
/** An address or CIDR; one IPv4 address (the common case) without the CIDR parser. */
const address = (v: unknown): boolean => str(v) && (parseIpv4(v) >= 0 || parseCidr(v) !== null);
/** The same array when every entry passes (no copy for the common, valid case). */
const keep = (v: unknown, ok: (x: unknown) => boolean): string[] => (Array.isArray(v) && v.every(ok) ? (v as string[]) : Array.isArray(v) ? (v.filter(ok) as string[]) : []);

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
  const drop = (what: string): false => {
    dropped.set(what, (dropped.get(what) ?? 0) + 1);
    return false;
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
    e.groupIds = keep(e.groupIds, str);
    e.subnetIds = keep(e.subnetIds, str);
    e.privateIps = keep(e.privateIps, address);
    e.ipv6Ips = keep(e.ipv6Ips, cidr);
    if (e.vpcId !== undefined && !str(e.vpcId)) delete e.vpcId;
  }
  net.vpcs = net.vpcs.filter((v) => str(v.id) || drop('VPCs without a VpcId'));
  for (const v of net.vpcs) {
    v.cidrs = keep(v.cidrs, cidr);
    v.ipv6Cidrs = keep(v.ipv6Cidrs, str);
  }
  net.subnets = net.subnets.filter((s) => str(s.id) || drop('subnets without a SubnetId'));
  for (const s of net.subnets) {
    if (s.cidr !== undefined && !cidr(s.cidr)) delete s.cidr;
    if (s.ipv6Cidr !== undefined && !cidr(s.ipv6Cidr)) delete s.ipv6Cidr;
    if (s.vpcId !== undefined && !str(s.vpcId)) delete s.vpcId;
  }
  net.routeTables = net.routeTables.filter((t) => str(t.id) || drop('route tables without a RouteTableId'));
  for (const t of net.routeTables) {
    t.subnetIds = keep(t.subnetIds, str);
    t.routes = t.routes.filter((r) => (str(r.destination) && str(r.target)) || drop('routes without a destination or target'));
  }
  net.nacls = net.nacls.filter((n) => str(n.id) || drop('network ACLs without a NetworkAclId'));
  for (const n of net.nacls) {
    n.subnetIds = keep(n.subnetIds, str);
    n.entries = n.entries.filter((x) => (cidr(x.cidr) && Number.isInteger(x.ruleNumber) && Number.isInteger(x.protocol) && (x.ports === null || (Number.isInteger(x.ports.from) && Number.isInteger(x.ports.to)))) || drop('network ACL entries with a malformed CIDR, number, protocol or port'));
  }
  net.prefixLists = net.prefixLists.filter((p) => str(p.id) || drop('prefix lists without a PrefixListId'));
  for (const p of net.prefixLists) p.cidrs = keep(p.cidrs, cidr);
  return [...dropped].map(([what, n]) => `${n} ${what} ${n === 1 ? 'was' : 'were'} skipped (a value of the wrong type)`);
}

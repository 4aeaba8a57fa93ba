import type { Direction, Nacl, NaclEntry, RouteTable, Rule } from '../model/network.js';
import { IPV4_DOMAIN, IPV6_DOMAIN, cidrSet4, cidrSet6, parseCidr } from '../net/addresses.js';
import { IntervalSet, type Scalar } from '../net/interval-set.js';
import { EPHEMERAL_PORTS, NO_PORTS } from '../net/ports.js';
import type { Topology } from './topology.js';
import { Traffic } from './traffic.js';

export type Family = 4 | 6;
export type AddrSet = IntervalSet<number> | IntervalSet<bigint>;
export const FULL: Record<Family, AddrSet> = { 4: IntervalSet.full(IPV4_DOMAIN), 6: IntervalSet.full(IPV6_DOMAIN) };
export const EMPTY: Record<Family, AddrSet> = { 4: IntervalSet.empty(IPV4_DOMAIN), 6: IntervalSet.empty(IPV6_DOMAIN) };

const has = (s: AddrSet, x: Scalar): boolean => (s as IntervalSet<Scalar>).has(x);

/** Where a rule's peer is, per address family; `unknown` peers match everything (conservatively). */
export interface Sources {
  4: AddrSet;
  6: AddrSet;
  unknown?: string;
}

const sourceCache = new WeakMap<Rule, Sources>();
const trafficCache = new WeakMap<object, Traffic>();

export function ruleSources(rule: Rule, topo: Topology): Sources {
  let s = sourceCache.get(rule);
  if (s) return s;
  const p = rule.peer;
  switch (p.kind) {
    case 'cidr4':
    case 'cidr6': s = cidrSources(p.kind, p.cidr); break;
    case 'prefixList': {
      const cidrs = topo.prefixLists.get(p.id);
      s = cidrs ? { 4: cidrSet4(cidrs), 6: cidrSet6(cidrs) } : { 4: FULL[4], 6: FULL[6], unknown: `prefix list ${p.id} is not in the input` };
      break;
    }
    case 'group': {
      const a = topo.groupAddresses(p.groupId);
      s = { 4: a.v4, 6: a.v6, ...(topo.groups.has(p.groupId) ? {} : { unknown: `group ${p.groupId} is not in the input` }) };
      break;
    }
    case 'unknown': s = { 4: FULL[4], 6: FULL[6], unknown: p.reason }; break;
  }
  sourceCache.set(rule, s);
  return s;
}

/** Rules repeat a few CIDRs: one (immutable) Sources per CIDR instead of one per rule. */
const byCidr = new Map<string, Sources>();
function cidrSources(kind: 'cidr4' | 'cidr6', cidr: string): Sources {
  const key = `${kind}:${cidr}`;
  let s = byCidr.get(key);
  if (!s) byCidr.set(key, (s = kind === 'cidr4' ? { 4: cidrSet4([cidr]), 6: EMPTY[6] } : { 4: EMPTY[4], 6: cidrSet6([cidr]) }));
  return s;
}

/** Likewise one (immutable) Traffic per protocol, port range and ICMP type. */
const byShape = new Map<string, Traffic>();

export function ruleTraffic(r: Rule | NaclEntry): Traffic {
  let t = trafficCache.get(r);
  if (!t) {
    const key = `${r.protocol}|${r.ports ? `${r.ports.from}-${r.ports.to}` : '*'}|${r.icmp ? `${r.icmp.type}/${r.icmp.code}` : ''}`;
    t = byShape.get(key);
    if (!t) byShape.set(key, (t = Traffic.of(r.protocol, r.ports, r.icmp)));
    trafficCache.set(r, t);
  }
  return t;
}

/**
 * Security-group rules of a set of groups in evaluation order: priority ascending, deny before
 * allow at equal priority (Huawei). AWS/OpenStack rules are all allow at one priority, so the
 * order does not matter and the result is their union.
 */
const orderedCache = new WeakMap<Topology, WeakMap<string[], { ingress?: Rule[]; egress?: Rule[] }>>();

export function orderedRules(topo: Topology, groupIds: string[], direction: Direction): Rule[] {
  // Cached per group-id array (one per endpoint): the solver asks for the same endpoint's rules often.
  let byArray = orderedCache.get(topo);
  if (!byArray) orderedCache.set(topo, (byArray = new WeakMap()));
  let entry = byArray.get(groupIds);
  if (!entry) byArray.set(groupIds, (entry = {}));
  return (entry[direction] ??= computeOrderedRules(topo, groupIds, direction));
}

function computeOrderedRules(topo: Topology, groupIds: string[], direction: Direction): Rule[] {
  const rules: Rule[] = [];
  for (const id of groupIds) for (const r of topo.groups.get(id)?.rules ?? []) if (r.direction === direction) rules.push(r);
  if (rules.some((r) => r.action === 'deny' || r.priority !== rules[0]!.priority)) {
    rules.sort((a, b) => a.priority - b.priority || (a.action === b.action ? 0 : a.action === 'deny' ? -1 : 1));
  }
  return rules;
}

/** First-match walk: what `rules` allow for a peer for which `matches(rule)` says whether the rule applies. */
export function allowedBy(rules: readonly Rule[], matches: (r: Rule) => boolean): Traffic {
  let allowed = Traffic.NONE;
  let remaining = Traffic.ALL;
  for (const r of rules) {
    if (!matches(r)) continue;
    const t = ruleTraffic(r).intersect(remaining);
    if (t.isEmpty()) continue;
    if (r.action === 'allow') allowed = allowed.union(t);
    remaining = remaining.difference(t);
    if (remaining.isEmpty()) break;
  }
  return allowed;
}

const naclOrder = new WeakMap<Nacl, Map<string, { entry: NaclEntry; set: AddrSet; family: Family }[]>>();

/** The NACL's entries for one direction and family, by rule number (first match wins). */
export function naclEntries(nacl: Nacl, egress: boolean, family: Family): { entry: NaclEntry; set: AddrSet; family: Family }[] {
  let byKey = naclOrder.get(nacl);
  if (!byKey) naclOrder.set(nacl, (byKey = new Map()));
  const key = `${egress}/${family}`;
  let list = byKey.get(key);
  if (!list) {
    list = nacl.entries
      .filter((e) => e.egress === egress)
      .map((entry) => ({ entry, c: parseCidr(entry.cidr) }))
      .filter((x) => x.c?.family === family)
      .sort((a, b) => a.entry.ruleNumber - b.entry.ruleNumber)
      .map(({ entry, c }) => ({ entry, family, set: family === 4 ? cidrSet4([c!.text]) : cidrSet6([c!.text]) }));
    byKey.set(key, list);
  }
  return list;
}

/** What a NACL lets through for one remote address (source inbound, destination outbound). */
export function naclAllowed(nacl: Nacl | null | 'unknown', egress: boolean, family: Family, addr: Scalar): Traffic {
  if (nacl === null || nacl === 'unknown') return Traffic.ALL;
  let allowed = Traffic.NONE;
  let remaining = Traffic.ALL;
  for (const { entry, set } of naclEntries(nacl, egress, family)) {
    if (!has(set, addr)) continue;
    const t = ruleTraffic(entry).intersect(remaining);
    if (entry.action === 'allow') allowed = allowed.union(t);
    remaining = remaining.difference(t);
    if (remaining.isEmpty()) break;
  }
  return allowed;
}

/** Stateless return leg: per protocol, whether the reply to `addr` passes (tcp/udp: to some ephemeral port). */
export function replyMask(nacl: Nacl | null | 'unknown', egress: boolean, family: Family, addr: Scalar): Traffic {
  const back = naclAllowed(nacl, egress, family, addr);
  return back === Traffic.ALL ? Traffic.ALL : ephemeralMask(back);
}

/**
 * Per protocol, all or nothing: tcp/udp pass when some ephemeral port (1024-65535) is allowed back,
 * ICMP when any type is, other protocols as they are.
 */
function ephemeralMask(back: Traffic): Traffic {
  return new Traffic(
    back.tcp.overlaps(EPHEMERAL_PORTS) ? Traffic.ALL.tcp : NO_PORTS,
    back.udp.overlaps(EPHEMERAL_PORTS) ? Traffic.ALL.udp : NO_PORTS,
    back.icmp.isEmpty() ? Traffic.NONE.icmp : Traffic.ALL.icmp,
    back.icmp6.isEmpty() ? Traffic.NONE.icmp6 : Traffic.ALL.icmp6,
    back.other,
  );
}

/**
 * Addresses whose longest-prefix route in `table` goes to an internet gateway: the only
 * internet clients whose replies can leave through the IGW.
 */
export function routedToInternet(table: RouteTable | null, family: Family, topo: Topology, subnetId?: string): { set: AddrSet; unknown?: string } {
  if (!table) {
    // No table found for a subnet of a VPC whose route tables a partial read missed: it may route anywhere.
    const unread = subnetId !== undefined ? topo.unreadAt('routeTables', topo.subnets.get(subnetId)?.vpcId) : undefined;
    if (unread) return { set: FULL[family], unknown: unread };
    return topo.hasRoutes ? { set: EMPTY[family] } : { set: FULL[family], unknown: 'route tables are not in the input' };
  }
  const routes = table.routes
    .map((r) => ({ r, c: parseCidr(r.destination) }))
    .filter((x) => x.c?.family === family)
    .sort((a, b) => b.c!.prefix - a.c!.prefix);
  let covered: AddrSet = EMPTY[family];
  let igw: AddrSet = EMPTY[family];
  let unknown: string | undefined;
  for (const { r, c } of routes) {
    const dest = family === 4 ? cidrSet4([c!.text]) : cidrSet6([c!.text]);
    const fresh = (dest as IntervalSet<Scalar>).difference(covered as IntervalSet<Scalar>);
    let toIgw = r.targetKind === 'internet-gateway';
    if (r.targetKind === 'unknown') {
      unknown = `the target of route ${r.destination} is not known statically`;
      toIgw = true; // conservatively: it may be an internet gateway
    }
    if (toIgw) igw = (igw as IntervalSet<Scalar>).union(fresh) as AddrSet;
    covered = (covered as IntervalSet<Scalar>).union(fresh) as AddrSet;
  }
  return { set: igw, ...(unknown ? { unknown } : {}) };
}

/**
 * Representative addresses of the atoms that the boundaries of `sets` cut `within` into: every
 * address in one atom is treated identically by every set, so checking one per atom is exact.
 */
export function atoms(sets: AddrSet[], within: AddrSet): Scalar[] {
  const cuts: Scalar[] = [];
  const max = within.domain.max as Scalar;
  const push = (s: AddrSet): void => {
    for (const [lo, hi] of s.ranges as readonly (readonly [Scalar, Scalar])[]) {
      cuts.push(lo);
      if (hi !== max) cuts.push(typeof hi === 'bigint' ? hi + 1n : (hi as number) + 1);
    }
  };
  push(within);
  for (const s of sets) push(s);
  cuts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: Scalar[] = [];
  let last: Scalar | null = null;
  for (const c of cuts) {
    if (c === last) continue;
    last = c;
    if (has(within, c)) out.push(c);
  }
  return out;
}

/**
 * What the NACLs of two subnets let an endpoint at `aFrom` open to one at `aTo` (IPv4): the request
 * out of `from`'s subnet and into `to`'s, and the reply back on the *same* ephemeral port through
 * both (the server side's outbound NACL and the client side's inbound one).
 */
export function naclBetween(topo: Topology, fromSubnet: string, aFrom: number, toSubnet: string, aTo: number): Traffic {
  const nFrom = topo.naclFor(fromSubnet);
  const nTo = topo.naclFor(toSubnet);
  const request = naclAllowed(nTo, false, 4, aFrom).intersect(naclAllowed(nFrom, true, 4, aTo));
  if (request.isEmpty()) return request;
  return request.intersect(ephemeralMask(naclAllowed(nTo, true, 4, aFrom).intersect(naclAllowed(nFrom, false, 4, aTo))));
}

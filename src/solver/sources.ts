import type { Endpoint, Rule } from '../model/network.js';
import { PUBLIC_V4, PUBLIC_V6 } from '../net/addresses.js';
import { IntervalSet, type Scalar } from '../net/interval-set.js';
import { listenerTraffic } from './edges.js';
import { allowedBy, EMPTY, naclAllowed, naclEntries, orderedRules, replyMask, routedToInternet, ruleSources, type AddrSet, type Family } from './layers.js';
import type { Topology } from './topology.js';
import { Traffic } from './traffic.js';

/** Public addresses (one family) and what each of them may open on an endpoint. */
export interface SourceSlice {
  addresses: AddrSet;
  traffic: Traffic;
}

/** Per family, disjoint address sets, each with the traffic it reaches the endpoint with (none listed when none). */
export interface SourceBreadth {
  4: SourceSlice[];
  6: SourceSlice[];
}

const PUBLIC: Record<Family, AddrSet> = { 4: PUBLIC_V4, 6: PUBLIC_V6 };
type Set = IntervalSet<Scalar>;
const set = (a: AddrSet): Set => a as Set;

/**
 * The pieces of `within` no set in `sets` splits: every address of a piece is in the same sets,
 * so one address decides for the piece.
 */
export function refine(sets: readonly AddrSet[], within: AddrSet): AddrSet[] {
  let pieces: Set[] = set(within).isEmpty() ? [] : [set(within)];
  for (const s of sets) {
    const next: Set[] = [];
    for (const p of pieces) {
      if (!p.overlaps(set(s))) next.push(p);
      else {
        const inside = p.intersect(set(s));
        const outside = p.difference(set(s));
        next.push(inside);
        if (!outside.isEmpty()) next.push(outside);
      }
    }
    pieces = next;
  }
  return pieces as AddrSet[];
}

/** Slices with the same traffic become one; several relations (lists) are united first. */
export function normalize(lists: readonly SourceSlice[][], f: Family): SourceSlice[] {
  if (lists.length === 1) return lists[0]!; // one subnet: disjoint, one slice per traffic already
  const all = lists.flat();
  if (all.length <= 1) return all.filter((s) => !s.traffic.isEmpty() && !set(s.addresses).isEmpty());
  const out: SourceSlice[] = [];
  for (const piece of refine(all.map((s) => s.addresses), set(EMPTY[f]).complement() as AddrSet)) {
    const rep = set(piece).ranges[0]![0];
    let t = Traffic.NONE;
    for (const s of all) if (set(s.addresses).has(rep)) t = t.union(s.traffic);
    if (t.isEmpty()) continue;
    const same = out.find((o) => o.traffic.equals(t));
    if (same) same.addresses = set(same.addresses).union(set(piece)) as AddrSet;
    else out.push({ addresses: piece, traffic: t });
  }
  return out;
}

/**
 * Which public addresses reach what on an endpoint directly, by the same layers as the internet
 * exposure (public address, route to an internet gateway, NACL in and reply, the groups, the
 * listeners), split into address pieces that every layer treats alike. Used where the breadth of
 * the source matters (a diff: "now from the whole internet, was 198.51.100.0/24"), not in the
 * whole-network solve: it evaluates the endpoint's rules once per piece.
 */
export function sourceBreadth(topo: Topology, e: Endpoint): SourceBreadth {
  return { 4: family(topo, e, 4), 6: family(topo, e, 6) };
}

const trafficKey = (t: Traffic): string => [t.tcp, t.udp, t.icmp, t.icmp6, t.other].map((x) => x.ranges.join(';')).join('|');

/** The ranges of `within` between consecutive boundaries of `sets` (and of `within`): each is cut by none. */
function elementary(sets: readonly AddrSet[], within: AddrSet): [Scalar, Scalar][] {
  const w = set(within);
  const max = w.domain.max as Scalar;
  const cuts: Scalar[] = [];
  for (const s of [within, ...sets]) {
    for (const [lo, hi] of set(s).ranges) {
      cuts.push(lo);
      if (hi !== max) cuts.push(typeof hi === 'bigint' ? hi + 1n : (hi as number) + 1);
    }
  }
  cuts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: [Scalar, Scalar][] = [];
  for (let i = 0; i < cuts.length; i++) {
    const c = cuts[i]!;
    if (i > 0 && cuts[i - 1] === c) continue;
    let j = i + 1;
    while (j < cuts.length && cuts[j] === c) j++;
    const end = j < cuts.length ? (typeof c === 'bigint' ? (cuts[j] as bigint) - 1n : (cuts[j] as number) - 1) : max;
    if (w.has(c)) out.push([c, end]);
  }
  return out;
}

const ALL_SOURCES: Rule = {
  key: 'no-security-groups', groupId: '', direction: 'ingress', action: 'allow', priority: 0, protocol: -1, ports: null,
  peer: { kind: 'cidr4', cidr: '0.0.0.0/0' }, origin: { file: '', line: 0, column: 0 }, unknowns: [],
};

function family(topo: Topology, e: Endpoint, f: Family): SourceSlice[] {
  if (f === 4 ? e.publicIp === false : !e.hasIpv6) return [];
  // A network load balancer without groups filters nothing.
  const open = e.kind === 'load-balancer' && e.lbType === 'network' && e.groupIds.length === 0;
  const rules = open ? [ALL_SOURCES] : orderedRules(topo, e.groupIds, 'ingress').filter((r) => r.peer.kind !== 'group');
  const from = (r: Rule): AddrSet => (open ? set(EMPTY[f]).complement() as AddrSet : ruleSources(r, topo)[f]);
  const listeners = e.kind === 'load-balancer' && e.listeners?.length ? listenerTraffic(e) : Traffic.ALL;
  const lists: SourceSlice[][] = [];
  for (const s of e.subnetIds.length ? e.subnetIds : [null]) {
    const known = s !== null && topo.subnets.has(s);
    const routed = known ? routedToInternet(topo.routeTableFor(s), f, topo).set : PUBLIC[f];
    const within = set(PUBLIC[f]).intersect(set(routed)) as AddrSet;
    const nacl = known ? topo.naclFor(s) : null;
    const naclSets = nacl && nacl !== 'unknown' ? [false, true].flatMap((eg) => naclEntries(nacl, eg, f).map((x) => x.set)) : [];
    // A sweep over every boundary: each elementary range between two cuts is treated alike by every
    // rule and NACL entry, so one address decides it; ranges with the same traffic are merged.
    const byTraffic = new Map<string, { traffic: Traffic; ranges: [Scalar, Scalar][] }>();
    for (const [lo, hi] of elementary([...rules.map(from), ...naclSets], within)) {
      const sg = allowedBy(rules, (r) => set(from(r)).has(lo));
      if (sg.isEmpty()) continue;
      const t = sg.intersect(naclAllowed(nacl, false, f, lo)).intersect(replyMask(nacl, true, f, lo)).intersect(listeners);
      if (t.isEmpty()) continue;
      const k = trafficKey(t);
      const slot = byTraffic.get(k);
      if (slot) slot.ranges.push([lo, hi]);
      else byTraffic.set(k, { traffic: t, ranges: [[lo, hi]] });
    }
    const list: SourceSlice[] = [...byTraffic.values()].map((x) => ({ traffic: x.traffic, addresses: IntervalSet.of((within as Set).domain, x.ranges) as AddrSet }));
    lists.push(list);
  }
  return normalize(lists, f);
}

/** One kind of traffic whose sources changed, with every public address it came from before and after. */
export interface SourceChange {
  traffic: Traffic;
  after: AddrSet;
  before: AddrSet;
}

/** The pieces of a traffic set that no traffic in `by` splits, per protocol. */
function trafficUnits(t: Traffic, by: readonly Traffic[]): Traffic[] {
  const out: Traffic[] = [];
  const none = Traffic.NONE;
  const split = <K extends 'tcp' | 'udp' | 'icmp' | 'icmp6' | 'other'>(k: K): void => {
    const within = t[k] as unknown as AddrSet;
    for (const piece of refine(by.map((x) => x[k] as unknown as AddrSet), within)) {
      const parts = { tcp: none.tcp, udp: none.udp, icmp: none.icmp, icmp6: none.icmp6, other: none.other, [k]: piece };
      out.push(new Traffic(parts.tcp, parts.udp, parts.icmp, parts.icmp6, parts.other));
    }
  };
  for (const k of ['tcp', 'udp', 'icmp', 'icmp6', 'other'] as const) split(k);
  return out;
}

/**
 * What `gained` can do that `lost` could not (the relation addresses × traffic), told per kind
 * of traffic with its sources on both sides: a port opened to more of the internet is a change
 * even when the port was open before ("tcp 22 now from the whole internet, was 198.51.100.0/24").
 * Traffic with the same sources on both sides is told together.
 */
export function sourceChanges(gained: SourceSlice[], lost: SourceSlice[], f: Family): SourceChange[] {
  let changed = Traffic.NONE;
  for (const a of gained) {
    let rest = set(a.addresses);
    for (const b of lost) {
      const both = rest.intersect(set(b.addresses));
      if (!both.isEmpty()) changed = changed.union(a.traffic.difference(b.traffic));
      rest = rest.difference(set(b.addresses));
    }
    if (!rest.isEmpty()) changed = changed.union(a.traffic);
  }
  if (changed.isEmpty()) return [];
  const from = (list: SourceSlice[], u: Traffic): Set => list.reduce((acc, s) => (s.traffic.intersect(u).isEmpty() ? acc : acc.union(set(s.addresses))), set(EMPTY[f]));
  const out: SourceChange[] = [];
  for (const u of trafficUnits(changed, [...gained, ...lost].map((s) => s.traffic))) {
    const after = from(gained, u);
    const before = from(lost, u);
    const same = out.find((o) => set(o.after).equals(after) && set(o.before).equals(before));
    if (same) same.traffic = same.traffic.union(u);
    else out.push({ traffic: u, after: after as AddrSet, before: before as AddrSet });
  }
  return out;
}

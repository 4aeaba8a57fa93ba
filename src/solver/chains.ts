import type { Endpoint, Rule } from '../model/network.js';
import { AtomIndex, Memo, NaclPairs, PairMemo, Senders, type Hit, type SourceClass } from './chain-index.js';
import { egressSignature, groupIndices, infoOf } from './chain-endpoints.js';
import { edgeTraffic, ruleMatchesEndpoint } from './edges.js';
import { allowedBy, orderedRules, ruleTraffic } from './layers.js';
import type { Topology } from './topology.js';
import { Traffic } from './traffic.js';

export interface Reach {
  hops: number;
  /** The endpoint this one is reached from on the shortest path; null = the internet. */
  via: string | null;
  /** What the last hop carries. */
  traffic: Traffic;
}

/**
 * Breadth-first search from the internet over "can open a connection to" edges. Level 0 is what
 * the internet reaches directly; an endpoint reached at level h reaches at h+1 what its egress,
 * the target's ingress and the NACLs between them allow (load balancers only their targets).
 * Frontier endpoints are grouped into equivalence classes; with allow-only groups an edge exists
 * iff some single ingress rule admits a class and that class's egress and NACLs pass the rule's
 * traffic, so one representative per class and rule decides. Deny rules fall back to pairs.
 */
export function chainedReach(topo: Topology, direct: Map<string, Traffic>): Map<string, Reach> {
  const reach = new Map<string, Reach>();
  let frontier: Endpoint[] = [];
  for (const [id, t] of direct) {
    reach.set(id, { hops: 0, via: null, traffic: t });
    frontier.push(topo.endpoints.get(id)!);
  }
  const allowOnly = topo.allowOnly;
  const atoms = new AtomIndex(topo);
  const nacls = new NaclPairs(topo, atoms);
  let unreached = topo.running.filter((e) => !reach.has(e.id));
  for (let level = 1; frontier.length && unreached.length; level++) {
    const classes = new Map<string, SourceClass>();
    const byGroup: (GroupSources | undefined)[] = [];
    const byVpc = new Map<string, SourceClass[]>();
    const lbTargets = new Map<string, Endpoint[]>();
    for (const e of frontier) {
      for (const t of e.targets ?? []) (lbTargets.get(t.endpointId) ?? lbTargets.set(t.endpointId, []).get(t.endpointId)!).push(e);
      if (e.kind === 'load-balancer') continue; // a load balancer forwards only to its targets
      const c = sourceClass(e, topo, atoms, allowOnly, classes, byVpc);
      for (const g of groupIndices(e, topo)) {
        // A class mixes endpoints with different groups: remember an actual member to report as the hop.
        let m = byGroup[g];
        if (!m) byGroup[g] = m = { seen: new Set(), all: [], byAddress: [], other: [] };
        if (m.seen.has(c)) continue;
        m.seen.add(c);
        const s = { c, member: e };
        m.all.push(s);
        (c.egressAll || c.egressByAddress ? m.byAddress : m.other).push(s);
      }
    }
    // Classes that can send anything anywhere are the likeliest sources: try them first.
    for (const list of byVpc.values()) list.sort((a, b) => Number(b.egressAll) - Number(a.egressAll));
    const next: Endpoint[] = [];
    const still: Endpoint[] = [];
    const levelMemo = new Memo();
    const cidrMemo = new PairMemo<Hit | null>();
    const groupMemo = new PairMemo<GroupHits | null>();
    const senders = new Senders(topo, atoms, nacls, byVpc);
    const anyVpc = byVpc.has('?');
    for (const to of unreached) {
      // Sources must share the target's VPC (or have none known): a VPC with no frontier is skipped.
      const lbSources = lbTargets.size ? lbTargets.get(to.id) : undefined;
      const vpc = infoOf(to, topo, atoms).vpc;
      if (!lbSources && !anyVpc && vpc !== '?' && !byVpc.has(vpc)) {
        still.push(to);
        continue;
      }
      const found = findEdge(to, topo, allowOnly, byGroup, byVpc, lbSources ?? [], atoms, nacls, levelMemo, cidrMemo, groupMemo, senders);
      if (found) {
        reach.set(to.id, { hops: level, via: found.from.id, traffic: found.traffic });
        next.push(to);
      } else still.push(to);
    }
    frontier = next;
    unreached = still;
  }
  return reach;
}

function sourceClass(e: Endpoint, topo: Topology, atoms: AtomIndex, allowOnly: boolean, classes: Map<string, SourceClass>, byVpc: Map<string, SourceClass[]>): SourceClass {
  const vpc = topo.vpcOf(e) ?? '?';
  const subnet = e.subnetIds[0];
  const a = topo.addresses(e);
  const exactOne = a.single !== undefined;
  const eg = egressSignature(topo, e.groupIds);
  const egressAll = allowOnly && eg.all && a.v6.isEmpty();
  // Endpoints are interchangeable only when their egress and addresses cannot tell them apart.
  const atom = exactOne ? atoms.of(a.single!) : -1;
  // Without exact IPs an endpoint's addresses are its subnets' ranges: same subnets, same addresses.
  const rangeKey = !a.exact && e.subnetIds.length ? `range:${e.subnetIds.join(',')}:${e.hasIpv6}` : null;
  const key = !allowOnly || (!exactOne && !rangeKey) ? `id:${e.id}` : `${vpc}|${subnet ?? '?'}|${egressAll ? 'all' : eg.sig}|${exactOne ? atom : rangeKey}`;
  let c = classes.get(key);
  if (!c) {
    c = { key, id: classes.size, rep: e, vpc, subnet, atom, egressAll, egressByAddress: exactOne && eg.byAddress, egress: egressAll ? [] : eg.rules ?? orderedRules(topo, e.groupIds, 'egress') };
    classes.set(key, c);
    (byVpc.get(vpc) ?? byVpc.set(vpc, []).get(vpc)!).push(c);
  }
  return c;
}

interface Found {
  from: Endpoint;
  traffic: Traffic;
}

interface SearchContext {
  to: Endpoint;
  topo: Topology;
  allowOnly: boolean;
  toKey: string | null;
  toKeyId: number;
  limit: Traffic;
  nacls: NaclPairs;
  levelMemo: Memo;
  tried: Set<SourceClass>;
  vpc: string;
  rule: Rule;
  shape: number;
  blocked: Blocked;
}

const NO_RULE = {} as Rule;
const NO_BLOCKED: Blocked = Object.freeze({}) as Blocked;
/** Only the deny-rule fallback remembers the classes it tried. */
const NOT_TRIED: Set<SourceClass> = new Set();
const sameVpcClass = (x: SearchContext, c: SourceClass): boolean => c.vpc === x.vpc || c.vpc === '?' || x.vpc === '?';

/** Traffic from class `c` (reported as `from`) over the current rule, memoised when only addresses matter. */
function attempt(x: SearchContext, c: SourceClass, from: Endpoint): Found | null {
  if (!x.allowOnly) {
    if (x.tried.has(c)) return null;
    x.tried.add(c);
    const t = edgeTraffic(from, x.to, x.topo);
    return t.isEmpty() ? null : { from, traffic: t };
  }
  if (x.blocked === NO_BLOCKED) x.blocked = {};
  if (x.toKey && (c.egressAll || c.egressByAddress)) {
    let hit = x.levelMemo.get(x.toKeyId, x.shape, c.id);
    if (hit === undefined) {
      const t = passes(x.rule, c, x.to, x.topo, x.limit, x.nacls, x.blocked);
      x.levelMemo.set(x.toKeyId, x.shape, c.id, (hit = t.isEmpty() ? null : { c, t }));
    }
    return hit ? { from, traffic: hit.t } : null;
  }
  const t = passes(x.rule, c, x.to, x.topo, x.limit, x.nacls, x.blocked);
  return t.isEmpty() ? null : { from, traffic: t };
}

function byAddress(x: SearchContext, c: SourceClass): Found | null {
  if (c.rep === x.to || !sameVpcClass(x, c) || !ruleMatchesEndpoint(x.rule, c.rep, x.topo)) return null;
  return attempt(x, c, c.rep);
}

function findEdge(
  to: Endpoint, topo: Topology, allowOnly: boolean, byGroup: (GroupSources | undefined)[], byVpc: Map<string, SourceClass[]>,
  lbSources: Endpoint[], atoms: AtomIndex, nacls: NaclPairs, levelMemo: Memo, cidrMemo: PairMemo<Hit | null>, groupMemo: PairMemo<GroupHits | null>, senders: Senders,
): Found | null {
  for (const lb of lbSources) {
    const t = edgeTraffic(lb, to, topo);
    if (!t.isEmpty()) return { from: lb, traffic: t };
  }
  const info = infoOf(to, topo, atoms);
  const { vpc, toKey, toKeyId, limit } = info;
  const x: SearchContext = { to, topo, allowOnly, toKey, toKeyId, limit, nacls, levelMemo, tried: allowOnly ? NOT_TRIED : new Set(), vpc, rule: NO_RULE, shape: 0, blocked: NO_BLOCKED };
  for (const set of info.sets) for (let i = 0; i < set.rules.length; i++) {
    const rule = set.rules[i]!;
    x.rule = rule;
    x.shape = set.shapes[i]!;
    x.blocked = NO_BLOCKED; // replaced by a fresh set only if a NACL blocks something
    const peerGroup = set.peerGroup[i]!;
    if (peerGroup >= 0) {
      const src = byGroup[peerGroup];
      if (!src) continue;
      if (allowOnly && toKey) {
        // Address-only sources answer alike for every target with this key: scan them once per level.
        let hits = groupMemo.get(toKeyId, x.shape);
        if (hits === undefined) groupMemo.set(toKeyId, x.shape, (hits = firstTwo(x, src.byAddress)));
        const pick = hits && (hits[0].member !== to ? hits[0] : hits[1]);
        if (pick) return { from: pick.member, traffic: pick.t };
      }
      for (const { c, member } of allowOnly && toKey ? src.other : src.all) {
        if (member === to || !sameVpcClass(x, c)) continue;
        const f = attempt(x, c, member);
        if (f) return f;
      }
      continue;
    }
    if (toKey && allowOnly) {
      // Exact-address sources: ask the per-atom unions; then the few sources whose egress names groups.
      let hit = cidrMemo.get(toKeyId, x.shape);
      if (hit === undefined) cidrMemo.set(toKeyId, x.shape, (hit = senders.find(vpc, to, toKey, rule, limit)));
      if (hit && hit.c.rep !== to) return { from: hit.c.rep, traffic: hit.t };
      if (hit) {
        const other = senders.find(vpc, to, toKey, rule, limit, to);
        if (other) return { from: other.c.rep, traffic: other.t };
      }
      for (const g of to.groupIds) {
        for (const c of senders.byEgressGroup(vpc, g)) {
          const f = byAddress(x, c);
          if (f) return f;
        }
      }
      for (const c of senders.withoutExactAddress(vpc)) {
        const f = byAddress(x, c);
        if (f) return f;
      }
      continue;
    }
    for (const pool of [byVpc.get(vpc) ?? [], vpc === '?' ? [] : byVpc.get('?') ?? []]) {
      for (const c of pool) {
        const f = byAddress(x, c);
        if (f) return f;
      }
    }
  }
  return null;
}

/** Frontier classes in one group, each with a member to report as the hop. */
interface GroupSources {
  seen: Set<SourceClass>;
  all: { c: SourceClass; member: Endpoint }[];
  /** Classes whose egress depends only on the target's address (memoisable per target key). */
  byAddress: { c: SourceClass; member: Endpoint }[];
  other: { c: SourceClass; member: Endpoint }[];
}

/** The first two sources that pass (two, so a target that is itself the first still has another). */
type GroupHits = [{ member: Endpoint; t: Traffic }, { member: Endpoint; t: Traffic } | undefined];

function firstTwo(x: SearchContext, list: { c: SourceClass; member: Endpoint }[]): GroupHits | null {
  let first: { member: Endpoint; t: Traffic } | undefined;
  for (const { c, member } of list) {
    if (!sameVpcClass(x, c)) continue;
    const t = passes(x.rule, c, x.to, x.topo, x.limit, x.nacls, x.blocked === NO_BLOCKED ? (x.blocked = {}) : x.blocked);
    if (t.isEmpty()) continue;
    if (first) return [first, { member, t }];
    first = { member, t };
  }
  return first ? [first, undefined] : null;
}

interface Blocked {
  set?: Set<string>;
}

/** With allow-only groups: the traffic this one ingress rule lets class `c` open to `to` (empty if none). */
function passes(rule: Rule, c: SourceClass, to: Endpoint, topo: Topology, limit: Traffic, nacls: NaclPairs, blocked: Blocked): Traffic {
  let t = ruleTraffic(rule).intersect(limit);
  if (t.isEmpty()) return t;
  const st = to.subnetIds[0];
  if (c.subnet && st && c.subnet !== st) {
    const aFrom = topo.firstIpv4(c.rep);
    const aTo = topo.firstIpv4(to);
    if (aFrom !== undefined && aTo !== undefined) {
      const fromKey = c.atom < 0 ? aFrom : c.atom;
      const pair = `${c.subnet}|${fromKey}`;
      if (blocked.set?.has(pair)) return Traffic.NONE;
      t = t.intersect(nacls.get(c.subnet, fromKey, aFrom, st, aTo));
      if (t.isEmpty()) {
        (blocked.set ??= new Set()).add(pair);
        return t;
      }
    }
  }
  if (!c.egressAll) t = t.intersect(allowedBy(c.egress, (r) => ruleMatchesEndpoint(r, to, topo)));
  return t;
}


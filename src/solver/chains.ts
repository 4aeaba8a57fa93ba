import type { Endpoint, Rule } from '../model/network.js';
import { AtomIndex, Memo, NaclPairs, PairMemo, Senders, intern, type Hit, type SourceClass } from './chain-index.js';
import { ChainEndpoints, type TargetInfo } from './chain-endpoints.js';
import { edgeTraffic, ruleMatchesEndpoint } from './edges.js';
import { allowedBy, orderedRules, ruleTraffic } from './layers.js';
import type { Topology } from './topology.js';
import { Traffic } from './traffic.js';

/** Shortest chained paths, per endpoint by its index in `topo.running`. */
export interface ReachTable {
  /** Endpoints between the internet and this one; -1 = unreachable. */
  hops: Int32Array;
  /** The endpoint (index) it is reached from on the shortest path; -1 = the internet. */
  via: Int32Array;
  /** What the last hop carries. */
  traffic: (Traffic | undefined)[];
}

/**
 * Breadth-first search from the internet over "can open a connection to" edges. Level 0 is what
 * the internet reaches directly; an endpoint reached at level h reaches at h+1 what its egress,
 * the target's ingress and the NACLs between them allow (load balancers only their targets).
 * Frontier endpoints are grouped into equivalence classes; with allow-only groups an edge exists
 * iff some single ingress rule admits a class and that class's egress and NACLs pass the rule's
 * traffic, so one representative per class and rule decides. Deny rules fall back to pairs.
 * Endpoints are handled by index, with per-endpoint data in arrays (chain-endpoints.ts).
 */
export function chainedReach(topo: Topology, direct: (Traffic | undefined)[]): ReachTable {
  const n = topo.running.length;
  const out: ReachTable = { hops: new Int32Array(n).fill(-1), via: new Int32Array(n).fill(-1), traffic: new Array<Traffic | undefined>(n) };
  let frontier: number[] = [];
  let unreached: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = direct[i];
    if (t) {
      out.hops[i] = 0;
      out.traffic[i] = t;
      frontier.push(i);
    } else unreached.push(i);
  }
  const atoms = new AtomIndex(topo);
  const s: Search = {
    topo, allowOnly: topo.allowOnly, eps: new ChainEndpoints(topo, atoms), nacls: new NaclPairs(topo), atoms,
    byGroup: [], byVpc: new Map(), levelMemo: new Memo(), cidrMemo: new PairMemo(), groupMemo: new PairMemo(), senders: undefined!,
  };
  for (let level = 1; frontier.length && unreached.length; level++) {
    const lbTargets = frontierClasses(s, frontier);
    s.levelMemo = new Memo();
    s.cidrMemo = new PairMemo();
    s.groupMemo = new PairMemo();
    s.senders = new Senders(topo, atoms, s.nacls, s.byVpc);
    const anyVpc = s.byVpc.has('?');
    const next: number[] = [];
    const still: number[] = [];
    for (const to of unreached) {
      // Sources must share the target's VPC (or have none known): a VPC with no frontier is skipped.
      const lbSources = lbTargets?.get(to);
      const vpc = s.eps.vpc(to);
      if (!lbSources && !anyVpc && vpc !== '?' && !s.byVpc.has(vpc)) {
        still.push(to);
        continue;
      }
      const found = findEdge(s, to, lbSources);
      if (found) {
        out.hops[to] = level;
        out.via[to] = found.from;
        out.traffic[to] = found.traffic;
        next.push(to);
      } else still.push(to);
    }
    frontier = next;
    unreached = still;
  }
  return out;
}

/** What one BFS level searches with: the frontier's classes by group and VPC, and the memos. */
interface Search {
  topo: Topology;
  allowOnly: boolean;
  eps: ChainEndpoints;
  nacls: NaclPairs;
  atoms: AtomIndex;
  byGroup: (GroupSources | undefined)[];
  byVpc: Map<string, SourceClass[]>;
  levelMemo: Memo;
  cidrMemo: PairMemo<Hit | null>;
  groupMemo: PairMemo<GroupHits | null>;
  senders: Senders;
}

/** Frontier classes in one group, each with a member (index) to report as the hop. */
interface GroupSources {
  /** Classes whose egress depends only on the target's address (memoisable per target key). */
  byAddress: Source[];
  other: Source[];
}

interface Source {
  c: SourceClass;
  member: number;
}

/** Groups the frontier into classes, indexed by group and by VPC; returns load balancers by target index. */
function frontierClasses(s: Search, frontier: number[]): Map<number, number[]> | undefined {
  const { topo, eps } = s;
  const classes = new Map<string, SourceClass>();
  s.byGroup = [];
  s.byVpc = new Map();
  let lbTargets: Map<number, number[]> | undefined;
  for (const i of frontier) {
    const e = topo.running[i]!;
    if (e.targets) {
      for (const t of e.targets) {
        const to = topo.runningIndex(t.endpointId);
        if (to < 0) continue;
        lbTargets ??= new Map();
        const list = lbTargets.get(to);
        if (list) list.push(i);
        else lbTargets.set(to, [i]);
      }
    }
    if (e.kind === 'load-balancer') continue; // a load balancer forwards only to its targets
    const size = classes.size;
    const c = sourceClass(s, i, classes);
    const gs = eps.groups(i);
    // A class mixes endpoints with different groups: list each (class, group) once, with the member seen first.
    const listed = classes.size > size ? null : (c.listed ??= new Set(c.firstGroups));
    for (let k = 0; k < gs.length; k++) {
      const g = gs[k]!;
      if (listed) {
        if (listed.has(g)) continue;
        listed.add(g);
      } else if (gs.indexOf(g) < k) continue;
      const m = s.byGroup[g] ?? (s.byGroup[g] = { byAddress: [], other: [] });
      (c.egressAll || c.egressByAddress ? m.byAddress : m.other).push({ c, member: i });
    }
  }
  // Classes that can send anything anywhere are the likeliest sources: try them first.
  for (const list of s.byVpc.values()) list.sort((a, b) => Number(b.egressAll) - Number(a.egressAll));
  return lbTargets;
}

function sourceClass(s: Search, i: number, classes: Map<string, SourceClass>): SourceClass {
  const { topo, eps, allowOnly } = s;
  const e = topo.running[i]!;
  const vpc = eps.vpc(i);
  const subnet = e.subnetIds[0];
  const single = eps.single(i);
  const exactOne = single >= 0;
  const eg = eps.egressOf(i);
  const egressAll = allowOnly && eg.all && (exactOne || topo.addresses(e).v6.isEmpty());
  // Endpoints are interchangeable only when their egress and addresses cannot tell them apart.
  const atom = exactOne ? s.atoms.of(single) : -1;
  // Without exact IPs an endpoint's addresses are its subnets' ranges: same subnets, same addresses.
  const rangeKey = !exactOne && !topo.addresses(e).exact && e.subnetIds.length ? `range:${e.subnetIds.join(',')}:${e.hasIpv6}` : null;
  const key = !allowOnly || (!exactOne && !rangeKey) ? `id:${i}` : `${vpc}|${subnet ?? '?'}|${eg.sigId}|${exactOne ? atom : rangeKey}`;
  let c = classes.get(key);
  if (!c) {
    const firstV4 = exactOne ? single : topo.firstIpv4(e) ?? -1;
    c = {
      key, id: classes.size, rep: e, repIndex: i, vpc, subnet, atom, firstV4, firstGroups: eps.groups(i), listed: null,
      naclFromId: intern(`${subnet ?? '?'}|${exactOne ? `a${atom}` : `x${firstV4}`}`),
      egressAll, egressByAddress: exactOne && eg.byAddress, egress: egressAll ? [] : eg.rules ?? orderedRules(topo, e.groupIds, 'egress'),
    };
    classes.set(key, c);
    const list = s.byVpc.get(vpc);
    if (list) list.push(c);
    else s.byVpc.set(vpc, [c]);
  }
  return c;
}

interface Found {
  from: number;
  traffic: Traffic;
}

/** One target's search: the rule being tried and what the deny-rule fallback has tried. */
interface Attempt {
  s: Search;
  to: number;
  info: TargetInfo;
  rule: Rule;
  shape: number;
  tried: Set<SourceClass> | null;
  /** Source sides (NACL keys) a NACL blocks for this target. */
  blocked: Set<number> | null;
}

const NO_RULE = {} as Rule;
const sameVpcClass = (x: Attempt, c: SourceClass): boolean => c.vpc === x.info.vpc || c.vpc === '?' || x.info.vpc === '?';

/** Traffic from class `c` (reported as `from`) over the current rule, memoised when only addresses matter. */
function attempt(x: Attempt, c: SourceClass, from: number): Found | null {
  const { s, info } = x;
  if (!s.allowOnly) {
    if (x.tried!.has(c)) return null;
    x.tried!.add(c);
    const t = edgeTraffic(s.topo.running[from]!, info.to, s.topo);
    return t.isEmpty() ? null : { from, traffic: t };
  }
  if (info.toKeyId >= 0 && (c.egressAll || c.egressByAddress)) {
    let hit = s.levelMemo.get(info.toKeyId, x.shape, c.id);
    if (hit === undefined) {
      const t = passes(x, c);
      s.levelMemo.set(info.toKeyId, x.shape, c.id, (hit = t.isEmpty() ? null : { c, t }));
    }
    return hit ? { from, traffic: hit.t } : null;
  }
  const t = passes(x, c);
  return t.isEmpty() ? null : { from, traffic: t };
}

function byAddress(x: Attempt, c: SourceClass): Found | null {
  if (c.repIndex === x.to || !sameVpcClass(x, c) || !ruleMatchesEndpoint(x.rule, c.rep, x.s.topo)) return null;
  return attempt(x, c, c.repIndex);
}

function findEdge(s: Search, to: number, lbSources: number[] | undefined): Found | null {
  const { topo, allowOnly, byGroup } = s;
  const target = topo.running[to]!;
  if (lbSources) {
    for (const lb of lbSources) {
      const t = edgeTraffic(topo.running[lb]!, target, topo);
      if (!t.isEmpty()) return { from: lb, traffic: t };
    }
  }
  const info = s.eps.info(to);
  const keyed = allowOnly && info.toKeyId >= 0;
  const x: Attempt = { s, to, info, rule: NO_RULE, shape: 0, tried: allowOnly ? null : new Set(), blocked: null };
  const sets = info.sets;
  for (let k = 0; k < sets.length; k++) {
    const set = sets[k]!;
    for (let i = 0; i < set.rules.length; i++) {
      const rule = set.rules[i]!;
      x.rule = rule;
      x.shape = set.shapes[i]!;
      x.blocked = null; // a fresh set only if a NACL blocks something
      const peerGroup = set.peerGroup[i]!;
      if (peerGroup >= 0) {
        const src = byGroup[peerGroup];
        if (!src) continue;
        if (keyed) {
          // Address-only sources answer alike for every target with this key: scan them once per level.
          let hits = s.groupMemo.get(info.toKeyId, x.shape);
          if (hits === undefined) s.groupMemo.set(info.toKeyId, x.shape, (hits = firstTwo(x, src.byAddress)));
          const pick = hits && (hits[0].member !== to ? hits[0] : hits[1]);
          if (pick) return { from: pick.member, traffic: pick.t };
        }
        const pools = keyed ? [src.other] : [src.byAddress, src.other];
        for (const pool of pools) {
          for (const { c, member } of pool) {
            if (member === to || !sameVpcClass(x, c)) continue;
            const f = attempt(x, c, member);
            if (f) return f;
          }
        }
        continue;
      }
      const f = keyed ? byCidrKeyed(x) : byCidr(x);
      if (f) return f;
    }
  }
  return null;
}

/** An address rule, for a target with one exact address: the per-atom unions, then the few group-naming egresses. */
function byCidrKeyed(x: Attempt): Found | null {
  const { s, info, rule } = x;
  let hit = s.cidrMemo.get(info.toKeyId, x.shape);
  if (hit === undefined) s.cidrMemo.set(info.toKeyId, x.shape, (hit = s.senders.find(info, rule, info.limit)));
  if (hit && hit.c.repIndex !== x.to) return { from: hit.c.repIndex, traffic: hit.t };
  if (hit) {
    const other = s.senders.find(info, rule, info.limit, info.to);
    if (other) return { from: other.c.repIndex, traffic: other.t };
  }
  const egressByGroup = s.senders.byEgressGroup(info.vpc);
  if (egressByGroup.length) {
    const gs = s.eps.groups(x.to);
    for (let k = 0; k < gs.length; k++) {
      for (const c of egressByGroup[gs[k]!] ?? []) {
        const f = byAddress(x, c);
        if (f) return f;
      }
    }
  }
  for (const c of s.senders.withoutExactAddress(info.vpc)) {
    const f = byAddress(x, c);
    if (f) return f;
  }
  return null;
}

function byCidr(x: Attempt): Found | null {
  const { s, info } = x;
  for (const pool of [s.byVpc.get(info.vpc) ?? [], info.vpc === '?' ? [] : s.byVpc.get('?') ?? []]) {
    for (const c of pool) {
      const f = byAddress(x, c);
      if (f) return f;
    }
  }
  return null;
}

/** The first two sources that pass (two, so a target that is itself the first still has another). */
type GroupHits = [{ member: number; t: Traffic }, { member: number; t: Traffic } | undefined];

function firstTwo(x: Attempt, list: Source[]): GroupHits | null {
  let first: { member: number; t: Traffic } | undefined;
  for (const { c, member } of list) {
    if (!sameVpcClass(x, c)) continue;
    const t = passes(x, c);
    if (t.isEmpty()) continue;
    if (first) return [first, { member, t }];
    first = { member, t };
  }
  return first ? [first, undefined] : null;
}

/** With allow-only groups: the traffic the current ingress rule lets class `c` open to the target (empty if none). */
function passes(x: Attempt, c: SourceClass): Traffic {
  const { s, info } = x;
  let t = ruleTraffic(x.rule).intersect(info.limit);
  if (t.isEmpty()) return t;
  const st = info.to.subnetIds[0];
  if (c.subnet && st && c.subnet !== st && c.firstV4 >= 0 && info.firstV4 >= 0) {
    if (x.blocked?.has(c.naclFromId)) return Traffic.NONE;
    t = t.intersect(s.nacls.get(c, st, info.firstV4, info.naclKeyId));
    if (t.isEmpty()) {
      (x.blocked ??= new Set()).add(c.naclFromId);
      return t;
    }
  }
  if (!c.egressAll) t = t.intersect(allowedBy(c.egress, (r) => ruleMatchesEndpoint(r, info.to, s.topo)));
  return t;
}

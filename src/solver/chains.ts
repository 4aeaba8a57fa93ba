import type { Rule } from '../model/network.js';
import { AtomIndex, Memo, NaclPairs, PairMemo, Senders, type SourceClass } from './chain-index.js';
import { ChainEndpoints, type TargetInfo } from './chain-endpoints.js';
import { frontierClasses, referencedGroups, type Frontier, type Source } from './chain-frontier.js';
import { LiveRules } from './chain-liveness.js';
import { edgeTraffic, ruleMatchesEndpoint } from './edges.js';
import { allowedBy } from './layers.js';
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
  const atoms = new AtomIndex(topo);
  const eps = new ChainEndpoints(topo, atoms);
  const live = topo.allowOnly ? new LiveRules(topo, eps, atoms) : null;
  let frontier: number[] = [];
  let unreached: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = direct[i];
    if (t) {
      out.hops[i] = 0;
      out.traffic[i] = t;
      frontier.push(i);
    } else if (!live || canBeReached(topo, eps, live, i)) unreached.push(i);
  }
  const classify = { topo, eps, atoms, referenced: referencedGroups(topo) };
  const nacls = new NaclPairs(topo);
  for (let level = 1; frontier.length && unreached.length; level++) {
    const f = frontierClasses(classify, frontier);
    const s: Search = {
      topo, allowOnly: topo.allowOnly, eps, live, nacls, frontier: f,
      levelMemo: new Memo(), cidrMemo: new PairMemo(), groupMemo: new PairMemo(), groupAnswer: new PairMemo(), senders: new Senders(topo, atoms, nacls, f.byVpc),
    };
    const anyVpc = f.byVpc.has('?');
    const next: number[] = [];
    const still: number[] = [];
    for (const to of unreached) {
      // Sources must share the target's VPC (or have none known): a VPC with no frontier is skipped.
      const lbSources = f.lbTargets?.get(to);
      const vpc = eps.vpc(to);
      if (!lbSources && !anyVpc && vpc !== '?' && !f.byVpc.has(vpc)) {
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

/** False when no ingress rule of the endpoint can admit any source in its VPC (see LiveRules). */
function canBeReached(topo: Topology, eps: ChainEndpoints, live: LiveRules, i: number): boolean {
  const vpc = eps.vpcIdx[i]!;
  const { start, list } = topo.endpointGroupIndex;
  // Load balancers and endpoints without groups filter nothing; endpoints in no known VPC may meet any source.
  if (eps.isLb[i] || start[i] === start[i + 1] || vpc === live.unknownVpc) return true;
  for (let k = start[i]!; k < start[i + 1]!; k++) if (live.hasLive(list[k]!, vpc)) return true;
  return false;
}

/** What the search works with: per-endpoint tables, and per level the frontier and the memos. */
interface Search {
  topo: Topology;
  allowOnly: boolean;
  eps: ChainEndpoints;
  /** Allow-only networks: the rules that can admit anyone, per VPC. */
  live: LiveRules | null;
  nacls: NaclPairs;
  frontier: Frontier;
  levelMemo: Memo;
  /** (target key, rule shape) -> the first address-rule / group-rule source found, per level. */
  cidrMemo: PairMemo<Found | null>;
  groupMemo: PairMemo<Found | null>;
  /** (target key, group) -> the first source the group's rules admit, per level. */
  groupAnswer: PairMemo<Found | null>;
  senders: Senders;
}

interface Found {
  from: number;
  traffic: Traffic;
}

/** One target's search: the rule being tried and what the deny-rule fallback has tried. */
interface Attempt {
  s: Search;
  info: TargetInfo;
  rule: Rule;
  /** The rule's traffic (from its RuleSet). */
  traffic: Traffic;
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
  if (!sameVpcClass(x, c) || !ruleMatchesEndpoint(x.rule, c.rep, x.s.topo)) return null;
  return attempt(x, c, c.repIndex);
}

function findEdge(s: Search, to: number, lbSources: number[] | undefined): Found | null {
  const { topo } = s;
  if (lbSources) {
    const target = topo.running[to]!;
    for (const lb of lbSources) {
      const t = edgeTraffic(topo.running[lb]!, target, topo);
      if (!t.isEmpty()) return { from: lb, traffic: t };
    }
  }
  const info = s.eps.info(to);
  if (!s.allowOnly || info.toKeyId < 0) return byEveryRule(s, to, info);
  // Sources whose egress depends only on the target's address answer alike for every target with
  // its key, and allow-only groups are a union: one answer per (key, group) and level.
  const { start, list } = topo.endpointGroupIndex;
  for (let k = start[to]!, end = start[to + 1]!; k < end; k++) {
    const hit = groupHit(s, info, list[k]!);
    if (hit) return hit;
  }
  // Then the few sources whose answer depends on the target itself, if this level has any.
  const v = info.vpc;
  const specific = s.frontier.specific;
  if (!specific.has(v) && !specific.has('?') && !(v === '?' && specific.size)) return null;
  return bySpecificSources(s, to, info);
}

const attemptFor = (s: Search, info: TargetInfo): Attempt => ({ s, info, rule: NO_RULE, traffic: Traffic.NONE, shape: 0, tried: s.allowOnly ? null : new Set(), blocked: null });

/** The first source that group `g`'s rules admit among address-only sources, for targets with this key. */
function groupHit(s: Search, info: TargetInfo, g: number): Found | null {
  let hit = s.groupAnswer.get(info.toKeyId, g);
  if (hit !== undefined) return hit;
  hit = null;
  const set = s.live ? s.live.rules(g, info.vpcIdx) : s.eps.groupRuleSet(g);
  // Any target with this key will do (a target is never itself a source: it is unreached, sources are the frontier).
  const x = attemptFor(s, info);
  for (let i = 0; i < set.rules.length && !hit; i++) {
    x.rule = set.rules[i]!;
    x.traffic = set.traffic[i]!;
    x.shape = set.shapes[i]!;
    x.blocked = null; // a fresh set only if a NACL blocks something
    const peerGroup = set.peerGroup[i]!;
    if (peerGroup >= 0) {
      const src = s.frontier.byGroup[peerGroup];
      if (!src) continue;
      let h = s.groupMemo.get(info.toKeyId, x.shape);
      if (h === undefined) s.groupMemo.set(info.toKeyId, x.shape, (h = firstOf(x, src.byAddress)));
      hit = h;
    } else {
      let h = s.cidrMemo.get(info.toKeyId, x.shape);
      if (h === undefined) {
        const found = s.senders.find(info, x.rule, x.traffic.intersect(info.limit));
        s.cidrMemo.set(info.toKeyId, x.shape, (h = found ? { from: found.c.repIndex, traffic: found.t } : null));
      }
      hit = h;
    }
  }
  s.groupAnswer.set(info.toKeyId, g, hit);
  return hit;
}

/** The target's rules in order (all of them: union or first match); `tryRule` looks for a source of `x.rule`. */
function overRules(s: Search, to: number, info: TargetInfo, tryRule: (x: Attempt, peerGroup: number) => Found | null): Found | null {
  const x = attemptFor(s, info);
  for (const set of s.eps.ruleSets(to)) {
    for (let i = 0; i < set.rules.length; i++) {
      x.rule = set.rules[i]!;
      x.traffic = set.traffic[i]!;
      x.shape = set.shapes[i]!;
      x.blocked = null; // a fresh set only if a NACL blocks something
      const f = tryRule(x, set.peerGroup[i]!);
      if (f) return f;
    }
  }
  return null;
}

/** Sources whose answer depends on the target: egress that names groups, addresses that are subnet ranges. */
function bySpecificSources(s: Search, to: number, info: TargetInfo): Found | null {
  return overRules(s, to, info, (x, peerGroup) => {
    if (peerGroup >= 0) return fromPool(x, s.frontier.byGroup[peerGroup]?.other);
    const egressByGroup = s.senders.byEgressGroup(info.vpc);
    if (egressByGroup.size) {
      const gs = s.topo.endpointGroups(to);
      for (let k = 0; k < gs.length; k++) {
        for (const c of egressByGroup.get(gs[k]!) ?? []) {
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
  });
}

/** Deny rules, or a target without one exact address: every rule, every frontier class. */
function byEveryRule(s: Search, to: number, info: TargetInfo): Found | null {
  return overRules(s, to, info, (x, peerGroup) => {
    if (peerGroup >= 0) return fromPool(x, s.frontier.byGroup[peerGroup]?.byAddress) ?? fromPool(x, s.frontier.byGroup[peerGroup]?.other);
    const byVpc = s.frontier.byVpc;
    for (const pool of [byVpc.get(info.vpc) ?? [], info.vpc === '?' ? [] : byVpc.get('?') ?? []]) {
      for (const c of pool) {
        const f = byAddress(x, c);
        if (f) return f;
      }
    }
    return null;
  });
}

function fromPool(x: Attempt, pool: Source[] | undefined): Found | null {
  if (!pool) return null;
  for (const { c, member } of pool) {
    if (!sameVpcClass(x, c)) continue;
    const f = attempt(x, c, member);
    if (f) return f;
  }
  return null;
}

/** The first source in `list` that passes the current rule. */
function firstOf(x: Attempt, list: Source[]): Found | null {
  for (const { c, member } of list) {
    if (!sameVpcClass(x, c)) continue;
    const t = passes(x, c);
    if (!t.isEmpty()) return { from: member, traffic: t };
  }
  return null;
}

/** With allow-only groups: the traffic the current ingress rule lets class `c` open to the target (empty if none). */
function passes(x: Attempt, c: SourceClass): Traffic {
  const { s, info } = x;
  let t = x.traffic.intersect(info.limit);
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

import type { Endpoint, Rule } from '../model/network.js';
import { edgeTraffic, listenerTraffic, ruleMatchesEndpoint } from './edges.js';
import { naclAllowed, orderedRules, replyMaskPair, ruleSources, ruleTraffic, allowedBy } from './layers.js';
import type { Topology } from './topology.js';
import { Traffic } from './traffic.js';

export interface Reach {
  hops: number;
  /** The endpoint this one is reached from on the shortest path; null = the internet. */
  via: string | null;
  /** What the last hop carries. */
  traffic: Traffic;
}

/** Frontier endpoints that behave identically as a source: same VPC, subnet, egress rules and address atom. */
interface SourceClass {
  key: string;
  /** Small integer id (per level) for memo keys. */
  id: number;
  rep: Endpoint;
  vpc: string;
  subnet: string | undefined;
  atom: number;
  /** Egress allows every protocol to every address (the common case): no per-target check needed. */
  egressAll: boolean;
  /** Its egress rules name no groups, so only the target's subnet and address atom matter to it. */
  egressByAddress: boolean;
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
  const allowOnly = topo.network.groups.every((g) => g.rules.every((r) => r.action === 'allow' && r.priority === (g.rules[0]?.priority ?? 0)));
  const atoms = new AtomIndex(topo);
  const naclMemo = new Map<string, Traffic>();
  let unreached = topo.network.endpoints.filter((e) => !reach.has(e.id) && e.kind !== 'launch-template');
  for (let level = 1; frontier.length && unreached.length; level++) {
    const classes = new Map<string, SourceClass>();
    const byGroup = new Map<string, Map<SourceClass, Endpoint>>();
    const byVpc = new Map<string, SourceClass[]>();
    const lbTargets = new Map<string, Endpoint[]>();
    for (const e of frontier) {
      for (const t of e.targets ?? []) (lbTargets.get(t.endpointId) ?? lbTargets.set(t.endpointId, []).get(t.endpointId)!).push(e);
      if (e.kind === 'load-balancer') continue; // a load balancer forwards only to its targets
      const c = sourceClass(e, topo, atoms, allowOnly, classes, byVpc);
      for (const g of e.groupIds) {
        // A class mixes endpoints with different groups: remember an actual member to report as the hop.
        const m = byGroup.get(g) ?? byGroup.set(g, new Map()).get(g)!;
        if (!m.has(c)) m.set(c, e);
      }
    }
    // Classes that can send anything anywhere are the likeliest sources: try them first.
    for (const list of byVpc.values()) list.sort((a, b) => Number(b.egressAll) - Number(a.egressAll));
    const next: Endpoint[] = [];
    const still: Endpoint[] = [];
    const levelMemo = new Memo();
    const senders = new Senders(topo, atoms, naclMemo, byVpc);
    for (const to of unreached) {
      const found = findEdge(to, topo, allowOnly, byGroup, byVpc, lbTargets.get(to.id) ?? [], atoms, naclMemo, levelMemo, senders);
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
    c = { key, id: classes.size, rep: e, vpc, subnet, atom, egressAll, egressByAddress: exactOne && eg.byAddress };
    classes.set(key, c);
    (byVpc.get(vpc) ?? byVpc.set(vpc, []).get(vpc)!).push(c);
  }
  return c;
}

const targetKeys = new WeakMap<Endpoint, string | null>();
const egressCache = new WeakMap<string[], { all: boolean; sig: string; byAddress: boolean }>();

/** What an endpoint's egress looks like, cached per group-id array (one per endpoint). */
function egressSignature(topo: Topology, groupIds: string[]): { all: boolean; sig: string; byAddress: boolean } {
  let x = egressCache.get(groupIds);
  if (!x) {
    const egress = orderedRules(topo, groupIds, 'egress');
    const all = egress.some((r) => r.protocol === -1 && r.peer.kind === 'cidr4' && r.peer.cidr.endsWith('/0'));
    x = { all, sig: all ? 'all' : egress.map((r) => `${r.key}@${r.groupId}`).sort().join(','), byAddress: egress.every((r) => r.peer.kind !== 'group') };
    egressCache.set(groupIds, x);
  }
  return x;
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
  atoms: AtomIndex;
  naclMemo: Map<string, Traffic>;
  levelMemo: Memo;
  tried: Set<SourceClass>;
  vpc: string;
  rule: Rule;
  shape: number;
  blocked: Blocked;
}

const NO_BLOCKED: Blocked = Object.freeze({}) as Blocked;
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
      const t = passes(x.rule, c, x.to, x.topo, x.limit, x.atoms, x.naclMemo, x.blocked);
      x.levelMemo.set(x.toKeyId, x.shape, c.id, (hit = t.isEmpty() ? null : { c, t }));
    }
    return hit ? { from, traffic: hit.t } : null;
  }
  const t = passes(x.rule, c, x.to, x.topo, x.limit, x.atoms, x.naclMemo, x.blocked);
  return t.isEmpty() ? null : { from, traffic: t };
}

function byAddress(x: SearchContext, c: SourceClass): Found | null {
  if (c.rep === x.to || !sameVpcClass(x, c) || !ruleMatchesEndpoint(x.rule, c.rep, x.topo)) return null;
  return attempt(x, c, c.rep);
}

function findEdge(
  to: Endpoint, topo: Topology, allowOnly: boolean, byGroup: Map<string, Map<SourceClass, Endpoint>>, byVpc: Map<string, SourceClass[]>,
  lbSources: Endpoint[], atoms: AtomIndex, naclMemo: Map<string, Traffic>, levelMemo: Memo, senders: Senders,
): Found | null {
  for (const lb of lbSources) {
    const t = edgeTraffic(lb, to, topo);
    if (!t.isEmpty()) return { from: lb, traffic: t };
  }
  const vpc = topo.vpcOf(to) ?? '?';
  const inbound = orderedRules(topo, to.groupIds, 'ingress');
  const limit = to.kind === 'load-balancer' && to.listeners?.length ? listenerTraffic(to) : Traffic.ALL;
  const tried = new Set<SourceClass>();
  const toAddr = topo.addresses(to);
  // What decides the answer for address-only sources: the target's subnet and address atom (and listeners).
  let toKey = targetKeys.get(to);
  if (toKey === undefined) targetKeys.set(to, (toKey = toAddr.single !== undefined ? `${to.subnetIds[0] ?? '?'}|${atoms.of(toAddr.single)}|${to.kind === 'load-balancer' ? to.id : ''}` : null));
  const toKeyId = toKey === null ? -1 : intern(toKey);
  const pools = [byVpc.get(vpc) ?? [], vpc === '?' ? [] : byVpc.get('?') ?? []];
  const x: SearchContext = { to, topo, allowOnly, toKey, toKeyId, limit, atoms, naclMemo, levelMemo, tried, vpc, rule: inbound[0]!, shape: 0, blocked: {} };
  for (const rule of inbound) {
    if (rule.action !== 'allow') continue;
    x.rule = rule;
    x.shape = shapeId(rule);
    x.blocked = NO_BLOCKED; // replaced by a fresh set only if a NACL blocks something
    if (rule.peer.kind === 'group') {
      for (const [c, member] of byGroup.get(rule.peer.groupId) ?? []) {
        if (member === to || !sameVpcClass(x, c)) continue;
        const f = attempt(x, c, member);
        if (f) return f;
      }
      continue;
    }
    if (toKey && allowOnly && toAddr.single !== undefined) {
      // Exact-address sources: ask the per-atom unions; then the few sources whose egress names groups.
      const vpcKey = -2 - intern(vpc);
      let hit = levelMemo.get(toKeyId, x.shape, vpcKey);
      if (hit === undefined) levelMemo.set(toKeyId, x.shape, vpcKey, (hit = senders.find(vpc, to, toKey, rule, limit)));
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
    for (const pool of pools) {
      for (const c of pool) {
        const f = byAddress(x, c);
        if (f) return f;
      }
    }
  }
  return null;
}

/** A rule's identity for memoisation: its source and its traffic, not which group holds it. */
const interned = new Map<string, number>();
/** A small integer for a string, so memo lookups hash numbers rather than long concatenated keys. */
function intern(s: string): number {
  let id = interned.get(s);
  if (id === undefined) interned.set(s, (id = interned.size));
  return id;
}

const shapeIds = new WeakMap<Rule, number>();
function shapeId(r: Rule): number {
  let id = shapeIds.get(r);
  if (id === undefined) shapeIds.set(r, (id = intern(ruleShape(r))));
  return id;
}

/** (target key, rule shape, source) -> the source class found, or null: nested maps over integers. */
interface Hit {
  c: SourceClass;
  t: Traffic;
}

class Memo {
  private readonly m = new Map<number, Map<number, Map<number, Hit | null>>>();
  get(a: number, b: number, c: number): Hit | null | undefined {
    return this.m.get(a)?.get(b)?.get(c);
  }
  set(a: number, b: number, c: number, v: Hit | null): void {
    let x = this.m.get(a);
    if (!x) this.m.set(a, (x = new Map()));
    let y = x.get(b);
    if (!y) x.set(b, (y = new Map()));
    y.set(c, v);
  }
}

const shapeCache = new WeakMap<Rule, string>();
function ruleShape(r: Rule): string {
  let s = shapeCache.get(r);
  if (s === undefined) shapeCache.set(r, (s = computeShape(r)));
  return s;
}

function computeShape(r: Rule): string {
  const peer = r.peer.kind === 'group' ? `g:${r.peer.groupId}` : r.peer.kind === 'cidr4' || r.peer.kind === 'cidr6' ? r.peer.cidr : r.peer.kind === 'prefixList' ? `pl:${r.peer.id}` : '?';
  return `${peer}|${r.protocol}|${r.ports ? `${r.ports.from}-${r.ports.to}` : '*'}|${r.icmp ? `${r.icmp.type}/${r.icmp.code}` : ''}`;
}

/** With allow-only groups: does this one ingress rule's traffic get from class `c` to `to`? */
interface Blocked {
  set?: Set<string>;
}

function passes(rule: Rule, c: SourceClass, to: Endpoint, topo: Topology, limit: Traffic, atoms: AtomIndex, naclMemo: Map<string, Traffic>, blocked: Blocked): Traffic {
  let t = ruleTraffic(rule).intersect(limit);
  if (t.isEmpty()) return t;
  const st = to.subnetIds[0];
  if (c.subnet && st && c.subnet !== st) {
    const aFrom = topo.addresses(c.rep).v4.ranges[0]?.[0];
    const aTo = topo.addresses(to).v4.ranges[0]?.[0];
    if (aFrom !== undefined && aTo !== undefined) {
      const pair = `${c.subnet}|${c.atom < 0 ? aFrom : c.atom}`;
      if (blocked.set?.has(pair)) return Traffic.NONE;
      const key = `${pair}|${st}|${atoms.of(aTo)}`;
      let n = naclMemo.get(key);
      if (!n) {
        const nFrom = topo.naclFor(c.subnet);
        const nTo = topo.naclFor(st);
        n = naclAllowed(nTo, false, 4, aFrom).intersect(naclAllowed(nFrom, true, 4, aTo)).intersect(replyMaskPair(nTo, aFrom, nFrom, aTo, 4));
        naclMemo.set(key, n);
      }
      t = t.intersect(n);
      if (t.isEmpty()) {
        (blocked.set ??= new Set()).add(pair);
        return t;
      }
    }
  }
  if (!c.egressAll) t = t.intersect(allowedBy(orderedRules(topo, c.rep.groupIds, 'egress'), (r) => ruleMatchesEndpoint(r, to, topo)));
  return t;
}

/** Index of the IPv4 atom (between consecutive boundaries of every rule and NACL CIDR) an address falls in. */
class AtomIndex {
  private readonly cuts: number[];

  constructor(topo: Topology) {
    const set = new Set<number>();
    const add = (ranges: readonly (readonly [number, number])[]): void => {
      for (const [lo, hi] of ranges) {
        set.add(lo);
        set.add(hi + 1);
      }
    };
    // Group references match by membership, not address: only address rules cut the space.
    for (const g of topo.network.groups) for (const r of g.rules) if (r.peer.kind !== 'group') add(ruleSources(r, topo)[4].ranges as readonly (readonly [number, number])[]);
    for (const n of topo.network.nacls) for (const e of n.entries) if (!e.cidr.includes(':')) add(cidrRange(e.cidr));
    this.cuts = [...set].sort((a, b) => a - b);
  }

  of(addr: number): number {
    let lo = 0;
    let hi = this.cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cuts[mid]! <= addr) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function cidrRange(cidr: string): [number, number][] {
  const [ip, len] = cidr.split('/');
  const parts = (ip ?? '').split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p))) return [];
  const v = ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
  const size = 2 ** (32 - Number(len ?? 32));
  const lo = v - (v % size);
  return [[lo, lo + size - 1]];
}

/**
 * Per BFS level: for a target (subnet, address atom), the traffic each frontier address atom can
 * send it — the union over the classes in that atom of (address-based egress ∩ NACLs between the
 * subnets). An IPv4 ingress rule then needs only the atoms inside its CIDR: exact, and independent
 * of how many endpoints are in the frontier.
 */
class Senders {
  private readonly byTarget = new Map<string, Map<number, { traffic: Traffic; classes: { c: SourceClass; t: Traffic }[] }>>();
  private readonly egressGroups = new Map<string, Map<string, SourceClass[]>>();

  constructor(
    private readonly topo: Topology,
    private readonly atoms: AtomIndex,
    private readonly naclMemo: Map<string, Traffic>,
    private readonly byVpc: Map<string, SourceClass[]>,
  ) {}

  private readonly inexact = new Map<string, SourceClass[]>();

  /** Frontier classes without one exact address (their addresses are subnet ranges). */
  withoutExactAddress(vpc: string): SourceClass[] {
    let list = this.inexact.get(vpc);
    if (!list) this.inexact.set(vpc, (list = [...(this.byVpc.get(vpc) ?? []), ...(vpc === '?' ? [] : this.byVpc.get('?') ?? [])].filter((c) => c.atom < 0)));
    return list;
  }

  /** Frontier classes (exact address) whose egress rules reference group `g`. */
  byEgressGroup(vpc: string, g: string): SourceClass[] {
    let m = this.egressGroups.get(vpc);
    if (!m) {
      m = new Map();
      for (const c of this.byVpc.get(vpc) ?? []) {
        if (c.atom < 0 || c.egressAll) continue;
        for (const r of orderedRules(this.topo, c.rep.groupIds, 'egress')) {
          if (r.peer.kind === 'group') (m.get(r.peer.groupId) ?? m.set(r.peer.groupId, []).get(r.peer.groupId)!).push(c);
        }
      }
      this.egressGroups.set(vpc, m);
    }
    return m.get(g) ?? [];
  }

  find(vpc: string, to: Endpoint, toKey: string, rule: Rule, limit: Traffic, exclude?: Endpoint): Hit | null {
    const unions = this.unions(vpc, to, toKey);
    const want = ruleTraffic(rule).intersect(limit);
    if (want.isEmpty()) return null;
    for (const [lo, hi] of ruleSources(rule, this.topo)[4].ranges as readonly (readonly [number, number])[]) {
      const first = this.atoms.of(lo);
      const last = this.atoms.of(hi);
      for (let a = first; a <= last; a++) {
        const u = unions.get(a);
        if (!u || u.traffic.intersect(want).isEmpty()) continue;
        for (const { c, t } of u.classes) {
          if (c.rep === exclude) continue;
          const carried = t.intersect(want);
          if (!carried.isEmpty()) return { c, t: carried };
        }
      }
    }
    return null;
  }

  private unions(vpc: string, to: Endpoint, toKey: string): Map<number, { traffic: Traffic; classes: { c: SourceClass; t: Traffic }[] }> {
    const key = `${vpc}#${toKey}`;
    let m = this.byTarget.get(key);
    if (m) return m;
    m = new Map();
    const st = to.subnetIds[0];
    const aTo = this.topo.addresses(to).single!;
    for (const c of this.byVpc.get(vpc) ?? []) {
      if (c.atom < 0) continue;
      let t = Traffic.ALL;
      if (!c.egressAll) {
        const addrRules = orderedRules(this.topo, c.rep.groupIds, 'egress').filter((r) => r.peer.kind !== 'group');
        t = allowedBy(addrRules, (r) => ruleMatchesEndpoint(r, to, this.topo));
      }
      if (t.isEmpty()) continue;
      if (c.subnet && st && c.subnet !== st) {
        const aFrom = this.topo.addresses(c.rep).single!;
        const nk = `${c.subnet}|${c.atom}|${st}|${this.atoms.of(aTo)}`;
        let n = this.naclMemo.get(nk);
        if (!n) {
          const nFrom = this.topo.naclFor(c.subnet);
          const nTo = this.topo.naclFor(st);
          n = naclAllowed(nTo, false, 4, aFrom).intersect(naclAllowed(nFrom, true, 4, aTo)).intersect(replyMaskPair(nTo, aFrom, nFrom, aTo, 4));
          this.naclMemo.set(nk, n);
        }
        t = t.intersect(n);
        if (t.isEmpty()) continue;
      }
      const u = m.get(c.atom) ?? m.set(c.atom, { traffic: Traffic.NONE, classes: [] }).get(c.atom)!;
      u.traffic = u.traffic.union(t);
      u.classes.push({ c, t });
    }
    this.byTarget.set(key, m);
    return m;
  }
}

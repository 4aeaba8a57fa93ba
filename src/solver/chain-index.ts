import type { Endpoint, Rule } from '../model/network.js';
import { cidrSet4 } from '../net/addresses.js';
import { ruleMatchesEndpoint } from './edges.js';
import { allowedBy, naclBetween, ruleSources, ruleTraffic } from './layers.js';
import type { Topology } from './topology.js';
import { Traffic } from './traffic.js';

/* Indexes the chained-path search keeps per run or per BFS level (see chains.ts). */

/** Frontier endpoints that behave identically as a source: same VPC, subnet, egress rules and address atom. */
export interface SourceClass {
  /** Small integer id (per level) for memo keys. */
  id: number;
  rep: Endpoint;
  /** The representative's index in `topo.running`. */
  repIndex: number;
  vpc: string;
  subnet: string | undefined;
  atom: number;
  /** The representative's first IPv4 address (what NACL checks use), or -1. */
  firstV4: number;
  /** NACL memo key of the sending side: subnet and address atom (or address). */
  naclFromId: number;
  /** Egress allows every protocol to every address (the common case): no per-target check needed. */
  egressAll: boolean;
  /** Its egress rules name no groups, so only the target's subnet and address atom matter to it. */
  egressByAddress: boolean;
  /** Its egress rules in evaluation order. */
  egress: Rule[];
  /** The first member's groups, and (once a second member joins) every group the class is listed under. */
  firstGroups: Int32Array;
  listed: Set<number> | null;
}

/** A source class found, and the traffic it carries. */
export interface Hit {
  c: SourceClass;
  t: Traffic;
}

/** (target key, rule shape, source) -> the source class found, or null: nested maps over integers. */
export class Memo {
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

/** (a, b) -> value: nested maps over integers. */
export class PairMemo<V> {
  private readonly m = new Map<number, Map<number, V>>();
  get(a: number, b: number): V | undefined {
    return this.m.get(a)?.get(b);
  }
  set(a: number, b: number, v: V): void {
    let x = this.m.get(a);
    if (!x) this.m.set(a, (x = new Map()));
    x.set(b, v);
  }
}

/** Source names per peer kind: the same string in one kind is the same source (ids, not strings, key the shapes below). */
const sourceIds = { cidr4: new Map<string, number>(), cidr6: new Map<string, number>(), group: new Map<string, number>(), prefixList: new Map<string, number>() };
let sourceCount = 1; // 0: every unknown peer (all addresses, marked unknown)
/** Per shared Traffic object, per source id: the shape id. */
const shapes = new Map<Traffic, Map<number, number>>();
let shapeCount = 0;

function sourceId(kind: keyof typeof sourceIds, name: string): number {
  const m = sourceIds[kind];
  let id = m.get(name);
  if (id === undefined) m.set(name, (id = sourceCount++));
  return id;
}

/**
 * A rule's identity for memoisation: its source and its traffic, not which group holds it, as a
 * small integer. Rules share their Traffic object per port shape (layers.ts), so its identity
 * names the shape. A few map lookups, so not cached per rule (a WeakMap entry costs more).
 */
export function shapeId(r: Rule, traffic: Traffic = ruleTraffic(r)): number {
  const p = r.peer;
  const src = p.kind === 'group' ? sourceId('group', p.groupId) : p.kind === 'cidr4' || p.kind === 'cidr6' ? sourceId(p.kind, p.cidr) : p.kind === 'prefixList' ? sourceId('prefixList', p.id) : 0;
  let bySource = shapes.get(traffic);
  if (!bySource) shapes.set(traffic, (bySource = new Map()));
  let id = bySource.get(src);
  if (id === undefined) bySource.set(src, (id = shapeCount++));
  return id;
}

/** Index of the IPv4 atom (between consecutive boundaries of every rule and NACL CIDR) an address falls in. */
export class AtomIndex {
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
    for (const n of topo.network.nacls) for (const e of n.entries) add(cidrSet4([e.cidr]).ranges);
    this.cuts = [...set].sort((a, b) => a - b);
  }

  /** How many atoms there are (`of` returns 0 .. count - 1). */
  get count(): number {
    return this.cuts.length + 1;
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

/** `naclBetween` memoised by (subnet, address atom) on both sides: endpoints in one atom share it. */
export class NaclPairs {
  private readonly memo = new PairMemo<Traffic>();

  constructor(private readonly topo: Topology) {}

  /** Between a source class and a target in another subnet (`toKeyId`: its subnet and atom). */
  get(c: SourceClass, toSubnet: string, aTo: number, toKeyId: number): Traffic {
    let n = this.memo.get(c.naclFromId, toKeyId);
    if (!n) this.memo.set(c.naclFromId, toKeyId, (n = naclBetween(this.topo, c.subnet!, c.firstV4, toSubnet, aTo)));
    return n;
  }
}

/** A target as the per-level indexes see it (computed once per target, see chain-endpoints.ts). */
export interface TargetKey {
  to: Endpoint;
  vpc: string;
  /** VPC, subnet, address atom (and the LB's listeners): what address-only answers depend on. */
  toKeyId: number;
  /** Its one IPv4 address. */
  single: number;
  /** Subnet and atom, for the NACL memo. */
  naclKeyId: number;
}

type Unions = Map<number, { traffic: Traffic; classes: { c: SourceClass; t: Traffic }[] }>;

/**
 * Per BFS level: for a target (subnet, address atom), the traffic each frontier address atom can
 * send it — the union over the classes in that atom of (address-based egress ∩ NACLs between the
 * subnets). An IPv4 ingress rule then needs only the atoms inside its CIDR: exact, and independent
 * of how many endpoints are in the frontier.
 */
export class Senders {
  private readonly byTarget = new Map<number, Unions>();
  private readonly egressGroups = new Map<string, Map<number, SourceClass[]>>();
  private readonly inexact = new Map<string, SourceClass[]>();

  constructor(
    private readonly topo: Topology,
    private readonly atoms: AtomIndex,
    private readonly nacls: NaclPairs,
    private readonly byVpc: Map<string, SourceClass[]>,
  ) {}

  /** Frontier classes without one exact address (their addresses are subnet ranges). */
  withoutExactAddress(vpc: string): SourceClass[] {
    let list = this.inexact.get(vpc);
    if (!list) this.inexact.set(vpc, (list = [...(this.byVpc.get(vpc) ?? []), ...(vpc === '?' ? [] : this.byVpc.get('?') ?? [])].filter((c) => c.atom < 0)));
    return list;
  }

  /** Frontier classes (exact address) whose egress rules reference a group, by group index (few: a map, not an array per VPC). */
  byEgressGroup(vpc: string): Map<number, SourceClass[]> {
    let m = this.egressGroups.get(vpc);
    if (!m) {
      m = new Map();
      for (const c of this.byVpc.get(vpc) ?? []) {
        if (c.atom < 0 || c.egressAll) continue;
        for (const r of c.egress) {
          if (r.peer.kind !== 'group') continue;
          const g = this.topo.groupIndex(r.peer.groupId);
          const list = m.get(g);
          if (!list) m.set(g, [c]);
          else if (list[list.length - 1] !== c) list.push(c);
        }
      }
      this.egressGroups.set(vpc, m);
    }
    return m;
  }

  /** The first frontier class that `rule`'s sources contain and that can send the target `want` (the rule's traffic within what the target accepts). */
  find(x: TargetKey, rule: Rule, want: Traffic): Hit | null {
    if (want.isEmpty()) return null;
    const unions = this.unions(x);
    for (const [lo, hi] of ruleSources(rule, this.topo)[4].ranges as readonly (readonly [number, number])[]) {
      const first = this.atoms.of(lo);
      const last = this.atoms.of(hi);
      for (let a = first; a <= last; a++) {
        const u = unions.get(a);
        if (!u || u.traffic.intersect(want).isEmpty()) continue;
        for (const { c, t } of u.classes) {
          const carried = t.intersect(want);
          if (!carried.isEmpty()) return { c, t: carried };
        }
      }
    }
    return null;
  }

  private unions(x: TargetKey): Unions {
    let m = this.byTarget.get(x.toKeyId);
    if (m) return m;
    m = new Map();
    const st = x.to.subnetIds[0];
    for (const c of this.byVpc.get(x.vpc) ?? []) {
      if (c.atom < 0) continue;
      let t = Traffic.ALL;
      if (!c.egressAll) {
        const addrRules = c.egress.filter((r) => r.peer.kind !== 'group');
        t = allowedBy(addrRules, (r) => ruleMatchesEndpoint(r, x.to, this.topo));
      }
      if (t.isEmpty()) continue;
      if (c.subnet && st && c.subnet !== st) {
        t = t.intersect(this.nacls.get(c, st, x.single, x.naclKeyId));
        if (t.isEmpty()) continue;
      }
      const u = m.get(c.atom) ?? m.set(c.atom, { traffic: Traffic.NONE, classes: [] }).get(c.atom)!;
      u.traffic = u.traffic.union(t);
      u.classes.push({ c, t });
    }
    this.byTarget.set(x.toKeyId, m);
    return m;
  }
}

import type { Rule } from '../../model/network.js';
import { edgeTraffic, ruleMatchesEndpoint } from '../edges.js';
import { InternetSolver, NOT_EXPOSED } from '../internet.js';
import { ruleSources, type Sources } from '../layers.js';
import type { Topology } from '../topology.js';
import { Traffic } from '../traffic.js';
import { EndpointClasses } from './classes.js';

/** A connection class `to` can be opened on from the class it leaves, and what it carries. */
export interface ClassEdge {
  to: number;
  traffic: Traffic;
}

const sameVpc = (a: string, b: string): boolean => a === b || a === '?' || b === '?';

/**
 * "Can open a connection to" between endpoint classes, plus the internet's direct edges. A
 * class's outgoing edges are found from the rules that can admit it (group references naming one
 * of its groups, address rules whose sources hold its addresses), evaluated once on
 * representatives and kept: a query touches only the classes it reaches.
 */
export class ReachGraph {
  readonly classes: EndpointClasses;
  private readonly out: (ClassEdge[] | undefined)[];
  private internetEdges: ClassEdge[] | undefined;
  /** Target group ids by the group a rule references. */
  private readonly referencedBy = new Map<string, Set<string>>();
  /** Address rules by source set (rules share them per CIDR): one rule to test with, and the groups holding them. */
  private readonly byAddress = new Map<Sources, { rule: Rule; groups: Set<string> }>();
  /** Network load balancers without groups admit every source in their VPC. */
  private readonly openClasses: number[] = [];

  constructor(readonly topo: Topology) {
    this.classes = new EndpointClasses(topo);
    this.out = new Array<ClassEdge[] | undefined>(this.classes.list.length);
    for (const g of topo.network.groups) {
      for (const r of g.rules) {
        if (r.direction !== 'ingress' || r.action !== 'allow') continue;
        if (r.peer.kind === 'group') {
          const s = this.referencedBy.get(r.peer.groupId) ?? new Set<string>();
          this.referencedBy.set(r.peer.groupId, s.add(g.id));
          continue;
        }
        const src = ruleSources(r, topo);
        const x = this.byAddress.get(src) ?? { rule: r, groups: new Set<string>() };
        this.byAddress.set(src, x);
        x.groups.add(g.id);
      }
    }
    for (const c of this.classes.list) {
      const e = this.classes.rep(c.id);
      if (e.kind === 'load-balancer' && e.lbType === 'network' && e.groupIds.length === 0) this.openClasses.push(c.id);
    }
  }

  get size(): number {
    return this.classes.list.length;
  }

  /** Classes the internet reaches directly (IPv4 or IPv6), with what it can send them. */
  fromInternet(): ClassEdge[] {
    if (!this.internetEdges) {
      const solver = new InternetSolver(this.topo);
      this.internetEdges = [];
      for (const c of this.classes.list) {
        const i = c.members[0]!;
        const x = solver.exposure(this.topo.running[i]!, i);
        if (x === NOT_EXPOSED) continue;
        // Rules name protocol numbers, not families: ICMP arrives over IPv4, ICMPv6 over IPv6.
        const t = x.v4.filter((p) => p !== 'icmp6').union(x.v6.filter((p) => p !== 'icmp'));
        if (!t.isEmpty()) this.internetEdges.push({ to: c.id, traffic: t });
      }
    }
    return this.internetEdges;
  }

  /** Edges out of class `c` (computed once). */
  edgesFrom(c: number): ClassEdge[] {
    let edges = this.out[c];
    if (!edges) this.out[c] = edges = this.compute(c);
    return edges;
  }

  private compute(c: number): ClassEdge[] {
    const { list } = this.classes;
    const from = list[c]!;
    const rep = this.classes.rep(c);
    const targetGroups = new Set<string>();
    for (const g of from.groups) for (const t of this.referencedBy.get(g) ?? []) targetGroups.add(t);
    for (const { rule, groups } of this.byAddress.values()) if (ruleMatchesEndpoint(rule, rep, this.topo)) for (const g of groups) targetGroups.add(g);
    const candidates = new Set<number>(this.openClasses);
    for (const g of targetGroups) for (const t of this.classes.byGroup.get(g) ?? []) candidates.add(t);
    const edges: ClassEdge[] = [];
    for (const t of [...candidates].sort((a, b) => a - b)) {
      const to = list[t]!;
      if (!sameVpc(from.vpc, to.vpc)) continue;
      const traffic = t === c ? this.withinClass(c) : edgeTraffic(rep, this.classes.rep(t), this.topo);
      if (!traffic.isEmpty()) edges.push({ to: t, traffic });
    }
    return edges;
  }

  /** Between two members of one class (none when it has one member). */
  private withinClass(c: number): Traffic {
    const m = this.classes.list[c]!.members;
    return m.length < 2 ? Traffic.NONE : edgeTraffic(this.topo.running[m[0]!]!, this.topo.running[m[1]!]!, this.topo);
  }
}

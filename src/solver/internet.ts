import type { Endpoint, Nacl, Rule } from '../model/network.js';
import { PUBLIC_V4, PUBLIC_V6 } from '../net/addresses.js';
import type { IntervalSet, Scalar } from '../net/interval-set.js';
import { listenerTraffic } from './edges.js';
import { allowedBy, atoms, naclAllowed, naclEntries, orderedRules, replyMask, routedToInternet, ruleSources, ruleTraffic, type AddrSet, type Family, type Sources } from './layers.js';
import type { Topology } from './topology.js';
import { Traffic } from './traffic.js';

export interface InternetExposure {
  v4: Traffic;
  v6: Traffic;
  /** Why the answer may be wrong (unknown values it depends on); empty when exact. */
  may: string[];
}

export const NOT_EXPOSED: InternetExposure = Object.freeze({ v4: Traffic.NONE, v6: Traffic.NONE, may: Object.freeze([]) as unknown as string[] });
const NOTHING: Partial = { traffic: Traffic.NONE, may: [] };
const PUBLIC: Record<Family, AddrSet> = { 4: PUBLIC_V4, 6: PUBLIC_V6 };

interface SubnetContext {
  nacl: Nacl | null | 'unknown';
  sources: AddrSet;
  key: string;
  routedUnknown?: string;
}
const has = (s: AddrSet, x: Scalar): boolean => (s as IntervalSet<Scalar>).has(x);
const overlaps = (a: AddrSet, b: AddrSet): boolean => (a as IntervalSet<Scalar>).overlaps(b as IntervalSet<Scalar>);

interface Partial {
  traffic: Traffic;
  may: string[];
}

/**
 * What internet clients can reach on an endpoint, per address family: public address, route to an
 * internet gateway (longest prefix), NACL in and the NACL for the reply, and the groups. Because
 * allow-only groups are a union, the answer is the union of each group's answer in the subnet's
 * context, so it is computed once per (group, subnet context) and shared by every member.
 */
export class InternetSolver {
  private readonly sources: Record<Family, AddrSet>;

  /** `from`: only these source addresses count as the internet (`explain --from CIDR`); default all public ones. */
  constructor(private readonly topo: Topology, from?: Record<Family, AddrSet>) {
    this.sources = from ? { 4: (PUBLIC[4] as IntervalSet<Scalar>).intersect(from[4] as IntervalSet<Scalar>) as AddrSet, 6: (PUBLIC[6] as IntervalSet<Scalar>).intersect(from[6] as IntervalSet<Scalar>) as AddrSet } : PUBLIC;
  }

  /** Endpoint `e` is `topo.running[i]`: its groups are read as group indices. */
  exposure(e: Endpoint, i: number): InternetExposure {
    if (e.publicIp === false && !e.hasIpv6) return NOT_EXPOSED; // no public address in either family
    const may: string[] = [];
    const v4 = this.family(e, i, 4, may);
    const v6 = this.family(e, i, 6, may);
    // Most endpoints are not exposed and depend on nothing unknown: one shared answer for them.
    if (v4 === Traffic.NONE && v6 === Traffic.NONE && may.length === 0) return NOT_EXPOSED;
    return { v4, v6, may: may.length ? [...new Set(may)] : [] };
  }

  private family(e: Endpoint, i: number, f: Family, may: string[]): Traffic {
    if (f === 4 && e.publicIp === false) return Traffic.NONE;
    if (f === 6 && !e.hasIpv6) return Traffic.NONE;
    if (f === 4 && e.publicIp === 'unknown') may.push('whether it has a public IP is not known statically');
    let result = Traffic.NONE;
    const subnets = e.subnetIds.length ? e.subnetIds : [null];
    for (const s of subnets) {
      const known = s !== null && this.topo.subnets.has(s);
      if (!known) may.push(s === null ? 'its subnet is not known' : `subnet ${s} is not in the input`);
      const ctx = known ? this.context(s, f) : this.unknownContext(f);
      if (ctx.routedUnknown) may.push(ctx.routedUnknown);
      if (ctx.sources.isEmpty()) continue;
      if (ctx.nacl === 'unknown') may.push(`the network ACL of ${s} is not in the input`);
      result = result.union(this.groupsIn(e, i, ctx, f, may));
    }
    return this.listenerFilter(e, result, may);
  }

  private readonly contexts = { 4: new Map<string, SubnetContext>(), 6: new Map<string, SubnetContext>() };
  /** Allow-only: each group's answer per context (by context key, then group index; a context sees few groups). */
  private readonly byContext = new Map<string, Map<number, Partial>>();

  /** Per subnet and family: its NACL, and the public sources its route table brings in (cached). */
  private context(subnet: string, f: Family): SubnetContext {
    let c = this.contexts[f].get(subnet);
    if (!c) {
      const table = this.topo.routeTableFor(subnet);
      const routed = routedToInternet(table, f, this.topo, subnet);
      const nacl = this.topo.naclFor(subnet);
      c = {
        nacl, sources: (this.sources[f] as IntervalSet<Scalar>).intersect(routed.set as IntervalSet<Scalar>) as AddrSet,
        key: `${typeof nacl === 'object' && nacl ? nacl.id : String(nacl)}|${table?.id ?? '?'}|${f}`, ...(routed.unknown ? { routedUnknown: routed.unknown } : {}),
      };
      this.contexts[f].set(subnet, c);
    }
    return c;
  }

  private unknownContext(f: Family): SubnetContext {
    return { nacl: null, sources: this.sources[f], key: `none|?|${f}`, routedUnknown: 'its route table is not known' };
  }

  private groupsIn(e: Endpoint, i: number, ctx: SubnetContext, f: Family, may: string[]): Traffic {
    const { nacl, sources } = ctx;
    // A network load balancer without groups filters nothing (AWS: "all client traffic can reach the listeners").
    if (e.kind === 'load-balancer' && e.lbType === 'network' && e.groupIds.length === 0) return this.evaluate(ALL_RULE, nacl, sources, f).traffic;
    const { start, list } = this.topo.endpointGroupIndex;
    for (let k = start[i]!; k < start[i + 1]!; k++) if (!this.described(list[k]!)) may.push(`group ${this.topo.groupIdAt(list[k]!)} is not fully described in the input`);
    // With deny rules somewhere, this endpoint's rules in evaluation order, unless they all allow.
    const rules = this.topo.allowOnly ? null : orderedRules(this.topo, e.groupIds, 'ingress');
    if (rules && !rules.every((r) => r.action === 'allow')) {
      const p = this.evaluate(rules, nacl, sources, f);
      for (const m of p.may) may.push(m);
      return p.traffic;
    }
    let out = Traffic.NONE;
    let byGroup: Map<number, Partial> | undefined;
    for (let k = start[i]!; k < start[i + 1]!; k++) {
      const g = list[k]!;
      const candidates = this.internetRules(g, f);
      if (!candidates) continue; // admits no internet address in any context
      if (!byGroup && !(byGroup = this.byContext.get(ctx.key))) this.byContext.set(ctx.key, (byGroup = new Map()));
      let p = byGroup.get(g);
      if (!p) byGroup.set(g, (p = this.evaluate(candidates, nacl, sources, f, ctx.key)));
      out = out.union(p.traffic);
      for (const m of p.may) may.push(m);
    }
    return out;
  }

  /** Per family, per group index: its ingress rules from addresses that include public ones, or null when none. */
  private readonly publicRules: Record<Family, (Rule[] | null | undefined)[] | undefined> = { 4: undefined, 6: undefined };

  /**
   * Group `g`'s rules that could admit some internet address: not group references, and sources
   * overlapping public space (every context's sources are within it). Most groups' rules name only
   * private ranges and peers: those groups are skipped in every context without being evaluated.
   */
  private internetRules(g: number, f: Family): Rule[] | null {
    const slots = (this.publicRules[f] ??= this.topo.groupSlots());
    let x = slots[g];
    if (x === undefined) {
      const list = this.topo.rulesAt(g, 'ingress').filter((r) => r.peer.kind !== 'group' && overlaps(ruleSources(r, this.topo)[f], this.sources[f]));
      slots[g] = x = list.length ? list : null;
    }
    return x;
  }

  /** Whether each group (by index) is in the input and fully described. */
  private describedFlags: (boolean | undefined)[] | undefined;
  private described(g: number): boolean {
    const flags = (this.describedFlags ??= this.topo.groupSlots());
    let d = flags[g];
    if (d === undefined) {
      const group = this.topo.groups.get(this.topo.groupIdAt(g));
      flags[g] = d = !!group && !group.external;
    }
    return d;
  }

  /** Exact over equivalence classes of source addresses (atoms of every boundary involved). */
  private evaluate(all: readonly Rule[], nacl: Nacl | null | 'unknown', sources: AddrSet, f: Family, ctx?: string): Partial {
    // A group reference matches members' private addresses, never traffic from the internet.
    const rules = all.filter((r) => r.peer.kind !== 'group' && overlaps(ruleSources(r, this.topo)[f], sources));
    if (rules.length === 0) return NOTHING;
    if (ctx !== undefined && rules.every((r) => r.action === 'allow' && !r.unknowns.length && !ruleSources(r, this.topo).unknown)) {
      // Allow-only and exact: a union over rules of (rule traffic ∩ what the NACLs pass from its sources).
      let byCtx = this.admittedCache.get(ctx);
      if (!byCtx) this.admittedCache.set(ctx, (byCtx = new Map()));
      let traffic = Traffic.NONE;
      for (const r of rules) {
        // Rules share their Sources (per CIDR) and Traffic (per port shape) objects: memoised by identity.
        const src = ruleSources(r, this.topo);
        let a = byCtx.get(src);
        if (!a) byCtx.set(src, (a = { admitted: this.admitted(src, nacl, sources, f), byTraffic: new Map() }));
        const rt = ruleTraffic(r);
        let t = a.byTraffic.get(rt);
        if (!t) a.byTraffic.set(rt, (t = rt.intersect(a.admitted)));
        traffic = traffic.union(t);
      }
      return { traffic, may: [] };
    }
    const sets: AddrSet[] = rules.map((r) => ruleSources(r, this.topo)[f]);
    if (nacl && nacl !== 'unknown') for (const eg of [false, true]) for (const x of naclEntries(nacl, eg, f)) sets.push(x.set);
    let traffic = Traffic.NONE;
    const may = new Set<string>();
    for (const rep of atoms(sets, sources)) {
      const sg = allowedBy(rules, (r) => has(ruleSources(r, this.topo)[f], rep));
      if (sg.isEmpty()) continue;
      const t = sg.intersect(naclAllowed(nacl, false, f, rep)).intersect(replyMask(nacl, true, f, rep));
      if (t.isEmpty()) continue;
      traffic = traffic.union(t);
      for (const r of rules) {
        const unknown = ruleSources(r, this.topo).unknown ?? (r.unknowns.length ? r.unknowns[0] : undefined);
        if (unknown && has(ruleSources(r, this.topo)[f], rep)) may.add(`${r.origin.address ?? r.groupId} ${r.key}: ${unknown}`);
      }
    }
    return { traffic, may: [...may] };
  }

  /** Per context key, per rule source set: what the NACL passes from it, and that met with each rule traffic. */
  private readonly admittedCache = new Map<string, Map<Sources, { admitted: Traffic; byTraffic: Map<Traffic, Traffic> }>>();

  /** What the NACL passes (request in, reply out) from some internet address of a rule's sources. */
  private admitted(src: Sources, nacl: Nacl | null | 'unknown', sources: AddrSet, f: Family): Traffic {
    const within = (src[f] as IntervalSet<Scalar>).intersect(sources as IntervalSet<Scalar>) as AddrSet;
    let t = Traffic.NONE;
    const sets = nacl && nacl !== 'unknown' ? [false, true].flatMap((eg) => naclEntries(nacl, eg, f).map((x) => x.set)) : [];
    for (const rep of atoms(sets, within)) t = t.union(naclAllowed(nacl, false, f, rep).intersect(replyMask(nacl, true, f, rep)));
    return t;
  }

  /** Load balancers accept only on their listener ports. */
  private listenerFilter(e: Endpoint, t: Traffic, may: string[]): Traffic {
    if (e.kind !== 'load-balancer' || t.isEmpty()) return t;
    if (!e.listeners) return t;
    if (e.listeners.length === 0 && e.unknowns.some((u) => u.includes('listener'))) {
      may.push('its listener ports are not known statically');
      return t;
    }
    return t.intersect(listenerTraffic(e));
  }
}

const ALL_RULE: Rule[] = [{
  key: 'no-security-groups', groupId: '', direction: 'ingress', action: 'allow', priority: 0, protocol: -1, ports: null,
  peer: { kind: 'cidr4', cidr: '0.0.0.0/0' }, origin: { file: '', line: 0, column: 0 }, unknowns: [],
}, {
  key: 'no-security-groups-v6', groupId: '', direction: 'ingress', action: 'allow', priority: 0, protocol: -1, ports: null,
  peer: { kind: 'cidr6', cidr: '::/0' }, origin: { file: '', line: 0, column: 0 }, unknowns: [],
}];

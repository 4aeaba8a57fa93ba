import type { Rule } from '../model/network.js';
import type { AtomIndex } from './chain-index.js';
import type { ChainEndpoints, RuleSet } from './chain-endpoints.js';
import { ruleSources } from './layers.js';
import type { Topology } from './topology.js';

/**
 * Which ingress rules can ever admit a source in a given VPC: a rule naming a group with no member
 * there (or in no known VPC), or an address range no endpoint there falls in, admits nobody at any
 * BFS level. Skipping such rules is exact (sources always share the target's VPC or have none
 * known), and a target left with none can never be reached, so the search drops it at once instead
 * of asking again at every level. Every running endpoint counts, reachable or not: a necessary
 * condition only.
 */
export class LiveRules {
  /** Per VPC index: which IPv4 address atoms its endpoints occupy, and whether any has addresses we cannot place. */
  private readonly occupied: { atoms: Uint8Array; anywhere: boolean }[] = [];
  /** Per group index: the VPC indices its members are in. */
  private readonly groupVpcs: (number[] | undefined)[];
  /** Per VPC index: group index -> its live rules (a VPC uses few of all groups: maps, not arrays). */
  private readonly live: Map<number, RuleSet>[] = [];
  /** The index of "VPC not known" (its endpoints may meet any source), or -1. */
  readonly unknownVpc: number;
  /** Per (VPC, group): 0 not yet known, 1 no live rule, 2 some; null when VPCs x groups is too large for one array. */
  private readonly anyLive: Uint8Array | null;

  constructor(
    private readonly topo: Topology,
    private readonly eps: ChainEndpoints,
    private readonly atoms: AtomIndex,
  ) {
    this.unknownVpc = eps.vpcNames.indexOf('?');
    this.groupVpcs = topo.groupSlots();
    const cells = eps.vpcNames.length * this.groupVpcs.length;
    this.anyLive = cells <= 1 << 24 ? new Uint8Array(cells) : null;
    for (let v = 0; v < eps.vpcNames.length; v++) {
      this.occupied.push({ atoms: new Uint8Array(atoms.count), anywhere: false });
      this.live.push(new Map());
    }
    const { start, list } = topo.endpointGroupIndex;
    for (let i = 0; i < topo.running.length; i++) {
      const v = eps.vpcIdx[i]!;
      const o = this.occupied[v]!;
      if (eps.singles[i]! >= 0) o.atoms[eps.atom[i]!] = 1;
      else this.place(i, o);
      for (let k = start[i]!; k < start[i + 1]!; k++) {
        const vpcs = this.groupVpcs[list[k]!] ?? (this.groupVpcs[list[k]!] = []);
        if (!vpcs.includes(v)) vpcs.push(v);
      }
    }
  }

  /** An endpoint with several (or no exact) addresses: its ranges' atoms, or anywhere when not IPv4-exact. */
  private place(i: number, o: { atoms: Uint8Array; anywhere: boolean }): void {
    const a = this.topo.addresses(this.topo.running[i]!);
    if (!a.exact || !a.v6.isEmpty()) {
      o.anywhere = true;
      return;
    }
    for (const [lo, hi] of a.v4.ranges) for (let x = this.atoms.of(lo), last = this.atoms.of(hi); x <= last; x++) o.atoms[x] = 1;
  }

  /** Whether group `g` has a rule that can admit some source in VPC index `vpc` (a flat array: asked for every endpoint's groups). */
  hasLive(g: number, vpc: number): boolean {
    const flags = this.anyLive;
    const at = vpc * this.groupVpcs.length + g;
    if (!flags || g >= this.groupVpcs.length) return this.rules(g, vpc).rules.length > 0;
    if (flags[at] === 0) flags[at] = this.rules(g, vpc).rules.length > 0 ? 2 : 1;
    return flags[at] === 2;
  }

  /** Group `g`'s allow rules that can admit some source in VPC index `vpc` (all of them when the VPC is not known). */
  rules(g: number, vpc: number): RuleSet {
    const all = this.eps.groupRuleSet(g);
    if (vpc === this.unknownVpc) return all;
    const byGroup = this.live[vpc]!;
    let set = byGroup.get(g);
    if (!set) {
      const keep: number[] = [];
      for (let i = 0; i < all.rules.length; i++) if (this.canAdmit(all.rules[i]!, all.peerGroup[i]!, vpc)) keep.push(i);
      set = keep.length === all.rules.length ? all : { rules: keep.map((i) => all.rules[i]!), traffic: keep.map((i) => all.traffic[i]!), shapes: keep.map((i) => all.shapes[i]!), peerGroup: Int32Array.from(keep, (i) => all.peerGroup[i]!) };
      byGroup.set(g, set);
    }
    return set;
  }

  private canAdmit(r: Rule, peerGroup: number, vpc: number): boolean {
    if (peerGroup >= 0) {
      const vpcs = this.groupVpcs[peerGroup];
      return !!vpcs && (vpcs.includes(vpc) || vpcs.includes(this.unknownVpc));
    }
    const src = ruleSources(r, this.topo);
    if (src.unknown || r.peer.kind === 'unknown') return true;
    const ranges = src[4].ranges as readonly (readonly [number, number])[];
    return this.occupies(this.occupied[vpc], ranges) || this.occupies(this.occupied[this.unknownVpc], ranges);
  }

  private occupies(o: { atoms: Uint8Array; anywhere: boolean } | undefined, ranges: readonly (readonly [number, number])[]): boolean {
    if (!o) return false;
    if (o.anywhere) return true;
    for (const [lo, hi] of ranges) for (let x = this.atoms.of(lo), last = this.atoms.of(hi); x <= last; x++) if (o.atoms[x]) return true;
    return false;
  }
}

import type { Endpoint } from '../../model/network.js';
import { cidrSet4, cidrSet6 } from '../../net/addresses.js';
import { ruleSources } from '../layers.js';
import type { Topology } from '../topology.js';

/**
 * Endpoints that every layer treats alike: same VPC, groups, subnets, public-address state, kind
 * and address atom (the cells that every address rule and NACL entry cut the address space into).
 * Any two members can be swapped in any connection without changing what it carries, so paths are
 * searched between classes, never between endpoint pairs. A load balancer is a class of its own
 * (its targets are endpoints), and a load-balancer target's key names the balancers and ports.
 */
export interface EndpointClass {
  id: number;
  /** Indices in `topo.running`, ascending. */
  members: number[];
  /** VPC id, or '?' when not known (then it may meet any VPC). */
  vpc: string;
  /** Group ids, sorted and without repeats. */
  groups: string[];
}

type Cuts<T> = T[];

/** Sorted boundaries of every address rule and NACL entry, per family. */
class AddressAtoms {
  private readonly v4: Cuts<number>;
  private readonly v6: Cuts<bigint>;

  constructor(topo: Topology) {
    const c4 = new Set<number>();
    const c6 = new Set<bigint>();
    const add4 = (ranges: readonly (readonly [number, number])[]): void => ranges.forEach(([lo, hi]) => (c4.add(lo), c4.add(hi + 1)));
    const add6 = (ranges: readonly (readonly [bigint, bigint])[]): void => ranges.forEach(([lo, hi]) => (c6.add(lo), c6.add(hi + 1n)));
    for (const g of topo.network.groups) {
      for (const r of g.rules) {
        if (r.peer.kind === 'group') continue; // matched by membership, which the key holds
        const s = ruleSources(r, topo);
        add4(s[4].ranges as readonly (readonly [number, number])[]);
        add6(s[6].ranges as readonly (readonly [bigint, bigint])[]);
      }
    }
    for (const n of topo.network.nacls) {
      for (const e of n.entries) {
        add4(cidrSet4([e.cidr]).ranges);
        add6(cidrSet6([e.cidr]).ranges);
      }
    }
    this.v4 = [...c4].sort((a, b) => a - b);
    this.v6 = [...c6].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  private static of<T>(cuts: Cuts<T>, x: T): number {
    let lo = 0;
    let hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cuts[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Which atoms the endpoint's addresses touch, in order: equal signatures overlap exactly the same
   * rule sources and NACL entries, and the first entry is the atom of the address NACLs check.
   */
  signature(topo: Topology, e: Endpoint): string {
    const a = topo.addresses(e);
    if (a.single !== undefined) return `s${AddressAtoms.of(this.v4, a.single)}`;
    let out = a.exact ? 'x' : 'r';
    for (const [lo, hi] of a.v4.ranges) out += `,${AddressAtoms.of(this.v4, lo)}-${AddressAtoms.of(this.v4, hi)}`;
    out += '/';
    for (const [lo, hi] of a.v6.ranges) out += `,${AddressAtoms.of(this.v6, lo)}-${AddressAtoms.of(this.v6, hi)}`;
    return out;
  }
}

export class EndpointClasses {
  readonly list: EndpointClass[] = [];
  /** Class id per index in `topo.running`. */
  readonly classOf: Int32Array;
  /** Classes whose members carry a group, by group id. */
  readonly byGroup = new Map<string, number[]>();

  constructor(readonly topo: Topology) {
    const running = topo.running;
    this.classOf = new Int32Array(running.length);
    const atoms = new AddressAtoms(topo);
    const lbTargets = targetsOfBalancers(running);
    const byKey = new Map<string, EndpointClass>();
    for (let i = 0; i < running.length; i++) {
      const e = running[i]!;
      const groups = [...new Set(e.groupIds)].sort();
      const vpc = topo.vpcOf(e) ?? '?';
      const key = [
        vpc, groups.join(','), e.subnetIds.join(','), String(e.publicIp), String(e.hasIpv6), e.kind,
        atoms.signature(topo, e), e.kind === 'load-balancer' ? `lb=${e.id}` : '', lbTargets.get(e.id) ?? '',
      ].join('|');
      let c = byKey.get(key);
      if (!c) {
        byKey.set(key, (c = { id: this.list.length, members: [], vpc, groups }));
        this.list.push(c);
        for (const g of groups) {
          const l = this.byGroup.get(g);
          if (l) l.push(c.id);
          else this.byGroup.set(g, [c.id]);
        }
      }
      c.members.push(i);
      this.classOf[i] = c.id;
    }
  }

  /** The class's first member, which stands for all of them. */
  rep(c: number): Endpoint {
    return this.topo.running[this.list[c]!.members[0]!]!;
  }
}

/** Per endpoint id: which load balancers forward to it, and on which ports (part of its class key). */
function targetsOfBalancers(running: Endpoint[]): Map<string, string> {
  const out = new Map<string, string[]>();
  for (const lb of running) {
    if (lb.kind !== 'load-balancer') continue;
    for (const t of lb.targets ?? []) {
      const l = out.get(t.endpointId) ?? [];
      l.push(`${lb.id}:${t.port ?? '*'}`);
      out.set(t.endpointId, l);
    }
  }
  return new Map([...out].map(([k, v]) => [k, v.sort().join(',')]));
}

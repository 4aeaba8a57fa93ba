import type { Rule } from '../model/network.js';
import { intern, shapeId, type AtomIndex, type TargetKey } from './chain-index.js';
import { parseIpv4 } from '../net/addresses.js';
import { listenerTraffic } from './edges.js';
import { orderedRules } from './layers.js';
import type { Topology } from './topology.js';
import { Traffic } from './traffic.js';

/*
 * What the chained-path search (chains.ts) needs of each endpoint, computed once per endpoint
 * (it does not change between BFS levels) and kept in arrays indexed by the endpoint's position
 * in `topo.running`: as a source, what its egress looks like; as a target, which rules to try,
 * their memo shapes, and the key that decides address-only answers.
 */

export interface Egress {
  all: boolean;
  /** Identifies the egress rules (allow-only: the sorted group set) as a small integer. */
  sigId: number;
  byAddress: boolean;
  /** In evaluation order; null until a source class needs them. */
  rules: Rule[] | null;
}

/** Allow rules to try, with their memo shapes and the index of the group each references (or -1). */
export interface RuleSet {
  rules: Rule[];
  shapes: number[];
  peerGroup: Int32Array;
}

/** What the search needs of a target, computed once: it does not change between levels. */
export interface TargetInfo extends TargetKey {
  /** Allow-only: one shared set per group (a union needs no order); else the endpoint's rules in evaluation order. Made on first use. */
  sets: RuleSet[] | null;
  limit: Traffic;
  /** Its first IPv4 address (what NACL checks use), or -1. */
  firstV4: number;
}

export class ChainEndpoints {
  private readonly vpcs: (string | undefined)[];
  private readonly singles: Float64Array;
  private readonly egress: (Egress | undefined)[];
  private readonly infos: (TargetInfo | undefined)[];
  private readonly groupEgress: (Egress | undefined)[] = [];
  private readonly groupSets: (RuleSet | undefined)[] = [];
  private readonly egressBySig = new Map<string, Egress>();

  constructor(
    private readonly topo: Topology,
    private readonly atoms: AtomIndex,
  ) {
    const n = topo.running.length;
    this.vpcs = new Array<string | undefined>(n);
    this.singles = new Float64Array(n).fill(-2); // -2: not computed yet, -1: no single IPv4 address
    this.egress = new Array<Egress | undefined>(n);
    this.infos = new Array<TargetInfo | undefined>(n);
  }

  /** The endpoint's VPC, or '?' when not known. */
  vpc(i: number): string {
    let v = this.vpcs[i];
    if (v === undefined) this.vpcs[i] = v = this.topo.vpcOf(this.topo.running[i]!) ?? '?';
    return v;
  }

  /** Its one IPv4 address (and no IPv6), or -1. */
  single(i: number): number {
    let s = this.singles[i]!;
    if (s === -2) {
      // The common one-address interface is parsed here, without caching an address object for it.
      const e = this.topo.running[i]!;
      s = e.privateIps.length === 1 && e.ipv6Ips.length === 0 ? parseIpv4(e.privateIps[0]!) : -1;
      if (s < 0) s = this.topo.addresses(e).single ?? -1;
      this.singles[i] = s;
    }
    return s;
  }

  groups(i: number): Int32Array {
    return this.topo.endpointGroups(i);
  }

  /** What an endpoint's egress looks like. */
  egressOf(i: number): Egress {
    let x = this.egress[i];
    if (!x) {
      const ids = this.topo.running[i]!.groupIds;
      if (this.topo.allowOnly) {
        // Allow-only: the egress is the union of each group's, so the group set identifies it.
        let all = false;
        let byAddress = true;
        const gs = this.groups(i);
        for (let k = 0; k < gs.length; k++) {
          const p = this.oneGroupEgress(gs[k]!);
          all ||= p.all;
          byAddress &&= p.byAddress;
        }
        const sig = all ? 'all' : ids.length === 1 ? ids[0]! : [...ids].sort().join(',');
        x = this.egressBySig.get(sig);
        if (!x) this.egressBySig.set(sig, (x = { all, sigId: intern(sig), byAddress, rules: null }));
      } else {
        const rules = orderedRules(this.topo, ids, 'egress');
        x = { all: false, sigId: -1, byAddress: rules.every((r) => r.peer.kind !== 'group'), rules };
      }
      this.egress[i] = x;
    }
    return x;
  }

  private oneGroupEgress(g: number): Egress {
    let x = this.groupEgress[g];
    if (!x) {
      const rules = this.topo.rulesAt(g, 'egress');
      const all = rules.some((r) => r.protocol === -1 && r.peer.kind === 'cidr4' && r.peer.cidr.endsWith('/0'));
      this.groupEgress[g] = x = { all, sigId: -1, byAddress: rules.every((r) => r.peer.kind !== 'group'), rules };
    }
    return x;
  }

  info(i: number): TargetInfo {
    let x = this.infos[i];
    if (!x) {
      const to = this.topo.running[i]!;
      const vpc = this.vpc(i);
      const single = this.single(i);
      const subnet = to.subnetIds[0] ?? '?';
      const atom = single >= 0 ? this.atoms.of(single) : -1;
      const firstV4 = single >= 0 ? single : this.topo.firstIpv4(to) ?? -1;
      x = {
        to, vpc, single, firstV4, sets: null,
        toKeyId: single >= 0 ? intern(`${vpc}|${subnet}|${atom}|${to.kind === 'load-balancer' ? to.id : ''}`) : -1,
        naclKeyId: firstV4 >= 0 ? intern(`${subnet}|${this.atoms.of(firstV4)}`) : -1,
        limit: to.kind === 'load-balancer' && to.listeners?.length ? listenerTraffic(to) : Traffic.ALL,
      };
      this.infos[i] = x;
    }
    return x;
  }

  /** The rule sets to try for target `i` (see TargetInfo.sets). */
  ruleSets(i: number): RuleSet[] {
    const x = this.info(i);
    if (!x.sets) {
      if (this.topo.allowOnly) {
        const gs = this.groups(i);
        x.sets = new Array<RuleSet>(gs.length);
        for (let k = 0; k < gs.length; k++) x.sets[k] = this.groupRuleSet(gs[k]!);
      } else x.sets = [ruleSet(orderedRules(this.topo, x.to.groupIds, 'ingress'), this.topo)];
    }
    return x.sets;
  }

  /** A group's allow rules (allow-only networks: a group's answer does not depend on the others). */
  groupRuleSet(g: number): RuleSet {
    let set = this.groupSets[g];
    if (!set) this.groupSets[g] = set = ruleSet(this.topo.rulesAt(g, 'ingress'), this.topo);
    return set;
  }
}

function ruleSet(rules: Rule[], topo: Topology): RuleSet {
  const allow = rules.filter((r) => r.action === 'allow');
  const peerGroup = new Int32Array(allow.length);
  allow.forEach((r, i) => (peerGroup[i] = r.peer.kind === 'group' ? topo.groupIndex(r.peer.groupId) : -1));
  return { rules: allow, shapes: allow.map(shapeId), peerGroup };
}

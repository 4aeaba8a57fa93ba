import type { Rule } from '../model/network.js';
import { shapeId, type AtomIndex, type TargetKey } from './chain-index.js';
import { listenerTraffic } from './edges.js';
import { orderedRules, ruleTraffic } from './layers.js';
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

/** Allow rules to try, with their traffic, memo shapes and the index of the group each references (or -1). */
export interface RuleSet {
  rules: Rule[];
  /** `ruleTraffic` of each rule, looked up once (the search reads it per attempt). */
  traffic: Traffic[];
  shapes: number[];
  peerGroup: Int32Array;
}

/** What the search needs of a target, computed once: it does not change between levels. */
export interface TargetInfo extends TargetKey {
  vpcIdx: number;
  /** Allow-only: one shared set per group (a union needs no order); else the endpoint's rules in evaluation order. Made on first use. */
  sets: RuleSet[] | null;
  limit: Traffic;
  /** Its first IPv4 address (what NACL checks use), or -1. */
  firstV4: number;
}

export class ChainEndpoints {
  /** Per endpoint: its VPC as an index into `vpcNames` ('?' when not known). */
  readonly vpcIdx: Int32Array;
  readonly vpcNames: string[] = [];
  /** Per endpoint: its VPC and first subnet as a small integer (endpoints in one place share subnet facts). */
  readonly place: Int32Array;
  /** Per endpoint: its one IPv4 address (and no IPv6), or -1; and that address's atom, or -1. */
  readonly singles: Float64Array;
  readonly atom: Int32Array;
  /** Per endpoint: 1 for a load balancer. */
  readonly isLb: Uint8Array;
  /** Target keys of load balancers start here (each has its own: its listeners limit what it accepts). */
  private readonly lbKeyBase: number;
  private readonly egress: (Egress | undefined)[];
  private readonly infos: (TargetInfo | undefined)[];
  private readonly groupEgress: (Egress | undefined)[];
  private readonly groupSets: (RuleSet | undefined)[];
  /** Allow-only egress by its group set (see groupSetKey; -1: allows everything). */
  private readonly egressBySig = new Map<number | string, Egress>();

  /** One pass over the endpoints turns the strings the search keys on into integers. */
  constructor(
    private readonly topo: Topology,
    private readonly atoms: AtomIndex,
  ) {
    const n = topo.running.length;
    this.vpcIdx = new Int32Array(n);
    this.place = new Int32Array(n);
    this.singles = new Float64Array(n);
    this.atom = new Int32Array(n);
    this.isLb = new Uint8Array(n);
    this.egress = new Array<Egress | undefined>(n);
    this.infos = new Array<TargetInfo | undefined>(n);
    this.groupEgress = topo.groupSlots();
    this.groupSets = topo.groupSlots();
    const vpcIndex = new Map<string, number>();
    const places = new Map<string, number>();
    // A subnet's place, keyed by the subnet alone while its endpoints agree on the VPC (the usual case: no key to build).
    const bySubnet = new Map<string, { vpc: number; place: number }>();
    for (let i = 0; i < n; i++) {
      const e = topo.running[i]!;
      const v = topo.vpcOf(e) ?? '?';
      let vi = vpcIndex.get(v);
      if (vi === undefined) {
        vpcIndex.set(v, (vi = this.vpcNames.length));
        this.vpcNames.push(v);
      }
      this.vpcIdx[i] = vi;
      const subnet = e.subnetIds[0] ?? '?';
      const known = bySubnet.get(subnet);
      if (known && known.vpc === vi) this.place[i] = known.place;
      else {
        const placeKey = `${vi}|${subnet}`;
        let p = places.get(placeKey);
        if (p === undefined) places.set(placeKey, (p = places.size));
        if (!known) bySubnet.set(subnet, { vpc: vi, place: p });
        this.place[i] = p;
      }
      if (e.kind === 'load-balancer') this.isLb[i] = 1;
      const single = topo.singleIpv4(e);
      this.singles[i] = single;
      this.atom[i] = single >= 0 ? atoms.of(single) : -1;
    }
    this.lbKeyBase = places.size * atoms.count;
  }

  /** The endpoint's VPC, or '?' when not known. */
  vpc(i: number): string {
    return this.vpcNames[this.vpcIdx[i]!]!;
  }

  /** A NACL memo key for (place, atom): the same numbering for sources and targets. */
  naclKey(i: number, address: number): number {
    return this.place[i]! * this.atoms.count + this.atoms.of(address);
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
        const { start, list } = this.topo.endpointGroupIndex;
        const from = start[i]!;
        const to = start[i + 1]!;
        for (let k = from; k < to; k++) {
          const p = this.oneGroupEgress(list[k]!);
          all ||= p.all;
          byAddress &&= p.byAddress;
        }
        const sig = all ? -1 : groupSetKey(list, from, to);
        const bySig: Map<number | string, Egress> = this.egressBySig;
        x = bySig.get(sig);
        if (!x) bySig.set(sig, (x = { all, sigId: bySig.size, byAddress, rules: null }));
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
      const single = this.singles[i]!;
      const firstV4 = single >= 0 ? single : this.topo.firstIpv4(to) ?? -1;
      const lb = to.kind === 'load-balancer';
      x = {
        to, vpc: this.vpc(i), vpcIdx: this.vpcIdx[i]!, single, firstV4, sets: null,
        // Place and atom decide address-only answers (a load balancer's listeners too: its own key).
        toKeyId: single < 0 ? -1 : lb ? this.lbKeyBase + i : this.place[i]! * this.atoms.count + this.atom[i]!,
        naclKeyId: firstV4 >= 0 ? this.naclKey(i, firstV4) : -1,
        limit: lb && to.listeners?.length ? listenerTraffic(to) : Traffic.ALL,
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
        const gs = this.topo.endpointGroups(i);
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

/** Group indices below this pack three to a number exactly ((2^17 + 1)^3 < 2^53). */
const PACKED = 2 ** 17;

/**
 * A set of group indices (in `list[from..to)`, any order, repeats counting once) as one key: a
 * number for up to three distinct groups below PACKED (most endpoints), else the distinct sorted
 * indices joined (ids themselves may contain commas, indices cannot). The same set always gets
 * the same key, whenever it is asked.
 */
export function groupSetKey(list: Int32Array, from: number, to: number): number | string {
  const n = to - from;
  if (n === 0) return 0;
  if (n <= 3) {
    let a = list[from]!;
    let b = n > 1 ? list[from + 1]! : -1;
    let c = n > 2 ? list[from + 2]! : -1;
    // Sorted descending, so absent slots (-1) come last; a repeated group counts once, as in a set.
    if (a < b) [a, b] = [b, a];
    if (b < c) [b, c] = [c, b];
    if (a < b) [a, b] = [b, a];
    if (b === c) c = -1;
    if (a === b) [b, c] = [c, -1];
    if (a < PACKED) return tripleKey(a, b, c);
  }
  const distinct = [...new Set(list.subarray(from, to))].sort((x, y) => y - x);
  if (distinct.length <= 3 && distinct[0]! < PACKED) return tripleKey(distinct[0]!, distinct[1] ?? -1, distinct[2] ?? -1);
  return distinct.reverse().join(',');
}

/** Up to three distinct group indices below PACKED, descending (-1 for none), as a number (at least 1). */
const tripleKey = (a: number, b: number, c: number): number => ((a + 1) * (PACKED + 1) + (b + 1)) * (PACKED + 1) + c + 2;

function ruleSet(rules: Rule[], topo: Topology): RuleSet {
  const allow = rules.filter((r) => r.action === 'allow');
  const peerGroup = new Int32Array(allow.length);
  allow.forEach((r, i) => (peerGroup[i] = r.peer.kind === 'group' ? topo.groupIndex(r.peer.groupId) : -1));
  const traffic = allow.map(ruleTraffic);
  return { rules: allow, traffic, shapes: allow.map((r, i) => shapeId(r, traffic[i]!)), peerGroup };
}

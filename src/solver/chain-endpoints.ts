import type { Endpoint, Rule } from '../model/network.js';
import { intern, shapeId, type AtomIndex } from './chain-index.js';
import { listenerTraffic } from './edges.js';
import { orderedRules } from './layers.js';
import type { Topology } from './topology.js';
import { Traffic } from './traffic.js';

/*
 * What the chained-path search (chains.ts) needs of each endpoint, computed once per endpoint
 * (it does not change between BFS levels): as a source, what its egress looks like; as a target,
 * which rules to try, their memo shapes, and the key that decides address-only answers.
 */

const egressCache = new WeakMap<string[], Egress>();
const groupEgress = new WeakMap<Topology, Map<string, Egress>>();

export interface Egress {
  all: boolean;
  sig: string;
  byAddress: boolean;
  /** In evaluation order; null until a source class needs them. */
  rules: Rule[] | null;
}

/** What an endpoint's egress looks like, cached per group-id array (one per endpoint). */
export function egressSignature(topo: Topology, groupIds: string[]): Egress {
  let x = egressCache.get(groupIds);
  if (!x) {
    if (topo.allowOnly) {
      // Allow-only: the egress is the union of each group's, so the group set identifies it.
      let all = false;
      let byAddress = true;
      for (const g of groupIds) {
        const p = oneGroupEgress(topo, g);
        all ||= p.all;
        byAddress &&= p.byAddress;
      }
      x = { all, sig: all ? 'all' : groupIds.length === 1 ? groupIds[0]! : [...groupIds].sort().join(','), byAddress, rules: null };
    } else {
      const rules = orderedRules(topo, groupIds, 'egress');
      x = { all: false, sig: '', byAddress: rules.every((r) => r.peer.kind !== 'group'), rules };
    }
    egressCache.set(groupIds, x);
  }
  return x;
}

function oneGroupEgress(topo: Topology, g: string): Egress {
  let m = groupEgress.get(topo);
  if (!m) groupEgress.set(topo, (m = new Map()));
  let x = m.get(g);
  if (!x) {
    const rules = topo.groupRules(g, 'egress');
    const all = rules.some((r) => r.protocol === -1 && r.peer.kind === 'cidr4' && r.peer.cidr.endsWith('/0'));
    m.set(g, (x = { all, sig: '', byAddress: rules.every((r) => r.peer.kind !== 'group'), rules }));
  }
  return x;
}

/** Allow rules to try, with their memo shapes and the index of the group each references (or -1). */
export interface RuleSet {
  rules: Rule[];
  shapes: number[];
  peerGroup: Int32Array;
}

/** What the search needs of a target, computed once: it does not change between levels. */
export interface TargetInfo {
  vpc: string;
  /** Allow-only: one shared set per group (a union needs no order); else the endpoint's rules in evaluation order. */
  sets: RuleSet[];
  limit: Traffic;
  /** What decides the answer for address-only sources: VPC, subnet, address atom (and the LB's listeners). */
  toKey: string | null;
  toKeyId: number;
}

const targetInfo = new WeakMap<Endpoint, TargetInfo>();
const groupIdx = new WeakMap<Endpoint, Int32Array>();
const groupSets = new WeakMap<Topology, Map<string, RuleSet>>();

export function groupIndices(e: Endpoint, topo: Topology): Int32Array {
  let g = groupIdx.get(e);
  if (!g) {
    g = new Int32Array(e.groupIds.length);
    for (let i = 0; i < g.length; i++) g[i] = topo.groupIndex(e.groupIds[i]!);
    groupIdx.set(e, g);
  }
  return g;
}

function ruleSet(rules: Rule[], topo: Topology): RuleSet {
  const allow = rules.filter((r) => r.action === 'allow');
  const peerGroup = new Int32Array(allow.length);
  allow.forEach((r, i) => (peerGroup[i] = r.peer.kind === 'group' ? topo.groupIndex(r.peer.groupId) : -1));
  return { rules: allow, shapes: allow.map(shapeId), peerGroup };
}

function groupRuleSet(topo: Topology, g: string): RuleSet {
  let m = groupSets.get(topo);
  if (!m) groupSets.set(topo, (m = new Map()));
  let set = m.get(g);
  if (!set) m.set(g, (set = ruleSet(topo.groupRules(g, 'ingress'), topo)));
  return set;
}

export function infoOf(to: Endpoint, topo: Topology, atoms: AtomIndex): TargetInfo {
  let i = targetInfo.get(to);
  if (!i) {
    const vpc = topo.vpcOf(to) ?? '?';
    const single = topo.addresses(to).single;
    const toKey = single !== undefined ? `${vpc}|${to.subnetIds[0] ?? '?'}|${atoms.of(single)}|${to.kind === 'load-balancer' ? to.id : ''}` : null;
    i = {
      vpc, toKey, toKeyId: toKey === null ? -1 : intern(toKey),
      sets: topo.allowOnly ? to.groupIds.map((g) => groupRuleSet(topo, g)) : [ruleSet(orderedRules(topo, to.groupIds, 'ingress'), topo)],
      limit: to.kind === 'load-balancer' && to.listeners?.length ? listenerTraffic(to) : Traffic.ALL,
    };
    targetInfo.set(to, i);
  }
  return i;
}


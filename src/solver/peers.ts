import type { Endpoint, Rule } from '../model/network.js';
import { ruleTraffic } from './layers.js';
import type { Topology } from './topology.js';
import type { Traffic } from './traffic.js';

export interface Peer {
  /** A source group (meaning its members) by address, an address range, or a prefix list. */
  from: string;
  traffic: Traffic;
  /** The rules that let it in. */
  rules: Rule[];
}

const peerKey = (r: Rule, topo: Topology): string => {
  switch (r.peer.kind) {
    case 'group': return topo.groups.get(r.peer.groupId)?.address ?? r.peer.groupId;
    case 'cidr4':
    case 'cidr6': return r.peer.cidr;
    case 'prefixList': return r.peer.id;
    case 'unknown': return `unknown (${r.peer.reason})`;
  }
};

/**
 * Who may open connections to an endpoint, by source group or address range (never one entry per
 * peer endpoint, so the output grows with the rules, not with the square of the endpoints).
 * Computed once per group and merged per endpoint.
 */
export class PeerSolver {
  private readonly byGroup = new Map<string, Map<string, Peer>>();
  /** Merged lists by group set (endpoints sharing groups share the list) and by single group. */
  private readonly bySet = new Map<string, Peer[]>();
  private readonly sortedByGroup = new Map<string, Peer[]>();

  constructor(private readonly topo: Topology) {}

  peers(e: Endpoint): Peer[] {
    if (e.groupIds.length === 1) return this.sorted(e.groupIds[0]!);
    const key = e.groupIds.join('\0');
    let list = this.bySet.get(key);
    if (!list) this.bySet.set(key, (list = this.merge(e.groupIds)));
    return list;
  }

  private sorted(id: string): Peer[] {
    let list = this.sortedByGroup.get(id);
    if (!list) this.sortedByGroup.set(id, (list = this.merge([id])));
    return list;
  }

  private merge(groupIds: string[]): Peer[] {
    const merged = new Map<string, Peer>();
    for (const g of groupIds) {
      for (const [key, p] of this.group(g)) {
        const m = merged.get(key);
        if (m) merged.set(key, { from: key, traffic: m.traffic.union(p.traffic), rules: [...m.rules, ...p.rules] });
        else merged.set(key, p);
      }
    }
    return [...merged.values()].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  }

  private group(id: string): Map<string, Peer> {
    let m = this.byGroup.get(id);
    if (m) return m;
    m = new Map();
    for (const r of this.topo.groups.get(id)?.rules ?? []) {
      if (r.direction !== 'ingress' || r.action !== 'allow') continue;
      const key = peerKey(r, this.topo);
      const prev = m.get(key);
      m.set(key, prev ? { from: key, traffic: prev.traffic.union(ruleTraffic(r)), rules: [...prev.rules, r] } : { from: key, traffic: ruleTraffic(r), rules: [r] });
    }
    this.byGroup.set(id, m);
    return m;
  }
}


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
  /** Each group's peers, sorted by `from`: an endpoint's list is a merge of its groups' lists. */
  private readonly byGroup = new Map<string, Peer[]>();

  constructor(private readonly topo: Topology) {}

  peers(e: Endpoint): Peer[] {
    const ids = e.groupIds;
    if (ids.length === 1) return this.group(ids[0]!);
    let list: Peer[] = [];
    for (const g of ids) list = mergeSorted(list, this.group(g));
    return list;
  }

  private group(id: string): Peer[] {
    let list = this.byGroup.get(id);
    if (list) return list;
    const m = new Map<string, Peer>();
    for (const r of this.topo.groupRules(id, 'ingress')) {
      if (r.action !== 'allow') continue;
      const key = peerKey(r, this.topo);
      const prev = m.get(key);
      m.set(key, prev ? { from: key, traffic: prev.traffic.union(ruleTraffic(r)), rules: [...prev.rules, r] } : { from: key, traffic: ruleTraffic(r), rules: [r] });
    }
    list = [...m.values()].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    this.byGroup.set(id, list);
    return list;
  }
}

/** Merges two lists sorted by `from`; a source in both gets the union of what each lets in. */
function mergeSorted(a: Peer[], b: Peer[]): Peer[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: Peer[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x.from < y.from) {
      out.push(x);
      i++;
    } else if (x.from > y.from) {
      out.push(y);
      j++;
    } else {
      out.push(x === y ? x : { from: x.from, traffic: x.traffic.union(y.traffic), rules: [...x.rules, ...y.rules] });
      i++;
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

import type { Endpoint, Rule } from '../model/network.js';
import { ruleTraffic } from './layers.js';
import type { Topology } from './topology.js';
import type { Traffic } from './traffic.js';

const utf8 = new TextEncoder();

/** A source group (meaning its members) by address, an address range, or a prefix list, and what it may send. */
export class Peer {
  private json: string | undefined;

  constructor(
    readonly from: string,
    readonly traffic: Traffic,
    /** The rules that let it in. */
    readonly rules: Rule[],
  ) {}

  private utf8: Uint8Array | undefined;

  /** `jsonText` as UTF-8, made once: a report copies these bytes (500k entries, 70k distinct at 100k interfaces). */
  jsonBytes(): Uint8Array {
    return (this.utf8 ??= utf8.encode(this.jsonText()));
  }

  /** Report shape (DESIGN §5) as a string, made once: many endpoints share a peer entry. */
  jsonText(): string {
    // The traffic's text is made once per (shared) Traffic: most peers only add their `from` to it.
    return (this.json ??= `{"from":${JSON.stringify(this.from)},${this.traffic.jsonText(this.from.includes(':') ? 6 : 4).slice(1)}`);
  }
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

/** A group's peers, sorted by `from`, with each `from`'s rank in one order shared by all groups. */
interface Sorted {
  peers: Peer[];
  ranks: number[];
}

/**
 * Who may open connections to an endpoint, by source group or address range (never one entry per
 * peer endpoint, so the output grows with the rules, not with the square of the endpoints).
 * Computed once per group and merged per endpoint; merges compare integer ranks.
 */
export class PeerSolver {
  private byGroup: (Sorted | undefined)[] | undefined;

  constructor(private readonly topo: Topology) {}

  /** The peers of `running[i]`. */
  peersAt(i: number): Peer[] {
    return this.merge(this.topo.endpointGroups(i));
  }

  peers(e: Endpoint): Peer[] {
    return this.merge(Int32Array.from(e.groupIds, (g) => this.topo.groupIndex(g)));
  }

  private merge(groups: Int32Array): Peer[] {
    const all = this.groups();
    if (groups.length === 1) return (all[groups[0]!] ?? EMPTY).peers;
    let acc = EMPTY;
    for (let k = 0; k < groups.length; k++) acc = this.mergeSorted(acc, all[groups[k]!] ?? EMPTY);
    return acc.peers;
  }

  /** Every group's list, built at first use (ranks need every `from` of every group). */
  private groups(): (Sorted | undefined)[] {
    if (this.byGroup) return this.byGroup;
    const maps = this.topo.groupSlots<Map<string, Peer>>();
    const froms = new Set<string>();
    for (const group of this.topo.network.groups) {
      const g = this.topo.groupIndex(group.id);
      if (maps[g]) continue;
      const m = new Map<string, Peer>();
      for (const r of this.topo.rulesAt(g, 'ingress')) {
        if (r.action !== 'allow') continue;
        const key = peerKey(r, this.topo);
        const prev = m.get(key);
        m.set(key, prev ? new Peer(key, prev.traffic.union(ruleTraffic(r)), [...prev.rules, r]) : new Peer(key, ruleTraffic(r), [r]));
        froms.add(key);
      }
      maps[g] = m;
    }
    const rank = new Map([...froms].sort().map((f, i) => [f, i]));
    this.byGroup = maps.map((m) => {
      if (!m) return undefined;
      const ranked = [...m.values()].map((p) => ({ p, r: rank.get(p.from)! })).sort((a, b) => a.r - b.r);
      // Frozen: one-group endpoints share this array, and a frozen list tells readers it is shared.
      return { peers: Object.freeze(ranked.map((x) => x.p)) as Peer[], ranks: ranked.map((x) => x.r) };
    });
    return this.byGroup;
  }

  /** Merges two lists sorted by rank; a source in both gets the union of what each lets in. */
  private mergeSorted(a: Sorted, b: Sorted): Sorted {
    if (a.peers.length === 0) return b;
    if (b.peers.length === 0) return a;
    const peers: Peer[] = [];
    const ranks: number[] = [];
    let i = 0;
    let j = 0;
    while (i < a.peers.length && j < b.peers.length) {
      const x = a.ranks[i]!;
      const y = b.ranks[j]!;
      if (x < y) {
        peers.push(a.peers[i++]!);
        ranks.push(x);
      } else if (x > y) {
        peers.push(b.peers[j++]!);
        ranks.push(y);
      } else {
        peers.push(this.unite(a.peers[i++]!, b.peers[j++]!));
        ranks.push(x);
      }
    }
    for (; i < a.peers.length; i++) {
      peers.push(a.peers[i]!);
      ranks.push(a.ranks[i]!);
    }
    for (; j < b.peers.length; j++) {
      peers.push(b.peers[j]!);
      ranks.push(b.ranks[j]!);
    }
    return { peers, ranks };
  }

  /** One source in two lists: the union (pairs rarely repeat across endpoints, so it is not memoised). */
  private unite(x: Peer, y: Peer): Peer {
    return x === y ? x : new Peer(x.from, x.traffic.union(y.traffic), [...x.rules, ...y.rules]);
  }
}

const EMPTY: Sorted = { peers: Object.freeze([]) as unknown as Peer[], ranks: [] };

import type { Endpoint, Rule } from '../model/network.js';
import { ruleTraffic } from './layers.js';
import type { Topology } from './topology.js';
import type { Traffic } from './traffic.js';


/** A source group (meaning its members) by address, an address range, or a prefix list, and what it may send. */
export class Peer {
  private json: string | undefined;

  constructor(
    readonly from: string,
    readonly traffic: Traffic,
    /** The rules that let it in. */
    readonly rules: Rule[],
    /** In a group's list, which many endpoints share (a union made for one endpoint is not). */
    readonly shared = true,
  ) {}

  private utf8: Uint8Array | undefined;

  /** `jsonText` as UTF-8, made once: a report copies these bytes (500k entries, 70k distinct at 100k interfaces). */
  jsonBytes(): Uint8Array {
    return (this.utf8 ??= Buffer.from(this.jsonText(), 'utf8'));
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
    const { start, list } = this.topo.endpointGroupIndex;
    return this.merge(list, start[i]!, start[i + 1]!);
  }

  peers(e: Endpoint): Peer[] {
    const groups = Int32Array.from(e.groupIds, (g) => this.topo.groupIndex(g));
    return this.merge(groups, 0, groups.length);
  }

  /** The groups `groups[from..to)` merged by rank in one pass (an endpoint has a handful of groups). */
  private merge(groups: Int32Array, from: number, to: number): Peer[] {
    const all = this.groups();
    if (to - from === 1) return (all[groups[from]!] ?? EMPTY).peers;
    const lists: Sorted[] = [];
    for (let k = from; k < to; k++) {
      const s = all[groups[k]!];
      if (s && s.peers.length) lists.push(s);
    }
    if (lists.length <= 1) return (lists[0] ?? EMPTY).peers;
    const at = new Array<number>(lists.length).fill(0);
    const out: Peer[] = [];
    for (;;) {
      let best = -1;
      let rank = Infinity;
      for (let q = 0; q < lists.length; q++) {
        const r = lists[q]!.ranks[at[q]!];
        if (r !== undefined && r < rank) {
          rank = r;
          best = q;
        }
      }
      if (best < 0) return out;
      let p = lists[best]!.peers[at[best]!++]!;
      // The same source in a later list: the union of what each lets in, rules in group order.
      for (let q = best + 1; q < lists.length; q++) if (lists[q]!.ranks[at[q]!] === rank) p = unite(p, lists[q]!.peers[at[q]!++]!);
      out.push(p);
    }
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

}

/** One source in two lists: the union (pairs rarely repeat across endpoints, so it is not memoised; nor shared). */
const unite = (x: Peer, y: Peer): Peer => (x === y ? x : new Peer(x.from, x.traffic.union(y.traffic), [...x.rules, ...y.rules], false));

const EMPTY: Sorted = { peers: Object.freeze([]) as unknown as Peer[], ranks: [] };

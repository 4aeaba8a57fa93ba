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
  ) {}

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

/** Where a streamed report's peer entries go (see PeerSolver.writeJsonAt). */
export interface PeerJsonSink {
  /** `b[from..to)`: encoded entries (several, with the commas between them, when consecutive in one group's list). */
  range(b: Uint8Array, from: number, to: number): void;
  /** One entry made for this endpoint alone (a source two of its groups share). */
  text(s: string): void;
  comma(): void;
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

  /**
   * The groups `groups[from..to)` merged by rank in one pass (an endpoint has a handful of groups).
   * `writeJsonAt` walks the lists the same way, inline: a walker object shared by both made the
   * first pass over a 100k-endpoint report ~15% slower.
   */
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

  /**
   * `peersAt(i)` as JSON entries, written without building the list. Every group's entries are
   * laid out once in flat arrays (ranks, byte offsets) over one encoded text, group after group,
   * so a run of consecutive entries from one group is one copy, and an endpoint touches a few
   * contiguous slices instead of a list object, its peers and their texts. Only a source that
   * several of the endpoint's groups share is made for it. Same order and content as `peersAt`.
   */
  writeJsonAt(i: number, sink: PeerJsonSink): void {
    const f = (this.flat ??= flatten(this.groups()));
    const { start, list } = this.topo.endpointGroupIndex;
    // Per non-empty group: the next entry and the end of its entries (global entry indices).
    const cur = this.scratchCur;
    const end = this.scratchEnd;
    let n = 0;
    for (let k = start[i]!; k < start[i + 1]!; k++) {
      const g = list[k]!;
      const a = f.groupStart[g]!;
      const b = f.groupStart[g + 1]!;
      if (a < b) {
        cur[n] = a;
        end[n++] = b;
      }
    }
    if (n === 0) return;
    const at = f.entryStart;
    if (n === 1) {
      sink.range(f.text, at[cur[0]!]!, at[end[0]!]! - 1);
      return;
    }
    // The pending run: entries [runFrom, runTo), all from one group, copied in one piece.
    let run = -1;
    let runFrom = 0;
    let runTo = 0;
    let written = false;
    for (;;) {
      let best = -1;
      let rank = Infinity;
      for (let q = 0; q < n; q++) {
        if (cur[q]! < end[q]! && f.ranks[cur[q]!]! < rank) {
          rank = f.ranks[cur[q]!]!;
          best = q;
        }
      }
      if (best < 0) break;
      const e = cur[best]!++;
      // The same source in a later group: the union of what each lets in, rules in group order.
      let united: Peer | null = null;
      for (let q = best + 1; q < n; q++) if (cur[q]! < end[q]! && f.ranks[cur[q]!] === rank) united = unite(united ?? f.peers[e]!, f.peers[cur[q]!++]!);
      if (!united && run === best && runTo === e) {
        runTo = e + 1;
        continue;
      }
      if (run >= 0) {
        if (written) sink.comma();
        sink.range(f.text, at[runFrom]!, at[runTo]! - 1);
        written = true;
        run = -1;
      }
      if (united) {
        if (written) sink.comma();
        sink.text(united.jsonText());
        written = true;
      } else {
        run = best;
        runFrom = e;
        runTo = e + 1;
      }
    }
    if (run >= 0) {
      if (written) sink.comma();
      sink.range(f.text, at[runFrom]!, at[runTo]! - 1);
    }
  }

  private flat: FlatPeers | undefined;
  private readonly scratchCur: number[] = [];
  private readonly scratchEnd: number[] = [];

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
      // Frozen: every one-group endpoint gets this very array as its peers.
      return { peers: Object.freeze(ranked.map((x) => x.p)) as Peer[], ranks: ranked.map((x) => x.r) };
    });
    return this.byGroup;
  }
}

/** One source in two lists: the union (pairs rarely repeat across endpoints, so it is not memoised). */
const unite = (x: Peer, y: Peer): Peer => (x === y ? x : new Peer(x.from, x.traffic.union(y.traffic), [...x.rules, ...y.rules]));

/** Every group's entries, group after group: what `writeJsonAt` reads. */
interface FlatPeers {
  /** Group index g's entries are [groupStart[g], groupStart[g + 1]). */
  groupStart: Int32Array;
  ranks: Int32Array;
  peers: Peer[];
  /** Entry e's JSON is text[entryStart[e] .. entryStart[e + 1] - 1): each entry is followed by a comma. */
  entryStart: Int32Array;
  text: Uint8Array;
}

function flatten(all: (Sorted | undefined)[]): FlatPeers {
  const groupStart = new Int32Array(all.length + 1);
  const peers: Peer[] = [];
  const ranks: number[] = [];
  for (let g = 0; g < all.length; g++) {
    groupStart[g] = peers.length;
    const s = all[g];
    if (s) for (let k = 0; k < s.peers.length; k++) {
      peers.push(s.peers[k]!);
      ranks.push(s.ranks[k]!);
    }
  }
  groupStart[all.length] = peers.length;
  const texts = peers.map((p) => `${p.jsonText()},`);
  const entryStart = new Int32Array(peers.length + 1);
  let at = 0;
  for (let e = 0; e < texts.length; e++) {
    entryStart[e] = at;
    at += Buffer.byteLength(texts[e]!, 'utf8');
  }
  entryStart[texts.length] = at;
  return { groupStart, ranks: Int32Array.from(ranks), peers, entryStart, text: Buffer.from(texts.join(''), 'utf8') };
}

const EMPTY: Sorted = { peers: Object.freeze([]) as unknown as Peer[], ranks: [] };

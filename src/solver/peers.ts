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

  /** Report shape (schema/exposure.schema.json) as a string, made once: many endpoints share a peer entry. */
  jsonText(): string {
    return (this.json ??= peerJson(this.from, this.traffic));
  }
}

/** A peer entry's JSON. The traffic's text is made once per (shared) Traffic: most entries only add their `from` to it. */
const peerJson = (from: string, traffic: Traffic): string => `{"from":${JSON.stringify(from)},${traffic.jsonText(from.includes(':') ? 6 : 4).slice(1)}`;

const peerKey = (r: Rule, topo: Topology): string => {
  switch (r.peer.kind) {
    case 'group': return topo.groups.get(r.peer.groupId)?.address ?? r.peer.groupId;
    case 'cidr4':
    case 'cidr6': return r.peer.cidr;
    case 'prefixList': return r.peer.id;
    case 'unknown': return `unknown (${r.peer.reason})`;
  }
};

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
    const f = this.table();
    const cur: number[] = [];
    const end: number[] = [];
    const n = entryLists(f, groups, from, to, cur, end);
    if (n === 0) return EMPTY;
    if (n === 1) return this.groupPeers(f, cur[0]!, end[0]!);
    const out: Peer[] = [];
    for (;;) {
      let best = -1;
      let rank = Infinity;
      for (let q = 0; q < n; q++) {
        if (cur[q]! < end[q]! && f.ranks[cur[q]!]! < rank) {
          rank = f.ranks[cur[q]!]!;
          best = q;
        }
      }
      if (best < 0) return out;
      let p = f.peers[cur[best]!++]!;
      // The same source in a later list: the union of what each lets in, rules in group order.
      for (let q = best + 1; q < n; q++) if (cur[q]! < end[q]! && f.ranks[cur[q]!] === rank) p = unite(p, f.peers[cur[q]!++]!);
      out.push(p);
    }
  }

  /** One group's entries `[a, b)`: one frozen array per group, shared by every endpoint with that group alone. */
  private groupPeers(f: PeerTable, a: number, b: number): Peer[] {
    const cache = (this.single ??= new Map());
    let list = cache.get(a);
    if (!list) cache.set(a, (list = Object.freeze(f.peers.slice(a, b)) as Peer[]));
    return list;
  }

  /**
   * `peersAt(i)` as JSON entries, written without building the list. Every group's entries are
   * laid out once in flat arrays (ranks, byte offsets) over one encoded text, group after group,
   * so a run of entries consecutive in the text is one copy, and an endpoint touches a few
   * contiguous slices instead of a list object, its peers and their texts. Only a source that
   * several of the endpoint's groups share is made for it. Same order and content as `peersAt`.
   */
  writeJsonAt(i: number, sink: PeerJsonSink): void {
    const f = this.table();
    const { text, entryStart: at } = (this.texts ??= encodeEntries(f.peers));
    const { start, list } = this.topo.endpointGroupIndex;
    // Per non-empty group: the next entry and the end of its entries (global entry indices).
    const cur = this.scratchCur;
    const end = this.scratchEnd;
    const n = entryLists(f, list, start[i]!, start[i + 1]!, cur, end);
    if (n === 0) return;
    if (n === 1) {
      sink.range(text, at[cur[0]!]!, at[end[0]!]! - 1);
      return;
    }
    // The pending run: entries [runFrom, runTo), consecutive in the text, so copied in one piece.
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
      // The same source in a later group: the union of what each lets in (only the traffic is
      // written). When it is one entry's own traffic (that entry covers the others), its bytes are.
      let united: Traffic | null = null;
      let same = e;
      for (let q = best + 1; q < n; q++) {
        if (cur[q]! >= end[q]! || f.ranks[cur[q]!] !== rank) continue;
        const o = cur[q]!++;
        const prev: Traffic = united ?? f.peers[e]!.traffic;
        united = prev.union(f.peers[o]!.traffic);
        if (united !== prev) same = united === f.peers[o]!.traffic ? o : -1;
      }
      // The entry whose bytes are the answer as they are, or -1 for a union written as text.
      const as = united === null ? e : same;
      if (as === runTo) {
        runTo++;
        continue;
      }
      if (runFrom < runTo) {
        if (written) sink.comma();
        sink.range(text, at[runFrom]!, at[runTo]! - 1);
        written = true;
      }
      if (as >= 0) {
        runFrom = as;
        runTo = as + 1;
        continue;
      }
      runFrom = runTo;
      if (written) sink.comma();
      sink.text(peerJson(f.peers[e]!.from, united!));
      written = true;
    }
    if (runFrom < runTo) {
      if (written) sink.comma();
      sink.range(text, at[runFrom]!, at[runTo]! - 1);
    }
  }

  private flat: PeerTable | undefined;
  private texts: EncodedEntries | undefined;
  /** Frozen single-group lists, by the group's first entry. */
  private single: Map<number, Peer[]> | undefined;
  private readonly scratchCur: number[] = [];
  private readonly scratchEnd: number[] = [];

  /**
   * Every group's peers, built at first use (ranks need every `from` of every group), laid out
   * group after group in flat arrays: 10,000 groups are a few arrays, not 10,000 maps and lists.
   */
  private table(): PeerTable {
    if (this.flat) return this.flat;
    const topo = this.topo;
    const groupCount = topo.groupCount;
    const groupStart = new Int32Array(groupCount + 1);
    const peers: Peer[] = [];
    const fromIds: number[] = [];
    // Sources by number; `seenIn`/`seenAt`: the group that last had a source, and where in `peers`.
    const fromId = new Map<string, number>();
    const froms: string[] = [];
    const seenIn: number[] = [];
    const seenAt: number[] = [];
    const done = new Uint8Array(groupCount);
    // Groups in input order (a group listed twice counts once), then every other index, empty.
    const order: number[] = [];
    for (const group of topo.network.groups) {
      const g = topo.groupIndex(group.id);
      if (!done[g]) order.push(g);
      done[g] = 1;
    }
    const starts = new Int32Array(groupCount);
    const ends = new Int32Array(groupCount);
    for (const g of order) {
      starts[g] = peers.length;
      for (const r of topo.rulesAt(g, 'ingress')) {
        if (r.action !== 'allow') continue;
        const key = peerKey(r, topo);
        let id = fromId.get(key);
        if (id === undefined) {
          fromId.set(key, (id = froms.length));
          froms.push(key);
          seenIn.push(-1);
          seenAt.push(0);
        }
        if (seenIn[id] === g) {
          const k = seenAt[id]!;
          const prev = peers[k]!;
          peers[k] = new Peer(key, prev.traffic.union(ruleTraffic(r)), [...prev.rules, r]);
        } else {
          seenIn[id] = g;
          seenAt[id] = peers.length;
          peers.push(new Peer(key, ruleTraffic(r), [r]));
          fromIds.push(id);
        }
      }
      ends[g] = peers.length;
    }
    // One order of sources for all groups: merging compares ranks, not strings.
    const rankOf = new Int32Array(froms.length);
    froms.map((f, id) => ({ f, id })).sort((a, b) => (a.f < b.f ? -1 : a.f > b.f ? 1 : 0)).forEach((x, r) => (rankOf[x.id] = r));
    const sorted: Peer[] = new Array<Peer>(peers.length);
    const ranks = new Int32Array(peers.length);
    let at = 0;
    for (let g = 0; g < groupCount; g++) {
      groupStart[g] = at;
      if (!done[g]) continue;
      // A group's entries by rank: a handful each, so insertion sort.
      for (let k = starts[g]!; k < ends[g]!; k++) {
        const r = rankOf[fromIds[k]!]!;
        let j = at;
        while (j > groupStart[g]! && ranks[j - 1]! > r) {
          ranks[j] = ranks[j - 1]!;
          sorted[j] = sorted[j - 1]!;
          j--;
        }
        ranks[j] = r;
        sorted[j] = peers[k]!;
        at++;
      }
    }
    groupStart[groupCount] = at;
    return (this.flat = { groupCount, groupStart, ranks, peers: sorted });
  }
}

/**
 * The non-empty entry lists of `groups[from..to)` as ranges `[cur[q], end[q])` of the table, in
 * the groups' order; returns how many. A group listed twice counts once (its rules would
 * otherwise appear twice in a union); a group id met after the table was made has no entries.
 */
function entryLists(f: PeerTable, groups: Int32Array, from: number, to: number, cur: number[], end: number[]): number {
  let n = 0;
  for (let k = from; k < to; k++) {
    const g = groups[k]!;
    if (g >= f.groupCount) continue;
    const a = f.groupStart[g]!;
    const b = f.groupStart[g + 1]!;
    if (a === b) continue;
    let seen = false;
    for (let q = 0; q < n && !seen; q++) seen = cur[q] === a;
    if (seen) continue;
    cur[n] = a;
    end[n++] = b;
  }
  return n;
}

/** One source in two lists: the union (pairs rarely repeat across endpoints, so it is not memoised). */
const unite = (x: Peer, y: Peer): Peer => (x === y ? x : new Peer(x.from, x.traffic.union(y.traffic), [...x.rules, ...y.rules]));

/** Every group's entries, group after group, sorted by rank within a group. */
interface PeerTable {
  /** Group indices below this have entries (a group id met later has none). */
  groupCount: number;
  /** Group index g's entries are [groupStart[g], groupStart[g + 1]). */
  groupStart: Int32Array;
  ranks: Int32Array;
  peers: Peer[];
}

/** Every entry's JSON in one encoded text: what `writeJsonAt` copies. */
interface EncodedEntries {
  /** Entry e's JSON is text[entryStart[e] .. entryStart[e + 1] - 1): each entry is followed by a comma. */
  entryStart: Int32Array;
  text: Uint8Array;
}

function encodeEntries(peers: Peer[]): EncodedEntries {
  const texts = peers.map((p) => `${p.jsonText()},`);
  const entryStart = new Int32Array(peers.length + 1);
  let at = 0;
  for (let e = 0; e < texts.length; e++) {
    entryStart[e] = at;
    at += Buffer.byteLength(texts[e]!, 'utf8');
  }
  entryStart[texts.length] = at;
  const bytes = Buffer.from(texts.join(''), 'utf8');
  // A plain Uint8Array view: its slices (one per copied run) skip Buffer's own `subarray`.
  return { entryStart, text: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) };
}

const EMPTY = Object.freeze([]) as unknown as Peer[];

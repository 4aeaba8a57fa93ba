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
  /** The entries' JSON joined by commas, encoded once, and where each starts (plus one past the end). */
  json?: Uint8Array;
  starts?: Int32Array;
}

/** Where a streamed report's peer entries go (see PeerSolver.writeJsonAt). */
export interface PeerJsonSink {
  /** `b[from..to)`: encoded entries (several, with their commas, when consecutive in one group's list). */
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
   * `peersAt(i)` as JSON entries, written without building the list: runs of entries from one
   * group's list are copied from its encoded text (each group's list is encoded once, contiguous),
   * and only a source that several of the endpoint's groups share is made for it. Same order and
   * content as `peersAt`.
   */
  writeJsonAt(i: number, sink: PeerJsonSink): void {
    const all = this.groups();
    const { start, list } = this.topo.endpointGroupIndex;
    // Scratch arrays reused across endpoints: this runs once per endpoint of a 100k-endpoint report.
    const lists = this.scratchLists;
    const at = this.scratchAt;
    let n = 0;
    for (let k = start[i]!; k < start[i + 1]!; k++) {
      const s = all[list[k]!];
      if (s && s.peers.length) {
        lists[n] = s;
        at[n++] = 0;
      }
    }
    if (n === 0) return;
    if (n === 1) {
      const json = encoded(lists[0]!);
      sink.range(json, 0, json.length);
      return;
    }
    // The pending run: entries [runFrom, runTo) of lists[run], copied in one piece.
    let run = -1;
    let runFrom = 0;
    let runTo = 0;
    let written = false;
    for (;;) {
      let best = -1;
      let rank = Infinity;
      for (let q = 0; q < n; q++) {
        const s = lists[q]!;
        if (at[q]! < s.ranks.length && s.ranks[at[q]!]! < rank) {
          rank = s.ranks[at[q]!]!;
          best = q;
        }
      }
      if (best < 0) break;
      const k = at[best]!++;
      let united: Peer | null = null;
      for (let q = best + 1; q < n; q++) {
        const s = lists[q]!;
        if (at[q]! < s.ranks.length && s.ranks[at[q]!] === rank) united = unite(united ?? lists[best]!.peers[k]!, s.peers[at[q]!++]!);
      }
      if (!united && run === best && runTo === k) {
        runTo = k + 1;
        continue;
      }
      if (run >= 0) {
        writeRun(sink, lists[run]!, runFrom, runTo, written);
        written = true;
        run = -1;
      }
      if (united) {
        if (written) sink.comma();
        sink.text(united.jsonText());
        written = true;
      } else {
        run = best;
        runFrom = k;
        runTo = k + 1;
      }
    }
    if (run >= 0) writeRun(sink, lists[run]!, runFrom, runTo, written);
  }

  private readonly scratchLists: Sorted[] = [];
  private readonly scratchAt: number[] = [];

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

/** One source in two lists: the union (pairs rarely repeat across endpoints, so it is not memoised). */
const unite = (x: Peer, y: Peer): Peer => (x === y ? x : new Peer(x.from, x.traffic.union(y.traffic), [...x.rules, ...y.rules]));

/** Entries [from, to) of a group's list: one copy (consecutive entries sit together, commas included). */
function writeRun(sink: PeerJsonSink, s: Sorted, from: number, to: number, afterAnother: boolean): void {
  if (afterAnother) sink.comma();
  sink.range(encoded(s), s.starts![from]!, s.starts![to]! - 1);
}

/** A group's entries as one encoded text (made on first use). */
function encoded(s: Sorted): Uint8Array {
  if (!s.json) {
    const texts = s.peers.map((p) => p.jsonText());
    const starts = new Int32Array(texts.length + 1);
    let at = 0;
    for (let k = 0; k < texts.length; k++) {
      starts[k] = at;
      at += Buffer.byteLength(texts[k]!, 'utf8') + 1;
    }
    starts[texts.length] = at;
    s.starts = starts;
    s.json = Buffer.from(texts.join(','), 'utf8');
  }
  return s.json;
}

const EMPTY: Sorted = { peers: Object.freeze([]) as unknown as Peer[], ranks: [] };

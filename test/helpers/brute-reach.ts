/**
 * All-pairs reachability by brute force, endpoint by endpoint and packet by packet (no classes,
 * nothing shared with src/solver): which packets each endpoint can send each other one, which the
 * internet can send each endpoint, and breadth-first search over that.
 */
import type { Endpoint, Network } from '../../src/model/network.js';
import { bruteEdgePacket, bruteInternet, representativePackets, type Pkt } from './brute-force.js';

export const packetKey = (p: Pkt): string => `${p.proto}/${p.port ?? ''}`;

export interface BruteGraph {
  net: Network;
  packets: Pkt[];
  /** edges[from][to]: the keys of the packets `from` can send `to` (absent when none). */
  edges: Map<string, Map<string, Set<string>>>;
  /** What the internet can send each endpoint directly. */
  internet: Map<string, Set<string>>;
}

const inRanges = (rs: [number, number][], x: number): boolean => rs.some(([a, b]) => a <= x && x <= b);

export function bruteGraph(net: Network, running: Endpoint[]): BruteGraph {
  const packets = representativePackets(net);
  const edges = new Map<string, Map<string, Set<string>>>();
  for (const f of running) {
    const row = new Map<string, Set<string>>();
    for (const t of running) {
      const ok = new Set(packets.filter((p) => bruteEdgePacket(net, f, t, p)).map(packetKey));
      if (ok.size) row.set(t.id, ok);
    }
    edges.set(f.id, row);
  }
  const internet = new Map<string, Set<string>>();
  for (const e of running) {
    const ok = new Set<string>();
    for (const fam of [4, 6] as const) {
      const x = bruteInternet(net, e, fam);
      for (const p of packets) {
        const hit = p.proto === 6 ? inRanges(x.tcp, p.port!) : p.proto === 17 ? inRanges(x.udp, p.port!) : p.proto === (fam === 4 ? 1 : 58) ? x.icmp : p.proto === 50 ? x.other50 : false;
        if (hit) ok.add(packetKey(p));
      }
    }
    if (ok.size) internet.set(e.id, ok);
  }
  return { net, packets, edges, internet };
}

export interface BruteQuery {
  /** Source endpoint ids; 'internet' for the internet. */
  sources: string[];
  /** Packet keys the last hop must carry one of (every packet when left out). */
  packets?: Set<string>;
  maxHops?: number;
  /** Endpoints a path must pass: never expanded, and sources among them are dropped. */
  through?: Set<string>;
}

/** Per target endpoint: the fewest connections to it, and every packet the last hop can carry within the limit. */
export function bruteReach(g: BruteGraph, q: BruteQuery): Map<string, { hops: number; packets: Set<string> }> {
  const maxHops = q.maxHops ?? Infinity;
  const dist = new Map<string, number>();
  const queue: string[] = [];
  for (const s of q.sources) {
    if (q.through?.has(s) || dist.has(s)) continue;
    dist.set(s, 0);
    queue.push(s);
  }
  const out = (x: string): Map<string, Set<string>> => (x === 'internet' ? g.internet : g.edges.get(x) ?? new Map<string, Set<string>>());
  const expanded: string[] = [];
  for (let k = 0; k < queue.length; k++) {
    const p = queue[k]!;
    if (dist.get(p)! >= maxHops || (dist.get(p)! > 0 && q.through?.has(p))) continue;
    expanded.push(p);
    for (const t of out(p).keys()) {
      if (dist.has(t)) continue;
      dist.set(t, dist.get(p)! + 1);
      queue.push(t);
    }
  }
  const result = new Map<string, { hops: number; packets: Set<string> }>();
  for (const p of expanded) {
    for (const [t, pk] of out(p)) {
      const carried = [...pk].filter((x) => !q.packets || q.packets.has(x));
      if (!carried.length) continue;
      const r = result.get(t) ?? { hops: Infinity, packets: new Set<string>() };
      r.hops = Math.min(r.hops, dist.get(p)! + 1);
      for (const x of carried) r.packets.add(x);
      result.set(t, r);
    }
  }
  return result;
}

import { Traffic } from '../traffic.js';
import type { ClassEdge, ReachGraph } from './graph.js';

/** The internet as a node of a search (class ids are 0 .. size - 1). */
export const INTERNET = -1;

export interface SearchOptions {
  /** What the last hop must carry (some of it); every traffic when left out. */
  traffic?: Traffic;
  /** Only paths of at most this many connections (1 = direct). */
  maxHops?: number;
  /** Classes a path is required to pass: a path through one of them (or from one) is not searched. */
  bypassing?: (c: number) => boolean;
}

/** The best way found to one target class. */
export interface Reached {
  target: number;
  /** Connections on the shortest path (1 = the source opens it directly). */
  hops: number;
  /** Everything the last hop can carry, over every path within the hop limit (met with the wanted traffic). */
  traffic: Traffic;
  /** The shortest path's classes, from its source (INTERNET or a class) to the target. */
  path: number[];
  /** What each connection of that path carries (path.length - 1 entries). */
  hopTraffic: Traffic[];
}

/**
 * Breadth-first search over classes from several sources at once. Intermediate classes are
 * entered on any traffic (whoever holds one can open whatever it allows); only the last hop must
 * carry the wanted traffic, so a target's answer is the best over every class the search expands.
 */
export function search(graph: ReachGraph, sources: Iterable<number>, opts: SearchOptions = {}): Map<number, Reached> {
  const n = graph.size;
  const maxHops = opts.maxHops ?? Infinity;
  // Node k is class k; node n is the internet.
  const dist = new Int32Array(n + 1).fill(-1);
  const parent = new Int32Array(n + 1).fill(-1);
  const via = new Array<Traffic | undefined>(n + 1);
  const queue: number[] = [];
  for (const s of sources) {
    const node = s === INTERNET ? n : s;
    if (dist[node]! >= 0 || (s !== INTERNET && opts.bypassing?.(s))) continue;
    dist[node] = 0;
    queue.push(node);
  }
  const edges = (node: number): ClassEdge[] => (node === n ? graph.fromInternet() : graph.edgesFrom(node));
  const expanded: number[] = [];
  for (let q = 0; q < queue.length; q++) {
    const p = queue[q]!;
    if (dist[p]! >= maxHops) continue;
    if (dist[p]! > 0 && opts.bypassing?.(p)) continue;
    expanded.push(p);
    for (const e of edges(p)) {
      if (dist[e.to]! >= 0) continue;
      dist[e.to] = dist[p]! + 1;
      parent[e.to] = p;
      via[e.to] = e.traffic;
      queue.push(e.to);
    }
  }
  const out = new Map<number, Reached & { pred: number; last: Traffic }>();
  for (const p of expanded) {
    for (const e of edges(p)) {
      const t = opts.traffic ? e.traffic.intersect(opts.traffic) : e.traffic;
      if (t.isEmpty()) continue;
      const hops = dist[p]! + 1;
      const r = out.get(e.to);
      if (!r) out.set(e.to, { target: e.to, hops, traffic: t, path: [], hopTraffic: [], pred: p, last: t });
      else {
        r.traffic = r.traffic.union(t);
        if (hops < r.hops) Object.assign(r, { hops, pred: p, last: t });
      }
    }
  }
  for (const r of out.values()) {
    const nodes = [r.target];
    const carried = [r.last];
    for (let x = r.pred; ; x = parent[x]!) {
      nodes.push(x);
      if (dist[x] === 0) break;
      carried.push(via[x]!);
    }
    r.path = nodes.reverse().map((x) => (x === n ? INTERNET : x));
    r.hopTraffic = carried.reverse();
  }
  return out;
}

import type { Endpoint } from '../../model/network.js';
import type { Topology } from '../topology.js';
import { Traffic } from '../traffic.js';
import type { ReachEngine } from './engine.js';
import { INTERNET, search, type SearchOptions } from './search.js';
import { tagValue } from './selectors.js';

/** How endpoints are grouped into the matrix's rows and columns. */
export type Partition = { by: 'tag'; key: string } | { by: 'vpc' } | { by: 'subnet' };

/** The label of endpoints the partition says nothing about (no such tag, no known subnet). */
export const UNLABELLED = '(none)';
export const INTERNET_LABEL = 'internet';

export interface MatrixCell {
  from: string;
  to: string;
  /** Fewest connections from any endpoint of `from` to any endpoint of `to`. */
  hops: number;
  /** Everything the last hop can carry, over every path and every pair of the two segments. */
  traffic: Traffic;
}

export interface SegmentationMatrix {
  partition: Partition;
  /** Row labels: the internet first, then the segments in order. */
  sources: string[];
  /** Column labels: the segments. */
  targets: string[];
  /** Only the pairs with a path. */
  cells: MatrixCell[];
}

/** `tag:KEY`, `vpc` or `subnet`; null when it is none of them. */
export function parsePartition(text: string): Partition | null {
  const t = text.trim();
  if (t === 'vpc' || t === 'subnet') return { by: t };
  if (t.startsWith('tag:') && t.length > 4 && !t.includes('=')) return { by: 'tag', key: t.slice(4) };
  return null;
}

function labelOf(topo: Topology, p: Partition, e: Endpoint): string {
  if (p.by === 'tag') return tagValue(topo, e, p.key) ?? UNLABELLED;
  if (p.by === 'vpc') return topo.vpcOf(e) ?? UNLABELLED;
  const subnets = e.subnetIds.map((id) => topo.network.subnets.find((s) => s.id === id)?.address ?? id);
  return subnets.length ? subnets.join(', ') : UNLABELLED;
}

const byLabel = (a: string, b: string): number => (a === UNLABELLED ? 1 : b === UNLABELLED ? -1 : a < b ? -1 : a > b ? 1 : 0);

/**
 * Which segment reaches which, and on what. One search per endpoint class (never per endpoint
 * pair): a class reaches the same classes whichever member starts, so each reached class adds its
 * members' segments to the row of every segment in the source class. An endpoint never reaches
 * itself, so a class reaching itself counts for a segment only through another of its members.
 */
export function segmentationMatrix(engine: ReachEngine, partition: Partition, opts: SearchOptions = {}): SegmentationMatrix {
  const topo = engine.solution.topology;
  const classes = engine.graph.classes.list;
  const labels = topo.running.map((e) => labelOf(topo, partition, e));
  // Per class: how many members carry each label.
  const counts = classes.map((c) => {
    const m = new Map<string, number>();
    for (const i of c.members) m.set(labels[i]!, (m.get(labels[i]!) ?? 0) + 1);
    return m;
  });
  const cells = new Map<string, MatrixCell>();
  const add = (from: string, to: string, hops: number, traffic: Traffic): void => {
    const key = `${from}\0${to}`;
    const c = cells.get(key);
    if (!c) cells.set(key, { from, to, hops, traffic });
    else {
      c.hops = Math.min(c.hops, hops);
      c.traffic = c.traffic.union(traffic);
    }
  };
  const sourceClasses = [INTERNET, ...classes.map((c) => c.id)];
  for (const s of sourceClasses) {
    const reached = search(engine.graph, [s], opts);
    for (const r of reached.values()) {
      const into = counts[r.target]!;
      if (s === INTERNET) {
        for (const to of into.keys()) add(INTERNET_LABEL, to, r.hops, r.traffic);
        continue;
      }
      for (const [from, n] of counts[s]!) {
        for (const to of into.keys()) {
          if (r.target === s && from === to && n < 2) continue;
          add(from, to, r.hops, r.traffic);
        }
      }
    }
  }
  const segments = [...new Set(labels)].sort(byLabel);
  return { partition, sources: [INTERNET_LABEL, ...segments], targets: segments, cells: [...cells.values()].sort((a, b) => byLabel(a.from === INTERNET_LABEL ? '' : a.from, b.from === INTERNET_LABEL ? '' : b.from) || byLabel(a.to, b.to)) };
}

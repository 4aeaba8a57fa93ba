import type { EndpointExposure } from '../solver/index.js';
import { mermaidLabel } from './escape.js';

/** Boxes drawn at most: more stops being legible at GitHub's content width (about 900 px). */
export const GRAPH_BOXES = 24;
/** Characters of a box's label kept (the middle of longer ids is cut). */
const LABEL_CHARS = 36;

export interface PathGraph {
  /** The fenced mermaid block, or nothing when no endpoint is reachable. */
  lines: string[];
  /** One sentence saying what the graph shows and what was left out ('' when nothing). */
  caption: string;
}

/**
 * Endpoints alike for a reader: same kind, same groups, same subnets, same path into them.
 * Ten copies of a web server behind one load balancer are one box, "web ×10".
 */
function classKey(x: EndpointExposure, via: string): string {
  const e = x.endpoint;
  return `${e.kind}\0${[...e.groupIds].sort().join(',')}\0${[...e.subnetIds].sort().join(',')}\0${via}`;
}

/** `aws_instance.web[3]`, `module.a.aws_instance.web["x"]` -> the name without its index. */
const baseName = (id: string): string => id.replace(/\[[^\]]*\]$/, '');

/** The end of an id names the resource (`…aws_instance.web[3]`): that part is kept. */
const shorten = (s: string): string => (s.length <= LABEL_CHARS ? s : `…${s.slice(s.length - LABEL_CHARS + 1)}`);

interface Box {
  n: string;
  ids: string[];
  hops: number;
}

/**
 * A mermaid graph of the paths from the internet to the reachable endpoints: endpoints alike drawn
 * as one box with a count, the internet node styled apart, the longest chains kept first (they are
 * the ones a reader cannot see elsewhere), and a caption that says what was cut.
 */
export function pathGraph(reachable: EndpointExposure[], boxes = GRAPH_BOXES, lastHop?: (id: string) => string | undefined): PathGraph {
  if (reachable.length === 0 || boxes <= 0) return { lines: [], caption: '' };
  const byId = new Map(reachable.map((x) => [x.endpoint.id, x]));
  // A box per class; the class of a hop depends on the class of the hop before it.
  const classOf = new Map<string, string>();
  const classFor = (id: string, depth = 0): string => {
    let k = classOf.get(id);
    if (k) return k;
    const x = byId.get(id);
    if (!x || depth > 64) k = `id\0${id}`;
    else {
      const prev = x.path.length >= 2 ? x.path[x.path.length - 2]!.id : 'internet';
      k = classKey(x, prev === 'internet' ? 'internet' : classFor(prev, depth + 1));
    }
    classOf.set(id, k);
    return k;
  };
  const members = new Map<string, string[]>();
  for (const x of reachable) {
    const k = classFor(x.endpoint.id);
    (members.get(k) ?? members.set(k, []).get(k)!).push(x.endpoint.id);
  }
  // Deepest first, so a cut drops the endpoints reached directly, never the chains.
  const order = [...reachable].sort((a, b) => b.hopsFromInternet! - a.hopsFromInternet! || (a.endpoint.id < b.endpoint.id ? -1 : 1));
  const drawn = new Map<string, Box>();
  const edges = new Map<string, Set<string>>();
  let cutEndpoints = 0;
  const seen = new Set<string>();
  for (const x of order) {
    const k = classFor(x.endpoint.id);
    if (seen.has(k)) continue;
    seen.add(k);
    const chain = x.path.slice(1).map((h) => classFor(h.id));
    const fresh = chain.filter((c) => !drawn.has(c));
    if (drawn.size + new Set(fresh).size > boxes) {
      cutEndpoints += members.get(k)!.length;
      continue;
    }
    for (let i = 0; i < chain.length; i++) {
      const c = chain[i]!;
      if (!drawn.has(c)) drawn.set(c, { n: `n${drawn.size}`, ids: members.get(c) ?? [x.path[i + 1]!.id], hops: i });
      const from = i === 0 ? 'internet' : drawn.get(chain[i - 1]!)!.n;
      const h = x.path[i + 1]!;
      // The hop into an endpoint a change opened says what it opened (a sample port would mislead).
      const opened = i === chain.length - 1 ? lastHop?.(h.id) : undefined;
      const label = opened ?? (h.port !== null ? `${h.proto ?? 'tcp'}/${h.port}` : h.proto ?? '');
      const key = `${from}\0${drawn.get(c)!.n}`;
      (edges.get(key) ?? edges.set(key, new Set()).get(key)!).add(label);
    }
  }
  const lines = ['```mermaid', 'graph LR', '  internet(("internet"))'];
  // Boxes alike but for their subnets would read the same: the subnet tells them apart.
  const labels = new Map([...drawn.values()].map((b) => [b, boxLabel(b.ids, byId)]));
  const alike = (l: string): string => l.replace(/ ×\d+.*$/, '');
  const seenLabels = new Map<string, number>();
  for (const l of labels.values()) seenLabels.set(alike(l), (seenLabels.get(alike(l)) ?? 0) + 1);
  for (const b of drawn.values()) {
    const l = labels.get(b)!;
    const subnets = byId.get(b.ids[0]!)?.endpoint.subnetIds ?? [];
    const twin = seenLabels.get(alike(l))! > 1 && subnets.length > 0;
    // The kind gives way to the subnet: the label must stay short enough to read.
    const text = twin ? `${l.replace(/ \([\w-]+\)$/, '')} in ${subnets.map(subnetName).join(', ')}` : l;
    lines.push(`  ${b.n}["${mermaidLabel(text)}"]`);
  }
  for (const [key, labels] of edges) {
    const [from, to] = key.split('\0');
    const ls = [...labels].filter(Boolean);
    const text = ls.length > 2 ? `${ls.slice(0, 2).join(', ')} +${ls.length - 2}` : ls.join(', ');
    lines.push(`  ${from} -->${text ? `|${mermaidLabel(text)}|` : ''} ${to}`);
  }
  lines.push('  classDef internet fill:#d73a49,stroke:#b31d28,color:#ffffff,font-weight:bold', '  class internet internet');
  const deep = [...drawn.values()].filter((b) => b.hops > 0).map((b) => b.n);
  if (deep.length) lines.push('  classDef chained stroke:#d73a49,stroke-width:2px', `  class ${deep.join(',')} chained`);
  lines.push('```');
  const total = reachable.length;
  const shown = total - cutEndpoints;
  const grouped = shown > drawn.size ? `; endpoints alike (same kind, groups, subnets and path) share a box` : '';
  const chained = deep.length ? '; red-edged boxes are reached through other endpoints' : '';
  // Our own words only (counts): no input data, so no escaping.
  const caption = cutEndpoints
    ? `The graph shows ${shown} of ${total} reachable endpoints in ${drawn.size} boxes${grouped}${chained}. Left out to keep it legible: ${cutEndpoints} endpoint${cutEndpoints === 1 ? '' : 's'} (longest chains are drawn first; \`sglint exposure --format json\` lists every endpoint).`
    : total === 1 ? `The graph shows the one reachable endpoint${chained}.` : `The graph shows all ${total} reachable endpoints${grouped}${chained}.`;
  return { lines, caption };
}

/** `aws_subnet.private["eu-west-1a"]` -> `private eu-west-1a`; `subnet-0abc` stays. */
function subnetName(id: string): string {
  const m = /([\w-]+)\[\s*"?([^"\]]*)"?\s*\]$/.exec(id);
  return shorten(m ? `${m[1]} ${m[2]}` : id.slice(id.lastIndexOf('.') + 1));
}

function boxLabel(ids: string[], byId: Map<string, EndpointExposure>): string {
  const first = ids[0]!;
  const kind = byId.get(first)?.endpoint.kind;
  if (ids.length === 1) return shorten(first);
  const names = new Set(ids.map(baseName));
  if (names.size > 1) return `${shorten(first)} +${ids.length - 1} alike`;
  return `${shorten([...names][0]!)} ×${ids.length}${kind ? ` (${kind})` : ''}`;
}

import type { Endpoint } from '../model/network.js';
import { edgeTraffic, ruleMatchesEndpoint } from './edges.js';
import { orderedRules, ruleSources } from './layers.js';
import type { Topology } from './topology.js';
import type { Traffic } from './traffic.js';

export interface Reach {
  hops: number;
  /** The endpoint this one is reached from on the shortest path; null = the internet. */
  via: string | null;
  /** What the last hop carries. */
  traffic: Traffic;
}

interface Span {
  lo: number;
  hi: number;
  e: Endpoint;
}

/**
 * Breadth-first search from the internet over "can open a connection to" edges. Level 0 is what
 * the internet reaches directly; an endpoint reached at level h reaches at h+1 what its egress,
 * the target's ingress and the NACLs between them allow (load balancers only their targets).
 * Candidates are found through indexes (frontier members per group, frontier address spans per
 * VPC), not by trying every pair.
 */
export function chainedReach(topo: Topology, direct: Map<string, Traffic>): Map<string, Reach> {
  const reach = new Map<string, Reach>();
  let frontier: Endpoint[] = [];
  for (const [id, t] of direct) {
    reach.set(id, { hops: 0, via: null, traffic: t });
    frontier.push(topo.endpoints.get(id)!);
  }
  let unreached = topo.network.endpoints.filter((e) => !reach.has(e.id) && e.kind !== 'launch-template');
  for (let level = 1; frontier.length && unreached.length; level++) {
    const byGroup = new Map<string, Endpoint[]>();
    const byVpc = new Map<string, { spans: Span[]; widest: number; all: Endpoint[] }>();
    const targetsOf = new Map<string, Endpoint[]>();
    for (const e of frontier) {
      for (const g of e.groupIds) (byGroup.get(g) ?? byGroup.set(g, []).get(g)!).push(e);
      const vpc = topo.vpcOf(e) ?? '?';
      const entry = byVpc.get(vpc) ?? byVpc.set(vpc, { spans: [], widest: 0, all: [] }).get(vpc)!;
      const addrs = topo.addresses(e);
      if (!addrs.v6.isEmpty() || addrs.v4.isEmpty()) entry.all.push(e); // candidates for IPv6 (or address-less) rules
      for (const [lo, hi] of topo.addresses(e).v4.ranges) {
        entry.spans.push({ lo, hi, e });
        entry.widest = Math.max(entry.widest, hi - lo);
      }
      for (const t of e.targets ?? []) (targetsOf.get(t.endpointId) ?? targetsOf.set(t.endpointId, []).get(t.endpointId)!).push(e);
    }
    for (const v of byVpc.values()) v.spans.sort((a, b) => a.lo - b.lo);
    const next: Endpoint[] = [];
    const still: Endpoint[] = [];
    for (const to of unreached) {
      const found = findEdge(to, topo, byGroup, byVpc, targetsOf.get(to.id) ?? []);
      if (found) {
        reach.set(to.id, { hops: level, via: found.from.id, traffic: found.traffic });
        next.push(to);
      } else still.push(to);
    }
    frontier = next;
    unreached = still;
  }
  return reach;
}

function findEdge(
  to: Endpoint, topo: Topology, byGroup: Map<string, Endpoint[]>, byVpc: Map<string, { spans: Span[]; widest: number; all: Endpoint[] }>, lbSources: Endpoint[],
): { from: Endpoint; traffic: Traffic } | null {
  const tried = new Set<Endpoint>();
  const attempt = (from: Endpoint): { from: Endpoint; traffic: Traffic } | null => {
    if (tried.has(from)) return null;
    tried.add(from);
    const t = edgeTraffic(from, to, topo);
    return t.isEmpty() ? null : { from, traffic: t };
  };
  for (const lb of lbSources) {
    const r = attempt(lb);
    if (r) return r;
  }
  const vpc = topo.vpcOf(to) ?? '?';
  for (const rule of orderedRules(topo, to.groupIds, 'ingress')) {
    if (rule.action !== 'allow') continue;
    if (rule.peer.kind === 'group') {
      for (const from of byGroup.get(rule.peer.groupId) ?? []) {
        if (from.kind === 'load-balancer') continue;
        const r = attempt(from);
        if (r) return r;
      }
      continue;
    }
    const sources = ruleSources(rule, topo);
    const src = sources[4];
    const pools = [byVpc.get(vpc), vpc === '?' ? undefined : byVpc.get('?')].filter((x) => !!x);
    for (const pool of pools) {
      if (!sources[6].isEmpty() || !src.isEmpty()) {
        // IPv6 sources: frontier endpoints are few per VPC here; check them directly.
        for (const from of pool!.all) {
          if (sources[6].isEmpty() && !topo.addresses(from).v4.isEmpty()) continue; // IPv4-only rule: found through the spans below
          if (from.kind === 'load-balancer' || !ruleMatchesEndpoint(rule, from, topo)) continue;
          const r = attempt(from);
          if (r) return r;
        }
      }
      for (const [lo, hi] of src.ranges as readonly (readonly [number, number])[]) {
        // Spans are sorted by start; a span overlapping [lo, hi] starts at most `widest` before lo.
        let i = lowerBound(pool!.spans, lo - pool!.widest);
        for (; i < pool!.spans.length && pool!.spans[i]!.lo <= hi; i++) {
          const span = pool!.spans[i]!;
          if (span.hi < lo || span.e.kind === 'load-balancer' || !ruleMatchesEndpoint(rule, span.e, topo)) continue;
          const r = attempt(span.e);
          if (r) return r;
        }
      }
    }
  }
  return null;
}

function lowerBound(spans: Span[], x: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.lo < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

import type { Endpoint, Network } from '../model/network.js';
import { chainedReach, type Reach } from './chains.js';
import { InternetSolver, NOT_EXPOSED, type InternetExposure } from './internet.js';
import { PeerSolver, type Peer } from './peers.js';
import { Topology } from './topology.js';
import { Traffic } from './traffic.js';

export { Traffic } from './traffic.js';
export { Topology } from './topology.js';
export { edgeTraffic } from './edges.js';
export type { Peer } from './peers.js';
export { explain, NO_PUBLIC_IP, type Explanation, type ExplainStep, type ExplainQuery } from './explain.js';

export interface PathHop {
  id: string;
  proto: string | null;
  port: number | null;
}

export interface EndpointExposure {
  endpoint: Endpoint;
  /** Direct exposure to internet clients over IPv4 / IPv6. */
  internet: Traffic;
  internet6: Traffic;
  /** Endpoints between the internet and this one on the shortest chained path: 0 = direct, null = unreachable. */
  hopsFromInternet: number | null;
  /** ["internet", ..., this endpoint's id]; empty when unreachable. */
  path: PathHop[];
  peers: Peer[];
  /** Unknown values the answer depends on ("may be exposed"). */
  may: string[];
}

const NO_UNKNOWNS: string[] = [];

/** Reachability for a whole network, computed once; per-endpoint answers are cheap lookups afterwards. */
export class Solution {
  readonly topology: Topology;
  private readonly direct = new Map<string, InternetExposure>();
  private readonly reach: Map<string, Reach>;
  private readonly peerSolver: PeerSolver;
  private readonly cache = new Map<string, EndpointExposure>();

  constructor(readonly network: Network) {
    this.topology = new Topology(network);
    const internet = new InternetSolver(this.topology);
    const reachable = new Map<string, Traffic>();
    for (const e of this.topology.running) {
      const x = internet.exposure(e);
      if (x !== NOT_EXPOSED) this.direct.set(e.id, x);
      if (!x.v4.isEmpty() || !x.v6.isEmpty()) reachable.set(e.id, x.v4.union(x.v6));
    }
    this.reach = chainedReach(this.topology, reachable);
    this.peerSolver = new PeerSolver(this.topology);
  }

  endpoints(): Endpoint[] {
    return this.topology.running;
  }

  /** `keep` = false: the caller reads the answer once (a streamed report), so it is not cached. */
  exposure(e: Endpoint, keep = true): EndpointExposure {
    let x = this.cache.get(e.id);
    if (x) return x;
    const d = this.direct.get(e.id) ?? NOT_EXPOSED;
    const r = this.reach.get(e.id);
    x = {
      endpoint: e, internet: d.v4, internet6: d.v6, hopsFromInternet: r ? r.hops : null, path: r ? this.path(e.id) : [],
      peers: this.peerSolver.peers(e), may: d.may.length + e.unknowns.length ? [...new Set([...d.may, ...e.unknowns])] : NO_UNKNOWNS,
    };
    if (keep) this.cache.set(e.id, x);
    return x;
  }

  find(query: string): Endpoint[] {
    const exact = this.topology.endpoints.get(query);
    if (exact) return [exact];
    return this.endpoints().filter((e) => e.address === query || e.id.endsWith(`.${query}`) || e.address.endsWith(query));
  }

  private path(id: string): PathHop[] {
    const hops: PathHop[] = [];
    for (let cur: string | null = id; cur !== null; cur = this.reach.get(cur)?.via ?? null) {
      const sample = this.reach.get(cur)?.traffic.sample();
      hops.unshift({ id: cur, proto: sample?.proto ?? null, port: sample?.port ?? null });
      if (hops.length > this.network.endpoints.length) break;
    }
    return [{ id: 'internet', proto: null, port: null }, ...hops];
  }
}


export function solve(network: Network): Solution {
  return new Solution(network);
}

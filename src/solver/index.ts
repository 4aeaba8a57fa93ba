import type { Endpoint, Network } from '../model/network.js';
import { chainedReach, type ReachTable } from './chains.js';
import { InternetSolver, NOT_EXPOSED, type InternetExposure } from './internet.js';
import { PeerSolver, type Peer, type PeerJsonSink } from './peers.js';
import type { AddrSet } from './layers.js';
import { sourceBreadth, type SourceBreadth } from './sources.js';
import { Topology } from './topology.js';
import { Traffic } from './traffic.js';

export { Traffic } from './traffic.js';
export { Topology } from './topology.js';
export { edgeTraffic } from './edges.js';
export type { Peer, PeerJsonSink } from './peers.js';
export { sourceBreadth, sourceChanges, type SourceBreadth, type SourceChange, type SourceSlice } from './sources.js';
export { explain, explainEach, NO_PUBLIC_IP, type Explanation, type ExplainStep, type ExplainQuery } from './explain.js';

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

/** A streamed answer (see `Solution.all`): its peers are written by `Solution.writePeersJson`, not listed. */
export interface StreamedExposure extends Omit<EndpointExposure, 'peers'> {
  /** Its index in `topology.running`. */
  index: number;
}

const NO_UNKNOWNS: string[] = [];
const NO_PATH = Object.freeze([]) as unknown as PathHop[];

/** Reachability for a whole network, computed once; per-endpoint answers are cheap lookups afterwards. */
export class Solution {
  readonly topology: Topology;
  /** Per endpoint, by its index in `topology.running`. */
  private readonly direct: (InternetExposure | undefined)[];
  private readonly reach: ReachTable;
  private readonly hop: (PathHop | undefined)[];
  private readonly peerSolver: PeerSolver;
  private readonly cache = new Map<string, EndpointExposure>();

  /** `from`: the source addresses that count as the internet (default every public one). */
  constructor(readonly network: Network, from?: Record<4 | 6, AddrSet>) {
    this.topology = new Topology(network);
    const internet = new InternetSolver(this.topology, from);
    const running = this.topology.running;
    this.direct = new Array<InternetExposure | undefined>(running.length);
    const reachable = new Array<Traffic | undefined>(running.length);
    for (let i = 0; i < running.length; i++) {
      const x = internet.exposure(running[i]!, i);
      if (x === NOT_EXPOSED) continue;
      this.direct[i] = x;
      if (!x.v4.isEmpty() || !x.v6.isEmpty()) reachable[i] = x.v4.union(x.v6);
    }
    this.reach = chainedReach(this.topology, reachable);
    this.hop = new Array<PathHop | undefined>(running.length);
    this.peerSolver = new PeerSolver(this.topology);
  }

  endpoints(): Endpoint[] {
    return this.topology.running;
  }

  /** One endpoint's answer, cached (rules ask for the same endpoints often; streamed reports use `all`). */
  exposure(e: Endpoint): EndpointExposure {
    let x = this.cache.get(e.id);
    if (!x) this.cache.set(e.id, (x = this.answer(this.topology.runningIndex(e.id), e)));
    return x;
  }

  /**
   * Every running endpoint's answer in order, made as it is read (nothing cached), for streamed
   * reports: peers are not listed but written on request (`writePeersJson`).
   */
  *all(): Generator<StreamedExposure> {
    const running = this.topology.running;
    for (let i = 0; i < running.length; i++) yield this.streamed(i, running[i]!);
  }

  /** The JSON entries of `running[i]`'s peers (the same as `exposure(e).peers`), written to `sink`. */
  writePeersJson(i: number, sink: PeerJsonSink): void {
    this.peerSolver.writeJsonAt(i, sink);
  }

  private answer(i: number, e: Endpoint): EndpointExposure {
    const { endpoint, internet, internet6, hopsFromInternet, path, may } = this.streamed(i, e);
    return { endpoint, internet, internet6, hopsFromInternet, path, peers: i >= 0 ? this.peerSolver.peersAt(i) : this.peerSolver.peers(e), may };
  }

  /** Everything but the peers; `i` < 0 for an endpoint that is not running (nothing reaches it). */
  private streamed(i: number, e: Endpoint): StreamedExposure {
    const d = (i >= 0 ? this.direct[i] : undefined) ?? NOT_EXPOSED;
    const hops = i >= 0 ? this.reach.hops[i]! : -1;
    const may = d.may.length + e.unknowns.length ? [...new Set([...d.may, ...e.unknowns])] : NO_UNKNOWNS;
    return { endpoint: e, index: i, internet: d.v4, internet6: d.v6, hopsFromInternet: hops >= 0 ? hops : null, path: hops >= 0 ? this.path(i) : NO_PATH, may };
  }

  /** The same network with only `from` counting as the internet (`explain --from CIDR`). */
  scoped(from: Record<4 | 6, AddrSet>): Solution {
    return new Solution(this.network, from);
  }

  /** What the last hop into `e` carries on its shortest path from the internet (undefined when unreachable). */
  reachedWith(e: Endpoint): Traffic | undefined {
    const i = this.topology.runningIndex(e.id);
    return i >= 0 ? this.reach.traffic[i] : undefined;
  }

  private readonly breadth = new Map<string, SourceBreadth>();

  /** Which public addresses reach what on `e` directly (sources.ts), shared by endpoints placed alike. */
  sources(e: Endpoint): SourceBreadth {
    const listeners = e.listeners?.map((l) => `${l.protocol}:${l.port}`).join(',') ?? '';
    const k = `${e.kind}|${e.lbType ?? ''}|${e.groupIds.join(',')}|${e.subnetIds.join(',')}|${String(e.publicIp)}|${String(e.hasIpv6)}|${listeners}`;
    let b = this.breadth.get(k);
    if (!b) this.breadth.set(k, (b = sourceBreadth(this.topology, e)));
    return b;
  }

  find(query: string): Endpoint[] {
    const exact = this.topology.endpoints.get(query);
    if (exact) return [exact];
    return this.endpoints().filter((e) => e.address === query || e.id.endsWith(`.${query}`) || e.address.endsWith(query));
  }

  private path(i: number): PathHop[] {
    const hops: PathHop[] = [];
    for (let cur = i; cur >= 0 && hops.length <= this.reach.hops[i]!; cur = this.reach.via[cur]!) hops.push(this.hopOf(cur));
    hops.push(INTERNET);
    return hops.reverse();
  }

  /** A path element: the endpoint and a sample of what the hop into it carries. */
  private hopOf(i: number): PathHop {
    let h = this.hop[i];
    if (!h) {
      const sample = this.reach.traffic[i]?.sample();
      this.hop[i] = h = { id: this.topology.running[i]!.id, proto: sample?.proto ?? null, port: sample?.port ?? null };
    }
    return h;
  }
}

const INTERNET: PathHop = Object.freeze({ id: 'internet', proto: null, port: null });

export function solve(network: Network): Solution {
  return new Solution(network);
}

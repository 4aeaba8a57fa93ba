import { isRunning, type Direction, type Endpoint, type Nacl, type Network, type RouteTable, type Rule, type SecurityGroup, type Subnet, type Unread } from '../model/network.js';
import { IPV4_DOMAIN, IPV6_DOMAIN, cidrSet4, cidrSet6, ipv4Set, parseIpv4, type Ipv4Set, type Ipv6Set } from '../net/addresses.js';
import { IntervalSet } from '../net/interval-set.js';

/** An endpoint's private addresses: exact IPs when known, else its subnets' ranges (then `exact` is false). */
export interface Addresses {
  v4: Ipv4Set;
  v6: Ipv6Set;
  exact: boolean;
  /** The one IPv4 address, when the endpoint has exactly one and no IPv6: the fast path. */
  single?: number;
}

const EMPTY4 = IntervalSet.empty(IPV4_DOMAIN);
const EMPTY6 = IntervalSet.empty(IPV6_DOMAIN);

/** One IPv4 address (most interfaces): its interval set is built only if something asks for it. */
class SingleAddress implements Addresses {
  private set: Ipv4Set | undefined;
  readonly v6 = EMPTY6;
  readonly exact = true;
  constructor(readonly single: number) {}
  get v4(): Ipv4Set {
    return (this.set ??= ipv4Set([[this.single, this.single]]));
  }
}

/** One IPv4 address and no IPv6 (most interfaces), parsed without the CIDR parser; else -1. */
const oneAddress = (e: Endpoint): number => (e.privateIps.length === 1 && e.ipv6Ips.length === 0 ? parseIpv4(e.privateIps[0]!) : -1);

/** Indexes over a Network that every solver step needs: lookups by id, group members, subnet context. */
export class Topology {
  readonly groups = new Map<string, SecurityGroup>();
  private byId: Map<string, Endpoint> | undefined;
  /** The endpoints that run (not launch templates): what reachability is computed for. */
  readonly running: Endpoint[];
  private memberLists: Map<string, Endpoint[]> | undefined;
  readonly subnets = new Map<string, Subnet>();
  private readonly naclBySubnet = new Map<string, Nacl>();
  private readonly defaultNaclByVpc = new Map<string, Nacl>();
  private readonly tableBySubnet = new Map<string, RouteTable>();
  private readonly mainTableByVpc = new Map<string, RouteTable>();
  readonly internetGateways = new Set<string>();
  readonly prefixLists = new Map<string, string[]>();
  private readonly addrCache = new WeakMap<Endpoint, Addresses>();
  private readonly groupAddrCache = new Map<string, Addresses>();
  /** Whether the input describes these layers at all (a snapshot may lack a section). */
  readonly hasNacls: boolean;
  readonly hasRoutes: boolean;
  /** Every group rule allows (AWS, OpenStack): rule order is irrelevant and groups combine as a union. */
  readonly allowOnly: boolean;

  constructor(readonly network: Network) {
    for (const g of network.groups) this.groups.set(g.id, g);
    this.running = network.endpoints.filter(isRunning);
    for (const s of network.subnets) this.subnets.set(s.id, s);
    for (const n of network.nacls) {
      for (const s of n.subnetIds) this.naclBySubnet.set(s, n);
      if (n.isDefault && n.vpcId) this.defaultNaclByVpc.set(n.vpcId, n);
    }
    for (const t of network.routeTables) {
      for (const s of t.subnetIds) this.tableBySubnet.set(s, t);
      if (t.isMain && t.vpcId) this.mainTableByVpc.set(t.vpcId, t);
    }
    for (const g of network.internetGateways) if (!g.egressOnly) this.internetGateways.add(g.id);
    for (const p of network.prefixLists) this.prefixLists.set(p.id, p.cidrs);
    this.hasNacls = network.nacls.length > 0;
    this.hasRoutes = network.routeTables.length > 0;
    this.allowOnly = network.groups.every((g) => g.rules.every((r) => r.action === 'allow'));
    for (const g of network.groups) this.groupIndex(g.id);
  }

  /** Endpoints by id (the last one with an id), built on first use. */
  get endpoints(): Map<string, Endpoint> {
    if (!this.byId) {
      this.byId = new Map();
      for (const e of this.network.endpoints) this.byId.set(e.id, e);
    }
    return this.byId;
  }

  private readonly groupIdx = new Map<string, number>();
  private readonly groupIds: string[] = [];
  private rulesByIndex: ({ ingress?: Rule[]; egress?: Rule[] } | undefined)[] | undefined;
  private runningIdx: Map<string, number> | undefined;

  /** An endpoint's index in `running` by id (the last one with that id), or -1. */
  runningIndex(id: string): number {
    if (!this.runningIdx) {
      this.runningIdx = new Map();
      for (let i = 0; i < this.running.length; i++) this.runningIdx.set(this.running[i]!.id, i);
    }
    return this.runningIdx.get(id) ?? -1;
  }

  /** One group's rules in one direction, as written (empty for a group not in the input); cached. */
  groupRules(id: string, direction: Direction): Rule[] {
    return this.rulesAt(this.groupIndex(id), direction);
  }

  /** `groupRules` by group index. */
  rulesAt(g: number, direction: Direction): Rule[] {
    const byIndex = (this.rulesByIndex ??= this.groupSlots());
    const entry = byIndex[g] ?? (byIndex[g] = {});
    return (entry[direction] ??= this.groups.get(this.groupIds[g]!)?.rules.filter((r) => r.direction === direction) ?? []);
  }

  /** A small integer per group id (also for ids not in the input), for array-indexed lookups in hot loops. */
  groupIndex(id: string): number {
    let i = this.groupIdx.get(id);
    if (i === undefined) {
      this.groupIdx.set(id, (i = this.groupIds.length));
      this.groupIds.push(id);
    }
    return i;
  }

  /**
   * An empty array to index by group index, sized for every group (with room for ids met later):
   * writing far past the end of a small array would turn it into a slow dictionary.
   */
  groupSlots<T>(): (T | undefined)[] {
    return new Array<T | undefined>(this.groupCount + 1024);
  }

  /** How many group indices have been handed out (every group in the input, and ids met since). */
  get groupCount(): number {
    return this.groupIds.length;
  }

  /** The group id of an index from `groupIndex`. */
  groupIdAt(g: number): string {
    return this.groupIds[g]!;
  }

  private csr: { start: Int32Array; list: Int32Array } | undefined;

  /**
   * Every running endpoint's groups as group indices, in one array (a per-endpoint array would be
   * 100,000 small objects for the collector to copy): `running[i]`'s are `list[start[i] .. start[i + 1])`.
   */
  get endpointGroupIndex(): { start: Int32Array; list: Int32Array } {
    if (!this.csr) {
      const start = new Int32Array(this.running.length + 1);
      let total = 0;
      for (let i = 0; i < this.running.length; i++) {
        start[i] = total;
        total += this.running[i]!.groupIds.length;
      }
      start[this.running.length] = total;
      const list = new Int32Array(total);
      for (let i = 0; i < this.running.length; i++) {
        const ids = this.running[i]!.groupIds;
        for (let k = 0; k < ids.length; k++) list[start[i]! + k] = this.groupIndex(ids[k]!);
      }
      this.csr = { start, list };
    }
    return this.csr;
  }

  /** The groups of `running[i]`, as group indices (a view into `endpointGroupIndex`). */
  endpointGroups(i: number): Int32Array {
    const { start, list } = this.endpointGroupIndex;
    return list.subarray(start[i]!, start[i + 1]!);
  }

  /** The subnet's NACL: explicitly associated, else its VPC's default; null when NACLs are not in the input. */
  naclFor(subnetId: string): Nacl | null | 'unknown' {
    const explicit = this.naclBySubnet.get(subnetId);
    if (explicit) return explicit;
    const vpc = this.subnets.get(subnetId)?.vpcId;
    const def = vpc ? this.defaultNaclByVpc.get(vpc) : undefined;
    if (def) return def;
    return this.hasNacls || this.unreadAt('nacls', vpc) ? 'unknown' : null;
  }

  /**
   * Why `layer` is unknown in `vpcId` (a partial live read did not read it there), or undefined.
   * Asked only where the layer has nothing for a subnet or group, so a read that failed elsewhere
   * never overrides what was read.
   */
  unreadAt(layer: Unread['layer'], vpcId: string | undefined): string | undefined {
    for (const u of this.network.unread ?? []) if (u.layer === layer && (!u.vpcIds || (vpcId !== undefined && u.vpcIds.includes(vpcId)))) return u.reason;
    return undefined;
  }

  /** The subnet's route table: explicit association, else the VPC's main table. */
  routeTableFor(subnetId: string): RouteTable | null {
    const explicit = this.tableBySubnet.get(subnetId);
    if (explicit) return explicit;
    const vpc = this.subnets.get(subnetId)?.vpcId;
    return (vpc ? this.mainTableByVpc.get(vpc) : undefined) ?? null;
  }

  vpcOf(e: Endpoint): string | undefined {
    return e.vpcId ?? e.subnetIds.map((s) => this.subnets.get(s)?.vpcId).find((v) => !!v);
  }

  /** The endpoint's one IPv4 address (and no IPv6), or -1; the common case is parsed without caching anything. */
  singleIpv4(e: Endpoint): number {
    const v = oneAddress(e);
    return v >= 0 ? v : this.addresses(e).single ?? -1;
  }

  addresses(e: Endpoint): Addresses {
    let a = this.addrCache.get(e);
    if (!a) {
      const v = oneAddress(e);
      if (v >= 0) this.addrCache.set(e, (a = new SingleAddress(v)));
    }
    if (!a) {
      const v4 = cidrSet4(e.privateIps);
      const v6 = cidrSet6(e.ipv6Ips);
      if (!v4.isEmpty()) a = { v4, v6, exact: true };
      else {
        const subnets = e.subnetIds.map((s) => this.subnets.get(s)).filter((s): s is Subnet => !!s);
        a = {
          v4: cidrSet4(subnets.map((s) => s.cidr ?? '').filter(Boolean)),
          v6: e.hasIpv6 ? cidrSet6(subnets.map((s) => s.ipv6Cidr ?? '').filter(Boolean)) : EMPTY6,
          exact: false,
        };
      }
      if (a.exact && a.v4.ranges.length === 1 && a.v4.ranges[0]![0] === a.v4.ranges[0]![1] && a.v6.isEmpty()) a.single = a.v4.ranges[0]![0];
      this.addrCache.set(e, a);
    }
    return a;
  }

  /** Endpoints by group id, built on first use (only rules that reference groups need it). */
  get members(): Map<string, Endpoint[]> {
    if (!this.memberLists) {
      this.memberLists = new Map();
      for (const e of this.network.endpoints) {
        for (const g of e.groupIds) {
          const list = this.memberLists.get(g);
          if (list) list.push(e);
          else this.memberLists.set(g, [e]);
        }
      }
    }
    return this.memberLists;
  }

  /** The endpoint's lowest IPv4 address (what NACL checks between two endpoints use), if any. */
  firstIpv4(e: Endpoint): number | undefined {
    const a = this.addresses(e);
    return a.single ?? a.v4.ranges[0]?.[0];
  }

  /** Private addresses of every member of a group: what a rule referencing the group matches. */
  groupAddresses(groupId: string): Addresses {
    let a = this.groupAddrCache.get(groupId);
    if (!a) {
      let v4 = EMPTY4;
      let v6 = EMPTY6;
      let exact = true;
      for (const m of this.members.get(groupId) ?? []) {
        const x = this.addresses(m);
        v4 = v4.union(x.v4);
        v6 = v6.union(x.v6);
        exact &&= x.exact;
      }
      a = { v4, v6, exact };
      this.groupAddrCache.set(groupId, a);
    }
    return a;
  }
}

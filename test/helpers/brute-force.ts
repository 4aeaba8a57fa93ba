/**
 * An independent, deliberately naive reachability evaluator for tests: it enumerates one
 * representative source address per address atom and one port per port segment, and evaluates
 * every layer packet by packet, exactly as the AWS/Huawei docs describe. It shares no code with
 * src/solver (only CIDR parsing from src/net, which has its own tests).
 */
import type { Endpoint, Nacl, Network, Rule } from '../../src/model/network.js';
import { parseCidr } from '../../src/net/addresses.js';

type Fam = 4 | 6;
export interface Pkt { proto: number; port: number | null }
const V4_MAX = 2n ** 32n - 1n;
const V6_MAX = 2n ** 128n - 1n;
const NOT_PUBLIC_V4 = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '224.0.0.0/3'];
const PUBLIC_V6 = ['2000::/3'];

const range = (cidr: string): { fam: Fam; lo: bigint; hi: bigint; prefix: number } | null => {
  const c = parseCidr(cidr);
  return c ? { fam: c.family, lo: BigInt(c.lo), hi: BigInt(c.hi), prefix: c.prefix } : null;
};
const inCidr = (cidr: string, fam: Fam, a: bigint): boolean => {
  const c = range(cidr);
  return !!c && c.fam === fam && c.lo <= a && a <= c.hi;
};
const addr = (ip: string): { fam: Fam; a: bigint } => {
  const c = range(ip)!;
  return { fam: c.fam, a: c.lo };
};
const isPublic = (fam: Fam, a: bigint): boolean => (fam === 4 ? !NOT_PUBLIC_V4.some((c) => inCidr(c, 4, a)) : PUBLIC_V6.some((c) => inCidr(c, 6, a)));

function protoMatches(r: { protocol: number; ports: { from: number; to: number } | null }, p: Pkt): boolean {
  if (r.protocol === -1) return true;
  if (r.protocol !== p.proto) return false;
  if ((p.proto === 6 || p.proto === 17) && r.ports) return p.port! >= r.ports.from && p.port! <= r.ports.to;
  return true;
}

/** Security groups: matching rules; the lowest priority decides; deny wins a tie. All-allow AWS = any match. */
function sgAllows(net: Network, groupIds: string[], dir: 'ingress' | 'egress', peer: (r: Rule) => boolean, p: Pkt): boolean {
  const matching = net.groups.filter((g) => groupIds.includes(g.id)).flatMap((g) => g.rules).filter((r) => r.direction === dir && peer(r) && protoMatches(r, p));
  if (matching.length === 0) return false;
  const top = Math.min(...matching.map((r) => r.priority));
  const atTop = matching.filter((r) => r.priority === top);
  return !atTop.some((r) => r.action === 'deny');
}

const vpcOfSubnet = (net: Network, subnet: string): string | undefined => net.subnets.find((s) => s.id === subnet)?.vpcId;

function naclOf(net: Network, subnet: string): Nacl | undefined {
  return net.nacls.find((n) => n.subnetIds.includes(subnet)) ?? net.nacls.find((n) => n.isDefault && n.vpcId === vpcOfSubnet(net, subnet));
}

function naclAllows(nacl: Nacl | undefined, egress: boolean, fam: Fam, a: bigint, p: Pkt): boolean {
  if (!nacl) return true;
  const entries = nacl.entries.filter((e) => e.egress === egress && range(e.cidr)?.fam === fam).sort((x, y) => x.ruleNumber - y.ruleNumber);
  const hit = entries.find((e) => inCidr(e.cidr, fam, a) && protoMatches(e, p));
  return hit?.action === 'allow';
}

function routedToIgw(net: Network, subnet: string, fam: Fam, a: bigint): boolean {
  const table = net.routeTables.find((t) => t.subnetIds.includes(subnet)) ?? net.routeTables.find((t) => t.isMain && t.vpcId === vpcOfSubnet(net, subnet));
  if (!table) return false;
  let best: { prefix: number; igw: boolean } | null = null;
  for (const r of table.routes) {
    const c = range(r.destination);
    if (!c || c.fam !== fam || a < c.lo || a > c.hi) continue;
    if (!best || c.prefix > best.prefix) best = { prefix: c.prefix, igw: r.targetKind === 'internet-gateway' };
  }
  return !!best?.igw;
}

/** Cut points of every range in the network: representative addresses and ports. */
const repCache = new WeakMap<Network, Map<Fam, { addrs: bigint[]; ports: number[]; ephemeral: number[] }>>();

/** Cached per network (tests do not change a network once made). */
function representatives(net: Network, fam: Fam): { addrs: bigint[]; ports: number[]; ephemeral: number[] } {
  let byFam = repCache.get(net);
  if (!byFam) repCache.set(net, (byFam = new Map()));
  let r = byFam.get(fam);
  if (!r) byFam.set(fam, (r = computeRepresentatives(net, fam)));
  return r;
}

function computeRepresentatives(net: Network, fam: Fam): { addrs: bigint[]; ports: number[]; ephemeral: number[] } {
  const cuts = new Set<bigint>([0n]);
  const max = fam === 4 ? V4_MAX : V6_MAX;
  const cidrs = [
    ...net.groups.flatMap((g) => g.rules.map((r) => (r.peer.kind === 'cidr4' || r.peer.kind === 'cidr6' ? r.peer.cidr : ''))),
    ...net.nacls.flatMap((n) => n.entries.map((e) => e.cidr)), ...net.routeTables.flatMap((t) => t.routes.map((r) => r.destination)),
    ...(fam === 4 ? NOT_PUBLIC_V4 : PUBLIC_V6), ...net.endpoints.flatMap((e) => [...e.privateIps, ...e.ipv6Ips]),
  ];
  for (const c of cidrs) {
    const x = range(c);
    if (!x || x.fam !== fam) continue;
    cuts.add(x.lo);
    if (x.hi < max) cuts.add(x.hi + 1n);
  }
  const portCuts = new Set<number>([0, 1024]);
  for (const r of [...net.groups.flatMap((g) => g.rules), ...net.nacls.flatMap((n) => n.entries)]) {
    if (!r.ports) continue;
    portCuts.add(r.ports.from);
    if (r.ports.to < 65535) portCuts.add(r.ports.to + 1);
  }
  for (const e of net.endpoints) for (const l of e.listeners ?? []) [l.port, l.port + 1].forEach((p) => portCuts.add(p));
  for (const e of net.endpoints) for (const t of e.targets ?? []) if (t.port !== undefined) [t.port, t.port + 1].forEach((p) => portCuts.add(p));
  const ports = [...portCuts].filter((p) => p <= 65535).sort((a, b) => a - b);
  return { addrs: [...cuts].sort((a, b) => (a < b ? -1 : 1)), ports, ephemeral: ports.filter((p) => p >= 1024) };
}

export interface Expected {
  tcp: [number, number][];
  udp: [number, number][];
  icmp: boolean;
  other50: boolean;
}

const segments = (ports: number[], pass: (p: number) => boolean): [number, number][] => {
  const out: [number, number][] = [];
  ports.forEach((p, i) => {
    if (!pass(p)) return;
    const end = (ports[i + 1] ?? 65536) - 1;
    const last = out[out.length - 1];
    if (last && last[1] + 1 === p) last[1] = end;
    else out.push([p, end]);
  });
  return out;
};

const listens = (e: Endpoint, p: Pkt): boolean => !e.listeners || e.listeners.some((l) => l.port === p.port && (p.proto === 6 ? l.protocol !== 'UDP' : p.proto === 17 ? l.protocol === 'UDP' || l.protocol === 'TCP_UDP' : false));

/** Direct internet exposure of one endpoint, by brute force. */
export function bruteInternet(net: Network, e: Endpoint, fam: Fam): Expected {
  const none: Expected = { tcp: [], udp: [], icmp: false, other50: false };
  if (fam === 4 ? e.publicIp !== true : !e.hasIpv6) return none;
  const subnet = e.subnetIds[0]!;
  const nacl = naclOf(net, subnet);
  const { addrs, ports, ephemeral } = representatives(net, fam);
  const sources = addrs.filter((a) => isPublic(fam, a) && routedToIgw(net, subnet, fam, a));
  const noSg = e.kind === 'load-balancer' && e.lbType === 'network' && e.groupIds.length === 0;
  const passes = (p: Pkt): boolean => {
    if (e.kind === 'load-balancer' && (p.port === null || !listens(e, p))) return false;
    return sources.some((src) => {
      if (!naclAllows(nacl, false, fam, src, p)) return false;
      const reply = p.proto === 6 || p.proto === 17 ? ephemeral.some((q) => naclAllows(nacl, true, fam, src, { proto: p.proto, port: q })) : naclAllows(nacl, true, fam, src, p);
      if (!reply) return false;
      // Internet traffic never matches a group reference (it matches members' private addresses).
      return noSg || sgAllows(net, e.groupIds, 'ingress', (r) => (r.peer.kind === 'cidr4' || r.peer.kind === 'cidr6') && inCidr(r.peer.cidr, fam, src), p);
    });
  };
  return {
    tcp: segments(ports, (port) => passes({ proto: 6, port })),
    udp: segments(ports, (port) => passes({ proto: 17, port })),
    icmp: passes({ proto: fam === 4 ? 1 : 58, port: null }),
    other50: passes({ proto: 50, port: null }),
  };
}

function matchesEndpoint(r: Rule, e: Endpoint): boolean {
  if (r.peer.kind === 'group') return e.groupIds.includes(r.peer.groupId);
  if (r.peer.kind !== 'cidr4' && r.peer.kind !== 'cidr6') return false;
  const cidr = r.peer.cidr;
  return [...e.privateIps, ...e.ipv6Ips].some((ip) => {
    const x = addr(ip);
    return inCidr(cidr, x.fam, x.a);
  });
}

/** The packets worth trying between endpoints: one per port segment for tcp and udp, ICMP, ICMPv6 and protocol 50. */
export function representativePackets(net: Network): Pkt[] {
  const { ports } = representatives(net, 4);
  return [...ports.flatMap((port) => [{ proto: 6, port }, { proto: 17, port }]), { proto: 1, port: null }, { proto: 58, port: null }, { proto: 50, port: null }];
}

/** Can `from` open a connection to `to` with some packet? (Brute force over port segments.) */
export function bruteEdge(net: Network, from: Endpoint, to: Endpoint): boolean {
  return representativePackets(net).some((p) => bruteEdgePacket(net, from, to, p));
}

/** Can `from` open a connection to `to` with this packet: both groups, both NACLs and the reply, load-balancer ports? */
export function bruteEdgePacket(net: Network, from: Endpoint, to: Endpoint, p: Pkt): boolean {
  if (from === to || from.vpcId !== to.vpcId) return false; // no peering in these networks
  const { ephemeral } = representatives(net, 4);
  if (from.kind === 'load-balancer' && !(from.targets ?? []).some((t) => t.endpointId === to.id && p.proto === 6 && t.port === p.port)) return false;
  if (to.kind === 'load-balancer' && !listens(to, p)) return false;
  if (!sgAllows(net, to.groupIds, 'ingress', (r) => matchesEndpoint(r, from), p)) return false;
  if (!sgAllows(net, from.groupIds, 'egress', (r) => matchesEndpoint(r, to), p)) return false;
  const sf = from.subnetIds[0]!;
  const st = to.subnetIds[0]!;
  if (sf === st) return true;
  const a = addr(from.privateIps[0]!).a;
  const b = addr(to.privateIps[0]!).a;
  const nf = naclOf(net, sf);
  const nt = naclOf(net, st);
  if (!naclAllows(nt, false, 4, a, p) || !naclAllows(nf, true, 4, b, p)) return false;
  if (p.proto === 6 || p.proto === 17) return ephemeral.some((q) => naclAllows(nt, true, 4, a, { proto: p.proto, port: q }) && naclAllows(nf, false, 4, b, { proto: p.proto, port: q }));
  return naclAllows(nt, true, 4, a, p) && naclAllows(nf, false, 4, b, p);
}

/** Hop counts by breadth-first search over brute-force edges. */
export function bruteHops(net: Network, direct: Set<string>): Map<string, number> {
  const hops = new Map<string, number>();
  let frontier = net.endpoints.filter((e) => direct.has(e.id));
  for (const e of frontier) hops.set(e.id, 0);
  for (let level = 1; frontier.length; level++) {
    const next = net.endpoints.filter((t) => !hops.has(t.id) && frontier.some((f) => bruteEdge(net, f, t)));
    for (const t of next) hops.set(t.id, level);
    frontier = next;
  }
  return hops;
}

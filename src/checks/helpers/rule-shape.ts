import type { Peer, Rule } from '../../model/network.js';
import { PUBLIC_V4, PUBLIC_V6, cidrSet4, cidrSet6, ipv4Set, ipv6Set, parseCidr, type ParsedCidr } from '../../net/addresses.js';
import { Traffic } from '../../solver/traffic.js';

/**
 * Union of the peers' high-risk port lists (Security Hub EC2.19, AWS Config restricted-common-ports,
 * KICS, Prowler), minus 22 and 3389, which have their own rules.
 */
export const SENSITIVE_PORTS = [
  20, 21, 23, 25, 53, 110, 135, 137, 138, 139, 143, 161, 389, 445, 636, 1433, 1434, 1521, 2049, 2375, 2376, 2379, 2380,
  3000, 3306, 4333, 5000, 5432, 5500, 5601, 5900, 5984, 6379, 7001, 8020, 8080, 8088, 8888, 9042, 9092, 9200, 9300,
  11211, 27017, 27018, 50070,
];

/** The rule's CIDR (v4 or v6), parsed; null for group / prefix-list / unknown peers. */
export function cidrOf(r: Rule): ParsedCidr | null {
  return r.peer.kind === 'cidr4' || r.peer.kind === 'cidr6' ? parseCidr(r.peer.cidr) : null;
}

const RFC1918 = cidrSet4(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);
const ULA = cidrSet6(['fc00::/7']);

/** Every address of the CIDR is public (globally routable). */
export function isPublicRange(c: ParsedCidr): boolean {
  return c.family === 4 ? PUBLIC_V4.covers(ipv4Set([[c.lo, c.hi]])) : PUBLIC_V6.covers(ipv6Set([[c.lo, c.hi]]));
}

/** Every address of the CIDR is private (RFC 1918 / IPv6 unique local). */
export function isPrivateRange(c: ParsedCidr): boolean {
  return c.family === 4 ? RFC1918.covers(ipv4Set([[c.lo, c.hi]])) : ULA.covers(ipv6Set([[c.lo, c.hi]]));
}

/** Protocol x ports x ICMP types of a rule or NACL entry, as one set. */
export const trafficOf = (r: Pick<Rule, 'protocol' | 'ports' | 'icmp'>): Traffic => Traffic.of(r.protocol, r.ports, r.icmp);

/** `a` allows (or denies) everything `b` does: traffic and peer both covered. */
export function ruleCovers(a: Rule, b: Rule): boolean {
  return a.direction === b.direction && trafficOf(b).difference(trafficOf(a)).isEmpty() && peerCovers(a.peer, b.peer);
}

/** The rules' traffic overlaps (some packet matches both). */
export function rulesOverlap(a: Rule, b: Rule): boolean {
  return a.direction === b.direction && !trafficOf(a).intersect(trafficOf(b)).isEmpty() && peersOverlap(a.peer, b.peer);
}

export function peerCovers(a: Peer, b: Peer): boolean {
  if (a.kind === 'cidr4' || a.kind === 'cidr6') {
    if (b.kind !== a.kind) return false;
    const x = parseCidr(a.cidr);
    const y = parseCidr(b.cidr);
    return !!x && !!y && x.lo <= y.lo && y.hi <= x.hi;
  }
  if (a.kind === 'group') return b.kind === 'group' && b.groupId === a.groupId;
  if (a.kind === 'prefixList') return b.kind === 'prefixList' && b.id === a.id;
  return false;
}

function peersOverlap(a: Peer, b: Peer): boolean {
  if ((a.kind === 'cidr4' || a.kind === 'cidr6') && b.kind === a.kind) {
    const x = parseCidr(a.cidr);
    const y = parseCidr(b.cidr);
    return !!x && !!y && x.lo <= y.hi && y.lo <= x.hi;
  }
  return peerCovers(a, b);
}

/** How a rule reads in a message: `tcp/22 from 0.0.0.0/0`. */
export function ruleText(r: Rule): string {
  const proto = r.protocol === -1 ? 'all traffic' : r.protocol === 6 ? 'tcp' : r.protocol === 17 ? 'udp' : r.protocol === 1 ? 'icmp' : r.protocol === 58 ? 'icmpv6' : `protocol ${r.protocol}`;
  const ports = r.ports && (r.protocol === 6 || r.protocol === 17) ? `/${r.ports.from === r.ports.to ? r.ports.from : `${r.ports.from}-${r.ports.to}`}` : '';
  const peer = r.peer.kind === 'cidr4' || r.peer.kind === 'cidr6' ? r.peer.cidr : r.peer.kind === 'group' ? r.peer.groupId : r.peer.kind === 'prefixList' ? r.peer.id : 'an unknown peer';
  return `${r.action} ${proto}${ports} ${r.direction === 'ingress' ? 'from' : 'to'} ${peer}`;
}

/** Written by the user (not a provider default): only those get hygiene findings. */
export const isWritten = (r: Rule): boolean => !r.implicit;

/** Which of `ports` (sorted) an allow rule opens over TCP or UDP (protocol -1 counts as both). */
export function portsOpened(r: Rule, ports: readonly number[]): number[] {
  const protos = r.protocol === -1 ? [6, 17] : [r.protocol];
  return ports.filter((p) => protos.some((pr) => (pr === 6 || pr === 17) && (r.ports === null || (r.ports.from <= p && p <= r.ports.to))));
}

/** "22, 80, 443 and 5 more" */
export const listShort = (xs: readonly (string | number)[], n = 5): string => (xs.length > n ? `${xs.slice(0, n).join(', ')} and ${xs.length - n} more` : xs.join(', '));

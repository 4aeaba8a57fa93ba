import type { Endpoint, Nacl, NaclEntry, Rule } from '../model/network.js';
import type { Scalar } from '../net/interval-set.js';
import { EPHEMERAL_PORTS } from '../net/ports.js';
import { naclEntries, ruleTraffic, type Family } from './layers.js';
import { Traffic } from './traffic.js';

/** One concrete packet: protocol and destination port (null for protocols without ports). */
export interface Packet {
  proto: 'tcp' | 'udp' | 'icmp' | 'icmpv6' | number;
  port: number | null;
}

export function packetTraffic(p: Packet): Traffic {
  if (p.proto === 'tcp' || p.proto === 'udp') return Traffic.of(p.proto === 'tcp' ? 6 : 17, p.port === null ? null : { from: p.port, to: p.port });
  if (p.proto === 'icmp') return Traffic.of(1, null);
  if (p.proto === 'icmpv6') return Traffic.of(58, null);
  return Traffic.of(p.proto, null);
}

export const describePacket = (p: Packet): string => (p.port === null ? String(p.proto) : `${p.proto}/${p.port}`);

/** The NACL entry that decides a packet (first match by rule number); null = the implicit `*` deny. */
export function decidingNaclEntry(nacl: Nacl, egress: boolean, family: Family, addr: Scalar, t: Traffic): NaclEntry | null {
  for (const { entry, set } of naclEntries(nacl, egress, family)) {
    if (!(set as { has(x: Scalar): boolean }).has(addr)) continue;
    if (!ruleTraffic(entry).intersect(t).isEmpty()) return entry;
  }
  return null;
}

/** The reply's deciding entry: the first that allows some ephemeral port back to `addr`, else the first that matches. */
export function decidingReplyEntry(nacl: Nacl, egress: boolean, family: Family, addr: Scalar, p: Packet): NaclEntry | null {
  const back = p.proto === 'tcp' || p.proto === 'udp' ? Traffic.ports(p.proto, EPHEMERAL_PORTS) : packetTraffic(p);
  let remaining = back;
  let firstMatch: NaclEntry | null = null;
  for (const { entry, set } of naclEntries(nacl, egress, family)) {
    if (!(set as { has(x: Scalar): boolean }).has(addr)) continue;
    const t = ruleTraffic(entry).intersect(remaining);
    if (t.isEmpty()) continue;
    firstMatch ??= entry;
    if (entry.action === 'allow') return entry;
    remaining = remaining.difference(t);
  }
  return firstMatch;
}

/** The security-group rule that decides a packet from a peer (`matches`), in evaluation order. */
export function decidingRule(rules: readonly Rule[], matches: (r: Rule) => boolean, t: Traffic): Rule | null {
  for (const r of rules) if (matches(r) && !ruleTraffic(r).intersect(t).isEmpty()) return r;
  return null;
}

export const endpointName = (e: Endpoint): string => (e.address === e.id ? e.id : `${e.address} (${e.id})`);

import ipaddr from 'ipaddr.js';
import { IntervalSet, numberDomain, bigintDomain, type Interval } from './interval-set.js';

export const IPV4_DOMAIN = numberDomain(0, 2 ** 32 - 1);
export const IPV6_DOMAIN = bigintDomain(0n, (1n << 128n) - 1n);
export type Ipv4Set = IntervalSet<number>;
export type Ipv6Set = IntervalSet<bigint>;

export type ParsedCidr =
  | { family: 4; lo: number; hi: number; prefix: number; text: string }
  | { family: 6; lo: bigint; hi: bigint; prefix: number; text: string };

/**
 * Parses `10.0.0.0/8`, `::/0`, or a bare address (treated as /32 or /128).
 * AWS canonicalises host bits away (`100.68.0.18/18` is stored as `100.68.0.0/18`), so we do too.
 * Returns null for anything that is not a CIDR.
 */
const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;
const cache = new Map<string, ParsedCidr | null>();

export function parseCidr(text: string): ParsedCidr | null {
  let parsed = cache.get(text);
  if (parsed === undefined) {
    parsed = parseUncached(text.trim());
    if (cache.size > 100_000) cache.clear();
    cache.set(text, parsed);
  }
  return parsed;
}

function parseUncached(trimmed: string): ParsedCidr | null {
  // IPv4 by hand: ipaddr.js tries IPv6 first, which dominates the profile on large inputs.
  const m = V4.exec(trimmed);
  if (m) {
    const octets = [m[1], m[2], m[3], m[4]].map(Number);
    const prefix = m[5] === undefined ? 32 : Number(m[5]);
    if (octets.some((o) => o > 255) || prefix > 32 || /(^|\.)0\d/.test(trimmed.split('/')[0]!)) return null;
    const value = ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!;
    const size = 2 ** (32 - prefix);
    const lo = value - (value % size);
    return { family: 4, lo, hi: lo + size - 1, prefix, text: trimmed };
  }
  if (!trimmed.includes(':')) return null;
  try {
    const hasPrefix = trimmed.includes('/');
    const [addr, prefix] = hasPrefix
      ? ipaddr.parseCIDR(trimmed)
      : ((): [ipaddr.IPv4 | ipaddr.IPv6, number] => {
          const a = ipaddr.parse(trimmed);
          return [a, a.kind() === 'ipv4' ? 32 : 128];
        })();
    if (addr.kind() === 'ipv4') {
      const bytes = addr.toByteArray();
      const value = ((bytes[0]! << 24) >>> 0) + (bytes[1]! << 16) + (bytes[2]! << 8) + bytes[3]!;
      const size = 2 ** (32 - prefix);
      const lo = value - (value % size);
      return { family: 4, lo, hi: lo + size - 1, prefix, text: trimmed };
    }
    let value = 0n;
    for (const b of addr.toByteArray()) value = (value << 8n) | BigInt(b);
    const hostBits = BigInt(128 - prefix);
    const lo = (value >> hostBits) << hostBits;
    return { family: 6, lo, hi: lo + (1n << hostBits) - 1n, prefix, text: trimmed };
  } catch {
    return null;
  }
}

/** A plain dotted-quad IPv4 address as a number, or -1: the hot path for interface addresses (no regex, no cache). */
export function parseIpv4(text: string): number {
  let value = 0;
  let octet = -1;
  let dots = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (octet < 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = -1;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return -1; // leading zero: not canonical (AWS rejects it)
      octet = (octet < 0 ? 0 : octet * 10) + (c - 48);
      if (++digits > 3 || octet > 255) return -1;
    } else return -1;
  }
  return dots === 3 && octet >= 0 ? value * 256 + octet : -1;
}

export const ipv4Set = (ranges: Iterable<Interval<number>>): Ipv4Set => IntervalSet.of(IPV4_DOMAIN, ranges);
export const ipv6Set = (ranges: Iterable<Interval<bigint>>): Ipv6Set => IntervalSet.of(IPV6_DOMAIN, ranges);

/** The set of addresses covered by some CIDRs of one family (others are ignored). */
export function cidrSet4(cidrs: Iterable<string>): Ipv4Set {
  const r: [number, number][] = [];
  for (const c of cidrs) {
    const p = parseCidr(c);
    if (p?.family === 4) r.push([p.lo, p.hi]);
  }
  return ipv4Set(r);
}

export function cidrSet6(cidrs: Iterable<string>): Ipv6Set {
  const r: [bigint, bigint][] = [];
  for (const c of cidrs) {
    const p = parseCidr(c);
    if (p?.family === 6) r.push([p.lo, p.hi]);
  }
  return ipv6Set(r);
}

/** Addresses that never arrive from the internet: private, CGNAT, loopback, link-local, "this", multicast+reserved. */
export const NON_PUBLIC_V4: Ipv4Set = cidrSet4(['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '224.0.0.0/3']);
export const PUBLIC_V4: Ipv4Set = NON_PUBLIC_V4.complement();
/** Global unicast is 2000::/3; everything else (ULA fc00::/7, link-local, multicast, ...) is not internet-sourced. */
export const PUBLIC_V6: Ipv6Set = cidrSet6(['2000::/3']);

export function formatIpv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

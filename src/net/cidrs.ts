import ipaddr from 'ipaddr.js';
import { NON_PUBLIC_V4, PUBLIC_V4, PUBLIC_V6, formatIpv4, ipv4Set, parseCidr } from './addresses.js';
import type { IntervalSet, Scalar } from './interval-set.js';

function formatIpv6(n: bigint): string {
  const parts: number[] = [];
  for (let i = 7; i >= 0; i--) parts.push(Number((n >> BigInt(i * 16)) & 0xffffn));
  return ipaddr.fromByteArray(parts.flatMap((p) => [p >> 8, p & 255])).toString();
}

/** The fewest CIDRs covering exactly one range of addresses (family 4: numbers, 6: bigints). */
function rangeCidrs(lo: bigint, hi: bigint, bits: number, out: string[], fmt: (n: bigint) => string): void {
  while (lo <= hi) {
    // The largest block aligned at lo that stays within hi.
    let size = lo === 0n ? 1n << BigInt(bits) : lo & -lo;
    while (size > hi - lo + 1n) size >>= 1n;
    let prefix = bits;
    for (let s = size; s > 1n; s >>= 1n) prefix--;
    out.push(`${fmt(lo)}/${prefix}`);
    lo += size;
  }
}

/** An address set as the fewest CIDRs that cover it exactly, in order. */
export function toCidrs(set: IntervalSet<Scalar>, family: 4 | 6): string[] {
  const out: string[] = [];
  const fmt = family === 4 ? (n: bigint) => formatIpv4(Number(n)) : formatIpv6;
  for (const [lo, hi] of set.ranges) rangeCidrs(BigInt(lo), BigInt(hi), family === 4 ? 32 : 128, out, fmt);
  return out;
}

/**
 * Public addresses as a reader names them: where filling in the non-public ranges (which never
 * arrive from the internet) takes fewer CIDRs, they are filled, so every public IPv4 address is
 * `0.0.0.0/0`; otherwise the addresses are named as they are (`1.0.0.0/8`, not `0.0.0.0/7`).
 */
export function publicCidrs(set: IntervalSet<Scalar>, family: 4 | 6): string[] {
  if (family === 6) return toCidrs(set, 6);
  const own = set as IntervalSet<number>;
  const out: string[] = [];
  for (const range of own.union(NON_PUBLIC_V4).ranges) {
    const r = ipv4Set([range]);
    const raw = toCidrs(own.intersect(r), 4);
    const filled = toCidrs(r, 4).filter((c) => {
      const p = parseCidr(c)!;
      return !NON_PUBLIC_V4.covers(ipv4Set([[p.lo as number, p.hi as number]]));
    });
    out.push(...(filled.length < raw.length ? filled : raw));
  }
  return out;
}

/** Whether a set holds every public address of its family. */
export const wholeInternet = (set: IntervalSet<Scalar>, family: 4 | 6): boolean =>
  family === 4 ? (set as IntervalSet<number>).covers(PUBLIC_V4) : (set as IntervalSet<bigint>).covers(PUBLIC_V6);

/** "the whole internet", or up to `max` CIDRs and how many more. */
export function describeSources(set: IntervalSet<Scalar>, family: 4 | 6, max = 3): string {
  if (set.isEmpty()) return 'nowhere';
  if (wholeInternet(set, family)) return family === 4 ? 'the whole internet' : 'the whole IPv6 internet';
  const cidrs = publicCidrs(set, family);
  const all = family === 4 ? PUBLIC_V4 : PUBLIC_V6;
  const missing = publicCidrs((all as IntervalSet<Scalar>).difference(set), family);
  if (cidrs.length > max && missing.length <= max) return `the whole ${family === 4 ? '' : 'IPv6 '}internet except ${missing.join(', ')}`;
  return cidrs.length <= max ? cidrs.join(', ') : `${cidrs.slice(0, max).join(', ')} and ${cidrs.length - max} more ranges`;
}

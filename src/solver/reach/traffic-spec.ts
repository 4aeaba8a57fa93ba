import { portRange, type PortSet } from '../../net/ports.js';
import { Traffic } from '../traffic.js';

const PROTOCOLS: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, all: -1, any: -1, '-1': -1 };

/** "22", "8000-8100", "22,443,8000-8100" (each 0-65535), or null with the reason in `error`. */
export function parsePorts(text: string): PortSet | { error: string } {
  let set = portRange(1, 0);
  for (const part of text.split(',').map((s) => s.trim())) {
    const m = /^(\d{1,5})\s*(?:-\s*(\d{1,5}))?$/.exec(part);
    const a = m ? Number(m[1]) : NaN;
    const b = m?.[2] !== undefined ? Number(m[2]) : a;
    if (!m || a > 65535 || b > 65535 || b < a) return { error: `${JSON.stringify(text)} is not a port, a range like 8000-8100, or a comma-separated list of them (0-65535)` };
    set = set.union(portRange(a, b));
  }
  return set;
}

/**
 * The traffic a query or policy names: a protocol (tcp, udp, icmp, icmpv6, all, or an IANA number)
 * and, for tcp/udp, ports. Ports without a protocol mean tcp (as `explain` reads --port); neither means everything.
 */
export function trafficSpec(protocol: string | number | undefined, ports: string | number | undefined): Traffic | { error: string } {
  const p = protocol === undefined ? undefined : String(protocol).toLowerCase();
  const num = p === undefined ? undefined : PROTOCOLS[p] ?? (/^\d{1,3}$/.test(p) && Number(p) <= 255 ? Number(p) : NaN);
  if (Number.isNaN(num)) return { error: `${JSON.stringify(protocol)} is not a protocol (tcp, udp, icmp, icmpv6, all, or a number 0-255)` };
  if (ports === undefined) return num === undefined || num === -1 ? Traffic.ALL : Traffic.of(num, null, num === 1 || num === 58 ? { type: -1, code: -1 } : undefined);
  if (num !== undefined && num !== 6 && num !== 17) return { error: `ports apply to tcp and udp only, not ${protocol}` };
  const set = parsePorts(String(ports));
  if ('error' in set) return set;
  return Traffic.ports(num === 17 ? 'udp' : 'tcp', set);
}

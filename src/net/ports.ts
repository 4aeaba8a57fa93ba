import { IntervalSet, numberDomain, type Interval } from './interval-set.js';

/** TCP/UDP ports 0-65535. */
export const PORT_DOMAIN = numberDomain(0, 65535);
export type PortSet = IntervalSet<number>;

export const portSet = (ranges: Iterable<Interval<number>>): PortSet => IntervalSet.of(PORT_DOMAIN, ranges);
export const portRange = (from: number, to: number): PortSet => IntervalSet.of(PORT_DOMAIN, [[from, to]]);
export const ALL_PORTS: PortSet = IntervalSet.full(PORT_DOMAIN);
export const NO_PORTS: PortSet = IntervalSet.empty(PORT_DOMAIN);
/** Client ports a reply goes back to: NACL rules must allow these for stateless return traffic. */
export const EPHEMERAL_PORTS: PortSet = portRange(1024, 65535);

/** IANA protocol numbers that carry ports or type/code. Any other number means "whole protocol". */
export const PROTO = { icmp: 1, tcp: 6, udp: 17, icmpv6: 58 } as const;

/** `[[22,22],[80,443]]` — the JSON shape used in reports. */
export const portSetToJSON = (s: PortSet): [number, number][] => s.ranges.map(([a, b]) => [a, b]);

export function formatPortSet(s: PortSet): string {
  if (s.isFull()) return 'all ports';
  return s.ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ');
}

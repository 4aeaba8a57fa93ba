import { IntervalSet, numberDomain } from '../net/interval-set.js';
import { ALL_PORTS, NO_PORTS, portRange, portSetToJSON, type PortSet } from '../net/ports.js';

const TYPE_DOMAIN = numberDomain(0, 255);
const PROTO_DOMAIN = numberDomain(0, 255);
const ALL_TYPES = IntervalSet.full(TYPE_DOMAIN);
const NO_TYPES = IntervalSet.empty(TYPE_DOMAIN);
/** Protocols that are not tcp/udp/icmp/icmpv6: each is allowed or not as a whole. */
const OTHER_PROTOCOLS = IntervalSet.full(PROTO_DOMAIN).difference(IntervalSet.of(PROTO_DOMAIN, [[1, 1], [6, 6], [17, 17], [58, 58]]));
const NO_PROTOCOLS = IntervalSet.empty(PROTO_DOMAIN);

/** `[[22,22],[80,443]]`, as JSON.stringify writes `portSetToJSON`. */
function rangesText(s: PortSet): string {
  const r = s.ranges;
  if (r.length === 0) return '[]';
  let out = `[[${r[0]![0]},${r[0]![1]}]`;
  for (let k = 1; k < r.length; k++) out += `,[${r[k]![0]},${r[k]![1]}]`;
  return `${out}]`;
}

/**
 * A set of (protocol, port) pairs as interval sets: tcp and udp ports, ICMP and ICMPv6 types,
 * and the other IP protocols as whole protocols. Immutable.
 */
export class Traffic {
  constructor(
    readonly tcp: PortSet,
    readonly udp: PortSet,
    readonly icmp: IntervalSet<number>,
    readonly icmp6: IntervalSet<number>,
    readonly other: IntervalSet<number>,
  ) {}

  static readonly NONE = new Traffic(NO_PORTS, NO_PORTS, NO_TYPES, NO_TYPES, NO_PROTOCOLS);
  static readonly ALL = new Traffic(ALL_PORTS, ALL_PORTS, ALL_TYPES, ALL_TYPES, OTHER_PROTOCOLS);

  /** What a rule with this protocol/ports/icmp matches (protocol -1 = everything). */
  static of(protocol: number, ports: { from: number; to: number } | null, icmp?: { type: number; code: number }): Traffic {
    const p = ports ? portRange(ports.from, ports.to) : ALL_PORTS;
    const types = !icmp || icmp.type === -1 ? ALL_TYPES : IntervalSet.of(TYPE_DOMAIN, [[icmp.type, icmp.type]]);
    switch (protocol) {
      case -1: return Traffic.ALL;
      case 6: return new Traffic(p, NO_PORTS, NO_TYPES, NO_TYPES, NO_PROTOCOLS);
      case 17: return new Traffic(NO_PORTS, p, NO_TYPES, NO_TYPES, NO_PROTOCOLS);
      case 1: return new Traffic(NO_PORTS, NO_PORTS, types, NO_TYPES, NO_PROTOCOLS);
      case 58: return new Traffic(NO_PORTS, NO_PORTS, NO_TYPES, types, NO_PROTOCOLS);
      default: return new Traffic(NO_PORTS, NO_PORTS, NO_TYPES, NO_TYPES, IntervalSet.of(PROTO_DOMAIN, [[protocol, protocol]]));
    }
  }

  /** tcp/udp ports only (what a listener or target port means). */
  static ports(proto: 'tcp' | 'udp', ports: PortSet): Traffic {
    return proto === 'tcp' ? new Traffic(ports, NO_PORTS, NO_TYPES, NO_TYPES, NO_PROTOCOLS) : new Traffic(NO_PORTS, ports, NO_TYPES, NO_TYPES, NO_PROTOCOLS);
  }

  union(o: Traffic): Traffic {
    if (o === Traffic.NONE || this === Traffic.ALL) return this;
    if (this === Traffic.NONE || o === Traffic.ALL) return o;
    const tcp = this.tcp.union(o.tcp);
    const udp = this.udp.union(o.udp);
    const icmp = this.icmp.union(o.icmp);
    const icmp6 = this.icmp6.union(o.icmp6);
    const other = this.other.union(o.other);
    // One side covering the other: that side (its JSON text may be made already), no new object.
    if (tcp === this.tcp && udp === this.udp && icmp === this.icmp && icmp6 === this.icmp6 && other === this.other) return this;
    if (tcp === o.tcp && udp === o.udp && icmp === o.icmp && icmp6 === o.icmp6 && other === o.other) return o;
    return new Traffic(tcp, udp, icmp, icmp6, other);
  }

  intersect(o: Traffic): Traffic {
    if (o === Traffic.ALL || this === Traffic.NONE) return this;
    if (this === Traffic.ALL || o === Traffic.NONE) return o;
    return new Traffic(this.tcp.intersect(o.tcp), this.udp.intersect(o.udp), this.icmp.intersect(o.icmp), this.icmp6.intersect(o.icmp6), this.other.intersect(o.other));
  }

  difference(o: Traffic): Traffic {
    if (o === Traffic.NONE) return this;
    if (o === Traffic.ALL) return Traffic.NONE;
    return new Traffic(this.tcp.difference(o.tcp), this.udp.difference(o.udp), this.icmp.difference(o.icmp), this.icmp6.difference(o.icmp6), this.other.difference(o.other));
  }

  isEmpty(): boolean {
    return this === Traffic.NONE || (this.tcp.isEmpty() && this.udp.isEmpty() && this.icmp.isEmpty() && this.icmp6.isEmpty() && this.other.isEmpty());
  }

  equals(o: Traffic): boolean {
    return this.tcp.equals(o.tcp) && this.udp.equals(o.udp) && this.icmp.equals(o.icmp) && this.icmp6.equals(o.icmp6) && this.other.equals(o.other);
  }

  /** Keeps only the protocols for which `keep` says yes (tcp, udp, icmp, icmp6, other). */
  filter(keep: (proto: 'tcp' | 'udp' | 'icmp' | 'icmp6' | 'other') => boolean): Traffic {
    return new Traffic(keep('tcp') ? this.tcp : NO_PORTS, keep('udp') ? this.udp : NO_PORTS, keep('icmp') ? this.icmp : NO_TYPES, keep('icmp6') ? this.icmp6 : NO_TYPES, keep('other') ? this.other : NO_PROTOCOLS);
  }

  private json?: [string | undefined, string | undefined];

  /** `toJSON` as a string, cached on this (immutable) object: shared sets are serialised once. */
  jsonText(family: 4 | 6 = 4): string {
    this.json ??= [undefined, undefined];
    const i = family === 4 ? 0 : 1;
    return (this.json[i] ??= this.makeJsonText(family));
  }

  /** `JSON.stringify(this.toJSON(family))`, built as text (no arrays made just to be serialised). */
  private makeJsonText(family: 4 | 6): string {
    const icmp = family === 4 ? !this.icmp.isEmpty() : !this.icmp6.isEmpty();
    const other = this.other.isEmpty() ? '' : `,"other":${JSON.stringify(this.otherJSON())}`;
    return `{"tcp":${rangesText(this.tcp)},"udp":${rangesText(this.udp)},"icmp":${icmp}${other}}`;
  }

  /** Report shape (schema/exposure.schema.json): `{ tcp: [[22, 22]], udp: [], icmp: false }`, plus `other` protocols when any. */
  toJSON(family: 4 | 6 = 4): { tcp: [number, number][]; udp: [number, number][]; icmp: boolean; other?: number[] } {
    const icmp = family === 4 ? !this.icmp.isEmpty() : !this.icmp6.isEmpty();
    const out: { tcp: [number, number][]; udp: [number, number][]; icmp: boolean; other?: number[] } = { tcp: portSetToJSON(this.tcp), udp: portSetToJSON(this.udp), icmp };
    if (!this.other.isEmpty()) out.other = this.otherJSON();
    return out;
  }

  /** The other protocols as the report lists them: [-1] for all of them. */
  private otherJSON(): number[] {
    return this.other.isFull() || this.other.equals(OTHER_PROTOCOLS) ? [-1] : this.other.ranges.flatMap(([a, b]) => Array.from({ length: Math.min(b - a + 1, 8) }, (_x, i) => a + i));
  }

  /** Smallest member, as "proto/port", for examples and path labels; null when empty. */
  sample(): { proto: string; port: number | null } | null {
    if (!this.tcp.isEmpty()) return { proto: 'tcp', port: this.tcp.ranges[0]![0] };
    if (!this.udp.isEmpty()) return { proto: 'udp', port: this.udp.ranges[0]![0] };
    if (!this.icmp.isEmpty()) return { proto: 'icmp', port: null };
    if (!this.icmp6.isEmpty()) return { proto: 'icmpv6', port: null };
    if (!this.other.isEmpty()) return { proto: `protocol ${this.other.ranges[0]![0]}`, port: null };
    return null;
  }
}

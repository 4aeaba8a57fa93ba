import type { Endpoint, Rule } from '../model/network.js';
import type { IntervalSet, Scalar } from '../net/interval-set.js';
import { portRange } from '../net/ports.js';
import { allowedBy, naclBetween, orderedRules, ruleSources } from './layers.js';
import type { Topology } from './topology.js';
import { Traffic } from './traffic.js';

const overlaps = (a: IntervalSet<Scalar>, b: IntervalSet<Scalar>): boolean => a.overlaps(b);

/** Does a rule's peer include endpoint `e` (by group membership or by its private addresses)? */
export function ruleMatchesEndpoint(r: Rule, e: Endpoint, topo: Topology): boolean {
  if (r.peer.kind === 'group') return e.groupIds.includes(r.peer.groupId);
  const src = ruleSources(r, topo);
  const a = topo.addresses(e);
  if (a.single !== undefined) return (src[4] as IntervalSet<number>).has(a.single);
  // Addresses not known statically (no IPs, no subnet): conservatively, any address rule may match.
  if (a.v4.isEmpty() && a.v6.isEmpty()) return true;
  return overlaps(src[4] as IntervalSet<Scalar>, a.v4 as IntervalSet<Scalar>) || overlaps(src[6] as IntervalSet<Scalar>, a.v6 as IntervalSet<Scalar>);
}

const sameVpc = (a: Endpoint, b: Endpoint, topo: Topology): boolean => {
  const va = topo.vpcOf(a);
  const vb = topo.vpcOf(b);
  return !va || !vb || va === vb;
};

/**
 * Traffic endpoint `from` can open to endpoint `to` inside a VPC: `to`'s ingress rules must admit
 * `from`, `from`'s egress rules must admit `to`, and when they are in different subnets both NACLs
 * must pass the request and the reply. A load balancer forwards only to its targets' ports.
 */
export function edgeTraffic(from: Endpoint, to: Endpoint, topo: Topology): Traffic {
  if (from === to || !sameVpc(from, to, topo)) return Traffic.NONE;
  let limit = Traffic.ALL;
  if (from.kind === 'load-balancer') {
    const targets = (from.targets ?? []).filter((t) => t.endpointId === to.id);
    if (targets.length === 0) return Traffic.NONE;
    let tcp = portRange(1, 0);
    for (const t of targets) tcp = t.port !== undefined ? tcp.union(portRange(t.port, t.port)) : Traffic.ALL.tcp;
    limit = Traffic.ports('tcp', tcp);
  }
  if (to.kind === 'load-balancer' && to.listeners?.length) limit = limit.intersect(listenerTraffic(to));
  const noGroups = (e: Endpoint): boolean => e.kind === 'load-balancer' && e.lbType === 'network' && e.groupIds.length === 0;
  const inbound = noGroups(to) ? Traffic.ALL : allowedBy(orderedRules(topo, to.groupIds, 'ingress'), (r) => ruleMatchesEndpoint(r, from, topo));
  if (inbound.isEmpty()) return Traffic.NONE;
  const outbound = noGroups(from) ? Traffic.ALL : allowedBy(orderedRules(topo, from.groupIds, 'egress'), (r) => ruleMatchesEndpoint(r, to, topo));
  let t = limit.intersect(inbound).intersect(outbound);
  if (t.isEmpty()) return t;
  const sFrom = from.subnetIds[0];
  const sTo = to.subnetIds[0];
  if (sFrom && sTo && sFrom !== sTo) {
    const aFrom = topo.firstIpv4(from);
    const aTo = topo.firstIpv4(to);
    if (aFrom !== undefined && aTo !== undefined) t = t.intersect(naclBetween(topo, sFrom, aFrom, sTo, aTo));
  }
  return t;
}

/** What a load balancer accepts: its listener ports (TCP listeners for HTTP/HTTPS/TLS/TCP, UDP for UDP). */
export function listenerTraffic(e: Endpoint): Traffic {
  let tcp = portRange(1, 0);
  let udp = portRange(1, 0);
  for (const l of e.listeners ?? []) {
    const p = l.protocol.toUpperCase();
    if (p === 'UDP' || p === 'TCP_UDP') udp = udp.union(portRange(l.port, l.port));
    if (p !== 'UDP') tcp = tcp.union(portRange(l.port, l.port));
  }
  return new Traffic(tcp, udp, Traffic.NONE.icmp, Traffic.NONE.icmp6, Traffic.NONE.other);
}

import type { Endpoint, Rule } from '../model/network.js';
import type { Origin } from '../model/origin.js';
import { PUBLIC_V4, PUBLIC_V6, ipv4Set, ipv6Set, parseCidr, formatIpv4 } from '../net/addresses.js';
import type { IntervalSet, Scalar } from '../net/interval-set.js';
import { listenerTraffic, ruleMatchesEndpoint } from './edges.js';
import { atoms, EMPTY, naclEntries, orderedRules, routedToInternet, ruleSources, type AddrSet } from './layers.js';
import type { Solution } from './index.js';
import type { Traffic } from './traffic.js';
import { decidingNaclEntry, decidingReplyEntry, decidingRule, describePacket, endpointName, packetTraffic, type Packet } from './witness.js';

export interface ExplainQuery {
  target: string;
  port?: number;
  proto?: 'tcp' | 'udp' | 'icmp';
  /** "internet" (default), an IPv4 address or CIDR, or another endpoint's id. */
  from?: string;
  /** Only the direct internet hop (ignore chained paths). */
  direct?: boolean;
}

export interface ExplainStep {
  layer: 'public-ip' | 'route' | 'nacl-inbound' | 'nacl-reply' | 'security-group' | 'egress' | 'load-balancer' | 'vpc';
  verdict: 'allow' | 'block' | 'unknown';
  detail: string;
  origin?: Origin;
}

export interface Explanation {
  target: string;
  packet: string;
  reachable: boolean;
  /** The chain of hops, each with the layers that decide it. */
  hops: { from: string; to: string; packet: string; steps: ExplainStep[] }[];
  summary: string;
}

/** Why an endpoint without a public IPv4 address is not directly reachable (also used by rules). */
export const NO_PUBLIC_IP = 'it has no public IPv4 address (no EIP, no auto-assigned address)';

const where = (o: Origin | undefined): string => (o && o.file ? `${o.file}:${o.line}` : '');
const ruleText = (r: Rule): string => `${r.origin.address && r.origin.address !== r.key ? `${r.origin.address} ` : ''}${r.key}${where(r.origin) ? ` (${where(r.origin)})` : ''}`;

/** Why a target is (or is not) reachable: the hops of the shortest path and, for each, the deciding entries. */
export function explain(sol: Solution, q: ExplainQuery): Explanation | { error: string } {
  const matches = sol.find(q.target);
  if (matches.length === 0) return { error: `no endpoint matches ${JSON.stringify(q.target)}` };
  if (matches.length > 1) return { error: `${JSON.stringify(q.target)} matches ${matches.length} endpoints: ${matches.slice(0, 5).map((e) => e.id).join(', ')}${matches.length > 5 ? ', ...' : ''}` };
  const target = matches[0]!;
  const from = sourceOf(sol, q.from);
  if ('error' in from) return from;
  const wanted = (p: Packet | null): Packet => p ?? { proto: 'tcp', port: 0 };
  const query: Packet | null = q.port !== undefined ? { proto: q.proto ?? 'tcp', port: q.port } : q.proto === 'icmp' ? { proto: 'icmp', port: null } : null;

  if (from.endpoint) {
    const p = query ?? sampleOf(sol, from.endpoint, target);
    const steps = edgeSteps(sol, from.endpoint, target, wanted(p));
    const ok = steps.every((s) => s.verdict !== 'block');
    return { target: target.id, packet: describePacket(wanted(p)), reachable: ok, hops: [{ from: from.endpoint.id, to: target.id, packet: describePacket(wanted(p)), steps }], summary: `${endpointName(from.endpoint)} ${ok ? 'can' : 'cannot'} reach ${endpointName(target)} on ${describePacket(wanted(p))}` };
  }
  // From a CIDR: the same search as from the internet, with only those addresses counting as it.
  const scoped = from.cidr ? sol.scoped(from.cidr.sets) : sol;
  const x = scoped.exposure(target);
  const topo = sol.topology;
  const name = from.cidr?.text ?? 'the internet';
  const within = from.cidr?.sets[4] ?? null;
  const packetOk = (t: Traffic): boolean => !query || !t.intersect(packetTraffic(query)).isEmpty();
  if (!q.direct && x.hopsFromInternet !== null && x.path.length > 1 && (x.hopsFromInternet > 0 || packetOk(x.internet))) {
    const hops: Explanation['hops'] = [];
    for (let i = 1; i < x.path.length; i++) {
      const hop = x.path[i]!;
      const to = topo.endpoints.get(hop.id)!;
      const isLast = i === x.path.length - 1;
      const p: Packet = isLast && query ? query : { proto: (hop.proto as Packet['proto']) ?? 'tcp', port: hop.port };
      if (i === 1) hops.push({ from: from.cidr?.text ?? 'internet', to: to.id, packet: describePacket(p), steps: internetSteps(sol, to, p, within) });
      else hops.push({ from: x.path[i - 1]!.id, to: to.id, packet: describePacket(p), steps: edgeSteps(sol, topo.endpoints.get(x.path[i - 1]!.id)!, to, p) });
    }
    const ok = hops.every((h) => h.steps.every((s) => s.verdict !== 'block'));
    const lastPacket = hops[hops.length - 1]!.packet;
    const how = x.hopsFromInternet === 0 ? 'directly' : `through ${x.hopsFromInternet} intermediate endpoint${x.hopsFromInternet === 1 ? '' : 's'}`;
    return { target: target.id, packet: lastPacket, reachable: ok, hops, summary: `${endpointName(target)} is reachable from ${name} on ${lastPacket} ${how}${x.may.length ? ' (may: depends on unknown values)' : ''}` };
  }
  const p = wanted(query ?? x.internet.sample() as Packet | null ?? ingressSample(sol, target));
  const steps = internetSteps(sol, target, p, within);
  const ok = steps.every((s) => s.verdict !== 'block');
  const blocked = steps.find((s) => s.verdict === 'block');
  return {
    target: target.id, packet: describePacket(p), reachable: ok, hops: [{ from: from.cidr?.text ?? 'internet', to: target.id, packet: describePacket(p), steps }],
    summary: ok ? `${endpointName(target)} is reachable from ${name} on ${describePacket(p)}` : `${endpointName(target)} is not reachable from ${name} on ${describePacket(p)}: blocked by the ${blocked?.layer ?? 'network'} (${blocked?.detail ?? ''})`,
  };
}

type Source = { endpoint?: Endpoint; cidr?: { text: string; sets: Record<4 | 6, AddrSet> } };

/**
 * `--from`: the internet (default), an endpoint (its id or one of its addresses), or public
 * addresses (an address or CIDR, followed through chains like the internet).
 */
function sourceOf(sol: Solution, from: string | undefined): Source | { error: string } {
  if (!from || from === 'internet') return {};
  const c = parseCidr(from);
  const found = sol.find(from);
  if (found.length === 1 && (!c || (c.family === 4 && !PUBLIC_V4.overlaps(ipv4Set([[c.lo, c.hi]]))))) return { endpoint: found[0]! };
  if (!c) return { error: `--from ${JSON.stringify(from)} matches ${found.length} endpoints${found.length ? `: ${found.slice(0, 5).map((e) => e.id).join(', ')}` : ''}; give internet, an address or CIDR, or one endpoint` };
  const sets: Record<4 | 6, AddrSet> = c.family === 4 ? { 4: ipv4Set([[c.lo, c.hi]]), 6: EMPTY[6] } : { 4: EMPTY[4], 6: ipv6Set([[c.lo, c.hi]]) };
  const pub = (sets[c.family] as IntervalSet<Scalar>).overlaps((c.family === 4 ? PUBLIC_V4 : PUBLIC_V6) as IntervalSet<Scalar>);
  if (!pub) return { error: `--from ${c.text} holds no public address, so nothing from it comes from the internet; for traffic inside a VPC give an endpoint (its id or address)` };
  return { cidr: { text: c.text, sets } };
}

/** A port a reader expects for an endpoint nobody reaches: the first its groups admit (5432 for a database), else tcp/22. */
function ingressSample(sol: Solution, e: Endpoint): Packet {
  const r = orderedRules(sol.topology, e.groupIds, 'ingress').find((x) => x.action === 'allow' && x.ports);
  return r ? packetFromRule(r) : { proto: 'tcp', port: 22 };
}

function sampleOf(sol: Solution, from: Endpoint, to: Endpoint): Packet | null {
  const rule = orderedRules(sol.topology, to.groupIds, 'ingress').find((r) => ruleMatchesEndpoint(r, from, sol.topology));
  return rule ? packetFromRule(rule) : null;
}

function packetFromRule(r: Rule): Packet {
  if (r.protocol === 6 || r.protocol === 17) return { proto: r.protocol === 6 ? 'tcp' : 'udp', port: r.ports?.from ?? 0 };
  if (r.protocol === 1) return { proto: 'icmp', port: null };
  return { proto: 'tcp', port: r.ports?.from ?? 0 };
}

/** internet (or one source address) -> endpoint: public IP, route, NACL in, NACL reply, security group. */
function internetSteps(sol: Solution, e: Endpoint, p: Packet, within: AddrSet | null): ExplainStep[] {
  const topo = sol.topology;
  const t = packetTraffic(p);
  const steps: ExplainStep[] = [];
  const pub = e.publicIp;
  steps.push(pub === false
    ? { layer: 'public-ip', verdict: 'block', detail: NO_PUBLIC_IP, origin: e.origin }
    : { layer: 'public-ip', verdict: pub === true ? 'allow' : 'unknown', detail: pub === true ? (e.kind === 'load-balancer' ? 'internet-facing load balancer' : 'it has a public IPv4 address') : 'whether it has a public IP is not known statically', origin: e.origin });
  if (e.kind === 'load-balancer' && e.listeners) {
    const ok = !listenerTraffic(e).intersect(t).isEmpty();
    steps.push(ok ? { layer: 'load-balancer', verdict: 'allow', detail: `a listener accepts ${describePacket(p)}`, origin: e.origin }
      : { layer: 'load-balancer', verdict: 'block', detail: `no listener on ${describePacket(p)} (listeners: ${e.listeners.map((l) => `${l.protocol} ${l.port}`).join(', ') || 'none'})`, origin: e.origin });
  }
  const subnet = e.subnetIds[0];
  const table = subnet ? topo.routeTableFor(subnet) : null;
  const routed = subnet && topo.subnets.has(subnet) ? routedToInternet(table, 4, topo, subnet) : { set: PUBLIC_V4 as AddrSet, unknown: 'its subnet is not in the input' };
  const sources = (PUBLIC_V4 as IntervalSet<Scalar>).intersect(routed.set as IntervalSet<Scalar>);
  const igwRoute = table?.routes.find((r) => r.targetKind === 'internet-gateway' && parseCidr(r.destination)?.family === 4);
  if (routed.unknown) steps.push({ layer: 'route', verdict: 'unknown', detail: routed.unknown });
  else if (sources.isEmpty()) steps.push({ layer: 'route', verdict: 'block', detail: `route table ${table?.address ?? '(none)'} of ${subnet ?? 'its subnet'} has no route to an internet gateway (a private subnet)`, ...(table ? { origin: table.origin } : {}) });
  else steps.push({ layer: 'route', verdict: 'allow', detail: `${table!.address}: ${igwRoute?.destination ?? '?'} -> ${igwRoute?.target ?? 'internet gateway'}`, ...(igwRoute ? { origin: igwRoute.origin } : {}) });
  const nacl = subnet ? topo.naclFor(subnet) : null;
  const rules = orderedRules(topo, e.groupIds, 'ingress');
  // Pick the source address: the given one, or a public address in an atom where the most layers pass.
  const space = (sources.isEmpty() ? PUBLIC_V4 : sources) as IntervalSet<Scalar>;
  const scope = within ? (space.intersect(within as IntervalSet<Scalar>).isEmpty() ? (within as IntervalSet<Scalar>).intersect(PUBLIC_V4 as IntervalSet<Scalar>) : space.intersect(within as IntervalSet<Scalar>)) : space;
  const candidates: Scalar[] = atoms([...rules.map((r) => ruleSources(r, topo)[4]), ...(nacl && nacl !== 'unknown' ? [...naclEntries(nacl, false, 4), ...naclEntries(nacl, true, 4)].map((x) => x.set) : [])], scope as AddrSet).slice(0, 4096);
  let best: ExplainStep[] | null = null;
  for (const src of candidates) {
    const s = sourceSteps(sol, e, p, t, src as number, rules, nacl);
    if (!best || s.filter((x) => x.verdict === 'allow').length > best.filter((x) => x.verdict === 'allow').length) best = s;
    if (s.every((x) => x.verdict !== 'block')) break;
  }
  return [...steps, ...(best ?? [])];
}

function sourceSteps(sol: Solution, e: Endpoint, p: Packet, t: ReturnType<typeof packetTraffic>, src: number, rules: Rule[], nacl: ReturnType<Solution['topology']['naclFor']>): ExplainStep[] {
  const topo = sol.topology;
  const steps: ExplainStep[] = [];
  const addr = formatIpv4(src);
  if (nacl === null) steps.push({ layer: 'nacl-inbound', verdict: 'allow', detail: 'no network ACLs in the input' });
  else if (nacl === 'unknown') steps.push({ layer: 'nacl-inbound', verdict: 'unknown', detail: 'the subnet\'s network ACL is not in the input' });
  else {
    const inE = decidingNaclEntry(nacl, false, 4, src, t);
    steps.push(inE ? { layer: 'nacl-inbound', verdict: inE.action === 'allow' ? 'allow' : 'block', detail: `${nacl.address} inbound rule ${inE.ruleNumber} ${inE.action === 'allow' ? 'allows' : 'denies'} ${describePacket(p)} from ${inE.cidr} (source ${addr})`, origin: inE.origin }
      : { layer: 'nacl-inbound', verdict: 'block', detail: `${nacl.address} inbound: no rule matches ${describePacket(p)} from ${addr}; the final * rule denies it`, origin: nacl.origin });
    const outE = decidingReplyEntry(nacl, true, 4, src, p);
    steps.push(outE && outE.action === 'allow' ? { layer: 'nacl-reply', verdict: 'allow', detail: `${nacl.address} outbound rule ${outE.ruleNumber} allows the reply to ${addr} on ephemeral ports`, origin: outE.origin }
      : { layer: 'nacl-reply', verdict: 'block', detail: `${nacl.address} outbound: ${outE ? `rule ${outE.ruleNumber} denies` : 'no rule allows'} the reply to ${addr} on ephemeral ports 1024-65535`, ...(outE ? { origin: outE.origin } : { origin: nacl.origin }) });
  }
  const r = decidingRule(rules, (x) => (ruleSources(x, topo)[4] as IntervalSet<number>).has(src), t);
  steps.push(r && r.action === 'allow'
    ? { layer: 'security-group', verdict: 'allow', detail: `${ruleText(r)} allows ${describePacket(p)} from ${r.peer.kind === 'cidr4' ? r.peer.cidr : r.peer.kind}`, origin: r.origin }
    : { layer: 'security-group', verdict: 'block', detail: r ? `${ruleText(r)} denies it` : `no rule of ${e.groupIds.join(', ') || '(no groups)'} allows ${describePacket(p)} from ${addr}`, ...(r ? { origin: r.origin } : {}) });
  return steps;
}

/** endpoint -> endpoint inside a VPC: the egress rule, the NACLs between subnets, the ingress rule. */
function edgeSteps(sol: Solution, from: Endpoint, to: Endpoint, p: Packet): ExplainStep[] {
  const topo = sol.topology;
  const t = packetTraffic(p);
  const steps: ExplainStep[] = [];
  if (from.kind === 'load-balancer') {
    const target = from.targets?.find((x) => x.endpointId === to.id);
    steps.push(target ? { layer: 'load-balancer', verdict: 'allow', detail: `${from.address} forwards to ${to.address}${target.port !== undefined ? ` on port ${target.port}` : ''}`, origin: from.origin }
      : { layer: 'load-balancer', verdict: 'block', detail: `${to.address} is not a target of ${from.address}`, origin: from.origin });
  }
  const vf = topo.vpcOf(from);
  const vt = topo.vpcOf(to);
  if (vf && vt && vf !== vt) steps.push({ layer: 'vpc', verdict: 'block', detail: `they are in different VPCs (${vf}, ${vt})` });
  const out = decidingRule(orderedRules(topo, from.groupIds, 'egress'), (r) => ruleMatchesEndpoint(r, to, topo), t);
  steps.push(out && out.action === 'allow' ? { layer: 'egress', verdict: 'allow', detail: `${ruleText(out)} allows ${describePacket(p)} out to ${to.address}`, origin: out.origin }
    : { layer: 'egress', verdict: 'block', detail: out ? `${ruleText(out)} denies it` : `no egress rule of ${from.address} allows ${describePacket(p)} to ${to.address}` });
  const sf = from.subnetIds[0];
  const st = to.subnetIds[0];
  const aFrom = topo.firstIpv4(from);
  const aTo = topo.firstIpv4(to);
  if (sf && st && sf !== st && aFrom !== undefined && aTo !== undefined) {
    const nTo = topo.naclFor(st);
    if (nTo && nTo !== 'unknown') {
      const e = decidingNaclEntry(nTo, false, 4, aFrom, t);
      steps.push(e ? { layer: 'nacl-inbound', verdict: e.action === 'allow' ? 'allow' : 'block', detail: `${nTo.address} inbound rule ${e.ruleNumber} ${e.action === 'allow' ? 'allows' : 'denies'} it`, origin: e.origin } : { layer: 'nacl-inbound', verdict: 'block', detail: `${nTo.address} inbound: the final * rule denies it`, origin: nTo.origin });
    }
  }
  const inR = decidingRule(orderedRules(topo, to.groupIds, 'ingress'), (r) => ruleMatchesEndpoint(r, from, topo), t);
  steps.push(inR && inR.action === 'allow' ? { layer: 'security-group', verdict: 'allow', detail: `${ruleText(inR)} allows ${describePacket(p)} from ${from.address}`, origin: inR.origin }
    : { layer: 'security-group', verdict: 'block', detail: inR ? `${ruleText(inR)} denies it` : `no rule of ${to.address} allows ${describePacket(p)} from ${from.address}` });
  return steps;
}

/**
 * Without `port`: one explanation per port range (its first port) and protocol the target is
 * reachable on from the source, at most `max`; a target reached on nothing gets the one
 * explanation of why not. With `port`, or from an endpoint: the one explanation.
 */
export function explainEach(sol: Solution, q: ExplainQuery, max = 12): { explanations: Explanation[]; more: number } | { error: string } {
  const one = (): { explanations: Explanation[]; more: number } | { error: string } => {
    const e = explain(sol, q);
    return 'error' in e ? e : { explanations: [e], more: 0 };
  };
  if (q.port !== undefined || q.proto === 'icmp') return one();
  const from = sourceOf(sol, q.from);
  const target = sol.find(q.target);
  if ('error' in from || from.endpoint || target.length !== 1) return one();
  const scoped = from.cidr ? sol.scoped(from.cidr.sets) : sol;
  const x = scoped.exposure(target[0]!);
  const t = x.hopsFromInternet === 0 ? x.internet.union(x.internet6) : x.hopsFromInternet !== null ? scoped.reachedWith(target[0]!) : undefined;
  if (!t || t.isEmpty()) return one();
  const packets: Packet[] = [];
  if (!q.proto || q.proto === 'tcp') for (const [a] of t.tcp.ranges) packets.push({ proto: 'tcp', port: a });
  if (!q.proto || q.proto === 'udp') for (const [a] of t.udp.ranges) packets.push({ proto: 'udp', port: a });
  if (!q.proto && !t.icmp.isEmpty()) packets.push({ proto: 'icmp', port: null });
  if (!packets.length) return one();
  const explanations: Explanation[] = [];
  for (const p of packets.slice(0, max)) {
    const e = explain(sol, { ...q, proto: p.proto as 'tcp', ...(p.port !== null ? { port: p.port } : {}) });
    if ('error' in e) return e;
    explanations.push(e);
  }
  return { explanations, more: Math.max(0, packets.length - max) };
}

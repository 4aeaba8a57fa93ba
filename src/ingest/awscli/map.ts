import type { Diagnostic } from '../../model/diagnostic.js';
import { emptyNetwork, type Endpoint, type Network, type Peer, type Route, type Rule, type SecurityGroup } from '../../model/network.js';
import type { Origin } from '../../model/origin.js';
import { normalisePorts, parseProtocol } from '../../model/protocol.js';
import { IdSet } from './id-set.js';
import type { AwsEni, IpPermission, Snapshot } from './sections.js';

/** Snapshot entities never gain unknowns or (for most interfaces) IPv6 addresses: one shared, frozen empty list. */
const NONE = Object.freeze([]) as unknown as string[];

const LAYER_NOTES: [keyof Snapshot, string][] = [
  ['SecurityGroups', 'security groups are not in the snapshot: every group reference is unknown'],
  ['NetworkAcls', 'network ACLs are not in the snapshot: they are treated as allowing everything'],
  ['RouteTables', 'route tables are not in the snapshot: routes to the internet are treated as unknown'],
  ['Subnets', 'subnets are not in the snapshot: public-IP defaults and subnet ranges are unknown'],
  ['NetworkInterfaces', 'network interfaces are not in the snapshot: endpoints come from instances only'],
];

/** Maps merged describe-* output to the model. Ids are the cloud ids (ENIs by `eni-...`). */
export function mapSnapshot(s: Snapshot, file: string): { network: Network; diagnostics: Diagnostic[] } {
  const net = emptyNetwork();
  const diagnostics: Diagnostic[] = [];
  const origin = (address: string): Origin => ({ file, line: 1, column: 1, address });
  for (const [key, note] of LAYER_NOTES) if (s[key] === undefined) diagnostics.push({ severity: 'warning', message: note, file });

  for (const v of s.Vpcs ?? []) {
    const cidrs = [...new Set([v.CidrBlock, ...(v.CidrBlockAssociationSet ?? []).map((c) => c.CidrBlock)].filter((c): c is string => !!c))];
    net.vpcs.push({ id: v.VpcId, address: v.VpcId, cidrs, ipv6Cidrs: (v.Ipv6CidrBlockAssociationSet ?? []).map((c) => c.Ipv6CidrBlock), origin: origin(v.VpcId), ...(v.IsDefault ? { isDefault: true } : {}) });
  }
  for (const x of s.Subnets ?? []) {
    const v6 = x.Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock;
    net.subnets.push({ id: x.SubnetId, address: x.SubnetId, ...(x.VpcId ? { vpcId: x.VpcId } : {}), ...(x.CidrBlock ? { cidr: x.CidrBlock } : {}), ...(v6 ? { ipv6Cidr: v6 } : {}), mapPublicIpOnLaunch: !!x.MapPublicIpOnLaunch, assignIpv6OnCreation: !!x.AssignIpv6AddressOnCreation, origin: origin(x.SubnetId) });
  }
  const igws = new Set<string>();
  for (const g of s.InternetGateways ?? []) {
    igws.add(g.InternetGatewayId);
    const vpc = g.Attachments?.find((a) => a.State !== 'detached')?.VpcId;
    net.internetGateways.push({ id: g.InternetGatewayId, address: g.InternetGatewayId, egressOnly: false, ...(vpc ? { vpcId: vpc } : {}), origin: origin(g.InternetGatewayId) });
  }
  for (const t of s.RouteTables ?? []) {
    const routes: Route[] = [];
    for (const r of t.Routes ?? []) {
      if (r.State === 'blackhole') continue;
      const destination = r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ?? r.DestinationPrefixListId;
      if (!destination) continue;
      const gw = r.GatewayId;
      const target = gw ?? r.EgressOnlyInternetGatewayId ?? r.NatGatewayId ?? r.TransitGatewayId ?? r.VpcPeeringConnectionId ?? r.NetworkInterfaceId ?? r.InstanceId ?? '?';
      const targetKind: Route['targetKind'] = gw === 'local' ? 'local' : gw?.startsWith('igw-') || (gw && igws.has(gw)) ? 'internet-gateway' : r.EgressOnlyInternetGatewayId ? 'egress-only-gateway' : r.NatGatewayId ? 'nat-gateway' : r.VpcPeeringConnectionId ? 'vpc-peering' : 'other';
      routes.push({ destination, target, targetKind, origin: origin(t.RouteTableId) });
    }
    const assoc = t.Associations ?? [];
    net.routeTables.push({ id: t.RouteTableId, address: t.RouteTableId, ...(t.VpcId ? { vpcId: t.VpcId } : {}), isMain: assoc.some((a) => a.Main), routes, subnetIds: assoc.filter((a) => a.SubnetId).map((a) => a.SubnetId!), origin: origin(t.RouteTableId) });
  }
  for (const n of s.NetworkAcls ?? []) {
    net.nacls.push({
      id: n.NetworkAclId, address: n.NetworkAclId, ...(n.VpcId ? { vpcId: n.VpcId } : {}), isDefault: !!n.IsDefault, subnetIds: (n.Associations ?? []).filter((a) => a.SubnetId).map((a) => a.SubnetId!), origin: origin(n.NetworkAclId),
      entries: (n.Entries ?? []).map((e) => {
        const protocol = parseProtocol(e.Protocol) ?? -1;
        const norm = normalisePorts(protocol, e.PortRange?.From ?? null, e.PortRange?.To ?? null);
        return {
          ruleNumber: e.RuleNumber, egress: !!e.Egress, action: e.RuleAction === 'deny' ? 'deny' : 'allow', protocol, ports: norm.ports,
          ...(protocol === 1 || protocol === 58 ? { icmp: { type: e.IcmpTypeCode?.Type ?? -1, code: e.IcmpTypeCode?.Code ?? -1 } } : {}),
          cidr: e.CidrBlock ?? e.Ipv6CidrBlock ?? '0.0.0.0/0', origin: origin(`${n.NetworkAclId} ${e.Egress ? 'egress' : 'ingress'} rule ${e.RuleNumber}`), unknowns: [],
        };
      }),
    });
  }
  for (const p of s.ManagedPrefixLists ?? []) net.prefixLists.push({ id: p.PrefixListId, address: p.PrefixListId, cidrs: (p.Entries ?? []).map((e) => e.Cidr), origin: origin(p.PrefixListId) });

  const known = new Set((s.SecurityGroups ?? []).map((g) => g.GroupId));
  const missing = new Map<string, string>();
  for (const g of s.SecurityGroups ?? []) {
    const group: SecurityGroup = { id: g.GroupId, address: g.GroupId, provider: 'aws', isDefault: g.GroupName === 'default', rules: [], origin: origin(g.GroupId), ...(g.GroupName ? { name: g.GroupName } : {}), ...(g.Description !== undefined ? { description: g.Description } : {}), ...(g.VpcId ? { vpcId: g.VpcId } : {}), ...(g.Tags?.length ? { tags: Object.fromEntries(g.Tags.map((t) => [t.Key, t.Value])) } : {}) };
    const ingress = g.IpPermissions ?? [];
    for (let i = 0; i < ingress.length; i++) permissionRules(group.rules, ingress[i]!, g.GroupId, 'ingress', i, group.origin, known, missing);
    const egress = g.IpPermissionsEgress ?? [];
    for (let i = 0; i < egress.length; i++) permissionRules(group.rules, egress[i]!, g.GroupId, 'egress', i, group.origin, known, missing);
    net.groups.push(group);
  }
  if (s.SecurityGroups !== undefined) {
    const list = [...missing];
    for (const [id, where] of list.slice(0, 20)) diagnostics.push({ severity: 'warning', message: `${where} references group ${id}, which is not in the snapshot (another account or region, or deleted); its members are unknown`, file });
    if (list.length > 20) diagnostics.push({ severity: 'warning', message: `${list.length - 20} more groups are referenced but not in the snapshot`, file });
  }

  mapEndpoints(s, net, origin);
  return { network: net, diagnostics };
}

/** One permission's sources, in the order AWS prints them, with their descriptions. */
type Source = { CidrIp?: string; CidrIpv6?: string; PrefixListId?: string; GroupId?: string; GroupName?: string; Description?: string };
const SOURCE_LISTS = ['IpRanges', 'Ipv6Ranges', 'PrefixListIds', 'UserIdGroupPairs'] as const;

function sourcePeer(list: (typeof SOURCE_LISTS)[number], r: Source): Peer {
  switch (list) {
    case 'IpRanges': return { kind: 'cidr4', cidr: r.CidrIp! };
    case 'Ipv6Ranges': return { kind: 'cidr6', cidr: r.CidrIpv6! };
    case 'PrefixListIds': return { kind: 'prefixList', id: r.PrefixListId! };
    case 'UserIdGroupPairs': return { kind: 'group', groupId: r.GroupId ?? r.GroupName ?? '?' };
  }
}

const peerLabel = (peer: Peer): string => (peer.kind === 'cidr4' || peer.kind === 'cidr6' ? peer.cidr : peer.kind === 'group' ? peer.groupId : peer.kind === 'prefixList' ? peer.id : '?');

/**
 * A permission's rules, one per source, appended to `out` (one pass: a snapshot has ~4 rules per
 * group and 10k groups per account). `origin` is the group's: a snapshot has no lines, so every
 * rule of a group points at the group (one shared object).
 */
function permissionRules(out: Rule[], p: IpPermission, groupId: string, direction: 'ingress' | 'egress', i: number, origin: Origin, known: Set<string>, missing: Map<string, string>): void {
  const protocol = parseProtocol(p.IpProtocol) ?? -1;
  const norm = normalisePorts(protocol, p.FromPort ?? null, p.ToPort ?? null);
  if (norm.rejected) return; // AWS never stores such a permission
  let count = 0;
  for (const list of SOURCE_LISTS) {
    const sources: unknown = p[list];
    if (sources === undefined) continue;
    if (!Array.isArray(sources)) throw new TypeError(`${list} of a permission is not a list`);
    count += sources.length;
  }
  const shape = ` ${p.IpProtocol}${p.FromPort !== undefined ? ` ${p.FromPort}-${p.ToPort}` : ''} `;
  let k = 0;
  for (const list of SOURCE_LISTS) {
    const sources = p[list] as Source[] | undefined;
    if (!sources) continue;
    for (const r of sources) {
      const peer = sourcePeer(list, r);
      if (peer.kind === 'group' && !known.has(peer.groupId) && !missing.has(peer.groupId)) missing.set(peer.groupId, `${groupId} ${direction}[${i}]`);
      const rule: Rule = {
        key: `${direction}[${i}]${count > 1 ? `#${k}` : ''}${shape}${peerLabel(peer)}`,
        groupId, direction, action: 'allow', priority: 0, protocol, ports: norm.ports, peer, origin, unknowns: NONE,
      };
      if (norm.icmp) rule.icmp = norm.icmp;
      if (r.Description) rule.description = r.Description;
      out.push(rule);
      k++;
    }
  }
}

/** The interface's private addresses, primary first, each once (most have one: no set needed). */
function interfaceIps(x: AwsEni): string[] {
  const extra = x.PrivateIpAddresses ?? [];
  const primary = x.PrivateIpAddress;
  if (extra.length === 0) return primary ? [primary] : [];
  if (extra.length === 1 && primary && extra[0]!.PrivateIpAddress === primary) return [primary];
  return [...new Set([primary, ...extra.map((p) => p.PrivateIpAddress)].filter((v): v is string => !!v))];
}

function mapEndpoints(s: Snapshot, net: Network, origin: (a: string) => Origin): void {
  const subnetVpc = new Map(net.subnets.map((x) => [x.id, x.vpcId]));
  // Interfaces by id are needed only for load-balancer targets; deduplicating needs just the ids.
  const seen = new IdSet((s.NetworkInterfaces?.length ?? 0) + (s.Reservations?.length ?? 0));
  const enis: Endpoint[] = [];
  const lbByName = new Map<string, Endpoint>();
  for (const lb of s.LoadBalancers ?? []) {
    const name = lb.LoadBalancerArn.split('/').slice(-3).join('/');
    const e: Endpoint = {
      id: lb.LoadBalancerArn, address: lb.LoadBalancerName ?? lb.LoadBalancerArn, kind: 'load-balancer', groupIds: lb.SecurityGroups ?? [], subnetIds: (lb.AvailabilityZones ?? []).map((z) => z.SubnetId).filter((x): x is string => !!x),
      ...(lb.VpcId ? { vpcId: lb.VpcId } : {}), privateIps: [], ipv6Ips: [], publicIp: lb.Scheme === 'internet-facing', internetFacing: lb.Scheme === 'internet-facing', hasIpv6: (lb.IpAddressType ?? '').startsWith('dualstack'),
      listeners: [], targets: [], lbType: lb.Type ?? 'application', origin: origin(lb.LoadBalancerArn), unknowns: s.Listeners ? [] : ['listener ports are not in the snapshot (aws elbv2 describe-listeners)'],
    };
    if (!s.Listeners) e.listeners = undefined as never;
    lbByName.set(name, e);
    net.endpoints.push(e);
  }
  const addEni = (x: AwsEni, instance?: string): void => {
    if (!seen.add(x.NetworkInterfaceId)) return; // listed twice (Reservations, or two files)
    const lbName = typeof x.Description === 'string' && x.Description.startsWith('ELB ') ? x.Description.slice(4) : undefined;
    const lb = lbName ? lbByName.get(lbName) : undefined;
    const ips = interfaceIps(x);
    if (lb) {
      lb.privateIps.push(...ips); // the LB's own interfaces: their addresses are the LB's
      return;
    }
    const extra = x.PrivateIpAddresses ?? [];
    let pub = !!x.Association?.PublicIp;
    for (let i = 0; !pub && i < extra.length; i++) pub = !!extra[i]!.Association?.PublicIp;
    const v6 = x.Ipv6Addresses ?? [];
    const vpc = x.VpcId ?? subnetVpc.get(x.SubnetId ?? '');
    const attached = x.Attachment?.InstanceId ?? instance;
    // Every field in the literal (absent ones undefined): one object shape, no property store grown afterwards.
    const e: Endpoint = {
      id: x.NetworkInterfaceId, address: x.NetworkInterfaceId, kind: 'network-interface', groupIds: (x.Groups ?? []).map((g) => g.GroupId), subnetIds: x.SubnetId ? [x.SubnetId] : [],
      vpcId: vpc || undefined, privateIps: ips, ipv6Ips: v6.length ? v6.map((a) => a.Ipv6Address) : NONE, publicIp: pub, hasIpv6: v6.length > 0 && !x.DenyAllIgwTraffic,
      origin: origin(x.NetworkInterfaceId), unknowns: NONE, attachedTo: attached || undefined,
    };
    enis.push(e);
    net.endpoints.push(e);
  };
  for (const x of s.NetworkInterfaces ?? []) addEni(x);
  for (const r of s.Reservations ?? []) for (const i of r.Instances ?? []) for (const x of i.NetworkInterfaces ?? []) addEni({ ...x, Attachment: { InstanceId: i.InstanceId } }, i.InstanceId);

  // Load-balancer targets: only a snapshot with target groups needs the lookups below.
  if (!s.TargetHealth?.length && !s.Listeners?.length && !s.TargetGroups?.length) return;
  const lbByArn = new Map(net.endpoints.filter((e) => e.kind === 'load-balancer').map((e) => [e.id, e]));
  const byEni = new Map(enis.map((e) => [e.id, e]));
  const byInstance = new Map<string, Endpoint>();
  for (const e of enis) if (e.attachedTo && !byInstance.has(e.attachedTo)) byInstance.set(e.attachedTo, e);
  const tgPort = new Map((s.TargetGroups ?? []).map((t) => [t.TargetGroupArn, t.Port]));
  const members = new Map<string, { id: string; port?: number }[]>();
  for (const h of s.TargetHealth ?? []) {
    const tg = h.TargetGroupArn ?? (s.TargetGroups?.length === 1 ? s.TargetGroups[0]!.TargetGroupArn : undefined);
    if (!tg) continue;
    for (const d of h.TargetHealthDescriptions) (members.get(tg) ?? members.set(tg, []).get(tg)!).push({ id: d.Target.Id, ...(d.Target.Port !== undefined ? { port: d.Target.Port } : {}) });
  }
  // IP-type target groups name targets by private address: one index, built on first need.
  let byIp: Map<string, Endpoint> | undefined;
  const atIp = (ip: string): Endpoint | undefined => {
    if (!byIp) {
      byIp = new Map();
      for (const e of enis) for (const a of e.privateIps) if (!byIp.has(a)) byIp.set(a, e);
    }
    return byIp.get(ip);
  };
  const forward = (lbArn: string, tg: string): void => {
    const lb = lbByArn.get(lbArn);
    for (const m of members.get(tg) ?? []) {
      const target = byInstance.get(m.id) ?? byEni.get(m.id) ?? atIp(m.id);
      const port = m.port ?? tgPort.get(tg);
      if (lb && target) lb.targets!.push({ endpointId: target.id, ...(port !== undefined ? { port } : {}) });
    }
  };
  for (const l of s.Listeners ?? []) {
    const lb = lbByArn.get(l.LoadBalancerArn);
    if (lb && l.Port !== undefined) lb.listeners!.push({ protocol: l.Protocol ?? 'TCP', port: l.Port });
    for (const a of l.DefaultActions ?? []) for (const tg of [a.TargetGroupArn, ...(a.ForwardConfig?.TargetGroups ?? []).map((t) => t.TargetGroupArn)]) if (tg) forward(l.LoadBalancerArn, tg);
  }
  if (!s.Listeners) for (const tg of s.TargetGroups ?? []) for (const lbArn of tg.LoadBalancerArns ?? []) forward(lbArn, tg.TargetGroupArn);
}

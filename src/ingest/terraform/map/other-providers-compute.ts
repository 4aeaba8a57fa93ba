import type { Endpoint, NaclEntry } from '../../../model/network.js';
import { Unknown } from '../../../model/unknown.js';
import type { EvaluatedResource } from '../eval/resources.js';
import { blocks, bool, idFromRef, knownId, knownString, originOf, raw, str, strList } from './attrs.js';
import type { MapContext } from './context.js';

/**
 * Huawei Cloud VPCs and OpenStack networks have no internet gateway or route to one: an EIP or a
 * floating IP is a one-to-one NAT from the internet. They are modelled as a network whose main
 * route table sends everything to a synthetic gateway, so reachability depends, as it does in
 * those clouds, on the endpoint holding a public address (and on its groups).
 */
export function mapCloudNetwork(r: EvaluatedResource, ctx: MapContext): void {
  const origin = originOf(r.file, r.span, r.address);
  const cidr = knownId(str(r.body, 'cidr'));
  ctx.network.vpcs.push({ id: r.address, address: r.address, cidrs: cidr ? [cidr] : [], ipv6Cidrs: [], origin, provider: r.type.startsWith('huaweicloud_') ? 'huawei' : 'openstack' });
  const gateway = `${r.address}/public-ip-nat`;
  ctx.network.internetGateways.push({ id: gateway, address: gateway, vpcId: r.address, egressOnly: false, origin });
  ctx.network.routeTables.push({
    id: `${r.address}/routes`, address: `${r.address}/routes`, vpcId: r.address, isMain: true, subnetIds: [], origin,
    routes: ['0.0.0.0/0', '::/0'].map((destination) => ({ destination, target: gateway, targetKind: 'internet-gateway' as const, origin })),
  });
}

/** `huaweicloud_vpc_subnet` / `openstack_networking_subnet_v2`. */
export function mapCloudSubnet(r: EvaluatedResource, ctx: MapContext): void {
  const cidr = knownId(str(r.body, 'cidr'));
  const vpc = knownId(str(r.body, 'vpc_id')) ?? knownId(str(r.body, 'network_id'));
  const v6 = r.type === 'openstack_networking_subnet_v2' ? str(r.body, 'ip_version') === '6' : bool(r.body, 'ipv6_enable') === true;
  ctx.network.subnets.push({
    id: r.address, address: r.address, origin: originOf(r.file, r.span, r.address), mapPublicIpOnLaunch: false, assignIpv6OnCreation: v6,
    ...(vpc ? { vpcId: vpc } : {}), ...(cidr && !v6 ? { cidr } : {}), ...(cidr && v6 ? { ipv6Cidr: cidr } : {}),
  });
}

/** Group ids, or names resolved to the groups of that provider that carry the name. */
function groupsOf(r: EvaluatedResource, ctx: MapContext, unknowns: string[]): string[] {
  const out: string[] = [];
  for (const name of ['security_group_ids', 'security_groups']) {
    const list = strList(r.body, name);
    if (list instanceof Unknown) {
      unknowns.push(`${name}: ${list.reason}`);
      continue;
    }
    for (const v of list) {
      if (v instanceof Unknown) unknowns.push(`${name}: ${v.reason}`);
      else if (name === 'security_group_ids' || ctx.groups.has(idFromRef(v))) out.push(idFromRef(v));
      else {
        // OpenStack and Huawei instances name groups; a name nobody declared is a group outside the input.
        const byName = ctx.network.groups.filter((g) => g.name === v && g.provider !== 'aws');
        out.push(...(byName.length ? byName.map((g) => g.id) : [ctx.groupFor(v, originOf(r.file, r.span, r.address)).id]));
      }
    }
  }
  return [...new Set(out)];
}

/** `huaweicloud_compute_instance` / `openstack_compute_instance_v2`: groups, networks (subnets or ports). */
export function mapCloudInstance(r: EvaluatedResource, ctx: MapContext): void {
  const unknowns: string[] = [];
  const groups = groupsOf(r, ctx, unknowns);
  const subnets: string[] = [];
  const ports: string[] = [];
  const ips: string[] = [];
  for (const n of blocks(r.body, 'network')) {
    const port = knownId(str(n.body, 'port'));
    if (port) ports.push(port);
    const uuid = str(n.body, 'uuid');
    if (uuid instanceof Unknown) unknowns.push(`network.uuid: ${uuid.reason}`);
    else if (uuid) {
      const id = idFromRef(uuid);
      // Huawei names the subnet; OpenStack the network (its subnets then).
      const sub = ctx.network.subnets.filter((s) => s.id === id || s.vpcId === id).map((s) => s.id);
      subnets.push(...(sub.length ? sub : [id]));
    }
    const ip = knownString(str(n.body, 'fixed_ip_v4'));
    if (ip) ips.push(ip);
  }
  const eip = str(r.body, 'eip_id') ?? str(r.body, 'eip_type');
  const e: Endpoint = {
    id: r.address, address: r.address, kind: 'instance', groupIds: groups, subnetIds: [...new Set(subnets)], privateIps: ips, ipv6Ips: [],
    publicIp: eip instanceof Unknown ? 'unknown' : !!eip, hasIpv6: false, origin: originOf(r.file, r.span, r.address), unknowns,
  };
  if (ports.length) {
    e.interfaceIds = ports;
    for (const p of ctx.network.endpoints) if (ports.includes(p.id)) p.attachedTo = e.id;
    // Only ports: they carry the addresses and groups, so they are the endpoints (as ENIs are).
    if (subnets.length === 0) {
      ctx.portOnlyInstances.add(e.id);
      return;
    }
  }
  ctx.network.endpoints.push(e);
}

/** `openstack_networking_port_v2`: an interface with its own groups (port security off = no filtering). */
export function mapCloudPort(r: EvaluatedResource, ctx: MapContext): void {
  const unknowns: string[] = [];
  const groups = groupsOf(r, ctx, unknowns);
  const network = knownId(str(r.body, 'network_id'));
  const fixed = blocks(r.body, 'fixed_ip');
  const subnets = fixed.map((b) => knownId(str(b.body, 'subnet_id'))).filter((x): x is string => !!x);
  const ips = fixed.map((b) => knownString(str(b.body, 'ip_address'))).filter((x): x is string => !!x);
  const e: Endpoint = {
    id: r.address, address: r.address, kind: 'network-interface', groupIds: groups,
    subnetIds: subnets.length ? subnets : ctx.network.subnets.filter((s) => s.vpcId === network).map((s) => s.id),
    privateIps: ips, ipv6Ips: [], publicIp: false, hasIpv6: false, origin: originOf(r.file, r.span, r.address), unknowns, ...(network ? { vpcId: network } : {}),
  };
  if (bool(r.body, 'port_security_enabled') === false) {
    // No filtering at all on this port: an open group stands for it, so every check sees it.
    const open = `${r.address}/port-security-disabled`;
    ctx.addGroup({
      id: open, address: r.address, name: 'port security disabled', provider: 'openstack', isDefault: false, origin: e.origin, implicit: true,
      rules: (['ingress', 'egress'] as const).flatMap((direction) => ['0.0.0.0/0', '::/0'].map((cidr) => ({
        key: `${direction}-${cidr}`, groupId: open, direction, action: 'allow' as const, priority: 0, protocol: -1, ports: null,
        peer: cidr.includes(':') ? { kind: 'cidr6' as const, cidr } : { kind: 'cidr4' as const, cidr }, origin: e.origin, unknowns: [], implicit: true,
      }))),
    });
    e.groupIds = [open];
  }
  ctx.network.endpoints.push(e);
}

/** EIP / floating IP associations: the endpoint (instance or port) gets a public address. */
export function mapPublicAddressAssociation(r: EvaluatedResource, ctx: MapContext): void {
  const target = knownId(str(r.body, 'instance_id')) ?? knownId(str(r.body, 'port_id'));
  if (!target) return;
  // The instance or port itself, the instance a port belongs to, and the ports of a port-only instance.
  for (const x of ctx.network.endpoints) {
    if (x.id === target || x.interfaceIds?.includes(target) || (ctx.portOnlyInstances.has(target) && x.attachedTo === target)) x.publicIp = true;
  }
}

/**
 * `huaweicloud_network_acl`: per-subnet firewall, rules evaluated in list order (first match),
 * unmatched traffic denied. Mapped onto the NACL model with rule numbers 10, 20, ...
 */
export function mapHuaweiNacl(r: EvaluatedResource, ctx: MapContext): void {
  const origin = originOf(r.file, r.span, r.address);
  const subnets = [
    ...blocks(r.body, 'associated_subnets').map((b) => knownId(str(b.body, 'subnet_id'))),
    ...(() => {
      const l = strList(r.body, 'subnets');
      return l instanceof Unknown ? [] : l.map((x) => (typeof x === 'string' ? idFromRef(x) : undefined));
    })(),
  ].filter((x): x is string => !!x);
  const entries: NaclEntry[] = [];
  for (const [kind, egress] of [['ingress_rules', false], ['egress_rules', true]] as const) {
    let n = 0;
    for (const b of blocks(r.body, kind)) {
      const action = knownString(str(b.body, 'action')) === 'deny' ? 'deny' : 'allow';
      const protoText = knownString(str(b.body, 'protocol')) ?? 'any';
      const protocol = protoText === 'any' ? -1 : protoText === 'tcp' ? 6 : protoText === 'udp' ? 17 : protoText === 'icmp' ? 1 : protoText === 'icmpv6' ? 58 : Number(protoText);
      const v6 = String(raw(b.body, 'ip_version') ?? '4') === '6';
      const cidr = knownString(str(b.body, egress ? 'destination_ip_address' : 'source_ip_address')) || (v6 ? '::/0' : '0.0.0.0/0');
      const portText = knownString(str(b.body, 'destination_port')) ?? '';
      const ranges = portText.split(',').map((p) => p.trim()).filter(Boolean).map((p) => {
        const [a, z] = p.split('-').map(Number);
        return { from: a!, to: z ?? a! };
      });
      for (const ports of ranges.length && (protocol === 6 || protocol === 17) ? ranges : [null]) {
        n += 10;
        entries.push({ ruleNumber: n, egress, action, protocol: Number.isNaN(protocol) ? -1 : protocol, ports, cidr, origin: originOf(b.file, b.span, r.address), unknowns: [] });
      }
    }
  }
  ctx.network.nacls.push({ id: r.address, address: r.address, isDefault: false, subnetIds: subnets, entries, origin });
}

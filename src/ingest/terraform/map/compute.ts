import type { Endpoint, EndpointKind } from '../../../model/network.js';
import { Unknown } from '../../../model/unknown.js';
import type { EvaluatedBody } from '../eval/blocks.js';
import type { EvaluatedResource } from '../eval/resources.js';
import { blocks, bool, idFromRef, knownId, num, originOf, str, strList, tags } from './attrs.js';
import type { MapContext } from './context.js';
import { exprText } from './refs.js';


/** Ids from list attributes (groups, subnets); unknown entries are recorded so the endpoint is marked "may". */
function ids(body: EvaluatedBody, names: string[], unknowns: string[]): string[] {
  const out: string[] = [];
  for (const n of names) {
    const list = strList(body, n);
    if (list instanceof Unknown) unknowns.push(`${n}: ${list.reason}`);
    else {
      for (const v of list) {
        if (v instanceof Unknown) unknowns.push(`${n}: ${v.reason}`);
        else out.push(idFromRef(v));
      }
    }
  }
  return [...new Set(out)];
}

function endpoint(r: EvaluatedResource, kind: EndpointKind, groups: string[], subnets: string[], unknowns: string[], extra: Partial<Endpoint> = {}): Endpoint {
  const t = tags(r.body);
  return {
    id: r.address, address: r.address, kind, groupIds: groups, subnetIds: subnets, privateIps: [], ipv6Ips: [],
    publicIp: false, hasIpv6: false, origin: originOf(r.file, r.span, r.address), unknowns, ...(t ? { tags: t } : {}), ...extra,
  };
}

/** Public IP: explicit true/false, else the subnet's map_public_ip_on_launch (resolved in `finish`). */
function publicIpSetting(body: EvaluatedBody, name: string, unknowns: string[]): boolean | 'unknown' | undefined {
  const v = bool(body, name);
  if (v instanceof Unknown) {
    unknowns.push(`${name}: ${v.reason}`);
    return 'unknown';
  }
  return v;
}

export function mapInstance(r: EvaluatedResource, ctx: MapContext): void {
  const unknowns: string[] = [];
  const groups = ids(r.body, ['vpc_security_group_ids', 'security_groups'], unknowns);
  const subnets = ids(r.body, ['subnet_id'], unknowns);
  const eniIds = blocks(r.body, 'network_interface').map((b) => knownId(str(b.body, 'network_interface_id'))).filter((x): x is string => !!x);
  const pub = publicIpSetting(r.body, 'associate_public_ip_address', unknowns);
  const privateIps = [knownId(str(r.body, 'private_ip')), ...ids(r.body, ['secondary_private_ips'], unknowns)].filter((x): x is string => !!x);
  const ipv6 = ids(r.body, ['ipv6_addresses'], unknowns);
  const ipv6Count = num(r.body, 'ipv6_address_count');
  const e = endpoint(r, 'instance', groups, subnets, unknowns, {
    privateIps, ipv6Ips: ipv6, hasIpv6: ipv6.length > 0 || (typeof ipv6Count === 'number' && ipv6Count > 0), publicIp: pub ?? false,
  });
  if (eniIds.length) e.interfaceIds = eniIds;
  if (pub === undefined && !eniIds.length) ctx.pendingPublicIp.add(e);
  // Launched without groups: the VPC's default group, which a later sg attachment adds to rather than replaces.
  if (!groups.length && !eniIds.length && !unknowns.some((u) => /^(vpc_security_group_ids|security_groups):/.test(u))) ctx.defaultGroupAtLaunch.add(e);
  ctx.network.endpoints.push(e);
}

export function mapNetworkInterface(r: EvaluatedResource, ctx: MapContext): void {
  const unknowns: string[] = [];
  const groups = ids(r.body, ['security_groups'], unknowns);
  const subnets = ids(r.body, ['subnet_id'], unknowns);
  const privateIps = ids(r.body, ['private_ips', 'private_ip_list'], unknowns);
  const ipv6 = ids(r.body, ['ipv6_addresses'], unknowns);
  const e = endpoint(r, 'network-interface', groups, subnets, unknowns, { privateIps, ipv6Ips: ipv6, hasIpv6: ipv6.length > 0 });
  const attachedTo = blocks(r.body, 'attachment').map((b) => knownId(str(b.body, 'instance'))).find((x) => !!x);
  if (attachedTo) e.attachedTo = attachedTo;
  ctx.network.endpoints.push(e);
}

export function mapSgAttachment(r: EvaluatedResource, ctx: MapContext): void {
  // `aws_instance.x.primary_network_interface_id` is known only after apply, but it is that instance's interface.
  const primary = /^([\w-]+\.[\w-]+(?:\[[^\]]*\])?)\.primary_network_interface_id$/.exec(exprText(r.body, r.file, 'network_interface_id') ?? '')?.[1];
  const eniId = knownId(str(r.body, 'network_interface_id')) ?? (primary ? r.modulePrefix + primary : undefined);
  const eni = ctx.network.endpoints.find((e) => e.id === eniId);
  const group = knownId(str(r.body, 'security_group_id'));
  if (eni && group && !eni.groupIds.includes(group)) eni.groupIds.push(group);
  else if (!eni) ctx.warn(originOf(r.file, r.span, r.address), `${r.address}: the network interface is not in the scanned input; the attachment is ignored`);
}

export function mapEip(r: EvaluatedResource, ctx: MapContext): void {
  const targets = r.type === 'aws_eip' ? ['instance', 'network_interface'] : ['instance_id', 'network_interface_id'];
  for (const t of targets) {
    const id = knownId(str(r.body, t));
    const e = id ? ctx.network.endpoints.find((x) => x.id === id || x.interfaceIds?.includes(id)) : undefined;
    if (e) {
      e.publicIp = true;
      ctx.pendingPublicIp.delete(e);
    }
  }
}

export function mapLoadBalancer(r: EvaluatedResource, ctx: MapContext): void {
  const unknowns: string[] = [];
  const internal = bool(r.body, 'internal');
  const type = knownId(str(r.body, 'load_balancer_type')) ?? 'application';
  const subnets = [...ids(r.body, ['subnets'], unknowns), ...blocks(r.body, 'subnet_mapping').map((b) => knownId(str(b.body, 'subnet_id'))).filter((x): x is string => !!x)];
  const facing = internal instanceof Unknown ? 'unknown' : internal !== true;
  if (internal instanceof Unknown) unknowns.push(`internal: ${internal.reason}`);
  ctx.network.endpoints.push(endpoint(r, 'load-balancer', ids(r.body, ['security_groups'], unknowns), subnets, unknowns, {
    internetFacing: facing === true, publicIp: facing, listeners: [], targets: [], lbType: type,
    hasIpv6: knownId(str(r.body, 'ip_address_type'))?.startsWith('dualstack') ?? false,
  }));
}

export function mapListener(r: EvaluatedResource, ctx: MapContext): void {
  const lb = ctx.network.endpoints.find((e) => e.id === knownId(str(r.body, 'load_balancer_arn')));
  const port = num(r.body, 'port');
  const protocol = knownId(str(r.body, 'protocol')) ?? 'HTTP';
  if (!lb) return;
  if (typeof port === 'number') lb.listeners?.push({ protocol, port });
  else lb.unknowns.push(`${r.address}: the listener port is not known statically`);
  const tgs = new Set<string>();
  const collect = (body: EvaluatedBody): void => {
    const tg = knownId(str(body, 'target_group_arn'));
    if (tg) tgs.add(tg);
    for (const b of body.blocks) collect(b.body);
  };
  for (const a of blocks(r.body, 'default_action')) collect(a.body);
  for (const tg of tgs) ctx.listenerTargets.push({ lbId: lb.id, targetGroup: tg });
}

export function mapTargetGroupAttachment(r: EvaluatedResource, ctx: MapContext): void {
  const tg = knownId(str(r.body, 'target_group_arn'));
  const target = knownId(str(r.body, 'target_id'));
  const port = num(r.body, 'port');
  if (tg && target) ctx.targetGroupMembers.push({ targetGroup: tg, endpointId: target, ...(typeof port === 'number' ? { port } : {}) });
}

export function mapTargetGroup(r: EvaluatedResource, ctx: MapContext): void {
  const port = num(r.body, 'port');
  if (typeof port === 'number') ctx.targetGroupPorts.set(r.address, port);
}

export function mapLaunchTemplate(r: EvaluatedResource, ctx: MapContext): void {
  const unknowns: string[] = [];
  const nics = blocks(r.body, 'network_interfaces');
  const groups = [...ids(r.body, ['vpc_security_group_ids', 'security_group_names'], unknowns), ...nics.flatMap((b) => ids(b.body, ['security_groups'], unknowns))];
  const pub = nics.map((b) => publicIpSetting(b.body, 'associate_public_ip_address', unknowns)).find((x) => x !== undefined);
  const subnets = nics.flatMap((b) => ids(b.body, ['subnet_id'], unknowns));
  const e = endpoint(r, 'launch-template', [...new Set(groups)], subnets, unknowns, { publicIp: pub ?? false });
  if (pub === undefined) ctx.pendingPublicIp.add(e);
  ctx.network.endpoints.push(e);
}

export function mapAutoscalingGroup(r: EvaluatedResource, ctx: MapContext): void {
  const unknowns: string[] = [];
  const subnets = ids(r.body, ['vpc_zone_identifier'], unknowns);
  const lts = [
    ...blocks(r.body, 'launch_template').map((b) => knownId(str(b.body, 'id')) ?? knownId(str(b.body, 'name'))),
    ...blocks(r.body, 'mixed_instances_policy').flatMap((m) => blocks(m.body, 'launch_template').flatMap((l) => blocks(l.body, 'launch_template_specification').map((s) => knownId(str(s.body, 'launch_template_id')) ?? knownId(str(s.body, 'launch_template_name'))))),
  ].filter((x): x is string => !!x);
  const template = ctx.network.endpoints.find((e) => e.kind === 'launch-template' && lts.includes(e.id));
  const e = endpoint(r, 'autoscaling-group', template ? [...template.groupIds] : [], subnets, unknowns, { publicIp: template?.publicIp ?? false });
  if (template) e.launchTemplateId = template.id;
  else if (lts.length === 0) unknowns.push('the launch template is not known statically');
  if (!template || ctx.pendingPublicIp.has(template)) ctx.pendingPublicIp.add(e);
  ctx.network.endpoints.push(e);
  for (const tg of ids(r.body, ['target_group_arns'], unknowns)) ctx.targetGroupMembers.push({ targetGroup: tg, endpointId: r.address });
}

/** Databases, caches, EKS control planes, Lambda and ECS tasks: ENIs in subnets with groups. */
export function mapManagedService(r: EvaluatedResource, ctx: MapContext): void {
  const unknowns: string[] = [];
  const kind: EndpointKind = /^aws_(db_instance|rds_cluster)/.test(r.type) ? 'database' : r.type.startsWith('aws_elasticache') ? 'cache' : r.type === 'aws_eks_cluster' ? 'eks-cluster' : 'other';
  const vpcConfig = blocks(r.body, 'vpc_config')[0] ?? blocks(r.body, 'network_configuration')[0];
  const body = vpcConfig?.body ?? r.body;
  const groups = ids(body, ['vpc_security_group_ids', 'security_group_ids', 'security_groups'], unknowns);
  const subnetGroup = knownId(str(r.body, 'db_subnet_group_name')) ?? knownId(str(r.body, 'subnet_group_name'));
  const subnets = subnetGroup ? ctx.subnetGroups.get(subnetGroup) ?? [] : ids(body, ['subnet_ids', 'subnets'], unknowns);
  const pub = publicIpSetting(r.body, 'publicly_accessible', unknowns) ?? publicIpSetting(body, 'assign_public_ip', unknowns) ?? false;
  const port = num(r.body, 'port');
  ctx.network.endpoints.push(endpoint(r, kind, groups, subnets, unknowns, { publicIp: pub, ...(typeof port === 'number' ? { servicePort: port } : {}) }));
}

export function mapSubnetGroup(r: EvaluatedResource, ctx: MapContext): void {
  const ids = strList(r.body, 'subnet_ids');
  const name = knownId(str(r.body, 'name'));
  const list = ids instanceof Unknown ? [] : ids.filter((x): x is string => typeof x === 'string').map(idFromRef);
  ctx.subnetGroups.set(r.address, list);
  if (name) ctx.subnetGroups.set(name, list);
}

import type { Diagnostic } from '../../../model/diagnostic.js';
import type { Endpoint, Network, SecurityGroup, Subnet } from '../../../model/network.js';
import type { EvaluatedResource } from '../eval/resources.js';
import {
  mapAutoscalingGroup, mapEip, mapInstance, mapLaunchTemplate, mapListener, mapLoadBalancer, mapManagedService,
  mapNetworkInterface, mapSgAttachment, mapSubnetGroup, mapTargetGroup, mapTargetGroupAttachment,
} from './compute.js';
import { MapContext } from './context.js';
import {
  mapInternetGateway, mapInternetGatewayAttachment, mapNacl, mapNaclAssociation, mapNaclRule, mapPrefixList, mapPrefixListEntry,
  mapRoute, mapRouteTable, mapRouteTableAssociation, mapSubnet, mapVpc,
} from './network.js';
import { mapClassicGroup, mapSecurityGroup, mapSecurityGroupRule, mapVpcSecurityGroupRule } from './security-groups.js';
import { idFromRef, str } from './attrs.js';
import { exportKey } from './exported.js';
import type { EvaluatedBody } from '../eval/blocks.js';
import { LazyObject, type Value } from '../eval/values.js';
import { Unknown } from '../../../model/unknown.js';
import { mapCloudGroup, mapCloudGroupRule, mapComputeSecgroup } from './other-providers.js';
import { mapCloudInstance, mapCloudNetwork, mapCloudPort, mapCloudSubnet, mapHuaweiNacl, mapPublicAddressAssociation } from './other-providers-compute.js';

type Mapper = (r: EvaluatedResource, ctx: MapContext) => void;

/** Resource types in the order they must be mapped: containers before what attaches to them. */
const PHASES: Record<string, Mapper>[] = [
  { aws_vpc: mapVpc, aws_default_vpc: mapVpc, huaweicloud_vpc: mapCloudNetwork, openstack_networking_network_v2: mapCloudNetwork, aws_internet_gateway: mapInternetGateway, aws_egress_only_internet_gateway: mapInternetGateway, aws_ec2_managed_prefix_list: mapPrefixList },
  {
    aws_subnet: mapSubnet, aws_internet_gateway_attachment: mapInternetGatewayAttachment, aws_security_group: mapSecurityGroup,
    aws_default_security_group: mapSecurityGroup, aws_db_security_group: mapClassicGroup, aws_elasticache_security_group: mapClassicGroup,
    aws_redshift_security_group: mapClassicGroup, huaweicloud_networking_secgroup: mapCloudGroup, openstack_networking_secgroup_v2: mapCloudGroup,
    openstack_compute_secgroup_v2: mapComputeSecgroup, huaweicloud_vpc_subnet: mapCloudSubnet, openstack_networking_subnet_v2: mapCloudSubnet,
    aws_ec2_managed_prefix_list_entry: mapPrefixListEntry,
    aws_db_subnet_group: mapSubnetGroup, aws_elasticache_subnet_group: mapSubnetGroup,
  },
  {
    aws_security_group_rule: mapSecurityGroupRule, aws_vpc_security_group_ingress_rule: mapVpcSecurityGroupRule,
    aws_vpc_security_group_egress_rule: mapVpcSecurityGroupRule, huaweicloud_networking_secgroup_rule: mapCloudGroupRule,
    openstack_networking_secgroup_rule_v2: mapCloudGroupRule, aws_route_table: mapRouteTable, aws_default_route_table: mapDefaultRouteTable,
    aws_network_acl: mapNacl, aws_default_network_acl: mapNacl,
  },
  {
    aws_route: mapRoute, aws_route_table_association: mapRouteTableAssociation, aws_main_route_table_association: mapRouteTableAssociation,
    aws_network_acl_rule: mapNaclRule, aws_network_acl_association: mapNaclAssociation, aws_instance: mapInstance,
    aws_network_interface: mapNetworkInterface, aws_lb: mapLoadBalancer, aws_alb: mapLoadBalancer, aws_launch_template: mapLaunchTemplate,
    aws_lb_target_group: mapTargetGroup, aws_alb_target_group: mapTargetGroup,
    aws_db_instance: mapManagedService, aws_rds_cluster: mapManagedService, aws_rds_cluster_instance: mapManagedService,
    aws_elasticache_cluster: mapManagedService, aws_elasticache_replication_group: mapManagedService, aws_eks_cluster: mapManagedService,
    aws_lambda_function: mapManagedService, aws_ecs_service: mapManagedService,
  },
  {
    aws_network_interface_sg_attachment: mapSgAttachment, aws_eip: mapEip, aws_eip_association: mapEip, aws_lb_listener: mapListener,
    aws_alb_listener: mapListener, aws_lb_target_group_attachment: mapTargetGroupAttachment, aws_alb_target_group_attachment: mapTargetGroupAttachment,
    aws_autoscaling_group: mapAutoscalingGroup, openstack_networking_port_v2: mapCloudPort,
  },
  { huaweicloud_compute_instance: mapCloudInstance, openstack_compute_instance_v2: mapCloudInstance, huaweicloud_network_acl: mapHuaweiNacl },
  {
    huaweicloud_compute_eip_associate: mapPublicAddressAssociation, huaweicloud_vpc_eip_associate: mapPublicAddressAssociation,
    openstack_compute_floatingip_associate_v2: mapPublicAddressAssociation, openstack_networking_floatingip_associate_v2: mapPublicAddressAssociation,
    openstack_networking_floatingip_v2: mapPublicAddressAssociation,
  },
];

function mapDefaultRouteTable(r: EvaluatedResource, ctx: MapContext): void {
  const adopted = str(r.body, 'default_route_table_id');
  const existing = typeof adopted === 'string' ? ctx.network.routeTables.find((t) => t.id === adopted) : undefined;
  if (existing) ctx.network.routeTables.splice(ctx.network.routeTables.indexOf(existing), 1);
  const table = mapRouteTable(r, ctx, typeof adopted === 'string' ? adopted : r.address);
  table.isMain = true;
  if (existing) table.vpcId = existing.vpcId;
}

/** Maps evaluated Terraform resources to the provider-neutral model. */
export function mapResources(resources: EvaluatedResource[], exported: ReadonlySet<string> = new Set()): { network: Network; diagnostics: Diagnostic[] } {
  const ctx = new MapContext();
  const byPhase = PHASES.map(() => [] as EvaluatedResource[]);
  for (const r of resources) {
    const phase = PHASES.findIndex((p) => r.type in p);
    if (phase >= 0) byPhase[phase]!.push(r);
  }
  PHASES.forEach((mappers, i) => {
    if (i === 1) addVpcDefaults(ctx); // before aws_default_* adopt them
    for (const r of byPhase[i]!) mappers[r.type]!(r, ctx);
  });
  finish(ctx);
  recordGroupUse(resources, ctx, exported);
  return { network: ctx.network, diagnostics: ctx.diagnostics };
}

/**
 * What AWS creates with every VPC: a default group (all traffic from itself, all egress), a
 * default NACL (allow all both ways) and a main route table (local route only).
 */
function addVpcDefaults(ctx: MapContext): void {
  for (const vpc of ctx.network.vpcs) {
    if (vpc.provider && vpc.provider !== 'aws') continue;
    const origin = vpc.origin;
    const groupId = `${vpc.id}/default-security-group`;
    const base = { groupId, action: 'allow' as const, priority: 0, protocol: -1, ports: null, origin, unknowns: [] };
    const group: SecurityGroup = {
      id: groupId, address: groupId, name: 'default', description: 'default VPC security group', vpcId: vpc.id, provider: 'aws', isDefault: true, implicit: true, origin,
      rules: [
        { ...base, implicit: true, key: 'ingress-self', direction: 'ingress', peer: { kind: 'group', groupId } },
        { ...base, implicit: true, key: 'egress-all', direction: 'egress', peer: { kind: 'cidr4', cidr: '0.0.0.0/0' } },
        ...(vpc.ipv6Cidrs.length ? [{ ...base, implicit: true, key: 'egress-all-v6', direction: 'egress' as const, peer: { kind: 'cidr6' as const, cidr: '::/0' } }] : []),
      ],
    };
    ctx.addGroup(group);
    const entry = (ruleNumber: number, egress: boolean, cidr: string) => ({ ruleNumber, egress, action: 'allow' as const, protocol: -1, ports: null, cidr, origin, unknowns: [] });
    ctx.network.nacls.push({
      id: `${vpc.id}/default-network-acl`, address: `${vpc.id}/default-network-acl`, vpcId: vpc.id, isDefault: true, subnetIds: [], origin,
      entries: [entry(100, false, '0.0.0.0/0'), entry(100, true, '0.0.0.0/0'), ...(vpc.ipv6Cidrs.length ? [entry(101, false, '::/0'), entry(101, true, '::/0')] : [])],
    });
    ctx.network.routeTables.push({ id: `${vpc.id}/main-route-table`, address: `${vpc.id}/main-route-table`, vpcId: vpc.id, isMain: true, routes: [], subnetIds: [], origin });
  }
}

function finish(ctx: MapContext): void {
  const subnets = new Map(ctx.network.subnets.map((s) => [s.id, s]));
  const alias = (id: string): string => ctx.groupAliases.get(id) ?? id;
  if (ctx.groupAliases.size) {
    for (const e of ctx.network.endpoints) e.groupIds = e.groupIds.map(alias);
    for (const g of ctx.network.groups) for (const r of g.rules) if (r.peer.kind === 'group') r.peer = { kind: 'group', groupId: alias(r.peer.groupId) };
  }
  for (const e of ctx.network.endpoints) {
    // No explicit setting: the subnet decides (map_public_ip_on_launch), as at launch.
    if (ctx.pendingPublicIp.has(e)) settlePublicIp(e, subnets);
    if (!e.vpcId) e.vpcId = e.subnetIds.map((id) => subnets.get(id)?.vpcId).find((v) => !!v);
    // An instance or ENI launched without groups gets its VPC's default group.
    const defaultGroup = alias(`${e.vpcId}/default-security-group`);
    const launchedWithout = e.groupIds.length === 0 || ctx.defaultGroupAtLaunch.has(e);
    if (launchedWithout && (e.kind === 'instance' || e.kind === 'network-interface') && !e.interfaceIds && e.vpcId && ctx.groups.has(defaultGroup) && !e.groupIds.includes(defaultGroup)) {
      e.groupIds.unshift(defaultGroup);
    }
  }
  warnDuplicateNaclNumbers(ctx);
  const endpoints = new Map(ctx.network.endpoints.map((e) => [e.id, e]));
  for (const { lbId, targetGroup } of ctx.listenerTargets) {
    const lb = endpoints.get(lbId);
    for (const m of ctx.targetGroupMembers.filter((x) => x.targetGroup === targetGroup)) {
      const port = m.port ?? ctx.targetGroupPorts.get(targetGroup);
      lb?.targets?.push({ endpointId: m.endpointId, ...(port !== undefined ? { port } : {}) });
    }
  }
}

/** AWS refuses a second entry with the same number and direction in one NACL (NetworkAclEntryAlreadyExists). */
function warnDuplicateNaclNumbers(ctx: MapContext): void {
  for (const nacl of ctx.network.nacls) {
    const seen = new Set<string>();
    for (const e of nacl.entries) {
      const key = `${e.egress ? 'egress' : 'ingress'} ${e.ruleNumber}`;
      if (seen.has(key)) ctx.warn(e.origin, `${nacl.address} already has an ${key.replace(' ', ' entry numbered ')}: AWS rejects this one (NetworkAclEntryAlreadyExists)`);
      seen.add(key);
    }
  }
}

/**
 * No explicit public IP setting: the subnet's map_public_ip_on_launch decides, as at launch. A
 * subnet outside the input or not known statically leaves it unknown; an instance with no subnet
 * at all is launched in the default VPC's default subnet, which assigns public IPs.
 */
function settlePublicIp(e: Endpoint, subnets: Map<string, Subnet>): void {
  const known = e.subnetIds.map((id) => subnets.get(id)).filter((x): x is Subnet => !!x);
  if (known.length) e.publicIp = known.some((x) => x.mapPublicIpOnLaunch);
  else if (e.subnetIds.length) {
    e.publicIp = 'unknown';
    e.unknowns.push('the subnet (and so whether a public IP is assigned) is not in the scanned input');
  } else if (e.unknowns.some((u) => /^(subnet_id|vpc_zone_identifier|subnets?):/.test(u))) {
    e.publicIp = 'unknown';
    e.unknowns.push('the subnet (and so whether a public IP is assigned) is not known statically');
  } else if (e.kind === 'instance' && !e.vpcId) {
    e.publicIp = true;
    e.unknowns.push('no subnet_id: AWS launches it in the default subnet of the default VPC, which assigns a public IP');
  } else e.publicIp = false;
}

const GROUP_TYPES = /^(aws_(default_)?security_group|aws_security_group_rule|aws_vpc_security_group_\w+_rule|huaweicloud_networking_secgroup(_rule)?|openstack_networking_secgroup_(rule_)?v2)$/;

/**
 * Any resource whose attributes name a group uses it (ECS services, VPC endpoints, EFS mount
 * targets, ...): the unused-group check must not depend on the types sglint maps (Checkov's
 * CKV2_AWS_5 false positives come from a fixed type list).
 */
function recordGroupUse(resources: EvaluatedResource[], ctx: MapContext, exported: ReadonlySet<string>): void {
  const groups = new Map(ctx.network.groups.map((g) => [g.id, g]));
  for (const r of resources) {
    const g = GROUP_TYPES.test(r.type) ? groups.get(r.address) : undefined;
    if (g && exported.has(exportKey(r.file, `${r.type}.${r.name}`))) (g.usedBy ??= []).push('an output or a module outside the scanned input');
  }
  // Huawei and OpenStack instances may name their groups.
  const byName = new Map(ctx.network.groups.filter((g) => g.provider !== 'aws' && g.name).map((g) => [g.name!, g]));
  const visit = (v: Value, owner: string, depth: number): void => {
    if (depth > 20) return;
    if (typeof v === 'string') {
      const g = groups.get(idFromRef(v)) ?? byName.get(v);
      if (g && g.address !== owner && !(g.usedBy ??= []).includes(owner)) g.usedBy.push(owner);
    } else if (Array.isArray(v)) for (const x of v) visit(x, owner, depth + 1);
    else if (v && typeof v === 'object' && !(v instanceof Unknown) && !(v instanceof LazyObject)) for (const x of Object.values(v)) visit(x, owner, depth + 1);
  };
  const walk = (body: EvaluatedBody, owner: string): void => {
    for (const a of Object.values(body.attrs)) visit(a.value, owner, 0);
    for (const b of body.blocks) walk(b.body, owner);
  };
  for (const r of resources) if (!GROUP_TYPES.test(r.type)) walk(r.body, r.address);
}

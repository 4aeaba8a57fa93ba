import { Unknown } from '../../model/unknown.js';
import { LazyObject, type Value } from '../terraform/eval/values.js';

/** A CloudFormation resource in Terraform's vocabulary, so one set of mappers serves both. */
export interface Translated {
  type: string;
  attrs: Record<string, Value | undefined>;
  /** Nested blocks: Terraform block type, attributes, and the template path of the element (for positions). */
  blocks: { type: string; attrs: Record<string, Value | undefined>; path: string[]; blocks?: Translated['blocks'] }[];
}

type Props = Record<string, Value>;
const list = (v: Value | undefined): Value[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const one = (v: Value | undefined): Value[] | undefined => (v === undefined || v === null ? undefined : [v]);
const objects = (v: Value | undefined): Props[] => list(v).filter((x): x is Props => !!x && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Unknown) && !(x instanceof LazyObject));

/** An inline or standalone group rule, in the shape of Terraform's inline ingress/egress block. */
function ruleAttrs(p: Props, egress: boolean): Record<string, Value | undefined> {
  return {
    protocol: scalarText(p['IpProtocol']), from_port: p['FromPort'], to_port: p['ToPort'],
    cidr_blocks: one(p['CidrIp']), ipv6_cidr_blocks: one(p['CidrIpv6']),
    prefix_list_ids: one(egress ? p['DestinationPrefixListId'] : p['SourcePrefixListId']),
    security_groups: one(egress ? p['DestinationSecurityGroupId'] : (p['SourceSecurityGroupId'] ?? p['SourceSecurityGroupName'])),
    description: p['Description'],
  };
}

/**
 * The resource types sglint reads (issue list: groups and their rules, NACLs and entries, VPCs,
 * subnets, route tables, routes and associations, internet gateways, instances, interfaces,
 * EIPs, launch templates, ELBv2 load balancers, listeners and target groups, RDS instances).
 */
export function translate(logicalId: string, type: string, p: Props, base: string[]): Translated | undefined {
  const at = (...rest: (string | number)[]): string[] => [...base, 'Properties', ...rest.map(String)];
  switch (type) {
    case 'AWS::EC2::SecurityGroup':
      return {
        type: 'aws_security_group',
        attrs: { name: p['GroupName'], description: p['GroupDescription'] ?? '', vpc_id: p['VpcId'], tags: undefined },
        blocks: [
          ...objects(p['SecurityGroupIngress']).map((r, i) => ({ type: 'ingress', attrs: ruleAttrs(r, false), path: at('SecurityGroupIngress', i) })),
          // No SecurityGroupEgress: AWS keeps its default allow-all egress (unlike Terraform).
          ...(p['SecurityGroupEgress'] === undefined
            ? [{ type: 'egress', attrs: { protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'], description: 'AWS default egress' }, path: [...base, 'Type'] }]
            : objects(p['SecurityGroupEgress']).map((r, i) => ({ type: 'egress', attrs: ruleAttrs(r, true), path: at('SecurityGroupEgress', i) }))),
        ],
      };
    case 'AWS::EC2::SecurityGroupIngress':
    case 'AWS::EC2::SecurityGroupEgress': {
      const egress = type.endsWith('Egress');
      const a = ruleAttrs(p, egress);
      return { type: 'aws_security_group_rule', attrs: { ...a, type: egress ? 'egress' : 'ingress', security_group_id: p['GroupId'], source_security_group_id: a['security_groups'] ? (a['security_groups'] as Value[])[0] : undefined, security_groups: undefined }, blocks: [] };
    }
    case 'AWS::EC2::VPC':
      // IPv6 comes from a separate AWS::EC2::VPCCidrBlock; the caller sets ipv6 when one names this VPC.
      return { type: 'aws_vpc', attrs: { cidr_block: p['CidrBlock'], assign_generated_ipv6_cidr_block: p['__ipv6'] === true ? true : undefined }, blocks: [] };
    case 'AWS::EC2::Subnet':
      return { type: 'aws_subnet', attrs: { vpc_id: p['VpcId'], cidr_block: p['CidrBlock'], ipv6_cidr_block: p['Ipv6CidrBlock'], map_public_ip_on_launch: p['MapPublicIpOnLaunch'], assign_ipv6_address_on_creation: p['AssignIpv6AddressOnCreation'] }, blocks: [] };
    case 'AWS::EC2::InternetGateway':
      return { type: 'aws_internet_gateway', attrs: {}, blocks: [] };
    case 'AWS::EC2::EgressOnlyInternetGateway':
      return { type: 'aws_egress_only_internet_gateway', attrs: { vpc_id: p['VpcId'] }, blocks: [] };
    case 'AWS::EC2::VPCGatewayAttachment':
      return p['InternetGatewayId'] ? { type: 'aws_internet_gateway_attachment', attrs: { vpc_id: p['VpcId'], internet_gateway_id: p['InternetGatewayId'] }, blocks: [] } : undefined;
    case 'AWS::EC2::RouteTable':
      return { type: 'aws_route_table', attrs: { vpc_id: p['VpcId'] }, blocks: [] };
    case 'AWS::EC2::Route':
      return {
        type: 'aws_route',
        attrs: {
          route_table_id: p['RouteTableId'], destination_cidr_block: p['DestinationCidrBlock'], destination_ipv6_cidr_block: p['DestinationIpv6CidrBlock'],
          gateway_id: p['GatewayId'], nat_gateway_id: p['NatGatewayId'], egress_only_gateway_id: p['EgressOnlyInternetGatewayId'],
          vpc_peering_connection_id: p['VpcPeeringConnectionId'], transit_gateway_id: p['TransitGatewayId'], network_interface_id: p['NetworkInterfaceId'],
        },
        blocks: [],
      };
    case 'AWS::EC2::SubnetRouteTableAssociation':
      return { type: 'aws_route_table_association', attrs: { subnet_id: p['SubnetId'], route_table_id: p['RouteTableId'] }, blocks: [] };
    case 'AWS::EC2::NetworkAcl':
      return { type: 'aws_network_acl', attrs: { vpc_id: p['VpcId'] }, blocks: [] };
    case 'AWS::EC2::NetworkAclEntry': {
      const range = (p['PortRange'] ?? {}) as Props;
      return {
        type: 'aws_network_acl_rule',
        attrs: {
          network_acl_id: p['NetworkAclId'], rule_number: p['RuleNumber'], protocol: scalarText(p['Protocol']),
          rule_action: p['RuleAction'], egress: p['Egress'] ?? false, cidr_block: p['CidrBlock'], ipv6_cidr_block: p['Ipv6CidrBlock'],
          from_port: range['From'], to_port: range['To'],
        },
        blocks: [],
      };
    }
    case 'AWS::EC2::SubnetNetworkAclAssociation':
      return { type: 'aws_network_acl_association', attrs: { subnet_id: p['SubnetId'], network_acl_id: p['NetworkAclId'] }, blocks: [] };
    case 'AWS::EC2::Instance': {
      const nic = objects(p['NetworkInterfaces']).find((n) => scalarText(n['DeviceIndex'] ?? '0') === '0');
      return {
        type: 'aws_instance',
        attrs: {
          subnet_id: nic?.['SubnetId'] ?? p['SubnetId'], vpc_security_group_ids: nic?.['GroupSet'] ?? p['SecurityGroupIds'], security_groups: p['SecurityGroups'],
          associate_public_ip_address: nic?.['AssociatePublicIpAddress'], private_ip: nic?.['PrivateIpAddress'] ?? p['PrivateIpAddress'],
          ipv6_addresses: [...objects(nic?.['Ipv6Addresses'] ?? p['Ipv6Addresses']).map((a) => a['Ipv6Address'] ?? null)].filter((x) => x !== null),
          ipv6_address_count: nic?.['Ipv6AddressCount'] ?? p['Ipv6AddressCount'],
        },
        blocks: objects(p['NetworkInterfaces']).filter((n) => n['NetworkInterfaceId']).map((n, i) => ({ type: 'network_interface', attrs: { network_interface_id: n['NetworkInterfaceId'], device_index: n['DeviceIndex'] }, path: at('NetworkInterfaces', i) })),
      };
    }
    case 'AWS::EC2::NetworkInterface':
      return { type: 'aws_network_interface', attrs: { subnet_id: p['SubnetId'], security_groups: p['GroupSet'], private_ips: one(p['PrivateIpAddress']) }, blocks: [] };
    case 'AWS::EC2::EIP':
      return { type: 'aws_eip', attrs: { instance: p['InstanceId'] }, blocks: [] };
    case 'AWS::EC2::EIPAssociation':
      return { type: 'aws_eip_association', attrs: { instance_id: p['InstanceId'], network_interface_id: p['NetworkInterfaceId'], allocation_id: p['AllocationId'] }, blocks: [] };
    case 'AWS::EC2::LaunchTemplate': {
      const data = (p['LaunchTemplateData'] ?? {}) as Props;
      return {
        type: 'aws_launch_template',
        attrs: { vpc_security_group_ids: data['SecurityGroupIds'], security_group_names: data['SecurityGroups'] },
        blocks: objects(data['NetworkInterfaces']).map((n, i) => ({ type: 'network_interfaces', attrs: { associate_public_ip_address: n['AssociatePublicIpAddress'], security_groups: n['Groups'], subnet_id: n['SubnetId'] }, path: at('LaunchTemplateData', 'NetworkInterfaces', i) })),
      };
    }
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
      return {
        type: 'aws_lb',
        attrs: { internal: p['Scheme'] === 'internal', security_groups: p['SecurityGroups'], subnets: p['Subnets'], load_balancer_type: p['Type'] ?? 'application' },
        blocks: objects(p['SubnetMappings']).map((m, i) => ({ type: 'subnet_mapping', attrs: { subnet_id: m['SubnetId'] }, path: at('SubnetMappings', i) })),
      };
    case 'AWS::ElasticLoadBalancingV2::Listener':
      return {
        type: 'aws_lb_listener',
        attrs: { load_balancer_arn: p['LoadBalancerArn'], port: p['Port'], protocol: p['Protocol'] },
        blocks: objects(p['DefaultActions']).map((a, i) => ({
          type: 'default_action', attrs: { type: a['Type'], target_group_arn: a['TargetGroupArn'] }, path: at('DefaultActions', i),
          blocks: objects(((a['ForwardConfig'] ?? {}) as Props)['TargetGroups']).map((t, j) => ({ type: 'target_group', attrs: { arn: t['TargetGroupArn'], target_group_arn: t['TargetGroupArn'] }, path: at('DefaultActions', i, 'ForwardConfig', 'TargetGroups', j) })),
        })),
      };
    case 'AWS::ElasticLoadBalancingV2::TargetGroup':
      return { type: 'aws_lb_target_group', attrs: { port: p['Port'], protocol: p['Protocol'], vpc_id: p['VpcId'] }, blocks: [] };
    case 'AWS::RDS::DBInstance':
      return { type: 'aws_db_instance', attrs: { vpc_security_group_ids: p['VPCSecurityGroups'], db_subnet_group_name: p['DBSubnetGroupName'], publicly_accessible: p['PubliclyAccessible'], port: portValue(p['Port']), engine: p['Engine'] }, blocks: [] };
    case 'AWS::RDS::DBSubnetGroup':
      return { type: 'aws_db_subnet_group', attrs: { name: p['DBSubnetGroupName'] ?? logicalId, subnet_ids: p['SubnetIds'] }, blocks: [] };
    default:
      return undefined;
  }
}

/** Target group members: Terraform has a resource per attachment; CloudFormation a list. */
export function targetAttachments(p: Props): { target_id: Value; port: Value | undefined }[] {
  return objects(p['Targets']).map((t) => ({ target_id: t['Id'] ?? null, port: t['Port'] }));
}

/** Numbers and booleans as the strings a template may also write; anything else (unknown, a list, a mapping) unchanged, for the mapping to judge: a mapping without a prototype cannot be coerced. */
function scalarText(v: Value | undefined): Value | undefined {
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
}

/** A template's port: numbers and numeric strings as numbers; anything else (an unresolved value, a mapping) as it is, never coerced (a mapping without a prototype cannot be). */
function portValue(v: Value | undefined): Value | undefined {
  return typeof v === 'number' || typeof v === 'string' ? Number(v) : v;
}

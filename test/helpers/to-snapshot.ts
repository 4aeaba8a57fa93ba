import type { Network, Rule } from '../../src/model/network.js';

const protoText = (p: number): string => (p === -1 ? '-1' : p === 6 ? 'tcp' : p === 17 ? 'udp' : p === 1 ? 'icmp' : p === 58 ? 'icmpv6' : String(p));

/** Writes a model network as the JSON the AWS CLI prints (one merged object), for round-trip tests. */
export function toSnapshot(net: Network): unknown {
  const perm = (r: Rule) => ({
    IpProtocol: protoText(r.protocol),
    ...(r.ports ? { FromPort: r.ports.from, ToPort: r.ports.to } : r.protocol === 1 || r.protocol === 58 ? { FromPort: -1, ToPort: -1 } : {}),
    IpRanges: r.peer.kind === 'cidr4' ? [{ CidrIp: r.peer.cidr }] : [],
    Ipv6Ranges: r.peer.kind === 'cidr6' ? [{ CidrIpv6: r.peer.cidr }] : [],
    PrefixListIds: [],
    UserIdGroupPairs: r.peer.kind === 'group' ? [{ GroupId: r.peer.groupId }] : [],
  });
  const lbs = net.endpoints.filter((e) => e.kind === 'load-balancer');
  return {
    Vpcs: net.vpcs.map((v) => ({ VpcId: v.id, CidrBlock: v.cidrs[0], Ipv6CidrBlockAssociationSet: v.ipv6Cidrs.map((c) => ({ Ipv6CidrBlock: c })) })),
    Subnets: net.subnets.map((s) => ({ SubnetId: s.id, VpcId: s.vpcId, CidrBlock: s.cidr, Ipv6CidrBlockAssociationSet: s.ipv6Cidr ? [{ Ipv6CidrBlock: s.ipv6Cidr }] : [], MapPublicIpOnLaunch: s.mapPublicIpOnLaunch })),
    InternetGateways: net.internetGateways.filter((g) => !g.egressOnly).map((g) => ({ InternetGatewayId: g.id, Attachments: [{ VpcId: g.vpcId, State: 'available' }] })),
    RouteTables: net.routeTables.map((t) => ({
      RouteTableId: t.id, VpcId: t.vpcId,
      Associations: [...(t.isMain ? [{ Main: true, RouteTableId: t.id }] : []), ...t.subnetIds.map((s) => ({ Main: false, SubnetId: s, RouteTableId: t.id }))],
      Routes: t.routes.map((r) => ({
        ...(r.destination.includes(':') ? { DestinationIpv6CidrBlock: r.destination } : { DestinationCidrBlock: r.destination }),
        ...(r.targetKind === 'local' ? { GatewayId: 'local' } : r.targetKind === 'internet-gateway' ? { GatewayId: r.target } : r.targetKind === 'egress-only-gateway' ? { EgressOnlyInternetGatewayId: r.target } : { NatGatewayId: r.target }),
        State: 'active',
      })),
    })),
    NetworkAcls: net.nacls.map((n) => ({
      NetworkAclId: n.id, VpcId: n.vpcId, IsDefault: n.isDefault, Associations: n.subnetIds.map((s) => ({ SubnetId: s, NetworkAclId: n.id })),
      Entries: n.entries.map((e) => ({ RuleNumber: e.ruleNumber, Protocol: String(e.protocol), RuleAction: e.action, Egress: e.egress, ...(e.cidr.includes(':') ? { Ipv6CidrBlock: e.cidr } : { CidrBlock: e.cidr }), ...(e.ports ? { PortRange: { From: e.ports.from, To: e.ports.to } } : {}) })),
    })),
    SecurityGroups: net.groups.map((g) => ({ GroupId: g.id, GroupName: g.id, Description: g.id, VpcId: g.vpcId, IpPermissions: g.rules.filter((r) => r.direction === 'ingress').map(perm), IpPermissionsEgress: g.rules.filter((r) => r.direction === 'egress').map(perm) })),
    NetworkInterfaces: net.endpoints.filter((e) => e.kind !== 'load-balancer').map((e) => ({
      NetworkInterfaceId: e.id, SubnetId: e.subnetIds[0], VpcId: e.vpcId, InterfaceType: 'interface', Groups: e.groupIds.map((GroupId) => ({ GroupId })),
      PrivateIpAddress: e.privateIps[0], PrivateIpAddresses: e.privateIps.map((ip) => ({ PrivateIpAddress: ip, Primary: true })), Ipv6Addresses: e.ipv6Ips.map((Ipv6Address) => ({ Ipv6Address })),
      ...(e.publicIp === true ? { Association: { PublicIp: '54.1.2.3' } } : {}), Attachment: { InstanceId: `i-${e.id}` },
    })).concat(lbs.map((lb) => ({ NetworkInterfaceId: `eni-${lb.id}`, SubnetId: lb.subnetIds[0], VpcId: lb.vpcId, InterfaceType: 'interface', Description: `ELB app/${lb.id}/1`, Groups: lb.groupIds.map((GroupId) => ({ GroupId })), PrivateIpAddress: lb.privateIps[0], PrivateIpAddresses: lb.privateIps.map((ip) => ({ PrivateIpAddress: ip, Primary: true })), Ipv6Addresses: [], Attachment: { InstanceId: '' } }) as never)),
    LoadBalancers: lbs.map((lb) => ({ LoadBalancerArn: `arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/${lb.id}/1`, LoadBalancerName: lb.id, Scheme: 'internet-facing', Type: 'application', VpcId: lb.vpcId, SecurityGroups: lb.groupIds, AvailabilityZones: lb.subnetIds.map((SubnetId) => ({ SubnetId })), IpAddressType: 'ipv4' })),
    Listeners: lbs.flatMap((lb) => (lb.listeners ?? []).map((l) => ({ LoadBalancerArn: `arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/${lb.id}/1`, Port: l.port, Protocol: l.protocol, DefaultActions: (lb.targets ?? []).map((t) => ({ TargetGroupArn: `tg-${lb.id}-${t.endpointId}` })) }))),
    TargetGroups: lbs.flatMap((lb) => (lb.targets ?? []).map((t) => ({ TargetGroupArn: `tg-${lb.id}-${t.endpointId}`, Port: t.port, Protocol: 'HTTP', LoadBalancerArns: [] }))),
    TargetHealth: lbs.flatMap((lb) => (lb.targets ?? []).map((t) => ({ TargetGroupArn: `tg-${lb.id}-${t.endpointId}`, TargetHealthDescriptions: [{ Target: { Id: `i-${t.endpointId}`, Port: t.port } }] }))),
  };
}

/**
 * The types `aws ec2 describe-*` and `aws elbv2 describe-*` print for the fields sglint reads.
 * A list of objects is `[{...}]`; a field that is absent or null is fine (the CLI omits them).
 */
export type Shape = 'string' | 'number' | 'boolean' | { readonly [field: string]: Shape } | readonly [Shape];

const S = 'string';
const N = 'number';
const B = 'boolean';
const TAGS: Shape = [{ Key: S, Value: S }];

export const PERMISSION: Shape = {
  IpProtocol: S, FromPort: N, ToPort: N,
  IpRanges: [{ CidrIp: S, Description: S }], Ipv6Ranges: [{ CidrIpv6: S, Description: S }],
  PrefixListIds: [{ PrefixListId: S, Description: S }],
  UserIdGroupPairs: [{ GroupId: S, GroupName: S, UserId: S, VpcId: S, Description: S }],
};

export const NACL_ENTRY: Shape = { RuleNumber: N, Protocol: S, RuleAction: S, Egress: B, CidrBlock: S, Ipv6CidrBlock: S, PortRange: { From: N, To: N }, IcmpTypeCode: { Type: N, Code: N } };

const INTERFACE: Shape = {
  NetworkInterfaceId: S, SubnetId: S, VpcId: S, InterfaceType: S, Description: S, RequesterManaged: B, DenyAllIgwTraffic: B,
  Groups: [{ GroupId: S }], PrivateIpAddress: S, PrivateIpAddresses: [{ PrivateIpAddress: S, Association: { PublicIp: S } }],
  Ipv6Addresses: [{ Ipv6Address: S }], Association: { PublicIp: S }, Attachment: { InstanceId: S }, TagSet: TAGS,
};

const TARGET_HEALTH: Shape = [{ Target: { Id: S, Port: N } }];

/** Each section of a snapshot: a list of entries of one shape. */
export const SECTION_SHAPES: Readonly<Record<string, Shape>> = {
  SecurityGroups: [{ GroupId: S, GroupName: S, Description: S, VpcId: S, OwnerId: S, IpPermissions: [PERMISSION], IpPermissionsEgress: [PERMISSION], Tags: TAGS }],
  Vpcs: [{ VpcId: S, CidrBlock: S, CidrBlockAssociationSet: [{ CidrBlock: S }], Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: S }], IsDefault: B }],
  Subnets: [{ SubnetId: S, VpcId: S, CidrBlock: S, Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: S }], MapPublicIpOnLaunch: B, AssignIpv6AddressOnCreation: B }],
  RouteTables: [{
    RouteTableId: S, VpcId: S, Associations: [{ Main: B, SubnetId: S, GatewayId: S }],
    Routes: [{ DestinationCidrBlock: S, DestinationIpv6CidrBlock: S, DestinationPrefixListId: S, GatewayId: S, NatGatewayId: S, EgressOnlyInternetGatewayId: S, TransitGatewayId: S, VpcPeeringConnectionId: S, NetworkInterfaceId: S, InstanceId: S, State: S }],
  }],
  NetworkAcls: [{
    NetworkAclId: S, VpcId: S, IsDefault: B, Associations: [{ SubnetId: S }],
    Entries: [NACL_ENTRY],
  }],
  NetworkInterfaces: [INTERFACE],
  Reservations: [{ Instances: [{ InstanceId: S, SubnetId: S, VpcId: S, PrivateIpAddress: S, PublicIpAddress: S, SecurityGroups: [{ GroupId: S }], NetworkInterfaces: [INTERFACE], Tags: TAGS }] }],
  InternetGateways: [{ InternetGatewayId: S, Attachments: [{ VpcId: S, State: S }] }],
  LoadBalancers: [{ LoadBalancerArn: S, LoadBalancerName: S, Scheme: S, Type: S, VpcId: S, IpAddressType: S, SecurityGroups: [S], AvailabilityZones: [{ SubnetId: S }] }],
  Listeners: [{ LoadBalancerArn: S, Port: N, Protocol: S, DefaultActions: [{ TargetGroupArn: S, ForwardConfig: { TargetGroups: [{ TargetGroupArn: S }] } }] }],
  TargetGroups: [{ TargetGroupArn: S, Port: N, Protocol: S, TargetType: S, LoadBalancerArns: [S] }],
  TargetHealthDescriptions: TARGET_HEALTH,
  TargetHealth: [{ TargetGroupArn: S, TargetHealthDescriptions: TARGET_HEALTH }],
  ManagedPrefixLists: [{ PrefixListId: S, Entries: [{ Cidr: S }] }],
};

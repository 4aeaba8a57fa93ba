/* The shapes `aws ec2 describe-*` and `aws elbv2 describe-*` print (only the fields sglint reads). */
export interface AwsTag { Key: string; Value: string }
export interface IpPermission {
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: { CidrIp: string; Description?: string }[];
  Ipv6Ranges?: { CidrIpv6: string; Description?: string }[];
  PrefixListIds?: { PrefixListId: string; Description?: string }[];
  UserIdGroupPairs?: { GroupId?: string; GroupName?: string; UserId?: string; VpcId?: string; Description?: string }[];
}
export interface AwsSecurityGroup { GroupId: string; GroupName?: string; Description?: string; VpcId?: string; OwnerId?: string; IpPermissions?: IpPermission[]; IpPermissionsEgress?: IpPermission[]; Tags?: AwsTag[] }
export interface AwsVpc { VpcId: string; CidrBlock?: string; CidrBlockAssociationSet?: { CidrBlock: string }[]; Ipv6CidrBlockAssociationSet?: { Ipv6CidrBlock: string }[]; IsDefault?: boolean }
export interface AwsSubnet { SubnetId: string; VpcId?: string; CidrBlock?: string; Ipv6CidrBlockAssociationSet?: { Ipv6CidrBlock: string }[]; MapPublicIpOnLaunch?: boolean; AssignIpv6AddressOnCreation?: boolean }
export interface AwsRoute { DestinationCidrBlock?: string; DestinationIpv6CidrBlock?: string; DestinationPrefixListId?: string; GatewayId?: string; NatGatewayId?: string; EgressOnlyInternetGatewayId?: string; TransitGatewayId?: string; VpcPeeringConnectionId?: string; NetworkInterfaceId?: string; InstanceId?: string; State?: string }
export interface AwsRouteTable { RouteTableId: string; VpcId?: string; Associations?: { Main?: boolean; SubnetId?: string; GatewayId?: string }[]; Routes?: AwsRoute[] }
export interface AwsNaclEntry { RuleNumber: number; Protocol: string; RuleAction: string; Egress: boolean; CidrBlock?: string; Ipv6CidrBlock?: string; PortRange?: { From?: number; To?: number }; IcmpTypeCode?: { Type?: number; Code?: number } }
export interface AwsNacl { NetworkAclId: string; VpcId?: string; IsDefault?: boolean; Associations?: { SubnetId?: string }[]; Entries?: AwsNaclEntry[] }
export interface AwsEni {
  NetworkInterfaceId: string; SubnetId?: string; VpcId?: string; InterfaceType?: string; Description?: string; RequesterManaged?: boolean;
  Groups?: { GroupId: string }[]; PrivateIpAddress?: string; PrivateIpAddresses?: { PrivateIpAddress: string; Association?: { PublicIp?: string } }[];
  Ipv6Addresses?: { Ipv6Address: string }[]; Association?: { PublicIp?: string }; Attachment?: { InstanceId?: string }; DenyAllIgwTraffic?: boolean;
}
export interface AwsInstance { InstanceId: string; SubnetId?: string; VpcId?: string; PrivateIpAddress?: string; PublicIpAddress?: string; SecurityGroups?: { GroupId: string }[]; NetworkInterfaces?: AwsEni[]; Tags?: AwsTag[] }
export interface AwsIgw { InternetGatewayId: string; Attachments?: { VpcId?: string; State?: string }[] }
export interface AwsLoadBalancer { LoadBalancerArn: string; LoadBalancerName?: string; Scheme?: string; Type?: string; VpcId?: string; SecurityGroups?: string[]; AvailabilityZones?: { SubnetId?: string }[]; IpAddressType?: string }
export interface AwsListener { LoadBalancerArn: string; Port?: number; Protocol?: string; DefaultActions?: { TargetGroupArn?: string; ForwardConfig?: { TargetGroups?: { TargetGroupArn: string }[] } }[] }
export interface AwsTargetGroup { TargetGroupArn: string; Port?: number; Protocol?: string; TargetType?: string; LoadBalancerArns?: string[] }
export interface AwsTargetHealth { TargetGroupArn?: string; TargetHealthDescriptions: { Target: { Id: string; Port?: number } }[] }

/** Everything a snapshot can contain; a section that is absent is `undefined` (not the same as empty). */
export interface Snapshot {
  Vpcs?: AwsVpc[];
  Subnets?: AwsSubnet[];
  RouteTables?: AwsRouteTable[];
  NetworkAcls?: AwsNacl[];
  SecurityGroups?: AwsSecurityGroup[];
  NetworkInterfaces?: AwsEni[];
  Reservations?: { Instances?: AwsInstance[] }[];
  InternetGateways?: AwsIgw[];
  LoadBalancers?: AwsLoadBalancer[];
  Listeners?: AwsListener[];
  TargetGroups?: AwsTargetGroup[];
  TargetHealth?: AwsTargetHealth[];
  ManagedPrefixLists?: { PrefixListId: string; Entries?: { Cidr: string }[] }[];
  /** A live read's record of each call (see ReadStatus); checked entry by entry when read. */
  SglintReadStatus?: unknown[];
}

export const SECTIONS = ['Vpcs', 'Subnets', 'RouteTables', 'NetworkAcls', 'SecurityGroups', 'NetworkInterfaces', 'Reservations', 'InternetGateways', 'LoadBalancers', 'Listeners', 'TargetGroups', 'TargetHealth', 'ManagedPrefixLists'] as const;

/** True when a parsed JSON value looks like AWS CLI describe-* output (one or several sections). */
export function isSnapshot(v: unknown): v is Snapshot {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.some((k) => (SECTIONS as readonly string[]).includes(k) || k === 'TargetHealthDescriptions' || k === READ_STATUS);
}

/**
 * What a live read (`sglint aws`) records beside the sections, one entry per account and region:
 * which calls succeeded, failed (with the error) or were skipped, and when. A section whose call
 * did not succeed is incomplete there: what it lacks is unknown, never empty.
 */
export interface ReadCall {
  /** The IAM action, e.g. `ec2:DescribeNetworkInterfaces`. */
  Call: string;
  /** The snapshot section it fills (empty for calls that fill none, such as sts:AssumeRole). */
  Section: string;
  Status: 'ok' | 'failed' | 'skipped';
  /** Items kept (for a failed call: those read before it failed). */
  Items?: number;
  Pages?: number;
  Error?: string;
}
export interface ReadStatus {
  Account?: string;
  /** `*` when the failure is the account's (its role could not be assumed, its regions could not be listed). */
  Region: string;
  ReadAt: string;
  Seconds?: number;
  Calls: ReadCall[];
  /** The VPCs seen in that region (what an incomplete section there applies to). */
  VpcIds?: string[];
}
export const READ_STATUS = 'SglintReadStatus';

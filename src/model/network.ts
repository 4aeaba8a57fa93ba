import type { Origin } from './origin.js';

export type Provider = 'aws' | 'huawei' | 'openstack';
export type Direction = 'ingress' | 'egress';
export type Action = 'allow' | 'deny';

/**
 * The other side of a rule. `group` matches the private IPs of every endpoint carrying that
 * group (never public IPs). `unknown` is a source that could not be resolved statically.
 */
export type Peer =
  | { kind: 'cidr4'; cidr: string }
  | { kind: 'cidr6'; cidr: string }
  | { kind: 'prefixList'; id: string }
  | { kind: 'group'; groupId: string }
  | { kind: 'unknown'; reason: string };

/**
 * One firewall rule in the provider-neutral model: AWS/OpenStack rules are all `allow` at one
 * priority; Huawei adds `deny` and priorities 1-100 (lower first, deny wins ties).
 */
export interface Rule {
  /** Stable within the group (e.g. `ingress[2]` or a rule resource address). */
  key: string;
  groupId: string;
  direction: Direction;
  action: Action;
  priority: number;
  /** IANA protocol number, or -1 for all protocols. */
  protocol: number;
  /** Inclusive port range for tcp/udp; null = all ports (protocol -1 or non-port protocol). */
  ports: { from: number; to: number } | null;
  /** ICMP type/code (-1 = any) for protocol 1 / 58. */
  icmp?: { type: number; code: number };
  peer: Peer;
  description?: string;
  origin: Origin;
  /** Reasons this rule depends on values not known statically (ports, protocol, source). */
  unknowns: string[];
  /** Huawei / OpenStack: written with no remote at all, which means every address. */
  anySource?: boolean;
  /** Created by the provider (a VPC's default group, a new group's default rules), not written. */
  implicit?: boolean;
}

export interface SecurityGroup {
  id: string;
  /** Terraform address / logical id / cloud id: what findings name as `resource`. */
  address: string;
  name?: string;
  description?: string;
  vpcId?: string;
  provider: Provider;
  isDefault: boolean;
  rules: Rule[];
  origin: Origin;
  tags?: Record<string, string>;
  /** Defined outside the scanned input (only referenced by id); its full rule set is not known. */
  external?: boolean;
  /**
   * Stands for a group that rule resources attach to but that cannot be resolved statically
   * (`var.sg_id`, a data source, an unknown count): named after that expression, always
   * `external` too. Its rules are checked; its other rules and its members are unknown.
   */
  placeholder?: boolean;
  /** Created by AWS with its VPC rather than declared (the default group of an `aws_vpc`). */
  implicit?: boolean;
  /** An EC2-Classic DB / cache / Redshift security group (retired by AWS; holds no VPC rules). */
  classic?: boolean;
  /** Resources (of any type, mapped or not) whose attributes name this group: it is in use. */
  usedBy?: string[];
  /** Declared without a VPC, so AWS creates it in the region's default VPC. */
  inDefaultVpc?: boolean;
}

export type EndpointKind =
  | 'instance'
  | 'network-interface'
  | 'load-balancer'
  | 'database'
  | 'cache'
  | 'launch-template'
  | 'autoscaling-group'
  | 'eks-cluster'
  | 'other';

export interface Endpoint {
  id: string;
  address: string;
  kind: EndpointKind;
  groupIds: string[];
  subnetIds: string[];
  vpcId?: string;
  privateIps: string[];
  ipv6Ips: string[];
  /** true / false / 'unknown' when it depends on a subnet default or an unresolved value. */
  publicIp: boolean | 'unknown';
  hasIpv6: boolean;
  /** Load balancers: internet-facing or internal; listener ports. */
  internetFacing?: boolean;
  listeners?: { protocol: string; port: number }[];
  /** Endpoints this one forwards to (LB targets), by endpoint id. */
  targets?: { endpointId: string; port?: number }[];
  origin: Origin;
  unknowns: string[];
  /** Instances: the ENIs (by id) attached through `network_interface` blocks. */
  interfaceIds?: string[];
  /** ENIs: the instance they are attached to. */
  attachedTo?: string;
  /** Auto Scaling groups: the launch template whose settings their instances get. */
  launchTemplateId?: string;
  /** Load balancers: application | network | gateway. */
  lbType?: string;
  /** Databases and caches: the port the service listens on. */
  servicePort?: number;
  /** The resource's own tags (what `tag:KEY=VALUE` selectors match, with its groups' tags). */
  tags?: Record<string, string>;
}

/**
 * A launch template describes instances rather than being one (the Auto Scaling group that uses it
 * is the running endpoint), so reachability and the rules about it skip templates.
 */
export const isRunning = (e: Endpoint): boolean => e.kind !== 'launch-template';

export interface Vpc {
  id: string;
  address: string;
  cidrs: string[];
  ipv6Cidrs: string[];
  /** The account's default VPC (aws_default_vpc, or IsDefault in a snapshot). */
  isDefault?: boolean;
  /** Huawei VPC or OpenStack network (default: AWS, which adds a default group, NACL and main route table). */
  provider?: Provider;
  origin: Origin;
}

export interface Subnet {
  id: string;
  address: string;
  vpcId?: string;
  cidr?: string;
  ipv6Cidr?: string;
  mapPublicIpOnLaunch: boolean;
  assignIpv6OnCreation: boolean;
  origin: Origin;
}

export interface Route {
  destination: string;
  /** igw-..., nat-..., local, or a Terraform token. */
  target: string;
  targetKind: 'internet-gateway' | 'egress-only-gateway' | 'nat-gateway' | 'vpc-peering' | 'local' | 'other' | 'unknown';
  origin: Origin;
}

export interface RouteTable {
  id: string;
  address: string;
  vpcId?: string;
  isMain: boolean;
  routes: Route[];
  subnetIds: string[];
  origin: Origin;
}

export interface NaclEntry {
  ruleNumber: number;
  egress: boolean;
  action: Action;
  protocol: number;
  ports: { from: number; to: number } | null;
  icmp?: { type: number; code: number };
  cidr: string;
  origin: Origin;
  unknowns: string[];
}

export interface Nacl {
  id: string;
  address: string;
  vpcId?: string;
  isDefault: boolean;
  /** Stands for a NACL that `aws_network_acl_rule`s attach to but that cannot be resolved statically; its subnets are unknown. */
  placeholder?: boolean;
  subnetIds: string[];
  entries: NaclEntry[];
  origin: Origin;
}

export interface InternetGateway {
  id: string;
  address: string;
  vpcId?: string;
  egressOnly: boolean;
  origin: Origin;
}

export interface PrefixList {
  id: string;
  address: string;
  cidrs: string[];
  maxEntries?: number;
  origin: Origin;
}

/**
 * A layer that a partial live read did not read in full (a call denied, timed out, skipped): what
 * it lacks there is unknown, never empty (a subnet without a route table there may still route to
 * the internet; a group without members there may still be used).
 */
export interface Unread {
  layer: 'routeTables' | 'nacls' | 'interfaces' | 'listeners';
  account?: string;
  region: string;
  /** The VPCs of that region (as far as other calls saw them); absent: wherever the layer has nothing. */
  vpcIds?: string[];
  /** Why, for a "may" (e.g. "route tables of eu-west-1 could not be read"). */
  reason: string;
}

export interface Network {
  /** Set by a partial live snapshot only. */
  unread?: Unread[];
  vpcs: Vpc[];
  subnets: Subnet[];
  groups: SecurityGroup[];
  endpoints: Endpoint[];
  routeTables: RouteTable[];
  nacls: Nacl[];
  internetGateways: InternetGateway[];
  prefixLists: PrefixList[];
}

export const emptyNetwork = (): Network => ({
  vpcs: [],
  subnets: [],
  groups: [],
  endpoints: [],
  routeTables: [],
  nacls: [],
  internetGateways: [],
  prefixLists: [],
});

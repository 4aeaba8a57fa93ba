import type { NaclEntry, Route, RouteTable } from '../../../model/network.js';
import { Unknown } from '../../../model/unknown.js';
import { normalisePorts, parseProtocol } from '../../../model/protocol.js';
import type { EvaluatedBody } from '../eval/blocks.js';
import type { EvaluatedResource } from '../eval/resources.js';
import { blockList, blocks, bool, idFromRef, knownId, num, originOf, str, strList, WrongType } from './attrs.js';
import type { MapContext } from './context.js';
import { append } from '../../../model/append.js';

const knownList = (v: (string | Unknown)[] | Unknown): string[] => (v instanceof Unknown ? [] : v.filter((x): x is string => typeof x === 'string').map(idFromRef));

export function mapVpc(r: EvaluatedResource, ctx: MapContext): void {
  const cidr = knownId(str(r.body, 'cidr_block'));
  const v6 = knownId(str(r.body, 'ipv6_cidr_block'));
  const ipv6 = bool(r.body, 'assign_generated_ipv6_cidr_block') === true;
  const isDefault = r.type === 'aws_default_vpc';
  ctx.network.vpcs.push({
    id: r.address, address: r.address, cidrs: cidr ? [cidr] : isDefault ? ['172.31.0.0/16'] : [], ipv6Cidrs: v6 ? [v6] : ipv6 ? ['(amazon-provided)'] : [],
    origin: originOf(r.file, r.span, r.address), ...(isDefault ? { isDefault } : {}),
  });
}

export function mapSubnet(r: EvaluatedResource, ctx: MapContext): void {
  const cidr = knownId(str(r.body, 'cidr_block'));
  const v6 = knownId(str(r.body, 'ipv6_cidr_block'));
  const vpc = knownId(str(r.body, 'vpc_id'));
  ctx.network.subnets.push({
    id: r.address, address: r.address, origin: originOf(r.file, r.span, r.address),
    ...(vpc ? { vpcId: vpc } : {}), ...(cidr ? { cidr } : {}), ...(v6 ? { ipv6Cidr: v6 } : {}),
    mapPublicIpOnLaunch: bool(r.body, 'map_public_ip_on_launch') === true,
    assignIpv6OnCreation: bool(r.body, 'assign_ipv6_address_on_creation') === true,
  });
}

export function mapInternetGateway(r: EvaluatedResource, ctx: MapContext): void {
  const vpc = knownId(str(r.body, 'vpc_id'));
  ctx.network.internetGateways.push({ id: r.address, address: r.address, egressOnly: r.type === 'aws_egress_only_internet_gateway', origin: originOf(r.file, r.span, r.address), ...(vpc ? { vpcId: vpc } : {}) });
}

export function mapInternetGatewayAttachment(r: EvaluatedResource, ctx: MapContext): void {
  const igw = ctx.network.internetGateways.find((g) => g.id === knownId(str(r.body, 'internet_gateway_id')));
  const vpc = knownId(str(r.body, 'vpc_id'));
  if (igw && vpc) igw.vpcId = vpc;
}

function routeFrom(body: EvaluatedBody, r: EvaluatedResource, ctx: MapContext, span = r.span, prefix = ''): Route | null {
  const origin = originOf(r.file, span, r.address);
  const dest = str(body, `${prefix}cidr_block`) ?? str(body, `${prefix}ipv6_cidr_block`) ?? str(body, prefix ? 'destination_prefix_list_id' : 'destination_prefix_list_id');
  if (dest === undefined) return null;
  const igwIds = new Set(ctx.network.internetGateways.filter((g) => !g.egressOnly).map((g) => g.id));
  const targets: [string, Route['targetKind']][] = [
    ['gateway_id', 'other'], ['egress_only_gateway_id', 'egress-only-gateway'], ['nat_gateway_id', 'nat-gateway'],
    ['transit_gateway_id', 'other'], ['vpc_peering_connection_id', 'vpc-peering'], ['network_interface_id', 'other'],
    ['vpc_endpoint_id', 'other'], ['local_gateway_id', 'other'], ['carrier_gateway_id', 'other'], ['core_network_arn', 'other'],
  ];
  for (const [attr, kind] of targets) {
    const t = str(body, attr);
    if (t === undefined) continue;
    if (t instanceof Unknown) return { destination: typeof dest === 'string' ? dest : '?', target: '?', targetKind: 'unknown', origin };
    const id = idFromRef(t);
    const k = attr === 'gateway_id' ? (igwIds.has(id) || id.startsWith('igw-') ? 'internet-gateway' : id === 'local' ? 'local' : 'other') : kind;
    return { destination: typeof dest === 'string' ? dest : '?', target: id, targetKind: dest instanceof Unknown ? 'unknown' : k, origin };
  }
  return null;
}

export function mapRouteTable(r: EvaluatedResource, ctx: MapContext, id = r.address): RouteTable {
  const vpc = knownId(str(r.body, 'vpc_id'));
  const table: RouteTable = {
    id, address: r.address, isMain: r.type === 'aws_default_route_table', routes: [], subnetIds: [], origin: originOf(r.file, r.span, r.address), ...(vpc ? { vpcId: vpc } : {}),
  };
  for (const b of blockList(r.body, 'route', r.file)) {
    const route = routeFrom(b.body, r, ctx, b.span);
    if (route) table.routes.push(route);
  }
  ctx.network.routeTables.push(table);
  return table;
}

export function mapRoute(r: EvaluatedResource, ctx: MapContext): void {
  const table = ctx.network.routeTables.find((t) => t.id === knownId(str(r.body, 'route_table_id')));
  const route = routeFrom(r.body, r, ctx, r.span, 'destination_');
  if (table && route) table.routes.push(route);
  else if (!table) ctx.warn(originOf(r.file, r.span, r.address), `${r.address}: its route table is not in the scanned input; the route is ignored`);
}

export function mapRouteTableAssociation(r: EvaluatedResource, ctx: MapContext): void {
  const table = ctx.network.routeTables.find((t) => t.id === knownId(str(r.body, 'route_table_id')));
  const subnet = knownId(str(r.body, 'subnet_id'));
  if (r.type === 'aws_main_route_table_association') {
    if (table) table.isMain = true;
    return;
  }
  if (table && subnet) table.subnetIds.push(subnet);
}

/** The highest rule number AWS accepts. */
const LAST_RULE_NUMBER = 32766;

function naclEntry(body: EvaluatedBody, egress: boolean, r: EvaluatedResource, ctx: MapContext, span = r.span, inline = true): NaclEntry | null {
  const origin = originOf(r.file, span, r.address);
  const unknowns: string[] = [];
  const ruleNo = num(body, inline ? 'rule_no' : 'rule_number');
  const action = str(body, inline ? 'action' : 'rule_action');
  const proto = str(body, 'protocol');
  const cidr = str(body, 'cidr_block') ?? str(body, 'ipv6_cidr_block');
  if (typeof action !== 'string' || cidr === undefined) {
    ctx.warn(origin, `${r.address}: a NACL entry needs a known action and a CIDR block; this one is ignored`);
    return null;
  }
  if (typeof ruleNo !== 'number') {
    // Its place in the evaluation order is unknown: read as the last entry, so no earlier deny is overlooked.
    const why = ruleNo === undefined ? `${inline ? 'rule_no' : 'rule_number'} is required (Terraform rejects the entry without it)` : ruleNo.reason;
    ctx.warn(origin, `${r.address}: the entry's rule number is not known (${why}); it is read as the last entry before the final deny`);
  }
  // What AWS rejects is an error at its attribute, and the entry is not read (it would never exist).
  const reject = (attr: string, message: string): null => {
    const a = body.attrs[attr];
    ctx.error(a ? originOf(r.file, a.span, r.address) : origin, `${message}; AWS rejects the entry, so it is not read`);
    return null;
  };
  let protocol = -1;
  if (proto instanceof Unknown) unknowns.push(`protocol: ${proto.reason}`);
  else if (proto !== undefined) {
    const p = parseProtocol(proto);
    if (p === null) return reject('protocol', `protocol ${JSON.stringify(proto.slice(0, 40))} is not a protocol AWS accepts (tcp, udp, icmp, icmpv6, -1/all or a number 0-255)`);
    protocol = p;
  }
  // AWS ignores the ports of every protocol but TCP and UDP (`from_port = ""` with protocol "all" is fine).
  const portless = !(proto instanceof Unknown) && protocol !== 6 && protocol !== 17;
  const from = portless ? undefined : num(body, 'from_port');
  const to = portless ? undefined : num(body, 'to_port');
  for (const [attr, v] of [['from_port', from], ['to_port', to]] as const) {
    if (v instanceof WrongType) return reject(attr, `${v.reason} (a whole number is required)`);
    if (typeof v === 'number' && !Number.isInteger(v)) return reject(attr, `${attr} = ${v} is not a whole number`);
  }
  if (from instanceof Unknown || to instanceof Unknown) unknowns.push('ports are not known statically');
  const norm = normalisePorts(protocol, typeof from === 'number' ? from : null, typeof to === 'number' ? to : null);
  if (norm.rejected && !unknowns.length) return reject('from_port', norm.problem!.replace(/; AWS rejects this rule, so it opens nothing$/, ''));
  const icmpType = num(body, 'icmp_type');
  const icmpCode = num(body, 'icmp_code');
  return {
    ruleNumber: typeof ruleNo === 'number' ? ruleNo : LAST_RULE_NUMBER, egress, action: action.toLowerCase() === 'deny' ? 'deny' : 'allow', protocol, ports: unknowns.length ? null : norm.ports,
    ...(protocol === 1 || protocol === 58 ? { icmp: { type: typeof icmpType === 'number' ? icmpType : -1, code: typeof icmpCode === 'number' ? icmpCode : -1 } } : {}),
    cidr: cidr instanceof Unknown ? (unknowns.push(`cidr_block: ${cidr.reason}`), '0.0.0.0/0') : cidr, origin, unknowns,
  };
}

export function mapNacl(r: EvaluatedResource, ctx: MapContext): void {
  const isDefault = r.type === 'aws_default_network_acl';
  const id = isDefault ? knownId(str(r.body, 'default_network_acl_id')) ?? r.address : r.address;
  const vpc = knownId(str(r.body, 'vpc_id'));
  const existing = ctx.network.nacls.find((n) => n.id === id);
  const nacl = existing ?? { id, address: r.address, isDefault, subnetIds: [], entries: [], origin: originOf(r.file, r.span, r.address), ...(vpc ? { vpcId: vpc } : {}) };
  if (existing) {
    // aws_default_network_acl adopts the VPC's default NACL and replaces its entries.
    Object.assign(existing, { address: r.address, origin: originOf(r.file, r.span, r.address), entries: [] });
  } else ctx.network.nacls.push(nacl);
  append(nacl.subnetIds, knownList(strList(r.body, 'subnet_ids')));
  for (const egress of [false, true]) {
    for (const b of blockList(r.body, egress ? 'egress' : 'ingress', r.file)) {
      const e = naclEntry(b.body, egress, r, ctx, b.span);
      if (e) nacl.entries.push(e);
    }
  }
}

export function mapNaclRule(r: EvaluatedResource, ctx: MapContext): void {
  const nacl = ctx.ruleNacl(r, 'network_acl_id', originOf(r.file, r.span, r.address));
  const e = naclEntry(r.body, bool(r.body, 'egress') === true, r, ctx, r.span, false);
  if (e) nacl.entries.push(e);
}

export function mapNaclAssociation(r: EvaluatedResource, ctx: MapContext): void {
  const nacl = ctx.network.nacls.find((n) => n.id === knownId(str(r.body, 'network_acl_id')));
  const subnet = knownId(str(r.body, 'subnet_id'));
  if (nacl && subnet) nacl.subnetIds.push(subnet);
}

export function mapPrefixList(r: EvaluatedResource, ctx: MapContext): void {
  const cidrs = blocks(r.body, 'entry').map((b) => knownId(str(b.body, 'cidr'))).filter((c): c is string => !!c);
  const max = num(r.body, 'max_entries');
  ctx.network.prefixLists.push({ id: r.address, address: r.address, cidrs, origin: originOf(r.file, r.span, r.address), ...(typeof max === 'number' ? { maxEntries: max } : {}) });
}

export function mapPrefixListEntry(r: EvaluatedResource, ctx: MapContext): void {
  const list = ctx.network.prefixLists.find((p) => p.id === knownId(str(r.body, 'prefix_list_id')));
  const cidr = knownId(str(r.body, 'cidr'));
  if (list && cidr) list.cidrs.push(cidr);
}

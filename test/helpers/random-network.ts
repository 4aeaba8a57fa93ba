import type { Endpoint, Nacl, NaclEntry, Network, RouteTable, Rule, SecurityGroup, Subnet } from '../../src/model/network.js';
import { int, pick } from './random.js';

const O = (address: string) => ({ file: 'random', line: 1, column: 1, address });
export const CIDRS4 = ['0.0.0.0/0', '0.0.0.0/1', '128.0.0.0/1', '10.0.0.0/8', '10.0.1.0/24', '52.94.0.0/16', '52.94.76.0/22', '198.51.100.7/32', '100.64.0.0/10', '8.0.0.0/7', '192.168.0.0/16'];
export const CIDRS6 = ['::/0', '2000::/3', '2600::/16', 'fd00::/8', '2600:1f18::/56', '2a05:d018::/36'];
const PORTS: [number, number][] = [[22, 22], [80, 80], [443, 443], [0, 65535], [1024, 65535], [3389, 3389], [8000, 8100], [0, 0], [5432, 5432], [20, 25]];
const PROTOCOLS = [-1, 6, 6, 6, 17, 1, 58, 50];

/**
 * A small random VPC: subnets with random route tables and NACLs, groups with random rules
 * (Huawei-style deny/priority when `huawei`), endpoints with random groups, IPs and public IPs,
 * and sometimes a load balancer with targets. Deterministic for a given PRNG.
 */
export function randomNetwork(r: () => number, huawei = false): Network {
  const vpcId = 'vpc-1';
  const subnets: Subnet[] = [0, 1, 2].map((i) => ({ id: `subnet-${i}`, address: `subnet-${i}`, vpcId, cidr: `10.0.${i}.0/24`, ipv6Cidr: `2600:1f18:0:${i}::/64`, mapPublicIpOnLaunch: false, assignIpv6OnCreation: false, origin: O(`subnet-${i}`) }));
  const routeTables: RouteTable[] = [0, 1].map((i) => ({
    id: `rtb-${i}`, address: `rtb-${i}`, vpcId, isMain: i === 0, subnetIds: i === 1 ? subnets.filter(() => r() < 0.6).map((s) => s.id) : [], origin: O(`rtb-${i}`),
    routes: [
      { destination: '10.0.0.0/16', target: 'local', targetKind: 'local' as const, origin: O('r') },
      ...(r() < 0.8 ? [{ destination: '0.0.0.0/0', target: 'igw-1', targetKind: 'internet-gateway' as const, origin: O('r') }] : []),
      ...(r() < 0.6 ? [r() < 0.8 ? { destination: '::/0', target: 'igw-1', targetKind: 'internet-gateway' as const, origin: O('r') } : { destination: '::/0', target: 'eigw-1', targetKind: 'egress-only-gateway' as const, origin: O('r') }] : []),
      ...(r() < 0.4 ? [{ destination: pick(r, ['52.94.0.0/16', '8.0.0.0/7', '128.0.0.0/1']), target: 'nat-1', targetKind: 'nat-gateway' as const, origin: O('r') }] : []),
    ],
  }));
  const entry = (egress: boolean): NaclEntry => {
    const protocol = pick(r, [-1, 6, 6, 17, 1]);
    const ports = protocol === 6 || protocol === 17 ? (([a, b]) => ({ from: a, to: b }))(pick(r, PORTS)) : null;
    return { ruleNumber: int(r, 1, 200), egress, action: r() < 0.7 ? 'allow' : 'deny', protocol, ports, cidr: r() < 0.8 ? pick(r, CIDRS4) : pick(r, CIDRS6), origin: O('acl'), unknowns: [] };
  };
  const nacls: Nacl[] = [
    { id: 'acl-default', address: 'acl-default', vpcId, isDefault: true, subnetIds: [], origin: O('acl'), entries: [
      { ruleNumber: 100, egress: false, action: 'allow', protocol: -1, ports: null, cidr: '0.0.0.0/0', origin: O('acl'), unknowns: [] },
      { ruleNumber: 100, egress: true, action: 'allow', protocol: -1, ports: null, cidr: '0.0.0.0/0', origin: O('acl'), unknowns: [] },
      { ruleNumber: 101, egress: false, action: 'allow', protocol: -1, ports: null, cidr: '::/0', origin: O('acl'), unknowns: [] },
      { ruleNumber: 101, egress: true, action: 'allow', protocol: -1, ports: null, cidr: '::/0', origin: O('acl'), unknowns: [] },
    ] },
    { id: 'acl-custom', address: 'acl-custom', vpcId, isDefault: false, subnetIds: subnets.filter(() => r() < 0.5).map((s) => s.id), origin: O('acl'), entries: uniqueNumbers(Array.from({ length: int(r, 1, 8) }, () => entry(r() < 0.5))) },
  ];
  const groupIds = Array.from({ length: int(r, 2, 5) }, (_x, i) => `sg-${i}`);
  const groups: SecurityGroup[] = groupIds.map((id) => ({
    id, address: id, provider: huawei ? 'huawei' : 'aws', isDefault: false, vpcId, origin: O(id),
    rules: Array.from({ length: int(r, 0, 6) }, (_x, k): Rule => {
      const protocol = pick(r, PROTOCOLS);
      const ports = protocol === 6 || protocol === 17 ? (([a, b]) => ({ from: a, to: b }))(pick(r, PORTS)) : null;
      const k2 = r();
      const peer = k2 < 0.55 ? { kind: 'cidr4' as const, cidr: pick(r, CIDRS4) } : k2 < 0.75 ? { kind: 'cidr6' as const, cidr: pick(r, CIDRS6) } : { kind: 'group' as const, groupId: pick(r, groupIds) };
      return {
        key: `${id}#${k}`, groupId: id, direction: r() < 0.65 ? 'ingress' : 'egress', action: huawei && r() < 0.35 ? 'deny' : 'allow', priority: huawei ? int(r, 1, 5) : 0,
        protocol, ports, ...(protocol === 1 || protocol === 58 ? { icmp: { type: -1, code: -1 } } : {}), peer, origin: O(id), unknowns: [],
      };
    }),
  }));
  // Realistic defaults: most groups allow all egress; some tiers admit another group on a port.
  for (const g of groups) {
    if (r() < 0.6) g.rules.push({ key: `${g.id}#egress-all`, groupId: g.id, direction: 'egress', action: 'allow', priority: huawei ? 5 : 0, protocol: -1, ports: null, peer: { kind: 'cidr4', cidr: '0.0.0.0/0' }, origin: O(g.id), unknowns: [] });
    if (r() < 0.4) g.rules.push({ key: `${g.id}#from-peer`, groupId: g.id, direction: 'ingress', action: 'allow', priority: huawei ? 3 : 0, protocol: 6, ports: pick(r, [{ from: 8080, to: 8080 }, { from: 5432, to: 5432 }, { from: 22, to: 22 }]), peer: { kind: 'group', groupId: pick(r, groupIds) }, origin: O(g.id), unknowns: [] });
  }
  // Some networks are IPv4-only: then address rules outside the VPC's ranges admit nobody inside it.
  const v6Rate = pick(r, [0, 0.2, 0.5, 0.5]);
  const endpoints: Endpoint[] = Array.from({ length: int(r, 2, 7) }, (_x, i) => {
    const s = pick(r, subnets);
    const sub = Number(s.id.slice(-1));
    const hasIpv6 = r() < v6Rate;
    const secondary = r() < 0.15 ? [`10.0.${sub}.${100 + i}`] : [];
    return {
      id: `eni-${i}`, address: `eni-${i}`, kind: 'network-interface', groupIds: [...new Set(Array.from({ length: int(r, 1, 3) }, () => pick(r, groupIds)))], subnetIds: [s.id], vpcId,
      privateIps: [`10.0.${sub}.${10 + i}`, ...secondary], ipv6Ips: hasIpv6 ? [`2600:1f18:0:${sub}::${10 + i}`] : [], publicIp: r() < 0.6, hasIpv6, origin: O(`eni-${i}`), unknowns: [],
    };
  });
  if (r() < 0.5) {
    const s = pick(r, subnets);
    const sub = Number(s.id.slice(-1));
    const targets = endpoints.filter(() => r() < 0.5).map((e) => ({ endpointId: e.id, port: pick(r, [80, 8080, 443, 22]) }));
    const lbGroup = pick(r, groupIds);
    if (r() < 0.6) groups.find((g) => g.id === lbGroup)!.rules.push({ key: `${lbGroup}#https`, groupId: lbGroup, direction: 'ingress', action: 'allow', priority: huawei ? 2 : 0, protocol: 6, ports: { from: 443, to: 443 }, peer: { kind: 'cidr4', cidr: '0.0.0.0/0' }, origin: O(lbGroup), unknowns: [] });
    endpoints.push({
      id: 'lb-1', address: 'lb-1', kind: 'load-balancer', groupIds: [lbGroup], subnetIds: [s.id], vpcId, privateIps: [`10.0.${sub}.200`], ipv6Ips: [],
      publicIp: true, internetFacing: true, hasIpv6: false, listeners: [{ protocol: 'HTTPS', port: 443 }, ...(r() < 0.5 ? [{ protocol: 'HTTP', port: 80 }] : [])], targets, lbType: 'application', origin: O('lb-1'), unknowns: [],
    });
  }
  const vpcs = [{ id: vpcId, address: vpcId, cidrs: ['10.0.0.0/16'], ipv6Cidrs: ['2600:1f18::/56'], origin: O(vpcId) }];
  if (r() < 0.4) {
    // A second VPC whose endpoints carry the same groups: references across VPCs must not connect them.
    vpcs.push({ id: 'vpc-2', address: 'vpc-2', cidrs: ['10.1.0.0/16'], ipv6Cidrs: [], origin: O('vpc-2') });
    subnets.push({ id: 'subnet-9', address: 'subnet-9', vpcId: 'vpc-2', cidr: '10.1.9.0/24', mapPublicIpOnLaunch: false, assignIpv6OnCreation: false, origin: O('subnet-9') });
    routeTables.push({ id: 'rtb-9', address: 'rtb-9', vpcId: 'vpc-2', isMain: true, subnetIds: [], origin: O('rtb-9'), routes: [{ destination: '10.1.0.0/16', target: 'local', targetKind: 'local', origin: O('r') }, { destination: '0.0.0.0/0', target: 'igw-2', targetKind: 'internet-gateway', origin: O('r') }] });
    nacls.push({ id: 'acl-9', address: 'acl-9', vpcId: 'vpc-2', isDefault: true, subnetIds: [], origin: O('acl'), entries: [
      { ruleNumber: 100, egress: false, action: 'allow', protocol: -1, ports: null, cidr: '0.0.0.0/0', origin: O('acl'), unknowns: [] },
      { ruleNumber: 100, egress: true, action: 'allow', protocol: -1, ports: null, cidr: '0.0.0.0/0', origin: O('acl'), unknowns: [] },
    ] });
    for (let k = 0; k < int(r, 1, 3); k++) {
      endpoints.push({ id: `eni-v2-${k}`, address: `eni-v2-${k}`, kind: 'network-interface', groupIds: [pick(r, groupIds)], subnetIds: ['subnet-9'], vpcId: 'vpc-2', privateIps: [`10.1.9.${20 + k}`], ipv6Ips: [], publicIp: r() < 0.5, hasIpv6: false, origin: O(`eni-v2-${k}`), unknowns: [] });
    }
  }
  return { vpcs, subnets, groups, endpoints, routeTables, nacls, internetGateways: [{ id: 'igw-1', address: 'igw-1', vpcId, egressOnly: false, origin: O('igw') }, { id: 'eigw-1', address: 'eigw-1', vpcId, egressOnly: true, origin: O('eigw') }], prefixLists: [] };
}

/** AWS rejects two NACL entries with the same number and direction; keep the first. */
function uniqueNumbers(entries: NaclEntry[]): NaclEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const k = `${e.egress}/${e.ruleNumber}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

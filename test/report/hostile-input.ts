import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Names an attacker controls in a snapshot or template, one per way of breaking an output format:
 * terminal escapes, a workflow command after a newline, backticks and HTML for markdown, pipes for
 * tables, quotes and brackets for mermaid, bidi overrides that reorder text.
 */
export const HOSTILE = {
  esc: 'eni-\u001b[31mred\u001b[0m\u001b]8;;http://evil\u0007',
  command: 'eni-x\r\n::error file=a.tf,line=1::owned',
  command2: 'eni-y\n##[error]owned',
  markdown: 'eni-`</code><script>alert(1)</script>`|x|',
  mermaid: 'eni-"] --> evil["<b>pwn</b>`#35;{};(x)',
  bidi: 'eni-\u202eevil\u2066',
};

/**
 * An AWS CLI snapshot in which every hostile id is an interface reachable from the internet on
 * tcp/22 (public address, internet gateway route, a group open to 0.0.0.0/0), so every report
 * (findings, exposure, graph, explain) prints it. Written to a folder whose name is hostile too.
 */
export function hostileSnapshot(): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-hostile-'));
  const vpc = 'vpc-0000000000000000a';
  const subnet = 'subnet-0000000000000000a';
  const snapshot = {
    Vpcs: [{ VpcId: vpc, CidrBlock: '10.0.0.0/16', OwnerId: '123456789012', IsDefault: false, State: 'available' }],
    Subnets: [{ SubnetId: subnet, VpcId: vpc, CidrBlock: '10.0.0.0/24', MapPublicIpOnLaunch: false, AvailabilityZone: 'us-east-1a', OwnerId: '123456789012' }],
    InternetGateways: [{ InternetGatewayId: 'igw-0000000000000000a', Attachments: [{ VpcId: vpc, State: 'available' }] }],
    RouteTables: [{
      RouteTableId: 'rtb-0000000000000000a', VpcId: vpc, OwnerId: '123456789012', Associations: [{ Main: true, RouteTableId: 'rtb-0000000000000000a' }],
      Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' }, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0000000000000000a', State: 'active' }],
    }],
    // One group per interface, so a graph draws each one in its own box.
    SecurityGroups: Object.keys(HOSTILE).map((_k, i) => ({
      GroupId: `sg-000000000000000${i}a`, GroupName: HOSTILE.markdown, Description: HOSTILE.command, VpcId: vpc, OwnerId: '123456789012',
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: HOSTILE.esc }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
    })),
    NetworkInterfaces: Object.values(HOSTILE).map((id, i) => ({
      NetworkInterfaceId: id, SubnetId: subnet, VpcId: vpc, InterfaceType: 'interface', Status: 'in-use', OwnerId: '123456789012',
      Groups: [{ GroupId: `sg-000000000000000${i}a`, GroupName: HOSTILE.markdown }],
      PrivateIpAddress: `10.0.0.${10 + i}`, PrivateIpAddresses: [{ PrivateIpAddress: `10.0.0.${10 + i}`, Primary: true }],
      Association: { PublicIp: `198.51.100.${10 + i}` },
      TagSet: [{ Key: 'Name', Value: HOSTILE.mermaid }],
    })),
  };
  const file = path.join(dir, 'snapshot.json');
  fs.writeFileSync(file, JSON.stringify(snapshot));
  return { dir, file };
}

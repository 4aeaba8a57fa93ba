import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ingestAwsCli } from '../../../src/ingest/awscli/index.js';
import { solve } from '../../../src/solver/index.js';
import { tempTree } from '../../helpers/tf.js';

const SG = { GroupId: 'sg-web', GroupName: 'web', VpcId: 'vpc-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }], UserIdGroupPairs: [{ GroupId: 'sg-elsewhere' }] }], IpPermissionsEgress: [] };
const PARTS = {
  'vpcs.json': { Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }] },
  'subnets.json': { Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24', MapPublicIpOnLaunch: true }] },
  'rt.json': { RouteTables: [{ RouteTableId: 'rtb-1', VpcId: 'vpc-1', Associations: [{ Main: true }], Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' }] }] },
  'acl.json': { NetworkAcls: [{ NetworkAclId: 'acl-1', VpcId: 'vpc-1', IsDefault: true, Entries: [{ RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' }, { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' }, { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' }] }] },
  'sg.json': { SecurityGroups: [SG] },
  'eni.json': { NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', SubnetId: 'subnet-1', VpcId: 'vpc-1', Groups: [{ GroupId: 'sg-web' }], PrivateIpAddress: '10.0.1.5', PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.5', Association: { PublicIp: '54.1.2.3' } }], Association: { PublicIp: '54.1.2.3' } }] },
  'igw.json': { InternetGateways: [{ InternetGatewayId: 'igw-1', Attachments: [{ VpcId: 'vpc-1', State: 'available' }] }] },
};
const files = Object.fromEntries(Object.entries(PARTS).map(([k, v]) => [k, JSON.stringify(v, null, 2)]));
const merged = JSON.stringify(Object.assign({}, ...Object.values(PARTS)));
const exposedPorts = (dir: string, inputs: string[]) => {
  const r = ingestAwsCli(inputs, dir);
  const sol = solve(r.network);
  return { r, tcp: sol.exposure(sol.find('eni-1')[0]!).internet.tcp.ranges.map(([a, b]) => [a, b]) };
};

describe('AWS CLI snapshot ingester', () => {
  it('reads a folder of separate describe-* files (detected by content), a merged file, and several files alike', () => {
    const dir = tempTree({ ...files, 'unrelated.json': '{"hello": 1}', 'merged/all.json': merged });
    const folder = exposedPorts(dir, ['.']);
    const one = exposedPorts(dir, ['merged/all.json']);
    const several = exposedPorts(dir, Object.keys(files));
    for (const x of [folder, one, several]) assert.deepEqual(x.tcp, [[22, 22]]);
    assert.equal(folder.r.files, 7);
  });

  it('an unknown group id in a rule is a warning naming it', () => {
    const dir = tempTree({ 'all.json': merged });
    const r = ingestAwsCli(['all.json'], dir);
    assert.ok(r.diagnostics.some((d) => d.severity === 'warning' && /sg-web ingress\[0\] references group sg-elsewhere, which is not in the snapshot/.test(d.message)));
  });

  it('a missing section still scans, treating that layer as absent and saying so', () => {
    const { NetworkAcls: _n, RouteTables: _r, ...rest } = Object.assign({}, ...Object.values(PARTS)) as Record<string, unknown>;
    const dir = tempTree({ 'partial.json': JSON.stringify(rest) });
    const r = ingestAwsCli(['partial.json'], dir);
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
    const notes = r.diagnostics.map((d) => d.message);
    assert.ok(notes.some((m) => /network ACLs are not in the snapshot: they are treated as allowing everything/.test(m)));
    assert.ok(notes.some((m) => /route tables are not in the snapshot/.test(m)));
    const sol = solve(r.network);
    const x = sol.exposure(sol.find('eni-1')[0]!);
    assert.deepEqual(x.internet.tcp.ranges.map(([a, b]) => [a, b]), [[22, 22]]);
    assert.ok(x.may.some((m) => /route tables are not in the input/.test(m)), 'marked "may"');
  });

  it('malformed JSON names the file and the line:column', () => {
    const dir = tempTree({ 'bad.json': '{\n  "SecurityGroups": [\n    { "GroupId": "sg-1", }\n  ]\n}\n' });
    const r = ingestAwsCli(['bad.json'], dir);
    const e = r.diagnostics.find((d) => d.severity === 'error')!;
    assert.equal(e.file, 'bad.json');
    assert.equal(e.line, 3);
    assert.ok((e.column ?? 0) > 20);
    assert.match(e.message, /malformed JSON/);
  });

  it('an IP-type target group reaches the interface with that private address through its load balancer', () => {
    const lbArn = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/front/1';
    const tgArn = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/ip-tg/2';
    const snapshot = {
      ...Object.assign({}, ...Object.values(PARTS)),
      SecurityGroups: [SG, { GroupId: 'sg-lb', GroupName: 'lb', VpcId: 'vpc-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }], IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }],
      NetworkInterfaces: [
        { NetworkInterfaceId: 'eni-1', SubnetId: 'subnet-1', VpcId: 'vpc-1', Groups: [{ GroupId: 'sg-web' }], PrivateIpAddress: '10.0.1.5', PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.5' }] },
        { NetworkInterfaceId: 'eni-2', SubnetId: 'subnet-1', VpcId: 'vpc-1', Groups: [{ GroupId: 'sg-web' }], PrivateIpAddress: '10.0.1.6', PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.6' }, { PrivateIpAddress: '10.0.1.7' }] },
      ],
      LoadBalancers: [{ LoadBalancerArn: lbArn, LoadBalancerName: 'front', Scheme: 'internet-facing', Type: 'application', VpcId: 'vpc-1', SecurityGroups: ['sg-lb'], AvailabilityZones: [{ SubnetId: 'subnet-1' }] }],
      Listeners: [{ LoadBalancerArn: lbArn, Port: 443, Protocol: 'HTTPS', DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }] }],
      TargetGroups: [{ TargetGroupArn: tgArn, TargetType: 'ip', Port: 22, LoadBalancerArns: [lbArn] }],
      TargetHealth: [{ TargetGroupArn: tgArn, TargetHealthDescriptions: [{ Target: { Id: '10.0.1.7', Port: 22 } }] }],
    };
    const dir = tempTree({ 'snap.json': JSON.stringify(snapshot) });
    const r = ingestAwsCli(['snap.json'], dir);
    const lb = r.network.endpoints.find((e) => e.kind === 'load-balancer')!;
    assert.deepEqual(lb.targets, [{ endpointId: 'eni-2', port: 22 }], 'the secondary address 10.0.1.7 is eni-2');
    const sol = solve(r.network);
    const x = sol.exposure(sol.find('eni-2')[0]!);
    assert.equal(x.hopsFromInternet, 1);
    assert.deepEqual(x.path.map((h) => h.id), ['internet', lbArn, 'eni-2']);
  });

  it('an interface listed twice (two files, or under its instance too) is one endpoint; a load balancer\'s own interface adds its address once', () => {
    const lbArn = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/front/1';
    const web = { NetworkInterfaceId: 'eni-1', SubnetId: 'subnet-1', VpcId: 'vpc-1', Groups: [{ GroupId: 'sg-web' }], PrivateIpAddress: '10.0.1.5', PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.5' }] };
    const lbEni = { NetworkInterfaceId: 'eni-lb', Description: 'ELB app/front/1', SubnetId: 'subnet-1', VpcId: 'vpc-1', Groups: [{ GroupId: 'sg-web' }], PrivateIpAddress: '10.0.1.9', PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.9' }] };
    const first = { ...Object.assign({}, ...Object.values(PARTS)), LoadBalancers: [{ LoadBalancerArn: lbArn, LoadBalancerName: 'front', Scheme: 'internal', Type: 'application', VpcId: 'vpc-1', SecurityGroups: ['sg-web'] }], NetworkInterfaces: [web, lbEni] };
    const second = { NetworkInterfaces: [lbEni, web], Reservations: [{ Instances: [{ InstanceId: 'i-1', NetworkInterfaces: [web] }] }] };
    const dir = tempTree({ 'a.json': JSON.stringify(first), 'b.json': JSON.stringify(second) });
    const r = ingestAwsCli(['a.json', 'b.json'], dir);
    assert.deepEqual(r.network.endpoints.map((e) => e.id).sort(), [lbArn, 'eni-1']);
    assert.deepEqual(r.network.endpoints.find((e) => e.id === lbArn)!.privateIps, ['10.0.1.9']);
  });

  it('list entries of the wrong type are dropped, as errors at their field or counted, never skipped silently', () => {
    const snapshot = {
      ...Object.assign({}, ...Object.values(PARTS)),
      SecurityGroups: [SG],
      NetworkInterfaces: [
        { NetworkInterfaceId: 'eni-1', SubnetId: 'subnet-1', VpcId: 'vpc-1', Groups: [{ GroupId: 'sg-web' }, { GroupId: 5 }, { GroupId: null }], PrivateIpAddress: '10.0.1.5', PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.5' }, { PrivateIpAddress: 'not-an-address' }] },
      ],
    };
    const dir = tempTree({ 'snap.json': JSON.stringify(snapshot) });
    const r = ingestAwsCli(['snap.json'], dir);
    const e = r.network.endpoints.find((x) => x.id === 'eni-1')!;
    assert.deepEqual(e.groupIds, ['sg-web']);
    assert.deepEqual(e.privateIps, ['10.0.1.5']);
    const notes = r.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message);
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message.split(';')[0]), ['NetworkInterfaces[0].Groups[1].GroupId: expected a string, found a number (not what the AWS CLI prints)']);
    assert.ok(notes.includes('group ids of interfaces or load balancers: 1 skipped (a value of the wrong type)'), notes.join('; '));
    assert.ok(notes.includes('private addresses of interfaces or load balancers: 1 skipped (a value of the wrong type)'), notes.join('; '));
  });

  it('reads the corpus generator\'s snapshot', () => {
    const dir = tempTree({});
    const out = execFileSync('node', [path.resolve('test-data/gen-aws-snapshot.mjs'), '300', '40', '3'], { maxBuffer: 1 << 28 });
    fs.writeFileSync(path.join(dir, 'snap.json'), out);
    const r = ingestAwsCli(['snap.json'], dir);
    assert.equal(r.network.endpoints.length, 300);
    assert.equal(r.network.groups.length, 40);
    const sol = solve(r.network);
    assert.ok(sol.endpoints().some((e) => sol.exposure(e).hopsFromInternet === 0));
  });

  it('a field of the wrong type: an error at its line:column naming it; only its entry is dropped, the rest of the file is read', () => {
    const bad = { ...SG, GroupId: 'sg-bad', IpPermissions: [{ ...SG.IpPermissions[0], FromPort: 'twenty-two' }, { IpProtocol: 'tcp', FromPort: 443, ToPort: 442, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }, { IpProtocol: 'bogus', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }, { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] };
    const snapshot = { ...Object.assign({}, ...Object.values(PARTS)), SecurityGroups: [bad, { GroupId: 7 }, SG], InternetGateways: 'igw-1' };
    const dir = tempTree({ 'snap.json': JSON.stringify(snapshot, null, 1) });
    const r = ingestAwsCli(['snap.json'], dir);
    const text = fs.readFileSync(path.join(dir, 'snap.json'), 'utf8').split('\n');
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => `${d.file} ${d.message}`), [
      'snap.json SecurityGroups[0].IpPermissions[0].FromPort: expected a number, found a string (not what the AWS CLI prints); SecurityGroups[0].IpPermissions[0] is not read',
      'snap.json SecurityGroups[0].IpPermissions[1].FromPort: the range starts at 443 and ends at 442, which AWS never stores; SecurityGroups[0].IpPermissions[1] is not read',
      'snap.json SecurityGroups[0].IpPermissions[2].IpProtocol: "bogus" is not a protocol AWS stores (tcp, udp, icmp, icmpv6, -1 or a number 0-255); SecurityGroups[0].IpPermissions[2] is not read',
      'snap.json SecurityGroups[1].GroupId: expected a string, found a number (not what the AWS CLI prints); SecurityGroups[1] is not read',
      'snap.json InternetGateways: expected a list, found a string (not what the AWS CLI prints); the section InternetGateways is not read',
    ]);
    // Each points at the offending value in the text (it said "line 0" and dropped the whole file).
    const at = errors.map((d) => text[d.line! - 1]!.slice(d.column! - 1));
    assert.deepEqual(at.map((l) => l.trim().replace(/,$/, '')), ['"twenty-two"', '443', '"bogus"', '7', '"igw-1"']);
    assert.deepEqual(r.network.groups.map((g) => `${g.id}: ${g.rules.map((x) => x.ports ? `${x.ports.from}-${x.ports.to}` : 'all').join(' ')}`), ['sg-bad: 80-80', 'sg-web: 22-22 22-22']);
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ingestAwsCli } from '../../../src/ingest/awscli/index.js';
import { solve } from '../../../src/solver/index.js';
import { run } from '../../../src/cli/run.js';
import { tempTree } from '../../helpers/tf.js';

/** Two regions: us-east-1 read in full; eu-west-1 with a public interface whose group opens SSH to the internet. */
const EAST = {
  Vpcs: [{ VpcId: 'vpc-a', CidrBlock: '10.0.0.0/16' }],
  Subnets: [{ SubnetId: 'subnet-a', VpcId: 'vpc-a', CidrBlock: '10.0.1.0/24' }],
  RouteTables: [{ RouteTableId: 'rtb-a', VpcId: 'vpc-a', Associations: [{ Main: true }], Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }] }],
  NetworkAcls: [{ NetworkAclId: 'acl-a', VpcId: 'vpc-a', IsDefault: true, Entries: [{ RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' }, { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' }] }],
  SecurityGroups: [{ GroupId: 'sg-a', GroupName: 'a', VpcId: 'vpc-a', IpPermissions: [], IpPermissionsEgress: [] }],
  NetworkInterfaces: [{ NetworkInterfaceId: 'eni-a', SubnetId: 'subnet-a', VpcId: 'vpc-a', Groups: [{ GroupId: 'sg-a' }], PrivateIpAddress: '10.0.1.5' }],
};
const WEST = {
  Vpcs: [{ VpcId: 'vpc-b', CidrBlock: '10.1.0.0/16' }],
  Subnets: [{ SubnetId: 'subnet-b', VpcId: 'vpc-b', CidrBlock: '10.1.1.0/24' }],
  SecurityGroups: [{ GroupId: 'sg-ssh', GroupName: 'ssh', VpcId: 'vpc-b', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }], IpPermissionsEgress: [] },
    { GroupId: 'sg-idle', GroupName: 'idle', VpcId: 'vpc-b', IpPermissions: [], IpPermissionsEgress: [] }],
  NetworkInterfaces: [{ NetworkInterfaceId: 'eni-b', SubnetId: 'subnet-b', VpcId: 'vpc-b', Groups: [{ GroupId: 'sg-ssh' }], PrivateIpAddress: '10.1.1.5', Association: { PublicIp: '54.1.2.3' } }],
};
const ok = (call: string, section: string, items = 1) => ({ Call: call, Section: section, Status: 'ok', Items: items, Pages: 1 });
const DENIED = 'ec2:DescribeRouteTables was denied (UnauthorizedOperation (HTTP 403): You are not authorized to perform this operation.); the role needs ec2:DescribeRouteTables';
const status = (westCalls: unknown[]) => [
  { Region: 'us-east-1', ReadAt: '2026-12-08T00:00:00.000Z', Seconds: 1.2, Calls: ['Vpcs', 'Subnets', 'RouteTables', 'NetworkAcls', 'SecurityGroups', 'NetworkInterfaces'].map((s) => ok(`ec2:Describe${s === 'NetworkAcls' ? 'NetworkAcls' : s}`, s)), VpcIds: ['vpc-a'] },
  { Region: 'eu-west-1', ReadAt: '2026-12-08T00:00:01.000Z', Seconds: 0.8, Calls: westCalls, VpcIds: ['vpc-b'] },
];
/** eu-west-1's route tables and NACLs denied (so absent), interfaces read. */
const PARTIAL = {
  ...Object.fromEntries(Object.entries(EAST).map(([k, v]) => [k, [...v, ...((WEST as Record<string, unknown[]>)[k] ?? [])]])),
  SglintReadStatus: status([ok('ec2:DescribeVpcs', 'Vpcs'), ok('ec2:DescribeSubnets', 'Subnets'),
    { Call: 'ec2:DescribeRouteTables', Section: 'RouteTables', Status: 'failed', Items: 0, Error: DENIED },
    { Call: 'ec2:DescribeNetworkAcls', Section: 'NetworkAcls', Status: 'failed', Items: 0, Error: DENIED.replace(/RouteTables/g, 'NetworkAcls') },
    ok('ec2:DescribeSecurityGroups', 'SecurityGroups', 2), ok('ec2:DescribeNetworkInterfaces', 'NetworkInterfaces')]),
};
const { SglintReadStatus: _record, ...UNMARKED } = PARTIAL;

function exposureOf(snapshot: unknown): { tcp: number[][]; may: string[]; diagnostics: { severity: string; message: string; partial?: boolean }[] } {
  const dir = tempTree({ 'snap.json': JSON.stringify(snapshot) });
  const r = ingestAwsCli(['snap.json'], dir);
  const sol = solve(r.network);
  const x = sol.exposure(sol.find('eni-b')[0]!);
  return { tcp: x.internet.tcp.ranges.map(([a, b]) => [a, b]), may: x.may, diagnostics: r.diagnostics };
}

async function cli(args: string[], files: Record<string, unknown>): Promise<{ code: number; out: string; err: string; dir: string }> {
  const dir = tempTree(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, JSON.stringify(v)])));
  let out = '';
  let err = '';
  const io = { stdout: { write: (s: string | Uint8Array) => (out += String(s)) }, stderr: { write: (s: string) => (err += s) }, cwd: dir, env: {} };
  const code = await run(args, io);
  return { code, out, err, dir };
}

describe('partial live snapshots (SglintReadStatus)', () => {
  it('what a read missed is unknown to the solver ("may"), never empty', () => {
    const unmarked = exposureOf(UNMARKED);
    assert.deepEqual(unmarked.tcp, [], 'without the record, a subnet with no route table in a VPC with tables elsewhere routes nowhere');
    const partial = exposureOf(PARTIAL);
    assert.deepEqual(partial.tcp, [[22, 22]], 'with it, eu-west-1 may route to the internet');
    assert.ok(partial.may.some((m) => m.startsWith('routes of eu-west-1 unknown (ec2:DescribeRouteTables did not succeed)')), partial.may.join(' | '));
    assert.ok(partial.may.some((m) => /network ACL of subnet-b is not in the input/.test(m)), partial.may.join(' | '));
  });

  it('every failed call is an error diagnostic naming the call, the permission and what is unknown, after a summary', () => {
    const { diagnostics } = exposureOf(PARTIAL);
    const partial = diagnostics.filter((d) => d.partial);
    assert.deepEqual(partial.map((d) => d.message), [
      'partial snapshot (read 2026-12-08T00:00:00.000Z): 2 call(s) did not succeed in 1 region(s) or account(s); what they would have read is unknown, not empty',
      `partial snapshot: region eu-west-1: ${DENIED}; routes of eu-west-1 unknown: routes to the internet are treated as unknown`,
      `partial snapshot: region eu-west-1: ${DENIED.replace(/RouteTables/g, 'NetworkAcls')}; network ACLs of eu-west-1 unknown: exposure there may be blocked by one`,
    ]);
    assert.ok(partial.every((d) => d.severity === 'error'));
  });

  it('a group in a VPC whose interfaces were not read is not reported unused; one in a VPC read in full is', async () => {
    const interfacesDenied = { ...PARTIAL, SglintReadStatus: status([ok('ec2:DescribeRouteTables', 'RouteTables'), { Call: 'ec2:DescribeNetworkInterfaces', Section: 'NetworkInterfaces', Status: 'failed', Items: 0, Error: 'ec2:DescribeNetworkInterfaces was denied (AccessDenied); the role needs ec2:DescribeNetworkInterfaces' }]) };
    const unused = async (snapshot: unknown): Promise<string[]> => {
      const r = await cli(['scan', 'snap.json', '--format', 'json', '--fail-on', 'none'], { 'snap.json': snapshot });
      return (JSON.parse(r.out) as { findings: { ruleId: string; resource: string }[] }).findings.filter((f) => f.ruleId === 'unused-security-group').map((f) => f.resource);
    };
    assert.deepEqual(await unused(UNMARKED), ['sg-idle']);
    assert.deepEqual(await unused(interfacesDenied), []);
  });

  it('scan says so in every format, with exit code 2', async () => {
    for (const format of ['text', 'json', 'sarif', 'markdown', 'github']) {
      const r = await cli(['scan', 'snap.json', '--format', format, '--fail-on', 'none'], { 'snap.json': PARTIAL });
      assert.equal(r.code, 2, format);
      assert.match(r.out, /partial snapshot: region eu-west-1: ec2:DescribeRouteTables was denied/, format);
      if (format === 'sarif') {
        const inv = (JSON.parse(r.out) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[] }).runs[0]!.invocations[0]!;
        assert.equal(inv.executionSuccessful, false);
        assert.ok(inv.toolExecutionNotifications.some((n) => n.level === 'error' && n.message.text.includes('partial snapshot (read 2026-12-08')));
      }
    }
    const complete = await cli(['scan', 'snap.json', '--format', 'json', '--fail-on', 'none'], { 'snap.json': { ...UNMARKED, SglintReadStatus: status([ok('ec2:DescribeVpcs', 'Vpcs')]) } });
    assert.equal(complete.code, 0, 'a complete read record changes nothing');
  });

  it('exposure says so in JSON, text and markdown, with exit code 2', async () => {
    for (const format of ['json', 'text', 'markdown']) {
      const r = await cli(['exposure', 'snap.json', '--format', format], { 'snap.json': PARTIAL });
      assert.equal(r.code, 2, format);
      assert.match(r.out, /partial snapshot: region eu-west-1: ec2:DescribeNetworkAcls was denied/, format);
    }
  });

  it('merge keeps the record; a later complete read of the same region clears that region\'s failures', async () => {
    const later = { ...Object.fromEntries(Object.entries(WEST).map(([k, v]) => [k, v])), RouteTables: [{ RouteTableId: 'rtb-b', VpcId: 'vpc-b', Associations: [{ Main: true }], Routes: [] }], SglintReadStatus: [{ Region: 'eu-west-1', ReadAt: '2026-12-08T01:00:00.000Z', Calls: [ok('ec2:DescribeRouteTables', 'RouteTables')], VpcIds: ['vpc-b'] }] };
    const merged = await cli(['merge', 'a.json', 'b.json', '--output', 'm.json'], { 'a.json': PARTIAL, 'b.json': { Vpcs: [{ VpcId: 'vpc-c' }] } });
    assert.equal(merged.code, 0, merged.err);
    const m = JSON.parse(fs.readFileSync(path.join(merged.dir, 'm.json'), 'utf8')) as { SglintReadStatus: unknown[] };
    assert.equal(m.SglintReadStatus.length, 2, 'kept');
    const scanned = await cli(['scan', 'm.json', '--format', 'json', '--fail-on', 'none'], { 'm.json': m });
    assert.equal(scanned.code, 2);
    const healed = await cli(['scan', 'a.json', 'b.json', '--format', 'json', '--fail-on', 'none'], { 'a.json': PARTIAL, 'b.json': later });
    const messages = (JSON.parse(healed.out) as { diagnostics: { message: string }[] }).diagnostics.map((d) => d.message).filter((x) => x.startsWith('partial'));
    assert.equal(messages.length, 2, messages.join('\n'));
    assert.match(messages[1]!, /DescribeNetworkAcls/, 'the route tables were read later; the NACLs still not');
  });

  it('diff of a partial base says so on both sides and exits 2', async () => {
    const r = await cli(['diff', 'base.json', 'head.json', '--format', 'text', '--fail-on', 'none'], { 'base.json': PARTIAL, 'head.json': UNMARKED });
    assert.equal(r.code, 2);
    assert.match(r.out, /Partial input \(what these calls would have read is unknown\):\n {2}base: partial snapshot/);
    const md = await cli(['diff', 'base.json', 'head.json', '--format', 'markdown', '--fail-on', 'none'], { 'base.json': PARTIAL, 'head.json': UNMARKED });
    assert.match(md.out, /### Input errors[\s\S]*base: partial snapshot: region eu-west-1: ec2:DescribeRouteTables/);
  });
});

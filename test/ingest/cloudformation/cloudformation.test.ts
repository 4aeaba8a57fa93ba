import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadInputs } from '../../../src/checks/pipeline/inputs.js';
import { ingestCloudFormation } from '../../../src/ingest/cloudformation/index.js';
import { solve } from '../../../src/solver/index.js';

const BIN = path.resolve('dist/src/cli/main.js');
const TEMPLATE = 'fixtures/cloudformation/three-tier/template.yaml';
/** The same endpoints under their Terraform addresses and their CloudFormation logical ids. */
const SAME: [string, string][] = [
  ['aws_instance.bastion', 'Bastion'], ['aws_lb.front', 'Front'], ['aws_db_instance.main', 'Db'],
  ['module.web.aws_instance.this[0]', 'Web0'], ['module.web.aws_instance.this[1]', 'Web1'],
  ['module.app.aws_instance.this[0]', 'App0'], ['module.app.aws_instance.this[1]', 'App1'],
];

async function exposure(p: string, vars: string[] = []): Promise<Map<string, string>> {
  const { network, diagnostics } = await loadInputs([p], { vars, varFiles: [] }, process.cwd());
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
  const sol = solve(network);
  return new Map(sol.endpoints().map((e) => {
    const x = sol.exposure(e);
    return [e.id, `${x.internet.jsonText(4)} ${x.internet6.jsonText(6)} hops=${x.hopsFromInternet}`];
  }));
}

const scan = (args: string[], cwd = process.cwd()) => {
  const r = spawnSync(process.execPath, [BIN, 'scan', ...args, '--format', 'json', '--fail-on', 'none'], { cwd, encoding: 'utf8' });
  return { code: r.status, report: JSON.parse(r.stdout) as { findings: { ruleId: string; resource: string; location: { file: string; line: number; column: number } }[]; diagnostics: { severity: string; message: string; file?: string; line?: number }[] } };
};

describe('CloudFormation', () => {
  it('the three-tier example as a template exposes exactly what the HCL exposes', async () => {
    const hcl = await exposure('fixtures/examples/three-tier');
    const cfn = await exposure(TEMPLATE);
    for (const [tf, id] of SAME) assert.equal(cfn.get(id), hcl.get(tf), `${id} vs ${tf}`);
    assert.equal(cfn.size, SAME.length);
  });

  it('the layers fixture (NACL deny, NAT route, EIP, IPv6 block, load balancer) as a template exposes what its HCL does', async () => {
    const hcl = await exposure('fixtures/exposure/layers');
    const cfn = await exposure('fixtures/cloudformation/layers/template.yaml');
    const same: [string, string][] = [
      ['aws_instance.web', 'Web'], ['aws_instance.shadowed', 'Shadowed'], ['aws_instance.private', 'PrivateHost'], ['aws_instance.nat_only', 'NatOnlyHost'],
      ['aws_instance.eip', 'EipHost'], ['aws_instance.v6', 'V6'], ['aws_lb.front', 'Front'], ['aws_instance.app', 'App'], ['aws_db_instance.main', 'Db'],
    ];
    for (const [tf, id] of same) assert.equal(cfn.get(id), hcl.get(tf), `${id} vs ${tf}`);
  });

  it('finds the same mistakes, at the template\'s lines', () => {
    const hcl = scan(['fixtures/examples/three-tier']).report.findings.map((f) => f.ruleId).sort();
    const { report } = scan([TEMPLATE]);
    assert.deepEqual(report.findings.map((f) => f.ruleId).sort(), hcl);
    const ssh = report.findings.find((f) => f.ruleId === 'ssh-open-to-internet')!;
    assert.equal(ssh.resource, 'BastionSg');
    const lines = fs.readFileSync(TEMPLATE, 'utf8').split('\n');
    assert.match(lines[ssh.location.line - 1]!, /- Description: SSH from administrators/);
    const temp = report.findings.find((f) => f.ruleId === 'sensitive-port-open')!;
    assert.match(lines[temp.location.line - 1]!, /^ {2}AppSearchTemp:/);
  });

  it('conditions, parameters and --var: a resource whose condition is false is not created', async () => {
    assert.ok(!(await exposure(TEMPLATE)).has('DebugSg'));
    const net = ingestCloudFormation(TEMPLATE, process.cwd()).network;
    assert.ok(!net.groups.some((g) => g.id === 'DebugSg'));
    const dev = ingestCloudFormation(TEMPLATE, process.cwd(), ['Environment=dev']).network;
    assert.ok(dev.groups.some((g) => g.id === 'DebugSg'), 'IsNotProd holds for Environment=dev');
    assert.equal(dev.endpoints.find((e) => e.id === 'Db')!.publicIp, true, 'PubliclyAccessible: !If [IsProd, false, true]');
    const open = ingestCloudFormation(TEMPLATE, process.cwd(), ['AdminCidr=198.51.100.0/24']).network;
    const rule = open.groups.find((g) => g.id === 'BastionSg')!.rules.find((r) => r.direction === 'ingress')!;
    assert.deepEqual(rule.peer, { kind: 'cidr4', cidr: '198.51.100.0/24' });
  });

  it('cdk synth output (JSON, Fn::GetAtt lists, Fn::Join, CDK metadata) is read with positions', () => {
    const { report } = scan(['fixtures/cloudformation/cdk']);
    const ssh = report.findings.find((f) => f.ruleId === 'ssh-open-to-internet')!;
    assert.equal(ssh.resource, 'WebSgE5F6A7B8');
    assert.equal(ssh.location.file, 'fixtures/cloudformation/cdk/Stack.template.json');
    assert.equal(ssh.location.line, 14);
    assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error'), []);
  });

  it('a YAML error or an unknown intrinsic is an error at file:line, exit 2; the other inputs are still scanned', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-cfn-'));
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties: [unclosed\n');
    fs.writeFileSync(path.join(dir, 'odd.yaml'), 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: !Frobnicate x\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 3389\n          ToPort: 3389\n          CidrIp: 0.0.0.0/0\n');
    const r = scan(['broken.yaml', 'odd.yaml'], dir);
    assert.equal(r.code, 2);
    const at = r.report.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line} ${d.message}`);
    assert.ok(at.some((d) => /^broken\.yaml:\d+ invalid template/.test(d)), at.join('\n'));
    assert.ok(at.some((d) => /^odd\.yaml:6 unknown intrinsic function Fn::Frobnicate/.test(d)), at.join('\n'));
    assert.ok(r.report.findings.some((f) => f.ruleId === 'rdp-open-to-internet'), 'the valid template is still scanned');
  });
});

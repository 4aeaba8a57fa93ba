import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ingestCloudFormation } from '../../../../src/ingest/cloudformation/index.js';
import { errors, ingest } from '../../../helpers/tf.js';

const inline = (body: string): string => `resource "aws_security_group" "g" {\n  ingress {\n${body}\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n`;
const ingressRules = (r: ReturnType<typeof ingest>): string[] => r.network.groups.flatMap((g) => g.rules.filter((x) => x.direction === 'ingress').map((x) => `${x.protocol} ${JSON.stringify(x.ports)}`));

describe('rules AWS or Terraform rejects are errors at the attribute, and open nothing', () => {
  const cases: [string, string, RegExp][] = [
    ['    protocol = "tcp"\n    from_port = 443\n    to_port = 442', 'main.tf:4:5', /^from_port 443 is greater than to_port 442; AWS rejects this rule, so it opens nothing$/],
    ['    protocol = "tcp"\n    from_port = "NaN"\n    to_port = 22', 'main.tf:4:5', /^from_port = "NaN" is not a number; Terraform rejects it \(a whole number is required\), so the rule is not read$/],
    ['    protocol = "tcp"\n    from_port = "22"\n    to_port = "twenty"', 'main.tf:5:5', /^to_port = "twenty" is not a number/],
    ['    protocol = "tcp"\n    from_port = "0x16"\n    to_port = 22', 'main.tf:4:5', /^from_port = "0x16" is not a number/],
    ['    protocol = "tcp"\n    from_port = "Infinity"\n    to_port = 22', 'main.tf:4:5', /^from_port = "Infinity" is not a number/],
    ['    protocol = "tcp"\n    from_port = 22.5\n    to_port = 23', 'main.tf:4:5', /^from_port = 22.5 is not a whole number/],
    ['    protocol = "tcp"\n    from_port = 22\n    to_port = 70000', 'main.tf:4:5', /^ports 22-70000 are outside 0-65535; AWS rejects this rule/],
    ['    protocol = "tcpx"\n    from_port = 22\n    to_port = 22', 'main.tf:3:5', /^protocol "tcpx" is not a protocol AWS accepts/],
    ['    protocol = "256"\n    from_port = 0\n    to_port = 0', 'main.tf:3:5', /^protocol "256" is not a protocol AWS accepts/],
  ];
  for (const [body, at, message] of cases) {
    it(`${body.replace(/\s+/g, ' ').trim()}: ${at}`, () => {
      const r = ingest({ 'main.tf': inline(body) });
      const e = errors(r);
      assert.equal(e.length, 1, e.join('\n'));
      assert.equal(e[0]!.slice(0, at.length), at);
      assert.match(e[0]!.slice(at.length + 2), message);
      // Before: an empty range shown as tcp/443-442, or "NaN" read as every port.
      assert.deepEqual(ingressRules(r), []);
    });
  }

  it('numbers written as strings are still numbers ("22", "1e3")', () => {
    const r = ingest({ 'main.tf': inline('    protocol = "tcp"\n    from_port = "22"\n    to_port = "1e3"') });
    assert.deepEqual(errors(r), []);
    assert.deepEqual(ingressRules(r), ['6 {"from":22,"to":1000}']);
  });

  it('aws_vpc_security_group_ingress_rule: a bad ip_protocol is an error at ip_protocol', () => {
    const r = ingest({ 'main.tf': 'resource "aws_vpc_security_group_ingress_rule" "r" {\n  security_group_id = "sg-1"\n  ip_protocol = "bogus"\n  cidr_ipv4 = "0.0.0.0/0"\n}\n' });
    assert.deepEqual(errors(r).map((e) => e.split(' is not')[0]), ['main.tf:3:3: ip_protocol "bogus"']);
  });

  it('network ACL entries: a bad protocol or a reversed range is an error, and the entry is not read', () => {
    const nacl = (body: string): string => `resource "aws_network_acl" "n" {\n  vpc_id = "vpc-1"\n  ingress {\n    rule_no = 100\n    action = "allow"\n    cidr_block = "0.0.0.0/0"\n${body}\n  }\n}\n`;
    const bad = ingest({ 'main.tf': nacl('    protocol = "bogus"\n    from_port = 0\n    to_port = 0') });
    assert.deepEqual(errors(bad).map((e) => e.split(' is not')[0]), ['main.tf:7:5: protocol "bogus"']);
    assert.deepEqual(bad.network.nacls.find((n) => n.id === 'aws_network_acl.n')!.entries, []);
    const reversed = ingest({ 'main.tf': nacl('    protocol = "tcp"\n    from_port = 90\n    to_port = 80') });
    assert.deepEqual(errors(reversed), ['main.tf:8:5: from_port 90 is greater than to_port 80; AWS rejects the entry, so it is not read']);
    const nan = ingest({ 'main.tf': nacl('    protocol = "tcp"\n    from_port = "NaN"\n    to_port = 80') });
    assert.deepEqual(errors(nan).map((e) => e.split(' is not')[0]), ['main.tf:8:5: from_port = "NaN"']);
  });

  it('CloudFormation: FromPort NaN, a reversed range and an unknown IpProtocol are errors at the rule', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-cfn-ports-'));
    const rule = (p: string, from: string, to: string): string => `        - IpProtocol: ${p}\n          FromPort: ${from}\n          ToPort: ${to}\n          CidrIp: 0.0.0.0/0\n`;
    fs.writeFileSync(path.join(dir, 't.yaml'), `Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: g\n      SecurityGroupIngress:\n${rule('tcp', 'NaN', '22')}${rule('tcp', '443', '442')}${rule('bogus', '1', '2')}${rule('tcp', '22', '22')}`);
    const r = ingestCloudFormation('t.yaml', dir);
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}: ${d.message.split(/ is | (?=rejects)/)[0]}`), ['7: from_port = "NaN"', '11: from_port 443', '15: protocol "bogus"']);
    assert.deepEqual(r.network.groups[0]!.rules.filter((x) => x.direction === 'ingress').map((x) => JSON.stringify(x.ports)), ['{"from":22,"to":22}']);
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ingestCloudFormation } from '../../../src/ingest/cloudformation/index.js';

function ingest(name: string, text: string, vars: string[] = []): ReturnType<typeof ingestCloudFormation> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-cfn-keys-'));
  fs.writeFileSync(path.join(dir, name), text);
  return ingestCloudFormation(name, dir, vars);
}
const errors = (r: ReturnType<typeof ingestCloudFormation>): string[] => r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.message}`);

const group = (id: string, cidr: string): string => `  ${id}:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: g\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: ${cidr}\n`;

describe('CloudFormation: a repeated key is an error, as CloudFormation rejects it', () => {
  it('YAML: a resource defined twice; the error is at the second and names the first line; the first is kept', () => {
    const r = ingest('t.yaml', `Resources:\n${group('Web', '10.0.0.0/8')}${group('Web', '0.0.0.0/0')}`);
    assert.deepEqual(errors(r), ['11:3 invalid template: duplicate key "Web": it is already set at line 2 of this mapping, and CloudFormation rejects a template that repeats a key']);
    assert.deepEqual(r.network.groups.flatMap((g) => g.rules.filter((x) => x.direction === 'ingress').map((x) => JSON.stringify(x.peer))), ['{"kind":"cidr4","cidr":"10.0.0.0/8"}']);
  });

  it('YAML: a repeated property inside a rule', () => {
    const r = ingest('t.yaml', `Resources:\n${group('Web', '10.0.0.0/8')}          CidrIp: 0.0.0.0/0\n`);
    assert.deepEqual(errors(r).map((e) => e.split(' it is')[0]), ['11:11 invalid template: duplicate key "CidrIp":']);
  });

  it('JSON: JSON.parse would keep the last silently; the template is rejected at the repeat', () => {
    const json = '{\n  "Resources": {\n    "Sg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "g"}},\n    "Sg": {"Type": "AWS::EC2::VPC"}\n  }\n}\n';
    const r = ingest('t.json', json);
    assert.deepEqual(errors(r).map((e) => e.split(' it is')[0]), ['4:5 invalid template: duplicate key "Sg":']);
    assert.deepEqual(r.network.groups.map((g) => g.id), ['Sg']);
  });
});

describe('CloudFormation: names that are JavaScript\'s own keys are ordinary names', () => {
  it('a resource named __proto__ is scanned like any other (it disappeared)', () => {
    const r = ingest('t.yaml', `Resources:\n${group('__proto__', '0.0.0.0/0')}${group('constructor', '0.0.0.0/0')}`);
    assert.deepEqual(errors(r), []);
    assert.deepEqual(r.network.groups.map((g) => g.id).sort(), ['__proto__', 'constructor']);
    assert.equal(r.resources, 2);
  });

  it('!Ref toString, !GetAtt X.constructor, FindInMap through prototype keys: errors or unknowns, never a function\'s text', () => {
    const r = ingest('t.yaml', [
      'Resources:',
      '  Sg:',
      '    Type: AWS::EC2::SecurityGroup',
      '    Properties:',
      '      GroupDescription: !Ref toString',
      '      GroupName: !Join ["", [!GetAtt Sg.constructor]]',
      '      VpcId: !FindInMap [constructor, name, length]',
      '',
    ].join('\n'));
    assert.deepEqual(errors(r).map((e) => e.split(',')[0]), [
      '5:30 Ref to toString',
      '7:25 Fn::FindInMap: constructor.name.length is not in Mappings',
    ]);
    const g = r.network.groups[0]!;
    for (const v of [g.description, g.name, g.vpcId]) assert.ok(v === undefined || !/function|native code/.test(String(v)), String(v));
  });

  it('a property named __proto__ does not become the prototype of the properties (and lend them a CidrIp)', () => {
    const r = ingest('t.yaml', 'Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: g\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          __proto__:\n            CidrIp: 0.0.0.0/0\n');
    assert.deepEqual(r.network.groups[0]!.rules.filter((x) => x.direction === 'ingress').map((x) => x.peer.kind), []);
  });

  it('a parameter named constructor without a default is unknown (not the Object function), with or without --var', () => {
    const text = 'Parameters:\n  constructor:\n    Type: String\nResources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: g\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: !Ref constructor\n';
    for (const vars of [[], ['toString=1']]) {
      const r = ingest('t.yaml', text, vars);
      const rule = r.network.groups[0]!.rules.find((x) => x.direction === 'ingress')!;
      assert.equal(rule.peer.kind, 'unknown');
      assert.match(rule.unknowns.join(), /parameter constructor has no default/);
    }
    const set = ingest('t.yaml', text, ['constructor=10.1.0.0/16']);
    assert.deepEqual(set.network.groups[0]!.rules.find((x) => x.direction === 'ingress')!.peer, { kind: 'cidr4', cidr: '10.1.0.0/16' });
  });
});

describe('CloudFormation: a mapping where a name or a number belongs is judged, never coerced', () => {
  // Template mappings have no prototype (their keys are data), so String() or Number() of one throws.
  it('a mapping as IpProtocol, Ref, Fn::Select index, Fn::GetAtt part, Condition or DeviceIndex: no exception, the rest read', () => {
    const text = [
      'Conditions:',
      '  Prod: !Equals [a, a]',
      'Resources:',
      '  Web:',
      '    Type: AWS::EC2::SecurityGroup',
      '    Condition: { Nested: 1 }',
      '    Properties:',
      '      GroupDescription: g',
      '      SecurityGroupIngress:',
      '        - IpProtocol: { x: 1 }',
      '          FromPort: 22',
      '          ToPort: 22',
      '          CidrIp: !Select [{ i: 0 }, [0.0.0.0/0]]',
      '        - IpProtocol: tcp',
      '          FromPort: 443',
      '          ToPort: 443',
      '          CidrIp: 0.0.0.0/0',
      '  Ref1:',
      '    Type: AWS::EC2::SecurityGroupIngress',
      '    Properties:',
      '      GroupId: { Ref: { a: 1 } }',
      '      IpProtocol: tcp',
      '      FromPort: 80',
      '      ToPort: 80',
      '      SourceSecurityGroupId: !GetAtt [{ a: 1 }, GroupId]',
      '  Box:',
      '    Type: AWS::EC2::Instance',
      '    Properties:',
      '      NetworkInterfaces:',
      '        - DeviceIndex: { a: 1 }',
      '          GroupSet: [!Ref Web]',
      '',
    ].join('\n');
    const r = ingest('t.yaml', text);
    assert.ok(errors(r).some((e) => e.startsWith('6:') && /Condition must be the name of a condition/.test(e)), errors(r).join('\n'));
    const web = r.network.groups.find((g) => g.address === 'Web');
    assert.ok(web?.rules.some((x) => x.direction === 'ingress' && x.ports?.from === 443), 'the valid rule of the group is still read');
  });
});

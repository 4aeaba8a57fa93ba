import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errors, ingest } from '../../../helpers/tf.js';

const rule = (body: string): string => `resource "aws_security_group" "g" {\n  ingress {\n${body}\n  }\n}\n`;

describe('mapping: security group rules', () => {
  it('Terraform drops AWS default egress: a group without egress blocks has no egress rule', () => {
    const r = ingest({ 'main.tf': 'resource "aws_security_group" "g" {}\n' });
    assert.equal(r.network.groups[0]!.rules.length, 0);
  });

  it('protocol -1, "all", names and numbers; ports for -1 and non-port protocols are "all"', () => {
    const cases: [string, number, unknown][] = [
      ['protocol = "-1"\nfrom_port = 0\nto_port = 0', -1, null], ['protocol = "all"\nfrom_port = 0\nto_port = 0', -1, null],
      ['protocol = "tcp"\nfrom_port = 22\nto_port = 22', 6, { from: 22, to: 22 }], ['protocol = "6"\nfrom_port = 80\nto_port = 81', 6, { from: 80, to: 81 }],
      ['protocol = "UDP"\nfrom_port = 53\nto_port = 53', 17, { from: 53, to: 53 }], ['protocol = 50\nfrom_port = 0\nto_port = 0', 50, null],
      ['protocol = "tcp"\nfrom_port = 0\nto_port = 0', 6, { from: 0, to: 0 }],
    ];
    for (const [body, proto, ports] of cases) {
      const r = ingest({ 'main.tf': rule(`${body}\ncidr_blocks = ["10.0.0.0/8"]`) });
      const x = r.network.groups[0]!.rules[0]!;
      assert.equal(x.protocol, proto, body);
      assert.deepEqual(x.ports, ports, body);
    }
  });

  it('icmp keeps type/code', () => {
    const r = ingest({ 'main.tf': rule('protocol = "icmp"\nfrom_port = 8\nto_port = 0\ncidr_blocks = ["10.0.0.0/8"]') });
    assert.deepEqual(r.network.groups[0]!.rules[0]!.icmp, { type: 8, code: 0 });
  });

  it('one model rule per peer: IPv4, IPv6, prefix list, group, self', () => {
    const r = ingest({ 'main.tf': rule('protocol = "tcp"\nfrom_port = 443\nto_port = 443\ncidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"]\nipv6_cidr_blocks = ["::/0"]\nprefix_list_ids = ["pl-123"]\nsecurity_groups = ["sg-0abc"]\nself = true') });
    assert.deepEqual(r.network.groups[0]!.rules.map((x) => x.peer), [
      { kind: 'cidr4', cidr: '10.0.0.0/8' }, { kind: 'cidr4', cidr: '0.0.0.0/0' }, { kind: 'cidr6', cidr: '::/0' },
      { kind: 'prefixList', id: 'pl-123' }, { kind: 'group', groupId: 'sg-0abc' }, { kind: 'group', groupId: 'aws_security_group.g' },
    ]);
  });

  it('aws_security_group_rule and aws_vpc_security_group_*_rule attach to their group; unknown groups get a stub', () => {
    const r = ingest({
      'main.tf': 'resource "aws_security_group" "g" {}\nresource "aws_security_group_rule" "r" {\n  type = "ingress"\n  security_group_id = aws_security_group.g.id\n  protocol = "tcp"\n  from_port = 22\n  to_port = 22\n  source_security_group_id = "sg-peer"\n}\nresource "aws_vpc_security_group_ingress_rule" "v" {\n  security_group_id = aws_security_group.g.id\n  ip_protocol = "-1"\n  cidr_ipv6 = "::/0"\n}\nresource "aws_vpc_security_group_egress_rule" "e" {\n  security_group_id = "sg-existing"\n  ip_protocol = "tcp"\n  from_port = 443\n  to_port = 443\n  cidr_ipv4 = "0.0.0.0/0"\n}\n',
    });
    assert.deepEqual(errors(r), []);
    const g = r.network.groups.find((x) => x.id === 'aws_security_group.g')!;
    assert.deepEqual(g.rules.map((x) => `${x.key} ${x.direction} ${x.protocol} ${JSON.stringify(x.peer)} @${x.origin.line}`), [
      'aws_security_group_rule.r ingress 6 {"kind":"group","groupId":"sg-peer"} @2',
      'aws_vpc_security_group_ingress_rule.v ingress -1 {"kind":"cidr6","cidr":"::/0"} @10',
    ]);
    const stub = r.network.groups.find((x) => x.id === 'sg-existing')!;
    assert.equal(stub.external, true);
    assert.equal(stub.rules[0]!.direction, 'egress');
  });

  it('reversed ports and bad CIDRs are errors (AWS rejects them) that say what AWS does', () => {
    const reversed = ingest({ 'main.tf': rule('protocol = "tcp"\nfrom_port = 3306\nto_port = 22\ncidr_blocks = ["10.0.0.0/8"]') });
    assert.deepEqual(errors(reversed), ['main.tf:4:1: from_port 3306 is greater than to_port 22; AWS rejects this rule, so it opens nothing']);
    assert.deepEqual(reversed.network.groups[0]!.rules, []);
    const r = ingest({ 'main.tf': rule('protocol = "tcp"\nfrom_port = 22\nto_port = 22\ncidr_blocks = ["10.0.0.0/8", "not-a-cidr"]') });
    assert.ok(errors(r).some((m) => /"not-a-cidr" is not a CIDR block/.test(m)));
  });
});

describe('mapping: network and compute resources', () => {
  const files = {
    'main.tf': `resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\nresource "aws_internet_gateway" "igw" {\n  vpc_id = aws_vpc.v.id\n}\nresource "aws_subnet" "pub" {\n  vpc_id = aws_vpc.v.id\n  cidr_block = "10.0.1.0/24"\n  map_public_ip_on_launch = true\n}\nresource "aws_subnet" "priv" {\n  vpc_id = aws_vpc.v.id\n  cidr_block = "10.0.2.0/24"\n}\nresource "aws_route_table" "pub" {\n  vpc_id = aws_vpc.v.id\n  route {\n    cidr_block = "0.0.0.0/0"\n    gateway_id = aws_internet_gateway.igw.id\n  }\n}\nresource "aws_route_table_association" "pub" {\n  subnet_id = aws_subnet.pub.id\n  route_table_id = aws_route_table.pub.id\n}\nresource "aws_network_acl" "n" {\n  vpc_id = aws_vpc.v.id\n  subnet_ids = [aws_subnet.priv.id]\n  ingress {\n    rule_no = 100\n    action = "deny"\n    protocol = "tcp"\n    cidr_block = "0.0.0.0/0"\n    from_port = 22\n    to_port = 22\n  }\n}\nresource "aws_network_acl_rule" "r" {\n  network_acl_id = aws_network_acl.n.id\n  rule_number = 200\n  egress = true\n  protocol = "-1"\n  rule_action = "allow"\n  cidr_block = "0.0.0.0/0"\n}\nresource "aws_security_group" "web" {\n  vpc_id = aws_vpc.v.id\n}\nresource "aws_instance" "web" {\n  subnet_id = aws_subnet.pub.id\n  vpc_security_group_ids = [aws_security_group.web.id]\n}\nresource "aws_instance" "nogroup" {\n  subnet_id = aws_subnet.priv.id\n}\nresource "aws_instance" "eip" {\n  subnet_id = aws_subnet.priv.id\n  vpc_security_group_ids = [aws_security_group.web.id]\n}\nresource "aws_eip" "e" {\n  instance = aws_instance.eip.id\n}\nresource "aws_lb" "alb" {\n  security_groups = [aws_security_group.web.id]\n  subnets = [aws_subnet.pub.id]\n}\nresource "aws_lb_target_group" "tg" {\n  port = 8080\n}\nresource "aws_lb_listener" "l" {\n  load_balancer_arn = aws_lb.alb.arn\n  port = 443\n  protocol = "HTTPS"\n  default_action {\n    type = "forward"\n    target_group_arn = aws_lb_target_group.tg.arn\n  }\n}\nresource "aws_lb_target_group_attachment" "a" {\n  target_group_arn = aws_lb_target_group.tg.arn\n  target_id = aws_instance.web.id\n}\n`,
  };
  it('VPCs get AWS defaults (default group, default NACL, main route table); routes and NACLs map', () => {
    const r = ingest(files);
    assert.deepEqual(errors(r), []);
    const n = r.network;
    const def = n.groups.find((g) => g.id === 'aws_vpc.v/default-security-group')!;
    assert.equal(def.isDefault, true);
    assert.deepEqual(def.rules.map((x) => `${x.direction} ${JSON.stringify(x.peer)}`), ['ingress {"kind":"group","groupId":"aws_vpc.v/default-security-group"}', 'egress {"kind":"cidr4","cidr":"0.0.0.0/0"}']);
    const rt = n.routeTables.find((t) => t.id === 'aws_route_table.pub')!;
    assert.deepEqual(rt.routes.map((x) => `${x.destination} ${x.targetKind}`), ['0.0.0.0/0 internet-gateway']);
    assert.deepEqual(rt.subnetIds, ['aws_subnet.pub']);
    const nacl = n.nacls.find((x) => x.id === 'aws_network_acl.n')!;
    assert.deepEqual(nacl.entries.map((e) => `${e.ruleNumber} ${e.egress ? 'out' : 'in'} ${e.action} ${e.protocol}`), ['100 in deny 6', '200 out allow -1']);
    assert.ok(n.nacls.some((x) => x.id === 'aws_vpc.v/default-network-acl' && x.isDefault));
  });
  it('instances: subnet default public IP, default group when none, EIPs; load balancers with listeners and targets', () => {
    const n = ingest(files).network;
    const e = (id: string) => n.endpoints.find((x) => x.id === id)!;
    assert.equal(e('aws_instance.web').publicIp, true, 'map_public_ip_on_launch');
    assert.deepEqual(e('aws_instance.nogroup').groupIds, ['aws_vpc.v/default-security-group']);
    assert.equal(e('aws_instance.nogroup').publicIp, false);
    assert.equal(e('aws_instance.eip').publicIp, true, 'EIP');
    const lb = e('aws_lb.alb');
    assert.equal(lb.internetFacing, true);
    assert.deepEqual(lb.listeners, [{ protocol: 'HTTPS', port: 443 }]);
    assert.deepEqual(lb.targets, [{ endpointId: 'aws_instance.web', port: 8080 }]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinRules } from '../../rules/index.js';
import { runRules } from '../../src/checks/run.js';
import { ingestTerraform } from '../../src/ingest/terraform/index.js';
import { tempTree } from '../helpers/tf.js';

/**
 * The peers' known false positives must not happen and their known false negatives must be
 * caught. Each case names the peer issue it pins down; `fires`
 * lists rules that must report, `silent` rules that must not.
 */
interface Case {
  peer: string;
  tf: string;
  fires?: string[];
  silent: string[];
}

const sg = (body: string, extra = ''): string => `resource "aws_security_group" "g" {\n  name        = "g"\n  description = "group"\n  vpc_id      = "vpc-12345678"\n${body}\n}\n${extra}`;
const ingress = (attrs: string): string => `  ingress {\n${attrs}\n  }`;
const WORLD = ['ssh-open-to-internet', 'rdp-open-to-internet', 'all-ports-open-to-internet', 'all-protocols-open-to-internet', 'sensitive-port-open', 'unauthorized-port-open-to-internet'];

const CASES: Case[] = [
  {
    peer: 'Checkov #6624: a rule with referenced_security_group_id is not open to the world',
    tf: sg('', `resource "aws_security_group" "lb" {\n  description = "lb"\n  vpc_id = "vpc-12345678"\n}\nresource "aws_vpc_security_group_ingress_rule" "r" {\n  security_group_id            = aws_security_group.g.id\n  ip_protocol                  = "tcp"\n  from_port                    = 80\n  to_port                      = 80\n  referenced_security_group_id = aws_security_group.lb.id\n}\n`),
    silent: WORLD,
  },
  {
    peer: 'Checkov fixture aws_vpc_security_group_ingress_rule.fail2: a rule with no source allows nothing',
    tf: sg('', `resource "aws_vpc_security_group_ingress_rule" "r" {\n  security_group_id = aws_security_group.g.id\n  ip_protocol       = "tcp"\n  from_port         = 22\n  to_port           = 22\n}\n`),
    silent: WORLD,
  },
  {
    peer: 'Checkov: the singular prefix_list_id of the new rule resource is a source, not "open"',
    tf: sg('', `resource "aws_vpc_security_group_ingress_rule" "r" {\n  security_group_id = aws_security_group.g.id\n  ip_protocol       = "tcp"\n  from_port         = 22\n  to_port           = 22\n  prefix_list_id    = "pl-12345678"\n}\n`),
    silent: WORLD,
  },
  {
    peer: 'Checkov #6073: self = true does not hide 0.0.0.0/0 in the same block',
    tf: sg(ingress('    from_port = 22\n    to_port = 22\n    protocol = "tcp"\n    self = true\n    cidr_blocks = ["0.0.0.0/0"]')),
    fires: ['ssh-open-to-internet'],
    silent: [],
  },
  {
    peer: 'Checkov: ip_protocol = "-1" with no ports on the new rule resource is all traffic (a false negative there)',
    tf: sg('', `resource "aws_vpc_security_group_ingress_rule" "r" {\n  security_group_id = aws_security_group.g.id\n  ip_protocol       = "-1"\n  cidr_ipv4         = "0.0.0.0/0"\n}\n`),
    fires: ['all-protocols-open-to-internet'],
    silent: [],
  },
  {
    peer: 'cdk-nag EC2RestrictedCommonPorts: protocol -1 from a private range is not open to the internet',
    tf: sg(ingress('    from_port = 0\n    to_port = 0\n    protocol = "-1"\n    cidr_blocks = ["10.0.0.0/16"]')),
    silent: WORLD,
  },
  {
    peer: 'Trivy #7455: a public /29 on 443 is not "open to the internet"',
    tf: sg('', `resource "aws_vpc_security_group_ingress_rule" "r" {\n  security_group_id = aws_security_group.g.id\n  ip_protocol       = "tcp"\n  from_port         = 443\n  to_port           = 443\n  cidr_ipv4         = "3.251.148.96/29"\n}\n`),
    silent: [...WORLD, 'wide-public-range-allowed', 'sensitive-port-open-to-small-public-range'],
  },
  {
    peer: 'Trivy #7267: a /23 is a wide public range (medium), not a world-open rule',
    tf: sg(ingress('    from_port = 443\n    to_port = 443\n    protocol = "tcp"\n    cidr_blocks = ["52.94.0.0/23"]')),
    fires: ['wide-public-range-allowed'],
    silent: WORLD,
  },
  {
    peer: 'Trivy AWS-0107 since 2024-09: 0.0.0.0/0 on 5432 is no longer reported there (a false negative); it is here',
    tf: sg(ingress('    from_port = 5432\n    to_port = 5432\n    protocol = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]')),
    fires: ['sensitive-port-open'],
    silent: [],
  },
  {
    peer: 'Trivy #8184 / #8169: a CIDR from a variable with a restrictive default is evaluated',
    tf: `variable "office" {\n  default = "198.51.100.0/24"\n}\n${sg(ingress('    from_port = 22\n    to_port = 22\n    protocol = "tcp"\n    cidr_blocks = [var.office]'))}`,
    silent: WORLD,
  },
  {
    peer: 'Prowler #4936: an egress-only group gets no ingress findings',
    tf: sg('  egress {\n    from_port = 443\n    to_port = 443\n    protocol = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }'),
    silent: [...WORLD, 'ingress-from-public-address'],
  },
  {
    peer: 'Prowler #2442 / #5172, KICS #7310: a load balancer group open on 80/443 is not noise',
    tf: sg(`${ingress('    from_port = 80\n    to_port = 80\n    protocol = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]')}\n${ingress('    from_port = 443\n    to_port = 443\n    protocol = "tcp"\n    ipv6_cidr_blocks = ["::/0"]')}`),
    silent: WORLD,
  },
  {
    peer: 'tfsec #118 / #128: dynamic and repeated ingress blocks are all read',
    tf: `locals {\n  ports = [22, 3389]\n}\n${sg(`  dynamic "ingress" {\n    for_each = local.ports\n    content {\n      from_port = ingress.value\n      to_port = ingress.value\n      protocol = "tcp"\n      cidr_blocks = ["0.0.0.0/0"]\n    }\n  }`)}`,
    fires: ['ssh-open-to-internet', 'rdp-open-to-internet'],
    silent: [],
  },
  {
    peer: 'KICS single-vs-list: a second ingress block is not skipped',
    tf: sg(`${ingress('    from_port = 443\n    to_port = 443\n    protocol = "tcp"\n    cidr_blocks = ["10.0.0.0/8"]')}\n${ingress('    from_port = 3306\n    to_port = 3306\n    protocol = "tcp"\n    cidr_blocks = ["203.0.113.0/27"]')}`),
    fires: ['sensitive-port-open-to-small-public-range'],
    silent: [],
  },
  {
    peer: 'Trivy #6764: aws_vpc_security_group_ingress_rule is read (a false negative until mid-2024)',
    tf: sg('', `resource "aws_vpc_security_group_ingress_rule" "r" {\n  security_group_id = aws_security_group.g.id\n  ip_protocol       = "tcp"\n  from_port         = 3389\n  to_port           = 3389\n  cidr_ipv6         = "::/0"\n}\n`),
    fires: ['rdp-open-to-internet'],
    silent: [],
  },
  {
    peer: 'Trivy: inline NACL blocks are read (Trivy builds NACLs only from aws_network_acl_rule); Trivy #3283: denies are not "excessive"',
    tf: `resource "aws_network_acl" "n" {\n  vpc_id = "vpc-12345678"\n  subnet_ids = ["subnet-1"]\n  ingress {\n    rule_no = 10\n    action = "deny"\n    protocol = "-1"\n    from_port = 0\n    to_port = 0\n    cidr_block = "0.0.0.0/0"\n  }\n  ingress {\n    rule_no = 100\n    action = "allow"\n    protocol = "tcp"\n    from_port = 22\n    to_port = 22\n    cidr_block = "0.0.0.0/0"\n  }\n}\n`,
    fires: ['nacl-entry-redundant'],
    silent: ['nacl-allows-all-traffic', 'nacl-admin-port-open-to-internet'],
  },
  {
    peer: 'KICS NACL queries match only protocol "tcp": protocol "6" and "-1" count here',
    tf: `resource "aws_network_acl" "n" {\n  vpc_id = "vpc-12345678"\n  subnet_ids = ["subnet-1"]\n  ingress {\n    rule_no = 100\n    action = "allow"\n    protocol = "6"\n    from_port = 22\n    to_port = 22\n    cidr_block = "0.0.0.0/0"\n  }\n}\n`,
    fires: ['nacl-admin-port-open-to-internet'],
    silent: [],
  },
  {
    peer: 'Checkov CKV2_AWS_5 #1176/#1203/#1438: a group used by a module or an unmapped resource type is in use',
    tf: `${sg('')}resource "aws_dms_replication_instance" "d" {\n  replication_instance_id = "d"\n  replication_instance_class = "dms.t3.micro"\n  vpc_security_group_ids = [aws_security_group.g.id]\n}\n`,
    silent: ['unused-security-group'],
  },
  {
    peer: 'KICS ec2_instance_using_default_security_group: "default" in a group name is not the default group',
    tf: `resource "aws_security_group" "default_web" {\n  name = "default-web"\n  description = "web"\n  vpc_id = "vpc-12345678"\n}\nresource "aws_instance" "i" {\n  ami = "ami-1"\n  instance_type = "t3.micro"\n  subnet_id = "subnet-1"\n  vpc_security_group_ids = [aws_security_group.default_web.id]\n}\n`,
    silent: ['default-security-group-in-use'],
  },
  {
    peer: 'Prowler / Huawei: an empty remote means any source (reported), unlike AWS',
    tf: `resource "huaweicloud_networking_secgroup" "h" {\n  name = "h"\n  description = "h"\n}\nresource "huaweicloud_networking_secgroup_rule" "r" {\n  security_group_id = huaweicloud_networking_secgroup.h.id\n  direction = "ingress"\n  ethertype = "IPv4"\n  protocol = "tcp"\n  ports = "22"\n}\n`,
    fires: ['implicit-any-source', 'ssh-open-to-internet'],
    silent: [],
  },
];

describe('peer false positives and false negatives (regressions)', () => {
  for (const c of CASES) {
    it(c.peer, () => {
      const dir = tempTree({ 'main.tf': c.tf });
      const result = ingestTerraform(dir, { vars: [], varFiles: [] });
      assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
      const fired = new Set(runRules(result.network, builtinRules).findings.map((f) => f.ruleId));
      for (const id of c.fires ?? []) assert.ok(fired.has(id), `${id} must fire; fired: ${[...fired].join(', ')}`);
      for (const id of c.silent) assert.ok(!fired.has(id), `${id} must not fire`);
    });
  }
});

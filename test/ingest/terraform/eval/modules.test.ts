import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errors, ingest } from '../../../helpers/tf.js';

const sg = (name: string, extra = ''): string => `resource "aws_security_group" "${name}" {\n  name = "${name}"\n${extra}}\n`;

describe('evaluator: count, for_each, dynamic, modules', () => {
  it('count and for_each (map and set) produce indexed and keyed addresses', () => {
    const r = ingest({
      'main.tf': `${sg('single')}resource "aws_security_group" "counted" {\n  count = 2\n  name = "c\${count.index}"\n}\nresource "aws_security_group" "by_map" {\n  for_each = { a = 22, b = 443 }\n  name = "m-\${each.key}-\${each.value}"\n}\nresource "aws_security_group" "by_set" {\n  for_each = toset(["x", "y"])\n  name = each.value\n}\n`,
    });
    assert.deepEqual(errors(r), []);
    assert.deepEqual(r.network.groups.map((g) => `${g.id}=${g.name}`).sort(), [
      'aws_security_group.by_map["a"]=m-a-22', 'aws_security_group.by_map["b"]=m-b-443', 'aws_security_group.by_set["x"]=x', 'aws_security_group.by_set["y"]=y',
      'aws_security_group.counted[0]=c0', 'aws_security_group.counted[1]=c1', 'aws_security_group.single=single',
    ]);
  });

  it('dynamic blocks expand per element with the iterator (and a custom iterator name)', () => {
    const r = ingest({
      'main.tf': `variable "ports" {\n  default = [22, 443]\n}\nresource "aws_security_group" "d" {\n  dynamic "ingress" {\n    for_each = var.ports\n    content {\n      from_port   = ingress.value\n      to_port     = ingress.value\n      protocol    = "tcp"\n      cidr_blocks = ["10.0.\${ingress.key}.0/24"]\n    }\n  }\n  dynamic "egress" {\n    for_each = { https = 443 }\n    iterator = rule\n    content {\n      description = rule.key\n      from_port   = rule.value\n      to_port     = rule.value\n      protocol    = "tcp"\n      cidr_blocks = ["0.0.0.0/0"]\n    }\n  }\n}\n`,
    });
    assert.deepEqual(errors(r), []);
    const g = r.network.groups[0]!;
    assert.deepEqual(g.rules.map((x) => `${x.direction} ${x.ports?.from} ${(x.peer as { cidr: string }).cidr} ${x.description ?? ''} line ${x.origin.line}`), [
      'ingress 22 10.0.0.0/24  line 7', 'ingress 443 10.0.1.0/24  line 7', 'egress 443 0.0.0.0/0 https line 17',
    ]);
  });

  it('references between resources resolve: rule -> group, instance -> group, mutual references without a cycle', () => {
    const r = ingest({
      'main.tf': `${sg('a', '  ingress {\n    from_port = 1\n    to_port = 1\n    protocol = "tcp"\n    security_groups = [aws_security_group.b.id]\n  }\n')}${sg('b', '  ingress {\n    from_port = 2\n    to_port = 2\n    protocol = "tcp"\n    security_groups = [aws_security_group.a.id]\n  }\n')}resource "aws_instance" "i" {\n  vpc_security_group_ids = [aws_security_group.a.id]\n}\n`,
    });
    assert.deepEqual(errors(r), []);
    assert.deepEqual(r.network.groups.find((g) => g.id === 'aws_security_group.a')!.rules[0]!.peer, { kind: 'group', groupId: 'aws_security_group.b' });
    assert.deepEqual(r.network.endpoints[0]!.groupIds, ['aws_security_group.a']);
  });

  it('local modules: inputs, outputs, nesting, count; addresses carry the module path', () => {
    const r = ingest({
      'main.tf': 'module "net" {\n  source = "./modules/net"\n  port   = 5432\n}\nmodule "many" {\n  source = "./modules/net"\n  count  = 2\n  port   = 80 + count.index\n}\nresource "aws_instance" "db" {\n  vpc_security_group_ids = [module.net.group_id]\n}\n',
      'modules/net/main.tf': 'variable "port" {}\nmodule "inner" {\n  source = "../inner"\n  port   = var.port\n}\noutput "group_id" {\n  value = module.inner.id\n}\n',
      'modules/inner/main.tf': 'variable "port" {\n  type = number\n}\nresource "aws_security_group" "this" {\n  ingress {\n    from_port   = var.port\n    to_port     = var.port\n    protocol    = "tcp"\n    cidr_blocks = ["10.0.0.0/8"]\n  }\n}\noutput "id" {\n  value = aws_security_group.this.id\n}\n',
    });
    assert.deepEqual(errors(r), []);
    assert.deepEqual(r.network.groups.map((g) => `${g.id}:${g.rules[0]!.ports!.from}`).sort(), [
      'module.many[0].module.inner.aws_security_group.this:80', 'module.many[1].module.inner.aws_security_group.this:81', 'module.net.module.inner.aws_security_group.this:5432',
    ]);
    assert.deepEqual(r.network.endpoints[0]!.groupIds, ['module.net.module.inner.aws_security_group.this']);
    assert.equal(r.network.groups[0]!.origin.file, 'modules/inner/main.tf');
  });

  it('a module source outside the module root is an error; nothing outside is read', () => {
    const r = ingest({ 'app/main.tf': 'module "x" {\n  source = "../../../etc"\n}\n' });
    const e = errors(r);
    assert.equal(e.length, 1);
    assert.match(e[0]!, /^app\/main\.tf:2:12: module "x": "..\/..\/..\/etc" resolves to \/etc, outside the module root \//);
  });

  it('a remote module is a warning and its outputs are unknown, never a crash', () => {
    const r = ingest({ 'main.tf': 'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.0.0"\n}\nresource "aws_security_group" "a" {\n  vpc_id = module.vpc.vpc_id\n  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = "tcp"\n    cidr_blocks = [module.vpc.vpc_cidr_block]\n  }\n}\n' });
    assert.deepEqual(errors(r), []);
    assert.ok(r.diagnostics.some((d) => d.severity === 'warning' && /not a local path, and it is not installed: run terraform init in \. .*or use --download-modules; its resources are not scanned/.test(d.message)));
    const rule = r.network.groups[0]!.rules[0]!;
    assert.equal(rule.peer.kind, 'unknown');
    assert.ok(r.diagnostics.some((d) => /may be open to the internet/.test(d.message)));
  });

  it('a syntax error in one file does not stop the others', () => {
    const r = ingest({ 'bad.tf': 'resource "aws_security_group" "x" {\n  name = \n}\n', 'good.tf': sg('ok') });
    assert.deepEqual(errors(r), ['bad.tf:2:10: expected an expression, found end of line']);
    assert.deepEqual(r.network.groups.map((g) => g.id), ['aws_security_group.ok']);
  });

  it('file() reads inside the root and refuses to leave it', () => {
    const r = ingest({ 'cidrs.txt': '192.0.2.0/24', 'main.tf': 'locals {\n  c = trimspace(file("${path.module}/cidrs.txt"))\n  bad = file("/etc/passwd")\n}\nresource "aws_security_group" "a" {\n  ingress {\n    from_port = 1\n    to_port = 1\n    protocol = "tcp"\n    cidr_blocks = [local.c]\n  }\n}\n' });
    assert.equal((r.network.groups[0]!.rules[0]!.peer as { cidr: string }).cidr, '192.0.2.0/24');
    // local.bad is never referenced, so it is never evaluated: Terraform semantics, lazily.
    assert.deepEqual(errors(r), []);
  });
});

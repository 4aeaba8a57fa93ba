import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errors, ingest } from '../../../helpers/tf.js';

const open22 = 'resource "aws_security_group" "ssh" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n';

describe('module calls that recurse', () => {
  it('a module calling itself is an error at its source; the rest of the root is scanned', () => {
    const r = ingest({ 'main.tf': 'module "me" {\n  source = "./"\n}\n', 'sg.tf': open22 });
    assert.deepEqual(errors(r), ['main.tf:2:12: module "me": module calls form a cycle (. -> .); a module cannot call itself, directly or through other modules']);
    assert.deepEqual(r.network.groups.map((g) => g.id), ['aws_security_group.ssh']);
  });

  it('two modules calling each other: the cycle is named at the call that closes it', () => {
    const r = ingest({
      'main.tf': 'module "a" {\n  source = "./a"\n}\n',
      'a/main.tf': `module "b" {\n  source = "../b"\n}\n${open22}`,
      'b/main.tf': 'module "a" {\n  source = "../a"\n}\n',
    });
    assert.deepEqual(errors(r), ['b/main.tf:2:12: module "a": module calls form a cycle (a -> b -> a); a module cannot call itself, directly or through other modules']);
    assert.deepEqual(r.network.groups.map((g) => g.id), ['module.a.aws_security_group.ssh']);
  });

  it('modules that only call each other, with no root above them, are still scanned and reported', () => {
    const r = ingest({ 'a/main.tf': `module "b" {\n  source = "../b"\n}\n${open22}`, 'b/main.tf': 'module "a" {\n  source = "../a"\n}\n' });
    assert.deepEqual(errors(r), ['b/main.tf:2:12: module "a": module calls form a cycle (a -> b -> a); a module cannot call itself, directly or through other modules']);
    assert.deepEqual(r.network.groups.map((g) => g.id), ['aws_security_group.ssh']);
  });

  it('a template that renders itself with templatefile is Terraform’s error, in the template, naming the call', () => {
    const r = ingest({ 'main.tf': 'resource "aws_security_group" "t" {\n  description = templatefile("t.tpl", {})\n}\n', 't.tpl': 'x ${templatefile("t.tpl", {})}' });
    assert.deepEqual(errors(r), ['t.tpl:1:5: templatefile: cannot recursively call templatefile from inside another template function (in the template rendered by templatefile() at main.tf:2:17)']);
  });
});

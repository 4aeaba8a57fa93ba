import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHcl } from '../../../../src/ingest/terraform/hcl/index.js';
import { errors, ingest } from '../../../helpers/tf.js';

const at = (text: string): string[] => {
  const r = parseHcl('f.tf', text);
  return r.errors.map((e) => {
    const p = r.file.position(e.offset);
    return `${p.line}:${p.column} ${e.message}`;
  });
};

describe('an argument set twice in one body is an error, as in Terraform ("Attribute redefined")', () => {
  it('the error is at the second, names the first, and the first value stays', () => {
    const text = 'locals {\n  a = 1\n  b = 2\n  a = 3\n}\n';
    assert.deepEqual(at(text), ['4:3 attribute redefined: the argument "a" was already set at line 2, column 3; each argument may be set only once']);
    const attrs = parseHcl('f.tf', text).body.blocks[0]!.body.attributes;
    assert.deepEqual(attrs.map((a) => a.name), ['a', 'b']);
    assert.equal((attrs[0]!.expr as { v: unknown }).v, 1);
  });

  it('every repeat is reported, in nested blocks too, and names that look like JavaScript\'s own keys are plain names', () => {
    const text = 'resource "x" "y" {\n  __proto__ = 1\n  __proto__ = 2\n  inner {\n    toString = 1\n    toString = 2\n    toString = 3\n  }\n}\n';
    assert.deepEqual(at(text).map((e) => e.split(' attribute')[0]), ['3:3', '6:5', '7:5']);
  });

  it('the same name in different blocks, or as a block type and an argument, is not a repeat', () => {
    assert.deepEqual(at('a {\n  x = 1\n}\nb {\n  x = 1\n}\nx = 1\nx {\n}\n'), []);
  });

  it('a syntax error later in the file does not hide the repeat', () => {
    assert.deepEqual(at('locals {\n  a = 1\n  a = 2\n}\nresource "x" "y" {\n  b = \n}\n').map((e) => e.slice(0, 4)), ['3:3 ', '6:7 ']);
  });

  it('a security group whose ingress sets cidr_blocks twice: an error at the second (it was silently the one read)', () => {
    const r = ingest({
      'main.tf': 'resource "aws_security_group" "g" {\n  ingress {\n    protocol = "tcp"\n    from_port = 22\n    to_port = 22\n    cidr_blocks = ["10.0.0.0/8"]\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n',
    });
    assert.deepEqual(errors(r), [`main.tf:7:5: attribute redefined: the argument "cidr_blocks" was already set at line 6, column 5; each argument may be set only once`]);
  });
});

describe('variable files: a name set twice is an error, as in Terraform', () => {
  const main = 'variable "v" {\n  type = any\n}\n';
  it('terraform.tfvars', () => {
    const r = ingest({ 'main.tf': main, 'terraform.tfvars': 'v = 1\nv = 2\n' });
    assert.deepEqual(errors(r), ['terraform.tfvars:2:1: attribute redefined: the argument "v" was already set at line 1, column 1; each argument may be set only once']);
  });

  it('*.auto.tfvars.json: a repeated variable and a repeated key inside a value (JSON.parse kept the last silently)', () => {
    const r = ingest({ 'main.tf': main, 'a.auto.tfvars.json': '{\n  "v": {"k": 1, "k": 2},\n  "v": 3\n}\n' });
    assert.deepEqual(errors(r), [
      'a.auto.tfvars.json:2:17: duplicate object attribute: an attribute named "k" was already defined at line 2, column 9',
      'a.auto.tfvars.json:3:3: duplicate attribute definition: the argument "v" was already set at line 2, column 3',
    ]);
  });

  it('a JSON variables file that is not an object is an error, not variables named "0", "1"...', () => {
    const r = ingest({ 'main.tf': main, 'a.auto.tfvars.json': '\n"ab"\n' });
    assert.deepEqual(errors(r), ['a.auto.tfvars.json:2:1: a variables file in JSON must be one object of variable names to values']);
  });

  it('keys of a JSON value are data: lookup of "toString" finds nothing, "__proto__" is an ordinary key', () => {
    const r = ingest({
      'main.tf': `${main}resource "aws_security_group" "g" {\n  name = lookup(var.v, "toString", "absent")\n  description = var.v["__proto__"]\n}\n`,
      'a.auto.tfvars.json': '{"v": {"__proto__": "kept"}}',
    });
    assert.deepEqual(errors(r), []);
    const g = r.network.groups.find((x) => x.id === 'aws_security_group.g')!;
    assert.equal(g.name, 'absent');
    assert.equal(g.description, 'kept');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHcl, type Expr } from '../../../../src/ingest/terraform/hcl/index.js';

const pos = (text: string, offset: number): string => {
  const r = parseHcl('f.tf', text);
  const p = r.file.position(offset);
  return `${p.line}:${p.column}`;
};

describe('HCL parser: positions', () => {
  it('every block, attribute and expression knows its line and column', () => {
    const text = 'resource "aws_security_group" "a" {\n  ingress {\n    from_port = 22\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n';
    const r = parseHcl('f.tf', text);
    const block = r.body.blocks[0]!;
    assert.equal(pos(text, block.s), '1:1');
    const ingress = block.body.blocks[0]!;
    assert.equal(pos(text, ingress.s), '2:3');
    const cidr = ingress.body.attributes[1]!;
    assert.equal(pos(text, cidr.s), '4:5');
    const list = cidr.expr as Expr & { t: 'tuple' };
    assert.equal(pos(text, list.items[0]!.s), '4:20');
    assert.equal(pos(text, block.e - 1), '6:1');
  });
});

describe('HCL parser: errors name the position and what was expected', () => {
  const cases: [string, string, RegExp][] = [
    ['a = \n', '1:5', /expected an expression, found end of line/],
    ['a = "abc\n', '1:9', /unterminated string/],
    ['resource "x" "y" {\n  a = 1\n', '3:1', /expected '}' to close the block/],
    ['a = [1, 2\nb = 1\n', '2:1', /expected ',' or ']'/],
    ['a = 0x10\n', '1:6', /invalid number/],
    ['a = f(1 2)\n', '1:9', /expected ',' or '\)'/],
    ['a = "\\q"\n', '1:6', /invalid escape sequence/],
    ['a = <<EOT\nno end\n', '1:5', /unterminated heredoc/],
    ['a = 1 b = 2\n', '1:7', /expected a newline/],
    ['}\n', '1:1', /unexpected '}'/],
    ['a = {x = 1 y = 2}\n', '1:12', /expected ',', a newline or '}'/],
  ];
  for (const [text, at, re] of cases) {
    it(`${JSON.stringify(text)} -> ${at}`, () => {
      const r = parseHcl('f.tf', text);
      assert.equal(r.errors.length, 1, 'one error');
      const p = r.file.position(r.errors[0]!.offset);
      assert.equal(`${p.line}:${p.column}`, at);
      assert.match(r.errors[0]!.message, re);
    });
  }

  it('recovers at the next top-level block, keeping the rest of the file', () => {
    const text = 'resource "a" "one" {\n  x = [1,\n}\n\nresource "a" "two" {\n  y = 2\n}\nvariable "v" {}\n';
    const r = parseHcl('f.tf', text);
    assert.equal(r.errors.length, 1);
    assert.deepEqual(r.body.blocks.map((b) => b.labels.join('.')), ['a.two', 'v']);
  });
});

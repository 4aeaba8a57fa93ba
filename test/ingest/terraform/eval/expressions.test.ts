import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Unknown } from '../../../../src/model/unknown.js';
import { locals } from '../../../helpers/evaluate.js';

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
const one = (expr: string, extra = ''): unknown => plain(locals({ 'main.tf': `${extra}\nlocals {\n  x = ${expr}\n}\n` }).get('x'));

describe('evaluator: expressions', () => {
  const cases: [string, unknown][] = [
    ['1 + 2 * 3', 7], ['(1 + 2) * 3', 9], ['10 % 4', 2], ['-5 + 2', -3], ['!false', true],
    ['"a" == "a" && 1 < 2', true], ['1 > 2 || false', false], ['"5" + 1', 6],
    ['true ? "yes" : "no"', 'yes'], ['"port-${22}"', 'port-22'], ['"%{ if true }on%{ else }off%{ endif }"', 'on'],
    ['"%{ for p in [1, 2] }${p};%{ endfor }"', '1;2;'],
    ['[for p in [22, 80] : p + 1]', [23, 81]], ['[for p in [22, 80, 443] : p if p > 50]', [80, 443]],
    ['{ for k, v in { a = 1, b = 2 } : upper(k) => v * 10 }', { A: 10, B: 20 }],
    ['{ for v in ["a", "b", "a"] : v => v... }', { a: ['a', 'a'], b: ['b'] }],
    ['[{ p = 1 }, { p = 2 }][*].p', [1, 2]], ['{ a = [1, 2] }.a[1]', 2], ['{ a = { b = "c" } }["a"].b', 'c'],
    ['<<-EOT\n    line ${1 + 1}\n      indented\n  EOT', 'line 2\n  indented\n'],
    ['"a\\tb"', 'a\tb'], ['"$${literal}"', '${literal}'],
  ];
  for (const [expr, want] of cases) it(expr.replace(/\n/g, '\\n'), () => assert.deepEqual(one(expr), want));
});

describe('evaluator: functions', () => {
  const cases: [string, unknown][] = [
    ['concat([1], [2, 3])', [1, 2, 3]], ['flatten([[1, [2]], [3]])', [1, 2, 3]], ['merge({ a = 1 }, { b = 2 }, { a = 3 })', { a: 3, b: 2 }],
    ['lookup({ a = 1 }, "b", 9)', 9], ['toset(["a", "b", "a"])', ['a', 'b']], ['tolist(["x"])', ['x']], ['length("héllo")', 5],
    ['length({ a = 1, b = 2 })', 2], ['element(["a", "b"], 3)', 'b'], ['coalesce("", null, "x")', 'x'], ['try(local.missing, "fallback")', 'fallback'],
    ['can(regex("^a", "abc"))', true], ['can(regex("^z", "abc"))', false], ['jsonencode({ a = [1, true] })', '{"a":[1,true]}'],
    ['jsondecode("{\\"p\\": 22}").p', 22], ['format("%s-%03d", "sg", 7)', 'sg-007'], ['join(",", ["a", "b"])', 'a,b'], ['split(",", "a,b")', ['a', 'b']],
    ['cidrsubnet("10.0.0.0/16", 8, 2)', '10.0.2.0/24'], ['cidrhost("10.0.1.0/24", 5)', '10.0.1.5'], ['cidrnetmask("10.0.0.0/12")', '255.240.0.0'],
    ['cidrsubnets("10.1.0.0/16", 4, 4, 8)', ['10.1.0.0/20', '10.1.16.0/20', '10.1.32.0/24']], ['cidrsubnet("2600:1f18::/56", 8, 1)', '2600:1f18:0:1::/64'],
    ['keys({ b = 1, a = 2 })', ['a', 'b']], ['values({ b = 1, a = 2 })', [2, 1]], ['range(3)', [0, 1, 2]], ['distinct([1, 1, 2])', [1, 2]],
    ['replace("a-b-c", "-", "_")', 'a_b_c'], ['replace("sg-123", "/sg-(\\\\d+)/", "$1")', '123'], ['contains(["a"], "a")', true], ['upper("x")', 'X'],
    ['trimspace("  x ")', 'x'], ['zipmap(["a"], [1])', { a: 1 }], ['setproduct(["a"], [1, 2])', [['a', 1], ['a', 2]]], ['max(1, 5, 3)', 5],
    ['substr("hello", 1, 3)', 'ell'], ['compact(["a", "", null])', ['a']], ['one([])', null], ['sum([1, 2])', 3], ['startswith("sg-1", "sg-")', true],
    ['formatlist("%s:%s", ["a", "b"], "x")', ['a:x', 'b:x']], ['reverse([1, 2])', [2, 1]], ['slice([1, 2, 3], 1, 3)', [2, 3]], ['alltrue([true])', true],
  ];
  for (const [expr, want] of cases) it(expr, () => assert.deepEqual(one(expr), want));
});

describe('evaluator: unknowns and errors', () => {
  it('a data source becomes an explicit unknown that propagates', () => {
    const l = locals({ 'main.tf': 'data "aws_vpc" "x" {}\nlocals {\n  a = data.aws_vpc.x.cidr_block\n  b = [local.a, "10.0.0.0/8"]\n  c = "${local.a}-x"\n}\n' });
    assert.ok(l.get('a') instanceof Unknown);
    const b = l.get('b') as unknown[];
    assert.ok(b[0] instanceof Unknown);
    assert.equal(b[1], '10.0.0.0/8');
    assert.ok(l.get('c') instanceof Unknown);
    assert.match((l.get('a') as Unknown).reason, /data\.aws_vpc\.x is read from the cloud/);
  });

  it('an unset variable without default is unknown, never a crash', () => {
    const l = locals({ 'main.tf': 'variable "cidr" {}\nlocals {\n  a = var.cidr\n}\n' });
    assert.match((l.get('a') as Unknown).reason, /variable "cidr" has no value/);
  });

  it('a condition on an unknown is known when both branches agree', () => {
    const l = locals({ 'main.tf': 'variable "flag" {}\nlocals {\n  a = var.flag ? 22 : 22\n  b = var.flag ? 22 : 23\n}\n' });
    assert.equal(l.get('a'), 22);
    assert.ok(l.get('b') instanceof Unknown);
  });

  const errorCases: [string, RegExp][] = [
    ['nosuchfn(1)', /call to unknown function "nosuchfn"/],
    ['aws_instance.missing.id', /reference to undeclared resource "aws_instance.missing"/],
    ['var.nope', /undeclared input variable "nope"/],
    ['local.nope', /undeclared local value "nope"/],
    ['1 + "x"', /expected a number for the right operand of \+, found "x"/],
    ['[1][5]', /index 5 is out of range/],
    ['{ a = 1 }.b', /does not have an attribute named "b"/],
    ['length(1, 2)', /length\(\) takes 1 argument, got 2/],
  ];
  for (const [expr, re] of errorCases) {
    it(`${expr} is a diagnostic at file:line:column`, () => {
      const l = locals({ 'main.tf': `locals {\n  x = ${expr}\n}\n` });
      assert.ok(l.get('x') instanceof Unknown);
      const d = l.diagnostics.find((x) => x.severity === 'error');
      assert.ok(d, 'an error diagnostic');
      assert.match(d.message, re);
      assert.equal(d.file, 'main.tf');
      assert.equal(d.line, 2);
      assert.ok((d.column ?? 0) >= 7);
    });
  }

  it('a cycle between locals is reported, not looped on', () => {
    const l = locals({ 'main.tf': 'locals {\n  a = local.b\n  b = local.a\n}\n' });
    assert.ok(l.get('a') instanceof Unknown);
    assert.ok(l.diagnostics.some((d) => /cycle/.test(d.message)));
  });
});

describe('evaluator: variables', () => {
  const files = {
    'variables.tf': 'variable "a" {\n  default = "from-default"\n}\nvariable "b" {\n  default = "from-default"\n}\nvariable "c" {\n  default = "from-default"\n}\nvariable "d" {\n  type = list(string)\n  default = []\n}\nvariable "e" {\n  type = number\n  default = "22"\n}\n',
    'terraform.tfvars': 'a = "from-tfvars"\nb = "from-tfvars"\n',
    'x.auto.tfvars': 'b = "from-auto"\n',
    'main.tf': 'locals {\n  a = var.a\n  b = var.b\n  c = var.c\n  d = var.d\n  e = var.e\n}\n',
  };
  it('defaults < terraform.tfvars < *.auto.tfvars < --var, with type conversion', () => {
    const l = locals(files, ['c=from-cli', 'd=["x", "y"]']);
    assert.equal(l.get('a'), 'from-tfvars');
    assert.equal(l.get('b'), 'from-auto');
    assert.equal(l.get('c'), 'from-cli');
    assert.deepEqual(plain(l.get('d')), ['x', 'y']);
    assert.equal(l.get('e'), 22);
  });
  it('optional() attributes of object types get their defaults', () => {
    const l = locals({ 'main.tf': 'variable "rules" {\n  type = list(object({ port = number, cidr = optional(string, "10.0.0.0/8") }))\n  default = [{ port = 22 }]\n}\nlocals {\n  x = var.rules[0].cidr\n}\n' });
    assert.equal(l.get('x'), '10.0.0.0/8');
  });
});

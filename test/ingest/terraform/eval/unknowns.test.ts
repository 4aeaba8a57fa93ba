import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinRules } from '../../../../rules/index.js';
import { runRules } from '../../../../src/checks/run.js';
import { PartialList } from '../../../../src/ingest/terraform/eval/partial-list.js';
import { ingestTerraform } from '../../../../src/ingest/terraform/index.js';
import { Unknown } from '../../../../src/model/unknown.js';
import { locals } from '../../../helpers/evaluate.js';
import { errors, ingest } from '../../../helpers/tf.js';

const noVars = { vars: [], varFiles: [] };
const HEAD = 'variable "u" { type = list(string) }\ndata "aws_vpc" "d" {}\n';
const local = (expr: string, extra = '') => {
  const l = locals({ 'main.tf': `${HEAD}${extra}\nlocals {\n  x = ${expr}\n}\n` });
  return { value: l.get('x'), diagnostics: l.diagnostics };
};

describe('unknowns propagate; they are never errors', () => {
  const unknownCases: [string, RegExp][] = [
    // An unknown element inside a list given to a function that needs every element.
    ['join(",", [data.aws_vpc.d.id, "a"])', /^join\(\) of a value that is not fully known \(data\.aws_vpc\.d is read from the cloud/],
    ['format("%s-%s", "a", [data.aws_vpc.d.id][0])', /data\.aws_vpc\.d is read from the cloud/],
    ['sort(["b", data.aws_vpc.d.id])', /^sort\(\) of a value that is not fully known/],
    ['cidrsubnet([data.aws_vpc.d.cidr_block][0], 8, 1)', /data\.aws_vpc\.d/],
    // The branch Terraform may not take fails: with an unknown condition that is no error.
    ['data.aws_vpc.d.id == "" ? element([], 0) : "x"', /depends on a condition that is not known statically/],
    // Files Terraform reads on its own machine.
    ['file("~/.ssh/id_rsa.pub")', /^file\("~\/\.ssh\/id_rsa\.pub"\) is read from the home directory of the machine that runs Terraform$/],
    ['fileexists("~/.aws/config")', /home directory/],
    ['file("not-in-the-checkout.zip")', /is read when Terraform plans: cannot read .*not-in-the-checkout\.zip: no such file/],
    ['filebase64sha256("build/lambda.zip")', /is read when Terraform plans/],
    ['templatefile("~/t.tpl", {})', /home directory/],
  ];
  for (const [expr, re] of unknownCases) {
    it(`${expr} is unknown with its reason, and no error`, () => {
      const { value, diagnostics } = local(expr);
      assert.ok(value instanceof Unknown, String(value));
      assert.match(value.reason, re);
      // A file sglint could not read is a warning at the call; everything else says nothing.
      const missing = /is read when Terraform plans/.test(value.reason);
      assert.deepEqual(diagnostics.map((d) => `${d.severity}:${d.line}`), missing ? ['warning:5'] : []);
      if (missing) assert.match(diagnostics[0]!.message, /\(\): cannot read .*: no such file or directory; its content is unknown \(Terraform reads it when it plans\)$/);
    });
  }

  it('an unknown element keeps the known elements of a list (concat, toset, flatten, setunion)', () => {
    for (const expr of ['concat(var.u, ["0.0.0.0/0"])', 'tolist(toset(concat(var.u, ["0.0.0.0/0", "0.0.0.0/0"])))', 'flatten([var.u, ["0.0.0.0/0"]])', 'setunion(var.u, ["0.0.0.0/0"])']) {
      const { value, diagnostics } = local(expr);
      assert.ok(value instanceof PartialList, expr);
      assert.deepEqual(value.known, ['0.0.0.0/0'], expr);
      assert.match(value.reason, /variable "u" has no value/);
      assert.deepEqual(diagnostics, [], expr);
    }
    // What needs the whole list (its length, an element) stays unknown, never a wrong number.
    for (const expr of ['length(concat(var.u, ["a"]))', 'concat(var.u, ["a"])[0]', 'concat(var.u, ["a"]) == ["a"]']) {
      const { value } = local(expr);
      assert.ok(value instanceof Unknown && !(value instanceof PartialList), expr);
    }
    assert.deepEqual(local('concat(["a"], ["b"])').value, ['a', 'b']);
  });

  it('an attribute a nested block does not write is the provider\'s: unknown, not "no such attribute"', () => {
    const eks = 'resource "aws_eks_cluster" "c" {\n  name = "c"\n  vpc_config {\n    subnet_ids = ["s-1"]\n  }\n}\n';
    const { value, diagnostics } = local('aws_eks_cluster.c.vpc_config[0].cluster_security_group_id', eks);
    assert.match((value as Unknown).reason, /^aws_eks_cluster\.c\.vpc_config\.cluster_security_group_id is computed by the provider/);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(local('aws_eks_cluster.c.vpc_config[0].subnet_ids', eks).value, ['s-1']);
    // Objects the user writes keep Terraform's error for a missing attribute.
    assert.match(local('{ a = 1 }.b').diagnostics[0]!.message, /does not have an attribute named "b"/);
  });

  it('an attribute left null (optional and computed, like ipv6_cidr_block) reads as unknown through a reference', () => {
    const vpc = 'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n  ipv6_cidr_block = null\n}\n';
    const { value, diagnostics } = local('cidrsubnet(aws_vpc.v.ipv6_cidr_block, 8, 1)', vpc);
    assert.match((value as Unknown).reason, /aws_vpc\.v\.ipv6_cidr_block is not set in the configuration; the provider may compute it/);
    assert.deepEqual(diagnostics, []);
  });

  it('nothing is reported from the stand-in instance of an unknown count or for_each', () => {
    const r = ingest({
      'main.tf': [
        'data "aws_subnets" "s" {}',
        'variable "on" { default = false }',
        'resource "aws_route_table" "rt" {\n  count = var.on ? 1 : 0\n  vpc_id = "vpc-1"\n}',
        // The stand-in's guessed index reads a resource that has no instances: cannot happen for real.
        'resource "aws_route_table_association" "a" {\n  count = length(data.aws_subnets.s.ids)\n  subnet_id = data.aws_subnets.s.ids[count.index]\n  route_table_id = element(aws_route_table.rt[*].id, count.index)\n  gateway_id = aws_route_table.rt[0].id\n}',
        'resource "aws_security_group" "g" {\n  for_each = toset(data.aws_subnets.s.ids)\n  name = "g-${each.key}"\n  description = element([], 0)\n  vpc_id = "vpc-1"\n}',
        'module "m" {\n  source = "./m"\n  count = length(data.aws_subnets.s.ids)\n}',
      ].join('\n'),
      'm/main.tf': 'locals {\n  bad = [][0]\n}\nresource "aws_security_group" "in_module" {\n  name = local.bad\n  vpc_id = "vpc-1"\n}\n',
    });
    assert.deepEqual(errors(r), []);
    // The same mistake in a module instance that surely exists is still an error.
    const sure = ingest({ 'main.tf': 'module "m" {\n  source = "./m"\n}\n', 'm/main.tf': 'locals {\n  bad = [][0]\n}\nresource "aws_security_group" "g" {\n  name = local.bad\n  vpc_id = "vpc-1"\n}\n' });
    assert.match(errors(sure).join('\n'), /m\/main\.tf:2:.*index 0 is out of range/);
  });
});

describe('partial code: valid code with unknowns scans without errors, rules still fire', () => {
  it('fixtures/partial/unknown-values: no input error; findings from what is known', () => {
    const r = ingestTerraform('fixtures/partial/unknown-values', noVars);
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
    const found = runRules(r.network, builtinRules).findings;
    assert.deepEqual(found.map((f) => `${f.ruleId}@${f.location.line}`).sort(), [
      'default-security-group-has-rules@8', 'nacl-admin-port-open-to-internet@8', 'nacl-admin-port-open-to-internet@8',
      // On the placeholder named after the cluster whose computed group it attaches to.
      'security-group-missing-description@40', 'ssh-open-to-internet@30',
      // The world-open element next to an unset variable is still seen.
      'open-rule-not-effective@44', 'ssh-open-to-internet@44',
    ].sort());
    const warnings = r.diagnostics.map((d) => d.message);
    assert.ok(warnings.some((m) => /cannot tell where this ingress rule allows traffic from: cidr_blocks: variable "admin_cidrs" has no value.*it may be open/.test(m)), warnings.join('\n'));
    // The key file is never read, and the group it attaches to is named after the cluster.
    assert.ok(r.network.groups.some((g) => g.id === 'aws_eks_cluster.this' && g.placeholder));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinRules } from '../../../../rules/index.js';
import { runRules } from '../../../../src/checks/run.js';
import { ingestTerraform } from '../../../../src/ingest/terraform/index.js';

const noVars = { vars: [], varFiles: [] };

/** Every finding of a fixture as `rule-id@line`, sorted: what must fire, and (by omission) what must not. */
function findings(dir: string): string[] {
  const r = ingestTerraform(`fixtures/partial/${dir}`, noVars);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), [], dir);
  return runRules(r.network, builtinRules).findings.map((f) => `${f.ruleId}@${f.location.line}`).sort();
}

describe('partial code: rules whose group or NACL is not known statically are still checked', () => {
  it('the issue\'s example: a rule on var.sg_id and one on a data source both fire, on placeholders named after them', () => {
    const r = ingestTerraform('fixtures/partial/unresolved-group', noVars);
    const byId = new Map(r.network.groups.map((g) => [g.id, g]));
    for (const id of ['var.sg_id', 'data.aws_security_group.shared', 'aws_vpc_security_group_ingress_rule.no_group (no security_group_id)']) {
      assert.equal(byId.get(id)?.placeholder, true, id);
      assert.equal(byId.get(id)?.external, true, id);
    }
    // Two rules on var.sg_id land on one placeholder; the counted group's rule on its one instance.
    assert.deepEqual(byId.get('var.sg_id')!.rules.map((x) => x.key), ['aws_security_group_rule.ssh', 'aws_security_group_rule.private']);
    assert.deepEqual(byId.get('aws_security_group.counted[?]')!.rules.map((x) => x.key), ['aws_security_group_rule.counted_ssh']);
    assert.ok(r.diagnostics.some((d) => d.severity === 'warning' && /the group it attaches to \(var\.sg_id\) is not known statically/.test(d.message)));
    assert.deepEqual(findings('unresolved-group'), [
      'all-protocols-open-to-internet@20', 'cifs-open-to-public-addresses@20', 'rdp-open-to-internet@11',
      // Checks that need only the rule run on placeholders too (descriptions, wide private ranges).
      'rule-missing-description@11', 'rule-missing-description@20', 'rule-missing-description@3', 'sensitive-port-open-to-wide-private-range@26',
      'ssh-open-to-internet@3', 'ssh-open-to-internet@44',
      // A real group that nothing attaches: reported. Placeholders never are (nor as not effective).
      'unused-security-group@38',
    ]);
  });

  it('NACL entries survive an unknown count and an unresolved NACL; placeholders are not "unused"', () => {
    const r = ingestTerraform('fixtures/partial/unresolved-nacl', noVars);
    const nacl = (id: string) => r.network.nacls.find((n) => n.id === id);
    assert.deepEqual(nacl('aws_network_acl.this[?]')!.entries.map((e) => e.ruleNumber), [100]);
    assert.deepEqual(nacl('var.vpc_id')!.entries.map((e) => e.ruleNumber), [110, 120]);
    assert.equal(nacl('var.vpc_id')!.placeholder, true);
    // protocol "all" ignores ports, so from_port = "" leaves nothing unknown.
    assert.deepEqual(nacl('data.aws_network_acls.shared')!.entries.map((e) => [e.protocol, e.ports, e.unknowns]), [[-1, null, []]]);
    assert.deepEqual(findings('unresolved-nacl'), [
      'nacl-admin-port-open-to-internet@18', 'nacl-admin-port-open-to-internet@42', 'nacl-admin-port-open-to-internet@7', 'nacl-allows-all-traffic@42', 'unused-nacl@3',
    ]);
  });

  it('Huawei Cloud and OpenStack rule resources on unresolved groups are checked too', () => {
    assert.deepEqual(findings('other-provider-rules'), ['rdp-open-to-internet@14', 'ssh-open-to-internet@3']);
  });

  it('a group handed to an unscanned module or to an output is in use', () => {
    assert.deepEqual(findings('group-handed-out'), ['unused-security-group@11']);
  });

  it('rules, NACL entries written as attributes (`ingress = [{ ... }]`) are read like blocks', () => {
    assert.deepEqual(findings('attribute-blocks'), [
      'all-protocols-open-to-internet@6', 'cifs-open-to-public-addresses@6', 'nacl-admin-port-open-to-internet@43', 'unused-security-group@2', 'unused-security-group@21',
    ]);
  });
});

describe('partial code: NACL numbering', () => {
  it('an entry whose rule number is unknown is read last (an earlier deny still wins); a duplicate number is a warning', async () => {
    const { ingest } = await import('../../../helpers/tf.js');
    const r = ingest({
      'main.tf': 'variable "n" { type = number }\nresource "aws_network_acl" "a" {\n  vpc_id = "vpc-1"\n  subnet_ids = ["subnet-1"]\n  ingress {\n    rule_no = 10\n    action = "deny"\n    protocol = "tcp"\n    from_port = 22\n    to_port = 22\n    cidr_block = "0.0.0.0/0"\n  }\n}\nresource "aws_network_acl_rule" "late" {\n  network_acl_id = aws_network_acl.a.id\n  rule_number = var.n\n  egress = false\n  protocol = "tcp"\n  from_port = 22\n  to_port = 22\n  rule_action = "allow"\n  cidr_block = "0.0.0.0/0"\n}\nresource "aws_network_acl_rule" "dup" {\n  network_acl_id = aws_network_acl.a.id\n  rule_number = 10\n  egress = false\n  protocol = "-1"\n  rule_action = "allow"\n  cidr_block = "10.0.0.0/8"\n}\n',
    });
    const entries = r.network.nacls.find((n) => n.id === 'aws_network_acl.a')!.entries;
    assert.deepEqual(entries.map((e) => e.ruleNumber), [10, 32766, 10]);
    const warnings = r.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message);
    assert.ok(warnings.some((m) => /rule number is not known .*read as the last entry/.test(m)), warnings.join('\n'));
    assert.ok(warnings.some((m) => /already has an ingress entry numbered 10: AWS rejects this one/.test(m)), warnings.join('\n'));
    const ids = runRules(r.network, builtinRules).findings.map((f) => f.ruleId);
    assert.ok(!ids.includes('nacl-admin-port-open-to-internet'), ids.join());
  });
});

describe('partial code: placement', () => {
  it('no subnet_id is the default subnet (public IP), a subnet from a variable is unknown, never "private"', () => {
    const r = ingestTerraform('fixtures/partial/placement', noVars);
    const pub = new Map(r.network.endpoints.map((e) => [e.id, e.publicIp]));
    assert.deepEqual(Object.fromEntries(pub), { 'aws_instance.default_subnet': true, 'aws_instance.no_public_ip': false, 'aws_instance.param_subnet': 'unknown' });
    const found = runRules(r.network, builtinRules).findings;
    assert.deepEqual(found.map((f) => `${f.ruleId}@${f.location.line}`).sort(), [
      'default-vpc-in-use@2', 'instance-public-ip@13', 'sensitive-port-reachable-from-internet@5', 'ssh-open-to-internet@5',
    ]);
    // Stated as "may", and no "not effective because it has no public IP" claim.
    assert.match(found.find((f) => f.ruleId === 'instance-public-ip')!.message, /may be reachable from the internet on tcp 22/);
    assert.match(found.find((f) => f.ruleId === 'sensitive-port-reachable-from-internet')!.message, /aws_instance\.default_subnet, aws_instance\.param_subnet may be reachable/);
    assert.ok(!found.some((f) => f.ruleId === 'open-rule-not-effective'));
  });

  it('a CIDR from an unscanned module is unknown ("may"), not the internet', () => {
    const r = ingestTerraform('fixtures/partial/unknown-cidr', noVars);
    const found = runRules(r.network, builtinRules).findings;
    assert.deepEqual(found.map((f) => `${f.ruleId}@${f.location.line}`), ['instance-public-ip@29']);
    assert.match(found[0]!.message, /may be reachable/);
    assert.deepEqual(r.network.nacls.find((n) => n.id === 'aws_network_acl.admin')!.entries[0]!.unknowns, ['cidr_block: the outputs of module "office" are unknown (its source is not scanned)']);
  });
});

describe('partial code: groups attached after launch', () => {
  it('an instance launched without groups keeps the default group when an attachment to its primary interface adds another', () => {
    const r = ingestTerraform('fixtures/partial/sg-attachment', noVars);
    assert.deepEqual(r.diagnostics, []);
    const groups = Object.fromEntries(r.network.endpoints.map((e) => [e.id, e.groupIds]));
    assert.deepEqual(groups, {
      'aws_instance.i': ['aws_vpc.v/default-security-group', 'aws_security_group.extra'],
      // Launched with a group: the default group is not added.
      'aws_instance.with_group': ['aws_security_group.extra'],
    });
  });
});

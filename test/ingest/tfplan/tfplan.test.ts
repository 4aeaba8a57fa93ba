import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ingestPlan } from '../../../src/ingest/tfplan/index.js';
import { loadInputs } from '../../../src/checks/pipeline/inputs.js';
import { solve } from '../../../src/solver/index.js';
import { runRules } from '../../../src/checks/run.js';
import { builtinRules } from '../../../rules/index.js';

// A real `terraform show -json` of fixtures/examples/three-tier (Terraform 1.11, AWS provider 5.100),
// produced offline with skip_* provider flags; committed so the tests need no Terraform.
const PLAN = 'fixtures/plans/three-tier.plan.json';
const BIN = path.resolve('dist/src/cli/main.js');
const noVars = { vars: [], varFiles: [] };

async function exposureOf(p: string): Promise<Map<string, string>> {
  const { network } = await loadInputs([p], noVars, process.cwd());
  const sol = solve(network);
  return new Map(sol.endpoints().map((e) => {
    const x = sol.exposure(e);
    return [e.id, `${x.internet.jsonText(4)} ${x.internet6.jsonText(6)} hops=${x.hopsFromInternet}`];
  }));
}

describe('Terraform plan JSON', () => {
  it('gives the same internet exposure, per endpoint, as the HCL it was planned from', async () => {
    const hcl = await exposureOf('fixtures/examples/three-tier');
    const plan = await exposureOf(PLAN);
    assert.deepEqual([...plan.keys()].sort(), [...hcl.keys()].sort());
    for (const [id, x] of hcl) assert.equal(plan.get(id), x, id);
  });

  it('the layers fixture (NACL deny, NAT route, EIP, IPv6, load balancer) planned by Terraform exposes what its HCL does', async () => {
    const hcl = await exposureOf('fixtures/exposure/layers');
    const plan = await exposureOf('fixtures/plans/layers.plan.json');
    assert.deepEqual([...plan.keys()].sort(), [...hcl.keys()].sort());
    for (const [id, x] of hcl) assert.equal(plan.get(id), x, id);
  });

  it('69 rule fixtures planned by Terraform: same exposure, and the same rules fire on the same resources', async () => {
    const summary = async (p: string): Promise<{ findings: string[]; exposure: string[] }> => {
      const { network } = await loadInputs([p], noVars, process.cwd());
      const sol = solve(network);
      return {
        findings: [...new Set(runRules(network, builtinRules).findings.map((f) => `${f.ruleId} ${f.resource}`))].sort(),
        exposure: sol.endpoints().map((e) => `${e.id} ${sol.exposure(e).internet.jsonText(4)} ${sol.exposure(e).internet6.jsonText(6)} ${sol.exposure(e).hopsFromInternet}`).sort(),
      };
    };
    const plans = fs.readdirSync('fixtures/plans/rules').filter((f) => f.endsWith('.plan.json'));
    assert.ok(plans.length >= 60);
    for (const file of plans) {
      const [rule, kind] = file.replace('.plan.json', '').split('.');
      assert.deepEqual(await summary(`fixtures/plans/rules/${file}`), await summary(`fixtures/rules/${rule}/${kind}`), file);
    }
  });

  it('links rules to groups that exist only after apply, through the configuration (module outputs, each.value)', () => {
    const { network } = ingestPlan(PLAN, process.cwd());
    const rule = network.groups.flatMap((g) => g.rules).find((r) => r.key === 'aws_security_group_rule.app_search_temp')!;
    assert.equal(rule.groupId, 'module.app.aws_security_group.this', 'security_group_id = module.app.security_group_id');
    const table = network.routeTables.find((t) => t.id === 'aws_route_table.public')!;
    assert.deepEqual(table.subnetIds.sort(), ['aws_subnet.public["eu-west-1a"]', 'aws_subnet.public["eu-west-1b"]'], 'subnet_id = each.value.id');
    assert.deepEqual(table.routes.map((r) => [r.destination, r.target, r.targetKind]), [['0.0.0.0/0', 'aws_internet_gateway.main', 'internet-gateway']]);
    // Computed attributes nobody set (owner_id, arn, source_security_group_id) stay absent: no "may be open".
    assert.deepEqual(rule.unknowns, []);
  });

  it('finds what the HCL finds, pointing at the plan (or at the .tf files when they are beside it)', () => {
    const scan = (p: string, cwd = process.cwd()) => JSON.parse(spawnSync(process.execPath, [BIN, 'scan', p, '--format', 'json', '--fail-on', 'none'], { cwd, encoding: 'utf8' }).stdout) as { findings: { ruleId: string; resource: string; location: { file: string; line: number } }[] };
    const alone = scan(PLAN).findings.find((f) => f.ruleId === 'ssh-open-to-internet')!;
    assert.equal(alone.location.file, PLAN);
    assert.equal(alone.resource, 'aws_security_group.bastion');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-plan-'));
    fs.cpSync('fixtures/examples/three-tier', dir, { recursive: true });
    fs.copyFileSync(PLAN, path.join(dir, 'plan.json'));
    const beside = scan('plan.json', dir).findings;
    const ssh = beside.find((f) => f.ruleId === 'ssh-open-to-internet')!;
    assert.equal(ssh.location.file, 'security.tf');
    assert.match(fs.readFileSync(path.join(dir, 'security.tf'), 'utf8').split('\n')[ssh.location.line - 1]!, /^resource "aws_security_group" "bastion"/);
    const app = beside.find((f) => f.resource === 'aws_security_group_rule.app_search_temp' && f.ruleId === 'sensitive-port-open');
    assert.ok(app, 'the rule attached through a module output is checked');
  });

  it('sglint diff of one plan reports what it opens (its prior state against its planned values)', () => {
    const r = spawnSync(process.execPath, [BIN, 'diff', PLAN, '--format', 'json'], { encoding: 'utf8' });
    const d = JSON.parse(r.stdout) as { added: { ruleId: string }[]; removed: unknown[]; exposure: { opened: { id: string }[] } };
    assert.ok(d.added.some((f) => f.ruleId === 'ssh-open-to-internet'));
    assert.deepEqual(d.removed, []);
    assert.deepEqual(d.exposure.opened.map((x) => x.id).sort(), ['aws_instance.bastion', 'aws_lb.front']);
    assert.equal(r.status, 1);
  });

  it('an unsupported format version or broken JSON is an error with file:line:column, exit 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-plan-bad-'));
    fs.writeFileSync(path.join(dir, 'old.json'), JSON.stringify({ format_version: '0.1', terraform_version: '0.11.0', planned_values: {} }));
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"format_version":"1.2","terraform_version":"1.11.4",\n  "planned_values": {,}}');
    const old = ingestPlan('old.json', dir);
    assert.match(old.diagnostics[0]!.message, /unsupported plan format_version "0\.1"/);
    const broken = ingestPlan('broken.json', dir);
    assert.equal(broken.diagnostics[0]!.line, 2);
    const r = spawnSync(process.execPath, [BIN, 'scan', 'old.json', 'broken.json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stdout, /old\.json\n\s+1:1\s+error\s+unsupported plan format_version/);
  });
});

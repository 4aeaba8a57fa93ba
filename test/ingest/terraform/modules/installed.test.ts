import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ingestTerraform } from '../../../../src/ingest/terraform/index.js';
import { errors, ingest } from '../../../helpers/tf.js';

const BIN = path.resolve('dist/src/cli/main.js');
const FIXTURE = path.resolve('fixtures/modules/registry-installed');

interface Finding { ruleId: string; message: string; resource: string; location: { file: string; line: number } }
const scanJson = (dir: string): Finding[] => {
  const r = spawnSync(process.execPath, [BIN, 'scan', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
};

const warnings = (r: { diagnostics: { severity: string; file?: string; line?: number; message: string }[] }): string[] =>
  r.diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.file}:${d.line}: ${d.message}`);

/** The registry fixture with the module copied in as local code, as a user who vendors it would have it. */
function vendoredCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-vendored-'));
  fs.cpSync(path.join(FIXTURE, '.terraform/modules/lb_sg'), path.join(dir, 'modules/security-group'), { recursive: true });
  const main = fs.readFileSync(path.join(FIXTURE, 'main.tf'), 'utf8')
    .replace('"terraform-aws-modules/security-group/aws//modules/http-8080"', '"./modules/security-group/modules/http-8080"')
    .replace('"terraform-aws-modules/security-group/aws"', '"./modules/security-group"')
    .replace(/ {2}version = "[^"]*"/g, '  # a local copy has no version'); // lines keep their numbers
  fs.writeFileSync(path.join(dir, 'main.tf'), main);
  return dir;
}

describe('modules installed by terraform init (.terraform/modules/modules.json)', () => {
  it('a registry module opening 8080 to the world gives the findings of the same code copied in locally', () => {
    const installed = scanJson(FIXTURE);
    const local = scanJson(vendoredCopy());
    const key = (f: Finding): string => `${f.ruleId} ${f.resource} ${path.basename(f.location.file)}:${f.location.line} ${f.message}`;
    assert.deepEqual(installed.map(key).sort(), local.map(key).sort());
    const open = installed.filter((f) => f.ruleId === 'sensitive-port-open').map((f) => `${f.resource} ${f.location.file}:${f.location.line}`);
    assert.deepEqual(open.sort(), [
      'module.lb_sg.aws_security_group_rule.ingress[0] .terraform/modules/lb_sg/main.tf:7',
      'module.web_sg.module.sg.aws_security_group_rule.ingress[0] .terraform/modules/web_sg/main.tf:7',
    ]);
    assert.ok(installed.some((f) => f.ruleId === 'instance-public-ip' && /tcp 8080/.test(f.message)), 'the instance sees the port through the module output');
  });

  it('reads the layout terraform init wrote for git sources: nested keys, //subdir and ?ref=', () => {
    const r = ingestTerraform('fixtures/modules/git-installed', { vars: [], varFiles: [] });
    assert.deepEqual(errors(r), []);
    assert.deepEqual(warnings(r), []);
    assert.deepEqual(r.network.groups.map((g) => `${g.id} ${g.origin.file} ${g.rules.map((x) => x.ports?.from).join(',')}`).sort(), [
      'module.sg.module.inner.aws_security_group.this fixtures/modules/git-installed/.terraform/modules/sg/modules/inner/main.tf 8080',
      'module.sub.aws_security_group.this fixtures/modules/git-installed/.terraform/modules/sub/modules/inner/main.tf 22',
    ]);
  });

  const manifest = (records: object[]): string => JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, ...records] });
  const sgModule = 'variable "port" {\n  default = 22\n}\nresource "aws_security_group" "this" {\n  ingress {\n    from_port   = var.port\n    to_port     = var.port\n    protocol    = "tcp"\n    cidr_blocks = ["10.0.0.0/8"]\n  }\n}\n';
  const call = (version = '~> 5.0') => `module "sg" {\n  source  = "terraform-aws-modules/security-group/aws"\n  version = "${version}"\n}\n`;

  it('an installed version outside the constraint is a warning at the version, and that version is scanned', () => {
    const r = ingest({
      'main.tf': call('~> 5.0'),
      '.terraform/modules/modules.json': manifest([{ Key: 'sg', Source: 'registry.terraform.io/terraform-aws-modules/security-group/aws', Version: '4.17.2', Dir: '.terraform/modules/sg' }]),
      '.terraform/modules/sg/main.tf': sgModule,
    });
    assert.deepEqual(errors(r), []);
    assert.deepEqual(warnings(r), ['main.tf:3: module "sg": the installed version 4.17.2 does not meet the constraint "~> 5.0"; version 4.17.2 is scanned: run terraform init -upgrade in . to install a matching one']);
    assert.equal(r.network.groups.length, 1);
  });

  it('a changed source is a warning; a recorded folder that is gone says to run terraform init', () => {
    const moved = ingest({
      'main.tf': call(),
      '.terraform/modules/modules.json': manifest([{ Key: 'sg', Source: 'registry.terraform.io/acme/sg/aws', Version: '5.0.0', Dir: '.terraform/modules/sg' }]),
      '.terraform/modules/sg/main.tf': sgModule,
    });
    assert.match(warnings(moved).join('\n'), /^main\.tf:2: module "sg": \.terraform\/modules\/modules\.json records it from "registry\.terraform\.io\/acme\/sg\/aws", not "terraform-aws-modules\/security-group\/aws"; the installed copy is scanned/);
    const gone = ingest({ 'main.tf': call(), '.terraform/modules/modules.json': manifest([{ Key: 'sg', Source: 'registry.terraform.io/terraform-aws-modules/security-group/aws', Version: '5.0.0', Dir: '.terraform/modules/sg' }]) });
    assert.match(warnings(gone).join('\n'), /module "sg" comes from "terraform-aws-modules\/security-group\/aws", which is not a local path, and it is listed in \.terraform\/modules\/modules\.json but its folder is gone; run terraform init in \./);
    assert.equal(gone.network.groups.length, 0);
  });

  it('without modules.json the warning says the three ways to get the module read', () => {
    const r = ingest({ 'envs/prod/main.tf': call() });
    assert.deepEqual(warnings(r), ['envs/prod/main.tf:2: module "sg" comes from "terraform-aws-modules/security-group/aws", which is not a local path, and it is not installed: run terraform init in envs/prod (sglint then reads .terraform/modules), scan a plan JSON instead, or use --download-modules; its resources are not scanned and its outputs are unknown']);
  });

  it('a malformed modules.json, a bad constraint, a version on a git source and an unknown source form are errors', () => {
    const r = ingest({
      'main.tf': `${call('>= banana')}module "g" {\n  source  = "git::https://example.com/x.git"\n  version = "1.0.0"\n}\nmodule "u" {\n  source = "modules/x"\n}\n`,
      '.terraform/modules/modules.json': '{"Modules": ',
    });
    assert.deepEqual(errors(r), [
      '.terraform/modules/modules.json:undefined:undefined: .terraform/modules/modules.json is not valid JSON; run terraform init again',
      'main.tf:3:13: module "sg": malformed version constraint ">= banana"',
      'main.tf:7:13: module "g": a version constraint applies only to a module registry source; pin git sources with ?ref= instead',
      'main.tf:10:12: module "u": "modules/x" is not a module source Terraform accepts (a local path starting with ./ or ../, a registry address namespace/name/provider, or a git::, https:// or other remote address)',
    ]);
  });
});

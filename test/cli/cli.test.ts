import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempTree } from '../helpers/tf.js';

const BIN = path.resolve('dist/src/cli/main.js');
const sglint = (args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? process.cwd(), encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', ...opts.env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const EXAMPLE = 'fixtures/examples/three-tier';

describe('sglint scan on the bundled example', () => {
  it('finds exactly the planted mistakes, pointing at the rule lines', () => {
    const r = sglint(['scan', EXAMPLE, '--format', 'json']);
    assert.equal(r.code, 1, r.err);
    const report = JSON.parse(r.out) as { schemaVersion: number; findings: { ruleId: string; location: { file: string; line: number }; resource: string; targets: string[] }[]; diagnostics: unknown[]; summary: { files: number } };
    assert.equal(report.schemaVersion, 1);
    assert.deepEqual(report.diagnostics, []);
    assert.deepEqual(report.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line} ${f.resource}`), [
      `unrestricted-egress ${EXAMPLE}/modules/service-tier/main.tf:29 module.app.aws_security_group.this`,
      `unrestricted-egress ${EXAMPLE}/modules/service-tier/main.tf:29 module.app.aws_security_group.this`,
      `unrestricted-egress ${EXAMPLE}/modules/service-tier/main.tf:29 module.web.aws_security_group.this`,
      `unrestricted-egress ${EXAMPLE}/modules/service-tier/main.tf:29 module.web.aws_security_group.this`,
      `ssh-open-to-internet ${EXAMPLE}/security.tf:39 aws_security_group.bastion`,
      `unrestricted-egress ${EXAMPLE}/security.tf:47 aws_security_group.bastion`,
      `sensitive-port-open ${EXAMPLE}/security.tf:71 aws_security_group_rule.app_search_temp`,
    ]);
    const ssh = report.findings.find((f) => f.ruleId === 'ssh-open-to-internet')!;
    assert.deepEqual(ssh.targets, ['aws_instance.bastion']);
    assert.equal(report.summary.files, 8);
  });

  it('--var overrides a default and removes the finding', () => {
    const r = sglint(['scan', EXAMPLE, '--format', 'json', '--var', 'admin_cidrs=["198.51.100.0/24"]']);
    const ids = (JSON.parse(r.out) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
    assert.ok(!ids.includes('ssh-open-to-internet'));
  });

  it('text output is grouped by file, colourless when not a TTY, and ends with a summary', () => {
    const r = sglint(['scan', EXAMPLE]);
    assert.equal(r.code, 1);
    assert.ok(!r.out.includes('\u001b['), 'no colour codes');
    assert.match(r.out, /^fixtures\/examples\/three-tier\/modules\/service-tier\/main\.tf$/m);
    assert.match(r.out, /^ {2}39:3 +critical +aws_security_group\.bastion allows SSH/m);
    assert.match(r.out.trim().split('\n').pop()!, /^✖ 7 findings \(1 critical, 1 high, 5 low\) in 8 files, \d+ resources$/);
    assert.ok(sglint(['scan', EXAMPLE], { env: { FORCE_COLOR: '1' } }).out.includes('\u001b['));
  });

  it('--fail-on sets the exit threshold', () => {
    assert.equal(sglint(['scan', EXAMPLE, '--fail-on', 'critical']).code, 1);
    assert.equal(sglint(['scan', 'fixtures/rules/unrestricted-egress/fail', '--fail-on', 'high']).code, 0);
    assert.equal(sglint(['scan', EXAMPLE, '--fail-on', 'none']).code, 0);
    assert.equal(sglint(['scan', '.'], { cwd: tempTree({ 'main.tf': 'resource "aws_security_group" "closed" {}\n' }) }).code, 0);
  });

  it('sarif output is SARIF 2.1.0 with rules, levels, security-severity and fingerprints', () => {
    const r = sglint(['scan', EXAMPLE, '--format', 'sarif']);
    const s = JSON.parse(r.out) as { version: string; runs: { tool: { driver: { rules: { id: string; properties: Record<string, unknown> }[] } }; results: { ruleId: string; level: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    assert.equal(s.version, '2.1.0');
    const run = s.runs[0]!;
    assert.ok(run.tool.driver.rules.every((x) => typeof x.properties['security-severity'] === 'string'));
    assert.equal(run.results.length, 7);
    const ssh = run.results.find((x) => x.ruleId === 'ssh-open-to-internet')!;
    assert.equal(ssh.level, 'error');
    assert.equal(ssh.locations[0]!.physicalLocation.artifactLocation.uri, `${EXAMPLE}/security.tf`);
    assert.equal(ssh.locations[0]!.physicalLocation.region.startLine, 39);
    assert.match(ssh.partialFingerprints['sglint/v1']!, /^[0-9a-f]{32}$/);
  });

  it('--output writes the report to a file', () => {
    const dir = tempTree({});
    const r = sglint(['scan', EXAMPLE, '--format', 'json', '--output', path.join(dir, 'out/report.json')]);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.equal((JSON.parse(fs.readFileSync(path.join(dir, 'out/report.json'), 'utf8')) as { findings: unknown[] }).findings.length, 7);
  });
});

describe('sglint: bad input and usage', () => {
  it('a syntax error: diagnostic with file:line:column, exit 2, other files still scanned', () => {
    const dir = tempTree({
      'broken.tf': 'resource "aws_security_group" "x" {\n  ingress {\n    from_port = [22\n  }\n}\n',
      'open.tf': 'resource "aws_security_group" "y" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n',
    });
    const r = sglint(['scan', '.'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.out, /broken\.tf\n {2}4:3 +error +expected ',' or ']' in the list, found "}"/);
    assert.match(r.out, /open\.tf\n {2}2:3 +critical/);
    assert.ok(!/at .*\.js:\d+/.test(r.out + r.err), 'no stack trace');
    const json = JSON.parse(sglint(['scan', '.', '--format', 'json'], { cwd: dir }).out) as { diagnostics: { file: string; line: number; column: number }[]; findings: unknown[] };
    assert.deepEqual(json.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}`), ['broken.tf:4:3']);
    assert.equal(json.findings.length, 1);
  });

  it('an unknown function or bad reference: exit 2 with the position', () => {
    const dir = tempTree({ 'main.tf': 'resource "aws_security_group" "x" {\n  name = nosuch("a")\n  vpc_id = aws_vpc.missing.id\n}\n' });
    const r = sglint(['scan', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 2);
    const d = (JSON.parse(r.out) as { diagnostics: { message: string; line: number; column: number }[] }).diagnostics;
    assert.deepEqual(d.map((x) => `${x.line}:${x.column}`), ['2:10', '3:12']);
    assert.match(d[0]!.message, /unknown function "nosuch"/);
    assert.match(d[1]!.message, /undeclared resource "aws_vpc.missing"/);
  });

  it('a missing path is a one-line message, exit 2; the other paths are scanned', () => {
    const r = sglint(['scan', 'no/such/dir', 'fixtures/rules/ssh-open-to-internet/fail']);
    assert.equal(r.code, 2);
    assert.match(r.out, /^error: cannot read no\/such\/dir: no such file or directory$/m);
    assert.match(r.out, /critical/);
  });

  it('usage errors exit 2 with a message', () => {
    assert.equal(sglint(['scan', '--format', 'xml']).code, 2);
    assert.match(sglint(['scan', '--bogus']).err, /Unknown option '--bogus'/);
    assert.equal(sglint(['--help']).code, 0);
    assert.match(sglint(['--version']).out, /^\d+\.\d+\.\d+\n$/);
  });

  it('sglint rules lists the catalog', () => {
    const r = sglint(['rules', '--format', 'json']);
    const rules = JSON.parse(r.out) as { id: string; severity: string }[];
    assert.ok(rules.some((x) => x.id === 'ssh-open-to-internet' && x.severity === 'critical'));
    assert.match(sglint(['rules']).out, /^all-ports-open-to-internet +critical/m);
  });
});

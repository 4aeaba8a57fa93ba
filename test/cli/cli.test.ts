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
      `instance-public-ip ${EXAMPLE}/main.tf:27 aws_instance.bastion`,
      `unrestricted-egress ${EXAMPLE}/modules/service-tier/main.tf:29 module.app.aws_security_group.this`,
      `unrestricted-egress ${EXAMPLE}/modules/service-tier/main.tf:29 module.app.aws_security_group.this`,
      `unrestricted-egress ${EXAMPLE}/modules/service-tier/main.tf:29 module.web.aws_security_group.this`,
      `unrestricted-egress ${EXAMPLE}/modules/service-tier/main.tf:29 module.web.aws_security_group.this`,
      `default-security-group-has-rules ${EXAMPLE}/network.tf:11 aws_vpc.main`,
      `nacl-admin-port-open-to-internet ${EXAMPLE}/network.tf:11 aws_vpc.main/default-network-acl`,
      `subnet-auto-assigns-public-ip ${EXAMPLE}/network.tf:21 aws_subnet.public["eu-west-1a"]`,
      `subnet-auto-assigns-public-ip ${EXAMPLE}/network.tf:21 aws_subnet.public["eu-west-1b"]`,
      `open-rule-not-effective ${EXAMPLE}/security.tf:6 aws_security_group.alb`,
      `open-rule-not-effective ${EXAMPLE}/security.tf:15 aws_security_group.alb`,
      `sensitive-port-reachable-from-internet ${EXAMPLE}/security.tf:39 aws_security_group.bastion`,
      `ssh-open-to-internet ${EXAMPLE}/security.tf:39 aws_security_group.bastion`,
      `unrestricted-egress ${EXAMPLE}/security.tf:47 aws_security_group.bastion`,
      `database-reachable-through-chain ${EXAMPLE}/security.tf:61 aws_vpc_security_group_ingress_rule.db_from_app`,
      `database-reachable-through-chain ${EXAMPLE}/security.tf:71 aws_security_group_rule.app_search_temp`,
      `open-rule-not-effective ${EXAMPLE}/security.tf:71 aws_security_group_rule.app_search_temp`,
      `sensitive-port-open ${EXAMPLE}/security.tf:71 aws_security_group_rule.app_search_temp`,
      `unauthorized-port-open-to-internet ${EXAMPLE}/security.tf:71 aws_security_group_rule.app_search_temp`,
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
    assert.match(r.out.trim().split('\n').pop()!, /^✖ 19 findings \(2 critical, 3 high, 6 medium, 8 low\) in 8 files, \d+ resources$/);
    assert.ok(sglint(['scan', EXAMPLE], { env: { FORCE_COLOR: '1' } }).out.includes('\u001b['));
  });

  it('--fail-on sets the exit threshold', () => {
    assert.equal(sglint(['scan', EXAMPLE, '--fail-on', 'critical']).code, 1);
    assert.equal(sglint(['scan', 'fixtures/rules/unrestricted-egress/fail', '--fail-on', 'high']).code, 0);
    assert.equal(sglint(['scan', EXAMPLE, '--fail-on', 'none']).code, 0);
    const closed = 'resource "aws_security_group" "closed" {\n  description = "nothing open"\n  vpc_id      = "vpc-12345678"\n}\n';
    assert.equal(sglint(['scan', '.', '--fail-on', 'medium'], { cwd: tempTree({ 'main.tf': closed }) }).code, 0);
  });

  it('sarif output is SARIF 2.1.0 with rules, levels, security-severity and fingerprints', () => {
    const r = sglint(['scan', EXAMPLE, '--format', 'sarif']);
    const s = JSON.parse(r.out) as { version: string; runs: { tool: { driver: { rules: { id: string; properties: Record<string, unknown> }[] } }; results: { ruleId: string; level: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    assert.equal(s.version, '2.1.0');
    const run = s.runs[0]!;
    assert.ok(run.tool.driver.rules.every((x) => typeof x.properties['security-severity'] === 'string'));
    assert.equal(run.results.length, 19);
    const ssh = run.results.find((x) => x.ruleId === 'ssh-open-to-internet')!;
    assert.equal(ssh.level, 'error');
    assert.equal(ssh.locations[0]!.physicalLocation.artifactLocation.uri, `${EXAMPLE}/security.tf`);
    assert.equal(ssh.locations[0]!.physicalLocation.region.startLine, 39);
    assert.match(ssh.partialFingerprints['sglint/v1']!, /^[0-9a-f]{32}$/);
  });

  it('--output writes the report to a file', () => {
    const dir = tempTree({});
    fs.mkdirSync(path.join(dir, 'out'));
    const r = sglint(['scan', EXAMPLE, '--format', 'json', '--output', path.join(dir, 'out/report.json')]);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.equal((JSON.parse(fs.readFileSync(path.join(dir, 'out/report.json'), 'utf8')) as { findings: unknown[] }).findings.length, 19);
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
    assert.match(r.out, /open\.tf\n( {2}.*\n)* {2}2:3 +critical/);
    assert.ok(!/at .*\.js:\d+/.test(r.out + r.err), 'no stack trace');
    const json = JSON.parse(sglint(['scan', '.', '--format', 'json'], { cwd: dir }).out) as { diagnostics: { file: string; line: number; column: number }[]; findings: unknown[] };
    assert.deepEqual(json.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}`), ['broken.tf:4:3']);
    assert.equal((json.findings as { ruleId: string }[]).filter((f) => f.ruleId === 'ssh-open-to-internet').length, 1);
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
    assert.match(sglint(['scan', '--bogus']).err, /^sglint: unknown option '--bogus'; see "sglint scan --help"\n$/);
    assert.equal(sglint(['--help']).code, 0);
    assert.match(sglint(['--version']).out, /^\d+\.\d+\.\d+\n$/);
  });

  it('starts without a word on stderr (the V8 flags the CLI sets are known to this runtime)', () => {
    const r = sglint(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.err, '');
  });

  it('sglint rules lists the catalog', () => {
    const r = sglint(['rules', '--format', 'json']);
    const rules = JSON.parse(r.out) as { id: string; severity: string }[];
    assert.ok(rules.some((x) => x.id === 'ssh-open-to-internet' && x.severity === 'critical'));
    assert.match(sglint(['rules']).out, /^all-ports-open-to-internet +critical/m);
  });
});

describe('sglint exposure and explain', () => {
  it('exposure --format json follows schema/exposure.schema.json', () => {
    const r = sglint(['exposure', EXAMPLE, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { schemaVersion: number; targets: { id: string; kind: string; origin: { file: string; line: number }; internet: { tcp: number[][]; udp: number[][]; icmp: boolean }; internet6: unknown; hopsFromInternet: number | null; path: string[]; peers: { from: string; tcp: number[][]; udp: number[][] }[] }[] };
    assert.equal(j.schemaVersion, 1);
    const lb = j.targets.find((t) => t.id === 'aws_lb.front')!;
    assert.deepEqual(lb.internet, { tcp: [[443, 443]], udp: [], icmp: false });
    assert.equal(lb.kind, 'load-balancer');
    assert.deepEqual(lb.origin, { file: `${EXAMPLE}/main.tf`, line: 35 });
    const db = j.targets.find((t) => t.id === 'aws_db_instance.main')!;
    assert.equal(db.hopsFromInternet, 2);
    assert.deepEqual(db.path, ['internet', 'aws_instance.bastion', 'module.app.aws_instance.this[0]', 'aws_db_instance.main']);
    assert.deepEqual(db.peers, [{ from: 'module.app.aws_security_group.this', tcp: [[5432, 5432]], udp: [], icmp: false }]);
    const web = j.targets.find((t) => t.id === 'module.web.aws_instance.this[0]')!;
    assert.deepEqual(web.path, ['internet', 'aws_lb.front', 'module.web.aws_instance.this[0]']);
  });

  it('exposure text and markdown (with a mermaid graph)', () => {
    assert.match(sglint(['exposure', EXAMPLE]).out, /aws_db_instance\.main .*\n {2}reachable in 2 hops: internet -> aws_instance\.bastion:22/);
    const md = sglint(['exposure', EXAMPLE, '--format', 'markdown']).out;
    assert.match(md, /```mermaid\ngraph LR/);
    assert.match(md, /\| `aws_db_instance.main` \| database \|/);
  });

  it('explain prints each hop with the deciding rule and its file:line', () => {
    const r = sglint(['explain', 'aws_db_instance.main', EXAMPLE]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^aws_db_instance\.main is reachable from the internet on tcp\/5432 through 2 intermediate endpoints/);
    assert.match(r.out, /✔ security-group +aws_security_group\.bastion ingress\[0\] \(fixtures\/examples\/three-tier\/security\.tf:39\) allows tcp\/22 from 0\.0\.0\.0\/0/);
    const blocked = sglint(['explain', 'aws_lb.front', EXAMPLE, '--port', '80']);
    assert.match(blocked.out, /not reachable from the internet on tcp\/80: blocked by the load-balancer \(no listener on tcp\/80/);
    assert.equal(sglint(['explain', 'nope', EXAMPLE]).code, 2);
    assert.equal(sglint(['explain', 'aws_lb.front', EXAMPLE, '--port', 'x']).code, 2);
  });

  it('exposure JSON keeps ids with quotes and non-ASCII characters intact (written as UTF-8 bytes)', () => {
    const dir = tempTree({
      'main.tf': `
resource "aws_security_group" "web" {
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_instance" "web" {
  for_each                    = toset(["café", "say \\"hi\\"", "中文"])
  ami                         = "ami-1"
  instance_type               = "t3.micro"
  associate_public_ip_address = true
  vpc_security_group_ids      = [aws_security_group.web.id]
}
`,
    });
    const r = sglint(['exposure', '.', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { targets: { id: string; peers: { from: string }[] }[] };
    assert.deepEqual(j.targets.map((t) => t.id).sort(), ['aws_instance.web["café"]', 'aws_instance.web["say \\"hi\\""]', 'aws_instance.web["中文"]'].sort());
    assert.ok(j.targets.every((t) => t.peers.some((p) => p.from === '0.0.0.0/0')));
  });

  it('exposure on an AWS CLI snapshot uses ENI ids', () => {
    const dir = tempTree({});
    fs.writeFileSync(path.join(dir, 'snap.json'), spawnSync(process.execPath, [path.resolve('test-data/gen-aws-snapshot.mjs'), '50', '20', '2'], { encoding: 'utf8' }).stdout);
    const r = sglint(['exposure', 'snap.json', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { targets: { id: string }[] };
    assert.equal(j.targets.length, 50);
    assert.ok(j.targets.every((t) => t.id.startsWith('eni-')));
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/checks/config/load-config.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { tempTree } from '../helpers/tf.js';

const BIN = path.resolve('dist/src/cli/main.js');
interface Report {
  findings: { ruleId: string; severity: string; message: string; location: { file: string; line: number } }[];
  diagnostics: { severity: string; message: string; file?: string; line?: number; column?: number }[];
  summary: { findings: number; suppressed: number; baselined: number };
  suppressed?: { ruleId: string; suppressedBy: { marker: string; reason?: string; line: number } }[];
}
const scan = (cwd: string, args: string[] = [], env: Record<string, string> = {}): { code: number | null; report: Report; err: string } => {
  const r = spawnSync(process.execPath, [BIN, 'scan', '.', '--format', 'json', ...args], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', SGLINT_TODAY: '2026-06-01', ...env } });
  return { code: r.status, report: JSON.parse(r.stdout) as Report, err: r.stderr };
};

const OPEN_SSH = `resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "bastion host"
  vpc_id      = "vpc-12345678"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`;
const ids = (r: Report): string[] => r.findings.map((f) => f.ruleId).sort();

describe('.sglint.yml', () => {
  it('is found from the scanned folder upward, up to the repository\'s root; off, severity and options apply', () => {
    const dir = tempTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.sglint.yml': 'rules:\n  unused-security-group: off\n  ssh-open-to-internet: medium\n  sensitive-port-open: { options: { ports: [22] } }\n',
      'infra/main.tf': OPEN_SSH,
    });
    const r = spawnSync(process.execPath, [BIN, 'scan', 'infra', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    const report = JSON.parse(r.stdout) as Report;
    assert.deepEqual(report.diagnostics, []);
    assert.ok(!report.findings.some((f) => f.ruleId === 'unused-security-group'));
    assert.equal(report.findings.find((f) => f.ruleId === 'ssh-open-to-internet')?.severity, 'medium');
    assert.ok(report.findings.some((f) => f.ruleId === 'sensitive-port-open' && /22/.test(f.message)));
  });

  it('a configuration outside the working directory (a diff\'s base tree) is named from its own root, not by a temporary path', () => {
    const base = tempTree({ '.sglint.yml': 'nope: 1\npolicies:\n  - id: p\n    forbid: { from: internet, to: "tag:tier=db" }\n' });
    const cwd = tempTree({ 'main.tf': '' });
    const diagnostics: Diagnostic[] = [];
    const config = loadConfig(path.join(base, '.sglint.yml'), cwd, diagnostics, base);
    assert.equal(config.policies[0]?.file, '.sglint.yml');
    assert.equal(diagnostics[0]?.file, '.sglint.yml');
    assert.match(diagnostics[0]!.message, /unknown key "nope"/);
    // Inside the working directory it stays relative to it.
    const inside: Diagnostic[] = [];
    loadConfig(path.join(base, '.sglint.yml'), path.dirname(base), inside, base);
    assert.equal(inside[0]?.file, path.join(path.basename(base), '.sglint.yml'));
  });

  it('presets: strict turns on the rules recommended leaves off; a framework preset keeps only its mapped rules', () => {
    const dir = tempTree({ 'main.tf': OPEN_SSH });
    assert.ok(!ids(scan(dir).report).includes('rule-missing-description'));
    fs.writeFileSync(path.join(dir, '.sglint.yml'), 'extends: strict\n');
    assert.ok(ids(scan(dir).report).includes('rule-missing-description'));
    fs.writeFileSync(path.join(dir, '.sglint.yml'), 'extends: [cis]\n');
    const cis = ids(scan(dir).report);
    assert.ok(cis.includes('ssh-open-to-internet'));
    assert.ok(!cis.includes('unused-security-group'), 'unused-security-group has no CIS mapping');
  });

  it('unknown keys, unknown rules, bad severities and bad options are errors at their line; the rest still applies', () => {
    const dir = tempTree({
      '.sglint.yml': 'rules:\n  unused-security-group: off\n  no-such-rule: high\n  ssh-open-to-internet: severe\n  sensitive-port-open:\n    options:\n      ports: ["ssh"]\n      portz: [1]\nfailon: high\n',
      'main.tf': OPEN_SSH,
    });
    const { code, report } = scan(dir);
    assert.equal(code, 2);
    const at = report.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`);
    assert.ok(at.some((d) => /^\.sglint\.yml:3:3 unknown rule "no-such-rule"/.test(d)), at.join('\n'));
    assert.ok(at.some((d) => /^\.sglint\.yml:4:3 rules\.ssh-open-to-internet/.test(d)), at.join('\n'));
    assert.ok(at.some((d) => /^\.sglint\.yml:7:\d+ rule sensitive-port-open: option ports\.0 must be integer/.test(d)), at.join('\n'));
    assert.ok(at.some((d) => /^\.sglint\.yml:8:7 rule sensitive-port-open has no option "portz" \(options: ports\)/.test(d)), at.join('\n'));
    assert.ok(at.some((d) => /^\.sglint\.yml:9:1 unknown key "failon"/.test(d)), at.join('\n'));
    assert.ok(!report.findings.some((f) => f.ruleId === 'unused-security-group'), 'valid settings still apply');
    assert.ok(report.findings.some((f) => f.ruleId === 'ssh-open-to-internet'), 'the scan still runs');
  });

  it('invalid YAML names the position; --config names a file explicitly', () => {
    const dir = tempTree({ 'bad.yml': 'rules:\n  a: [1\n', 'main.tf': OPEN_SSH });
    const { code, report } = scan(dir, ['--config', 'bad.yml']);
    assert.equal(code, 2);
    assert.match(`${report.diagnostics[0]!.file}:${report.diagnostics[0]!.line}`, /^bad\.yml:\d+$/);
    assert.match(report.diagnostics[0]!.message, /invalid YAML/);
    // A file named on the command line that is not there stops the run: no report from defaults.
    const missing = spawnSync(process.execPath, [BIN, 'scan', '.', '--format', 'json', '--config', 'nope.yml'], { cwd: dir, encoding: 'utf8' });
    assert.equal(missing.status, 2);
    assert.equal(missing.stdout, '');
    assert.equal(missing.stderr, 'sglint: --config nope.yml: no such file\n');
  });

  it('ignore globs drop findings (and diagnostics) under the matched paths; failOn sets the default threshold', () => {
    const dir = tempTree({ '.sglint.yml': 'ignore: ["examples/**"]\nfailOn: critical\n', 'examples/demo/main.tf': OPEN_SSH, 'main.tf': 'resource "aws_security_group" "x" {\n  description = "x"\n  vpc_id = "vpc-1"\n}\n' });
    const { code, report } = scan(dir);
    assert.ok(!report.findings.some((f) => f.location.file.startsWith('examples/')));
    assert.equal(code, 0, 'only a low finding is left, below failOn: critical');
  });
});

describe('inline suppressions', () => {
  const tree = (marker: string): string => tempTree({ 'main.tf': OPEN_SSH.replace('  ingress {', `${marker}\n  ingress {`) });

  it('sglint:ignore with a reason suppresses; counted, listed with --show-suppressed, absent from SARIF', () => {
    const dir = tree('  # sglint:ignore ssh-open-to-internet reason="bastion behind the VPN" until=2026-12-31');
    const { report } = scan(dir, ['--show-suppressed']);
    assert.ok(!ids(report).includes('ssh-open-to-internet'));
    assert.ok(report.summary.suppressed >= 1);
    assert.deepEqual(report.suppressed!.map((s) => [s.ruleId, s.suppressedBy.marker, s.suppressedBy.reason]), [['ssh-open-to-internet', 'sglint:ignore', 'bastion behind the VPN']]);
    const sarif = spawnSync(process.execPath, [BIN, 'scan', '.', '--format', 'sarif'], { cwd: dir, encoding: 'utf8' }).stdout;
    assert.ok(!sarif.includes('"ruleId": "ssh-open-to-internet"'));
    const text = spawnSync(process.execPath, [BIN, 'scan', '.'], { cwd: dir, encoding: 'utf8' }).stdout;
    assert.match(text, /1 suppressed, not shown/);
  });

  it('a marker without a reason is reported and not applied', () => {
    const { report } = scan(tree('  # sglint:ignore ssh-open-to-internet'));
    assert.ok(ids(report).includes('ssh-open-to-internet'));
    assert.ok(report.diagnostics.some((d) => d.severity === 'warning' && /reason is required/.test(d.message) && d.line === 6));
  });

  it('an expired until brings the finding back and says so', () => {
    const { report } = scan(tree('  # sglint:ignore ssh-open-to-internet reason="temporary" until=2026-01-31'));
    const f = report.findings.find((x) => x.ruleId === 'ssh-open-to-internet');
    assert.match(f!.message, /suppression at main\.tf:6 expired on 2026-01-31/);
  });

  it('a marker above the resource covers its rule blocks; other rules are not suppressed', () => {
    const dir = tempTree({ 'main.tf': `# sglint:ignore ssh-open-to-internet reason="bastion"\n${OPEN_SSH}` });
    const r = ids(scan(dir).report);
    assert.ok(!r.includes('ssh-open-to-internet'));
    assert.ok(r.includes('unused-security-group'));
  });

  it('the peers\' markers are honoured through the id table', () => {
    const cases: [string, string][] = [
      ['  #checkov:skip=CKV_AWS_24:bastion', 'checkov:skip'],
      ['  # tfsec:ignore:aws-ec2-no-public-ingress-sgr', 'tfsec:ignore'],
      ['  # trivy:ignore:AVD-AWS-0107:exp:2027-01-01', 'trivy:ignore'],
      ['  # trivy:ignore:aws-ec2-no-public-ingress-sgr', 'trivy:ignore'],
      ['  # kics-scan ignore-line', 'kics-scan ignore-line'],
      ['  # kics-scan ignore-block', 'kics-scan ignore-block'],
    ];
    for (const [marker, name] of cases) {
      const { report } = scan(tree(marker), ['--show-suppressed']);
      assert.ok(!ids(report).includes('ssh-open-to-internet'), marker);
      assert.ok(report.suppressed!.some((s) => s.ruleId === 'ssh-open-to-internet' && s.suppressedBy.marker === name), marker);
    }
    // Checkov's convention: the skip comment inside the resource block.
    const inside = tempTree({ 'main.tf': OPEN_SSH.replace('  name        = "bastion"', '  #checkov:skip=CKV_AWS_24:bastion host\n  name        = "bastion"') });
    assert.ok(!ids(scan(inside).report).includes('ssh-open-to-internet'));
    // An expired Trivy exp: does not suppress.
    assert.ok(ids(scan(tree('  # trivy:ignore:AWS-0107:exp:2025-01-01')).report).includes('ssh-open-to-internet'));
    // An id sglint maps elsewhere does not suppress this rule.
    assert.ok(ids(scan(tree('  #checkov:skip=CKV_AWS_23:no description')).report).includes('ssh-open-to-internet'));
  });
});

describe('baseline', () => {
  it('--write-baseline records today; --baseline reports only what is new', () => {
    const dir = tempTree({ 'main.tf': OPEN_SSH });
    const first = scan(dir, ['--write-baseline', 'base.json']);
    assert.ok(first.report.findings.length > 0);
    const base = JSON.parse(fs.readFileSync(path.join(dir, 'base.json'), 'utf8')) as { findings: { fingerprint: string }[] };
    assert.equal(base.findings.length, first.report.findings.length);
    const again = scan(dir, ['--baseline', 'base.json']);
    assert.equal(again.code, 0);
    assert.deepEqual(again.report.findings, []);
    assert.equal(again.report.summary.baselined, first.report.findings.length);
    // Moving lines does not make old findings new; a new open port is new.
    fs.writeFileSync(path.join(dir, 'main.tf'), `\n\n${OPEN_SSH.replace('from_port   = 22\n    to_port     = 22', 'from_port   = 22\n    to_port     = 23')}`);
    const after = scan(dir, ['--baseline', 'base.json']);
    assert.ok(after.report.findings.length > 0);
    assert.ok(after.report.findings.every((f) => f.ruleId !== 'unused-security-group'));
    assert.equal(spawnSync(process.execPath, [BIN, 'scan', '.', '--baseline', 'missing.json'], { cwd: dir, encoding: 'utf8' }).status, 2);
  });
});

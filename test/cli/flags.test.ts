import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const BIN = path.resolve('dist/src/cli/main.js');
const EXAMPLE = 'fixtures/examples/three-tier';
const sglint = (args: string[], cwd = process.cwd()) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const ruleIds = (out: string): string[] => (JSON.parse(out) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);

describe('choosing what a scan reports', () => {
  it('--check: ids, globs and other scanners\' ids; --skip-check takes them away', () => {
    assert.deepEqual([...new Set(ruleIds(sglint(['scan', EXAMPLE, '--format', 'json', '--check', 'ssh-*,unrestricted-egress']).out))].sort(), ['ssh-open-to-internet', 'unrestricted-egress']);
    assert.deepEqual(ruleIds(sglint(['scan', EXAMPLE, '--format', 'json', '--check', 'CKV_AWS_24']).out), ['ssh-open-to-internet'], 'Checkov\'s SSH check');
    const all = ruleIds(sglint(['scan', EXAMPLE, '--format', 'json']).out);
    const skipped = ruleIds(sglint(['scan', EXAMPLE, '--format', 'json', '--skip-check', 'unrestricted-egress', '--skip-check', 'open-rule-*']).out);
    assert.deepEqual(skipped, all.filter((id) => id !== 'unrestricted-egress' && id !== 'open-rule-not-effective'));
  });

  it('an id that names no rule: the closest ones, exit 2, no report', () => {
    const r = sglint(['scan', EXAMPLE, '--check', 'ssh-open-to-internt']);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(r.err, 'sglint: --check: no rule "ssh-open-to-internt" (did you mean "ssh-open-to-internet" or "rdp-open-to-internet"?); "sglint rules" lists them\n');
  });

  it('--skip-path (repeatable, a folder or a glob) and --severity', () => {
    const r = sglint(['scan', EXAMPLE, '--format', 'json', '--skip-path', `${EXAMPLE}/modules`, '--skip-path', '**/network.tf']);
    const files = new Set((JSON.parse(r.out) as { findings: { location: { file: string } }[] }).findings.map((f) => f.location.file));
    assert.deepEqual([...files].sort(), [`${EXAMPLE}/main.tf`, `${EXAMPLE}/security.tf`]);
    const severe = JSON.parse(sglint(['scan', EXAMPLE, '--format', 'json', '--severity', 'critical,high']).out) as { findings: { severity: string }[] };
    assert.deepEqual([...new Set(severe.findings.map((f) => f.severity))].sort(), ['critical', 'high']);
    assert.match(sglint(['scan', EXAMPLE, '--severity', 'hgh']).err, /^sglint: --severity: "hgh" is not a severity \(critical, high, medium or low\) \(did you mean "high"\?\)$/m);
  });

  it('--soft-fail: exit 0 on findings and on input errors, which are still printed', () => {
    assert.equal(sglint(['scan', EXAMPLE, '--soft-fail']).code, 0);
    const r = sglint(['scan', 'no/such/dir', '--soft-fail']);
    assert.equal(r.code, 0);
    assert.match(r.out, /^error: cannot read no\/such\/dir/m);
  });
});

describe('text output', () => {
  it('most severe first within a file (default), by line with --sort file', () => {
    const severities = (out: string): string[] => out.split('\n\n').find((b) => b.startsWith(`${EXAMPLE}/security.tf`))!.split('\n').slice(1).map((l) => l.trim().split(/\s+/)[1]!);
    assert.deepEqual(severities(sglint(['scan', EXAMPLE]).out), ['critical', 'critical', 'high', 'high', 'high', 'medium', 'low', 'low', 'low', 'low']);
    const byLine = sglint(['scan', EXAMPLE, '--sort', 'file']).out.split('\n\n').find((b) => b.startsWith(`${EXAMPLE}/security.tf`))!.split('\n').slice(1).map((l) => Number(l.trim().split(':')[0]));
    assert.deepEqual(byLine, [...byLine].sort((a, b) => a - b));
  });

  it('--compact: one line per finding with file:line:column; --quiet: no summary', () => {
    const compact = sglint(['scan', EXAMPLE, '--compact']).out.trim().split('\n');
    assert.equal(compact.filter((l) => /^fixtures\/examples\/three-tier\/\S+:\d+:\d+ {2}(critical|high|medium|low) /.test(l)).length, 19);
    const quiet = sglint(['scan', EXAMPLE, '--compact', '--quiet', '--severity', 'critical']).out;
    assert.equal(quiet.trim().split('\n').length, 2);
    assert.ok(!quiet.includes('✖'));
  });

  it('distinct colours per severity', () => {
    const r = spawnSync(process.execPath, [BIN, 'scan', EXAMPLE], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', FORCE_COLOR: '1' } }).stdout;
    const colour = (sev: string): string => new RegExp(`((?:\\u001b\\[\\d+m)+)${sev}`).exec(r)![1]!;
    const codes = ['critical', 'high', 'medium', 'low'].map(colour);
    assert.equal(new Set(codes).size, 4, JSON.stringify(codes));
  });

  it('an empty folder: the input error, and no green "no findings"', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-empty-'));
    const r = sglint([], dir);
    assert.equal(r.code, 2);
    assert.ok(!r.out.includes('✔'), r.out);
    assert.ok(!r.out.includes('0:0'), r.out);
    assert.match(r.out, /^error: \.: no Terraform/m);
    assert.match(r.out, /^✖ 1 input error, no findings in 0 files/m);
  });
});

describe('files named on the command line', () => {
  it('--config and --baseline that do not exist stop the run', () => {
    assert.deepEqual(sglint(['scan', EXAMPLE, '--config', 'nope.yml']), { code: 2, out: '', err: 'sglint: --config nope.yml: no such file\n' });
    assert.deepEqual(sglint(['scan', EXAMPLE, '--baseline', 'nope.json']), { code: 2, out: '', err: 'sglint: --baseline nope.json: no such file\n' });
  });

  it('--output into a folder that does not exist is an error, not a new folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-out-'));
    const r = sglint(['scan', EXAMPLE, '--output', path.join(dir, 'no/such/x.json')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /^sglint: cannot write .*x\.json: the folder .*no\/such does not exist$/m);
    assert.ok(!fs.existsSync(path.join(dir, 'no')));
  });

  it('--write-baseline says what it wrote, prints no findings, exits 0; the baseline then hides them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-baseline-'));
    const file = path.join(dir, 'baseline.json');
    assert.deepEqual(sglint(['scan', EXAMPLE, '--write-baseline', file]), { code: 0, out: `baseline written: 19 finding(s) to ${file}\n`, err: '' });
    const after = sglint(['scan', EXAMPLE, '--baseline', file]);
    assert.equal(after.code, 0);
    assert.match(after.out, /✔ no findings .*\(19 in the baseline, not shown\)/);
  });
});

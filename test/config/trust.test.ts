import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { securePrivateDir, userCacheDir, type DirProbe } from '../../src/checks/config/cache-dir.js';
import { tempTree } from '../helpers/tf.js';

const BIN = path.resolve('dist/src/cli/main.js');
interface Report {
  findings: { ruleId: string }[];
  diagnostics: { severity: string; message: string; file?: string; line?: number; column?: number }[];
}
const OPEN_SSH = 'resource "aws_security_group" "bastion" {\n  name = "bastion"\n  description = "bastion"\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n';
const GIT = { '.git/HEAD': 'ref: refs/heads/main\n' };
/** A custom rule that proves it ran by writing a file (the file must never appear). */
const evil = (marker: string): string => `import fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(marker)}, 'ran');\nexport default {};\n`;

function sglint(args: string[], cwd: string, cache = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-cache-'))): { code: number | null; report: Report; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', SGLINT_CACHE_DIR: cache, SGLINT_TEST_TOKEN: 'ghp_secretvalue' } });
  let report: Report = { findings: [], diagnostics: [] };
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    // not JSON output
  }
  return { code: r.status, report, stderr: r.stderr, stdout: r.stdout };
}
const errorsOf = (r: Report): string[] => r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file ?? ''}:${d.line ?? ''}:${d.column ?? ''}: ${d.message}`);

describe('trust: configuration stays inside the module root', () => {
  it('a .sglint.yml above the repository is never used', () => {
    const outer = tempTree({ '.sglint.yml': 'rules:\n  ssh-open-to-internet: off\n', 'repo/main.tf': OPEN_SSH, 'repo/.git/HEAD': 'ref: refs/heads/main\n' });
    const r = sglint(['scan', 'repo', '--format', 'json'], outer);
    assert.ok(r.report.findings.some((f) => f.ruleId === 'ssh-open-to-internet'));
  });

  it('baseline: outside the root is an error at its config line, and nothing of the file is printed', () => {
    const secret = tempTree({ 'secret.json': '{"findings": AKIA_SECRET_CONTENT' });
    const dir = tempTree({ ...GIT, 'main.tf': OPEN_SSH, '.sglint.yml': `rules: {}\nbaseline: ${path.join(secret, 'secret.json')}\n` });
    const r = sglint(['scan', '.', '--format', 'json'], dir);
    assert.deepEqual(errorsOf(r.report).map((e) => e.replace(/ resolves to .*/, '')), [`.sglint.yml:2:1: baseline: ${JSON.stringify(path.join(secret, 'secret.json'))}`]);
    assert.doesNotMatch(r.stdout + r.stderr, /AKIA_SECRET/);
  });

  it('a baseline symlinked out of the root is refused; a broken one inside gives its position, not its content', () => {
    const dir = tempTree({ ...GIT, 'main.tf': OPEN_SSH, '.sglint.yml': 'baseline: base.json\n' });
    fs.symlinkSync('/proc/self/environ', path.join(dir, 'base.json'));
    const r = sglint(['scan', '.', '--format', 'json'], dir);
    assert.match(errorsOf(r.report)[0]!, /^\.sglint\.yml:1:1: baseline: "base\.json" resolves to \/proc\/\d+\/environ, outside the module root/);
    assert.doesNotMatch(r.stdout + r.stderr, /ghp_secretvalue|PATH=/);
    fs.rmSync(path.join(dir, 'base.json'));
    fs.writeFileSync(path.join(dir, 'base.json'), '{\n  "findings": [ghp_inline_secret]\n}\n');
    const broken = sglint(['scan', '.', '--format', 'json'], dir);
    assert.deepEqual(errorsOf(broken.report), ['base.json:2:16: baseline base.json: invalid JSON: unexpected character']);
    assert.doesNotMatch(broken.stdout + broken.stderr, /ghp_inline_secret/);
  });

  it('customRules: a folder outside the root is an error at its line and never runs', () => {
    const marker = path.join(os.tmpdir(), `sglint-pwned-${process.pid}-a`);
    const rules = tempTree({ 'evil.mjs': evil(marker) });
    const dir = tempTree({ ...GIT, 'main.tf': OPEN_SSH, '.sglint.yml': `customRules:\n  - ${rules}\n` });
    const r = sglint(['scan', '.', '--format', 'json'], dir);
    assert.deepEqual(errorsOf(r.report).map((e) => e.replace(/ resolves to .*/, '')), [`.sglint.yml:2:5: customRules: ${JSON.stringify(rules)}`]);
    assert.ok(!fs.existsSync(marker));
  });

  it('a custom rule symlinked out of the root, or importing from outside it, is refused before it runs', () => {
    const marker = path.join(os.tmpdir(), `sglint-pwned-${process.pid}-b`);
    const outside = tempTree({ 'evil.mjs': evil(marker), 'helper.mjs': evil(marker) });
    const dir = tempTree({ ...GIT, 'main.tf': OPEN_SSH, '.sglint.yml': 'customRules: [rules]\n', 'rules/imports.mjs': `import x from '../../${path.basename(outside)}/helper.mjs';\nexport default x;\n` });
    fs.symlinkSync(path.join(outside, 'evil.mjs'), path.join(dir, 'rules/linked.mjs'));
    const r = sglint(['scan', '.', '--format', 'json'], dir);
    const e = errorsOf(r.report);
    assert.equal(e.length, 2, e.join('\n'));
    assert.match(e[0]!, /^rules\/imports\.mjs:1:16: custom rule rules\/imports\.mjs is not loaded: its import "\.\.\/\.\.\/sglint-test-\w+\/helper\.mjs" resolves to .*, outside the module root/);
    assert.match(e[1]!, /^rules\/linked\.mjs:1:1: custom rule rules\/linked\.mjs is not loaded: it is a symlink out of the module root/);
    assert.ok(!fs.existsSync(marker));
  });

  it('--no-custom-rules loads none and says so at the config line; built-in rules still run', () => {
    const marker = path.join(os.tmpdir(), `sglint-pwned-${process.pid}-c`);
    const dir = tempTree({ ...GIT, 'main.tf': OPEN_SSH, '.sglint.yml': 'rules: {}\ncustomRules: [rules]\n', 'rules/evil.mjs': evil(marker) });
    const r = sglint(['scan', '.', '--format', 'json', '--no-custom-rules'], dir);
    assert.ok(!fs.existsSync(marker));
    assert.ok(r.report.findings.some((f) => f.ruleId === 'ssh-open-to-internet'));
    assert.deepEqual(r.report.diagnostics.map((d) => `${d.severity} ${d.file}:${d.line}:${d.column}`), ['warning .sglint.yml:2:1']);
    assert.match(r.report.diagnostics[0]!.message, /customRules are not loaded \(--no-custom-rules\): rules/);
  });
});

describe('trust: the compiled-rule cache', () => {
  it('lives in the user\'s cache folder, never a shared TMPDIR name', () => {
    assert.equal(userCacheDir({}, 'linux', '/home/u'), '/home/u/.cache/sglint');
    assert.equal(userCacheDir({ XDG_CACHE_HOME: '/x' }, 'linux', '/home/u'), '/x/sglint');
    assert.equal(userCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u'), '/home/u/.cache/sglint');
    assert.equal(userCacheDir({}, 'darwin', '/Users/u'), '/Users/u/Library/Caches/sglint');
    assert.equal(userCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'), path.join('C:\\Users\\u\\AppData\\Local', 'sglint', 'Cache'));
    assert.equal(userCacheDir({ SGLINT_CACHE_DIR: '/c' }, 'linux', '/home/u'), '/c');
  });

  it('is created 0700; one open to others is made private; a symlink or another user\'s folder is refused', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-cachecheck-'));
    const fresh = path.join(base, 'a', 'rules');
    assert.equal(securePrivateDir(fresh), null);
    assert.equal(fs.statSync(fresh).mode & 0o777, 0o700);
    const open = path.join(base, 'open');
    fs.mkdirSync(open, { mode: 0o777 });
    fs.chmodSync(open, 0o777);
    assert.equal(securePrivateDir(open), null);
    assert.equal(fs.statSync(open).mode & 0o777, 0o700);
    const link = path.join(base, 'link');
    fs.symlinkSync(fresh, link);
    assert.match(securePrivateDir(link) ?? '', /is a symlink/);
    // chown is not possible here: the owner is simulated.
    const other: DirProbe = { uid: 4242, lstat: (p) => fs.lstatSync(p), chmod: () => assert.fail('must not touch another user\'s folder') };
    assert.match(securePrivateDir(fresh, other) ?? '', /is owned by another user \(uid \d+\)/);
  });

  it('a scan refuses custom rules when the cache is another user\'s (simulated by a cache that is a symlink)', () => {
    const marker = path.join(os.tmpdir(), `sglint-pwned-${process.pid}-d`);
    const dir = tempTree({ ...GIT, 'main.tf': OPEN_SSH, '.sglint.yml': 'customRules: [rules]\n', 'rules/evil.mjs': evil(marker) });
    const planted = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-planted-'));
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-cache-'));
    fs.symlinkSync(planted, path.join(cache, 'rules'));
    const r = sglint(['scan', '.', '--format', 'json'], dir, cache);
    assert.ok(!fs.existsSync(marker));
    assert.match(errorsOf(r.report)[0] ?? '', /custom rules are not loaded: the rule cache .*rules is a symlink/);
  });
});

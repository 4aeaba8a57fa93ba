import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const BIN = path.resolve('dist/src/cli/main.js');
const sglint = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', SGLINT_CACHE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-cache-')) } });
const git = (cwd: string, ...args: string[]): string => {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
};

const OPEN = '\nresource "aws_security_group_rule" "debug" {\n  type              = "ingress"\n  security_group_id = aws_security_group.bastion.id\n  from_port         = 5432\n  to_port           = 5432\n  protocol          = "tcp"\n  cidr_blocks       = ["0.0.0.0/0"]\n}\n';

interface DiffJson {
  added: { ruleId: string }[];
  head: { diagnostics: { severity: string; message: string }[] };
}

/** The head opens a port, switches the rule that would say so off, and adds its own code as a custom rule. */
function hostileHead(head: string, marker: string): void {
  fs.appendFileSync(path.join(head, 'security.tf'), OPEN);
  fs.writeFileSync(path.join(head, '.sglint.yml'), 'rules:\n  sensitive-port-open: off\ncustomRules: [.sglint/rules]\n');
  fs.mkdirSync(path.join(head, '.sglint/rules'), { recursive: true });
  fs.writeFileSync(path.join(head, '.sglint/rules/evil.mjs'), `import fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(marker)}, 'ran');\nexport default {};\n`);
}

function assertBaseJudges(stdout: string, marker: string): void {
  const d = JSON.parse(stdout) as DiffJson & { diagnostics?: unknown };
  assert.ok(!fs.existsSync(marker), 'code from the head must not run');
  assert.ok(d.added.some((f) => f.ruleId === 'sensitive-port-open'), 'the head cannot switch off the rule that judges it');
}

describe('sglint diff: the head\'s configuration is never used', () => {
  it('two folders, the base without .sglint.yml: built-in rules judge both, the head\'s config and custom rules are ignored', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-difftrust-'));
    const marker = path.join(root, 'PWNED');
    fs.cpSync('fixtures/examples/three-tier', path.join(root, 'base'), { recursive: true });
    fs.cpSync('fixtures/examples/three-tier', path.join(root, 'head'), { recursive: true });
    hostileHead(path.join(root, 'head'), marker);
    const r = sglint(['diff', 'base', 'head', '--format', 'json'], root);
    assert.equal(r.status, 1, r.stderr);
    assertBaseJudges(r.stdout, marker);
    const text = sglint(['diff', 'base', 'head'], root);
    assert.match(text.stderr, /the base has no \.sglint\.yml: built-in rules with their defaults judge both sides/);
  });

  it('two git refs, the base commit without .sglint.yml: likewise', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-difftrust-git-'));
    const marker = path.join(os.tmpdir(), `sglint-difftrust-${process.pid}`);
    fs.cpSync('fixtures/examples/three-tier', dir, { recursive: true });
    git(dir, 'init', '-q');
    git(dir, 'config', 'user.email', 'ci@example.com');
    git(dir, 'config', 'user.name', 'ci');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    hostileHead(dir, marker);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'head');
    const r = sglint(['diff', 'HEAD~1', 'HEAD', '--format', 'json'], dir);
    assert.equal(r.status, 1, r.stderr);
    assertBaseJudges(r.stdout, marker);
    // The working tree (the head, checked out) holds the hostile config: a diff still does not use it.
    const worktree = sglint(['diff', 'HEAD~1', '.', '--format', 'json'], dir);
    assertBaseJudges(worktree.stdout, marker);
  });
});

describe('sglint merge reads through the confined reader', () => {
  it('a malformed file gives its position, never its content; a FIFO is refused at once', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-merge-trust-'));
    fs.writeFileSync(path.join(dir, 'bad.json'), '{\n  "Vpcs": ghp_secret_in_file\n}\n');
    const bad = sglint(['merge', 'bad.json'], dir);
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr, 'sglint: bad.json:2:11: invalid JSON: unexpected character\n');
    spawnSync('mkfifo', [path.join(dir, 'pipe.json')]);
    const t0 = Date.now();
    const pipe = sglint(['merge', 'pipe.json'], dir);
    assert.ok(Date.now() - t0 < 5000);
    assert.match(pipe.stderr, /pipe\.json is not a regular file/);
  });
});

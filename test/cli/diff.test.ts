import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const BIN = path.resolve('dist/src/cli/main.js');
const sglint = (args: string[], cwd: string, env: Record<string, string> = {}) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', ...env } });
const git = (cwd: string, ...args: string[]) => spawnSync('git', args, { cwd, encoding: 'utf8' });

const OPEN = '\nresource "aws_security_group_rule" "debug" {\n  type              = "ingress"\n  security_group_id = aws_security_group.bastion.id\n  from_port         = 5432\n  to_port           = 5432\n  protocol          = "tcp"\n  cidr_blocks       = ["0.0.0.0/0"]\n}\n';

interface DiffJson {
  schemaVersion: number;
  added: { ruleId: string; fingerprint: string }[];
  removed: { ruleId: string }[];
  exposure: { opened: { id: string; internet: { tcp: [number, number][] } }[]; closed: unknown[] };
}

function twoFolders(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-diff-'));
  fs.cpSync('fixtures/examples/three-tier', path.join(root, 'base'), { recursive: true });
  fs.cpSync('fixtures/examples/three-tier', path.join(root, 'head'), { recursive: true });
  // Moved lines (a comment at the top) must not make old findings new; a new open port is.
  const sec = path.join(root, 'head', 'security.tf');
  fs.writeFileSync(sec, `# moved\n\n${fs.readFileSync(sec, 'utf8')}${OPEN}`);
  return root;
}

describe('sglint diff', () => {
  it('two folders: added and removed by fingerprint (moved lines are not news), exposure opened', () => {
    const root = twoFolders();
    const r = sglint(['diff', 'base', 'head', '--format', 'json'], root);
    assert.equal(r.status, 1, r.stderr);
    const d = JSON.parse(r.stdout) as DiffJson;
    assert.equal(d.schemaVersion, 1);
    assert.ok(d.added.some((f) => f.ruleId === 'sensitive-port-open'));
    assert.ok(d.added.every((f) => f.ruleId !== 'ssh-open-to-internet'), 'unchanged findings on moved lines are not added');
    assert.deepEqual(d.removed, []);
    const bastion = d.exposure.opened.find((x) => x.id === 'aws_instance.bastion');
    assert.deepEqual(bastion?.internet.tcp, [[5432, 5432]]);
    const back = JSON.parse(sglint(['diff', 'head', 'base', '--format', 'json'], root).stdout) as DiffJson;
    assert.equal(back.added.length, 0);
    assert.ok(back.removed.length > 0);
    assert.ok(back.exposure.closed.length > 0);
    assert.equal(sglint(['diff', 'head', 'base'], root).status, 0, 'exit code from what is added');
  });

  it('two git refs, read without touching the working tree', () => {
    const root = twoFolders();
    const repo = path.join(root, 'repo');
    fs.cpSync(path.join(root, 'base'), repo, { recursive: true });
    for (const args of [['init', '-q'], ['config', 'user.email', 'a@b'], ['config', 'user.name', 'a'], ['add', '-A'], ['commit', '-qm', 'base']]) git(repo, ...args);
    fs.cpSync(path.join(root, 'head'), repo, { recursive: true });
    git(repo, 'commit', '-qam', 'head');
    fs.writeFileSync(path.join(repo, 'security.tf'), 'uncommitted edits are not part of HEAD');
    const r = sglint(['diff', 'HEAD~1', 'HEAD', '--format', 'json'], repo);
    const d = JSON.parse(r.stdout) as DiffJson;
    assert.ok(d.added.some((f) => f.ruleId === 'sensitive-port-open'), r.stderr);
    assert.equal(fs.readFileSync(path.join(repo, 'security.tf'), 'utf8'), 'uncommitted edits are not part of HEAD');
    const bad = sglint(['diff', 'nope', 'HEAD'], repo);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /nope is neither a folder nor a git ref/);
  });

  it('every format: text, markdown (with the new paths), sarif (added only), github annotations + job summary', () => {
    const root = twoFolders();
    assert.match(sglint(['diff', 'base', 'head'], root).stdout, /Added findings:\n {2}\+ critical/);
    const md = sglint(['diff', 'base', 'head', '--format', 'markdown'], root).stdout;
    assert.match(md, /## sglint: \d+ new findings?, 0 fixed/);
    assert.match(md, /### Exposure[\s\S]*opened[\s\S]*```mermaid/);
    const sarif = JSON.parse(sglint(['diff', 'base', 'head', '--format', 'sarif'], root).stdout) as { runs: { results: { ruleId: string }[] }[] };
    assert.ok(sarif.runs[0]!.results.length > 0 && sarif.runs[0]!.results.every((x) => x.ruleId !== 'ssh-open-to-internet'));
    const summary = path.join(root, 'summary.md');
    const gh = sglint(['diff', 'base', 'head', '--format', 'github'], root, { GITHUB_STEP_SUMMARY: summary });
    assert.match(gh.stdout, /^::error file=head\/security\.tf|^::error file=security\.tf/m);
    assert.match(fs.readFileSync(summary, 'utf8'), /new finding/);
  });
});

describe('scan --format markdown and github', () => {
  it('markdown: a table and a mermaid graph; github: at most 10 annotations per kind, the rest summarised', () => {
    const md = sglint(['scan', 'fixtures/examples/three-tier', '--format', 'markdown'], process.cwd()).stdout;
    assert.match(md, /\| Severity \| Finding \| Where \| Exposure \|/);
    assert.match(md, /```mermaid\ngraph LR/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-gh-'));
    const many = Array.from({ length: 15 }, (_, i) => `resource "aws_security_group" "g${i}" {\n  description = "g"\n  vpc_id = "vpc-1"\n  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n`).join('\n');
    fs.writeFileSync(path.join(dir, 'main.tf'), many);
    const summary = path.join(dir, 'summary.md');
    const r = sglint(['scan', '.', '--format', 'github'], dir, { GITHUB_STEP_SUMMARY: summary });
    const lines = r.stdout.split('\n');
    assert.equal(lines.filter((l) => l.startsWith('::error ')).length, 10);
    assert.ok(lines.filter((l) => l.startsWith('::notice ')).length <= 10);
    assert.match(r.stdout, /::notice title=sglint::\d+ more findings not annotated/);
    assert.match(fs.readFileSync(summary, 'utf8'), /\*\*\d+ findings\*\*/);
  });
});

describe('sglint init and merge', () => {
  it('init writes .sglint.yml (valid) and the workflow, and never overwrites without --force', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-init-'));
    const r = sglint(['init'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fs.existsSync(path.join(dir, '.sglint.yml')) && fs.existsSync(path.join(dir, '.github/workflows/sglint.yml')));
    fs.writeFileSync(path.join(dir, 'main.tf'), 'resource "aws_security_group" "x" {\n  description = "x"\n  vpc_id = "vpc-1"\n}\n');
    const scan = sglint(['scan', '.', '--format', 'json'], dir);
    assert.deepEqual((JSON.parse(scan.stdout) as { diagnostics: unknown[] }).diagnostics, [], 'the written config is valid');
    fs.appendFileSync(path.join(dir, '.sglint.yml'), '# mine\n');
    const again = sglint(['init'], dir);
    assert.equal(again.status, 0, 'running init again is not a failure');
    assert.match(again.stdout, /^\.sglint\.yml exists; left as it is \(--force overwrites it\)$/m);
    assert.match(fs.readFileSync(path.join(dir, '.sglint.yml'), 'utf8'), /# mine\n$/);
    assert.equal(sglint(['init', '--force'], dir).status, 0);
    assert.doesNotMatch(fs.readFileSync(path.join(dir, '.sglint.yml'), 'utf8'), /# mine/);
  });

  it("init's commented examples are a valid configuration once uncommented", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-init-'));
    sglint(['init'], dir);
    const lines = fs.readFileSync(path.join(dir, '.sglint.yml'), 'utf8').split('\n');
    // Uncomment the examples ("# rules:", "#   ssh-...: critical") and drop the empty defaults they replace.
    const uncommented = lines.filter((l) => l !== 'rules: {}' && l !== 'ignore: []').map((l) => l.replace(/^# (?=(rules|ignore):| {2})/, ''));
    assert.ok(uncommented.includes('  ssh-open-to-internet: critical'));
    fs.writeFileSync(path.join(dir, '.sglint.yml'), uncommented.join('\n'));
    fs.writeFileSync(path.join(dir, 'main.tf'), 'resource "aws_security_group" "x" {\n  description = "x"\n  vpc_id = "vpc-1"\n}\n');
    const scan = sglint(['scan', '.', '--format', 'json'], dir);
    assert.deepEqual((JSON.parse(scan.stdout) as { diagnostics: unknown[] }).diagnostics, [], scan.stderr);
  });

  it('merge refuses to mix SARIF with snapshots, and reports unreadable files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-merge-'));
    fs.writeFileSync(path.join(dir, 'a.sarif'), JSON.stringify({ version: '2.1.0', runs: [] }));
    fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ Vpcs: [{ VpcId: 'vpc-1' }] }));
    fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ Vpcs: [{ VpcId: 'vpc-1' }, { VpcId: 'vpc-2' }] }));
    assert.equal(sglint(['merge', 'a.sarif', 'b.json'], dir).status, 2);
    assert.equal(sglint(['merge', 'missing.json'], dir).status, 2);
    const m = JSON.parse(sglint(['merge', 'b.json', 'c.json'], dir).stdout) as { Vpcs: unknown[] };
    assert.equal(m.Vpcs.length, 2, 'de-duplicated by id');
  });
});

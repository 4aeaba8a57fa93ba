import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

const BUNDLE = path.resolve('dist/index.js');
const EXAMPLE = path.resolve('fixtures/examples/three-tier');

interface ActionYml {
  runs: { using: string; main: string };
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
}
const actionYml = parse(fs.readFileSync('action.yml', 'utf8')) as ActionYml;

/** INPUT_* as the runner sets them: every input at its default, then the overrides. */
function inputs(overrides: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(actionYml.inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = spec.default ?? '';
  for (const [name, value] of Object.entries(overrides)) env[`INPUT_${name.toUpperCase()}`] = value;
  return env;
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

/** A repository whose first commit is the example and whose second opens a port to the world. */
function repo(): { dir: string; base: string; head: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-action-repo-'));
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, '.sglint.yml'), 'rules:\n  subnet-auto-assigns-public-ip: off\n');
  git(dir, 'init', '-q');
  git(dir, 'config', 'user.email', 'ci@example.com');
  git(dir, 'config', 'user.name', 'ci');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  const base = git(dir, 'rev-parse', 'HEAD');
  fs.appendFileSync(path.join(dir, 'security.tf'), '\nresource "aws_security_group_rule" "web_debug" {\n  type              = "ingress"\n  security_group_id = module.web.security_group_id\n  from_port         = 3306\n  to_port           = 3306\n  protocol          = "tcp"\n  cidr_blocks       = ["0.0.0.0/0"]\n}\n');
  // The pull request also tries to switch rules off and to run its own code as a custom rule.
  fs.writeFileSync(path.join(dir, '.sglint.yml'), 'rules:\n  sensitive-port-open: off\ncustomRules: [.sglint/rules]\n');
  fs.mkdirSync(path.join(dir, '.sglint/rules'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.sglint/rules/evil.mjs'), `import fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(path.join(dir, 'PWNED'))}, 'x');\nexport default {};\n`);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'head');
  return { dir, base, head: git(dir, 'rev-parse', 'HEAD') };
}

function runBundle(dir: string, event: string, payload: object, overrides: Record<string, string> = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-action-gh-'));
  const files = { event: path.join(tmp, 'event.json'), output: path.join(tmp, 'output'), summary: path.join(tmp, 'summary.md') };
  fs.writeFileSync(files.event, JSON.stringify(payload));
  fs.writeFileSync(files.output, '');
  fs.writeFileSync(files.summary, '');
  const r = spawnSync(process.execPath, [BUNDLE], {
    cwd: dir, encoding: 'utf8',
    env: {
      PATH: process.env['PATH'] ?? '', HOME: tmp, SGLINT_CACHE_DIR: path.join(tmp, 'cache'), ...inputs(overrides),
      GITHUB_ACTIONS: 'true', CI: 'true', GITHUB_WORKSPACE: dir, GITHUB_EVENT_NAME: event, GITHUB_EVENT_PATH: files.event,
      GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary, GITHUB_REPOSITORY: 'acme/infra', GITHUB_SHA: 'deadbeef', RUNNER_TEMP: tmp,
    },
  });
  const outputs = new Map<string, string>();
  const text = fs.readFileSync(files.output, 'utf8');
  for (const m of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs.set(m[1]!, m[3]!);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs, summary: fs.readFileSync(files.summary, 'utf8') };
}

describe('the GitHub Action bundle, run as the runner runs it', () => {
  it('action.yml: node24, the committed bundle, and the documented inputs and outputs', () => {
    assert.equal(actionYml.runs.using, 'node24');
    assert.equal(actionYml.runs.main, 'dist/index.js');
    assert.ok(fs.existsSync(BUNDLE));
    for (const i of ['paths', 'format', 'config', 'fail-on', 'baseline', 'sarif', 'diff-base']) assert.ok(i in actionYml.inputs, i);
    for (const o of ['sarif-file', 'findings', 'exposure-opened']) assert.ok(o in actionYml.outputs, o);
  });

  it('pull_request: annotates what the change adds, with the base\'s config; PR code never runs', () => {
    const { dir, base, head } = repo();
    const r = runBundle(dir, 'pull_request', { pull_request: { base: { sha: base, ref: 'main' }, head: { sha: head } } });
    assert.equal(r.code, 1, `fails on a new high finding\n${r.stdout}\n${r.stderr}`);
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    assert.ok(annotations.some((l) => /^::error file=security\.tf,line=\d+.*sensitive-port-open/.test(l)), r.stdout);
    assert.ok(!annotations.some((l) => /ssh-open-to-internet/.test(l)), 'findings already on the base are not news');
    assert.ok(!fs.existsSync(path.join(dir, 'PWNED')), 'a custom rule from the pull request must not run');
    assert.equal(r.outputs.get('findings'), String(annotations.filter((l) => /^::(error|warning|notice) file=/.test(l)).length));
    assert.match(r.summary, /## sglint: \d+ new findings?, 0 fixed/);
    const sarifFile = r.outputs.get('sarif-file')!;
    assert.equal(sarifFile, path.join(dir, 'sglint.sarif'));
    const sarif = JSON.parse(fs.readFileSync(sarifFile, 'utf8')) as { runs: { tool: { driver: { version: string } }; results: { ruleId: string }[]; automationDetails: { id: string } }[] };
    assert.equal(sarif.runs[0]!.automationDetails.id, 'sglint/iac/');
    // package.json is the one place the version is written; the Action reports it.
    assert.equal(sarif.runs[0]!.tool.driver.version, (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string }).version);
    assert.ok(sarif.runs[0]!.results.some((x) => x.ruleId === 'ssh-open-to-internet'), 'the SARIF holds the whole state of the head');
    assert.match(r.stderr + r.stdout, /::error::\d+ new findings? at or above high/);
  });

  it('push: reports the whole state, writes the summary with the mermaid graph, and honours fail-on', () => {
    const { dir } = repo();
    // On push the workspace's own config is trusted; drop the pull request's experiment first.
    fs.rmSync(path.join(dir, '.sglint'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.sglint.yml'), 'rules: {}\n');
    const r = runBundle(dir, 'push', { ref: 'refs/heads/main' }, { 'fail-on': 'none' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.summary, /```mermaid\ngraph LR/);
    assert.ok(Number(r.outputs.get('findings')) > 10);
    assert.equal(r.outputs.get('exposure-opened'), '0');
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error file='));
    assert.ok(errors.length <= 10, 'at most 10 error annotations per step');
  });

  it('a bad input fails the step with a clear message', () => {
    const { dir } = repo();
    const r = runBundle(dir, 'push', {}, { 'fail-on': 'severe' });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /::error::fail-on must be critical, high, medium, low or none/);
  });
});

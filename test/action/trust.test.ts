import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

const BUNDLE = path.resolve('dist/index.js');
const EXAMPLE = path.resolve('fixtures/examples/three-tier');
const actionYml = parse(fs.readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default?: string }> };

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

/**
 * A repository whose base commit has no .sglint.yml, and whose head opens a port, switches
 * the rule that would say so off, and adds its own code as a custom rule.
 */
function repo(marker: string): { dir: string; base: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-action-trust-'));
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  git(dir, 'init', '-q');
  git(dir, 'config', 'user.email', 'ci@example.com');
  git(dir, 'config', 'user.name', 'ci');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  const base = git(dir, 'rev-parse', 'HEAD');
  fs.appendFileSync(path.join(dir, 'security.tf'), '\nresource "aws_security_group_rule" "dbg" {\n  type              = "ingress"\n  security_group_id = module.web.security_group_id\n  from_port         = 3306\n  to_port           = 3306\n  protocol          = "tcp"\n  cidr_blocks       = ["0.0.0.0/0"]\n}\n');
  for (const name of ['.sglint.yml', 'ci/sglint.yml']) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), 'rules:\n  sensitive-port-open: off\ncustomRules: [.sglint/rules]\n');
  }
  fs.mkdirSync(path.join(dir, '.sglint/rules'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.sglint/rules/evil.mjs'), `import fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(marker)}, 'ran');\nexport default {};\n`);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'head');
  return { dir, base };
}

function runBundle(dir: string, event: string, payload: object, overrides: Record<string, string> = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-action-gh-'));
  const files = { event: path.join(tmp, 'event.json'), output: path.join(tmp, 'output'), summary: path.join(tmp, 'summary.md') };
  fs.writeFileSync(files.event, JSON.stringify(payload));
  fs.writeFileSync(files.output, '');
  fs.writeFileSync(files.summary, '');
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(actionYml.inputs)) inputs[`INPUT_${name.toUpperCase()}`] = spec.default ?? '';
  for (const [name, value] of Object.entries(overrides)) inputs[`INPUT_${name.toUpperCase()}`] = value;
  return spawnSync(process.execPath, [BUNDLE], {
    cwd: dir, encoding: 'utf8',
    env: {
      PATH: process.env['PATH'] ?? '', HOME: tmp, SGLINT_CACHE_DIR: path.join(tmp, 'cache'), ...inputs, GITHUB_ACTIONS: 'true', CI: 'true', GITHUB_WORKSPACE: dir,
      GITHUB_EVENT_NAME: event, GITHUB_EVENT_PATH: files.event, GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary, GITHUB_REPOSITORY: 'acme/infra', GITHUB_SHA: 'deadbeef', RUNNER_TEMP: tmp,
    },
  });
}

describe('the Action on pull requests: configuration only from the base, code never from the head', () => {
  for (const [what, overrides] of [['the base has no .sglint.yml', {}], ['the config input names a file the base lacks', { config: 'ci/sglint.yml' }]] as const) {
    it(`${what}: built-in rules judge the change, with a notice; the head's config and custom rules are not used`, () => {
      const marker = path.join(os.tmpdir(), `sglint-action-pwned-${process.pid}-${Object.keys(overrides).length}`);
      const { dir, base } = repo(marker);
      const r = runBundle(dir, 'pull_request', { pull_request: { base: { sha: base, ref: 'main' }, head: { sha: 'x' } } }, overrides);
      assert.ok(!fs.existsSync(marker), 'a custom rule from the pull request must not run');
      assert.ok(r.stdout.split('\n').some((l) => /^::error file=security\.tf,line=\d+.*sensitive-port-open/.test(l)), `the head cannot switch the rule off\n${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /::notice::sglint: .*(no \.sglint\.yml|is not in the base commit); built-in rules with their defaults judge this pull request/);
      assert.equal(r.status, 1);
    });
  }

  it('a pull_request event without a base commit fails rather than trust the head', () => {
    const marker = path.join(os.tmpdir(), `sglint-action-pwned-${process.pid}-nobase`);
    const { dir } = repo(marker);
    const r = runBundle(dir, 'pull_request_target', {});
    assert.equal(r.status, 1);
    assert.match(r.stdout, /::error::cannot tell the base commit of this pull request/);
    assert.ok(!fs.existsSync(marker));
  });

  it('push: the workspace\'s custom rules run only when the workflow opts in (custom-rules: true)', () => {
    const marker = path.join(os.tmpdir(), `sglint-action-pwned-${process.pid}-push`);
    const { dir } = repo(marker);
    runBundle(dir, 'push', {}, { 'fail-on': 'none' });
    assert.ok(!fs.existsSync(marker), 'not by default');
    runBundle(dir, 'push', {}, { 'fail-on': 'none', 'custom-rules': 'true' });
    assert.ok(fs.existsSync(marker), 'opted in: the repository\'s own rules run');
    fs.rmSync(marker);
  });
});

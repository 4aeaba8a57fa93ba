import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { fakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';

/** The Action's entry point as compiled; SGLINT_ACTION_ENTRY=dist/index.js runs the bundle (rebuilt with npm run bundle). */
const ACTION = path.resolve(process.env['SGLINT_ACTION_ENTRY'] ?? 'dist/src/action/index.js');
const EXAMPLE = path.resolve('fixtures/examples/three-tier');
const actionYml = parse(fs.readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default?: string }> };
const OPEN_RDP = '\nresource "aws_security_group_rule" "bastion_rdp" {\n  type              = "ingress"\n  security_group_id = aws_security_group.bastion.id\n  from_port         = 3389\n  to_port           = 3389\n  protocol          = "tcp"\n  cidr_blocks       = ["0.0.0.0/0"]\n}\n';

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

function commit(dir: string, message: string): string {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', message);
  return git(dir, 'rev-parse', 'HEAD');
}

/** The example as the base commit; `open()` commits a rule opening RDP on the bastion to the internet, `close()` reverts it. */
function repo() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-comment-repo-'));
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  git(dir, 'init', '-q');
  git(dir, 'config', 'user.email', 'ci@example.com');
  git(dir, 'config', 'user.name', 'ci');
  const base = commit(dir, 'base');
  const security = path.join(dir, 'security.tf');
  const original = fs.readFileSync(security, 'utf8');
  return {
    dir, base,
    open: () => (fs.writeFileSync(security, original + OPEN_RDP), commit(dir, 'open rdp')),
    close: () => (fs.writeFileSync(security, original + '\n# no more debugging\n'), commit(dir, 'close it again')),
  };
}

/** Runs the Action as the runner does on a pull_request event: INPUT_* at their defaults, GITHUB_* set. */
async function runAction(gh: FakeGitHub, dir: string, base: string, head: string, token: string, overrides: Record<string, string> = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-comment-gh-'));
  const files = { event: path.join(tmp, 'event.json'), output: path.join(tmp, 'output'), summary: path.join(tmp, 'summary.md') };
  fs.writeFileSync(files.event, JSON.stringify({ number: 7, pull_request: { number: 7, base: { sha: base, ref: 'main' }, head: { sha: head } } }));
  fs.writeFileSync(files.output, '');
  fs.writeFileSync(files.summary, '');
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '', HOME: tmp, SGLINT_CACHE_DIR: path.join(tmp, 'cache') };
  for (const [name, spec] of Object.entries(actionYml.inputs)) env[`INPUT_${name.toUpperCase()}`] = spec.default ?? '';
  Object.assign(env, {
    'INPUT_GITHUB-TOKEN': token, 'INPUT_FAIL-ON': 'none', ...Object.fromEntries(Object.entries(overrides).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    GITHUB_ACTIONS: 'true', CI: 'true', GITHUB_WORKSPACE: dir, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary, GITHUB_REPOSITORY: 'acme/infra', GITHUB_SHA: head, RUNNER_TEMP: tmp,
    GITHUB_API_URL: gh.url, GITHUB_SERVER_URL: 'https://github.example', GITHUB_RUN_ID: '4242',
  });
  // Asynchronous: the fake API answers from this process while the Action runs.
  const child = spawn(process.execPath, [ACTION], { cwd: dir, env });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const outputs = new Map<string, string>();
  for (const m of fs.readFileSync(files.output, 'utf8').matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs.set(m[1]!, m[3]!);
  return { code, stdout, outputs, summary: fs.readFileSync(files.summary, 'utf8') };
}

describe('the sticky pull-request comment, against a GitHub API on 127.0.0.1', () => {
  let gh: FakeGitHub;
  before(async () => {
    gh = await fakeGitHub('acme', 'infra', 7);
  });
  after(async () => gh.close());

  it('is created once, updated in place (found by its marker past the first page), then says all clear', async () => {
    gh.comments.length = 0;
    // 150 earlier comments from people: the marker must be found on the second page.
    for (let i = 0; i < 150; i++) gh.comments.push({ id: i + 1, body: `review remark ${i}`, user: { login: 'alice', type: 'User' } });
    const { dir, base, open, close } = repo();
    const head = open();

    const first = await runAction(gh, dir, base, head, 'rw');
    assert.equal(first.code, 0, first.stdout);
    const ours = () => gh.comments.filter((c) => c.body.startsWith('<!-- sglint-comment sglint/iac/ -->'));
    assert.equal(ours().length, 1, first.stdout);
    const body = ours()[0]!.body;
    assert.match(body, /## sglint: [1-9]\d* new findings?, 0 fixed/);
    assert.match(body, /rdp-open-to-internet/);
    assert.match(body, /\| `[^`]*bastion[^`]*` \| opened \|/, 'the exposure it opens');
    assert.match(body, /```mermaid\ngraph LR/, 'with the graph');
    assert.match(body, /\[workflow run\]\(https:\/\/github\.example\/acme\/infra\/actions\/runs\/4242\)/);
    assert.equal(first.outputs.get('comment-url'), `https://github.example/acme/infra/pull/7#issuecomment-${ours()[0]!.id}`);
    assert.equal(gh.log.filter((l) => l.startsWith('POST')).length, 1);

    // A second run on the same pull request (a new push, here: a secondary rate limit on the way) updates it.
    gh.throttleWrites = 1;
    const second = await runAction(gh, dir, base, head, 'rw');
    assert.equal(second.code, 0, second.stdout);
    assert.equal(ours().length, 1, 'still one comment');
    assert.equal(gh.comments.length, 151);
    assert.equal(gh.log.filter((l) => l.startsWith('PATCH')).length, 2, 'the throttled update was retried');
    assert.match(second.stdout, /secondary rate limit/);

    // The pull request takes the rule out again: the same comment says all clear.
    const third = await runAction(gh, dir, base, close(), 'rw');
    assert.equal(third.code, 0, third.stdout);
    assert.equal(ours().length, 1);
    assert.match(ours()[0]!.body, /All clear/);
    assert.match(ours()[0]!.body, /adds no findings and changes no exposure/);
  });

  it('writes nothing when a pull request changes nothing and had no comment', async () => {
    gh.comments.length = 0;
    gh.log.length = 0;
    const { dir, base, close } = repo();
    const r = await runAction(gh, dir, base, close(), 'rw');
    assert.equal(r.code, 0, r.stdout);
    assert.equal(gh.comments.length, 0);
    assert.ok(!gh.log.some((l) => l.startsWith('POST')), gh.log.join('\n'));
  });

  it('a fork\'s read-only token: no comment, a warning, the report in the job summary, the step does not fail', async () => {
    gh.comments.length = 0;
    gh.readOnly.add('fork-token');
    const { dir, base, open } = repo();
    const r = await runAction(gh, dir, base, open(), 'fork-token');
    assert.equal(r.code, 0, r.stdout);
    assert.equal(gh.comments.length, 0);
    assert.match(r.stdout, /::warning::sglint: the pull-request comment was not written: HTTP 403/);
    assert.match(r.summary, /## sglint: [1-9]\d* new findings?/);
    assert.match(r.summary, /The pull-request comment was not written: the token cannot write to the pull request/);
    assert.equal(r.outputs.get('comment-url') ?? '', '');
  });

  it('comment: false sends no request at all', async () => {
    gh.log.length = 0;
    const { dir, base, open } = repo();
    const r = await runAction(gh, dir, base, open(), 'rw', { comment: 'false' });
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(gh.log, []);
  });
});

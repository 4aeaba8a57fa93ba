import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { WORKFLOW_TEMPLATE } from '../../src/cli/init.js';

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

/**
 * The actions the examples pin, at the commit pinned: its release and the inputs its action.yml
 * declares there (read from the action's repository at that tag). A new pin must be added here,
 * after checking its inputs, so a `with:` key the action does not know fails this test.
 */
const PINNED: Record<string, { sha: string; version: string; inputs: string[] }> = {
  'actions/checkout': { sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', version: 'v7.0.1', inputs: ['repository', 'ref', 'token', 'ssh-key', 'ssh-known-hosts', 'ssh-strict', 'ssh-user', 'persist-credentials', 'path', 'clean', 'filter', 'sparse-checkout', 'sparse-checkout-cone-mode', 'fetch-depth', 'fetch-tags', 'show-progress', 'lfs', 'submodules', 'set-safe-directory', 'github-server-url'] },
  'actions/setup-node': { sha: '820762786026740c76f36085b0efc47a31fe5020', version: 'v7.0.0', inputs: ['node-version', 'node-version-file', 'architecture', 'check-latest', 'registry-url', 'scope', 'token', 'cache', 'package-manager-cache', 'cache-dependency-path', 'mirror', 'mirror-token'] },
  'aws-actions/configure-aws-credentials': { sha: 'e6de054238d6b7531b4efff3b6587d9aade6a06c', version: 'v6.2.3', inputs: ['aws-region', 'role-to-assume', 'role-session-name', 'role-duration-seconds', 'audience', 'aws-account-id'] },
  'actions/upload-artifact': { sha: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', version: 'v7.0.0', inputs: ['name', 'path', 'if-no-files-found', 'retention-days', 'compression-level', 'overwrite', 'include-hidden-files', 'archive'] },
  'actions/download-artifact': { sha: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', version: 'v8.0.1', inputs: ['name', 'artifact-ids', 'path', 'pattern', 'merge-multiple', 'github-token', 'repository', 'run-id', 'skip-decompress', 'digest-mismatch'] },
  'github/codeql-action/upload-sarif': { sha: '8aad20d150bbac5944a9f9d289da16a4b0d87c1e', version: 'v4.36.2', inputs: ['sarif_file', 'checkout_path', 'ref', 'sha', 'token', 'matrix', 'category', 'wait-for-processing'] },
};

const actionInputs = Object.keys((parse(fs.readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> }).inputs);
const version = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string }).version;
const texts: [string, string][] = [
  ...fs.readdirSync('examples').filter((f) => /\.ya?ml$/.test(f) && f !== 'pre-commit-config.yaml').map((f): [string, string] => [`examples/${f}`, fs.readFileSync(path.join('examples', f), 'utf8')]),
  ['sglint init', WORKFLOW_TEMPLATE],
];
const steps = (w: Workflow): Step[] => Object.values(w.jobs).flatMap((j) => j.steps);
/** A job's permissions: its own block replaces the workflow's. */
const permissionsOf = (w: Workflow, job: string): Record<string, string> => w.jobs[job]!.permissions ?? w.permissions ?? {};

describe('every example workflow works as written', () => {
  it('there are workflows to check', () => assert.ok(texts.length >= 3, texts.map(([n]) => n).join(', ')));

  for (const [name, text] of texts) {
    const w = parse(text) as Workflow;

    it(`${name}: every action is pinned to a commit with its version in a comment, and is given only inputs it has`, () => {
      for (const line of text.split('\n').filter((l) => /^\s*-?\s*uses:/.test(l))) {
        const m = /uses:\s*([\w.-]+\/[\w./-]+)@(\S+)(?:\s+#\s*(\S+))?\s*$/.exec(line);
        assert.ok(m, `${name}: ${line.trim()}`);
        const [, action, ref, comment] = m;
        if (action === 'sglint/sglint') {
          assert.match(ref!, /^v\d+$/, `${name}: sglint's own Action by its major version`);
          continue;
        }
        const pin = PINNED[action!];
        assert.ok(pin, `${name}: ${action} is not in the checked list`);
        assert.equal(ref, pin.sha, `${name}: ${action} is pinned to ${pin.sha} (${pin.version})`);
        assert.equal(comment, pin.version, `${name}: ${action}'s comment names its version`);
      }
      for (const s of steps(w).filter((x) => x.uses)) {
        const action = s.uses!.split('@')[0]!;
        const inputs = action === 'sglint/sglint' ? actionInputs : PINNED[action]!.inputs;
        for (const k of Object.keys(s.with ?? {})) assert.ok(inputs.includes(k), `${name}: ${action} has no input ${k}`);
      }
    });

    it(`${name}: a SARIF upload has its permissions, no ignored category, and is skipped on a fork's read-only token`, () => {
      for (const [job, j] of Object.entries(w.jobs)) {
        const upload = j.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
        if (!upload) continue;
        const p = permissionsOf(w, job);
        assert.equal(p['security-events'], 'write', `${name} ${job}`);
        assert.equal(p['actions'], 'read', `${name} ${job}: private repositories need actions: read`);
        // The SARIF carries automationDetails.id (sglint's category): upload-sarif's category would be ignored.
        assert.equal(upload.with?.['category'], undefined, `${name} ${job}: category belongs to sglint, not upload-sarif`);
        if ('pull_request' in w.on) {
          assert.match(upload.if ?? '', /!github\.event\.pull_request\.head\.repo\.fork/, `${name} ${job}: skipped on forks`);
          const notice = j.steps.find((s) => /github\.event\.pull_request\.head\.repo\.fork/.test(s.if ?? '') && !s.uses);
          assert.match(notice?.run ?? '', /::notice /, `${name} ${job}: says why it was skipped`);
        }
      }
    });

    it(`${name}: the Action on pull requests may comment, and npx runs this version`, () => {
      for (const [job, j] of Object.entries(w.jobs)) {
        if (j.steps.some((s) => s.uses?.startsWith('sglint/sglint@')) && 'pull_request' in w.on) assert.equal(permissionsOf(w, job)['pull-requests'], 'write', `${name} ${job}`);
      }
      for (const m of text.matchAll(/npx (?:--yes )?sglint(@\S+)?\s/g)) assert.equal(m[1], `@${version}`, `${name}: npx sglint pinned to ${version}`);
    });
  }

  it('sglint init writes the pull-request example (the folder scanned aside)', () => {
    const example = parse(fs.readFileSync('examples/pull-request.yml', 'utf8')) as Workflow;
    const init = parse(WORKFLOW_TEMPLATE) as Workflow;
    const sglintStep = (w: Workflow) => steps(w).find((s) => s.uses?.startsWith('sglint/sglint@'))!;
    assert.equal(sglintStep(init).with?.['paths'], '.');
    sglintStep(init).with!['paths'] = sglintStep(example).with!['paths'];
    assert.deepEqual(init, example);
  });
});

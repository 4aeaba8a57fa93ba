import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

const BIN = path.resolve('dist/src/cli/main.js');
const sglint = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });

interface Workflow {
  on: unknown;
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, unknown> }[]; strategy?: { matrix?: Record<string, unknown[]> }; permissions?: Record<string, string> }>;
}
const workflow = (f: string): Workflow => parse(fs.readFileSync(path.join('examples', f), 'utf8')) as Workflow;

/** Every `sglint ...` command in a run script, with GitHub expressions replaced by sample values. */
function sglintCommands(w: Workflow): string[][] {
  const out: string[][] = [];
  for (const job of Object.values(w.jobs)) {
    for (const step of job.steps) {
      const script = (step.run ?? '').replace(/\\\n/g, ' ').replace(/\$\{\{[^}]+\}\}/g, 'x');
      for (const line of script.split('\n')) {
        const m = /(?:npx --yes sglint@\S+|sglint) (.*?)(?:>>.*)?$/.exec(line.trim());
        if (m) out.push(m[1]!.trim().split(/\s+/));
      }
    }
  }
  return out;
}

describe('examples', () => {
  it('pin the released version: npx sglint@VERSION and the pre-commit rev are package.json\'s', () => {
    const { version } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
    const text = ['scheduled-account-scan.yml', 'pull-request.yml', 'pre-commit-config.yaml'].map((f) => fs.readFileSync(path.join('examples', f), 'utf8')).join('\n');
    const npx = [...text.matchAll(/npx (?:--yes )?(sglint\S*)/g)].map((m) => m[1]);
    assert.ok(npx.length >= 5);
    assert.deepEqual([...new Set(npx)], [`sglint@${version}`]);
    assert.match(fs.readFileSync('examples/pre-commit-config.yaml', 'utf8'), new RegExp(`rev: v${version.replace(/\./g, '\\.')}\n`));
  });

  it('the pull-request workflow uses the Action, fetches the base, and uploads the SARIF it writes', () => {
    const w = workflow('pull-request.yml');
    const steps = w.jobs['sglint']!.steps;
    assert.equal(steps[0]!.with?.['fetch-depth'], 0);
    assert.ok(steps.some((s) => s.uses?.startsWith('sglint/sglint@')));
    assert.ok(steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@') && String(s.with?.['sarif_file']).includes('steps.sglint.outputs.sarif-file')));
    assert.equal(w.permissions?.['security-events'], 'write');
    // The Action's inputs it names exist.
    const action = parse(fs.readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> };
    for (const k of Object.keys(steps.find((s) => s.uses?.startsWith('sglint/sglint@'))!.with ?? {})) assert.ok(k in action.inputs, k);
  });

  it('the scheduled scan uses OIDC, a matrix over accounts and regions, and a merge job', () => {
    const w = workflow('scheduled-account-scan.yml');
    assert.equal(w.permissions?.['id-token'], 'write');
    const scan = w.jobs['scan']!;
    assert.ok(scan.strategy?.matrix?.['account']?.length && scan.strategy.matrix['region']?.length);
    assert.ok(scan.steps.some((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@') && String(s.with?.['role-to-assume']).startsWith('arn:aws:iam::')));
    assert.ok(w.jobs['merge']!.steps.some((s) => /sglint(@\S+)? merge/.test(s.run ?? '')));
  });

  it('every sglint command line in the examples parses (unknown commands or flags fail)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-examples-'));
    const commands = [...sglintCommands(workflow('scheduled-account-scan.yml'))];
    assert.ok(commands.length >= 5);
    for (const args of commands) {
      const r = sglint([...args, '--help'], dir);
      assert.equal(r.status, 0, `sglint ${args.join(' ')}: ${r.stderr}`);
    }
    const hooks = parse(fs.readFileSync('.pre-commit-hooks.yaml', 'utf8')) as { id: string; entry: string; args: string[] }[];
    const user = parse(fs.readFileSync('examples/pre-commit-config.yaml', 'utf8')) as { repos: { hooks: { id: string; args: string[] }[] }[] };
    const hook = hooks.find((h) => h.id === user.repos[0]!.hooks[0]!.id)!;
    assert.equal(sglint([...hook.entry.split(' ').slice(1), ...user.repos[0]!.hooks[0]!.args, '--help'], dir).status, 0);
  });

  it('the scheduled scan\'s pipeline works: per-cell SARIF with its own category, merged into one file; snapshots merged for exposure', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-examples-run-'));
    for (const [i, cell] of ['111111111111-us-east-1', '222222222222-eu-west-1'].entries()) {
      const snap = spawnSync(process.execPath, [path.resolve('test-data/gen-aws-snapshot.mjs'), '40', '12', String(i + 1)], { encoding: 'utf8' }).stdout;
      fs.writeFileSync(path.join(dir, `snapshot-${cell}.json`), snap);
      const [account, region] = [cell.slice(0, 12), cell.slice(13)];
      const r = sglint(['scan', `snapshot-${cell}.json`, '--format', 'sarif', '--category', `sglint/aws/${account}/${region}/`, '--output', `sglint-${cell}.sarif`, '--fail-on', 'none'], dir);
      assert.equal(r.status, 0, r.stderr);
    }
    assert.equal(sglint(['merge', 'sglint-111111111111-us-east-1.sarif', 'sglint-222222222222-eu-west-1.sarif', '--output', 'sglint.sarif'], dir).status, 0);
    const merged = JSON.parse(fs.readFileSync(path.join(dir, 'sglint.sarif'), 'utf8')) as { runs: { automationDetails: { id: string } }[] };
    assert.deepEqual(merged.runs.map((r) => r.automationDetails.id), ['sglint/aws/111111111111/us-east-1/', 'sglint/aws/222222222222/eu-west-1/']);
    assert.equal(sglint(['merge', 'snapshot-111111111111-us-east-1.json', 'snapshot-222222222222-eu-west-1.json', '--output', 'organization.json'], dir).status, 0);
    const md = sglint(['exposure', 'organization.json', '--format', 'markdown'], dir);
    assert.equal(md.status, 0, md.stderr);
    assert.match(md.stdout, /## sglint exposure/);
  });
});

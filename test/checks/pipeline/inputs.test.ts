import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadInputs } from '../../../src/checks/pipeline/inputs.js';
import { DEFAULT_LIMITS } from '../../../src/ingest/files/input-files.js';
import { tempTree } from '../../helpers/tf.js';

const noVars = { vars: [], varFiles: [] };
const TEMPLATE = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Web:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: web\n';
const SNAPSHOT = JSON.stringify({ SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'a', VpcId: 'vpc-1', IpPermissions: [], IpPermissionsEgress: [] }] });
const lines = (d: { file?: string; message: string }[]): string[] => d.map((x) => `${x.file ?? ''}: ${x.message.replace(/ outside the module root .*$/, ' outside')}`);

describe('loadInputs: every input through the confined reader', () => {
  it('a CloudFormation template, a snapshot and a plan symlinked out of the root are refused; the rest is read', async () => {
    const outside = tempTree({ 't.yaml': TEMPLATE, 's.json': SNAPSHOT });
    const dir = tempTree({ 'ok.yaml': TEMPLATE });
    fs.symlinkSync(path.join(outside, 't.yaml'), path.join(dir, 'evil.yaml'));
    fs.symlinkSync(path.join(outside, 's.json'), path.join(dir, 'evil.json'));
    const r = await loadInputs(['evil.yaml', 'evil.json', 'ok.yaml'], noVars, dir);
    assert.deepEqual(r.network.groups.map((g) => g.id), ['Web']);
    assert.deepEqual(lines(r.diagnostics.filter((d) => d.severity === 'error')), [`: evil.yaml resolves to ${outside}/t.yaml, outside`, `: evil.json resolves to ${outside}/s.json, outside`]);
  });

  it('a FIFO or /dev/zero among the inputs of a folder never hangs', async () => {
    const dir = tempTree({ 'snap.json': SNAPSHOT });
    execFileSync('mkfifo', [path.join(dir, 'pipe.json')]);
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.json'));
    const t0 = Date.now();
    const r = await loadInputs(['.'], noVars, dir);
    assert.ok(Date.now() - t0 < 5000);
    assert.deepEqual(r.network.groups.map((g) => g.id), ['sg-1']);
    const direct = await loadInputs(['pipe.json'], noVars, dir);
    assert.deepEqual(lines(direct.diagnostics.filter((d) => d.severity === 'error')), ['pipe.json: pipe.json is not a regular file (a device, FIFO or socket); sglint reads only regular files']);
  });

  it('--root bounds every path; a path outside it is refused, inside it reads `../` modules', async () => {
    const dir = tempTree({ 'modules/sg/main.tf': 'resource "aws_security_group" "m" {}\n', 'live/main.tf': 'module "sg" {\n  source = "../modules/sg"\n}\n', 'other/x.tf': '' });
    const refused = await loadInputs(['live'], noVars, dir);
    assert.equal(refused.network.groups.length, 0);
    const rooted = await loadInputs(['live'], noVars, dir, { root: '.' });
    assert.deepEqual(rooted.network.groups.map((g) => g.id), ['module.sg.aws_security_group.m']);
    const outside = await loadInputs(['other/x.tf'], noVars, dir, { root: 'live' });
    assert.deepEqual(lines(outside.diagnostics), [`: other/x.tf resolves to ${dir}/other/x.tf, outside`]);
  });

  it('one scan budget is shared by every input', async () => {
    const dir = tempTree({ 'a/main.tf': `locals {\n  pad = "${'x'.repeat(600)}"\n}\n`, 'b/main.tf': `locals {\n  pad = "${'x'.repeat(600)}"\n}\n` });
    const r = await loadInputs(['a', 'b'], noVars, dir, { limits: { ...DEFAULT_LIMITS, maxScanBytes: 1000 } });
    assert.deepEqual(lines(r.diagnostics), ['b/main.tf: b/main.tf: the scan has read more than 1000 bytes in total (the per-scan limit; raise it with --max-scan-size)']);
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repositoryLocations } from '../../src/report/sarif-locations.js';

const BIN = path.resolve('dist/src/cli/main.js');

/** A git work tree with infra/app (a root calling ../modules/sg) and infra/modules/sg opening 22 to the world. */
function repo(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-sarif-repo-')));
  fs.mkdirSync(path.join(dir, '.git'));
  fs.mkdirSync(path.join(dir, 'infra/app'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'infra/modules/sg'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'docs'));
  fs.writeFileSync(path.join(dir, 'infra/app/main.tf'), 'module "sg" {\n  source = "../modules/sg"\n}\n');
  fs.writeFileSync(path.join(dir, 'infra/modules/sg/main.tf'), 'resource "aws_security_group" "this" {\n  description = "ssh"\n  vpc_id      = "vpc-1"\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n');
  return dir;
}

describe('SARIF locations relative to the repository root', () => {
  it('maps paths relative to where sglint ran onto the git work tree; outside it, an absolute file URI', () => {
    const dir = repo();
    const at = repositoryLocations(path.join(dir, 'docs'));
    assert.deepEqual(at('../infra/modules/sg/main.tf'), { uri: 'infra/modules/sg/main.tf', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(repositoryLocations(path.join(dir, 'infra'))('app/main.tf'), { uri: 'infra/app/main.tf', uriBaseId: '%SRCROOT%' });
    const outside = at('/var/cache/sglint/modules/x/pkg/main.tf');
    assert.deepEqual(outside, { uri: 'file:///var/cache/sglint/modules/x/pkg/main.tf' });
    const plain = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-nogit-')));
    assert.deepEqual(repositoryLocations(plain)('a/main.tf'), { uri: 'a/main.tf', uriBaseId: '%SRCROOT%' });
  });

  it('a scan of ../infra/app from a sibling folder writes repository paths, never ../, for the module file too', () => {
    const dir = repo();
    const r = spawnSync(process.execPath, [BIN, 'scan', '../infra/app', '--format', 'sarif'], { cwd: path.join(dir, 'docs'), encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    const sarif = JSON.parse(r.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }[] }[] }[] };
    const uris = sarif.runs[0]!.results.map((x) => `${x.locations[0]!.physicalLocation.artifactLocation.uri}:${x.locations[0]!.physicalLocation.region.startLine}`);
    assert.ok(uris.length > 0);
    assert.ok(uris.every((u) => u.startsWith('infra/modules/sg/main.tf:')), uris.join(' '));
    assert.ok(!r.stdout.includes('"../'));
    const text = spawnSync(process.execPath, [BIN, 'scan', '../infra/app'], { cwd: path.join(dir, 'docs'), encoding: 'utf8' });
    assert.match(text.stdout, /^\.\.\/infra\/modules\/sg\/main\.tf$/m, 'text output stays relative to where sglint ran, so a terminal can open it');
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTarGz } from '../../../../helpers/archives.js';
import { makeRepo, startGitServer, startRegistry, type TestServer } from '../../../../helpers/module-servers.js';

const BIN = path.resolve('dist/src/cli/main.js');
const FIXTURE = path.resolve('fixtures/modules/registry-installed');
const MODULE = path.join(FIXTURE, '.terraform/modules/lb_sg');

interface Finding { ruleId: string; message: string; resource: string; location: { file: string; line: number } }
interface Report { findings: Finding[]; diagnostics: { severity: string; message: string; file?: string; line?: number }[] }

/** The CLI in a child process, awaited without blocking this process (its servers must answer). */
function sglint(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', HOME: cwd, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** path -> text of every file of a folder. */
function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const abs = path.join(dir, rel);
    if (fs.statSync(abs).isFile()) out[rel.split(path.sep).join('/')] = fs.readFileSync(abs, 'utf8');
  }
  return out;
}

describe('--download-modules against a registry and git on 127.0.0.1', () => {
  let git: TestServer;
  let registry: TestServer;
  let work: string;
  const key = (f: Finding): string => `${f.ruleId} ${f.resource} ${path.basename(f.location.file)}:${f.location.line} ${f.message}`;

  before(async () => {
    const repos = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-repos-'));
    makeRepo(repos, 'security-group', { '5.3.1': filesOf(MODULE), '6.0.0': { 'main.tf': '# a later major version\n' } });
    git = await startGitServer(repos);
    const archive = makeTarGz(Object.entries(filesOf(MODULE)).map(([name, data]) => ({ name, data })));
    registry = await startRegistry({
      'terraform-aws-modules/security-group/aws': { versions: ['4.0.0', '5.3.1', '6.0.0'], location: (v) => `git::${git.url}/security-group.git?ref=v${v}` },
      'acme/packed/aws': { versions: ['1.0.0'], location: () => '/files/packed.tar.gz' },
      'acme/sneaky/aws': { versions: ['1.0.0'], location: () => 'git::file:///etc' },
    }, { 'packed.tar.gz': archive });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-dl-'));
    fs.writeFileSync(path.join(work, 'main.tf'), fs.readFileSync(path.join(FIXTURE, 'main.tf'), 'utf8'));
  });
  after(async () => {
    await Promise.all([git.close(), registry.close()]);
  });

  const download = (cache: string) => ['--download-modules', '--module-cache', cache, '--registry-url', `registry.terraform.io=${registry.url}`];

  it('gives the findings of the same code installed by terraform init, and reads the cache the second time', async () => {
    const cache = path.join(work, '..', `${path.basename(work)}-cache`);
    const r = await sglint(['scan', '.', '--format', 'json', ...download(cache)], work);
    assert.equal(r.code, 1, r.err);
    const report = JSON.parse(r.out) as Report;
    assert.deepEqual(report.diagnostics.filter((d) => d.severity !== 'info'), []);
    const installed = JSON.parse((await sglint(['scan', '.', '--format', 'json'], FIXTURE)).out) as Report;
    assert.deepEqual(report.findings.map(key).sort(), installed.findings.map(key).sort());
    const open = report.findings.find((f) => f.ruleId === 'sensitive-port-open' && f.resource.startsWith('module.lb_sg.'))!;
    assert.ok(open.location.file.startsWith(`${fs.realpathSync(cache)}/`), open.location.file);
    assert.match(open.location.file, /\/pkg\/main\.tf$/);
    assert.ok(registry.requests.includes('/v1/modules/terraform-aws-modules/security-group/aws/5.3.1/download'), '~> 5.1 picks 5.3.1, not 6.0.0');
    assert.equal(r.err, '', 'no progress lines when stderr is not a terminal');
    const gitRequests = git.requests.length;
    const again = await sglint(['scan', '.', '--format', 'json', ...download(cache)], work);
    assert.deepEqual((JSON.parse(again.out) as Report).findings.map(key).sort(), report.findings.map(key).sort());
    assert.equal(git.requests.length, gitRequests, 'the second scan clones nothing');
  });

  it('an archive location, a registry pointing at a local repository, an unknown module, a refused registry', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-dl-'));
    fs.writeFileSync(path.join(dir, 'main.tf'), [
      'module "packed" {\n  source  = "acme/packed/aws"\n  name    = "p"\n  vpc_id  = "vpc-1"\n  ingress_ports = [22]\n  ingress_cidr_blocks = ["0.0.0.0/0"]\n}',
      'module "sneaky" {\n  source = "acme/sneaky/aws"\n}',
      'module "missing" {\n  source  = "acme/missing/aws"\n  version = "~> 1.0"\n}',
      'module "tight" {\n  source  = "terraform-aws-modules/security-group/aws"\n  version = ">= 7.0"\n}',
    ].join('\n'));
    const r = await sglint(['scan', '.', '--format', 'json', ...download(path.join(dir, '.cache'))], dir);
    const report = JSON.parse(r.out) as Report;
    assert.ok(report.findings.some((f) => f.ruleId === 'ssh-open-to-internet' && f.resource.startsWith('module.packed.')), r.out);
    const warnings = report.diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.line}: ${d.message}`);
    assert.match(warnings.find((w) => w.startsWith('9:'))!, /module "sneaky" comes from "acme\/sneaky\/aws", which is not a local path, and its download failed: .*may not point at a local repository; its resources are not scanned/);
    assert.match(warnings.find((w) => w.startsWith('12:'))!, /module "missing" .* its download failed: module registry\.terraform\.io\/acme\/missing\/aws not found at http:\/\/127\.0\.0\.1:\d+\/v1\/modules\/acme\/missing\/aws\/versions \(404\)/);
    assert.match(warnings.find((w) => w.startsWith('16:'))!, /no version of registry\.terraform\.io\/terraform-aws-modules\/security-group\/aws meets ">= 7\.0"; the newest is 6\.0\.0/);
  });

  it('usage: the companions need --download-modules, and HOST=URL is checked', async () => {
    const a = await sglint(['scan', '.', '--module-cache', 'x'], work);
    assert.equal(a.code, 2);
    assert.match(a.err, /--module-cache applies only with --download-modules/);
    const b = await sglint(['scan', '.', '--download-modules', '--registry-url', 'nonsense'], work);
    assert.equal(b.code, 2);
    assert.match(b.err, /expected HOST=URL/);
  });
});

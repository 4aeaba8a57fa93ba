import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_DOWNLOAD_LIMITS, httpGet } from '../../../../../src/ingest/terraform/modules/download/http.js';
import { defaultModuleCache, fetchPackage, packageSubdir, type PackageFetcher } from '../../../../../src/ingest/terraform/modules/download/package.js';
import { RegistryClient, registryToken } from '../../../../../src/ingest/terraform/modules/download/registry.js';
import { parseModuleSource, type RegistrySource, type RemoteSource } from '../../../../../src/ingest/terraform/modules/source-address.js';
import { parseConstraints, versionString } from '../../../../../src/ingest/terraform/modules/version.js';
import { makeTarGz, makeZip } from '../../../../helpers/archives.js';
import { makeRepo, startGitServer, startRegistry, startServer, type TestServer } from '../../../../helpers/module-servers.js';

const remote = (s: string): RemoteSource => parseModuleSource(s) as RemoteSource;
const registrySource = (s: string): RegistrySource => parseModuleSource(s) as RegistrySource;
const tmp = (): string => fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-fetch-')));

describe('module downloads against servers on 127.0.0.1', () => {
  let gitServer: TestServer;
  let registry: TestServer;
  let slow: TestServer;
  const lines: string[] = [];
  const fetcher = (): PackageFetcher => ({ cacheDir: tmp(), limits: { ...DEFAULT_DOWNLOAD_LIMITS, timeoutMs: 5000 }, progress: (l) => lines.push(l) });

  before(async () => {
    const repos = tmp();
    makeRepo(repos, 'net', {
      '1.0.0': { 'main.tf': '# one\n', 'modules/sg/main.tf': '# sg one\n' },
      '2.0.0': { 'main.tf': '# two\n', 'modules/sg/main.tf': '# sg two\n', 'passwd.tf': 'symlink:/etc/passwd', 'modules/sg/versions.tf': 'symlink:../../main.tf' },
    });
    gitServer = await startGitServer(repos);
    const archive = makeTarGz([{ name: 'main.tf', data: '# archived\n' }, { name: 'modules/http/main.tf', data: '# http\n' }]);
    registry = await startRegistry({
      'acme/net/aws': { versions: ['1.0.0', '1.2.0', '2.0.0', '2.1.0-beta'], location: (v) => `git::${gitServer.url}/net.git?ref=v${v === '1.2.0' ? '1.0.0' : v}` },
      'acme/packed/aws': { versions: ['0.3.0'], location: () => '/files/packed.tar.gz' },
      'acme/near/aws': { versions: ['0.1.0'], location: () => './near.zip' },
    }, { 'net.zip': makeZip([{ name: 'main.tf', data: '# zipped\n' }]), 'packed.tar.gz': archive });
    slow = await startServer(() => undefined);
  });
  after(async () => {
    await Promise.all([gitServer.close(), registry.close(), slow.close()]);
  });

  it('service discovery, versions and the newest match; prereleases only when named', async () => {
    const client = new RegistryClient({ hosts: new Map([['registry.terraform.io', registry.url]]), limits: DEFAULT_DOWNLOAD_LIMITS, env: {} });
    const s = registrySource('acme/net/aws');
    assert.equal(versionString(await client.select(s, parseConstraints('~> 1.0'), '~> 1.0')), '1.2.0');
    assert.equal(versionString(await client.select(s, null, null)), '2.0.0');
    assert.equal(versionString(await client.select(s, parseConstraints('2.1.0-beta'), '2.1.0-beta')), '2.1.0-beta');
    await assert.rejects(client.select(s, parseConstraints('>= 3'), '>= 3'), /no version of registry\.terraform\.io\/acme\/net\/aws meets ">= 3"; the newest is 2\.0\.0/);
    await assert.rejects(client.select(registrySource('acme/none/aws'), null, null), /module registry\.terraform\.io\/acme\/none\/aws not found at http:\/\/127\.0\.0\.1:\d+\/v1\/modules\/acme\/none\/aws\/versions \(404\)/);
    assert.equal(await client.location(s, (await client.select(s, null, null))), `git::${gitServer.url}/net.git?ref=v2.0.0`);
    const one = async (name: string): Promise<string> => client.location(registrySource(name), await client.select(registrySource(name), null, null));
    assert.equal(await one('acme/packed/aws'), `${registry.url}/files/packed.tar.gz`);
    assert.equal(await one('acme/near/aws'), `${registry.url}/v1/modules/acme/near/aws/0.1.0/near.zip`);
    assert.equal(registry.requests.filter((r) => r === '/.well-known/terraform.json').length, 1, 'discovery once per host');
  });

  it('a host without a registry, and TF_TOKEN_ names', async () => {
    const client = new RegistryClient({ hosts: new Map([['example.com', gitServer.url]]), limits: DEFAULT_DOWNLOAD_LIMITS, env: {} });
    await assert.rejects(client.select(registrySource('example.com/a/b/c'), null, null), /service discovery not found/);
    assert.equal(registryToken('app.terraform.io', { TF_TOKEN_app_terraform_io: 't1' }), 't1');
    assert.equal(registryToken('my-registry.example.com:8443', { TF_TOKEN_my__registry_example_com: 't2' }), 't2');
  });

  it('git over http: a tag by ?ref=, a //subdir, the cache reused, .git removed', async () => {
    const f = fetcher();
    const src = remote(`git::${gitServer.url}/net.git//modules/sg?ref=v1.0.0`);
    const pkg = await fetchPackage(src, '', false, f);
    assert.equal(fs.readFileSync(path.join(packageSubdir(pkg, src.subdir), 'main.tf'), 'utf8'), '# sg one\n');
    assert.ok(!fs.existsSync(path.join(pkg, '.git')));
    const before = gitServer.requests.length;
    assert.equal(await fetchPackage(src, '', false, f), pkg);
    assert.equal(gitServer.requests.length, before, 'a pinned ref is read from the cache');
    assert.match(lines.join('\n'), /downloading git::http:\/\/127\.0\.0\.1:\d+\/net\.git\n.*using the cached git::http/);
    const latest = await fetchPackage(remote(`git::${gitServer.url}/net.git`), '', false, f);
    assert.equal(fs.readFileSync(path.join(latest, 'main.tf'), 'utf8'), '# two\n');
    assert.ok(!fs.existsSync(path.join(latest, 'passwd.tf')), 'a symlink leaving the package is dropped');
    assert.equal(fs.readFileSync(path.join(latest, 'modules/sg/versions.tf'), 'utf8'), '# two\n', 'one inside it is kept');
  });

  it('a commit id as ?ref= is checked out after a full clone', async () => {
    const bare = path.join(tmp(), 'x');
    const repos = path.dirname(bare);
    makeRepo(repos, 'c', { '1.0.0': { 'main.tf': '# first\n' }, '2.0.0': { 'main.tf': '# second\n' } });
    const { execFileSync } = await import('node:child_process');
    const first = execFileSync('git', ['rev-parse', 'v1.0.0^{commit}'], { cwd: path.join(repos, 'c.git'), encoding: 'utf8' }).trim();
    const server = await startGitServer(repos);
    try {
      const pkg = await fetchPackage(remote(`git::${server.url}/c.git?ref=${first}`), '', false, fetcher());
      assert.equal(fs.readFileSync(path.join(pkg, 'main.tf'), 'utf8'), '# first\n');
    } finally {
      await server.close();
    }
  });

  it('git failures name the repository without credentials; file:// only for the scanned code itself', async () => {
    await assert.rejects(fetchPackage(remote(`git::http://user:secret@127.0.0.1:${new URL(gitServer.url).port}/missing.git`), '', false, fetcher()), (err: Error) => !err.message.includes('secret') && /missing\.git/.test(err.message));
    await assert.rejects(fetchPackage(remote('git::file:///tmp/anything'), '', false, fetcher()), /may not point at a local repository/);
    await assert.rejects(fetchPackage(remote(`git::${gitServer.url}/net.git?ref=--upload-pack=touch`), '', false, fetcher()), /could take as options/);
  });

  it('archives over http: tar.gz and zip by extension; size limit; timeout', async () => {
    const packed = await fetchPackage(remote(`${registry.url}/files/packed.tar.gz//modules/http`), '', false, fetcher());
    assert.equal(fs.readFileSync(path.join(packageSubdir(packed, 'modules/http'), 'main.tf'), 'utf8'), '# http\n');
    const pkg = await fetchPackage(remote(`${registry.url}/files/net.zip`), '', false, fetcher());
    assert.equal(fs.readFileSync(path.join(pkg, 'main.tf'), 'utf8'), '# zipped\n');
    await assert.rejects(fetchPackage(remote(`${registry.url}/files/net.zip`), '', false, { ...fetcher(), limits: { ...DEFAULT_DOWNLOAD_LIMITS, maxBytes: 10 } }), /over the 10-byte download limit/);
    await assert.rejects(httpGet(`${slow.url}/x.zip`, { ...DEFAULT_DOWNLOAD_LIMITS, timeoutMs: 300 }), /no complete answer within 0.3 s/);
    await assert.rejects(fetchPackage(remote(`${registry.url}/files/none.zip`), '', false, fetcher()), /answered HTTP 404/);
  });

  it('the default cache follows each platform\'s convention', () => {
    assert.equal(defaultModuleCache({ XDG_CACHE_HOME: '/c' }, 'linux'), path.join('/c', 'sglint', 'modules'));
    assert.equal(defaultModuleCache({}, 'linux'), path.join(os.homedir(), '.cache', 'sglint', 'modules'));
    assert.equal(defaultModuleCache({}, 'darwin'), path.join(os.homedir(), 'Library', 'Caches', 'sglint', 'modules'));
    assert.equal(defaultModuleCache({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32'), path.join('C:\\Users\\u\\AppData\\Local', 'sglint', 'modules'));
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { archiveKind, extractArchive, type ArchiveKind } from '../../../../../src/ingest/terraform/modules/download/archive.js';
import { DEFAULT_DOWNLOAD_LIMITS } from '../../../../../src/ingest/terraform/modules/download/http.js';
import { makeTar, makeTarGz, makeZip, type ArchiveEntry } from '../../../../helpers/archives.js';

const fresh = (): string => fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-unpack-')));
const listing = (dir: string): string[] => (fs.readdirSync(dir, { recursive: true }) as string[]).map((p) => p.split(path.sep).join('/')).sort();
const pack = (kind: ArchiveKind, entries: ArchiveEntry[]): Buffer => (kind === 'zip' ? makeZip(entries) : kind === 'tar.gz' ? makeTarGz(entries) : makeTar(entries));

describe('module archives', () => {
  it('kinds by extension or ?archive=, as go-getter decides', () => {
    assert.equal(archiveKind('https://h/x/sg-5.3.1.tar.gz'), 'tar.gz');
    assert.equal(archiveKind('https://h/x/sg.tgz?token=1'), 'tar.gz');
    assert.equal(archiveKind('https://h/x/sg.zip'), 'zip');
    assert.equal(archiveKind('https://h/download?archive=zip'), 'zip');
    assert.equal(archiveKind('https://h/x/sg.tar.xz'), 'unsupported');
    assert.equal(archiveKind('https://h/x/sg'), null);
  });

  for (const kind of ['tar.gz', 'zip', 'tar'] as const) {
    it(`${kind}: files and folders are written, links never; long names survive`, () => {
      const dest = fresh();
      const long = `${'deep/'.repeat(25)}main.tf`;
      extractArchive(kind, pack(kind, [
        { name: 'sg/', type: 'dir' },
        { name: 'sg/main.tf', data: 'resource "aws_security_group" "x" {}\n' },
        { name: './sg/modules/http/main.tf', data: 'module "sg" {}\n' },
        { name: 'sg/passwd.tf', type: 'symlink', link: '/etc/passwd' },
        { name: long, data: 'x' },
      ]), dest, DEFAULT_DOWNLOAD_LIMITS);
      const files = listing(dest);
      assert.ok(files.includes('sg/main.tf') && files.includes('sg/modules/http/main.tf') && files.includes(long), files.join(' '));
      assert.ok(!files.includes('sg/passwd.tf'), 'a symlink is not written');
      assert.equal(fs.readFileSync(path.join(dest, 'sg/main.tf'), 'utf8'), 'resource "aws_security_group" "x" {}\n');
    });

    it(`${kind}: an entry leaving the folder refuses the whole archive, nothing is written outside`, () => {
      for (const evil of ['../evil.tf', 'sg/../../evil.tf', '/tmp/evil.tf', 'C:/evil.tf', '..\\evil.tf']) {
        const parent = fresh();
        const dest = path.join(parent, 'pkg');
        fs.mkdirSync(dest);
        assert.throws(() => extractArchive(kind, pack(kind, [{ name: 'ok.tf', data: 'x' }, { name: evil, data: 'pwned' }]), dest, DEFAULT_DOWNLOAD_LIMITS), /would be written outside the package folder; the archive is refused/, evil);
        assert.deepEqual(fs.readdirSync(parent), ['pkg'], evil);
      }
      const dest = fresh();
      assert.throws(() => extractArchive(kind, pack(kind, [{ name: '../link', type: 'symlink', link: 'x' }]), dest, DEFAULT_DOWNLOAD_LIMITS), /outside the package folder/);
    });

    it(`${kind}: size and file-count limits`, () => {
      const entries = Array.from({ length: 5 }, (_x, i) => ({ name: `f${i}.tf`, data: 'x'.repeat(1000) }));
      assert.throws(() => extractArchive(kind, pack(kind, entries), fresh(), { ...DEFAULT_DOWNLOAD_LIMITS, maxFiles: 4 }), /more than 4 files/);
      assert.throws(() => extractArchive(kind, pack(kind, entries), fresh(), { ...DEFAULT_DOWNLOAD_LIMITS, maxUnpackedBytes: 3000 }), /more than 3000 bytes/);
    });
  }

  it('a gzip bomb stops at the limit, not at the end of the stream', () => {
    const bomb = makeTarGz([{ name: 'a.tf', data: '\0'.repeat(20 * 1024 * 1024) }]);
    assert.ok(bomb.length < 100_000);
    assert.throws(() => extractArchive('tar.gz', bomb, fresh(), { ...DEFAULT_DOWNLOAD_LIMITS, maxUnpackedBytes: 1024 * 1024 }), /more than 1048576 bytes/);
  });

  it('corrupt input is an error, never a crash', () => {
    assert.throws(() => extractArchive('zip', Buffer.from('PK nothing here'), fresh(), DEFAULT_DOWNLOAD_LIMITS), /not a valid zip/);
    assert.throws(() => extractArchive('tar.gz', Buffer.from('nope'), fresh(), DEFAULT_DOWNLOAD_LIMITS), /not valid gzip/);
    assert.throws(() => extractArchive('tar', makeTar([{ name: 'a', data: 'x'.repeat(2000) }]).subarray(0, 1024), fresh(), DEFAULT_DOWNLOAD_LIMITS), /truncated/);
  });
});

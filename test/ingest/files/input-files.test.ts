import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { InputFileError, InputFiles, moduleRootOf, ReadBudget, MAX_SOURCE_FILE_BYTES, MAX_DATA_FILE_BYTES, MAX_SCAN_BYTES } from '../../../src/ingest/files/input-files.js';
import { jsonSyntaxError, parseJson } from '../../../src/ingest/files/json-error.js';

const scratch = (): string => fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-files-')));
const refused = (fn: () => unknown, re: RegExp): void => assert.throws(fn, (err: unknown) => err instanceof InputFileError && re.test(err.message));

describe('the module root', () => {
  it('is the enclosing git work tree (a .git folder or a .git file), else the folder itself, else a file\'s folder', () => {
    const dir = scratch();
    fs.mkdirSync(path.join(dir, 'repo/.git'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'repo/examples/basic'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'repo/examples/basic/main.tf'), '');
    assert.equal(moduleRootOf(path.join(dir, 'repo/examples/basic')), path.join(dir, 'repo'));
    assert.equal(moduleRootOf(path.join(dir, 'repo/examples/basic/main.tf')), path.join(dir, 'repo'));
    fs.mkdirSync(path.join(dir, 'worktree/sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'worktree/.git'), 'gitdir: /elsewhere\n');
    assert.equal(moduleRootOf(path.join(dir, 'worktree/sub')), path.join(dir, 'worktree'));
    fs.mkdirSync(path.join(dir, 'plain/sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'plain/sub/x.tf'), '');
    assert.equal(moduleRootOf(path.join(dir, 'plain/sub')), path.join(dir, 'plain/sub'));
    assert.equal(moduleRootOf(path.join(dir, 'plain/sub/x.tf')), path.join(dir, 'plain/sub'));
  });

  it('the limits are named constants: 16 MiB per source file, 512 MiB per data file, 1 GiB per scan', () => {
    assert.deepEqual([MAX_SOURCE_FILE_BYTES, MAX_DATA_FILE_BYTES, MAX_SCAN_BYTES], [16 * 2 ** 20, 512 * 2 ** 20, 2 ** 30]);
  });
});

describe('the confined reader', () => {
  it('reads a regular file inside the root, also through a symlink that stays inside', () => {
    const dir = scratch();
    fs.writeFileSync(path.join(dir, 'a.tf'), 'x = 1\n');
    fs.symlinkSync('a.tf', path.join(dir, 'b.tf'));
    const files = new InputFiles(dir);
    assert.equal(files.readText(path.join(dir, 'b.tf')), 'x = 1\n');
  });

  it('refuses a symlink out of the root, a dangling one pointing out, and names where it resolves', () => {
    const dir = scratch();
    fs.symlinkSync('/etc/hostname', path.join(dir, 'out.tf'));
    fs.symlinkSync('/nonexistent/secret', path.join(dir, 'dangling.tf'));
    const files = new InputFiles(dir);
    refused(() => files.readText(path.join(dir, 'out.tf')), /out\.tf resolves to \/etc\/hostname, outside the module root/);
    refused(() => files.readText(path.join(dir, 'dangling.tf')), /resolves to \/nonexistent\/secret, outside the module root/);
    refused(() => files.readText(path.join(dir, '../x.tf')), /is outside the module root/);
  });

  it('never reads /proc, /dev or /sys, even with the root at /', () => {
    const files = new InputFiles('/');
    refused(() => files.readText('/proc/self/environ'), /outside the module root/);
    refused(() => files.readText('/dev/zero'), /outside the module root/);
  });

  it('refuses a FIFO at once (no hang), a directory, and a symlink loop', () => {
    const dir = scratch();
    execFileSync('mkfifo', [path.join(dir, 'pipe.tf')]);
    fs.mkdirSync(path.join(dir, 'folder.tf'));
    fs.symlinkSync('loop2', path.join(dir, 'loop1'));
    fs.symlinkSync('loop1', path.join(dir, 'loop2'));
    const files = new InputFiles(dir);
    const t0 = Date.now();
    refused(() => files.readText(path.join(dir, 'pipe.tf')), /pipe\.tf is not a regular file/);
    assert.ok(Date.now() - t0 < 2000);
    refused(() => files.readText(path.join(dir, 'folder.tf')), /is a directory/);
    refused(() => files.readText(path.join(dir, 'loop1')), /a symlink loop/);
  });

  it('caps each file by its class, at and over the limit, and the whole scan', () => {
    const dir = scratch();
    fs.writeFileSync(path.join(dir, 'at.tf'), 'a'.repeat(100));
    fs.writeFileSync(path.join(dir, 'over.tf'), 'a'.repeat(101));
    const files = new InputFiles(dir, { limits: { maxSourceFileBytes: 100, maxDataFileBytes: 200, maxScanBytes: 250 } });
    assert.equal(files.readText(path.join(dir, 'at.tf')).length, 100);
    refused(() => files.readText(path.join(dir, 'over.tf')), /over\.tf is 101 bytes, over the limit of 100 bytes per source file/);
    assert.equal(files.readText(path.join(dir, 'over.tf'), 'data').length, 101);
    refused(() => files.readText(path.join(dir, 'at.tf')), /more than 250 bytes in total/);
    // A head read for sniffing is bounded and not counted.
    assert.equal(files.readBytes(path.join(dir, 'over.tf'), 'data', 10).length, 10);
    const budget = new ReadBudget(10);
    budget.take(10, 'x');
    assert.throws(() => budget.take(1, 'y'), /y: the scan has read more than 10 bytes/);
  });

  it('lists a folder with symlinks classified: inside file or folder, outside, broken, other', () => {
    const dir = scratch();
    fs.writeFileSync(path.join(dir, 'f.tf'), '');
    fs.mkdirSync(path.join(dir, 'd'));
    fs.symlinkSync('f.tf', path.join(dir, 'lf.tf'));
    fs.symlinkSync('d', path.join(dir, 'ld'));
    fs.symlinkSync('/etc', path.join(dir, 'out'));
    fs.symlinkSync('missing', path.join(dir, 'broken.tf'));
    execFileSync('mkfifo', [path.join(dir, 'p.tf')]);
    const files = new InputFiles(dir);
    assert.deepEqual(files.list(dir).map((e) => `${e.name}:${e.kind}${e.symlink ? '@' : ''}`), ['broken.tf:broken@', 'd:dir', 'f.tf:file', 'ld:dir@', 'lf.tf:file@', 'out:outside@', 'p.tf:other']);
  });
});

describe('JSON syntax errors', () => {
  it('give the position and never quote the text', () => {
    for (const [text, line, column] of [['{\n  "token": ghp_SECRET\n}', 2, 12], ['{"a": 1', 1, 8], ['[1,]', 1, 4], ['{"a" 1}', 1, 6]] as const) {
      const r = parseJson(text);
      assert.ok(r.error, text);
      assert.equal(`${r.error.line}:${r.error.column}`, `${line}:${column}`, text);
      assert.doesNotMatch(r.error.message, /SECRET|"a"|ghp/);
      assert.match(r.error.message, /^invalid JSON: /);
    }
    assert.equal(jsonSyntaxError('x', new Error('weird')).message, 'invalid JSON: weird');
  });
});

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { InputFiles } from '../../../src/ingest/files/input-files.js';
import { ingestTerraform } from '../../../src/ingest/terraform/index.js';
import { errors, tempTree } from '../../helpers/tf.js';

const noVars = { vars: [], varFiles: [] };
const MODULE = 'variable "port" {\n  default = 22\n}\nresource "aws_security_group" "this" {\n  ingress {\n    from_port   = var.port\n    to_port     = var.port\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n';
const EXAMPLE = 'module "sg" {\n  source = "../../"\n  port   = 8080\n}\n';

describe('the module root: local module sources', () => {
  it('a `../../` source inside the enclosing git work tree is read, findings at the module\'s lines', () => {
    const repo = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'main.tf': MODULE, 'examples/basic/main.tf': EXAMPLE });
    const r = ingestTerraform('examples/basic', noVars, repo);
    assert.deepEqual(errors(r), []);
    assert.deepEqual(r.network.groups.map((g) => `${g.id} ${g.origin.file}:${g.origin.line} ${g.rules[0]!.ports!.from}`), ['module.sg.aws_security_group.this main.tf:4 8080']);
  });

  it('the same source without a git work tree leaves the scanned folder and is refused at the source', () => {
    const dir = tempTree({ 'main.tf': MODULE, 'examples/basic/main.tf': EXAMPLE });
    const r = ingestTerraform('examples/basic', noVars, dir);
    assert.equal(r.network.groups.length, 0);
    assert.deepEqual(errors(r).map((e) => e.replaceAll(dir, 'DIR')), [
      `examples/basic/main.tf:2:12: module "sg": "../../" resolves to DIR, outside the module root DIR/examples/basic; sglint reads only files inside it (set it with --root)`,
    ]);
  });

  it('an explicit root (--root) widens it; path.module is relative to the root module, file() reads from there', () => {
    const dir = tempTree({
      'main.tf': 'variable "port" {}\nresource "aws_security_group" "this" {\n  description = trimspace(file("${path.module}/desc.txt"))\n  tags = { at = path.module, root = path.root, files = join(",", fileset(path.module, "*.txt")) }\n  ingress {\n    from_port   = var.port\n    to_port     = var.port\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n',
      'desc.txt': 'from the module\n',
      'examples/basic/main.tf': EXAMPLE,
    });
    const r = ingestTerraform('examples/basic', noVars, dir, new InputFiles(dir));
    assert.deepEqual(errors(r), []);
    const g = r.network.groups[0]!;
    assert.equal(g.description, 'from the module');
    assert.deepEqual(g.tags, { at: '../..', root: '.', files: 'desc.txt' });
  });

  it('the walk does not follow folder symlinks: a loop terminates, a folder out of the root is not read', () => {
    const dir = tempTree({ 'main.tf': 'resource "aws_security_group" "a" {}\n' });
    fs.symlinkSync('.', path.join(dir, 'again'));
    fs.symlinkSync('/etc', path.join(dir, 'etc'));
    const r = ingestTerraform('.', noVars, dir);
    assert.deepEqual(errors(r), []);
    assert.deepEqual(r.network.groups.map((g) => g.id), ['aws_security_group.a']);
  });

  it('a module source through a folder symlink inside the root is read under its real folder', () => {
    const dir = tempTree({ 'main.tf': 'module "m" {\n  source = "./link"\n}\n', 'real/main.tf': 'resource "aws_security_group" "a" {}\n' });
    fs.symlinkSync('real', path.join(dir, 'link'));
    const r = ingestTerraform('.', noVars, dir);
    assert.deepEqual(errors(r), []);
    assert.deepEqual(r.network.groups.map((g) => `${g.id} ${g.origin.file}`), ['module.m.aws_security_group.a real/main.tf']);
  });
});

describe('the module root: hostile files in a Terraform tree', () => {
  it('a symlinked tfvars to /proc/self/environ is refused and nothing of it is printed', () => {
    process.env['SGLINT_TEST_TOKEN'] = 'ghp_notprinted';
    const dir = tempTree({ 'main.tf': 'variable "x" {}\n' });
    fs.symlinkSync('/proc/self/environ', path.join(dir, 'terraform.tfvars'));
    const r = ingestTerraform('.', noVars, dir);
    const e = errors(r);
    assert.equal(e.length, 1);
    assert.match(e[0]!, /^terraform\.tfvars:1:1: terraform\.tfvars resolves to \/proc\/\d+\/environ, outside the module root/);
    assert.doesNotMatch(JSON.stringify(r.diagnostics), /PATH=|HOME=|ghp_/);
  });

  it('zero.tf -> /dev/zero, a FIFO .tf and a .tf out of the root are errors at the file; the rest is scanned; nothing hangs', () => {
    const dir = tempTree({ 'main.tf': 'resource "aws_security_group" "ok" {}\n' });
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.tf'));
    fs.symlinkSync('/etc/hostname', path.join(dir, 'out.tf'));
    fs.symlinkSync('nowhere.tf', path.join(dir, 'broken.tf'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.tf')]);
    const t0 = Date.now();
    const r = ingestTerraform('.', noVars, dir);
    assert.ok(Date.now() - t0 < 5000);
    assert.deepEqual(r.network.groups.map((g) => g.id), ['aws_security_group.ok']);
    assert.deepEqual(errors(r).map((e) => e.replace(/ outside the module root .*$/, ' outside')), [
      'broken.tf:1:1: broken.tf is a dangling symlink: its target does not exist',
      'out.tf:1:1: out.tf resolves to /etc/hostname, outside',
      'pipe.tf:1:1: pipe.tf is not a regular file (a device, FIFO or socket); sglint reads only regular files',
      'zero.tf:1:1: zero.tf resolves to /dev/zero, outside',
    ]);
  });

  it('--var-file outside the root is refused; inside it is read', () => {
    const outside = tempTree({ 'x.tfvars': 'port = 1\n' });
    const dir = tempTree({ 'main.tf': 'variable "port" {}\n', 'in.tfvars': 'port = 2\n' });
    const r = ingestTerraform('.', { vars: [], varFiles: ['in.tfvars', path.join(outside, 'x.tfvars')] }, dir);
    assert.equal(errors(r).length, 1);
    assert.match(errors(r)[0]!, /x\.tfvars:1:1: .*x\.tfvars resolves to \/.*\/x\.tfvars, outside the module root/);
  });

  it('file() through a symlink out of the root is not read: a warning at the call, the value unknown (no error: Terraform reads it)', () => {
    const dir = tempTree({ 'main.tf': 'resource "aws_security_group" "a" {\n  description = file("link.txt")\n}\n' });
    fs.symlinkSync('/etc/hostname', path.join(dir, 'link.txt'));
    const r = ingestTerraform('.', noVars, dir);
    assert.deepEqual(errors(r), []);
    const warnings = r.diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`);
    assert.deepEqual(warnings.map((e) => e.replace(/ outside the module root .*$/, '')), ['main.tf:2:17: file(): "link.txt" resolves to /etc/hostname,']);
  });

  it('a tfvars JSON syntax error gives its position, never its content', () => {
    const dir = tempTree({ 'main.tf': 'variable "x" {}\n', 'terraform.tfvars.json': '{\n  "x": ghp_SECRETVALUE\n}\n' });
    const r = ingestTerraform('.', noVars, dir);
    assert.deepEqual(errors(r), ['terraform.tfvars.json:2:8: invalid JSON: unexpected character']);
  });
});

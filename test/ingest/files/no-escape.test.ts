import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadInputs } from '../../../src/checks/pipeline/inputs.js';

const BIN = path.resolve('dist/src/cli/main.js');
const INSTALL = [path.resolve('.'), fs.realpathSync('node_modules')];
/** What node itself opens to start (its libraries, the timezone, TLS settings, memory limits). */
const SYSTEM = [/^\/usr\//, /^\/lib(32|64)?\//, /^\/etc\/(ld\.so\.|localtime$|ssl\/|nsswitch\.conf$|hosts$|resolv\.conf$)/, /^\/proc\/(self|\d+)\/(maps|cgroup|stat|status)$/, /^\/proc\/(meminfo|sys\/vm\/)/, /^\/sys\/fs\/cgroup\//, /^\/sys\/devices\/system\/cpu\//, /^\/dev\/(null|urandom|tty)$/];

/**
 * A repository with every way out tried at once: a module source above it, file() of a file
 * outside, tfvars symlinked to a file outside and to /proc/self/environ, a .tf symlink out, a
 * folder symlink out, a --var-file outside, a config whose baseline is outside.
 */
function hostileTree(): { base: string; root: string; outside: string; scanned: string } {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-noescape-')));
  const root = path.join(base, 'repo');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(root, '.git'), { recursive: true });
  fs.mkdirSync(path.join(root, 'modules/m'), { recursive: true });
  fs.mkdirSync(path.join(root, 'ex'), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'SECRET\n');
  fs.writeFileSync(path.join(outside, 'main.tf'), 'resource "aws_security_group" "evil" {}\n');
  fs.writeFileSync(path.join(outside, 'base.json'), '{"findings": []}');
  fs.writeFileSync(path.join(root, 'modules/m/main.tf'), 'resource "aws_security_group" "a" {\n  description = file("../outside/secret.txt")\n}\n');
  fs.writeFileSync(path.join(root, 'ex/main.tf'), 'module "m" {\n  source = "../modules/m"\n}\nmodule "o" {\n  source = "../../outside"\n}\nlocals {\n  s = file("../../outside/secret.txt")\n}\nresource "aws_security_group" "b" {\n  description = local.s\n}\n');
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'ex/terraform.tfvars'));
  fs.symlinkSync('/proc/self/environ', path.join(root, 'ex/x.auto.tfvars'));
  fs.symlinkSync(path.join(outside, 'main.tf'), path.join(root, 'ex/linked.tf'));
  fs.symlinkSync(outside, path.join(root, 'ex/linked-folder'));
  fs.writeFileSync(path.join(root, '.sglint.yml'), `baseline: ${path.join(outside, 'base.json')}\n`);
  return { base, root, outside, scanned: path.join(root, 'ex') };
}

function assertConfined(opened: string[], root: string, outside: string): void {
  assert.ok(opened.some((p) => p.startsWith(`${root}/`)), 'the scan read its inputs');
  const strays = opened.filter((p) => !(p === root || p.startsWith(`${root}/`) || INSTALL.some((d) => p === d || p.startsWith(`${d}/`)) || SYSTEM.some((re) => re.test(p))));
  assert.deepEqual(strays, [], 'nothing outside the module root is opened, other than node and sglint themselves');
  assert.deepEqual(opened.filter((p) => p.startsWith(outside) || /\/environ$/.test(p)), []);
}

const strace = spawnSync('strace', ['-V'], { encoding: 'utf8' }).status === 0;

describe('a scan opens nothing outside the module root', () => {
  if (strace) {
    it('under strace -f (every open and openat of the process and its children)', () => {
      const t = hostileTree();
      const log = path.join(t.base, 'strace.log');
      const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=open,openat,openat2', '-o', log, process.execPath, BIN, 'scan', t.scanned, '--var-file', path.join(t.outside, 'secret.txt'), '--format', 'json'], {
        cwd: t.base, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', SGLINT_CACHE_DIR: path.join(t.base, 'cache') },
      });
      assert.equal(r.status, 2, r.stderr);
      const opened = [...fs.readFileSync(log, 'utf8').matchAll(/open(?:at2?)?\((?:AT_FDCWD|\d+)?,?\s*"([^"]+)"[^=]*= (-?\d+)/g)].filter((m) => Number(m[2]) >= 0).map((m) => m[1]!);
      assertConfined(opened, t.root, t.outside);
      // The refusals are reported, and no content leaked into them.
      assert.doesNotMatch(r.stdout, /SECRET|PATH=/);
      assert.match(r.stdout, /outside the module root/);
    });
  } else {
    it('with strace missing: every open, read and listing of the fs module recorded in process', async () => {
      console.log('strace is not installed: recording fs calls in process instead');
      const t = hostileTree();
      const opened: string[] = [];
      const wrapped = ['openSync', 'readFileSync', 'readdirSync', 'opendirSync'] as const;
      const saved = wrapped.map((k) => fs[k]);
      for (const k of wrapped) {
        const real = fs[k] as (...a: unknown[]) => unknown;
        (fs as unknown as Record<string, unknown>)[k] = (p: unknown, ...rest: unknown[]) => {
          if (typeof p === 'string') opened.push(fs.realpathSync.native(path.resolve(p)));
          return real.call(fs, p, ...rest);
        };
      }
      try {
        await loadInputs([t.scanned], { vars: [], varFiles: [path.join(t.outside, 'secret.txt')] }, t.base);
      } finally {
        wrapped.forEach((k, i) => ((fs as unknown as Record<string, unknown>)[k] = saved[i]));
      }
      assertConfined(opened, t.root, t.outside);
    });
  }
});

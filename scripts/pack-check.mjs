#!/usr/bin/env node
// The package as users get it: `npm pack`, then install the tarball where no clone is in reach
// (a global install into an empty prefix, a project devDependency, npx) and run it there. An
// install that works only from a clone fails here. Dependencies come from npm's cache, filled by
// `npm ci` (--offline; where the cache lacks one, from the registry).
// Usage: node scripts/pack-check.mjs [--tarball FILE]   (default: pack this checkout)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-pack-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let failures = 0;

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: work, ...opts, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...opts.env } });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}
/** `npm install ...` from the cache alone, else (a cache that lacks a dependency) with the registry. */
function npmInstall(args, opts) {
  const offline = sh(npm, [...args, '--offline'], opts);
  if (offline.code === 0 || !/ENOTCACHED/.test(offline.err)) return offline;
  console.log("note: npm's cache lacks a dependency; installing with the registry");
  return sh(npm, [...args, '--prefer-offline'], opts);
}
function check(name, ok, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || !detail ? '' : `\n${detail}`}`);
  if (!ok) failures++;
}

// 1. The tarball and what is in it.
let tarball = process.argv.includes('--tarball') ? path.resolve(process.argv[process.argv.indexOf('--tarball') + 1]) : undefined;
if (!tarball) {
  const r = sh(npm, ['pack', '--json', '--pack-destination', work], { cwd: root });
  if (r.code !== 0) throw new Error(`npm pack failed:\n${r.err}`);
  tarball = path.join(work, JSON.parse(r.out.slice(r.out.indexOf('[')))[0].filename);
}
const listing = sh('tar', ['-tzf', tarball]).out.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
for (const f of ['package.json', 'LICENSE', 'README.md', 'CHANGELOG.md', 'SECURITY.md', 'dist/src/cli/main.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/rules/index.js', 'schema/sglint.schema.json', 'docs/rules/ssh-open-to-internet.md']) {
  check(`the package holds ${f}`, listing.includes(f));
}
const devOnly = listing.filter((f) => /^(src|test|fixtures|test-data|bench|scripts|\.ci|\.github|dist\/test|dist\/bench|dist\/src\/action)\/|^dist\/index\.js$|\.ts$(?<!\.d\.ts$)/.test(f));
check('no dev-only files in the package', devOnly.length === 0, devOnly.slice(0, 10).join('\n'));

// A project to scan, outside the clone.
const project = path.join(work, 'project');
fs.cpSync(path.join(root, 'fixtures/examples/three-tier'), project, { recursive: true });
const nodeDir = path.dirname(process.execPath);

function runs(label, bin, cwd = project) {
  const env = { PATH: `${path.dirname(bin)}${path.delimiter}${nodeDir}`, HOME: work, NO_COLOR: '1' };
  const version = spawnSync(bin, ['--version'], { cwd, env, encoding: 'utf8' });
  check(`${label}: sglint --version is ${pkg.version}`, version.stdout === `${pkg.version}\n`, version.stderr);
  const help = spawnSync(bin, ['--help'], { cwd, env, encoding: 'utf8' });
  check(`${label}: sglint --help`, help.status === 0 && /^Usage: sglint /m.test(help.stdout), help.stderr);
  const scan = spawnSync(bin, ['scan', '.', '--format', 'json'], { cwd, env, encoding: 'utf8' });
  let findings = -1;
  try { findings = JSON.parse(scan.stdout).findings.length; } catch { /* reported below */ }
  check(`${label}: sglint scan on the example finds its planted mistakes (exit 1, ${findings} findings)`, scan.status === 1 && findings > 0, scan.stderr);
  const completion = spawnSync(bin, ['completion', 'bash'], { cwd, env, encoding: 'utf8' });
  check(`${label}: sglint completion bash`, completion.status === 0 && /^complete .*-F _sglint sglint$/m.test(completion.stdout), completion.stderr);
}

// 2. npm install -g into an empty prefix.
const prefix = path.join(work, 'prefix');
let r = npmInstall(['install', '--global', '--prefix', prefix, tarball]);
check('npm install -g ./sglint-X.tgz (empty prefix)', r.code === 0, r.err);
if (r.code === 0) runs('global', path.join(prefix, process.platform === 'win32' ? '' : 'bin', 'sglint'));

// 3. A project's devDependency.
const app = path.join(work, 'app');
fs.mkdirSync(app);
fs.writeFileSync(path.join(app, 'package.json'), '{ "name": "app", "private": true }\n');
r = npmInstall(['install', '--save-dev', tarball], { cwd: app });
check('npm install --save-dev ./sglint-X.tgz', r.code === 0, r.err);
if (r.code === 0) runs('devDependency', path.join(app, 'node_modules', '.bin', 'sglint'));

// 4. npx --package ./sglint-X.tgz sglint.
r = sh(npm, ['exec', '--yes', '--prefer-offline', `--package=${tarball}`, '--', 'sglint', '--version'], { cwd: project });
const viaNpx = r.code === 0 && r.out === `${pkg.version}\n`;
check('npx --package ./sglint-X.tgz sglint --version', viaNpx, r.err);

fs.rmSync(work, { recursive: true, force: true });
console.log(failures ? `pack-check: ${failures} failed` : 'pack-check: the packed package installs and runs');
process.exit(failures ? 1 : 0);

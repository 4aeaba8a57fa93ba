import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const BIN = path.resolve('dist/src/cli/main.js');
const sglint = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });

interface Shift {
  family: number;
  traffic: { tcp: [number, number][] };
  now: string[];
  was: string[];
}
interface DiffJson {
  exposure: { opened: { id: string; internet: { tcp: [number, number][] }; sources: Shift[] }[]; closed: { id: string; sources: Shift[] }[] };
}

/** base: SSH to the bastion from 198.51.100.0/24 only; head: the example as it is, from 0.0.0.0/0. */
function widened(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-diff-sources-'));
  for (const side of ['base', 'head']) fs.cpSync('fixtures/examples/three-tier', path.join(root, side), { recursive: true });
  const vars = path.join(root, 'base', 'variables.tf');
  const text = fs.readFileSync(vars, 'utf8');
  assert.match(text, /variable "admin_cidrs"[\s\S]*?default\s*=\s*\["0\.0\.0\.0\/0"\]/);
  fs.writeFileSync(vars, text.replace(/(variable "admin_cidrs"[\s\S]*?default\s*=\s*)\["0\.0\.0\.0\/0"\]/, '$1["198.51.100.0/24"]'));
  return root;
}

describe('sglint diff: the breadth of a source', () => {
  it('a source widened from 198.51.100.0/24 to 0.0.0.0/0 opens exposure, though tcp/22 was open before', () => {
    const root = widened();
    const r = sglint(['diff', 'base', 'head'], root);
    assert.match(r.stdout, /Exposure opened:\n {2}\+ aws_instance\.bastion: tcp 22 now from the whole internet, was 198\.51\.100\.0\/24\n/);
    assert.match(r.stdout, /exposure opened on 1 endpoint, closed on 0/);
    const d = JSON.parse(sglint(['diff', 'base', 'head', '--format', 'json'], root).stdout) as DiffJson;
    assert.deepEqual(d.exposure.opened.map((c) => [c.id, c.internet.tcp, c.sources]), [['aws_instance.bastion', [[22, 22]], [{ family: 4, traffic: { tcp: [[22, 22]], udp: [], icmp: false }, now: ['0.0.0.0/0'], was: ['198.51.100.0/24'] }]]]);
    assert.deepEqual(d.exposure.closed, []);
    const md = sglint(['diff', 'base', 'head', '--format', 'markdown'], root).stdout;
    assert.match(md, /\| `aws_instance\.bastion` \| opened \| tcp 22 now from the whole internet, was 198\.51\.100\.0\/24 \|/);
  });

  it('narrowed back, it is closed: "now only from", with what it was', () => {
    const root = widened();
    const r = sglint(['diff', 'head', 'base'], root);
    assert.match(r.stdout, /Exposure closed:\n {2}- aws_instance\.bastion: tcp 22 now only from 198\.51\.100\.0\/24, was the whole internet\n/);
    assert.match(r.stdout, /exposure opened on 0 endpoints, closed on 1/);
    const d = JSON.parse(sglint(['diff', 'head', 'base', '--format', 'json'], root).stdout) as DiffJson;
    assert.deepEqual(d.exposure.closed.map((c) => c.sources.map((x) => [x.now, x.was])), [[[['198.51.100.0/24'], ['0.0.0.0/0']]]]);
  });

  it('a port moved: the old one is no longer reachable, the new one was not reachable before', () => {
    const root = widened();
    const sec = path.join(root, 'head', 'security.tf');
    const text = fs.readFileSync(sec, 'utf8');
    assert.match(text, /SSH from administrators"\n\s*from_port\s*=\s*22\n\s*to_port\s*=\s*22/);
    fs.writeFileSync(sec, text.replace(/(SSH from administrators"\n\s*from_port\s*=\s*)22(\n\s*to_port\s*=\s*)22/, '$12222$22222'));
    const r = sglint(['diff', 'head', 'base'], root);
    assert.match(r.stdout, /Exposure opened:\n {2}\+ aws_instance\.bastion: tcp 22 now from 198\.51\.100\.0\/24 \(was not reachable\)\n/);
    assert.match(r.stdout, /Exposure closed:\n {2}- aws_instance\.bastion: tcp 2222 no longer reachable \(was from the whole internet\)\n/);
  });
});

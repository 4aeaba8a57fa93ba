import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const BIN = path.resolve('dist/src/cli/main.js');
const EXAMPLE = path.resolve('fixtures/examples/three-tier');
const sglint = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
const heads = (text: string): string[] => text.split('\n').filter((l) => / -> /.test(l) && !l.startsWith(' '));

interface Explained {
  packet: string;
  reachable: boolean;
  summary: string;
  hops: { from: string; to: string }[];
  ports?: { packet: string; reachable: boolean }[];
}

/** The example with SSH to the bastion narrowed to 198.51.100.0/24 (and, optionally, RDP opened to all). */
function narrowed(rdp = false): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-explain-from-'));
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  const vars = path.join(dir, 'variables.tf');
  fs.writeFileSync(vars, fs.readFileSync(vars, 'utf8').replace(/(variable "admin_cidrs"[\s\S]*?default\s*=\s*)\["0\.0\.0\.0\/0"\]/, '$1["198.51.100.0/24"]'));
  if (rdp) fs.appendFileSync(path.join(dir, 'security.tf'), '\nresource "aws_security_group_rule" "rdp" {\n  type              = "ingress"\n  security_group_id = aws_security_group.bastion.id\n  from_port         = 3389\n  to_port           = 3389\n  protocol          = "tcp"\n  cidr_blocks       = ["0.0.0.0/0"]\n}\n');
  return dir;
}

describe('sglint explain --from ADDRESS|CIDR follows chains like --from internet', () => {
  it('a database two hops from an address: every hop, not "blocked by the public-ip"', () => {
    const r = sglint('explain', 'aws_db_instance.main', EXAMPLE, '--from', '198.51.100.7');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^aws_db_instance\.main is reachable from 198\.51\.100\.7 on tcp\/5432 through 2 intermediate endpoints/);
    assert.deepEqual(heads(r.stdout), ['198.51.100.7 -> aws_instance.bastion (tcp/22)', 'aws_instance.bastion -> module.app.aws_instance.this[0] (tcp/22)', 'module.app.aws_instance.this[0] -> aws_db_instance.main (tcp/5432)']);
    assert.match(r.stdout, /nacl-inbound .* \(source 198\.51\.100\.7\)/, 'the first hop is checked for that address');
  });

  it('an address outside the admin range takes the path that is open to it, and the bastion says which rule is missing', () => {
    const dir = narrowed();
    const db = JSON.parse(sglint('explain', 'aws_db_instance.main', dir, '--from', '203.0.113.0/24', '--format', 'json').stdout) as Explained;
    assert.equal(db.reachable, true);
    assert.deepEqual(db.hops.map((h) => h.from), ['203.0.113.0/24', 'aws_lb.front', 'module.web.aws_instance.this[0]', 'module.app.aws_instance.this[0]']);
    const admin = JSON.parse(sglint('explain', 'aws_db_instance.main', dir, '--from', '198.51.100.7', '--format', 'json').stdout) as Explained;
    assert.deepEqual(admin.hops.map((h) => h.to), ['aws_instance.bastion', 'module.app.aws_instance.this[0]', 'aws_db_instance.main'], 'the admins keep the shorter path');
    const r = sglint('explain', 'aws_instance.bastion', dir, '--from', '203.0.113.9');
    assert.match(r.stdout, /^aws_instance\.bastion is not reachable from 203\.0\.113\.9 on tcp\/22: blocked by the security-group/);
    assert.match(r.stdout, /✖ security-group {2}no rule of aws_security_group\.bastion allows tcp\/22 from 203\.0\.113\.9/);
  });

  it('without --port, every port the target exposes to the source is explained', () => {
    const dir = narrowed(true);
    const all = sglint('explain', 'aws_instance.bastion', dir);
    assert.match(all.stdout, /^2 ports to explain: tcp\/22, tcp\/3389\n/);
    assert.equal(all.stdout.match(/^aws_instance\.bastion is reachable from the internet on tcp\/(22|3389) directly$/gm)?.length, 2);
    const json = JSON.parse(sglint('explain', 'aws_instance.bastion', dir, '--format', 'json').stdout) as Explained;
    assert.equal(json.packet, 'tcp/22', 'the first port stays at the top level');
    assert.deepEqual(json.ports!.map((p) => [p.packet, p.reachable]), [['tcp/22', true], ['tcp/3389', true]]);
    // From outside the admin range only RDP is open.
    const outside = JSON.parse(sglint('explain', 'aws_instance.bastion', dir, '--from', '203.0.113.9', '--format', 'json').stdout) as Explained;
    assert.deepEqual(outside.ports!.map((p) => p.packet), ['tcp/3389']);
    // With --port the answer is the one explanation, as before.
    const one = JSON.parse(sglint('explain', 'aws_instance.bastion', dir, '--port', '3389', '--format', 'json').stdout) as Explained;
    assert.equal(one.ports, undefined);
    assert.equal(one.packet, 'tcp/3389');
  });

  it('a range with no public address is not the internet: a usage error that says what to give instead', () => {
    const r = sglint('explain', 'aws_instance.bastion', EXAMPLE, '--from', '10.0.0.0/8');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--from 10\.0\.0\.0\/8 holds no public address.*give an endpoint/);
  });
});

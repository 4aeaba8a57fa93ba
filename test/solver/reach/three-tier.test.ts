import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ingestTerraform } from '../../../src/ingest/terraform/index.js';
import { solve } from '../../../src/solver/index.js';
import { ReachEngine, type Selection } from '../../../src/solver/reach/index.js';
import { Traffic } from '../../../src/solver/traffic.js';

const r = ingestTerraform('fixtures/reach/three-tier', { vars: [], varFiles: [] });
const sol = solve(r.network);
const engine = new ReachEngine(sol);
const ids = (s: Selection | { error: string }): string[] => ('error' in s ? [s.error] : [...s.endpoints].map((i) => sol.topology.running[i]!.id).sort());
const sel = (text: string): Selection => {
  const s = engine.select(text);
  if ('error' in s) throw new Error(s.error);
  return s;
};
const answers = (from: string, to: string, opts: { traffic?: Traffic; maxHops?: number } = {}) =>
  engine.reach({ from: sel(from), to: sel(to), ...opts }).map((a) => ({
    to: a.target.endpoints.map((i) => sol.topology.running[i]!.id).join(','), hops: a.hops, tcp: a.traffic.tcp.ranges.map(([x, y]) => `${x}-${y}`).join(','),
  }));

describe('reach: the three-tier fixture', () => {
  it('reads without input errors', () => assert.deepEqual(r.diagnostics, []));

  it('selectors: endpoints, groups by id or name, tags (own and group), subnets, VPCs, CIDRs, internet, any', () => {
    assert.deepEqual(ids(engine.select('aws_instance.bastion')), ['aws_instance.bastion']);
    assert.deepEqual(ids(engine.select('group:aws_security_group.app')), ['aws_instance.app[0]', 'aws_instance.app[1]']);
    assert.deepEqual(ids(engine.select('app')), ['aws_instance.app[0]', 'aws_instance.app[1]'], 'a group by name');
    assert.deepEqual(ids(engine.select('tag:tier=db')), ['aws_db_instance.orders']);
    assert.deepEqual(ids(engine.select('tag:role=bastion')), ['aws_instance.bastion'], 'an instance tag');
    assert.deepEqual(ids(engine.select('tag:tier=web')), ['aws_instance.web[0]', 'aws_instance.web[1]'], 'a group tag');
    assert.deepEqual(ids(engine.select('tag:pci')), ['aws_db_instance.orders'], 'a tag key alone');
    assert.deepEqual(ids(engine.select('subnet:aws_subnet.public')), ['aws_instance.bastion', 'aws_instance.web[0]', 'aws_instance.web[1]']);
    assert.equal(ids(engine.select('vpc:aws_vpc.main')).length, 6);
    assert.deepEqual(ids(engine.select('10.0.2.0/24')), ['aws_instance.app[0]', 'aws_instance.app[1]']);
    assert.deepEqual(ids(engine.select('10.0.1.10')), ['aws_instance.bastion']);
    assert.equal((engine.select('internet') as Selection).internet, true);
    assert.equal((engine.select('any') as Selection).endpoints.size, 6);
    assert.match(ids(engine.select('group:nope'))[0]!, /no security group "nope"/);
    assert.match(ids(engine.select('nothing-here'))[0]!, /matches no endpoint, group, subnet or VPC/);
    assert.match(ids(engine.select('tag:=x'))[0]!, /tag:KEY=VALUE/);
  });

  it('endpoints that every layer treats alike share a class: two web servers, two app servers', () => {
    assert.equal(engine.graph.size, 4);
  });

  it('blast radius of the bastion: the app tier on 22 in one hop, the database in two, the web tier on 80', () => {
    assert.deepEqual(answers('aws_instance.bastion', 'any'), [
      { to: 'aws_instance.web[0],aws_instance.web[1]', hops: 1, tcp: '80-80' },
      { to: 'aws_instance.app[0],aws_instance.app[1]', hops: 1, tcp: '22-22,8080-8080' },
      { to: 'aws_db_instance.orders', hops: 2, tcp: '5432-5432' },
    ]);
  });

  it('the internet reaches the database in three hops (office -> bastion -> app -> db); not within two', () => {
    assert.deepEqual(answers('internet', 'tag:tier=db'), [{ to: 'aws_db_instance.orders', hops: 3, tcp: '5432-5432' }]);
    assert.deepEqual(answers('internet', 'tag:tier=db', { maxHops: 2 }), []);
  });

  it('a traffic filter applies to the last hop: the app tier on 22 only from the bastion, never from web', () => {
    const ssh = Traffic.of(6, { from: 22, to: 22 });
    assert.deepEqual(answers('tag:tier=web', 'tag:tier=app', { traffic: ssh }), []);
    assert.deepEqual(answers('aws_instance.bastion', 'tag:tier=app', { traffic: ssh }), [{ to: 'aws_instance.app[0],aws_instance.app[1]', hops: 1, tcp: '22-22' }]);
  });

  it('a web server reaches its twin (same class), never itself', () => {
    assert.deepEqual(answers('aws_instance.web[0]', 'tag:tier=web'), [{ to: 'aws_instance.web[1]', hops: 1, tcp: '80-80' }]);
  });

  it('the witness names each hop and the rule lines that allow it', () => {
    const [a] = engine.reach({ from: sel('internet'), to: sel('tag:tier=db') });
    const hops = engine.witness(a!);
    assert.deepEqual(hops.map((h) => `${h.from} -> ${h.to} ${h.packet}`), [
      'internet -> aws_instance.bastion tcp/22', 'aws_instance.bastion -> aws_instance.app[0] tcp/22', 'aws_instance.app[0] -> aws_db_instance.orders tcp/5432',
    ]);
    const sg = (k: number) => hops[k]!.steps.find((s) => s.layer === 'security-group')!;
    assert.deepEqual([0, 1, 2].map((k) => `${sg(k).verdict}@${sg(k).origin?.line}`), ['allow@43', 'allow@92', 'allow@113']);
    assert.ok(hops.every((h) => h.steps.every((s) => s.verdict !== 'block')));
  });
});

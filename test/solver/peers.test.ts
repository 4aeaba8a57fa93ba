import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Endpoint, Network, Rule } from '../../src/model/network.js';
import { emptyNetwork } from '../../src/model/network.js';
import { solve, Traffic } from '../../src/solver/index.js';
import { ruleTraffic } from '../../src/solver/layers.js';
import { randomNetwork } from '../helpers/random-network.js';
import { rng } from '../helpers/random.js';

/**
 * Peers by their definition, computed the slow way: every allow ingress rule of the endpoint's
 * groups (each group once, in the endpoint's order; the last group with an id wins), keyed by
 * source, traffic united, sorted by source.
 */
function brutePeers(network: Network, e: Endpoint): { from: string; traffic: Traffic; rules: Rule[] }[] {
  const byId = new Map(network.groups.map((g) => [g.id, g]));
  const bySource = new Map<string, { from: string; traffic: Traffic; rules: Rule[] }>();
  for (const id of new Set(e.groupIds)) {
    for (const r of byId.get(id)?.rules ?? []) {
      if (r.direction !== 'ingress' || r.action !== 'allow') continue;
      const p = r.peer;
      const from = p.kind === 'group' ? (byId.get(p.groupId)?.address ?? p.groupId) : p.kind === 'prefixList' ? p.id : p.kind === 'unknown' ? `unknown (${p.reason})` : p.cidr;
      const prev = bySource.get(from);
      bySource.set(from, prev ? { from, traffic: prev.traffic.union(ruleTraffic(r)), rules: [...prev.rules, r] } : { from, traffic: ruleTraffic(r), rules: [r] });
    }
  }
  return [...bySource.values()].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

function assertSame(network: Network, e: Endpoint, got: { from: string; traffic: Traffic; rules: Rule[] }[], what: string): void {
  const want = brutePeers(network, e);
  assert.deepEqual(got.map((p) => p.from), want.map((p) => p.from), what);
  got.forEach((p, k) => {
    assert.ok(p.traffic.equals(want[k]!.traffic), `${what}: traffic from ${p.from}`);
    assert.deepEqual(p.rules.map((r) => r.key), want[k]!.rules.map((r) => r.key), `${what}: rules from ${p.from}`);
  });
}

const O = { file: 'peers.test', line: 1, column: 1 };
const rule = (groupId: string, key: string, peer: Rule['peer'], protocol: number, ports: { from: number; to: number } | null): Rule => ({
  key, groupId, direction: 'ingress', action: 'allow', priority: 0, protocol, ports, peer, origin: { ...O, address: groupId }, unknowns: [],
});
const eni = (id: string, groupIds: string[]): Endpoint => ({
  id, address: id, kind: 'network-interface', groupIds, subnetIds: [], privateIps: ['10.0.0.5'], ipv6Ips: [], publicIp: false, hasIpv6: false, origin: O, unknowns: [],
});

describe('peers (who may open connections to an endpoint) match their definition', () => {
  it('on 600 random networks (AWS and Huawei)', () => {
    for (let seed = 91_001; seed <= 91_600; seed++) {
      const network = randomNetwork(rng(seed), seed % 3 === 0);
      const sol = solve(network);
      for (const e of sol.endpoints()) assertSame(network, e, sol.exposure(e).peers, `seed ${seed}: ${e.id}`);
    }
  });

  it('with a source twice in one group, a group listed twice, a group not in the input, prefix lists and unknown sources', () => {
    const network = emptyNetwork();
    network.groups.push(
      { id: 'sg-a', address: 'sg-a', provider: 'aws', isDefault: false, rules: [
        rule('sg-a', 'a1', { kind: 'cidr4', cidr: '10.0.0.0/8' }, 6, { from: 22, to: 22 }),
        rule('sg-a', 'a2', { kind: 'prefixList', id: 'pl-123' }, 6, { from: 443, to: 443 }),
        rule('sg-a', 'a3', { kind: 'cidr4', cidr: '10.0.0.0/8' }, 6, { from: 80, to: 80 }),
        rule('sg-a', 'a4', { kind: 'group', groupId: 'sg-b' }, -1, null),
      ], origin: O },
      { id: 'sg-b', address: 'aws_security_group.b', provider: 'aws', isDefault: false, rules: [
        rule('sg-b', 'b1', { kind: 'cidr4', cidr: '10.0.0.0/8' }, 17, { from: 53, to: 53 }),
        rule('sg-b', 'b2', { kind: 'unknown', reason: 'var.cidr' }, 6, { from: 8080, to: 8080 }),
        rule('sg-b', 'b3', { kind: 'cidr6', cidr: '::/0' }, 6, { from: 443, to: 443 }),
      ], origin: O },
    );
    network.endpoints.push(eni('eni-1', ['sg-a', 'sg-b']), eni('eni-2', ['sg-b', 'sg-a', 'sg-b']), eni('eni-3', ['sg-missing', 'sg-a']), eni('eni-4', ['sg-missing']), eni('eni-5', []));
    const sol = solve(network);
    for (const e of network.endpoints) assertSame(network, e, sol.exposure(e).peers, e.id);
    const ten = sol.exposure(network.endpoints[0]!).peers.find((p) => p.from === '10.0.0.0/8')!;
    assert.deepEqual(ten.traffic.toJSON(), { tcp: [[22, 22], [80, 80]], udp: [[53, 53]], icmp: false });
    assert.deepEqual(sol.exposure(network.endpoints[3]!).peers, []);
    // An endpoint the solution was not built for (asked for by id afterwards) takes the listing path.
    const late = eni('eni-late', ['sg-b', 'sg-new', 'sg-a']);
    assertSame(network, late, sol.exposure(late).peers, 'eni-late');
  });
});

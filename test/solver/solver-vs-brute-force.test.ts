import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { solve } from '../../src/solver/index.js';
import { bruteEdge, bruteHops, bruteInternet, type Expected } from '../helpers/brute-force.js';
import { randomNetwork } from '../helpers/random-network.js';
import { rng } from '../helpers/random.js';

const actual = (t: ReturnType<typeof solve>['exposure'] extends (e: never) => infer R ? R : never, fam: 4 | 6): Expected => {
  const x = fam === 4 ? t.internet : t.internet6;
  return { tcp: x.tcp.ranges.map(([a, b]) => [a, b]), udp: x.udp.ranges.map(([a, b]) => [a, b]), icmp: fam === 4 ? !x.icmp.isEmpty() : !x.icmp6.isEmpty(), other50: x.other.has(50) };
};

function compare(seed: number, huawei: boolean): void {
  const r = rng(seed);
  const net = randomNetwork(r, huawei);
  const sol = solve(net);
  const direct = new Set<string>();
  for (const e of sol.endpoints()) {
    const x = sol.exposure(e);
    for (const fam of [4, 6] as const) {
      const want = bruteInternet(net, e, fam);
      assert.deepEqual(actual(x, fam), want, `seed ${seed}${huawei ? ' (huawei)' : ''}: ${e.id} IPv${fam} exposure`);
      if (want.tcp.length || want.udp.length || want.icmp || want.other50) direct.add(e.id);
    }
  }
  // Other protocols besides 50 count as direct exposure for the solver too; keep the sets aligned.
  for (const e of sol.endpoints()) {
    const x = sol.exposure(e);
    if (!x.internet.isEmpty() || !x.internet6.isEmpty()) direct.add(e.id);
  }
  const hops = bruteHops(net, direct);
  for (const e of sol.endpoints()) {
    const x = sol.exposure(e);
    assert.equal(x.hopsFromInternet, hops.get(e.id) ?? null, `seed ${seed}${huawei ? ' (huawei)' : ''}: hops of ${e.id}`);
    // Every hop of the reported path must be a real edge, and the path as long as the hop count.
    if (x.hopsFromInternet !== null) assert.equal(x.path.length, x.hopsFromInternet + 2, `seed ${seed}: path length of ${e.id}`);
    for (let i = 2; i < x.path.length; i++) {
      const from = net.endpoints.find((y) => y.id === x.path[i - 1]!.id)!;
      const to = net.endpoints.find((y) => y.id === x.path[i]!.id)!;
      assert.ok(bruteEdge(net, from, to), `seed ${seed}${huawei ? ' (huawei)' : ''}: path hop ${from.id} -> ${to.id} of ${e.id} is not an edge`);
    }
  }
}

describe('solver agrees with a brute-force evaluator on random networks', () => {
  it('AWS semantics (allow-only groups), IPv4 and IPv6: 1500 random networks', () => {
    for (let seed = 1; seed <= 1500; seed++) compare(seed, false);
  });
  it('Huawei semantics (deny rules, priorities, deny wins ties): 1000 random networks', () => {
    for (let seed = 10_001; seed <= 11_000; seed++) compare(seed, true);
  });
});

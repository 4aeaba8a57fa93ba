import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Endpoint, Network } from '../../../src/model/network.js';
import { solve } from '../../../src/solver/index.js';
import { ReachEngine, parsePartition, segmentationMatrix, UNLABELLED, type Partition } from '../../../src/solver/reach/index.js';
import type { Traffic } from '../../../src/solver/traffic.js';
import type { Pkt } from '../../helpers/brute-force.js';
import { bruteGraph, bruteReach, packetKey } from '../../helpers/brute-reach.js';
import { randomNetwork } from '../../helpers/random-network.js';
import { pick, rng } from '../../helpers/random.js';

const carries = (t: Traffic, p: Pkt): boolean =>
  p.proto === 6 ? t.tcp.has(p.port!) : p.proto === 17 ? t.udp.has(p.port!) : p.proto === 1 ? !t.icmp.isEmpty() : p.proto === 58 ? !t.icmp6.isEmpty() : t.other.has(p.proto);

/** The matrix computed endpoint by endpoint: every source endpoint searched on its own, by brute force. */
function bruteMatrix(net: Network, running: Endpoint[], label: (e: Endpoint) => string): Map<string, { hops: number; packets: Set<string> }> {
  const g = bruteGraph(net, running);
  const cells = new Map<string, { hops: number; packets: Set<string> }>();
  const add = (from: string, to: string, hops: number, packets: Set<string>): void => {
    const c = cells.get(`${from} -> ${to}`);
    if (!c) cells.set(`${from} -> ${to}`, { hops, packets: new Set(packets) });
    else {
      c.hops = Math.min(c.hops, hops);
      for (const p of packets) c.packets.add(p);
    }
  };
  for (const [id, r] of bruteReach(g, { sources: ['internet'] })) add('internet', label(running.find((e) => e.id === id)!), r.hops, r.packets);
  for (const s of running) {
    for (const [id, r] of bruteReach(g, { sources: [s.id] })) {
      if (id === s.id) continue; // an endpoint never counts as reaching itself
      add(label(s), label(running.find((e) => e.id === id)!), r.hops, r.packets);
    }
  }
  return cells;
}

function compare(seed: number, huawei: boolean, partition: Partition): number {
  const r = rng(seed);
  const net = randomNetwork(r, huawei);
  // Tiers on some endpoints (some untagged), sometimes on a group instead.
  for (const e of net.endpoints) if (r() < 0.8) e.tags = { tier: pick(r, ['web', 'app', 'db']) };
  if (r() < 0.3) net.groups[0]!.tags = { tier: 'shared' };
  const sol = solve(net);
  const engine = new ReachEngine(sol);
  const running = sol.topology.running;
  const g = bruteGraph(net, running);
  const m = segmentationMatrix(engine, partition);
  const label = (e: Endpoint): string => {
    if (partition.by === 'subnet') return e.subnetIds.join(', ') || UNLABELLED;
    if (partition.by === 'vpc') return sol.topology.vpcOf(e) ?? UNLABELLED;
    return e.tags?.['tier'] ?? e.groupIds.map((id) => net.groups.find((x) => x.id === id)?.tags?.['tier']).find((v) => v !== undefined) ?? UNLABELLED;
  };
  const want = bruteMatrix(net, running, label);
  const got = new Map(m.cells.map((c) => [`${c.from} -> ${c.to}`, c]));
  const name = `seed ${seed}${huawei ? ' (huawei)' : ''} by ${partition.by}`;
  assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort(), `${name}: which segment reaches which`);
  for (const [k, w] of want) {
    const c = got.get(k)!;
    assert.equal(c.hops, w.hops, `${name}: hops ${k}`);
    assert.deepEqual(g.packets.filter((p) => carries(c.traffic, p)).map(packetKey).sort(), [...w.packets].sort(), `${name}: traffic ${k}`);
  }
  assert.deepEqual(m.sources.slice(1), m.targets, `${name}: rows are the internet and the columns`);
  assert.deepEqual(new Set(m.targets), new Set(running.map(label)), `${name}: every segment is a column`);
  return want.size;
}

describe('segmentation matrix', () => {
  it('agrees with a brute-force per-endpoint evaluation on random networks (by tag, by subnet)', () => {
    let cells = 0;
    for (let seed = 1; seed <= 150; seed++) cells += compare(seed, false, { by: 'tag', key: 'tier' }) + compare(seed, false, { by: 'subnet' });
    for (let seed = 30_001; seed <= 30_080; seed++) cells += compare(seed, true, { by: 'tag', key: 'tier' });
    assert.ok(cells > 1000, `the networks produced reachable pairs (${cells})`);
  });

  it('parses tag:KEY, vpc and subnet, and nothing else', () => {
    assert.deepEqual(parsePartition('tag:tier'), { by: 'tag', key: 'tier' });
    assert.deepEqual(parsePartition(' vpc '), { by: 'vpc' });
    assert.deepEqual(parsePartition('subnet'), { by: 'subnet' });
    for (const bad of ['tag:', 'tag:tier=web', 'group', '']) assert.equal(parsePartition(bad), null, bad);
  });
});

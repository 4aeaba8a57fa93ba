import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Network } from '../../../src/model/network.js';
import { solve } from '../../../src/solver/index.js';
import { ReachEngine, type Selection } from '../../../src/solver/reach/index.js';
import type { Traffic } from '../../../src/solver/traffic.js';
import { packetTraffic } from '../../../src/solver/witness.js';
import type { Pkt } from '../../helpers/brute-force.js';
import { bruteEdgePacket } from '../../helpers/brute-force.js';
import { bruteGraph, bruteReach, packetKey, type BruteGraph, type BruteQuery } from '../../helpers/brute-reach.js';
import { randomNetwork } from '../../helpers/random-network.js';
import { int, pick, rng } from '../../helpers/random.js';

const carries = (t: Traffic, p: Pkt): boolean =>
  p.proto === 6 ? t.tcp.has(p.port!) : p.proto === 17 ? t.udp.has(p.port!) : p.proto === 1 ? !t.icmp.isEmpty() : p.proto === 58 ? !t.icmp6.isEmpty() : t.other.has(p.proto);

const asTraffic = (p: Pkt): Traffic => packetTraffic(p.proto === 6 || p.proto === 17 ? { proto: p.proto === 6 ? 'tcp' : 'udp', port: p.port } : p.proto === 1 ? { proto: 'icmp', port: null } : p.proto === 58 ? { proto: 'icmpv6', port: null } : { proto: p.proto, port: null });

function sel(engine: ReachEngine, text: string): Selection {
  const s = engine.select(text);
  assert.ok(!('error' in s), `selector ${text}`);
  return s;
}

/** The engine's answer for one query, by target endpoint id: hops and the representative packets carried. */
function engineAnswer(engine: ReachEngine, g: BruteGraph, from: Selection, q: Omit<BruteQuery, 'sources' | 'packets'> & { packet?: Pkt }, throughGroup?: string) {
  const running = engine.solution.topology.running;
  const answers = engine.reach({
    from, to: sel(engine, 'any'), ...(q.packet ? { traffic: asTraffic(q.packet) } : {}), ...(q.maxHops !== undefined ? { maxHops: q.maxHops } : {}),
    ...(throughGroup ? { bypassing: (c: number) => engine.graph.classes.list[c]!.groups.includes(throughGroup) } : {}),
  });
  const out = new Map<string, { hops: number; packets: Set<string> }>();
  for (const a of answers) {
    for (const i of a.target.endpoints) {
      const id = running[i]!.id;
      const packets = new Set(g.packets.filter((p) => carries(a.traffic, p)).map(packetKey));
      // Several source classes (a multi-source selection) may reach one target: keep the best.
      const prev = out.get(id);
      if (!prev) out.set(id, { hops: a.hops, packets });
      else out.set(id, { hops: Math.min(prev.hops, a.hops), packets: new Set([...prev.packets, ...packets]) });
    }
  }
  return { out, answers };
}

/** What the comparisons covered, so a generator change that stops producing chains is noticed. */
const seen = { multiHop: 0, sameClass: 0, unreached: 0 };

function compare(seed: number, huawei: boolean): void {
  const r = rng(seed);
  const net: Network = randomNetwork(r, huawei);
  const sol = solve(net);
  const engine = new ReachEngine(sol);
  const running = sol.topology.running;
  const g = bruteGraph(net, running);
  const label = `seed ${seed}${huawei ? ' (huawei)' : ''}`;
  const check = (name: string, from: Selection, sources: string[], q: Omit<BruteQuery, 'sources' | 'packets'> & { packet?: Pkt }, throughGroup?: string, exclude = new Set<string>()): void => {
    const through = throughGroup ? new Set(running.filter((e) => e.groupIds.includes(throughGroup)).map((e) => e.id)) : undefined;
    const want = bruteReach(g, { sources, ...q, ...(q.packet ? { packets: new Set([packetKey(q.packet)]) } : {}), ...(through ? { through } : {}) });
    const { out: got, answers } = engineAnswer(engine, g, from, q, throughGroup);
    for (const e of running) {
      if (exclude.has(e.id)) continue;
      const w = want.get(e.id);
      const x = got.get(e.id);
      assert.equal(x?.hops ?? null, w?.hops ?? null, `${label}: ${name}: hops to ${e.id}`);
      if (!w) seen.unreached++;
      if (w && w.hops > 1) seen.multiHop++;
      if (w && x) assert.deepEqual([...x.packets].sort(), [...w.packets].sort(), `${label}: ${name}: what reaches ${e.id}`);
    }
    // Every witness is a real path: each hop an edge (or a direct internet exposure) carrying what it says.
    for (const a of answers) {
      if (a.source.classId === a.target.classId) seen.sameClass++;
      const eps = engine.witnessEndpoints(a);
      assert.equal(eps.length, a.hops + 1, `${label}: ${name}: witness length`);
      for (let k = 1; k < eps.length; k++) {
        const from = eps[k - 1]!;
        const to = eps[k]!;
        assert.ok(to !== 'internet');
        const sample = a.hopTraffic[k - 1]!.sample();
        assert.ok(sample, `${label}: ${name}: hop ${k} carries something`);
        const p: Pkt = { proto: sample.proto === 'tcp' ? 6 : sample.proto === 'udp' ? 17 : sample.proto === 'icmp' ? 1 : sample.proto === 'icmpv6' ? 58 : Number(sample.proto.split(' ')[1]), port: sample.port };
        const ok = from === 'internet' ? g.internet.get(to.id)?.has(packetKey(p)) ?? false : bruteEdgePacket(net, from, to, p);
        assert.ok(ok, `${label}: ${name}: witness hop ${from === 'internet' ? 'internet' : from.id} -> ${to.id} on ${packetKey(p)}`);
        assert.notEqual(from, to);
      }
    }
  };
  for (const s of running) check(`from ${s.id}`, sel(engine, s.id), [s.id], {}, undefined, new Set([s.id]));
  check('from the internet', sel(engine, 'internet'), ['internet'], {});
  const packet = pick(r, g.packets);
  const maxHops = pick(r, [1, 2, 3, undefined]);
  const groups = net.groups.map((x) => x.id);
  const through = r() < 0.5 ? pick(r, groups) : undefined;
  const s = pick(r, running);
  check(`from ${s.id} on ${packetKey(packet)} within ${maxHops} through ${through}`, sel(engine, s.id), [s.id], { packet, ...(maxHops !== undefined ? { maxHops } : {}) }, through, new Set([s.id]));
  check(`from the internet on ${packetKey(packet)} within ${maxHops}`, sel(engine, 'internet'), ['internet'], { packet, ...(maxHops !== undefined ? { maxHops } : {}) }, through);
  // A multi-source selection: targets outside it.
  const subnet = `subnet-${int(r, 0, 2)}`;
  const members = running.filter((e) => e.subnetIds.includes(subnet)).map((e) => e.id);
  check(`from ${subnet}`, sel(engine, `subnet:${subnet}`), members, {}, undefined, new Set(members));
}

describe('reach agrees with a brute-force all-pairs evaluator on random networks', () => {
  it('AWS semantics (allow-only groups, NACLs, routes, load balancers, two VPCs): 300 networks', () => {
    for (let seed = 1; seed <= 300; seed++) compare(seed, false);
  });
  it('Huawei semantics (deny rules, priorities): 200 networks', () => {
    for (let seed = 20_001; seed <= 20_200; seed++) compare(seed, true);
  });
  it('covered chains of several hops, targets in the source\'s own class and unreachable targets', () => {
    assert.ok(seen.multiHop > 100 && seen.sameClass > 10 && seen.unreached > 100, JSON.stringify(seen));
  });
});

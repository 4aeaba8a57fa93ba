import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Traffic } from '../../src/solver/traffic.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PROTOCOLS = [-1, 6, 17, 1, 58, 47, 50];

/** A union of a few random rules' traffic (ports, ICMP types, other protocols). */
function randomTraffic(r: () => number): Traffic {
  let t = Traffic.NONE;
  const n = Math.floor(r() * 5);
  for (let k = 0; k < n; k++) {
    const protocol = PROTOCOLS[Math.floor(r() * PROTOCOLS.length)]!;
    const from = Math.floor(r() * 65536);
    const to = Math.min(65535, from + Math.floor(r() * (r() < 0.5 ? 10 : 40000)));
    const ports = protocol === 6 || protocol === 17 ? (r() < 0.2 ? null : { from, to }) : null;
    const icmp = protocol === 1 || protocol === 58 ? { type: r() < 0.5 ? -1 : Math.floor(r() * 20), code: -1 } : undefined;
    t = t.union(Traffic.of(protocol, ports, icmp));
  }
  return t;
}

describe('Traffic', () => {
  it('jsonText is exactly JSON.stringify(toJSON()) for both families, on random unions', () => {
    const r = rng(11);
    for (let k = 0; k < 3000; k++) {
      const t = randomTraffic(r);
      for (const family of [4, 6] as const) assert.equal(t.jsonText(family), JSON.stringify(t.toJSON(family)));
    }
    assert.equal(Traffic.NONE.jsonText(4), '{"tcp":[],"udp":[],"icmp":false}');
    assert.equal(Traffic.ALL.jsonText(6), '{"tcp":[[0,65535]],"udp":[[0,65535]],"icmp":true,"other":[-1]}');
  });

  it('a union is the covering side itself when one side covers the other, and exact on random unions', () => {
    const ssh = Traffic.of(6, { from: 22, to: 22 });
    const low = Traffic.of(6, { from: 0, to: 1023 });
    assert.equal(low.union(ssh), low);
    assert.equal(ssh.union(low), low);
    const r = rng(12);
    let shared = 0;
    for (let k = 0; k < 2000; k++) {
      const a = randomTraffic(r);
      const b = randomTraffic(r);
      const u = a.union(b);
      assert.equal(u.jsonText(4), JSON.stringify(unionJson(a, b)));
      if (u === a || u === b) shared++;
    }
    assert.ok(shared > 100, `sides returned as they are (${shared})`);
  });
});

/** The union, computed from the two sides' JSON (ports merged by hand). */
function unionJson(a: Traffic, b: Traffic): unknown {
  const merge = (x: [number, number][], y: [number, number][]): [number, number][] => {
    const all = [...x, ...y].sort((p, q) => p[0] - q[0]);
    const out: [number, number][] = [];
    for (const [lo, hi] of all) {
      const last = out[out.length - 1];
      if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
      else out.push([lo, hi]);
    }
    return out;
  };
  const ja = a.toJSON(4);
  const jb = b.toJSON(4);
  const u = Traffic.NONE.union(a).union(b).toJSON(4); // only `other` and icmp are taken from the result
  return { tcp: merge(ja.tcp, jb.tcp), udp: merge(ja.udp, jb.udp), icmp: ja.icmp || jb.icmp, ...(u.other ? { other: u.other } : {}) };
}
